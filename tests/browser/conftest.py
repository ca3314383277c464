"""Real Chromium (Debian's, found on PATH) driven by Playwright for Python."""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import require_service

OUTPUT = Path(__file__).resolve().parents[2] / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Content-Security-Policy violations seen by any page of the current test (see below).
CSP_VIOLATIONS: list[str] = []

# Runs in every page before its own scripts (Playwright's init scripts are not subject to the CSP).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__accordCspViolation(
    `${event.disposition} ${event.effectiveDirective}: ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""


def watch_csp(context) -> None:
    """Collect every CSP violation of the pages of `context`: the DOM event, and the console
    message Chromium prints (which also covers violations in workers)."""
    context.expose_binding("__accordCspViolation", lambda source, text: CSP_VIOLATIONS.append(text))
    context.add_init_script(CSP_LISTENER)

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            CSP_VIOLATIONS.append(f"console: {message.text}")

    context.on("page", lambda page: page.on("console", on_console))


class WatchedBrowser:
    """The browser, whose every new context watches for CSP violations."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **kwargs):
        # Members are in Moscow unless a test says otherwise: sign-in adopts the browser's zone
        # (accord/timezones.py), and the machine's clock may be in UTC.
        kwargs.setdefault("timezone_id", "Europe/Moscow")
        context = self._browser.new_context(**kwargs)
        watch_csp(context)
        return context

    def new_page(self, **kwargs):
        raise NotImplementedError("open pages through new_context(), which watches the CSP")

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def _no_csp_violations():
    """Every browser test fails on any Content-Security-Policy violation."""
    CSP_VIOLATIONS.clear()
    yield
    violations, CSP_VIOLATIONS[:] = list(CSP_VIOLATIONS), []
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


# Module scope: Playwright's sync API keeps an event loop running while it is open, which
# pytest-asyncio's tests in later modules cannot share.
@pytest.fixture(scope="module")
def chromium():
    executable = shutil.which("chromium")
    require_service(executable is not None, "Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls that the
    # tests make around it are plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield WatchedBrowser(browser)
        browser.close()


@pytest.fixture
def page(chromium, request):
    context = chromium.new_context(viewport={"width": 1280, "height": 860}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot_dir(request):
    """test-results/<test name>/: where a browser test keeps what it saw."""
    directory = OUTPUT / re.sub(r"[^\w.-]+", "_", request.node.name)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def sign_in(page, base_url: str, email: str, password: str = "accord-demo"):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture(params=["visual", "markdown"])
def editor_mode(request, demo):
    """Every member of the demo opens the editor in this mode (their account's choice): the
    editor, comment, suggestion, authorship and read-only tests hold in both."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.update(editor_mode=request.param)
    return request.param
