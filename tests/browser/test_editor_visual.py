"""Visual mode in real Chromium: a member who never saw Markdown formats a heading, a bold word, a
list and a table cell with the toolbar's shortcuts; a second member in Markdown mode sees the
exact Markdown; undo takes back one's own edit only; cursors and comments show in both modes."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from proposals.models import Proposal
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())
    return Proposal.objects.get(group__name="Альянс «Защита детства»")


def prefer_markdown(page, email: str) -> None:
    """The member's remembered choice of the Markdown source (on the account)."""
    get_user_model().objects.filter(email=email).update(editor_mode="markdown")


def open_editor(chromium, server, email, proposal, *, markdown=False):
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{error}\n{error.stack}"))
    page.script_errors = errors
    # CodeMirror reports an extension's failure on the console, and carries on without it.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )
    sign_in(page, server.url, email)
    if markdown:
        prefer_markdown(page, email)
    page.goto(f"{server.url}/proposals/{proposal.public_id}/edit/")
    page.wait_for_selector("[data-status][data-state=connected]")
    return page


def scroll_to(page, fragment: str) -> None:
    """The editor shows the place of `fragment` (CodeMirror draws only what is in view)."""
    page.evaluate(
        "(f) => { const v = window.accordEditor.view; const at = v.state.doc.toString().indexOf(f);"
        " v.dispatch({effects: window.accordEditor.scrollTo(at)}); }",
        fragment,
    )
    page.wait_for_timeout(200)


def text_of(page) -> str:
    return page.evaluate("window.accordEditor.ytext.toString()")


def wait_for_text(page, fragment: str) -> None:
    page.wait_for_function("(f) => window.accordEditor.ytext.toString().includes(f)", arg=fragment)


def test_visual_mode_writes_the_markdown_a_markdown_reader_sees(demo, daphne, chromium):
    server = daphne()
    writer = open_editor(chromium, server, "editor@example.org", demo)
    reader = open_editor(chromium, server, "coordinator@example.org", demo, markdown=True)

    # New members get the document view; the remembered choice gives the other the source.
    assert writer.get_attribute("#editor-app", "data-mode") == "visual"
    assert writer.get_attribute("[data-mode-toggle]", "aria-pressed") == "false"
    assert reader.get_attribute("#editor-app", "data-mode") == "markdown"
    for page in (writer, reader):
        scroll_to(page, "| Проблема |")
    writer.wait_for_selector(".cm-v-table")  # the demo's table, as a table
    assert reader.locator(".cm-v-table").count() == 0

    # A heading with Ctrl+Alt+2, a bold word with Ctrl+B, a list with Ctrl+Shift+8 and Tab.
    writer.locator(".cm-line").first.click()
    writer.keyboard.press("Control+End")
    writer.keyboard.insert_text("\n\n")
    writer.keyboard.type("Новый раздел")
    writer.keyboard.press("Control+Alt+2")
    wait_for_text(writer, "\n## Новый раздел")
    writer.keyboard.press("End")
    writer.keyboard.insert_text("\n\n")
    writer.keyboard.type("Очень важное слово")
    writer.keyboard.press("Control+Shift+ArrowLeft")
    writer.keyboard.press("Control+b")
    wait_for_text(writer, "Очень важное **слово**")
    writer.keyboard.press("End")
    writer.keyboard.insert_text("\n\n")
    writer.keyboard.type("Первый пункт")
    writer.keyboard.press("Control+Shift+8")
    wait_for_text(writer, "\n- Первый пункт")
    writer.keyboard.press("End")
    writer.keyboard.press("Enter")  # the list goes on
    writer.keyboard.type("Вложенный пункт")
    writer.keyboard.press("Tab")
    wait_for_text(writer, "- Первый пункт\n  - Вложенный пункт")
    # In the document view the marks are hidden off the cursor's line.
    writer.evaluate(
        "() => { const v = window.accordEditor.view;"
        " v.dispatch({selection: {anchor: v.state.doc.toString().indexOf('Первый пункт')}}); }"
    )
    heading = writer.locator(".cm-line.cm-v-h2", has_text="Новый раздел")
    assert heading.inner_text() == "Новый раздел"
    assert writer.locator(".cm-v-strong", has_text="слово").count() == 1

    # A table from the toolbar, edited cell by cell.
    writer.click(".cm-line:has-text('Вложенный пункт')")
    writer.keyboard.press("End")
    writer.click("[data-action=table]")
    table = writer.locator(".cm-v-table").last
    table.locator("[data-cell='1:0']").click()
    writer.keyboard.type("Срок")
    writer.keyboard.press("Tab")
    writer.keyboard.type("2027 год")
    wait_for_text(writer, "| Срок | 2027 год |")
    writer.keyboard.press("Shift+Control+ArrowLeft")  # "год", bold inside the cell
    writer.keyboard.press("Control+b")
    wait_for_text(writer, "| Срок | 2027 **год** |")
    table.locator("[data-table-action=tableAddRow]").click()
    writer.wait_for_function(
        "() => [...document.querySelectorAll('.cm-v-table')].at(-1)"
        ".querySelectorAll('tr').length === 4"
    )

    # The Markdown reader sees exactly that Markdown.
    for fragment in (
        "\n## Новый раздел\n",
        "Очень важное **слово**",
        "- Первый пункт\n  - Вложенный пункт",
        "| Срок | 2027 **год** |",
    ):
        wait_for_text(reader, fragment)
    scroll_to(reader, "## Новый раздел")
    reader.wait_for_selector(".cm-line:has-text('## Новый раздел')")
    assert text_of(reader) == text_of(writer)
    rows = [line for line in text_of(reader).split("\n") if "Срок" in line]
    assert rows[-1].startswith("| Срок | 2027 **год** |")
    assert writer.script_errors == []
    assert reader.script_errors == []


def test_undo_takes_back_only_ones_own_edit_and_cursors_and_comments_show(demo, daphne, chromium):
    server = daphne()
    writer = open_editor(chromium, server, "editor@example.org", demo)
    reader = open_editor(chromium, server, "coordinator@example.org", demo, markdown=True)

    writer.locator(".cm-line").first.click()
    writer.keyboard.press("Control+End")
    writer.keyboard.type(" Правка редактора.")
    wait_for_text(reader, "Правка редактора.")
    reader.bring_to_front()
    reader.locator(".cm-line").first.click()
    reader.keyboard.press("Control+Home")
    reader.keyboard.type("Правка координатора. ")
    wait_for_text(writer, "Правка координатора.")

    writer.bring_to_front()
    writer.keyboard.press("Control+z")
    writer.wait_for_function(
        "() => !window.accordEditor.ytext.toString().includes('Правка редактора.')"
    )
    assert "Правка координатора." in text_of(writer)
    reader.wait_for_function(
        "() => !window.accordEditor.ytext.toString().includes('Правка редактора.')"
    )
    writer.keyboard.press("Control+Shift+Z")  # as a browser reports it: "Z" with Shift
    wait_for_text(reader, "Правка редактора.")

    # The other member's cursor, with the name, in the document view.
    reader.bring_to_front()
    reader.keyboard.type("!")
    scroll_to(writer, "Правка координатора")
    writer.wait_for_selector(".cm-ySelectionInfo:has-text('Ирина Соколова')", state="attached")

    # A comment by the Markdown reader is highlighted in the document view.
    passage = "Правка координатора."
    reader.evaluate(
        "(p) => { const v = window.accordEditor.view; const a = v.state.doc.toString().indexOf(p);"
        " v.dispatch({selection: {anchor: a, head: a + p.length}}); v.focus(); }",
        passage,
    )
    reader.keyboard.press("Control+Alt+m")
    reader.fill("#comment-body", "Проверьте формулировку")
    reader.click("[data-new-thread=comment] button[type=submit]")
    writer.wait_for_selector(".cm-thread:has-text('Правка координатора')")
    assert writer.script_errors == []
    assert reader.script_errors == []


def test_comments_and_cursors_show_inside_table_cells(demo, daphne, chromium):
    """A table is a widget over its Markdown: its cells show the comment highlights, authorship
    colours and remote cursors that fall on their text."""
    server = daphne()
    visual = open_editor(chromium, server, "editor@example.org", demo)
    source = open_editor(chromium, server, "coordinator@example.org", demo, markdown=True)
    for page in (visual, source):
        scroll_to(page, "| Проблема |")
    visual.wait_for_selector(".cm-v-table")

    # A comment by the Markdown member on words inside a cell is highlighted in that cell.
    passage = "порядка привлечения"
    source.bring_to_front()
    source.evaluate(
        "(p) => { const v = window.accordEditor.view; const a = v.state.doc.toString().indexOf(p);"
        " v.dispatch({selection: {anchor: a, head: a + p.length}}); v.focus(); }",
        passage,
    )
    source.keyboard.press("Control+Alt+m")
    source.fill("#comment-body", "Уточнить порядок")
    source.click("[data-new-thread=comment] button[type=submit]")
    highlight = visual.locator(".cm-v-table [data-cell='2:0'] .cm-thread")
    highlight.wait_for()
    assert highlight.inner_text() == passage
    # The cell's text is still its own: the marks add nothing to it.
    assert (
        visual.locator(".cm-v-table [data-cell='2:0']")
        .inner_text()
        .startswith("Нет порядка привлечения")
    )

    # The Markdown member's cursor in a cell shows there, with the name.
    source.evaluate(
        "(p) => { const v = window.accordEditor.view; const a = v.state.doc.toString().indexOf(p);"
        " v.dispatch({selection: {anchor: a}}); v.focus(); }",
        "органом опеки",
    )
    source.keyboard.press("ArrowRight")
    caret = visual.locator(".cm-v-table [data-cell='2:1'] .cm-v-cell-caret")
    caret.wait_for()
    assert caret.get_attribute("data-name") == "Ирина Соколова"

    # Typing in a cell of the document view: the others see the text and this member's cursor.
    visual.bring_to_front()
    cell = visual.locator(".cm-v-table [data-cell='3:0']")
    cell.click()
    cell.evaluate(  # the caret at the cell's end (End: the end of its wrapped line)
        "(c) => { const s = getSelection(); s.selectAllChildren(c); s.collapseToEnd(); }"
    )
    visual.keyboard.type(" вовсе")
    visual.keyboard.press("Control+a")  # selects the cell's text only, not the whole editor
    assert visual.evaluate("getSelection().toString()").endswith("друг друга вовсе")
    cell.evaluate("(c) => { const s = getSelection(); s.selectAllChildren(c); s.collapseToEnd(); }")
    wait_for_text(source, "друг друга вовсе |")
    source.wait_for_function(
        "() => [...document.querySelectorAll('.cm-ySelectionInfo')]"
        ".some(n => n.textContent.includes('Дмитрий Воронцов'))"
    )
    assert visual.locator(".cm-v-table [data-cell='3:0']").inner_text().endswith("друг друга вовсе")

    # Authorship colours reach the cells too.
    visual.click("[data-authorship-toggle]")
    visual.wait_for_selector(".cm-v-table [data-cell='3:0'] span[style*='background-color']")
    visual.locator(".cm-v-table [data-cell='2:0']").scroll_into_view_if_needed()
    IMAGES.mkdir(parents=True, exist_ok=True)
    visual.screenshot(path=IMAGES / "editor-visual-table-marks.png")
    assert visual.script_errors == []
    assert source.script_errors == []


def test_shortcuts_dialog_and_screenshots_of_both_modes(demo, daphne, chromium):
    server = daphne()
    visual = open_editor(chromium, server, "editor@example.org", demo)
    source = open_editor(chromium, server, "coordinator@example.org", demo, markdown=True)
    observer = open_editor(chromium, server, "observer@example.org", demo)

    # Toolbar buttons name their shortcuts; "?" lists them all.
    assert "Ctrl+B" in visual.get_attribute("[data-action=bold]", "title")
    assert "Ctrl+Alt+2" in visual.get_attribute("[data-action=heading]", "title")
    visual.click("[data-shortcuts]")
    dialog = visual.locator("dialog.shortcuts")
    dialog.wait_for()
    assert dialog.locator("dt").count() == 13
    assert "Ctrl" in dialog.inner_text()
    visual.keyboard.press("Escape")
    dialog.wait_for(state="hidden")

    # Read-only in visual mode: the table's cells are not editable for an observer.
    scroll_to(observer, "| Проблема |")
    scroll_to(visual, "| Проблема |")
    observer.wait_for_selector(".cm-v-table")
    assert observer.locator(".cm-v-table [contenteditable=true]").count() == 0
    assert visual.locator(".cm-v-table [contenteditable=true]").count() > 0

    # The switch is remembered on the member's account: a new browser opens in Markdown mode.
    with visual.expect_response(lambda response: "/api/me/editor-mode/" in response.url) as saved:
        visual.click("[data-mode-toggle]")
    assert saved.value.ok
    visual.wait_for_selector("#editor-app[data-mode=markdown]")
    elsewhere = open_editor(chromium, server, "editor@example.org", demo)
    assert elsewhere.get_attribute("#editor-app", "data-mode") == "markdown"
    assert elsewhere.locator(".cm-v-table").count() == 0
    assert (
        elsewhere.evaluate("Object.keys(localStorage).filter(k => k.includes('editor-mode'))") == []
    )
    elsewhere.context.close()
    with visual.expect_response(lambda response: "/api/me/editor-mode/" in response.url):
        visual.click("[data-mode-toggle]")
    visual.wait_for_selector("#editor-app[data-mode=visual]")
    assert get_user_model().objects.get(email="editor@example.org").editor_mode == "visual"

    IMAGES.mkdir(parents=True, exist_ok=True)
    visual.evaluate("window.scrollTo(0, 0)")
    scroll_to(visual, "Проект отвечает на каждую")
    visual.locator(".cm-v-table [data-cell='1:1']").click()  # the table's menu shows
    visual.screenshot(path=IMAGES / "editor-visual-table.png")
    for page, name in ((visual, "editor-visual"), (source, "editor-visual-markdown")):
        page.evaluate("window.scrollTo(0, 0)")
        scroll_to(page, "Проект закрепляет право")
        page.screenshot(path=IMAGES / f"{name}.png")
        page.set_viewport_size({"width": 390, "height": 844})
        page.evaluate("document.querySelector('.toolbar').scrollIntoView()")
        scroll_to(page, "### Обоснование необходимости")
        page.screenshot(path=IMAGES / f"{name}-phone.png")
    assert visual.script_errors == []


def test_pasting_from_word_gives_markdown_and_plain_text_stays_plain(demo, daphne, chromium):
    server = daphne()
    page = open_editor(chromium, server, "editor@example.org", demo)
    page.locator(".cm-line").first.click()
    page.keyboard.press("Control+End")
    word = (
        "<p class=MsoNormal><b>Жирно</b> и <i>курсив</i><o:p></o:p></p>"
        "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>"
        "<span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span>Пункт\ufffd<o:p></o:p></p>"
    )
    paste = (
        "([html, text]) => { const data = new DataTransfer();"
        " if (html) data.setData('text/html', html); data.setData('text/plain', text);"
        " window.accordEditor.view.contentDOM.dispatchEvent("
        "new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }"
    )
    page.evaluate(paste, [word, "Жирно и курсив\nПункт"])
    # Word's list is a Markdown list; the broken character is cleaned as typed text is.
    wait_for_text(page, "**Жирно** и *курсив*\n\n- Пункт")
    assert "\ufffd" not in text_of(page)
    page.evaluate(paste, ["", " просто *текст*"])
    wait_for_text(page, "- Пункт просто *текст*")
    assert page.script_errors == []
