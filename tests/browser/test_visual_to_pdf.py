"""The issue's acceptance in real Chromium: a member who never saw Markdown writes a formatted
passage with a table in visual mode, and the proposal's PDF shows headings, bold, a list and a
table as such (no Markdown marks). The page with them: docs/images/visual-proposal-pdf.png.
"""

import shutil
import subprocess
import time

import pytest
from django.contrib.auth import get_user_model

from proposals.models import Proposal, ProposalKind
from proposals.services import proposal_create
from submissions.render.pdf import version_pdf
from submissions.services.draft import draft_document
from tests.browser.test_editor_visual import IMAGES, demo, open_editor, wait_for_text  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_proposal_written_in_visual_mode_prints_as_a_document(demo, daphne, chromium, tmp_path):  # noqa: F811
    server = daphne()
    proposal = proposal_create(
        group=demo.group,
        author=get_user_model().objects.get(email="editor@example.org"),
        title="О сопровождении семей",
        kind=ProposalKind.POLICY_PROPOSAL,
        text="# О сопровождении семей\n\nАльянс предлагает сопровождать семьи.\n",
    )
    writer = open_editor(chromium, server, "editor@example.org", proposal)
    assert writer.get_attribute("#editor-app", "data-mode") == "visual"
    writer.locator(".cm-line").first.click()
    writer.keyboard.press("Control+End")
    writer.keyboard.insert_text("\n\n")
    writer.keyboard.type("Ожидаемые результаты")
    writer.keyboard.press("Control+Alt+2")
    writer.keyboard.press("End")
    writer.keyboard.insert_text("\n\n")
    writer.keyboard.type("Семьи получат помощь ")
    writer.keyboard.press("Control+b")
    writer.keyboard.type("вовремя")
    writer.keyboard.press("Control+b")
    writer.keyboard.insert_text("\n\n")
    writer.keyboard.type("Меньше детей в учреждениях")
    writer.keyboard.press("Control+Shift+8")
    writer.keyboard.press("End")
    writer.keyboard.press("Enter")
    writer.keyboard.type("Больше семей под сопровождением")
    writer.keyboard.press("End")
    writer.click("[data-action=table]")
    table = writer.locator(".cm-v-table").last
    cells = {"0:0": "Показатель", "0:1": "Срок", "0:2": "Кто", "1:0": "Доля семей", "1:1": "2028"}
    for cell, text in cells.items():
        target = table.locator(f"[data-cell='{cell}']")
        target.click()
        # The cell's text selected (Ctrl+A would select the whole editor), typed over.
        target.evaluate("(c) => getSelection().selectAllChildren(c)")
        writer.keyboard.type(text)
    table.locator("[data-cell='1:2']").click()
    writer.keyboard.type("НКО")
    wait_for_text(writer, "| Доля семей | 2028 | НКО |")
    markdown = writer.evaluate("window.accordEditor.ytext.toString()")
    assert "\n## Ожидаемые результаты\n" in markdown
    assert "**вовремя**" in markdown
    assert "- Меньше детей в учреждениях\n- Больше семей под сопровождением" in markdown
    assert (
        "| Показатель | Срок | Кто |\n| --- | --- | --- |\n| Доля семей | 2028 | НКО |" in markdown
    )

    # The server keeps the text the editor wrote; its PDF is laid out from it.
    deadline = time.monotonic() + 20
    while "| Доля семей | 2028 | НКО |" not in Proposal.objects.get(pk=proposal.pk).text:
        assert time.monotonic() < deadline, "the server did not save the text"
        time.sleep(0.3)
    proposal.refresh_from_db()
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(version_pdf(draft_document(proposal=proposal)).data)
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
        pytest.skip("poppler-utils (pdftotext, pdftoppm) are not installed")
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    page = next(number for number, content in enumerate(pages, 1) if "Доля семей" in content)
    printed = pages[page - 1]
    for words in ("Ожидаемые результаты", "вовремя", "Меньше детей", "Показатель", "2028"):
        assert words in printed
    for mark in ("##", "**", "| ---", "- Меньше"):
        assert mark not in printed
    assert "•" in printed or "–" in printed  # the list's bullets
    IMAGES.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            shutil.which("pdftoppm"),
            "-png",
            "-r",
            "70",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(IMAGES / "visual-proposal-pdf"),
        ],
        check=True,
    )
    assert writer.script_errors == []
