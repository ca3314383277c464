"""Progress of a background build (a package, a platform compilation), saved as it goes."""

from datetime import timedelta

from django.db import models
from django.utils import timezone

from submissions.models import PackageStatus

# A build not picked up (or not finished) by a worker in this long may be started again.
STALE_AFTER = timedelta(minutes=10)


def progress_save(job: models.Model, *, progress: int, message: str = "", **fields) -> None:
    """Save `job`'s progress (0-100) and message, and any other `fields`, with one UPDATE that
    runs outside the build's long work, so the pages polling it see each step."""
    job.progress = max(0, min(100, progress))
    job.progress_message = message[:300]
    for name, value in fields.items():
        setattr(job, name, value)
    type(job).objects.filter(pk=job.pk).update(
        progress=job.progress, progress_message=job.progress_message, **fields
    )


def build_is_stale(job: models.Model, *, now=None) -> bool:
    """Whether a queued or building job (a package, a platform build) has waited or run past
    STALE_AFTER, so that its worker is presumed gone and it may be started again."""
    now = now or timezone.now()
    if job.status == PackageStatus.QUEUED:
        return now - job.created_at > STALE_AFTER
    if job.status == PackageStatus.BUILDING:
        return job.started_at is None or now - job.started_at > STALE_AFTER
    return False
