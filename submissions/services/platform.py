"""The platform compilation (a group's approved proposals in one PDF), built by the export worker.

A member asks for a build (`platform_build_request`, rows only); the worker renders it
(`submissions.services.builds.platform_build`) in a child process as it does packages, saving
its progress on the row, which the build page polls (`/groups/<id>/platform/status.json`).
`/groups/<id>/platform.pdf` serves the newest ready build.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.models import User, WorkingGroup
from accord.services import audit_record
from proposals.models import Proposal
from submissions import jobs
from submissions.models import PackageStatus, PlatformBuild
from submissions.selectors_packages import PLATFORM_STATUSES
from submissions.services.progress import build_is_stale

UNFINISHED = (PackageStatus.QUEUED, PackageStatus.BUILDING)


def platform_build_is_stale(build: PlatformBuild, *, now=None) -> bool:
    return build_is_stale(build, now=now)


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
