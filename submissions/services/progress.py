"""Progress of a background build (a package, a platform compilation), saved as it goes."""

from django.db import models


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
