"""Importing a Word file in real Chromium: a member creates a proposal from a .docx, is told what
was dropped, and sees the document formatted in the visual editor."""

import re

import pytest

from proposals.models import Proposal
from tests.browser.conftest import sign_in
from tests.browser.test_editor_visual import IMAGES, demo, open_editor  # noqa: F401 (the fixture)
from tests.proposals.test_importing import word_fixture

pytestmark = pytest.mark.browser


def test_member_imports_a_docx_and_sees_it_in_the_visual_editor(demo, daphne, chromium, tmp_path):  # noqa: F811
    server = daphne()
    document = tmp_path / "Предложения.docx"
    document.write_bytes(word_fixture())
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, server.url, "editor@example.org")
    page.goto(f"{server.url}/groups/{demo.group.pk}/proposals/new/")
    page.check("input[name=start][value=upload]")
    page.set_input_files("input[name=file]", str(document))
    page.click("main form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/proposals/[0-9a-f-]{36}/$"))
    assert "1 изображение" in page.content()
    assert "1 комментарий" in page.content()

    proposal = Proposal.objects.get(title="О поддержке НКО")
    context.close()
    page = open_editor(chromium, server, "editor@example.org", proposal)
    page.wait_for_selector("#editor-app[data-mode=visual]")
    page.wait_for_selector(".cm-v-table")
    assert page.locator(".cm-v-table").inner_text().count("Гранты") == 1
    assert page.evaluate("window.accordEditor.ytext.toString()") == proposal.text
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=IMAGES / "import-docx.png")
    assert errors == []
    assert page.script_errors == []
