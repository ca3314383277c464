"""The builds the export worker runs (`submissions.jobs`): a package's documents and a group's
platform. Only the worker's child process (or the build thread of a single-process setup)
imports this module, so web processes never load WeasyPrint, pikepdf or python-docx.

A build claims its row under a row lock (a second run finds it claimed or done and returns
None), renders, and reports progress on the row as it goes (a package's also to the proposal's
open pages).
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.models import Theme
from accord.services import audit_record
from accord.timezones import legal_today
from proposals.markdown import MarkdownTooComplex
from proposals.models import ProposalKind
from realtime.events import proposal_event
from submissions import content, formats
from submissions.models import Package, PackageDocument, PackageStatus, PlatformBuild
from submissions.render import pdf
from submissions.render.docx import document_docx
from submissions.selectors_packages import group_platform_documents
from submissions.services.files import stored_file_create
from submissions.services.progress import build_is_stale, progress_save

logger = logging.getLogger(__name__)

UNFINISHED = (PackageStatus.QUEUED, PackageStatus.BUILDING)


def _package_report(package: Package, *, progress: int, message: str = "", **fields) -> None:
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


def _package_claim(package_id: int) -> Package | None:
    with transaction.atomic():
        package = (
            Package.objects.select_for_update()
            .select_related("proposal__group", "version")
            .filter(pk=package_id)
            .first()
        )
        if package is None or package.status not in (PackageStatus.QUEUED, PackageStatus.BUILDING):
            return None
        if package.status == PackageStatus.BUILDING and not build_is_stale(package):
            return None  # another worker has it
        package.status = PackageStatus.BUILDING
        package.started_at = timezone.now()
        package.save(update_fields=["status", "started_at"])
    return package


def package_build(*, package_id: int) -> Package | None:
    """Render every recipient's documents. Run by the export worker; safe to run twice (the
    second run finds the package claimed or done and returns None)."""
    package = _package_claim(package_id)
    if package is None:
        return None
    documents = list(package.documents.select_related("recipient").order_by("pk"))
    try:
        # The attachments are the same for every recipient: laid out and written once, then
        # each recipient's letter is laid out, written and joined to them (pikepdf).
        first = content.package_document(package=package, recipient=documents[0].recipient)
        share = 60 // len(documents)

        def layout_step(percent, message):
            _package_report(package, progress=percent * 35 // 100, message=message)

        attachments = pdf.write_attachments(first, progress=layout_step)
        for index, document in enumerate(documents):
            base = 35 + index * share

            def step(percent, message, base=base, document=document):
                _package_report(
                    package,
                    progress=base + share * percent // 100,
                    message=f"{document.recipient.initials_surname}: {message}",
                )

            package_content = content.for_recipient(first, recipient=document.recipient)
            _build_document(package, document, step, package_content, attachments)
        _build_clean_bill(package)
        _package_report(package, progress=95, message=_("checking"))
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
        _package_report(package, progress=100, message=_("Ready"))
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
        _package_report(package, progress=package.progress, message=_("Failed"))
    return package


def _build_document(
    package: Package, document: PackageDocument, step, package_content, attachments
) -> None:
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


def _platform_report(build: PlatformBuild, *, progress: int, message: str = "", **fields) -> None:
    """Save progress outside any long transaction; the build page polls it."""
    progress_save(build, progress=progress, message=message, **fields)


def _platform_claim(build_id: int) -> PlatformBuild | None:
    with transaction.atomic():
        build = (
            PlatformBuild.objects.select_for_update()
            .select_related("group")
            .filter(pk=build_id)
            .first()
        )
        if build is None or build.status not in UNFINISHED:
            return None
        if build.status == PackageStatus.BUILDING and not build_is_stale(build):
            return None  # another worker has it
        build.status = PackageStatus.BUILDING
        build.started_at = timezone.now()
        build.save(update_fields=["status", "started_at"])
    return build


def platform_build(*, build_id: int) -> PlatformBuild | None:
    """Render the group's platform. Run by the export worker; safe to run twice (the second
    run finds the build claimed or done and returns None)."""
    build = _platform_claim(build_id)
    if build is None:
        return None
    group = build.group
    try:
        _platform_report(build, progress=5, message=_("collecting the approved proposals"))
        documents = group_platform_documents(group)
        if not documents:
            raise ValidationError("no approved proposals")
        organizations = [o.legal_name or o.name for o in group.organizations.all()]

        def step(percent, message):
            _platform_report(build, progress=10 + percent * 80 // 100, message=message)

        rendered = pdf.platform_pdf(
            group=group,
            theme=Theme(group.theme).label if group.theme else "",
            organizations=organizations,
            documents=documents,
            progress=step,
        )
        _platform_report(build, progress=95, message=_("saving"))
        with transaction.atomic():
            stored = stored_file_create(
                name=f"platform-{group.pk}-{legal_today():%Y%m%d}.pdf",
                content_type="application/pdf",
                data=rendered.data,
            )
            build.pdf = stored
            build.pages = rendered.pages
            build.proposals = len(documents)
            build.status = PackageStatus.READY
            build.finished_at = timezone.now()
            build.save(update_fields=["pdf", "pages", "proposals", "status", "finished_at"])
        _platform_report(build, progress=100, message=_("Ready"))
    except Exception:
        logger.exception("building platform %s of group %s failed", build.pk, group.pk)
        build.status = PackageStatus.FAILED
        build.finished_at = timezone.now()
        _platform_report(
            build,
            progress=build.progress,
            message=_("Failed"),
            status=PackageStatus.FAILED,
            finished_at=build.finished_at,
            error=_(
                "The platform could not be compiled. The error has been logged; try again or "
                "tell the administrator."
            ),
        )
    return build
