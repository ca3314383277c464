"""Where a submission stands against the 59-FZ deadlines, on a given day.

Pure functions: callers pass `today` (views and commands use `timezone.localdate()`), so that
tests pin any date and a page never mixes two days. The numbers of days come from settings
through `submissions.formats`.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions import formats


class SubmissionStatus(models.TextChoices):
    """Derived from the dates a submission carries; not stored."""

    SENT = "sent", _("Sent, not registered yet")
    REGISTERED = "registered", _("Registered")
    EXTENDED = "extended", _("Answer period extended")
    ANSWERED = "answered", _("Answered")


@dataclass(frozen=True)
class SubmissionState:
    status: SubmissionStatus
    registration_due: date
    registration_overdue: bool
    forwarding_due: date | None
    answer_due: date | None
    days_left: int | None
    overdue: bool
    due_soon: bool

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0

    @property
    def needs_attention(self) -> bool:
        return self.overdue or self.due_soon or self.registration_overdue


def submission_status(submission) -> SubmissionStatus:
    """The stage a submission reached, from its dates alone (no `today` needed)."""
    if submission.answered_on is not None:
        return SubmissionStatus.ANSWERED
    if submission.extended_on is not None:
        return SubmissionStatus.EXTENDED
    if submission.registered_on is not None:
        return SubmissionStatus.REGISTERED
    return SubmissionStatus.SENT


def submission_state(submission, today: date) -> SubmissionState:
    """The submission's status and deadlines on `today`.

    - registration is due `ACCORD_REGISTRATION_DAYS` after sending (art. 8 part 2) and overdue
      from the day after, while no registration is recorded;
    - forwarding to the competent body is due `ACCORD_FORWARDING_DAYS` after registration
      (art. 8 part 3);
    - the answer is due on `submission.answer_due` (set on registration and extension); it is
      due soon from `ACCORD_DUE_SOON_DAYS` days before that day up to and including it, and
      overdue from the day after. Nothing is due or overdue once the answer is recorded.
    """
    status = submission_status(submission)
    answered = status == SubmissionStatus.ANSWERED
    registration_due = formats.registration_due(submission.sent_on)
    forwarding_due = (
        formats.forwarding_due(submission.registered_on)
        if submission.registered_on is not None
        else None
    )
    days_left = None
    if submission.answer_due is not None and not answered:
        days_left = (submission.answer_due - today).days
    return SubmissionState(
        status=status,
        registration_due=registration_due,
        registration_overdue=(
            not answered and submission.registered_on is None and today > registration_due
        ),
        forwarding_due=forwarding_due,
        answer_due=submission.answer_due,
        days_left=days_left,
        overdue=days_left is not None and days_left < 0,
        due_soon=days_left is not None and 0 <= days_left <= settings.ACCORD_DUE_SOON_DAYS,
    )
