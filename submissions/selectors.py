"""Reads about submissions: access to one, the register, what needs attention, who has what.

Lists load the proposals and versions they show without their (possibly long) texts. Functions
that take `today` set each submission's `.state` (see `submissions.deadlines`).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from accord.access import Permission, Permissions, require, role_of
from accord.models import Membership, WorkingGroup
from proposals.models import Proposal, Version
from submissions import workdays
from submissions.deadlines import SubmissionStatus, submission_state, submission_status
from submissions.models import PackageDocument, PackageStatus, Recipient, Submission

_HEAVY = ("proposal__text", "version__text", "version__state_vector")

# Register filters besides the statuses themselves.
WAITING = "waiting"
OVERDUE = "overdue"
DUE_SOON = "due_soon"


def submission_for_user(*, user, submission_id, need: Permission = Permission.VIEW) -> Submission:
    """The submission if the user may `need` its group, with the user's `.permissions` on it.

    Unknown ids and non-members get Http404, members whose role falls short PermissionDenied.
    """
    submission = (
        Submission.objects.select_related(
            "proposal__group", "version", "recipient", "document__package", "answer_file"
        )
        .defer(*_HEAVY, "answer_file__data")
        .filter(pk=submission_id)
        .first()
    )
    role = None if submission is None else role_of(user=user, group_id=submission.proposal.group_id)
    require(role=role, need=need)
    submission.permissions = Permissions.of(role)
    return submission


def package_document_for_user(
    *, user, document_id, need: Permission = Permission.EDIT
) -> PackageDocument:
    """A package's document for one recipient, if the user may `need` the package's group; with
    the user's `.permissions` on it."""
    document = (
        PackageDocument.objects.select_related(
            "package__proposal__group", "package__version", "recipient"
        )
        .defer(
            "package__proposal__text", "package__version__text", "package__version__state_vector"
        )
        .filter(pk=document_id)
        .first()
    )
    role = (
        None
        if document is None
        else role_of(user=user, group_id=document.package.proposal.group_id)
    )
    require(role=role, need=need)
    document.permissions = Permissions.of(role)
    return document


def _waiting() -> Q:
    return Q(answered_on__isnull=True)


# A due date on a day off moves by up to `LONGEST_SHIFT_DAYS` either way (`workdays`): the
# database narrows the rows by the stored days widened by that margin, and Python decides on
# each row's state (`_kept`).
_SHIFT = timedelta(days=workdays.LONGEST_SHIFT_DAYS)


def _registration_overdue(today: date) -> Q:
    last_day = today - timedelta(days=settings.ACCORD_REGISTRATION_DAYS) + _SHIFT
    return _waiting() & Q(registered_on__isnull=True, sent_on__lt=last_day)


def _answer_overdue(today: date) -> Q:
    return _waiting() & Q(answer_due__lt=today + _SHIFT)


def _answer_due_soon(today: date) -> Q:
    soon = today + timedelta(days=settings.ACCORD_DUE_SOON_DAYS)
    return _waiting() & Q(answer_due__gte=today - _SHIFT, answer_due__lte=soon + _SHIFT)


def _needing_attention(today: date) -> Q:
    return _registration_overdue(today) | _answer_overdue(today) | _answer_due_soon(today)


_STATUS_FILTERS = {
    SubmissionStatus.SENT: _waiting() & Q(registered_on__isnull=True),
    SubmissionStatus.REGISTERED: _waiting() & Q(registered_on__isnull=False, extended_on=None),
    SubmissionStatus.EXTENDED: _waiting() & Q(extended_on__isnull=False),
    SubmissionStatus.ANSWERED: Q(answered_on__isnull=False),
    WAITING: _waiting(),
}


def _with_states(submissions, today: date, keep=None) -> list[Submission]:
    """The rows with their `.state`; with `keep`, only those whose state it accepts."""
    rows = list(submissions)
    for submission in rows:
        submission.state = submission_state(submission, today)
    return rows if keep is None else [row for row in rows if keep(row.state)]


def _overdue_state(state) -> bool:
    return state.overdue or state.registration_overdue


def _due_soon_state(state) -> bool:
    return state.due_soon


def submissions_for_group(
    group: WorkingGroup, *, status: str = "", today: date | None = None
) -> QuerySet[Submission] | list[Submission]:
    """The group's register, newest sending first, optionally filtered by `status`.

    `status` is a `SubmissionStatus` value, "waiting" (no answer yet), or — with `today` —
    "overdue" (answer or registration) or "due_soon". With `today` the rows come as a list,
    each with its `.state`.
    """
    submissions = (
        Submission.objects.filter(proposal__group=group)
        .select_related("proposal", "version", "recipient")
        .defer(*_HEAVY)
    )
    keep = None
    if status in _STATUS_FILTERS:
        submissions = submissions.filter(_STATUS_FILTERS[status])
    elif today is not None and status == OVERDUE:
        submissions = submissions.filter(_registration_overdue(today) | _answer_overdue(today))
        keep = _overdue_state
    elif today is not None and status == DUE_SOON:
        submissions = submissions.filter(_answer_due_soon(today))
        keep = _due_soon_state
    return submissions if today is None else _with_states(submissions, today, keep)


def submissions_needing_attention(user, today: date) -> list[Submission]:
    """Unanswered submissions in the user's groups that are overdue or due soon (with `.state`).

    Overdue ones first (registration or answer), then by the day the answer is due.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    groups = Membership.objects.filter(user=user).values("group_id")
    rows = _with_states(
        Submission.objects.filter(_needing_attention(today), proposal__group__in=groups)
        .select_related("proposal__group", "version", "recipient")
        .defer(*_HEAVY),
        today,
        keep=lambda state: state.needs_attention,
    )
    far = date.max
    return sorted(
        rows,
        key=lambda row: (
            not (row.state.overdue or row.state.registration_overdue),
            row.state.answer_due or row.state.registration_due or far,
            row.pk,
        ),
    )


def submissions_to_warn(today: date) -> QuerySet[Submission]:
    """Unanswered submissions whose registration or answer may be late or close, anywhere.

    A superset (see `_SHIFT`): the caller decides on each one's state.
    """
    return Submission.objects.filter(_needing_attention(today)).order_by("pk")


def documents_ready_to_send(group: WorkingGroup) -> QuerySet[PackageDocument]:
    """Documents of the group's ready packages that have not been recorded as sent yet."""
    return (
        PackageDocument.objects.filter(
            package__proposal__group=group,
            package__status=PackageStatus.READY,
            submissions__isnull=True,
        )
        .select_related("recipient", "package__proposal", "package__version")
        .only(
            "id",
            "recipient__id",
            "recipient__surname",
            "recipient__given_name",
            "recipient__patronymic",
            "recipient__position",
            "package__id",
            "package__created_at",
            "package__proposal__id",
            "package__proposal__public_id",
            "package__proposal__title",
            "package__version__id",
            "package__version__number",
        )
        .order_by("-package__created_at", "id")
    )


@dataclass(frozen=True)
class SentVersion:
    """The latest version of one proposal a recipient was sent, and where that sending stands."""

    proposal: Proposal
    version: Version
    sent_on: date
    status: SubmissionStatus
    submission: Submission


@dataclass(frozen=True)
class RecipientVersions:
    recipient: Recipient
    sent: list[SentVersion]


def versions_by_recipient(group: WorkingGroup) -> list[RecipientVersions]:
    """For every recipient of the group, per proposal: the latest version number sent, its date
    and status. Archived recipients appear only if something was sent to them. Two queries."""
    recipients = list(
        Recipient.objects.filter(group=group)
        .filter(Q(archived=False) | Q(submissions__isnull=False))
        .distinct()
    )
    latest: dict[tuple[int, int], Submission] = {}
    for submission in (
        Submission.objects.filter(proposal__group=group)
        .select_related("proposal", "version")
        .defer(*_HEAVY)
        .order_by("recipient_id", "proposal_id", "-version__number", "-sent_on", "-pk")
    ):
        latest.setdefault((submission.recipient_id, submission.proposal_id), submission)
    sent: dict[int, list[SentVersion]] = {}
    for (recipient_id, _proposal_id), submission in latest.items():
        sent.setdefault(recipient_id, []).append(
            SentVersion(
                proposal=submission.proposal,
                version=submission.version,
                sent_on=submission.sent_on,
                status=submission_status(submission),
                submission=submission,
            )
        )
    return [
        RecipientVersions(
            recipient=recipient,
            sent=sorted(sent.get(recipient.pk, []), key=lambda item: item.sent_on, reverse=True),
        )
        for recipient in recipients
    ]
