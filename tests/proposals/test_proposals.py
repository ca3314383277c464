"""Creating, reading, renaming and archiving proposals through pages and the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.models import Role
from proposals.models import Proposal, ProposalKind


@pytest.fixture
def editor_client(client, world):
    client.force_login(world.users[Role.EDITOR])
    return client


def _create(client, world, **data):
    return client.post(reverse("proposal_create", args=[world.group.pk]), data)


@pytest.mark.parametrize("kind", ProposalKind.values)
def test_create_from_starter_template_has_the_customary_sections(editor_client, world, kind):
    response = _create(editor_client, world, title="О поддержке НКО", kind=kind, start="template")
    proposal = Proposal.objects.get(title="О поддержке НКО")
    assert response["Location"] == reverse("proposal_detail", args=[proposal.public_id])
    assert proposal.text.startswith("# О поддержке НКО\n")
    assert proposal.text.count("\n## ") >= 3
    assert proposal.created_by == world.users[Role.EDITOR]
    assert proposal.status == "draft"


def test_legislative_template_has_explanatory_note_and_comparison_table(editor_client, world):
    _create(editor_client, world, title="Поправка", kind="legislative_amendment", start="template")
    text = Proposal.objects.get(title="Поправка").text
    assert "## Пояснительная записка" in text
    assert "| Действующая редакция | Предлагаемая редакция | Обоснование |" in text


def test_create_empty(editor_client, world):
    _create(editor_client, world, title="Пустое", kind="policy_proposal", start="empty")
    assert Proposal.objects.get(title="Пустое").text == ""


def test_create_from_uploaded_markdown(editor_client, world):
    upload = SimpleUploadedFile("draft.md", "# Черновик\r\n\r\nТекст «ёлочки» — тире.\r\n".encode())
    _create(
        editor_client, world, title="Из файла", kind="policy_proposal", start="upload", file=upload
    )
    assert Proposal.objects.get(title="Из файла").text == "# Черновик\n\nТекст «ёлочки» — тире.\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("draft.md", b"\xff\xfe\x00broken", "UTF-8"),
        ("draft.exe", b"MZ", ".md"),
        ("big.md", b"x" * (1024 * 1024 + 1), "KB"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_error(
    editor_client, world, settings, name, content, message
):
    settings.LANGUAGE_CODE = "en"
    editor_client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile(name, content)
    response = _create(
        editor_client,
        world,
        title="Плохой файл",
        kind="policy_proposal",
        start="upload",
        file=upload,
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Proposal.objects.filter(title="Плохой файл").exists()


def test_upload_without_file_is_refused(editor_client, world):
    response = _create(
        editor_client, world, title="Без файла", kind="policy_proposal", start="upload"
    )
    assert response.status_code == 200
    assert not Proposal.objects.filter(title="Без файла").exists()


def test_proposal_page_renders_sanitized_markdown(client, world):
    world.proposal.text = "## Раздел\n\n<script>alert(1)</script>**важно**"
    world.proposal.save()
    client.force_login(world.users[Role.OBSERVER])
    html = client.get(reverse("proposal_detail", args=[world.proposal.public_id])).content.decode()
    assert '<h2 id="раздел">Раздел</h2>' in html
    assert "<strong>важно</strong>" in html
    assert "alert(1)" not in html


def test_rename_and_archive(editor_client, world):
    url = reverse("proposal_settings", args=[world.proposal.public_id])
    editor_client.post(url, {"title": "  Новое название  "})
    world.proposal.refresh_from_db()
    assert world.proposal.title == "Новое название"
    editor_client.post(
        reverse("proposal_archive", args=[world.proposal.public_id]),
        {"archived": "1", "confirm": "1"},
    )
    world.proposal.refresh_from_db()
    assert world.proposal.archived
    group_page = editor_client.get(reverse("group_detail", args=[world.group.pk])).content.decode()
    assert "Новое название" in group_page  # listed under the archived ones


def test_api_create_retrieve_update(client, world):
    client.force_login(world.users[Role.EDITOR])
    created = client.post(
        "/api/proposals/",
        {
            "group": world.group.pk,
            "title": "API",
            "kind": "platform_statement",
            "from_template": True,
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert set(body) >= {"id", "title", "kind", "status", "group", "text"}
    assert body["text"].startswith("# API")
    detail = client.get(f"/api/proposals/{body['id']}/").json()
    assert detail["group"] == world.group.pk
    patched = client.patch(
        f"/api/proposals/{body['id']}/",
        {"title": "API 2", "archived": True},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert patched.json()["title"] == "API 2"
    assert patched.json()["archived"] is True


def test_api_rejects_bad_input_clearly(client, world):
    client.force_login(world.users[Role.EDITOR])
    response = client.post(
        "/api/proposals/",
        {"group": world.group.pk, "title": "", "kind": "novel"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"title", "kind"}
    response = client.patch(
        f"/api/proposals/{world.proposal.public_id}/",
        {"status": "published"},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_api_text_cannot_be_written_by_patch(client, world):
    client.force_login(world.users[Role.EDITOR])
    before = world.proposal.text
    client.patch(
        f"/api/proposals/{world.proposal.public_id}/",
        {"text": "overwritten"},
        content_type="application/json",
    )
    world.proposal.refresh_from_db()
    assert world.proposal.text == before


def test_list_pages_do_not_grow_queries_with_size(client, world, django_assert_max_num_queries):
    from tests import factories

    for _ in range(30):
        factories.ProposalFactory(group=world.group)
    client.force_login(world.users[Role.COORDINATOR])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("dashboard")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("group_detail", args=[world.group.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/proposals/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("group_members", args=[world.group.pk])).status_code == 200


def test_preview_renders_with_the_one_sanitizing_renderer(client, world):
    client.force_login(world.users[Role.COMMENTER])
    response = client.post(
        reverse("proposal_preview", args=[world.proposal.public_id]),
        "## Раздел\n\n<img src=x onerror=alert(1)>**ж**",
        content_type="text/plain; charset=utf-8",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="раздел">Раздел</h2>' in html
    assert "<strong>ж</strong>" in html
    assert "onerror" not in html


def test_preview_refuses_bad_input(client, world, settings):
    client.force_login(world.users[Role.EDITOR])
    url = reverse("proposal_preview", args=[world.proposal.public_id])
    assert client.post(url, b"\xff\xfe", content_type="text/plain").status_code == 400
    settings.ACCORD_MAX_PROPOSAL_TEXT_CHARS = 10
    assert client.post(url, "x" * 100, content_type="text/plain").status_code == 413


def test_editor_page_is_read_only_for_readers(client, world):
    import json

    cases = [(Role.OBSERVER, True), (Role.COMMENTER, True), (Role.EDITOR, False)]
    for role, read_only in cases:
        client.force_login(world.users[role])
        html = client.get(
            reverse("proposal_edit", args=[world.proposal.public_id])
        ).content.decode()
        config = json.loads(
            html.split('id="editor-config" type="application/json">')[1].split("</script>")[0]
        )
        assert config["permissions"]["writable"] is not read_only, role
        assert config["permissions"]["comment"] is (role != Role.OBSERVER), role


def test_a_proposal_whose_author_left_can_still_be_renamed_and_archived(world):
    from proposals.services import proposal_update
    from tests import factories

    author = factories.UserFactory(email="left@example.test")
    proposal = factories.ProposalFactory(group=world.group, created_by=author)
    author.delete()
    proposal.refresh_from_db()
    assert proposal.created_by is None
    proposal_update(proposal=proposal, title="Новое название", archived=True)
    proposal.refresh_from_db()
    assert (proposal.title, proposal.archived) == ("Новое название", True)


def test_the_admin_shows_the_text_read_only_and_never_writes_it(client, world):
    from tests import factories

    superuser = factories.UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    proposal = world.proposal
    before = proposal.text
    client.force_login(superuser)
    url = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "group": proposal.group_id,
            "title": "Переименовано администратором",
            "kind": proposal.kind,
            "text": "Текст, написанный в обход редактора",
            "created_by": proposal.created_by_id or "",
            "archived": "",
            "endorsement_deadline": "",
            "_save": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal.refresh_from_db()
    assert proposal.title == "Переименовано администратором"  # the form saved (control)
    assert proposal.text == before
