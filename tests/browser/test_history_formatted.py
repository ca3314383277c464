"""The compare page at two widths (issue 15): formatted redline, Markdown view, version picker."""

from io import StringIO

import pytest
from django.core.management import call_command

from accord.models import User
from proposals.models import Proposal
from proposals.services import versions
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1366, "mobile": 390}


@pytest.fixture
def changed(transactional_db):
    """Version 2 changes a heading, inserts a list item and changes a table cell of version 1."""
    call_command("seed_demo", stdout=StringIO())
    proposal = Proposal.objects.get(group__name="Альянс «Защита детства»")
    editor = User.objects.get(email="editor@example.org")
    versions.version_checkpoint(proposal=proposal)
    text = proposal.text.replace("### Обоснование необходимости", "### Почему это нужно", 1)
    text = text.replace(
        "- нет гарантий конфиденциальности",
        "- нет сроков обмена сведениями;\n- нет гарантий конфиденциальности",
        1,
    )
    text = text.replace("| Нет гарантий конфиденциальности |", "| Нет гарантий тайны |", 1)
    versions.text_replace(proposal=proposal, author=editor, target=text)
    versions.version_create(proposal=proposal, kind="named", author=editor, label="Правки")
    return proposal


def shots(page, url, prefix, directory):
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.screenshot(path=directory / f"{prefix}-{name}.png", full_page=True)


def test_compare_shots(changed, live_server, page, screenshot_dir):
    sign_in(page, live_server.url, "coordinator@example.org")
    base = f"{live_server.url}/proposals/{changed.public_id}"
    shots(page, f"{base}/compare/", "compare", screenshot_dir)
    shots(page, f"{base}/compare/?view=markdown", "compare-markdown", screenshot_dir)
    shots(page, f"{base}/", "proposal", screenshot_dir)
