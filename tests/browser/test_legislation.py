"""Amending a law in place, in real Chromium: import an act from a .docx (previewed, then saved),
amend it from the proposal page, edit a part in the live editor, and see the generated bill,
the comparison table and a broken reference on the proposal page."""

import io
import re
from io import StringIO

import docx
import pytest
from django.core.management import call_command

from accord.models import User, WorkingGroup
from legislation.demo import EXCERPT
from proposals.models import ProposalKind
from proposals.services import proposal_create
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def group(transactional_db):
    call_command("seed_demo", stdout=StringIO())
    return WorkingGroup.objects.get(name="Альянс «Защита детства»")


def _docx_file(tmp_path):
    document = docx.Document()
    for line in EXCERPT.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "124-fz.docx"
    path.write_bytes(buffer.getvalue())
    return path


def test_import_amend_edit_and_see_the_generated_bill(
    group, daphne, chromium, screenshot_dir, tmp_path
):
    editor = User.objects.get(email="editor@example.org")
    proposal = proposal_create(
        group=group,
        author=editor,
        title="О внесении изменения в статью 1",
        kind=ProposalKind.LEGISLATIVE_AMENDMENT,
        text="# О внесении изменения в статью 1\n\n## Пояснительная записка\n\nЗачем.\n",
    )
    server = daphne()
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, server.url, "editor@example.org")

    # Import: the .docx is previewed as a tree before anything is saved.
    page.goto(f"{server.url}/groups/{group.pk}/acts/add/")
    page.fill("input[name=title]", "Об основных гарантиях прав ребенка в Российской Федерации")
    page.fill("input[name=number]", "124-ФЗ")
    page.fill("input[name=as_of]", "2026-01-01")
    page.set_input_files("input[name=file]", str(_docx_file(tmp_path)))
    page.click("button[value=preview]")
    page.wait_for_selector("#act-preview")
    assert page.locator("#act-preview li[data-kind=статья]").count() >= 6
    page.screenshot(path=str(screenshot_dir / "act-preview.png"), full_page=True)
    page.click("button[value=save]")
    page.wait_for_url(re.compile(r"/acts/\d+/$"))
    act_id = int(page.url.rstrip("/").rsplit("/", 1)[1])

    # Amend it from the proposal page: the section arrives in the live editor.
    page.goto(f"{server.url}/proposals/{proposal.public_id}/")
    page.select_option("#amend-act", str(act_id))
    page.click("#amend-act-form button[type=submit]")
    page.wait_for_url(re.compile(r"/edit/$"))
    page.wait_for_selector("[data-status][data-state=connected]", state="attached")
    page.wait_for_function(
        f"() => window.accordEditor.ytext.toString().includes('{{акт {act_id}}}')"
    )

    # Edit a part as a member would, and write a reference to a part that does not exist.
    page.evaluate(
        """() => {
        const ytext = window.accordEditor.ytext;
        const edit = (find, insert) => {
            const at = ytext.toString().lastIndexOf(find);
            ytext.doc.transact(() => {
                ytext.delete(at, find.length);
                ytext.insert(at, insert);
            });
        };
        edit("возраста 18 лет", "возраста восемнадцати лет");
        edit("1. Органы государственной власти Российской Федерации содействуют",
             "1. В соответствии с частью 9 статьи 4 органы государственной власти содействуют");
    }"""
    )
    # The editor marks the act section and, beside the passage, the broken reference.
    page.wait_for_selector(".cm-line.cm-act--first[data-act-label*='124-ФЗ']", state="attached")
    label = page.get_attribute(".cm-line.cm-act--first", "data-act-label")
    assert label == "Редакция акта: Федеральный закон № 124-ФЗ — изменения войдут в законопроект"
    assert "изменения войдут в законопроект" in label
    assert page.locator(".cm-line.cm-internal--first[data-internal-label]").count() == 0
    page.evaluate(
        """() => {
        const view = window.accordEditor.view;
        const at = view.state.doc.toString().indexOf("частью 9 статьи 4");
        view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    }"""
    )
    mark = page.locator(".cm-act-problem[data-problem-kind=broken_reference]")
    mark.wait_for()
    assert mark.inner_text() == "частью 9 статьи 4"
    assert "частью 9 статьи 4" in mark.get_attribute("title")
    page.screenshot(path=str(screenshot_dir / "editor-broken-reference.png"))
    page.evaluate(
        """() => {
        const view = window.accordEditor.view;
        const at = view.state.doc.lineAt(view.state.doc.toString().indexOf("{акт ")).from;
        view.dispatch({ effects: window.accordEditor.scrollTo(Math.max(0, at - 40)) });
    }"""
    )
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_dir / "editor-act-section.png"))
    page.wait_for_timeout(1500)  # the edits reach the server and its text mirror

    for _attempt in range(10):
        page.goto(f"{server.url}/proposals/{proposal.public_id}/")
        if page.locator("#generated-bill").count():
            break
        page.wait_for_timeout(500)
    bill = page.inner_text("#generated-bill")
    assert "цифры «18» заменить словом «восемнадцати»" in bill
    page.click("#generated-comparison summary")
    assert "абзац второй статьи 1" in page.inner_text("#generated-comparison")
    problems = page.inner_text("#proposal-acts-problems")
    assert "частью 9 статьи 4" in problems
    assert "Неверная ссылка" in problems
    # The act was saved from the form (a browser sends "\r\n"): no text outside the structure.
    assert page.locator("#proposal-acts-problems li[data-kind=outside_structure]").count() == 0
    assert "broken_reference" not in problems
    # The act section reads as a law: an article, its parts, a paragraph each.
    wording = page.locator(".internal-part--wording")
    assert "Редакция акта — изменения войдут в законопроект" in wording.inner_text()
    assert wording.locator("p", has_text="Статья 7.").count() == 1
    assert wording.locator("p", has_text="В соответствии с частью 9 статьи 4").count() == 1
    page.locator("#proposal-acts").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "proposal-generated-bill.png"), full_page=True)
    context.close()
