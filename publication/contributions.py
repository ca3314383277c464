"""What publication adds to the lower apps' pages, letters and commands (accord.registry)."""

from django.utils.translation import gettext_lazy as _

from accord import registry
from accord.access import Permission
from publication.models import GroupPublication


def letter_mark(*, version) -> dict | None:
    """The verification QR code of a cover letter, for groups whose public profile is
    published (the URL it names answers for a published version)."""
    if not GroupPublication.objects.filter(
        group_id=version.proposal.group_id, published=True
    ).exists():
        return None
    from publication import qr

    url = qr.verify_url(version.sha256)
    return {"svg": qr.qr_svg(url), "url": url}


def submission_answer(*, request, submission) -> dict | None:
    """On a submission's page: the answer's reading, its formal-reply mark and its link."""
    if submission.answered_on is None:
        return None
    from publication.models import AnswerReading

    reading = AnswerReading.objects.filter(submission=submission).first()
    return {"answer_reading": reading, "answer_submission": submission}


def seed(*, demo) -> None:
    from publication.demo import seed_publication

    seed_publication(demo=demo)


def register() -> None:
    registry.group_links.register(
        registry.Link(
            key="publication.manage",
            label=_("Public pages"),
            url_name="publication_page",
            need=Permission.MANAGE,
            order=40,
        )
    )
    registry.letter_marks.register(registry.Job(key="publication.qr", run=letter_mark))
    registry.submission_sections.register(
        registry.Section(
            key="publication.answer",
            template="publication/_submission_answer.html",
            context=submission_answer,
        )
    )
    registry.demo_seeders.register(registry.Job(key="publication.demo", run=seed, order=90))
