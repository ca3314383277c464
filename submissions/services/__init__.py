"""Every write about submission packages; recipients and tracking have their own modules.

A package is created in one transaction (rows only) and built afterwards by the export worker
(`submissions.jobs`): the build claims the package under a row lock, renders each recipient's PDF,
previews and DOCX, and reports progress to the proposal's open pages as it goes.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.models import Organization, User
from accord.services import audit_record
from proposals.markdown import MarkdownTooComplex
from proposals.models import Proposal, ProposalKind, Version, VersionKind
from realtime.events import proposal_event
from submissions import content, jobs
from submissions.models import (
    Package,
    PackageAuthor,
    PackageDocument,
    PackageLetterText,
    PackageSignatory,
    PackageStatus,
    Recipient,
    StoredFile,
)
from submissions.services.progress import progress_save

logger = logging.getLogger(__name__)

MAX_RECIPIENTS = 20
MAX_SIGNATORIES = 6
MAX_LETTER_CHARS = 20_000
# A package not picked up (or not finished) by a worker in this long may be started again.
STALE_AFTER = timedelta(minutes=10)


def stored_file_create(*, name: str, content_type: str, data: bytes) -> StoredFile:
    stored = StoredFile(
        name=name[:255],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
    stored.full_clean()
    stored.save()
    return stored


def approved_versions(proposal: Proposal):
    """The versions a package may be built from: those frozen by an approval, newest first."""
    approved = Q(kind=VersionKind.APPROVAL)
    if proposal.approved_version_id:
        approved |= Q(pk=proposal.approved_version_id)
    return (
        Version.objects.filter(proposal=proposal)
        .filter(approved)
        .defer("text", "state_vector")
        .order_by("-number")
    )


@dataclass(frozen=True)
class Signer:
    position: str
    name: str


@transaction.atomic
def package_create(
    *,
    proposal: Proposal,
    version: Version,
    actor: User,
    recipients: list[Recipient],
    authors: list[tuple[Organization, str]],
    signatories: list[Signer],
    letter_date: date,
    heading: str,
    executor_name: str,
    executor_phone: str,
    executor_email: str = "",
    body: str = "",
    letter_texts: dict[str, str] | None = None,
    introduced_by: str = "",
    with_docx: bool = True,
) -> Package:
    """Record a package and queue its build (after commit). Locks nothing; audits.

    `letter_texts` gives the letter's text by recipient kind (submissions/letters.py); `body`
    is the text for recipients of any other kind."""
    errors = {}
    if proposal.archived:
        errors["version"] = _("An archived proposal cannot be packaged.")
    elif not approved_versions(proposal).filter(pk=version.pk).exists():
        errors["version"] = _("Only an approved version can be sent.")
    recipients = list(dict.fromkeys(recipients))
    if not recipients:
        errors["recipients"] = _("Choose at least one recipient.")
    elif len(recipients) > MAX_RECIPIENTS:
        errors["recipients"] = _("At most %(count)d recipients per package.") % {
            "count": MAX_RECIPIENTS
        }
    elif any(r.group_id != proposal.group_id or r.archived for r in recipients):
        errors["recipients"] = _("Choose recipients from this group's directory.")
    group_organizations = set(proposal.group.organizations.values_list("pk", flat=True))
    if not authors:
        errors["authors"] = _("Choose at least one organization sending the letter.")
    elif any(organization.pk not in group_organizations for organization, _n in authors):
        errors["authors"] = _("Only member organizations of the group can send the letter.")
    elif len({organization.pk for organization, _n in authors}) != len(authors):
        errors["authors"] = _("Each organization can be listed once.")
    elif not any(organization.postal_address.strip() for organization, _n in authors):
        # 59-FZ art. 7 and 11: an appeal without a postal address for the reply is not answered.
        errors["authors"] = _(
            "Officials answer to a postal address: add one to the details of at least one "
            "sending organization (on the group's page)."
        )
    kinds = {recipient.kind for recipient in recipients}
    letter_texts = {
        kind: text.strip()
        for kind, text in (letter_texts or {}).items()
        if kind in kinds and text.strip()
    }
    if any(kind not in letter_texts for kind in kinds) and not body.strip():
        errors["body"] = _("Write the letter's text for every kind of recipient chosen.")
    elif any(len(text) > MAX_LETTER_CHARS for text in [body, *letter_texts.values()]):
        errors["body"] = _("A letter's text is at most %(count)d characters.") % {
            "count": MAX_LETTER_CHARS
        }
    signatories = [s for s in signatories if s.position.strip() or s.name.strip()]
    if not signatories:
        errors["signatories"] = _("Name at least one person who signs the letter.")
    elif len(signatories) > MAX_SIGNATORIES:
        errors["signatories"] = _("At most %(count)d signatories.") % {"count": MAX_SIGNATORIES}
    elif any(not s.position.strip() or not s.name.strip() for s in signatories):
        errors["signatories"] = _("Each signatory needs a position and a name.")
    if errors:
        raise ValidationError(errors)

    package = Package(
        proposal=proposal,
        version=version,
        created_by=actor,
        letter_date=letter_date,
        heading=heading.strip(),
        body=body.strip(),
        introduced_by=introduced_by.strip(),
        executor_name=executor_name.strip(),
        executor_phone=executor_phone.strip(),
        executor_email=executor_email.strip(),
        with_docx=with_docx,
    )
    package.full_clean()
    package.save()
    for order, (organization, number) in enumerate(authors, start=1):
        PackageAuthor.objects.create(
            package=package, organization=organization, order=order, outgoing_number=number.strip()
        )
    PackageLetterText.objects.bulk_create(
        PackageLetterText(package=package, kind=kind, body=text)
        for kind, text in sorted(letter_texts.items())
    )
    for order, signer in enumerate(signatories, start=1):
        PackageSignatory.objects.create(
            package=package, order=order, position=signer.position.strip(), name=signer.name.strip()
        )
    for recipient in recipients:
        PackageDocument.objects.create(package=package, recipient=recipient)
    audit_record(
        group=proposal.group,
        actor=actor,
        action="package.created",
        summary=_("Package of version %(number)d for %(count)d recipient(s)")
        % {"number": version.number, "count": len(recipients)},
        proposal=proposal,
        details={"package": str(package.public_id), "recipients": [r.pk for r in recipients]},
    )
    transaction.on_commit(lambda: jobs.enqueue_build(package.pk))
    return package


def package_is_stale(package: Package, *, now=None) -> bool:
    now = now or timezone.now()
    if package.status == PackageStatus.QUEUED:
        return now - package.created_at > STALE_AFTER
    if package.status == PackageStatus.BUILDING:
        return package.started_at is None or now - package.started_at > STALE_AFTER
    return False


@transaction.atomic
def package_retry(*, package: Package, actor: User) -> Package:
    """Queue a failed (or stuck) package again. Locks the package row."""
    package = Package.objects.select_for_update().get(pk=package.pk)
    if package.status != PackageStatus.FAILED and not package_is_stale(package):
        raise ValidationError(_("This package is being built or is ready."))
    package.status = PackageStatus.QUEUED
    package.progress = 0
    package.progress_message = ""
    package.error = ""
    package.created_at = timezone.now()
    package.save(update_fields=["status", "progress", "progress_message", "error", "created_at"])
    audit_record(
        group=package.proposal.group,
        actor=actor,
        action="package.retried",
        summary=_("Package built again"),
        proposal=package.proposal,
        details={"package": str(package.public_id)},
    )
    transaction.on_commit(lambda: jobs.enqueue_build(package.pk))
    return package


def _report(package: Package, *, progress: int, message: str = "", **fields) -> None:
    """Save progress (outside any long transaction) and tell the proposal's open pages."""
    progress_save(package, progress=progress, message=message, **fields)
    proposal_event(
        proposal=package.proposal,
        kind="package.progress",
        data={
            "package": str(package.public_id),
            "status": package.status,
            "progress": package.progress,
            "message": package.progress_message,
        },
    )


def _claim(package_id: int) -> Package | None:
    with transaction.atomic():
        package = (
            Package.objects.select_for_update()
            .select_related("proposal__group", "version")
            .filter(pk=package_id)
            .first()
        )
        if package is None or package.status not in (PackageStatus.QUEUED, PackageStatus.BUILDING):
            return None
        if package.status == PackageStatus.BUILDING and not package_is_stale(package):
            return None  # another worker has it
        package.status = PackageStatus.BUILDING
        package.started_at = timezone.now()
        package.save(update_fields=["status", "started_at"])
    return package


def package_build(*, package_id: int) -> Package | None:
    """Render every recipient's documents. Run by the export worker; safe to run twice (the
    second run finds the package claimed or done and returns None)."""
    package = _claim(package_id)
    if package is None:
        return None
    documents = list(package.documents.select_related("recipient").order_by("pk"))
    try:
        from submissions.render import pdf

        # The attachments are the same for every recipient: laid out and written once, then
        # each recipient's letter is laid out, written and joined to them (pikepdf).
        first = content.package_document(package=package, recipient=documents[0].recipient)
        share = 60 // len(documents)

        def layout_step(percent, message):
            _report(package, progress=percent * 35 // 100, message=message)

        attachments = pdf.write_attachments(first, progress=layout_step)
        for index, document in enumerate(documents):
            base = 35 + index * share

            def step(percent, message, base=base, document=document):
                _report(
                    package,
                    progress=base + share * percent // 100,
                    message=f"{document.recipient.initials_surname}: {message}",
                )

            package_content = content.for_recipient(first, recipient=document.recipient)
            _build_document(package, document, step, package_content, attachments)
        _build_clean_bill(package)
        _report(package, progress=95, message=_("checking"))
        with transaction.atomic():
            # Ready and 100 % in one write: no reader sees a ready package still at 95 %.
            package.status = PackageStatus.READY
            package.finished_at = timezone.now()
            package.progress, package.progress_message = 100, _("Ready")
            package.save(update_fields=["status", "finished_at", "progress", "progress_message"])
            audit_record(
                group=package.proposal.group,
                actor=None,
                action="package.built",
                summary=_("Package ready: %(count)d document(s)") % {"count": len(documents)},
                proposal=package.proposal,
                details={"package": str(package.public_id)},
            )
        _report(package, progress=100, message=_("Ready"))
    except Exception as failure:
        logger.exception("building package %s failed", package.pk)
        package.status = PackageStatus.FAILED
        package.finished_at = timezone.now()
        Package.objects.filter(pk=package.pk).update(
            status=PackageStatus.FAILED,
            finished_at=package.finished_at,
            # A text past the renderer's limits says which limit; anything else is logged.
            error=" ".join(failure.messages)
            if isinstance(failure, MarkdownTooComplex)
            else _(
                "The package could not be built. The error has been logged; try again or "
                "tell the administrator."
            ),
        )
        _report(package, progress=package.progress, message=_("Failed"))
    return package


def _build_document(
    package: Package, document: PackageDocument, step, package_content, attachments
) -> None:
    from submissions.render import pdf

    step(5, _("cover letter"))
    rendered = pdf.package_pdf(package_content, progress=step, attachments=attachments)
    slug = f"v{package.version.number}-{document.recipient.surname}"
    step(88, _("previews"))
    parts = []
    for part in rendered.parts:
        png = pdf.page_png(rendered.data, page=part.first_page)
        preview = (
            stored_file_create(name=f"{slug}-{part.key}.png", content_type="image/png", data=png)
            if png
            else None
        )
        parts.append(
            {
                "key": part.key,
                "title": part.title,
                "pages": part.pages,
                "first_page": part.first_page,
                "preview": preview.pk if preview else None,
            }
        )
    pdf_file = stored_file_create(
        name=f"{slug}.pdf", content_type="application/pdf", data=rendered.data
    )
    docx_file = None
    if package.with_docx:
        step(94, "DOCX")
        from submissions import formats
        from submissions.render.docx import document_docx

        items = [
            formats.AttachmentItem(part.short_title, pages.pages)
            for part, pages in zip(package_content.parts, rendered.parts[1:], strict=True)
        ]
        docx_file = stored_file_create(
            name=f"{slug}.docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            data=document_docx(package_content, attachments=items),
        )
    document.pdf = pdf_file
    document.docx = docx_file
    document.pages = rendered.pages
    document.parts = parts
    document.save(update_fields=["pdf", "docx", "pages", "parts"])
    step(100, _("done"))


def _build_clean_bill(package: Package) -> None:
    """A legislative package's bill as a file of its own (PDF, and DOCX when asked): the title
    page, articles and signature block, no attachment mark and no footer."""
    if package.proposal.kind != ProposalKind.LEGISLATIVE_AMENDMENT:
        return
    from submissions.render import pdf
    from submissions.render.docx import document_docx

    document = content.bill_document(version=package.version, introduced_by=package.introduced_by)
    slug = f"v{package.version.number}-bill"
    package.bill_pdf = stored_file_create(
        name=f"{slug}.pdf", content_type="application/pdf", data=pdf.version_pdf(document).data
    )
    if package.with_docx:
        package.bill_docx = stored_file_create(
            name=f"{slug}.docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            data=document_docx(document, attachments=[]),
        )
    package.save(update_fields=["bill_pdf", "bill_docx"])


def package_oversized(document: PackageDocument) -> bool:
    """Larger than e-reception portals commonly accept (5 MB by default)."""
    return bool(document.pdf_id) and document.pdf.size > settings.ACCORD_PACKAGE_WARN_BYTES
