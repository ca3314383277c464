"""What the live editor marks: the act sections, and each problem beside its passage."""

from django.urls import reverse

from accord.models import Role
from legislation.marks import editor_marks
from tests.legislation.test_acts import FIXTURE, add
from tests.legislation.test_proposal_acts import bill_proposal

BROKEN = "1. В соответствии с частью 9 статьи 4 органы государственной власти содействуют"


def _text(act, wording):
    return (
        "# Законопроект 😀\n\n## Пояснительная записка\n\nЗачем.\n\n"
        f"## Редакция {{акт {act.pk}}}\n\n{wording}\n## Финансово-экономическое обоснование\n\nНе"
        " требуется.\n"
    )


def _utf16_slice(text, start, end):
    units = text.encode("utf-16-le")
    return units[start * 2 : end * 2].decode("utf-16-le")


def test_sections_and_a_broken_reference_at_its_passage_in_utf16_offsets(world):
    act = add(world)
    wording = FIXTURE.replace(
        "1. Органы государственной власти Российской Федерации содействуют", BROKEN
    )
    text = _text(act, wording)
    marks = editor_marks(text=text, group=world.group)
    (section,) = marks["sections"]
    assert "Федеральный закон" in section["label"]
    assert _utf16_slice(text, section["from"], section["to"]).startswith("## Редакция {акт")
    assert "## Финансово" not in _utf16_slice(text, section["from"], section["to"])
    (problem,) = marks["problems"]
    assert problem["kind"] == "broken_reference"
    assert _utf16_slice(text, problem["from"], problem["to"]) == problem["text"]
    assert problem["text"] == "частью 9 статьи 4"
    assert "частью 9 статьи 4" in problem["title"]


def test_unknown_act_sections_are_marked_and_nothing_else(world):
    text = "## Редакция {акт 98765}\n\nСтатья 1. Текст\n"
    marks = editor_marks(text=text, group=world.group)
    assert [s["from"] for s in marks["sections"]] == [0]
    assert "98765" in marks["sections"][0]["label"]
    assert marks["problems"] == []


def test_the_endpoint_checks_membership_and_kind(client, world):
    act = add(world)
    proposal = bill_proposal(world)
    url = reverse("proposal_act_marks", args=[proposal.public_id])
    body = _text(act, FIXTURE).encode()
    client.force_login(world.users["outsider"])
    assert client.post(url, body, content_type="text/plain").status_code == 404
    client.force_login(world.users[Role.OBSERVER])
    response = client.post(url, body, content_type="text/plain")
    assert response.status_code == 200
    assert len(response.json()["sections"]) == 1
    assert client.get(url).status_code == 405
    assert client.post(url, b"\xff", content_type="text/plain").status_code == 400
    other = reverse("proposal_act_marks", args=[world.proposal.public_id])
    assert client.post(other, body, content_type="text/plain").json() == {
        "sections": [],
        "problems": [],
    }
