"""The recipients directory: services, CSV import and export, addressee properties, pages."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.models import AuditEvent, Role
from submissions.models import Gender, Recipient, RecipientKind
from submissions.services.recipients import (
    CSV_FIELDS,
    recipient_archive,
    recipient_create,
    recipient_update,
    recipients_csv_rows,
    recipients_import_csv,
)
from tests.submissions.helpers import make_recipient

HEADER = ",".join(CSV_FIELDS)
IVANOV = (
    "committee,Иванов,Иван,Иванович,Иванову,m,Председатель Комитета,Председателю Комитета,"
    'Государственная Дума,"ул. Охотный Ряд, д. 1, Москва, 103265",ivanov@duma.example,,,'
)
PETROVA = (
    "ministry,Петрова,Мария,Сергеевна,Петровой,f,Министр просвещения,Министру просвещения,"
    "Министерство просвещения,,,https://edu.example/priem,,Заметка"
)


def _csv(*lines: str, delimiter: str = ",") -> bytes:
    text = "\n".join(lines) + "\n"
    if delimiter != ",":
        rows = list(csv.reader(io.StringIO(text)))
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
        text = buffer.getvalue()
    return text.encode()


def _fields(**overrides) -> dict:
    return {
        "kind": RecipientKind.DEPUTY,
        "surname": "Сидорова",
        "given_name": "Анна",
        "patronymic": "Павловна",
        "surname_dative": "Сидоровой",
        "gender": Gender.FEMALE,
        "position": "Депутат Государственной Думы",
        "position_dative": "Депутату Государственной Думы",
        **overrides,
    }


def _messages(error: ValidationError) -> str:
    return "\n".join(error.messages)


# Services


def test_create_validates_records_and_audits(world):
    coordinator = world.users[Role.COORDINATOR]
    recipient = recipient_create(group=world.group, actor=coordinator, **_fields())
    assert recipient.group == world.group
    event = AuditEvent.objects.get(action="recipient.created")
    assert (event.group, event.actor, event.details["recipient"]) == (
        world.group,
        coordinator,
        recipient.pk,
    )
    with pytest.raises(ValidationError):
        recipient_create(group=world.group, actor=coordinator, **_fields(kind="senator"))
    with pytest.raises(ValidationError):
        recipient_create(group=world.group, actor=coordinator, **_fields(email="not an email"))


def test_create_refuses_a_duplicate_in_the_group_but_not_in_another(world):
    coordinator = world.users[Role.COORDINATOR]
    recipient_create(group=world.group, actor=coordinator, **_fields())
    with pytest.raises(ValidationError):
        recipient_create(group=world.group, actor=coordinator, **_fields(notes="другая"))
    recipient_create(group=world.other_group, actor=None, **_fields())
    assert Recipient.objects.count() == 2


def test_update_changes_fields_and_audits_only_real_changes(world):
    recipient = make_recipient(world.group)
    coordinator = world.users[Role.COORDINATOR]
    updated = recipient_update(
        recipient=recipient, actor=coordinator, email="new@duma.example", notes="Новый адрес"
    )
    assert (updated.email, updated.notes) == ("new@duma.example", "Новый адрес")
    event = AuditEvent.objects.get(action="recipient.changed")
    assert sorted(event.details["fields"]) == ["email", "notes"]
    recipient_update(recipient=updated, actor=coordinator, email="new@duma.example")
    assert AuditEvent.objects.filter(action="recipient.changed").count() == 1
    with pytest.raises(ValidationError):
        recipient_update(recipient=updated, actor=coordinator, surname_dative="")
    updated.refresh_from_db()
    assert updated.surname_dative == "Иванову"


def test_archive_and_restore_are_audited_once_each(world):
    recipient = make_recipient(world.group)
    coordinator = world.users[Role.COORDINATOR]
    assert recipient_archive(recipient=recipient, actor=coordinator).archived
    recipient_archive(recipient=recipient, actor=coordinator)
    assert not recipient_archive(recipient=recipient, actor=coordinator, archived=False).archived
    actions = list(world.audit_log().values_list("action", flat=True))
    assert actions == ["recipient.created", "recipient.archived", "recipient.restored"]


# Properties


def test_addressee_name_has_initials_before_the_dative_surname(world):
    assert make_recipient(world.group).addressee_name == "И.И. Иванову"
    no_patronymic = make_recipient(
        world.group, surname="Попов", given_name="Сергей", patronymic="", surname_dative="Попову"
    )
    assert no_patronymic.addressee_name == "С. Попову"


def test_salutation_follows_gender_unless_overridden(world):
    assert make_recipient(world.group).salutation_text == "Уважаемый Иван Иванович!"
    woman = make_recipient(
        world.group,
        surname="Петрова",
        given_name="Мария",
        patronymic="Сергеевна",
        surname_dative="Петровой",
        gender=Gender.FEMALE,
    )
    assert woman.salutation_text == "Уважаемая Мария Сергеевна!"
    chair = make_recipient(
        world.group, position="Председатель", salutation="Уважаемый господин Председатель!"
    )
    assert chair.salutation_text == "Уважаемый господин Председатель!"


# CSV import


def test_import_creates_recipients_and_records_it(world):
    result = recipients_import_csv(
        group=world.group, actor=world.users[Role.COORDINATOR], data=_csv(HEADER, IVANOV, PETROVA)
    )
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    ivanov = Recipient.objects.get(group=world.group, surname="Иванов")
    assert ivanov.postal_address == "ул. Охотный Ряд, д. 1, Москва, 103265"
    assert ivanov.addressee_name == "И.И. Иванову"
    petrova = Recipient.objects.get(group=world.group, surname="Петрова")
    assert (petrova.kind, petrova.gender, petrova.ereception_url) == (
        RecipientKind.MINISTRY,
        Gender.FEMALE,
        "https://edu.example/priem",
    )
    event = AuditEvent.objects.get(action="recipients.imported", group=world.group)
    assert sorted(event.details["created"]) == sorted([ivanov.pk, petrova.pk])


def test_import_accepts_a_bom_and_semicolons(world):
    data = b"\xef\xbb\xbf" + _csv(HEADER, IVANOV, PETROVA, delimiter=";")
    result = recipients_import_csv(group=world.group, actor=None, data=data)
    assert result.created == 2
    assert Recipient.objects.get(surname="Иванов").postal_address.endswith("103265")


def test_import_accepts_crlf_labels_and_a_subset_of_columns(world):
    data = (
        "surname;given_name;surname_dative;position;position_dative;kind;gender\r\n"
        "Сидорова;Анна;Сидоровой;Депутат;Депутату;deputy;ж\r\n"
    ).encode()
    recipients_import_csv(group=world.group, actor=None, data=data)
    recipient = Recipient.objects.get(surname="Сидорова")
    assert (recipient.kind, recipient.gender, recipient.patronymic) == ("deputy", "f", "")


def test_a_bad_kind_on_line_3_reports_line_3_and_imports_nothing(world):
    bad = PETROVA.replace("ministry,", "minister,", 1)
    with pytest.raises(ValidationError) as caught:
        recipients_import_csv(group=world.group, actor=None, data=_csv(HEADER, IVANOV, bad))
    [message] = caught.value.messages
    assert "3" in message
    assert "2" not in message
    assert "minister" in message
    assert not Recipient.objects.exists()
    assert not AuditEvent.objects.filter(action="recipients.imported").exists()


def test_every_bad_row_is_reported_with_its_line(world):
    missing_dative = IVANOV.replace("Иванову", "", 1)
    bad_email = PETROVA.replace(",,,https", ",,not-an-email,https", 1)
    with pytest.raises(ValidationError) as caught:
        recipients_import_csv(
            group=world.group, actor=None, data=_csv(HEADER, missing_dative, bad_email)
        )
    messages = caught.value.messages
    assert len(messages) == 2
    assert "2" in messages[0]
    assert "surname_dative" in messages[0]
    assert "3" in messages[1]
    assert "email" in messages[1]
    assert not Recipient.objects.exists()


def test_a_repeated_recipient_in_one_file_is_an_error(world):
    with pytest.raises(ValidationError) as caught:
        recipients_import_csv(group=world.group, actor=None, data=_csv(HEADER, IVANOV, IVANOV))
    assert "3" in _messages(caught.value)
    assert not Recipient.objects.exists()


def test_a_file_over_the_limit_is_refused(world, settings):
    settings.ACCORD_MAX_RECIPIENTS_CSV_BYTES = 100
    data = _csv(HEADER, IVANOV)
    assert len(data) > 100
    with pytest.raises(ValidationError):
        recipients_import_csv(group=world.group, actor=None, data=data)
    assert not Recipient.objects.exists()


def test_a_file_not_in_utf8_is_refused(world):
    data = _csv(HEADER, IVANOV).decode().encode("cp1251")
    with pytest.raises(ValidationError) as caught:
        recipients_import_csv(group=world.group, actor=None, data=data)
    assert "UTF-8" in _messages(caught.value)
    assert not Recipient.objects.exists()


def test_an_unknown_column_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        recipients_import_csv(
            group=world.group, actor=None, data=_csv(HEADER + ",phone", IVANOV + ",+7 000")
        )
    assert "phone" in _messages(caught.value)
    assert not Recipient.objects.exists()


def test_a_missing_required_column_is_refused(world):
    header = HEADER.replace("position_dative,", "")
    row = IVANOV.replace("Председателю Комитета,", "")
    with pytest.raises(ValidationError) as caught:
        recipients_import_csv(group=world.group, actor=None, data=_csv(header, row))
    assert "position_dative" in _messages(caught.value)


@pytest.mark.parametrize(
    "data",
    [b"", HEADER.encode(), _csv(HEADER, "committee,Иванов")],
    ids=["empty", "header-only", "short-row"],
)
def test_files_without_usable_rows_are_refused(world, data):
    with pytest.raises(ValidationError):
        recipients_import_csv(group=world.group, actor=None, data=data)
    assert not Recipient.objects.exists()


def test_import_updates_the_same_person_in_the_same_position_instead_of_duplicating(world):
    existing = make_recipient(
        world.group, position="Председатель Комитета", email="old@duma.example"
    )
    archived_elsewhere = make_recipient(world.other_group, position="Председатель Комитета")
    result = recipients_import_csv(group=world.group, actor=None, data=_csv(HEADER, IVANOV))
    assert (result.created, result.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.email == "ivanov@duma.example"
    assert Recipient.objects.filter(group=world.group).count() == 1
    again = recipients_import_csv(group=world.group, actor=None, data=_csv(HEADER, IVANOV))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    archived_elsewhere.refresh_from_db()
    assert archived_elsewhere.email == "committee@duma.example"


# CSV export


def test_export_then_import_gives_the_same_rows(world, client):
    make_recipient(world.group, notes='=HYPERLINK("http://evil.example","Нажми")')
    make_recipient(
        world.group,
        surname="Петрова",
        given_name="Мария",
        patronymic="Сергеевна",
        surname_dative="Петровой",
        gender=Gender.FEMALE,
        kind=RecipientKind.MINISTRY,
        salutation="Уважаемая госпожа Министр!",
        notes="Строка 1\nСтрока 2; с точкой с запятой, и «кавычками»",
    )
    client.force_login(world.users[Role.OBSERVER])
    response = client.get(reverse("recipients_export", args=[world.group.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    exported = response.content
    assert "'=HYPERLINK(" in exported.decode("utf-8-sig")

    before = recipients_csv_rows(world.group)
    recipients_import_csv(group=world.other_group, actor=None, data=exported)
    assert recipients_csv_rows(world.other_group) == before
    result = recipients_import_csv(group=world.group, actor=None, data=exported)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("A;=1+1", "'A;=1+1"),
        ("A, @SUM(1)", "'A, @SUM(1)"),
        ("Строка\n-1", "'Строка\n-1"),
        ("+7 999 123-45-67", "'+7 999 123-45-67"),
        ("ул. Охотный Ряд, д. 1", "ул. Охотный Ряд, д. 1"),
    ],
)
def test_export_neutralises_formulas_after_every_separator_and_round_trips(
    world, client, value, exported
):
    make_recipient(world.group, notes=value)
    client.force_login(world.users[Role.OBSERVER])
    response = client.get(reverse("recipients_export", args=[world.group.pk]))
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    notes = rows[0].index("notes")
    assert rows[1][notes] == exported
    # Every cell is quoted, so a reader that splits on «;» keeps «A;=1+1» whole.
    assert f'"{exported}"' in text
    recipients_import_csv(group=world.other_group, actor=None, data=response.content)
    assert recipients_csv_rows(world.other_group) == recipients_csv_rows(world.group)


def test_export_leaves_archived_recipients_out_unless_asked(world):
    recipient_archive(recipient=make_recipient(world.group), actor=None)
    assert recipients_csv_rows(world.group) == []
    assert len(recipients_csv_rows(world.group, include_archived=True)) == 1


# Pages


VISITORS = ["anonymous", "outsider", "observer", "commenter", "editor", "coordinator"]


def _statuses(*codes):
    return dict(zip(VISITORS, codes, strict=True))


MEMBERS_READ = _statuses(302, 404, 200, 200, 200, 200)
COORDINATORS_READ = _statuses(302, 404, 403, 403, 403, 200)
COORDINATORS_WRITE = _statuses(302, 404, 403, 403, 403, 302)


def _page_cases(world, recipient):
    group = world.group.pk
    valid = {**_fields(), "surname": "Новая"}
    upload = _csv(HEADER, IVANOV)
    return [
        ("GET", reverse("recipients_list", args=[group]), None, MEMBERS_READ),
        ("GET", reverse("recipients_export", args=[group]), None, MEMBERS_READ),
        ("GET", reverse("recipient_create", args=[group]), None, COORDINATORS_READ),
        ("POST", reverse("recipient_create", args=[group]), valid, COORDINATORS_WRITE),
        ("GET", reverse("recipient_edit", args=[group, recipient.pk]), None, COORDINATORS_READ),
        (
            "POST",
            reverse("recipient_edit", args=[group, recipient.pk]),
            {**_fields(), "notes": "Изменено"},
            COORDINATORS_WRITE,
        ),
        (
            "POST",
            reverse("recipient_archive", args=[group, recipient.pk]),
            {"confirm": "1"},
            COORDINATORS_WRITE,
        ),
        ("GET", reverse("recipients_import", args=[group]), None, COORDINATORS_READ),
        (
            "POST",
            reverse("recipients_import", args=[group]),
            lambda: {"file": SimpleUploadedFile("r.csv", upload, "text/csv")},
            COORDINATORS_WRITE,
        ),
    ]


@pytest.mark.parametrize("visitor", VISITORS)
def test_pages_answer_each_visitor_exactly(client, world, visitor):
    recipient = make_recipient(world.group)
    if visitor != "anonymous":
        client.force_login(world.users[visitor])
    for method, url, data, expected in _page_cases(world, recipient):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data() if callable(data) else data)
        assert response.status_code == expected[visitor], (method, url)
        if visitor == "anonymous":
            assert response["Location"].startswith(reverse("login")), url


def test_archive_is_post_only(client, world):
    recipient = make_recipient(world.group)
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("recipient_archive", args=[world.group.pk, recipient.pk])
    assert client.get(url).status_code == 405
    recipient.refresh_from_db()
    assert not recipient.archived


def test_another_groups_recipient_is_404_even_for_a_coordinator(client, world):
    foreign = make_recipient(world.other_group)
    mine = make_recipient(world.group, surname="Петров", surname_dative="Петрову")
    client.force_login(world.users[Role.COORDINATOR])
    for name in ("recipient_edit", "recipient_archive"):
        # Their group in the URL: not a member.
        url = reverse(name, args=[world.other_group.pk, foreign.pk])
        assert client.post(url).status_code == 404, name
        # My group in the URL with their recipient: still not found.
        url = reverse(name, args=[world.group.pk, foreign.pk])
        assert client.post(url, _fields()).status_code == 404, name
    foreign.refresh_from_db()
    assert not foreign.archived
    # The outsider coordinates the other group, yet cannot reach this group's recipient.
    client.force_login(world.users["outsider"])
    url = reverse("recipient_edit", args=[world.other_group.pk, mine.pk])
    assert client.get(url).status_code == 404


def test_coordinator_creates_edits_and_archives_through_the_pages(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    group = world.group.pk
    response = client.post(reverse("recipient_create", args=[group]), _fields())
    assert response.status_code == 302
    recipient = Recipient.objects.get(group=world.group, surname="Сидорова")
    response = client.post(
        reverse("recipient_edit", args=[group, recipient.pk]),
        {**_fields(), "email": "sidorova@duma.example"},
    )
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.email == "sidorova@duma.example"
    client.post(reverse("recipient_archive", args=[group, recipient.pk]), {"confirm": "1"})
    recipient.refresh_from_db()
    assert recipient.archived
    listed = client.get(reverse("recipients_list", args=[group])).content.decode()
    assert "А.П. Сидоровой" not in listed
    archive = client.get(reverse("recipients_list", args=[group]), {"archived": "1"})
    assert "А.П. Сидоровой" in archive.content.decode()
    client.post(reverse("recipient_archive", args=[group, recipient.pk]))
    recipient.refresh_from_db()
    assert not recipient.archived


def test_create_page_shows_a_duplicate_as_a_form_error(client, world):
    recipient_create(group=world.group, actor=None, **_fields())
    client.force_login(world.users[Role.COORDINATOR])
    response = client.post(reverse("recipient_create", args=[world.group.pk]), _fields())
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Recipient.objects.filter(group=world.group).count() == 1


def test_import_page_lists_problems_by_line_and_imports_nothing(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    bad = PETROVA.replace("ministry,", "minister,", 1)
    upload = SimpleUploadedFile("r.csv", _csv(HEADER, IVANOV, bad), "text/csv")
    response = client.post(reverse("recipients_import", args=[world.group.pk]), {"file": upload})
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 1
    assert "3" in problems[0]
    assert "minister" in problems[0]
    assert problems[0] in response.content.decode()
    assert not Recipient.objects.exists()


def test_import_page_refuses_a_file_over_the_limit(client, world, settings):
    settings.ACCORD_MAX_RECIPIENTS_CSV_BYTES = 50
    client.force_login(world.users[Role.COORDINATOR])
    upload = SimpleUploadedFile("r.csv", _csv(HEADER, IVANOV), "text/csv")
    response = client.post(reverse("recipients_import", args=[world.group.pk]), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Recipient.objects.exists()


def test_list_filters_by_kind_and_searches_names_and_bodies(client, world):
    make_recipient(world.group)
    make_recipient(
        world.group,
        kind=RecipientKind.MINISTRY,
        surname="Петрова",
        given_name="Мария",
        patronymic="Сергеевна",
        surname_dative="Петровой",
        body="Министерство здравоохранения Российской Федерации",
    )
    client.force_login(world.users[Role.OBSERVER])
    url = reverse("recipients_list", args=[world.group.pk])

    def listed(**params):
        page = client.get(url, params).context["page"]
        return sorted(recipient.surname for recipient in page.object_list)

    assert listed() == ["Иванов", "Петрова"]
    assert listed(kind="ministry") == ["Петрова"]
    assert listed(q="петрова") == ["Петрова"]
    assert listed(q="здравоохранения") == ["Петрова"]
    assert listed(q="ИВАНОВ") == ["Иванов"]
    assert listed(kind="deputy") == []
    assert listed(kind="nonsense") == ["Иванов", "Петрова"]


def test_list_shows_the_addressee_block_and_manage_links_only_to_coordinators(client, world):
    make_recipient(world.group)
    url = reverse("recipients_list", args=[world.group.pk])
    client.force_login(world.users[Role.EDITOR])
    page = client.get(url).content.decode()
    assert "Председателю Комитета Государственной Думы по защите семьи" in page
    assert "И.И. Иванову" in page
    assert reverse("recipients_export", args=[world.group.pk]) in page
    assert reverse("recipients_import", args=[world.group.pk]) not in page
    client.force_login(world.users[Role.COORDINATOR])
    page = client.get(url).content.decode()
    assert reverse("recipients_import", args=[world.group.pk]) in page
    assert reverse("recipient_create", args=[world.group.pk]) in page


def test_list_query_count_does_not_grow_with_recipients(
    client, world, django_assert_max_num_queries
):
    for number in range(30):
        make_recipient(world.group, surname=f"Иванов{number}", position=f"Должность {number}")
    client.force_login(world.users[Role.COORDINATOR])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("recipients_list", args=[world.group.pk]))
    assert response.status_code == 200
