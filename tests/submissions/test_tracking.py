"""Tracking what was sent to whom until the answer: 59-FZ deadlines, services, warnings, pages."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from accord.models import AuditEvent, Notification, NotificationKind, Role
from proposals.models import ProposalStatus, VersionKind
from proposals.services.review import proposal_withdraw
from proposals.services.versions import version_create
from submissions import formats
from submissions.deadlines import SubmissionStatus, submission_state
from submissions.models import (
    Package,
    PackageDocument,
    PackageStatus,
    StoredFile,
    Submission,
    SubmissionChannel,
)
from submissions.selectors import versions_by_recipient
from submissions.services.tracking import (
    submission_answer,
    submission_extend,
    submission_forward,
    submission_record,
    submission_register,
    submission_warnings_send,
)
from tests import factories
from tests.submissions.helpers import approved_with_endorsements, make_package, make_recipient

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _english_messages():
    """Services' messages are matched in English here; pages pick their language per request."""
    with translation.override("en"):
        yield


def _today():
    return timezone.localdate()


@pytest.fixture
def sending(world):
    """An approved proposal with a ready package for one recipient: (proposal, document)."""
    recipient = make_recipient(world.group)
    proposal = approved_with_endorsements(world, title="О поддержке семей")
    package = make_package(world, proposal, [recipient])
    return proposal, package.documents.get()


def _send(world, document, *, sent_on=date(2026, 3, 2), channel=SubmissionChannel.POST):
    return submission_record(
        document=document, channel=channel, sent_on=sent_on, actor=world.users[Role.EDITOR]
    )


@pytest.fixture
def submission(world, sending):
    return _send(world, sending[1])


def _registered(world, submission, on=date(2026, 3, 2)):
    return submission_register(
        submission=submission,
        registration_number="А-12345",
        registered_on=on,
        actor=world.users[Role.EDITOR],
    )


# Deadlines on fixed dates.


def _unsaved(**dates) -> Submission:
    return Submission(sent_on=dates.pop("sent_on", date(2026, 3, 2)), **dates)


def test_answer_is_due_thirty_days_after_registration_and_sixty_after_an_extension(
    world, submission
):
    assert formats.answer_due(registered_on=date(2026, 3, 2)) == date(2026, 4, 1)
    submission = _registered(world, submission)
    assert submission.answer_due == date(2026, 4, 1)
    assert submission_state(submission, date(2026, 3, 10)).status == SubmissionStatus.REGISTERED

    submission = submission_extend(
        submission=submission, notice_on=date(2026, 3, 20), actor=world.users[Role.EDITOR]
    )
    assert submission.answer_due == date(2026, 5, 1)
    assert submission_state(submission, date(2026, 4, 2)).status == SubmissionStatus.EXTENDED
    assert not submission_state(submission, date(2026, 4, 2)).overdue


def test_registration_is_overdue_from_the_fourth_day_after_sending():
    unregistered = _unsaved(sent_on=date(2026, 3, 2))
    on_time = submission_state(unregistered, date(2026, 3, 5))
    assert on_time.registration_due == date(2026, 3, 5)
    assert not on_time.registration_overdue
    assert on_time.status == SubmissionStatus.SENT
    assert (on_time.answer_due, on_time.days_left) == (None, None)
    assert submission_state(unregistered, date(2026, 3, 6)).registration_overdue

    registered = _unsaved(sent_on=date(2026, 3, 2), registered_on=date(2026, 3, 6))
    assert not submission_state(registered, date(2026, 3, 20)).registration_overdue
    assert submission_state(registered, date(2026, 3, 20)).forwarding_due == date(2026, 3, 13)


@pytest.mark.parametrize(
    ("today", "days_left", "due_soon", "overdue"),
    [
        (date(2026, 3, 26), 6, False, False),
        (date(2026, 3, 27), 5, True, False),
        (date(2026, 4, 1), 0, True, False),
        (date(2026, 4, 2), -1, False, True),
    ],
)
def test_due_soon_and_overdue_flags_at_their_boundaries(today, days_left, due_soon, overdue):
    registered = _unsaved(registered_on=date(2026, 3, 2), answer_due=date(2026, 4, 1))
    state = submission_state(registered, today)
    assert (state.days_left, state.due_soon, state.overdue) == (days_left, due_soon, overdue)
    assert state.needs_attention == (due_soon or overdue)


def test_nothing_is_due_once_answered():
    answered = _unsaved(
        registered_on=date(2026, 3, 2), answer_due=date(2026, 4, 1), answered_on=date(2026, 4, 20)
    )
    state = submission_state(answered, date(2026, 5, 1))
    assert state.status == SubmissionStatus.ANSWERED
    assert (state.overdue, state.due_soon, state.registration_overdue) == (False, False, False)
    assert state.days_left is None


def test_settings_change_the_numbers_of_days(settings, world, submission):
    settings.ACCORD_REGISTRATION_DAYS = 1
    settings.ACCORD_ANSWER_DAYS = 10
    settings.ACCORD_ANSWER_EXTENSION_DAYS = 5
    settings.ACCORD_DUE_SOON_DAYS = 2
    assert submission_state(_unsaved(), date(2026, 3, 4)).registration_overdue
    submission = _registered(world, submission)
    assert submission.answer_due == date(2026, 3, 12)
    assert not submission_state(submission, date(2026, 3, 9)).due_soon
    assert submission_state(submission, date(2026, 3, 10)).due_soon
    submission = submission_extend(
        submission=submission, notice_on=date(2026, 3, 5), actor=world.users[Role.EDITOR]
    )
    assert submission.answer_due == date(2026, 3, 17)


# Services: what they refuse.


def test_only_a_ready_package_can_be_sent(world):
    recipient = make_recipient(world.group)
    proposal = approved_with_endorsements(world)
    package = make_package(world, proposal, [recipient], status=PackageStatus.BUILDING)
    with pytest.raises(ValidationError):
        _send(world, package.documents.get())
    assert not Submission.objects.exists()


def test_sending_cannot_be_recorded_in_the_future(world, sending):
    with pytest.raises(ValidationError) as error:
        _send(world, sending[1], sent_on=_today() + timedelta(days=1))
    assert "sent_on" in error.value.message_dict


def test_registration_before_the_sending_or_in_the_future_is_refused(world, submission):
    for day in (date(2026, 3, 1), _today() + timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            _registered(world, submission, on=day)
        assert "registered_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        submission_register(
            submission=submission,
            registration_number="  ",
            registered_on=date(2026, 3, 3),
            actor=None,
        )
    submission.refresh_from_db()
    assert (submission.registered_on, submission.answer_due) == (None, None)


def test_extension_needs_a_registration_and_happens_once(world, submission):
    editor = world.users[Role.EDITOR]
    with pytest.raises(ValidationError, match="registration"):
        submission_extend(submission=submission, notice_on=date(2026, 3, 10), actor=editor)
    _registered(world, submission, on=date(2026, 3, 5))
    with pytest.raises(ValidationError):
        submission_extend(submission=submission, notice_on=date(2026, 3, 4), actor=editor)
    submission_extend(submission=submission, notice_on=date(2026, 3, 20), actor=editor)
    with pytest.raises(ValidationError, match="once"):
        submission_extend(submission=submission, notice_on=date(2026, 3, 21), actor=editor)
    submission.refresh_from_db()
    assert submission.answer_due == date(2026, 5, 4)
    assert submission.extended_on == date(2026, 3, 20)


def test_a_later_registration_keeps_the_extension(world, submission):
    _registered(world, submission, on=date(2026, 3, 3))
    submission_extend(submission=submission, notice_on=date(2026, 3, 20), actor=None)
    submission = _registered(world, submission, on=date(2026, 3, 10))
    assert submission.answer_due == date(2026, 5, 9)


def test_forwarding_is_recorded_and_cannot_precede_the_sending(world, submission):
    with pytest.raises(ValidationError):
        submission_forward(
            submission=submission,
            forwarded_to="Минтруд России",
            forwarded_on=date(2026, 3, 1),
            actor=None,
        )
    submission = submission_forward(
        submission=submission,
        forwarded_to="Минтруд России",
        forwarded_on=date(2026, 3, 9),
        actor=world.users[Role.EDITOR],
    )
    assert (submission.forwarded_to, submission.forwarded_on) == (
        "Минтруд России",
        date(2026, 3, 9),
    )


def _answer(world, submission, **fields):
    values = {
        "answered_on": date(2026, 3, 25),
        "summary": "Предложения приняты к сведению.",
        "actor": world.users[Role.EDITOR],
        **fields,
    }
    return submission_answer(submission=submission, **values)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("answer.pdf", PDF + b"0" * 200, "larger"),
        ("answer.exe", b"MZ\x90\x00", "types"),
        ("answer", PDF, "types"),
        ("answer.pdf", b"<html><script>alert(1)</script></html>", "PDF"),
        ("scan.png", PDF, "PNG"),
        ("letter.docx", PDF, "DOCX"),
        ("answer.pdf", b"", "empty"),
    ],
)
def test_answer_uploads_too_big_of_a_wrong_type_or_fake_are_refused(
    settings, world, submission, name, data, message
):
    settings.ACCORD_MAX_ANSWER_UPLOAD_BYTES = 200
    with pytest.raises(ValidationError, match=message) as error:
        _answer(world, submission, file_name=name, file_bytes=data)
    assert "file" in error.value.message_dict
    submission.refresh_from_db()
    assert submission.answered_on is None
    assert not StoredFile.objects.exists()


def test_answer_needs_a_summary_and_a_date_not_in_the_future(world, submission):
    with pytest.raises(ValidationError, match="Summarize"):
        _answer(world, submission, summary=" ")
    with pytest.raises(ValidationError):
        _answer(world, submission, answered_on=_today() + timedelta(days=1))
    with pytest.raises(ValidationError):
        _answer(world, submission, answered_on=date(2026, 3, 1))


def test_an_answer_file_is_stored_with_a_safe_name_and_a_new_one_replaces_it(world, submission):
    submission = _answer(
        world, submission, file_name="../../Ответ\x00 министерства.PDF", file_bytes=PDF
    )
    stored = submission.answer_file
    assert stored.name == "Ответ_ министерства.pdf"
    assert (stored.content_type, stored.size, bytes(stored.data)) == (
        "application/pdf",
        len(PDF),
        PDF,
    )

    submission = _answer(
        world, submission, summary="Уточнено.", file_name="scan.png", file_bytes=PNG
    )
    assert StoredFile.objects.get().content_type == "image/png"
    submission = _answer(world, submission, summary="Без нового файла.")
    assert submission.answer_file.name == "scan.png"
    assert submission.answer_summary == "Без нового файла."


def test_proposal_status_moves_to_submitted_then_answered(world, sending):
    proposal, document = sending
    assert proposal.status == ProposalStatus.APPROVED
    first = _send(world, document)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    second = _send(world, document, channel=SubmissionChannel.EMAIL)
    _answer(world, first)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ANSWERED
    # A later sending or answer keeps «answered».
    _send(world, document, sent_on=date(2026, 4, 1))
    _answer(world, second)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ANSWERED
    actions = list(
        AuditEvent.objects.filter(proposal=proposal, action__startswith="submission.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "submission.recorded",
        "submission.recorded",
        "submission.answered",
        "submission.recorded",
        "submission.answered",
    ]


def test_a_withdrawn_proposal_cannot_be_sent(world, sending):
    proposal, document = sending
    proposal_withdraw(proposal=proposal, actor=world.users[Role.COORDINATOR])
    with pytest.raises(ValidationError):
        _send(world, document)


# Warnings, once each.


def _warned_users(kind=NotificationKind.DEADLINE):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__email", flat=True))


def test_warnings_go_to_coordinators_and_editors_once_per_stage(world, submission):
    assert submission_warnings_send(today=date(2026, 3, 5)) == 0
    assert submission_warnings_send(today=date(2026, 3, 6)) == 1
    assert _warned_users() == ["coordinator@example.test", "editor@example.test"]
    note = Notification.objects.filter(kind=NotificationKind.DEADLINE).first()
    assert "О поддержке семей" in note.text
    assert note.url == reverse("submission_detail", args=[submission.pk])
    assert submission_warnings_send(today=date(2026, 3, 6)) == 0
    assert submission_warnings_send(today=date(2026, 3, 7)) == 0

    # The answer is due on 5 April, a Sunday: on Monday 6 April.
    _registered(world, submission, on=date(2026, 3, 6))
    assert submission_warnings_send(today=date(2026, 3, 31)) == 0
    assert submission_warnings_send(today=date(2026, 4, 1)) == 1  # due soon
    assert submission_warnings_send(today=date(2026, 4, 2)) == 0
    assert submission_warnings_send(today=date(2026, 4, 6)) == 0
    assert submission_warnings_send(today=date(2026, 4, 7)) == 1  # overdue
    assert submission_warnings_send(today=date(2026, 4, 7)) == 0
    assert submission_warnings_send(today=date(2026, 4, 20)) == 0
    assert Notification.objects.filter(kind=NotificationKind.DEADLINE).count() == 3 * 2

    # An extension moves the day on: due soon and overdue are warned again, once.
    submission_extend(submission=submission, notice_on=date(2026, 4, 3), actor=None)
    assert submission_warnings_send(today=date(2026, 4, 30)) == 1
    assert submission_warnings_send(today=date(2026, 5, 1)) == 0
    _answer(world, submission, answered_on=date(2026, 5, 2))
    assert submission_warnings_send(today=date(2026, 5, 20)) == 0


def test_the_daily_command_reports_how_many_warnings_it_sent(world, submission):
    out = io.StringIO()
    call_command("send_submission_warnings", stdout=out)
    assert out.getvalue().strip() == "Submission warnings sent: 1."
    out = io.StringIO()
    call_command("send_submission_warnings", stdout=out)
    assert out.getvalue().strip() == "Submission warnings sent: 0."


# The register: CSV and versions by recipient.


def test_register_csv_has_a_header_one_row_per_submission_and_safe_cells(client, world):
    recipient = make_recipient(world.group)
    proposal = approved_with_endorsements(world, title='=HYPERLINK("http://evil")')
    document = make_package(world, proposal, [recipient]).documents.get()
    submission = _registered(world, _send(world, document))
    _send(world, document, sent_on=date(2026, 3, 10))
    client.force_login(world.users[Role.OBSERVER])
    response = client.get(reverse("submissions_csv", args=[world.group.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 18
    assert len(rows) == 3
    by_sent = {row[6]: row for row in rows[1:]}
    registered = by_sent["2026-03-02"]
    assert registered[0] == recipient.full_name
    assert registered[3] == '\'=HYPERLINK("http://evil")'
    assert (registered[4], registered[7], registered[8], registered[12]) == (
        str(submission.version.number),
        "А-12345",
        "2026-03-02",
        "2026-04-01",
    )
    assert by_sent["2026-03-10"][8] == ""

    answered_only = client.get(
        reverse("submissions_csv", args=[world.group.pk]), {"status": "answered"}
    )
    assert len(list(csv.reader(io.StringIO(answered_only.content.decode("utf-8-sig"))))) == 1


def test_versions_by_recipient_shows_the_latest_version_each_one_has(world):
    first, second = make_recipient(world.group), make_recipient(world.group, surname="Петров")
    make_recipient(world.group, surname="Сидоров")
    make_recipient(world.group, surname="Архивный", archived=True)
    proposal = approved_with_endorsements(world)
    old = make_package(world, proposal, [first, second])
    _send(world, old.documents.get(recipient=first), sent_on=date(2026, 3, 2))
    old_to_second = _send(world, old.documents.get(recipient=second), sent_on=date(2026, 3, 2))
    proposal.approved_version = version_create(
        proposal=proposal, kind=VersionKind.NAMED, label="Вторая"
    )
    proposal.save(update_fields=["approved_version"])
    new = make_package(world, proposal, [first])
    newest = _send(world, new.documents.get(), sent_on=date(2026, 3, 20))
    _registered(world, newest, on=date(2026, 3, 21))

    table = {row.recipient.surname: row.sent for row in versions_by_recipient(world.group)}
    assert set(table) == {"Иванов", "Петров", "Сидоров"}
    (latest,) = table["Иванов"]
    assert (latest.version.number, latest.sent_on, latest.status) == (
        proposal.approved_version.number,
        date(2026, 3, 20),
        SubmissionStatus.REGISTERED,
    )
    (only,) = table["Петров"]
    assert only.submission == old_to_second
    assert only.status == SubmissionStatus.SENT
    assert table["Сидоров"] == []


# Pages.


def test_dashboard_lists_overdue_submissions_of_ones_groups(client, world, submission):
    client.force_login(world.users[Role.OBSERVER])
    html = client.get(reverse("dashboard")).content.decode()
    assert "attention-title" in html
    assert reverse("submission_detail", args=[submission.pk]) in html
    assert "badge--overdue" in html

    client.force_login(world.users["outsider"])
    html = client.get(reverse("dashboard")).content.decode()
    assert "attention-title" not in html


def test_dashboard_and_register_queries_do_not_grow_with_submissions(
    client, world, sending, django_assert_max_num_queries
):
    document = sending[1]
    for _ in range(8):
        _registered(world, _send(world, document, sent_on=date(2026, 3, 2)))
    client.force_login(world.users[Role.COORDINATOR])
    with django_assert_max_num_queries(7):
        assert client.get(reverse("dashboard")).status_code == 200
    with django_assert_max_num_queries(10):
        url = reverse("submission_register_page", args=[world.group.pk])
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(6):
        url = reverse("submissions_csv", args=[world.group.pk])
        assert client.get(url).status_code == 200


def test_register_page_filters_by_status_and_shows_badges(client, world, submission):
    client.force_login(world.users[Role.COMMENTER])
    url = reverse("submission_register_page", args=[world.group.pk])
    link = reverse("submission_detail", args=[submission.pk])

    def register_table(**query) -> str:
        page = client.get(url, query).content.decode()
        assert 'id="versions-title"' in page
        return page.split('id="versions-title"')[0]

    everything = register_table()
    assert link in everything
    assert "badge--overdue" in everything
    assert link in register_table(status="overdue")
    assert link in register_table(status="sent")
    assert link not in register_table(status="answered")
    assert link not in register_table(status="due_soon")
    assert link in register_table(status="bogus")  # an unknown filter shows all


def test_detail_page_records_registration_and_answer_with_a_download(client, world, submission):
    client.force_login(world.users[Role.EDITOR])
    url = reverse("submission_detail", args=[submission.pk])
    assert "05.03.2026" in client.get(url).content.decode()  # registration due
    response = client.post(
        url,
        {
            "action": "register",
            "register-registration_number": "П-77",
            "register-registered_on": "2026-03-02",
        },
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.answer_due == date(2026, 4, 1)

    refused = client.post(
        url, {"action": "extend", "extend-notice_on": (_today() + timedelta(days=3)).isoformat()}
    )
    assert refused.status_code == 200
    assert refused.context["forms"]["extend"].errors

    response = client.post(
        url,
        {
            "action": "answer",
            "answer-answered_on": "2026-03-30",
            "answer-summary": "Поддержано.",
            "answer-file": SimpleUploadedFile("ответ.pdf", PDF, content_type="text/html"),
        },
    )
    assert response.status_code == 302
    download = client.get(reverse("submission_answer_file", args=[submission.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in download["Content-Disposition"]
    assert download.content == PDF


def test_record_page_suggests_today_and_creates_the_submission(client, world, sending):
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("submission_record", args=[sending[1].pk])
    page = client.get(url)
    assert page.context["form"].initial["sent_on"] == _today()
    response = client.post(
        url, {"channel": SubmissionChannel.EMAIL, "sent_on": "2026-03-02", "notes": ""}
    )
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("submission_detail", args=[submission.pk])
    assert (submission.recorded_by, submission.channel) == (
        world.users[Role.COORDINATOR],
        SubmissionChannel.EMAIL,
    )
    assert client.post(url, {"channel": "pigeon", "sent_on": "2026-03-02"}).status_code == 200
    assert Submission.objects.count() == 1


# Access: every page and POST × every kind of visitor.

VISITORS = ["anonymous", "outsider", "observer", "commenter", "editor", "coordinator"]
LOGIN = 302


def _statuses(*codes):
    return dict(zip(VISITORS, codes, strict=True))


MEMBERS_READ = _statuses(LOGIN, 404, 200, 200, 200, 200)
EDITORS_READ = _statuses(LOGIN, 404, 403, 403, 200, 200)
EDITORS_WRITE = _statuses(LOGIN, 404, 403, 403, 302, 302)


def access_cases(world):
    recipient = make_recipient(world.group)
    proposal = approved_with_endorsements(world)
    package = make_package(world, proposal, [recipient])
    document = package.documents.get()
    submission = _send(world, document)
    answered = _answer(world, _send(world, document), file_name="a.pdf", file_bytes=PDF)
    group = world.group.pk
    detail = reverse("submission_detail", args=[submission.pk])
    return [
        ("GET", reverse("submission_register_page", args=[group]), {}, MEMBERS_READ),
        ("GET", reverse("submissions_csv", args=[group]), {}, MEMBERS_READ),
        ("GET", reverse("submission_record", args=[document.pk]), {}, EDITORS_READ),
        (
            "POST",
            reverse("submission_record", args=[document.pk]),
            {"channel": SubmissionChannel.POST, "sent_on": "2026-03-03"},
            EDITORS_WRITE,
        ),
        ("GET", detail, {}, MEMBERS_READ),
        (
            "POST",
            detail,
            {
                "action": "register",
                "register-registration_number": "1",
                "register-registered_on": "2026-03-03",
            },
            EDITORS_WRITE,
        ),
        ("POST", detail, {"action": "extend", "extend-notice_on": "2026-03-04"}, EDITORS_WRITE),
        (
            "POST",
            detail,
            {
                "action": "forward",
                "forward-forwarded_to": "Минтруд",
                "forward-forwarded_on": "2026-03-05",
            },
            EDITORS_WRITE,
        ),
        (
            "POST",
            detail,
            {"action": "answer", "answer-answered_on": "2026-03-06", "answer-summary": "Ответ"},
            EDITORS_WRITE,
        ),
        ("GET", reverse("submission_answer_file", args=[answered.pk]), {}, MEMBERS_READ),
    ]


@pytest.mark.parametrize("visitor", VISITORS)
def test_tracking_pages_answer_each_visitor_exactly(client, world, visitor):
    if visitor != "anonymous":
        client.force_login(world.users[visitor])
    for method, url, data, expected in access_cases(world):
        response = client.generic(method, url) if method == "GET" else client.post(url, data)
        assert response.status_code == expected[visitor], f"{method} {url} {data} as {visitor}"
    if visitor in (Role.EDITOR, Role.COORDINATOR):
        assert Submission.objects.filter(answered_on=date(2026, 3, 6)).exists()


def _foreign_submission(world) -> Submission:
    """A submission of the other group, written directly."""
    proposal = world.foreign_proposal
    version = version_create(proposal=proposal, kind=VersionKind.APPROVAL)
    recipient = make_recipient(world.other_group)
    package = Package.objects.create(
        proposal=proposal,
        version=version,
        letter_date=date(2026, 3, 1),
        heading="О предложениях",
        body="Текст",
        executor_name="Исполнитель",
        executor_phone="+7 000",
        status=PackageStatus.READY,
    )
    document = PackageDocument.objects.create(package=package, recipient=recipient)
    stored = StoredFile.objects.create(
        name="a.pdf", content_type="application/pdf", size=len(PDF), sha256="0" * 64, data=PDF
    )
    return Submission.objects.create(
        document=document,
        proposal=proposal,
        version=version,
        recipient=recipient,
        channel=SubmissionChannel.POST,
        sent_on=date(2026, 3, 2),
        answered_on=date(2026, 3, 20),
        answer_file=stored,
    )


def test_another_groups_submissions_are_not_found(client, world):
    foreign = _foreign_submission(world)
    client.force_login(world.users[Role.COORDINATOR])
    for url in (
        reverse("submission_detail", args=[foreign.pk]),
        reverse("submission_answer_file", args=[foreign.pk]),
        reverse("submission_record", args=[foreign.document_id]),
        reverse("submission_register_page", args=[world.other_group.pk]),
        reverse("submissions_csv", args=[world.other_group.pk]),
        reverse("submission_detail", args=[999999]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("submission_detail", args=[foreign.pk]),
        {"action": "extend", "extend-notice_on": "2026-03-04"},
    )
    assert response.status_code == 404
    register = client.get(reverse("submission_register_page", args=[world.group.pk]))
    assert reverse("submission_detail", args=[foreign.pk]) not in register.content.decode()
    # The other group's own members do see it.
    factories.MembershipFactory(
        user=world.users[Role.OBSERVER], group=world.other_group, role=Role.OBSERVER
    )
    client.force_login(world.users[Role.OBSERVER])
    assert client.get(reverse("submission_detail", args=[foreign.pk])).status_code == 200
