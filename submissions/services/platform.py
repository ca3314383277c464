"""The platform compilation (a group's approved proposals in one PDF), built by the export worker.

A member asks for a build (`platform_build_request`, rows only); the worker renders it
(`platform_build`) in a child process as it does packages, saving its progress on the row, which
the build page polls (`/groups/<id>/platform/status.json`). `/groups/<id>/platform.pdf` serves
the newest ready build.
"""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.models import Theme, User, WorkingGroup
from accord.services import audit_record
from proposals.models import Proposal
from submissions import jobs
from submissions.models import PackageStatus, PlatformBuild
from submissions.selectors_packages import PLATFORM_STATUSES, group_platform_documents
from submissions.services.progress import progress_save

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)
UNFINISHED = (PackageStatus.QUEUED, PackageStatus.BUILDING)


def platform_build_is_stale(build: PlatformBuild, *, now=None) -> bool:
    now = now or timezone.now()
    if build.status == PackageStatus.QUEUED:
        return now - build.created_at > STALE_AFTER
    if build.status == PackageStatus.BUILDING:
        return build.started_at is None or now - build.started_at > STALE_AFTER
    return False


def group_has_platform(group: WorkingGroup) -> bool:
    return Proposal.objects.filter(
        group=group, archived=False, status__in=PLATFORM_STATUSES, approved_version__isnull=False
    ).exists()


@transaction.atomic
def platform_build_request(*, group: WorkingGroup, actor: User) -> PlatformBuild:
    """Queue a compilation of the group's platform (after commit), or return the one already
    queued or building. Locks the group's unfinished builds; audits a new one."""
    if not group_has_platform(group):
        raise ValidationError(_("The group has no approved proposals to compile yet."))
    unfinished = (
        PlatformBuild.objects.select_for_update()
        .filter(group=group, status__in=UNFINISHED)
        .order_by("-created_at")
        .first()
    )
    if unfinished is not None and not platform_build_is_stale(unfinished):
        return unfinished
    build = PlatformBuild(group=group, requested_by=actor)
    build.full_clean()
    build.save()
    audit_record(
        group=group,
        actor=actor,
        action="platform.requested",
        summary=_("Platform compilation requested"),
        details={"build": build.pk},
    )
    transaction.on_commit(lambda: jobs.enqueue_platform_build(build.pk))
    return build


def _report(build: PlatformBuild, *, progress: int, message: str = "", **fields) -> None:
    """Save progress outside any long transaction; the build page polls it."""
    progress_save(build, progress=progress, message=message, **fields)


def _claim(build_id: int) -> PlatformBuild | None:
    with transaction.atomic():
        build = (
            PlatformBuild.objects.select_for_update()
            .select_related("group")
            .filter(pk=build_id)
            .first()
        )
        if build is None or build.status not in UNFINISHED:
            return None
        if build.status == PackageStatus.BUILDING and not platform_build_is_stale(build):
            return None  # another worker has it
        build.status = PackageStatus.BUILDING
        build.started_at = timezone.now()
        build.save(update_fields=["status", "started_at"])
    return build


def platform_build(*, build_id: int) -> PlatformBuild | None:
    """Render the group's platform. Run by the export worker; safe to run twice (the second
    run finds the build claimed or done and returns None)."""
    from submissions.render import pdf
    from submissions.services import stored_file_create

    build = _claim(build_id)
    if build is None:
        return None
    group = build.group
    try:
        _report(build, progress=5, message=_("collecting the approved proposals"))
        documents = group_platform_documents(group)
        if not documents:
            raise ValidationError("no approved proposals")
        organizations = [o.legal_name or o.name for o in group.organizations.all()]

        def step(percent, message):
            _report(build, progress=10 + percent * 80 // 100, message=message)

        rendered = pdf.platform_pdf(
            group=group,
            theme=Theme(group.theme).label if group.theme else "",
            organizations=organizations,
            documents=documents,
            progress=step,
        )
        _report(build, progress=95, message=_("saving"))
        with transaction.atomic():
            stored = stored_file_create(
                name=f"platform-{group.pk}-{timezone.localdate():%Y%m%d}.pdf",
                content_type="application/pdf",
                data=rendered.data,
            )
            build.pdf = stored
            build.pages = rendered.pages
            build.proposals = len(documents)
            build.status = PackageStatus.READY
            build.finished_at = timezone.now()
            build.save(update_fields=["pdf", "pages", "proposals", "status", "finished_at"])
        _report(build, progress=100, message=_("Ready"))
    except Exception:
        logger.exception("building platform %s of group %s failed", build.pk, group.pk)
        build.status = PackageStatus.FAILED
        build.finished_at = timezone.now()
        _report(
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
