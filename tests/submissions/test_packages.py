"""Package building rules, the legislative Markdown convention, the letter's blocks, and who may
build, download and see packages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from accord.models import Role
from proposals.models import Version
from submissions import content, legislative
from submissions.models import Package, PackageStatus, Recipient, StoredFile
from submissions.services.builds import package_build
from submissions.services.packages import Signer, package_create
from tests import factories
from tests.submissions import pdftools
from tests.submissions.helpers import approved_with_endorsements, make_recipient

TEXT = "# Предложение\n\n## Суть\n\nПоддержать семьи с детьми — «сейчас».\n"


def _create(world, proposal, **overrides):
    values = {
        "proposal": proposal,
        "version": proposal.approved_version,
        "actor": world.users[Role.EDITOR],
        "recipients": None,
        "authors": [(world.organization, "1")],
        "signatories": [Signer("Председатель", "А.С. Петрова")],
        "letter_date": date(2026, 6, 5),
        "heading": "О предложениях",
        "body": "Направляем предложения.",
        "executor_name": "Петрова А.С.",
        "executor_phone": "+7 000 000-00-00",
        "with_docx": False,
    }
    values.update(overrides)
    if values["recipients"] is None:
        values["recipients"] = [
            Recipient.objects.filter(group=world.group, surname="Иванов").first()
            or make_recipient(world.group)
        ]
    return package_create(**values)


# --- rules ---------------------------------------------------------------------------------


def test_only_an_approved_version_can_be_packaged(world):
    proposal = approved_with_endorsements(world, text=TEXT)
    draft = Version.objects.filter(proposal=proposal).exclude(pk=proposal.approved_version_id)
    draft = draft.first()
    assert draft is not None
    with pytest.raises(ValidationError) as error:
        _create(world, proposal, version=draft)
    assert "version" in error.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("recipients", []),
        ("authors", []),
        ("signatories", []),
        ("signatories", [Signer("Председатель", "")]),
    ],
)
def test_a_package_needs_recipients_authors_and_signatories(world, field, value):
    proposal = approved_with_endorsements(world, text=TEXT)
    with pytest.raises(ValidationError) as error:
        _create(world, proposal, **{field: value})
    assert field in error.value.message_dict
    assert not Package.objects.exists()


def test_recipients_and_authors_must_belong_to_the_group(world):
    proposal = approved_with_endorsements(world, text=TEXT)
    foreign = make_recipient(world.other_group)
    with pytest.raises(ValidationError) as error:
        _create(world, proposal, recipients=[foreign])
    assert "recipients" in error.value.message_dict
    archived = make_recipient(world.group, surname="Архивный", archived=True)
    with pytest.raises(ValidationError):
        _create(world, proposal, recipients=[archived])
    outsider_organization = factories.OrganizationFactory()
    with pytest.raises(ValidationError) as error:
        _create(world, proposal, authors=[(outsider_organization, "5")])
    assert "authors" in error.value.message_dict


def test_attachments_are_laid_out_once_for_all_recipients(world, monkeypatch):
    from submissions.render import pdf

    pdftools.need_poppler()
    calls = []
    original = pdf.render_part
    monkeypatch.setattr(
        pdf, "render_part", lambda *a, **k: calls.append(a[1].key) or original(*a, **k)
    )
    proposal = approved_with_endorsements(world, text=TEXT)
    second = make_recipient(world.group, surname="Петров", surname_dative="Петрову")
    package = _create(world, proposal, recipients=[make_recipient(world.group), second])
    package_build(package_id=package.pk)
    assert calls == ["proposal", "endorsements"]
    letters = [
        pdftools.flat(pdftools.text(bytes(d.pdf.data), first=1, last=1))
        for d in package.documents.order_by("pk")
    ]
    assert "И.И. Иванову" in letters[0]
    assert "И.И. Петрову" in letters[1]


# --- the legislative convention ------------------------------------------------------------


def test_sections_are_cut_at_known_headings_and_only_marked_unknown_ones_join_the_bill():
    text = """# Закон

Вводный абзац.

## Пояснительная записка

Записка.

## Особые положения {в законопроект}

Остаётся в законопроекте.

```
## Текст изменений внутри кода — не раздел
```

## Заметки рабочей группы

Обсудить с юристом.

## ТЕКСТ ИЗМЕНЕНИЙ

Статья 1.

## Financial and economic justification

Расходов нет.
"""
    sections = legislative.split_sections(text)
    assert sections.explanatory_note == "Записка."
    assert "Вводный абзац." in sections.bill
    assert "## Особые положения\n" in sections.bill
    assert "{в законопроект}" not in sections.bill
    assert "Остаётся в законопроекте." in sections.bill
    assert "## Текст изменений внутри кода" in sections.bill
    assert "Статья 1." in sections.bill
    assert "Заметки" not in sections.bill
    assert "юристом" not in sections.bill
    assert [part.title for part in sections.left_out] == ["Заметки рабочей группы"]
    assert sections.financial == "Расходов нет."
    assert sections.recognized == {"explanatory_note", "bill", "financial"}


def test_comparison_rows_from_headings_and_from_tables():
    section = """### Статья 5, часть 3

**Действующая редакция:** Ребёнок имеет право на защиту.

Второй абзац действующей.

Предлагаемая редакция: Ребёнок имеет право на семью.

Обоснование: Приоритет семьи.

| Действующая редакция | Предлагаемая редакция | Обоснование |
| --- | --- | --- |
| Статья 7 \\| старая | Статья 7 новая | Уточнение |
| … | … | … |
"""
    rows = legislative.comparison_rows(section)
    assert rows[0].provision == "Статья 5, часть 3"
    assert rows[0].current == "Ребёнок имеет право на защиту.\n\nВторой абзац действующей."
    assert rows[0].proposed == "Ребёнок имеет право на семью."
    assert rows[0].rationale == "Приоритет семьи."
    assert rows[1] == legislative.ComparisonRow(
        "", "Статья 7 | старая", "Статья 7 новая", "Уточнение"
    )
    assert len(rows) == 2


def test_the_starter_of_a_legislative_amendment_follows_the_convention():
    from proposals.models import ProposalKind
    from proposals.starters import starter_text

    text = starter_text(kind=ProposalKind.LEGISLATIVE_AMENDMENT, title="О законе", language="ru")
    sections = legislative.split_sections(text)
    assert {"explanatory_note", "bill", "comparison", "acts", "financial"} <= sections.recognized
    assert legislative.comparison_rows(sections.comparison) == []  # only placeholders


# --- the letter's blocks -------------------------------------------------------------------


def test_addressee_block_names_the_body_once_and_the_person_in_the_dative(world):
    committee_chair = make_recipient(
        world.group,
        body="Комитет Государственной Думы по защите семьи",
        position_dative="Председателю Комитета Государственной Думы по защите семьи",
        postal_address="ул. Охотный Ряд, д. 1, Москва, 103265",
    )
    assert content.addressee_lines(committee_chair) == (
        "Председателю Комитета Государственной Думы по защите семьи",
        "И.И. Иванову",
        "ул. Охотный Ряд, д. 1, Москва, 103265",
    )
    deputy = make_recipient(
        world.group,
        surname="Попов",
        surname_dative="Попову",
        given_name="Сергей",
        patronymic="",
        position="Депутат",
        position_dative="Депутату Государственной Думы",
        body="Государственная Дума Федерального Собрания Российской Федерации",
        postal_address="",
    )
    assert content.addressee_lines(deputy) == (
        "Государственная Дума Федерального Собрания Российской Федерации",
        "Депутату Государственной Думы",
        "С. Попову",
    )


def test_joint_letter_lists_every_sender_and_joins_their_numbers(world):
    second = factories.OrganizationFactory(name="Вторая организация", legal_name="АНО «Вторая»")
    world.group.organizations.add(second)
    proposal = approved_with_endorsements(world, text=TEXT)
    package = _create(world, proposal, authors=[(world.organization, "12"), (second, "7-и")])
    document = content.package_document(
        package=package, recipient=package.documents.get().recipient
    )
    assert document.letter.outgoing_number == "12/7-и"
    assert [sender.name for sender in document.letter.senders] == [
        world.organization.name,
        "АНО «Вторая»",
    ]


# --- who may do what -----------------------------------------------------------------------

VISITORS = ["anonymous", "outsider", "observer", "commenter", "editor", "coordinator"]


@pytest.fixture
def built(world):
    pdftools.need_poppler()
    proposal = approved_with_endorsements(world, text=TEXT)
    package = _create(world, proposal)
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY
    return proposal, package, package.documents.get()


def _login(client, world, visitor):
    if visitor != "anonymous":
        client.force_login(world.users[visitor])


@pytest.mark.parametrize("visitor", VISITORS)
def test_members_see_and_download_packages_non_members_get_404(client, world, built, visitor):
    proposal, package, document = built
    _login(client, world, visitor)
    reads = [
        reverse("package_list", args=[proposal.public_id]),
        reverse("package_detail", args=[proposal.public_id, package.public_id]),
        reverse("package_status", args=[proposal.public_id, package.public_id]),
        reverse("package_file", args=[proposal.public_id, package.public_id, document.pk, "pdf"]),
        reverse("package_preview", args=[proposal.public_id, package.public_id, document.pk, 0]),
        reverse("platform_page", args=[world.group.pk]),
        reverse("platform_status", args=[world.group.pk]),
    ]
    expected = {"anonymous": 302, "outsider": 404}.get(visitor, 200)
    for url in reads:
        assert client.get(url).status_code == expected, url
    if expected == 200:
        response = client.get(reads[3])
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("visitor", VISITORS)
def test_only_editors_and_coordinators_build(client, world, built, visitor):
    proposal, package, _document = built
    _login(client, world, visitor)
    create = reverse("package_create", args=[proposal.public_id])
    retry = reverse("package_retry", args=[proposal.public_id, package.public_id])
    expected = {
        "anonymous": 302,
        "outsider": 404,
        "observer": 403,
        "commenter": 403,
        "editor": 200,
        "coordinator": 200,
    }[visitor]
    assert client.get(create).status_code == expected
    assert client.post(retry).status_code == (302 if expected == 200 else expected)


def test_another_groups_package_and_files_are_404(client, world, built):
    proposal, package, document = built
    client.force_login(world.users["outsider"])
    pdf_url = reverse(
        "package_file", args=[proposal.public_id, package.public_id, document.pk, "pdf"]
    )
    assert client.get(pdf_url).status_code == 404
    client.force_login(world.users[Role.COORDINATOR])
    foreign = approved_with_endorsements(world, text=TEXT)
    mixed = reverse("package_detail", args=[foreign.public_id, package.public_id])
    assert client.get(mixed).status_code == 404
    unknown = reverse(
        "package_file", args=[proposal.public_id, package.public_id, document.pk, "exe"]
    )
    assert client.get(unknown).status_code == 404


def test_building_through_the_page(client, world, django_capture_on_commit_callbacks, settings):
    settings.ACCORD_EXPORT_IN_PROCESS = False  # queued for a worker; this test builds it itself
    proposal = approved_with_endorsements(world, text=TEXT)
    recipient = make_recipient(world.group)
    client.force_login(world.users[Role.EDITOR])
    url = reverse("package_create", args=[proposal.public_id])
    page = client.get(url)
    assert page.status_code == 200
    form = {
        "version": proposal.approved_version.pk,
        "recipients": [recipient.pk],
        "letter_date": "2026-06-05",
        "heading": "О предложениях",
        "body": "Направляем.",
        "executor_name": "Петрова",
        "executor_phone": "+7 000",
        f"author_{world.organization.pk}": "on",
        f"number_{world.organization.pk}": "12",
        "signer_position_0": "Председатель",
        "signer_name_0": "А.С. Петрова",
    }
    sent = []
    from submissions import jobs

    original = jobs.enqueue_build
    jobs.enqueue_build = sent.append
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, form)
    finally:
        jobs.enqueue_build = original
    package = Package.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "package_detail", args=[proposal.public_id, package.public_id]
    )
    assert sent == [package.pk]
    assert package.status == PackageStatus.QUEUED
    detail = client.get(response["Location"])
    assert b'role="progressbar"' in detail.content


def test_a_version_pdf_is_rendered_once_and_kept(client, world, monkeypatch):
    pdftools.need_poppler()
    from submissions.render import pdf

    proposal = approved_with_endorsements(world, text=TEXT)
    url = reverse("api-proposal-version-pdf", args=[proposal.public_id, 1])
    client.force_login(world.users[Role.OBSERVER])
    first = client.get(url)
    assert first.status_code == 200
    monkeypatch.setattr(pdf, "version_pdf", lambda *a, **k: pytest.fail("rendered twice"))
    second = client.get(url)
    assert second.content == first.content
    assert StoredFile.objects.filter(name__startswith="cache/version-").count() == 1


def test_a_pdf_over_the_e_reception_limit_is_flagged_before_sending(client, world, built, settings):
    proposal, package, document = built
    client.force_login(world.users[Role.EDITOR])
    detail = reverse("package_detail", args=[proposal.public_id, package.public_id])
    record = reverse("submission_record", args=[document.pk])
    assert b"notice--warning" not in client.get(detail).content
    assert b"notice--warning" not in client.get(record).content
    settings.ACCORD_PACKAGE_WARN_BYTES = document.pdf.size - 1
    for url in (detail, record):
        page = client.get(url).content.decode()
        assert "notice--warning" in page
        with translation.override("ru"):  # the size as the (Russian) page prints it
            assert filesizeformat(settings.ACCORD_PACKAGE_WARN_BYTES) in page


def test_a_letter_needs_a_postal_address_for_the_reply(world):
    proposal = approved_with_endorsements(world, text=TEXT)
    world.organization.postal_address = ""
    world.organization.save()
    with pytest.raises(ValidationError) as error:
        _create(world, proposal)
    assert "authors" in error.value.message_dict


def test_coordinators_keep_their_organizations_details(client, world):
    url = reverse("organization_edit", args=[world.group.pk, world.organization.pk])
    expected = {"outsider": 404, "observer": 403, "commenter": 403, "editor": 403}
    for visitor, status in expected.items():
        client.force_login(world.users[visitor])
        assert client.get(url).status_code == status
    client.force_login(world.users[Role.COORDINATOR])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "legal_name": "АНО «Новое имя»",
            "postal_address": "ул. Мира, д. 2, Томск, 634000",
            "phone": "+7 3822 00-00-00",
            "email": "info@example.org",
            "registration_numbers": "ОГРН 1027000000000",
            "city": "Томск",
            "region": "",
            "website": "",
        },
    )
    assert response.status_code == 302
    world.organization.refresh_from_db()
    assert world.organization.legal_name == "АНО «Новое имя»"
    from accord.models import AuditEvent

    assert AuditEvent.objects.filter(action="organization.changed").exists()
    foreign = factories.OrganizationFactory()
    other = reverse("organization_edit", args=[world.group.pk, foreign.pk])
    assert client.get(other).status_code == 404


def test_admin_lists_packages_read_only_and_recipients(client, world, built):
    from accord.models import User

    _proposal, package, _document = built
    staff = User.objects.create_superuser(
        email="admin@example.test", password="x" * 12, display_name="Админ"
    )
    client.force_login(staff)
    for name in ("package", "submission", "recipient"):
        assert client.get(reverse(f"admin:submissions_{name}_changelist")).status_code == 200
    change = reverse("admin:submissions_package_change", args=[package.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {}).status_code == 403


def test_a_text_past_the_renderers_limits_fails_the_package_with_the_reason(world):
    proposal = approved_with_endorsements(world, text="# Заголовок\n\n" + "[" * 19_000)
    package = _create(world, proposal)
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.FAILED
    assert "квадратных скоб" in package.error
