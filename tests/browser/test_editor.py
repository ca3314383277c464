"""Two members type into the same proposal in real Chromium; an observer follows read-only."""

from io import StringIO

import pytest
from django.core.management import call_command

from proposals.models import Proposal
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())
    return Proposal.objects.get(group__name="Альянс «Защита детства»")


def open_editor(chromium, server, email, proposal):
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, server.url, email)
    page.goto(f"{server.url}/proposals/{proposal.public_id}/edit/")
    page.wait_for_selector("[data-status][data-state=connected]")
    return page


def text_of(page) -> str:
    return page.evaluate("window.accordEditor.ytext.toString()")


def test_two_members_type_at_once_and_see_each_other(
    demo, editor_mode, daphne, chromium, screenshot_dir
):
    server = daphne()
    editor = open_editor(chromium, server, "editor@example.org", demo)
    coordinator = open_editor(chromium, server, "coordinator@example.org", demo)
    observer = open_editor(chromium, server, "observer@example.org", demo)
    for page in (editor, coordinator, observer):
        assert page.get_attribute("#editor-app", "data-mode") == editor_mode

    editor.click(".cm-content")
    editor.keyboard.press("Control+Home")
    # Both on the first line, so that each cursor is inside the other's rendered viewport.
    coordinator.click(".cm-content")
    coordinator.keyboard.press("Control+Home")
    coordinator.keyboard.press("End")
    for index in range(6):
        # A page must have focus to publish its cursor (y-codemirror checks document.hasFocus()).
        editor.bring_to_front()
        editor.keyboard.type(f"Редактор-{index} ")
        coordinator.bring_to_front()
        coordinator.keyboard.type(f" Координатор-{index}")
    editor.wait_for_function("() => window.accordEditor.ytext.toString().includes('Координатор-5')")
    coordinator.wait_for_function(
        "() => window.accordEditor.ytext.toString().includes('Редактор-5')"
    )
    assert text_of(editor) == text_of(coordinator)
    observer.wait_for_function("() => window.accordEditor.ytext.toString().includes('Редактор-5')")

    # Each sees the other's cursor, with the name.
    editor.wait_for_selector(".cm-ySelectionInfo:has-text('Ирина Соколова')", state="attached")
    coordinator.wait_for_selector(
        ".cm-ySelectionInfo:has-text('Дмитрий Воронцов')", state="attached"
    )
    # The members present are listed.
    editor.wait_for_selector("[data-presence] li:has-text('Алексей Гришин')")

    # The observer reads but cannot write, and is told so.
    assert observer.is_visible("[data-readonly]")
    assert observer.get_attribute(".cm-content", "contenteditable") == "false"
    before = text_of(observer)
    observer.click(".cm-content")
    observer.keyboard.type("ВЗЛОМ")
    observer.wait_for_timeout(300)
    assert text_of(observer) == before
    assert "ВЗЛОМ" not in text_of(editor)

    # Both converge to saved, and the preview is the server's rendering.
    editor.wait_for_selector("[data-status][data-state=connected]")
    editor.wait_for_function(
        "() => document.querySelector('[data-preview]').textContent.includes('Координатор-5')"
    )
    for page in (editor, coordinator, observer):
        page.evaluate("window.scrollTo(0, 0)")
    editor.screenshot(path=screenshot_dir / "editor.png")
    coordinator.screenshot(path=screenshot_dir / "coordinator.png")
    observer.screenshot(path=screenshot_dir / "observer.png")
    # "Who wrote what": each member's passages in their colour, with a legend.
    editor.click("[data-authorship-toggle]")
    editor.wait_for_selector("[data-authors-legend] li:has-text('Ирина Соколова')")
    editor.wait_for_selector("[data-authors-legend] li:has-text('Дмитрий Воронцов')")
    editor.screenshot(path=screenshot_dir / "editor-authorship.png")
    editor.set_viewport_size({"width": 390, "height": 844})
    editor.screenshot(path=screenshot_dir / "editor-phone.png")


def test_everything_typed_survives_a_server_restart(demo, daphne, chromium, screenshot_dir):
    server = daphne()
    page = open_editor(chromium, server, "editor@example.org", demo)
    page.click(".cm-content")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Сохранится после перезапуска.")
    page.wait_for_selector("[data-status][data-state=connected]")
    server.kill()
    page.wait_for_selector("[data-status][data-state=reconnecting]")
    page.keyboard.type(" И это — набрано без связи.")
    page.wait_for_function("() => document.querySelector('[data-status]').dataset.unsynced !== '0'")
    page.screenshot(path=screenshot_dir / "reconnecting.png")

    restarted = daphne(port=server.port)  # same origin: the browser keeps its IndexedDB
    page.reload()
    page.wait_for_selector("[data-status][data-state=connected]")
    page.wait_for_function(
        "() => window.accordEditor.ytext.toString().includes('И это — набрано без связи.')"
    )
    text = text_of(page)
    assert "Сохранится после перезапуска." in text

    fresh = open_editor(chromium, restarted, "coordinator@example.org", demo)
    fresh.wait_for_function(
        "() => window.accordEditor.ytext.toString().includes('И это — набрано без связи.')"
    )
    assert text_of(fresh) == text_of(page)


def test_text_with_replacement_characters_is_cleaned_and_the_editor_stays_connected(
    demo, daphne, chromium
):
    """U+FFFD (what a damaged Word file pastes) would be refused by the server with 4422; the
    editor drops it from what is typed or pasted, so the member stays connected."""
    server = daphne()
    page = open_editor(chromium, server, "editor@example.org", demo)
    page.click(".cm-content")
    page.keyboard.press("Control+End")
    page.keyboard.insert_text(" Испорченный\ufffd текст 😀.")
    page.wait_for_function(
        "() => window.accordEditor.ytext.toString().includes('Испорченный текст 😀.')"
    )
    page.keyboard.type(" Дальше.")
    fresh = open_editor(chromium, server, "coordinator@example.org", demo)
    fresh.wait_for_function("() => window.accordEditor.ytext.toString().includes(' Дальше.')")
    assert page.get_attribute("[data-status]", "data-state") == "connected"
    assert "\ufffd" not in text_of(fresh)
    assert text_of(fresh) == text_of(page)


def test_one_presence_chip_per_person_with_their_number_of_tabs(
    demo, daphne, chromium, screenshot_dir
):
    """Issue 15, point 5: the editor in two tabs (two signed-in contexts) is one chip, «×2»,
    for the others and for themselves; each tab keeps its own cursor."""
    server = daphne()
    first = open_editor(chromium, server, "editor@example.org", demo)
    second = open_editor(chromium, server, "editor@example.org", demo)
    coordinator = open_editor(chromium, server, "coordinator@example.org", demo)
    chip = "[data-presence] li:has-text('Дмитрий Воронцов')"
    for page in (coordinator, first):
        page.wait_for_selector(f"{chip} [data-tabs='2']")
        assert page.locator(chip).count() == 1
        assert page.locator("[data-presence] li").count() == 2
    label = coordinator.locator(f"{chip} .presence__tabs")
    assert label.get_attribute("title") == "2 вкладки"
    assert "2 вкладки" in label.inner_text() or "2 вкладки" in label.text_content()
    # This tab's own chip comes first and joins the account's other tab.
    assert first.locator("[data-presence] li").first.get_attribute("class").endswith("--self")
    # The coordinator's chip has no count.
    assert (
        first.locator("[data-presence] li:has-text('Ирина Соколова') .presence__tabs").count() == 0
    )
    coordinator.locator(".editor__bar").screenshot(path=screenshot_dir / "presence-1366.png")

    # One tab closes: the count goes.
    second.context.close()
    coordinator.wait_for_selector(f"{chip}:not(:has(.presence__tabs))")
    assert coordinator.locator(chip).count() == 1


def test_comment_times_follow_each_members_time_zone(demo, daphne, chromium):
    """Issue 15, point 3: one comment, seen from Moscow and from Vladivostok, at each one's clock
    time — whatever zone the computer itself is in."""
    from datetime import UTC, datetime

    from accord.models import User
    from accord.timezones import user_update_time_zone
    from proposals.models import Comment, CommentThread
    from tests.factories import make_thread

    event = datetime(2027, 1, 5, 15, 0, tzinfo=UTC)  # 18:00 Moscow, 01:00 on the 6th Vladivostok
    coordinator = User.objects.get(email="coordinator@example.org")
    editor = User.objects.get(email="editor@example.org")
    user_update_time_zone(user=coordinator, time_zone="Europe/Moscow")
    user_update_time_zone(user=editor, time_zone="Asia/Vladivostok")
    thread = make_thread(proposal=demo, author=coordinator, quote="сопровождения семьи")
    CommentThread.objects.filter(pk=thread.pk).update(created_at=event)
    Comment.objects.filter(thread=thread).update(created_at=event)

    server = daphne()
    times = {}
    for email in ("coordinator@example.org", "editor@example.org"):
        context = chromium.new_context(
            viewport={"width": 1440, "height": 900}, locale="ru-RU", timezone_id="America/New_York"
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, server.url, email)
        page.goto(f"{server.url}/proposals/{demo.public_id}/edit/")
        page.wait_for_selector(".cthread .cthread__time")
        times[email] = page.locator(".cthread .cthread__time").first.text_content()
        context.close()
    assert times["coordinator@example.org"] == "5 янв., 18:00"
    assert times["editor@example.org"] == "6 янв., 01:00"
    # A chosen zone was not replaced by the browser's (New York) at sign-in.
    editor.refresh_from_db()
    assert editor.time_zone == "Asia/Vladivostok"
