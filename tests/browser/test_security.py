"""Under the enforced Content-Security-Policy the API docs work, and a lock-out reads well."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())


def test_api_docs_render_and_call_the_api(demo, live_server, page, screenshot_dir):
    sign_in(page, live_server.url, "coordinator@example.org")
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title:has-text('Accord API')")
    page.click("#operations-me-me_retrieve .opblock-summary")
    page.click("#operations-me-me_retrieve button.try-out__btn")
    page.click("#operations-me-me_retrieve button.execute")
    page.wait_for_selector(
        "#operations-me-me_retrieve .live-responses-table .response-col_status:has-text('200')"
    )
    page.screenshot(path=screenshot_dir / "api-docs.png")


def test_sixth_wrong_password_shows_the_lockout_page(demo, daphne, page, screenshot_dir):
    # Through daphne: django-axes' middleware takes its asynchronous path there.
    server = daphne()
    page.goto(f"{server.url}/accounts/login/")
    for _ in range(6):
        page.fill("input[name=username]", "editor@example.org")
        page.fill("input[name=password]", "not-the-password")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
    page.wait_for_selector("h1:has-text('Вход приостановлен')")
    assert "до " in page.inner_text("[role=alert]")
    page.screenshot(path=screenshot_dir / "locked-out.png")


def test_the_policy_blocks_an_injected_inline_script_and_the_watch_sees_it(live_server, page):
    from tests.browser import conftest

    page.goto(f"{live_server.url}/accounts/login/")
    ran = page.evaluate(
        """() => {
            window.injectedRan = false;
            const script = document.createElement("script");
            script.textContent = "window.injectedRan = true";
            document.body.append(script);
            return window.injectedRan;
        }"""
    )
    assert ran is False
    page.wait_for_timeout(300)
    seen = list(conftest.CSP_VIOLATIONS)
    conftest.CSP_VIOLATIONS.clear()  # expected here; any other test fails on one
    assert any("script-src" in text for text in seen), seen
