"""Internal material in real Chromium: the editor marks it, the toolbar button marks a section,
the package page lists what stays inside the group."""

from io import StringIO

import pytest
from django.core.management import call_command

from proposals.models import Proposal, ProposalKind
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

LABEL = "Внутреннее — не попадёт в документы"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())
    return Proposal.objects.get(group__name="Альянс «Защита детства»")


def _editor(chromium, server, proposal, email="editor@example.org"):
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, server.url, email)
    page.goto(f"{server.url}/proposals/{proposal.public_id}/edit/")
    page.wait_for_selector("[data-status][data-state=connected]")
    return page


def test_editor_shows_internal_parts_with_their_label(demo, daphne, chromium, screenshot_dir):
    server = daphne()
    page = _editor(chromium, server, demo)
    page.wait_for_function("() => window.accordEditor.ytext.length > 1000")
    page.evaluate(
        """() => {
        const view = window.accordEditor.view;
        const text = view.state.doc.toString();
        // The bill's internal section, before the (long) wording of the amended act.
        const at = text.indexOf("{внутреннее}");
        view.dispatch({selection: {anchor: at}, scrollIntoView: true});
    }"""
    )
    # CodeMirror draws only the lines in view: the internal ones are far down the bill.
    page.wait_for_selector(".cm-line.cm-internal--first", state="attached")
    labels = page.eval_on_selector_all(
        ".cm-line.cm-internal--first", "lines => lines.map(l => l.dataset.internalLabel)"
    )
    assert set(labels) == {LABEL}
    # The preview, from the server's renderer, boxes the same parts.
    page.wait_for_selector("[data-preview] .internal-part", state="attached")
    page.evaluate(
        "() => [...document.querySelectorAll('[data-preview] .internal-part')].at(-1)"
        ".scrollIntoView({block: 'center'})"
    )
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_dir / "editor-internal.png"))


def test_toolbar_button_marks_the_current_section_internal(demo, daphne, chromium):
    proposal = Proposal.objects.filter(kind=ProposalKind.POLICY_PROPOSAL).order_by("pk").first()
    server = daphne()
    page = _editor(chromium, server, proposal)
    page.evaluate(
        """() => {
        const view = window.accordEditor.view;
        const at = view.state.doc.toString().indexOf("## Предложения") + 5;
        view.dispatch({selection: {anchor: at}});
    }"""
    )
    page.click("[data-action=internal]")
    page.wait_for_function(
        "() => window.accordEditor.ytext.toString().includes('## Предложения {внутреннее}')"
    )
    page.click("[data-action=internal]")  # again: unmarked
    page.wait_for_function(
        "() => !window.accordEditor.ytext.toString().includes('## Предложения {внутреннее}')"
    )


def test_package_page_lists_what_stays_inside(demo, daphne, chromium, screenshot_dir):
    server = daphne()
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    sign_in(page, server.url, "coordinator@example.org")
    page.goto(f"{server.url}/proposals/{demo.public_id}/packages/new/")
    listing = page.locator("#left-out")
    assert "Открытые вопросы для альянса" in listing.inner_text()
    assert "Номера новых структурных единиц" in listing.inner_text()
    listing.screenshot(path=str(screenshot_dir / "package-left-out.png"))
