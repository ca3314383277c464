"""History in Chromium: compare two versions as a redline and side by side, restore one."""

from io import StringIO

import pytest
from django.core.management import call_command

from accord.models import User
from proposals.models import Proposal, Version
from proposals.services import versions
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def history(transactional_db):
    call_command("seed_demo", stdout=StringIO())
    proposal = Proposal.objects.get(group__name="Альянс «Защита детства»")
    editor = User.objects.get(email="editor@example.org")
    coordinator = User.objects.get(email="coordinator@example.org")
    versions.version_checkpoint(proposal=proposal)
    text = proposal.text.replace("сопровождения семьи", "сопровождения семьи и ребёнка", 1)
    text = text.replace(
        "## Текст изменений", "## Текст изменений\n\nНовый вводный абзац — «для ясности».", 1
    )
    versions.text_replace(proposal=proposal, author=editor, target=text)
    versions.version_create(
        proposal=proposal, kind="named", author=editor, label="После обсуждения"
    )
    versions.text_replace(
        proposal=proposal, author=coordinator, target=text + "\nДобавлено координатором.\n"
    )
    versions.version_checkpoint(proposal=proposal)
    return proposal


def test_compare_two_versions_and_restore(history, live_server, page, screenshot_dir):
    sign_in(page, live_server.url, "editor@example.org")
    page.goto(f"{live_server.url}/proposals/{history.public_id}/history/")
    page.wait_for_selector("text=После обсуждения")
    page.screenshot(path=screenshot_dir / "history.png", full_page=True)

    page.click(".timeline__item:has-text('После обсуждения') >> text=Изменения")
    page.wait_for_selector(".changes ins")
    assert "и ребёнка" in page.inner_text(".changes ins >> nth=0")
    page.screenshot(path=screenshot_dir / "redline.png", full_page=True)

    page.click("text=Рядом")
    page.wait_for_selector(".sbs")
    page.screenshot(path=screenshot_dir / "side-by-side.png", full_page=True)

    page.goto(f"{live_server.url}/proposals/{history.public_id}/versions/1/")
    count = Version.objects.filter(proposal=history).count()
    # Restoring asks first (frontend/src/confirm.js): a modal dialog with focus inside it,
    # named by its heading; Cancel and Esc send nothing.
    page.click("text=Восстановить эту версию")
    dialog = page.locator("dialog.confirm-dialog[open]")
    dialog.wait_for()
    assert dialog.get_attribute("aria-labelledby") == "confirm-dialog-title"
    assert page.inner_text("#confirm-dialog-title") == "Восстановить версию 1?"
    assert "ничего не теряется" in dialog.inner_text()
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    page.screenshot(path=screenshot_dir / "restore-dialog.png")
    dialog.get_by_role("button", name="Отмена").click()
    assert not dialog.is_visible()
    page.click("text=Восстановить эту версию")
    dialog.wait_for()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    page.wait_for_timeout(300)
    assert Version.objects.filter(proposal=history).count() == count
    assert "/versions/1/" in page.url
    page.click("text=Восстановить эту версию")
    dialog.get_by_role("button", name="Восстановить версию 1").click()
    page.wait_for_selector(".flash__item--success")
    latest = Version.objects.filter(proposal=history).order_by("-number").first()
    assert latest.kind == "restore"
    assert latest.text == Version.objects.get(proposal=history, number=1).text
    page.screenshot(path=screenshot_dir / "restored.png", full_page=True)

    page.goto(f"{live_server.url}/proposals/{history.public_id}/authorship/")
    page.wait_for_selector(".passage")
    page.screenshot(path=screenshot_dir / "authorship.png", full_page=True)
