"""Every write about what was sent to whom, until the answer (59-FZ deadlines).

Dates a person enters are checked against `legal_today()` (Moscow): nothing is recorded as having
happened in the future, and nothing before the sending it belongs to.

Proposal status: recording a sending moves an approved proposal to «submitted»; the first answer
to any of its submissions moves a submitted proposal to «answered» (the register keeps track of
the other recipients). Other statuses (a new review, a withdrawal) are never overwritten.
"""

import logging
import re
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accord.access import Permission, roles_with
from accord.models import Membership, NotificationKind, User
from accord.notifications import notify
from accord.services import audit_record
from accord.timezones import legal_today
from proposals.models import Proposal, ProposalStatus
from proposals.workflow import proposal_transition
from submissions import formats
from submissions.deadlines import submission_state
from submissions.models import (
    PackageDocument,
    PackageStatus,
    StoredFile,
    Submission,
    SubmissionChannel,
)
from submissions.selectors import submissions_to_warn
from submissions.services.files import stored_file_create

logger = logging.getLogger(__name__)

# Extension → content type, and the leading bytes the file must start with where the format has
# a signature worth checking (Word and OpenDocument files are ZIP archives).
ANSWER_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
}
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")

# Who is warned of deadlines: the members who can act on a submission.
WARNED = Permission.EDIT


def _today() -> date:
    return legal_today()


def _not_in_future(field: str, day: date) -> None:
    if day > _today():
        raise ValidationError({field: _("This date is in the future.")})


def _not_before(field: str, day: date, earliest: date, message: str) -> None:
    if day < earliest:
        raise ValidationError({field: message % {"date": formats.date_numeric(earliest)}})


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("proposal__group", "recipient", "version")
        .get(pk=submission.pk)
    )


def _audit(submission: Submission, *, actor, action: str, summary: str, **details) -> None:
    audit_record(
        group=submission.proposal.group,
        actor=actor,
        proposal=submission.proposal,
        action=action,
        summary=f"{submission.recipient.initials_surname}: {summary}",
        details={"submission": submission.pk, **details},
    )


@transaction.atomic
def submission_record(
    *,
    document: PackageDocument,
    channel: str,
    sent_on: date,
    actor: User | None,
    notes: str = "",
) -> Submission:
    """Record that a ready package document was sent to its recipient (audited).

    Locks the proposal row: an approved proposal becomes «submitted» exactly once.
    """
    document = PackageDocument.objects.select_related("package__version", "recipient").get(
        pk=document.pk
    )
    package = document.package
    if package.status != PackageStatus.READY:
        raise ValidationError(_("Only a ready package can be sent."))
    proposal = (
        Proposal.objects.select_for_update().select_related("group").get(pk=package.proposal_id)
    )
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn proposal cannot be sent."))
    if document.recipient.group_id != proposal.group_id:
        raise ValidationError(_("This recipient belongs to another working group."))
    _not_in_future("sent_on", sent_on)
    submission = Submission(
        document=document,
        proposal=proposal,
        version=package.version,
        recipient=document.recipient,
        channel=channel,
        sent_on=sent_on,
        recorded_by=actor,
        notes=notes.strip(),
    )
    submission.full_clean()
    submission.save()
    if proposal.status == ProposalStatus.APPROVED:
        proposal_transition(proposal=proposal, to=ProposalStatus.SUBMITTED, actor=actor)
    _audit(
        submission,
        actor=actor,
        action="submission.recorded",
        summary=_("version %(number)d sent on %(date)s (%(channel)s)")
        % {
            "number": package.version.number,
            "date": formats.date_numeric(sent_on),
            "channel": SubmissionChannel(channel).label,
        },
        version=package.version.number,
        channel=channel,
    )
    return submission


@transaction.atomic
def submission_register(
    *, submission: Submission, registration_number: str, registered_on: date, actor: User | None
) -> Submission:
    """Record the incoming registration; the answer becomes due 30 days later (art. 12 part 1).

    Entering it again corrects it (after forwarding, the competent body registers anew); an
    extension already recorded keeps counting. Locks the submission row.
    """
    submission = _locked(submission)
    number = registration_number.strip()
    if not number:
        raise ValidationError({"registration_number": _("Enter the registration number.")})
    _not_in_future("registered_on", registered_on)
    _not_before(
        "registered_on",
        registered_on,
        submission.sent_on,
        _("Registration cannot precede the sending (%(date)s)."),
    )
    submission.registration_number = number
    submission.registered_on = registered_on
    submission.answer_due = formats.answer_due(
        registered_on=registered_on, extended=submission.extended_on is not None
    )
    submission.full_clean()
    submission.save(update_fields=["registration_number", "registered_on", "answer_due"])
    _audit(
        submission,
        actor=actor,
        action="submission.registered",
        summary=_("registered as %(number)s on %(date)s")
        % {"number": number, "date": formats.date_numeric(registered_on)},
    )
    return submission


@transaction.atomic
def submission_extend(*, submission: Submission, notice_on: date, actor: User | None) -> Submission:
    """Record the notice extending the answer period, once (art. 12 part 2). Locks the row."""
    submission = _locked(submission)
    if submission.answered_on is not None:
        raise ValidationError(_("The answer has already been received."))
    if submission.registered_on is None or submission.answer_due is None:
        raise ValidationError(_("Record the registration before an extension."))
    if submission.extended_on is not None:
        raise ValidationError(_("The answer period can be extended only once."))
    _not_in_future("notice_on", notice_on)
    _not_before(
        "notice_on",
        notice_on,
        submission.registered_on,
        _("The notice cannot precede the registration (%(date)s)."),
    )
    submission.extended_on = notice_on
    submission.answer_due += timedelta(days=settings.ACCORD_ANSWER_EXTENSION_DAYS)
    submission.full_clean()
    submission.save(update_fields=["extended_on", "answer_due"])
    _audit(
        submission,
        actor=actor,
        action="submission.extended",
        summary=_("answer period extended to %(date)s")
        % {"date": formats.date_numeric(submission.answer_due)},
    )
    return submission


@transaction.atomic
def submission_forward(
    *, submission: Submission, forwarded_to: str, forwarded_on: date, actor: User | None
) -> Submission:
    """Record the notice that the appeal went to the competent body (art. 8 part 3)."""
    submission = _locked(submission)
    body = forwarded_to.strip()
    if not body:
        raise ValidationError({"forwarded_to": _("Name the body it was forwarded to.")})
    _not_in_future("forwarded_on", forwarded_on)
    _not_before(
        "forwarded_on",
        forwarded_on,
        submission.registered_on or submission.sent_on,
        _("Forwarding cannot precede the sending or registration (%(date)s)."),
    )
    submission.forwarded_to = body
    submission.forwarded_on = forwarded_on
    submission.full_clean()
    submission.save(update_fields=["forwarded_to", "forwarded_on"])
    _audit(
        submission,
        actor=actor,
        action="submission.forwarded",
        summary=_("forwarded to %(body)s on %(date)s")
        % {"body": body, "date": formats.date_numeric(forwarded_on)},
    )
    return submission


def answer_file_check(*, name: str, data: bytes) -> tuple[str, str]:
    """A safe file name and the content type for an uploaded answer; ValidationError otherwise.

    The type follows the extension, never what the browser claimed, and the file must start
    the way its format does (a «.pdf» that is not a PDF is refused).
    """
    limit = settings.ACCORD_MAX_ANSWER_UPLOAD_BYTES
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}}
        )
    base = _UNSAFE_NAME.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" ._")
    stem, dot, extension = base.rpartition(".")
    extension = extension.lower()
    if not dot or not stem or extension not in ANSWER_CONTENT_TYPES:
        raise ValidationError(
            {
                "file": _("Upload a file of one of these types: %(types)s.")
                % {"types": ", ".join(ANSWER_CONTENT_TYPES)}
            }
        )
    signatures = _SIGNATURES.get(extension)
    if signatures and not data.startswith(signatures):
        raise ValidationError(
            {"file": _("The file is not a real %(type)s file.") % {"type": extension.upper()}}
        )
    return f"{stem[: 250 - len(extension)]}.{extension}", ANSWER_CONTENT_TYPES[extension]


@transaction.atomic
def submission_answer(
    *,
    submission: Submission,
    answered_on: date,
    summary: str,
    file_name: str | None = None,
    file_bytes: bytes | None = None,
    actor: User | None,
) -> Submission:
    """Record the answer with its summary and, if given, the answer's file (audited).

    Entering it again corrects it; a new file replaces the old one, no file keeps it. Locks the
    submission and the proposal; a submitted proposal becomes «answered».
    """
    submission = _locked(submission)
    text = summary.strip()
    if not text:
        raise ValidationError({"summary": _("Summarize the answer.")})
    _not_in_future("answered_on", answered_on)
    _not_before(
        "answered_on",
        answered_on,
        submission.sent_on,
        _("The answer cannot precede the sending (%(date)s)."),
    )
    fields = ["answered_on", "answer_summary"]
    replaced = None
    if file_bytes is not None:
        name, content_type = answer_file_check(name=file_name or "", data=file_bytes)
        stored = stored_file_create(name=name, content_type=content_type, data=file_bytes)
        replaced = submission.answer_file_id
        submission.answer_file = stored
        fields.append("answer_file")
    submission.answered_on = answered_on
    submission.answer_summary = text
    submission.full_clean()
    submission.save(update_fields=fields)
    if replaced is not None:
        StoredFile.objects.filter(pk=replaced).delete()
    proposal = Proposal.objects.select_for_update().get(pk=submission.proposal_id)
    if proposal.status == ProposalStatus.SUBMITTED:
        proposal_transition(proposal=proposal, to=ProposalStatus.ANSWERED, actor=actor)
    _audit(
        submission,
        actor=actor,
        action="submission.answered",
        summary=_("answered on %(date)s") % {"date": formats.date_numeric(answered_on)},
        file=submission.answer_file_id,
    )
    return submission


def _warning(submission: Submission, today: date) -> tuple[str, date] | None:
    """The warning the submission calls for today, and the day that warning became due.

    A warning is sent when `warned_on` is empty or earlier than that day, so each one goes out
    once; an extension moves the answer's day on, and its warnings come again for the new day.
    """
    state = submission_state(submission, today)
    if state.registration_overdue:
        return "registration", state.registration_due + timedelta(days=1)
    if state.overdue:
        return "overdue", state.answer_due + timedelta(days=1)
    if state.due_soon:
        return "due_soon", state.answer_due - timedelta(days=settings.ACCORD_DUE_SOON_DAYS)
    return None


def _warning_text(kind: str, submission: Submission, today: date) -> str:
    """The warning in the active language, with the due date moved off days off."""
    state = submission_state(submission, today)
    values = {
        "title": submission.proposal.title,
        "recipient": submission.recipient.initials_surname,
    }
    if kind == "registration":
        values["date"] = formats.date_numeric(state.registration_due)
        return (
            _("“%(title)s” sent to %(recipient)s is not registered; it was due by %(date)s")
            % values
        )
    values["date"] = formats.date_numeric(state.answer_due)
    if kind == "overdue":
        return (
            _("The answer of %(recipient)s to “%(title)s” is overdue: it was due by %(date)s")
            % values
        )
    return _("The answer of %(recipient)s to “%(title)s” is due by %(date)s") % values


def _warned_people(group_id: int) -> dict[str, list[User]]:
    """The group's coordinators and editors by the language they read."""
    people: dict[str, list[User]] = {}
    members = Membership.objects.filter(group_id=group_id, role__in=roles_with(WARNED))
    for user in User.objects.filter(pk__in=members.values("user"), is_active=True):
        people.setdefault(user.preferred_language or settings.LANGUAGE_CODE, []).append(user)
    return people


def submission_warnings_send(*, today: date) -> int:
    """Warn coordinators and editors of registrations overdue, answers due soon and overdue.

    Each submission is warned once per stage (see `_warning`), in each member's language; the
    row is locked while it is warned, so two runs at once do not both send. Returns how many
    warnings went out.
    """
    candidates = submissions_to_warn(today)
    people_by_group: dict[int, dict[str, list[User]]] = {}
    sent = 0
    for candidate_id in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            submission = (
                Submission.objects.select_for_update()
                .select_related("proposal", "recipient")
                .get(pk=candidate_id)
            )
            warning = _warning(submission, today)
            if warning is None:
                continue
            kind, due_from = warning
            if submission.warned_on is not None and submission.warned_on >= due_from:
                continue
            group_id = submission.proposal.group_id
            if group_id not in people_by_group:
                people_by_group[group_id] = _warned_people(group_id)
            url = reverse("submission_detail", args=[submission.pk])
            for language, users in people_by_group[group_id].items():
                with translation.override(language):
                    notify(
                        users=users,
                        kind=NotificationKind.DEADLINE,
                        text=_warning_text(kind, submission, today),
                        url=url,
                    )
            Submission.objects.filter(pk=submission.pk).update(warned_on=today)
            sent += 1
    return sent
