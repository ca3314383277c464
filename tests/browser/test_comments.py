"""Comments and suggestions beside the live text, in real Chromium: one member comments and
suggests, another sees it live and accepts the suggestion into everyone's text."""

from io import StringIO

import pytest
from django.core.management import call_command

from accord.models import Notification, NotificationKind, User
from proposals.models import CommentThread, Proposal, SuggestionState
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

COMMENTED = "нет единого понятия сопровождения семьи"
SUGGESTED = "Этот проект — такое предложение."
REPLACEMENT = "Этот законопроект — именно такое предложение."
SCRIPT_ERRORS: list[str] = []


@pytest.fixture(autouse=True)
def no_script_errors():
    SCRIPT_ERRORS.clear()
    yield
    assert SCRIPT_ERRORS == []


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())
    return Proposal.objects.get(group__name="Альянс «Защита детства»")


def open_editor(chromium, server, email, proposal, *, width=1440, height=900):
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda error: SCRIPT_ERRORS.append(f"{email}: {error}"))
    sign_in(page, server.url, email)
    page.goto(f"{server.url}/proposals/{proposal.public_id}/edit/")
    page.wait_for_selector("[data-status][data-state=connected]")
    return page


def select_passage(page, passage: str) -> None:
    """Select `passage` in the editor, as a mouse drag would."""
    page.bring_to_front()
    start = page.evaluate("(p) => window.accordEditor.ytext.toString().indexOf(p)", passage)
    assert start >= 0, passage
    page.evaluate(
        "([a, b]) => { const v = window.accordEditor.view; v.focus();"
        " v.dispatch({selection: {anchor: a, head: b}, scrollIntoView: true}); }",
        [start, start + len(passage)],
    )


def text_of(page) -> str:
    return page.evaluate("window.accordEditor.ytext.toString()")


def card(page, kind: str, text: str = ""):
    selector = f".cthread[data-kind={kind}]"
    return page.locator(selector).filter(has_text=text) if text else page.locator(selector)


def test_comment_mention_and_suggestion_accepted_live(
    demo, editor_mode, daphne, chromium, screenshot_dir
):
    server = daphne()
    coordinator = open_editor(chromium, server, "coordinator@example.org", demo)
    commenter = open_editor(chromium, server, "commenter@example.org", demo)
    for page in (coordinator, commenter):
        assert page.get_attribute("#editor-app", "data-mode") == editor_mode
    coordinator.wait_for_selector(".comments__empty")  # the list has loaded, and is empty

    # The commenter cannot edit the text, but selects a passage and comments on it.
    assert commenter.is_visible("[data-readonly]")
    assert not commenter.is_visible("[data-action=bold]")
    select_passage(commenter, COMMENTED)
    commenter.click("[data-new-thread=comment]")
    form = commenter.locator("form[data-new-thread=comment]")
    assert form.locator(".comment-form__quote").inner_text() == COMMENTED
    body = form.locator("textarea[name=body]")
    body.press_sequentially("Нужно определение в статье 1. @Ири")
    option = commenter.locator(".mention-list__option", has_text="Ирина Соколова")
    option.wait_for()
    body.press("Enter")
    body.press_sequentially("посмотрите, пожалуйста.")
    assert (
        body.input_value()
        == "Нужно определение в статье 1. @[Ирина Соколова] посмотрите, пожалуйста."
    )
    commenter.screenshot(path=screenshot_dir / "commenter-writing.png")
    form.locator("button[type=submit]").click()
    mine = card(commenter, "comment", "Нужно определение")
    mine.wait_for()
    assert mine.locator(".mention").inner_text() == "@Ирина Соколова"
    assert commenter.locator(".cm-thread", has_text="понятия").count() >= 1

    # The coordinator, with the page already open, sees it arrive, highlighted in the text.
    theirs = card(coordinator, "comment", "Нужно определение")
    theirs.wait_for()
    assert theirs.locator(".cthread__quote").inner_text().endswith(COMMENTED)
    assert theirs.locator(".cthread__meta strong").inner_text() == "Марина Белова"
    coordinator.wait_for_selector(".cm-thread:has-text('понятия')")
    mentioned = User.objects.get(email="coordinator@example.org")
    assert Notification.objects.filter(user=mentioned, kind=NotificationKind.MENTION).exists()

    # Clicking the highlight makes its thread the active one.
    coordinator.bring_to_front()
    coordinator.click(".cm-thread:has-text('понятия')")
    coordinator.wait_for_selector(".cthread.is-active[data-kind=comment]")
    coordinator.wait_for_selector(".cm-thread--active")

    # The coordinator replies; the commenter sees the reply without reloading.
    reply = theirs.locator("form[data-reply] textarea")
    reply.fill("Добавлю в статью 1.")
    theirs.locator("form[data-reply] button[type=submit]").click()
    mine.locator(".cthread__comment", has_text="Добавлю в статью 1.").wait_for()

    # A suggestion on another passage, with the wording edited in place.
    select_passage(commenter, SUGGESTED)
    commenter.click("[data-new-thread=suggestion]")
    suggestion_form = commenter.locator("form[data-new-thread=suggestion]")
    replacement = suggestion_form.locator("textarea[name=replacement]")
    assert replacement.input_value() == SUGGESTED
    replacement.fill(REPLACEMENT)
    suggestion_form.locator("textarea[name=body]").fill("Точнее.")
    suggestion_form.locator("button[type=submit]").click()
    card(commenter, "suggestion").wait_for()
    # Commenters may suggest but not decide.
    assert card(commenter, "suggestion").locator("[data-thread-action=accept]").count() == 0

    suggested = card(coordinator, "suggestion")
    suggested.wait_for()
    assert suggested.locator("ins").inner_text() == REPLACEMENT
    assert suggested.locator("del").inner_text() == SUGGESTED
    # Clicking the thread's quote brings its passage into view in the text, marked as active.
    coordinator.bring_to_front()
    suggested.locator(".cthread__quote").click()
    coordinator.wait_for_selector(".cm-thread--suggestion.cm-thread--active")
    assert suggested.evaluate("(node) => node.classList.contains('is-active')")
    coordinator.screenshot(path=screenshot_dir / "coordinator-before-accepting.png")

    # Text typed just after the passage is not part of it, and survives the replacement.
    end = coordinator.evaluate(
        "(p) => window.accordEditor.ytext.toString().indexOf(p) + p.length", SUGGESTED
    )
    coordinator.evaluate(
        "(at) => window.accordEditor.view.dispatch({changes: {from: at, insert: ' Дополнение.'}})",
        end,
    )
    commenter.wait_for_function(
        "(p) => window.accordEditor.ytext.toString().includes(p)", arg=f"{SUGGESTED} Дополнение."
    )
    suggested.locator("[data-thread-action=accept]").click()
    for page in (coordinator, commenter):
        page.wait_for_function(
            "([added, removed]) => { const text = window.accordEditor.ytext.toString();"
            " return text.includes(added) && !text.includes(removed); }",
            arg=[f"{REPLACEMENT} Дополнение.", SUGGESTED],
        )
    assert text_of(coordinator) == text_of(commenter)
    thread = CommentThread.objects.get(kind="suggestion")
    assert thread.state == SuggestionState.ACCEPTED

    # Decided threads leave the open list; "All" shows the suggestion as accepted, in both pages.
    for page in (coordinator, commenter):
        page.locator(".cthread[data-kind=suggestion]").wait_for(state="detached")
        page.click("[data-filter=all]")
        page.wait_for_selector(".cthread[data-kind=suggestion][data-state=accepted]")
        page.evaluate("window.scrollTo(0, 0)")
    coordinator.screenshot(path=screenshot_dir / "coordinator.png")
    commenter.screenshot(path=screenshot_dir / "commenter.png")
    # On a middling screen the comments take the preview's place, by a tab.
    coordinator.set_viewport_size({"width": 1100, "height": 860})
    coordinator.click("[data-tab=comments]")
    coordinator.wait_for_selector("[data-comments]", state="visible")
    assert not coordinator.is_visible("[data-preview]")
    coordinator.screenshot(path=screenshot_dir / "coordinator-tablet.png")
    coordinator.set_viewport_size({"width": 1440, "height": 900})

    # The comment is resolved by its author and reopened; resolving is live too.
    commenter.bring_to_front()
    mine.locator("[data-thread-action=resolve]").click()
    coordinator.wait_for_selector(".cthread[data-kind=comment][data-resolved=true]")
    mine.locator("[data-thread-action=reopen]").click()
    coordinator.wait_for_selector(".cthread[data-kind=comment][data-resolved=false]")

    # An observer reads the threads but has no forms or buttons.
    observer = open_editor(chromium, server, "observer@example.org", demo, width=390, height=844)
    observer.click("[data-tab=comments]")
    card(observer, "comment").wait_for()
    assert observer.locator("[data-new-thread]").count() == 0
    assert observer.locator("form[data-reply]").count() == 0
    assert observer.locator("[data-thread-action]").count() == 0
    observer.screenshot(path=screenshot_dir / "observer-phone.png", full_page=True)


def test_phone_comment_from_a_selection_and_a_deleted_passage(
    demo, daphne, chromium, screenshot_dir
):
    server = daphne()
    editor = open_editor(chromium, server, "editor@example.org", demo, width=390, height=844)
    passage = "Основные проблемы:"
    select_passage(editor, passage)
    editor.keyboard.press("Control+Alt+m")  # opens the form and shows the comments tab
    form = editor.locator("form[data-new-thread=comment]")
    form.wait_for()
    assert editor.get_attribute("[data-tab=comments]", "aria-selected") == "true"
    form.locator("textarea[name=body]").fill("Список стоит сократить.")
    editor.screenshot(path=screenshot_dir / "phone-writing.png", full_page=True)
    form.locator("button[type=submit]").click()
    editor.wait_for_selector(".cthread[data-kind=comment][data-detached=false]")
    editor.screenshot(path=screenshot_dir / "phone-comments.png", full_page=True)

    # Typed right after the passage: not highlighted as part of it.
    editor.click("[data-tab=edit]")
    end = editor.evaluate(
        "(p) => window.accordEditor.ytext.toString().indexOf(p) + p.length", passage
    )
    editor.evaluate(
        "(at) => window.accordEditor.view.dispatch({changes: {from: at, insert: ' (кратко)'}})", end
    )
    editor.wait_for_function(
        "(p) => [...document.querySelectorAll('.cm-thread')].map((m) => m.textContent).join('')"
        " === p",
        arg=passage,
    )

    # Back in the text from the thread, the passage is deleted: its thread says so.
    editor.click("[data-tab=comments]")
    editor.click(".cthread__quote")
    assert editor.get_attribute("[data-tab=edit]", "aria-selected") == "true"
    start = editor.evaluate("(p) => window.accordEditor.ytext.toString().indexOf(p)", passage)
    editor.evaluate(
        "([a, b]) => window.accordEditor.view.dispatch({changes: {from: a, to: b}})",
        [start, start + len(passage)],
    )
    editor.click("[data-tab=comments]")
    editor.wait_for_selector(".cthread[data-kind=comment][data-detached=true] .badge--detached")
    editor.screenshot(path=screenshot_dir / "phone-detached.png", full_page=True)
