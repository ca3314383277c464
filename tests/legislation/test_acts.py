"""Acts of a working group: who adds and reads them, imports from .txt/.docx/.html, the preview."""

import io
from pathlib import Path

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from accord.models import AuditEvent, Role
from legislation.importers import UnreadableFile, preview, text_from_upload
from legislation.selectors import act_for_user, acts_for_user
from legislation.services import act_create

FIXTURE = (Path(__file__).parent / "fixtures" / "124-fz.txt").read_text(encoding="utf-8")


def add(world, role=Role.EDITOR, **extra):
    fields = {
        "title": "Об основных гарантиях прав ребенка в Российской Федерации",
        "number": "124-ФЗ",
        "text": FIXTURE,
    } | extra
    return act_create(group_id=world.group.pk, author=world.users[role], **fields)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.COORDINATOR])
def test_editors_and_coordinators_add_acts(world, role):
    act = add(world, role)
    assert act.group == world.group
    assert AuditEvent.objects.filter(action="act.create", group=world.group).exists()


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.COMMENTER])
def test_observers_and_commenters_cannot_add_acts(world, role):
    with pytest.raises(PermissionDenied):
        add(world, role)


def test_non_members_cannot_add_acts(world):
    with pytest.raises(Http404):
        act_create(group_id=world.group.pk, author=world.users["outsider"], title="x", text=FIXTURE)


def test_members_read_acts_and_non_members_get_404(world):
    act = add(world)
    for role in Role:
        assert act_for_user(user=world.users[role], act_id=act.pk) == act
        assert [a.pk for a in acts_for_user(user=world.users[role], group_id=world.group.pk)] == [
            act.pk
        ]
    with pytest.raises(Http404):
        act_for_user(user=world.users["outsider"], act_id=act.pk)
    with pytest.raises(Http404):
        act_for_user(user=world.users[Role.EDITOR], act_id=act.pk + 1000)


def test_a_text_that_is_not_a_law_is_refused(world):
    with pytest.raises(ValidationError):
        add(world, text="Просто письмо.\n")


def test_the_same_wording_twice_is_refused(world):
    add(world)
    with pytest.raises(ValidationError):
        add(world)


def test_import_from_docx_html_and_txt_gives_the_same_text():
    document = docx.Document()
    for line in FIXTURE.splitlines():
        if line:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    from_docx = text_from_upload("law.docx", buffer.getvalue())
    page = (
        "<html><head><title>x</title><style>p{}</style></head><body>"
        + "".join(f"<p>{line.replace('«', '&laquo;')}</p>" for line in FIXTURE.splitlines() if line)
        + "<script>alert(1)</script></body></html>"
    )
    from_html = text_from_upload("law.html", page.encode("utf-8"))
    from_txt = text_from_upload("law.txt", FIXTURE.encode("cp1251"))
    assert from_docx == from_html == from_txt
    assert "Статья 14.1." in from_docx
    assert "alert" not in from_html


def test_an_unknown_or_damaged_file_is_unreadable():
    with pytest.raises(UnreadableFile):
        text_from_upload("law.pdf", b"%PDF-1.7")
    with pytest.raises(UnreadableFile):
        text_from_upload("law.docx", b"not a zip")


def test_the_preview_marks_the_lines_outside_the_structure():
    rows = preview(
        "ФЕДЕРАЛЬНЫЙ ЗАКОН\n\nГлава 1. Общие\nПримечание.\n\nСтатья 1. Понятия\n"
        "1. Первая.\n2. Утратила силу.\n"
    )
    assert [(row.kind, row.recognized) for row in rows] == [
        ("", False),
        ("глава", True),
        ("абзац", False),
        ("статья", True),
        ("часть", True),
        ("часть", True),
    ]
    assert rows[-1].repealed
    assert rows[-1].address == "часть 2 статьи 1"
    assert rows[-1].depth == 2
