"""The acts pages: members read, editors add through a preview, observers cannot add, non-members
get 404; the proposal page lists the amended acts, the generated bill and broken references."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.models import Role
from legislation.models import Act
from legislation.proposal_acts import amendments_of
from tests.legislation.test_acts import FIXTURE, add
from tests.legislation.test_proposal_acts import bill_proposal

REQUISITES = {"kind": "federal_law", "number": "124-ФЗ", "title": "Об основных гарантиях"}


def _docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("role", list(Role))
def test_members_read_the_acts_list_and_an_act(client, world, role):
    act = add(world)
    client.force_login(world.users[role])
    listing = client.get(reverse("acts_list", args=[world.group.pk]))
    assert listing.status_code == 200
    assert act.title in listing.content.decode()
    page = client.get(reverse("act_detail", args=[act.pk]))
    assert page.status_code == 200
    assert "статья 14.1" in page.content.decode()
    can_add = reverse("act_add", args=[world.group.pk]) in listing.content.decode()
    assert can_add == (role in (Role.EDITOR, Role.COORDINATOR))


def test_non_members_get_404_and_observers_cannot_add(client, world):
    act = add(world)
    client.force_login(world.users["outsider"])
    assert client.get(reverse("acts_list", args=[world.group.pk])).status_code == 404
    assert client.get(reverse("act_detail", args=[act.pk])).status_code == 404
    assert client.get(reverse("act_add", args=[world.group.pk])).status_code == 404
    client.force_login(world.users[Role.OBSERVER])
    response = client.post(
        reverse("act_add", args=[world.group.pk]), {**REQUISITES, "text": FIXTURE, "action": "save"}
    )
    assert response.status_code == 403
    assert Act.objects.count() == 1


def test_a_docx_upload_is_previewed_then_saved(client, world):
    client.force_login(world.users[Role.EDITOR])
    url = reverse("act_add", args=[world.group.pk])
    upload = SimpleUploadedFile("124.docx", _docx(FIXTURE + "Строка вне структуры\n"))
    preview = client.post(url, {**REQUISITES, "file": upload, "action": "preview"})
    body = preview.content.decode()
    assert preview.status_code == 200
    assert 'id="act-preview"' in body
    assert "act-tree__row--unrecognized" in body
    assert Act.objects.count() == 0, "the preview saves nothing"
    requisites = {**REQUISITES, "source": "СЗ РФ, 1998, № 31, ст. 3802", "as_of": "2026-01-01"}
    saved = client.post(url, {**requisites, "text": FIXTURE, "action": "save"})
    act = Act.objects.get()
    assert (act.source, act.as_of.isoformat()) == ("СЗ РФ, 1998, № 31, ст. 3802", "2026-01-01")
    assert saved.status_code == 302
    assert saved["Location"] == reverse("act_detail", args=[act.pk])


def test_field_errors_are_shown(client, world):
    client.force_login(world.users[Role.EDITOR])
    url = reverse("act_add", args=[world.group.pk])
    response = client.post(url, {"kind": "federal_law", "text": "просто текст", "action": "save"})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    response = client.post(url, {**REQUISITES, "text": "просто текст", "action": "save"})
    assert "«Статья 1. …»" in response.context["form"].errors["text"][0]
    response = client.post(url, {**REQUISITES, "action": "preview"})
    assert "text" in response.context["form"].errors
    assert Act.objects.count() == 0


def test_the_proposal_page_amends_an_act_and_lists_the_bill_and_broken_references(client, world):
    act = add(world)
    proposal = bill_proposal(world)
    client.force_login(world.users[Role.EDITOR])
    page = client.get(reverse("proposal_detail", args=[proposal.public_id]))
    assert 'id="amend-act-form"' in page.content.decode()
    response = client.post(
        reverse("proposal_act_amend", args=[proposal.public_id]), {"act": act.pk}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    (section,) = amendments_of(text=proposal.text, group=world.group)
    assert section.act == act
    from proposals.services.versions import text_replace

    broken = proposal.text.replace(
        "1. Органы государственной власти", "1. В соответствии с частью 9 статьи 4 органы власти", 1
    )
    broken = broken.replace("возраста 18 лет", "возраста восемнадцати лет")
    text_replace(proposal=proposal, author=world.users[Role.EDITOR], target=broken)
    body = client.get(reverse("proposal_detail", args=[proposal.public_id])).content.decode()
    assert 'id="generated-bill"' in body
    assert "заменить" in body
    assert 'data-kind="broken_reference"' in body
    assert "части 9 статьи 4" in body or "частью 9 статьи 4" in body
    # The kind has a Russian label; the act section reads as a law, a paragraph a line.
    assert "<strong>Неверная ссылка</strong>" in body
    assert ">broken_reference<" not in body
    assert 'class="internal-part internal-part--wording"' in body
    assert "Редакция акта — изменения войдут в законопроект" in body
    assert "<p><strong>Статья 7." in body
    assert "<p>1. В соответствии с частью 9 статьи 4 органы власти" in body
