"""The live draft as .docx from the editor, and the round trip: importing the export gives the
same headings, lists and tables."""

import re

import pytest
from django.urls import reverse

from accord.models import Role
from proposals import internal
from proposals.demo_data import PROPOSALS
from proposals.importing import document_import
from proposals.models import ProposalKind

DEMO = next(p for p in PROPOSALS if p["kind"] != ProposalKind.LEGISLATIVE_AMENDMENT)


def _structure(markdown: str) -> dict[str, list[str]]:
    """Headings, list items and table rows, with the marks that differ in spelling normalized
    (a numbered item's number; cell padding; the delimiter row's dashes)."""
    lines = markdown.splitlines()
    plain = [re.sub(r"\*\*|\\", "", line).rstrip() for line in lines]
    return {
        "headings": [line.lstrip("#").strip() for line in plain if re.match(r"#{1,6} ", line)],
        "items": [
            re.sub(r"^(\s*)\d+\.", r"\g<1>1.", line)
            for line in plain
            if re.match(r"\s*(-|\d+\.) ", line)
        ],
        "tables": [
            "|".join(cell.strip() for cell in line.strip("|").split("|"))
            for line in plain
            if line.startswith("|") and not re.match(r"^\|[\s\-:|]+\|$", line)
        ],
    }


@pytest.fixture
def draft(world):
    world.proposal.title = DEMO["title"]
    world.proposal.kind = DEMO["kind"]
    world.proposal.text = f"# {DEMO['title']}\n\n{DEMO['text']}"
    world.proposal.save()
    return world.proposal


def test_importing_the_draft_docx_gives_back_its_headings_lists_and_tables(client, world, draft):
    client.force_login(world.users[Role.OBSERVER])
    response = client.get(reverse("proposal_draft_docx", args=[draft.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    imported = document_import(name="draft.docx", data=response.content).markdown
    expected = _structure(internal.exportable(draft.text).text)
    got = _structure(imported)
    assert got["items"] == expected["items"]
    assert got["tables"] == expected["tables"]
    assert got["headings"] == expected["headings"]


def test_draft_docx_is_for_members_only(client, world):
    client.force_login(world.users["outsider"])
    response = client.get(reverse("proposal_draft_docx", args=[world.proposal.public_id]))
    assert response.status_code == 404


def test_editor_links_the_draft_download(client, world):
    client.force_login(world.users[Role.COMMENTER])
    page = client.get(reverse("proposal_edit", args=[world.proposal.public_id])).content.decode()
    assert reverse("proposal_draft_docx", args=[world.proposal.public_id]) in page


def test_the_round_trip_compares_something():
    structure = _structure(internal.exportable(DEMO["text"]).text)
    assert len(structure["headings"]) >= 3
    assert len(structure["items"]) >= 3
    assert len(structure["tables"]) >= 3
