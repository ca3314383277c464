"""What the public pages show, read only from published rows.

A proposal is public when its ProposalPublication is published and its group's profile is
published too; everything else (unpublished, unknown, another group's) reads as None, so the
views answer the same 404 for all of them. Nothing here reads comments, suggestions, votes,
drafts, members or the audit log.
"""

import statistics
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from proposals.models import Endorsement, Proposal, Version
from publication.models import AnswerReading, GroupPublication, ProposalPublication
from submissions import formats
from submissions.content import exported_text
from submissions.deadlines import submission_state
from submissions.models import PackageDocument, StoredFile, Submission


def published_groups():
    return (
        GroupPublication.objects.filter(published=True)
        .select_related("group")
        .order_by("group__name")
    )


def group_by_slug(slug: str) -> GroupPublication | None:
    return published_groups().filter(slug=slug).first()


def published_proposals(group_publication: GroupPublication | None = None):
    rows = ProposalPublication.objects.filter(
        published=True, proposal__group__publication__published=True
    ).select_related("proposal__group__publication", "version")
    if group_publication is not None:
        rows = rows.filter(proposal__group_id=group_publication.group_id)
    return rows.order_by("-published_at")


def proposal_by_public_id(public_id) -> ProposalPublication | None:
    return published_proposals().filter(proposal__public_id=public_id).first()


def listed_ids(group_publication: GroupPublication) -> set[int]:
    return set(group_publication.listed_organizations.values_list("pk", flat=True))


@dataclass(frozen=True)
class Endorsers:
    """The organizations that endorsed a version: by name those that agreed to be listed, the
    others only counted."""

    names: list[str]
    unnamed: int

    @property
    def total(self) -> int:
        return len(self.names) + self.unnamed


def endorsers(version: Version, group_publication: GroupPublication) -> Endorsers:
    listed = listed_ids(group_publication)
    rows = Endorsement.objects.filter(version=version, sha256=version.sha256).select_related(
        "organization"
    )
    names = [row.organization.name for row in rows if row.organization_id in listed]
    return Endorsers(
        names=sorted(names), unnamed=sum(1 for r in rows if r.organization_id not in listed)
    )


@dataclass(frozen=True)
class Sending:
    """One line of a proposal's public timeline."""

    body: str
    position: str
    sent_on: date
    channel: str
    registration_number: str
    registered_on: date | None
    answer_due: date | None
    answered_on: date | None
    status: str  # on_time, late, overdue, extended, waiting, unregistered
    status_text: str
    days_overdue: int
    summary: str
    formal_reply: bool
    document_id: int | None  # the answer's file, when the group made it public
    document_name: str
    answer_number: str
    answer_date: date | None
    answer_signatory: str

    @property
    def answered(self) -> bool:
        return self.answered_on is not None

    @property
    def days_to_answer(self) -> int | None:
        return (self.answered_on - self.sent_on).days if self.answered_on else None


def _status(submission: Submission, today: date) -> tuple[str, str, int]:
    state = submission_state(submission, today)
    due = state.answer_due
    if submission.answered_on is not None:
        if due is None or submission.answered_on <= due:
            return "on_time", _("answered on time"), 0
        late = (submission.answered_on - due).days
        return (
            "late",
            ngettext("answered %(days)d day late", "answered %(days)d days late", late)
            % {"days": late},
            0,
        )
    if state.overdue:
        days = state.days_overdue
        return (
            "overdue",
            ngettext("overdue by %(days)d day", "overdue by %(days)d days", days) % {"days": days},
            days,
        )
    if submission.extended_on is not None:
        return "extended", _("answer period extended"), 0
    if submission.registered_on is not None:
        return "waiting", _("waiting for the answer"), 0
    if state.registration_overdue:
        return "unregistered", _("registration not confirmed"), 0
    return "waiting", _("sent, registration pending"), 0


def _sending(submission: Submission, today: date) -> Sending:
    status, text, overdue = _status(submission, today)
    reading: AnswerReading | None = getattr(submission, "answer_reading", None)
    public_file = (
        submission.answer_file_id
        if reading is not None and reading.document_public and submission.answered_on
        else None
    )
    state = submission_state(submission, today)
    confirmed = reading is not None and reading.confirmed_at is not None
    return Sending(
        body=submission.recipient.body,
        position=submission.recipient.position,
        sent_on=submission.sent_on,
        channel=submission.get_channel_display(),
        registration_number=submission.registration_number,
        registered_on=submission.registered_on,
        answer_due=state.answer_due,
        answered_on=submission.answered_on,
        status=status,
        status_text=text,
        days_overdue=overdue,
        summary=submission.answer_summary if submission.answered_on else "",
        formal_reply=bool(reading and reading.formal_reply and submission.answered_on),
        document_id=public_file,
        document_name=submission.answer_file.name if public_file else "",
        answer_number=reading.outgoing_number if confirmed else "",
        answer_date=reading.outgoing_date if confirmed else None,
        answer_signatory=reading.signatory if confirmed else "",
    )


def _submissions():
    return Submission.objects.select_related("recipient", "answer_file", "answer_reading").defer(
        "answer_file__data", "notes"
    )


def timeline(publication: ProposalPublication, today: date) -> list[Sending]:
    """Every sending of the published version, oldest first."""
    rows = _submissions().filter(
        proposal_id=publication.proposal_id, version_id=publication.version_id
    )
    return [_sending(row, today) for row in rows.order_by("sent_on", "pk")]


def public_answer_file(publication: ProposalPublication, file_id: int) -> StoredFile | None:
    """An answer's file, only where its submission is of the published version and the group
    marked the document public."""
    submission = (
        Submission.objects.filter(
            proposal_id=publication.proposal_id,
            version_id=publication.version_id,
            answer_file_id=file_id,
            answered_on__isnull=False,
            answer_reading__document_public=True,
        )
        .select_related("answer_file")
        .first()
    )
    return submission.answer_file if submission else None


def public_text(publication: ProposalPublication) -> str:
    """The published version's text without its internal parts (as every export cuts them)."""
    return exported_text(text=publication.version.text, kind=publication.proposal.kind).text


@dataclass
class BodyRow:
    body: str
    sent: int = 0
    on_time: int = 0
    late: int = 0
    unanswered: int = 0
    overdue: int = 0
    days: list | None = None

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None


def bodies(today: date) -> list[BodyRow]:
    """Every addressed body of the published proposals: sent, answered on time, late,
    unanswered (of which overdue), and the median days from sending to answer."""
    rows: dict[str, BodyRow] = {}
    for publication in published_proposals():
        for sending in timeline(publication, today):
            name = sending.body or sending.position
            row = rows.setdefault(name, BodyRow(body=name, days=[]))
            row.sent += 1
            if sending.status == "on_time":
                row.on_time += 1
            elif sending.status == "late":
                row.late += 1
            else:
                row.unanswered += 1
                row.overdue += sending.status == "overdue"
            if sending.days_to_answer is not None:
                row.days.append(sending.days_to_answer)
    return sorted(rows.values(), key=lambda row: (-row.sent, row.body))


@dataclass(frozen=True)
class Verified:
    publication: ProposalPublication
    what: str  # "version" (the text's hash), "package" (a sent PDF), "version_pdf"

    @property
    def version(self) -> Version:
        return self.publication.version


def _version_pdf_prefix(version: Version) -> str:
    # submissions.services.version_pdf names its cached files so.
    return f"cache/version-{version.pk}-{version.sha256[:16]}-"


def verify_sha256(digest: str) -> Verified | None:
    """The published version that `digest` identifies, or None.

    A digest verifies when it is the published version's SHA-256 (the hash printed under the
    endorsements list, of the version's text), or the SHA-256 of a whole file Accord made of
    that version: a recipient's package PDF or DOCX, the bill file, or the version PDF. Any
    other file — a changed byte included — has another hash and is unknown.
    """
    digest = (digest or "").strip().lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return None
    published = list(published_proposals())
    for publication in published:
        if publication.version.sha256 == digest:
            return Verified(publication, "version")
    by_version = {publication.version_id: publication for publication in published}
    if not by_version:
        return None
    documents = PackageDocument.objects.filter(package__version_id__in=by_version).filter(
        pdf__sha256=digest
    ) | PackageDocument.objects.filter(package__version_id__in=by_version, docx__sha256=digest)
    document = documents.select_related("package").first()
    if document is not None:
        return Verified(by_version[document.package.version_id], "package")
    from submissions.models import Package

    bill = Package.objects.filter(version_id__in=by_version, bill_pdf__sha256=digest).first()
    if bill is not None:
        return Verified(by_version[bill.version_id], "package")
    for publication in published:
        prefix = _version_pdf_prefix(publication.version)
        if StoredFile.objects.filter(name__startswith=prefix, sha256=digest).exists():
            return Verified(publication, "version_pdf")
    return None


def group_proposals(group_publication: GroupPublication):
    return published_proposals(group_publication).prefetch_related(
        Prefetch("proposal", queryset=Proposal.objects.only("title", "public_id", "kind"))
    )


def date_text(day: date | None) -> str:
    return formats.date_long(day) if day else ""
