"""Where a submission stands against the 59-FZ deadlines, on a given day.

Pure functions: callers pass `today` (views and commands use `timezone.localdate()`), so that
tests pin any date and a page never mixes two days. The numbers of days come from settings
through `submissions.formats`; a due date on a day off moves as `ACCORD_DEADLINE_NONWORKING`
says (`submissions.workdays`). The stored `answer_due` stays the day the law's count ends on;
`SubmissionState` carries both that day and the one it moves to, and every flag counts from the
latter.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions import formats, workdays
from submissions.workdays import DueDate


class SubmissionStatus(models.TextChoices):
    """Derived from the dates a submission carries; not stored."""

    SENT = "sent", _("Sent, not registered yet")
    REGISTERED = "registered", _("Registered")
    EXTENDED = "extended", _("Answer period extended")
    ANSWERED = "answered", _("Answered")


@dataclass(frozen=True)
class SubmissionState:
    """`*_due` are the days that count (moved off days off); `*_due_date` hold both days."""

    status: SubmissionStatus
    registration_due_date: DueDate
    registration_overdue: bool
    forwarding_due_date: DueDate | None
    answer_due_date: DueDate | None
    days_left: int | None
    overdue: bool
    due_soon: bool

    @property
    def registration_due(self) -> date:
        return self.registration_due_date.effective

    @property
    def forwarding_due(self) -> date | None:
        return self.forwarding_due_date.effective if self.forwarding_due_date else None

    @property
    def answer_due(self) -> date | None:
        return self.answer_due_date.effective if self.answer_due_date else None

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

    Each of these days is first moved off a weekend or holiday (`workdays.due_date`).
    """
    status = submission_status(submission)
    answered = status == SubmissionStatus.ANSWERED
    registration_due = workdays.due_date(formats.registration_due(submission.sent_on))
    forwarding_due = (
        workdays.due_date(formats.forwarding_due(submission.registered_on))
        if submission.registered_on is not None
        else None
    )
    answer_due = (
        workdays.due_date(submission.answer_due) if submission.answer_due is not None else None
    )
    days_left = None
    if answer_due is not None and not answered:
        days_left = (answer_due.effective - today).days
    return SubmissionState(
        status=status,
        registration_due_date=registration_due,
        registration_overdue=(
            not answered and submission.registered_on is None and today > registration_due.effective
        ),
        forwarding_due_date=forwarding_due,
        answer_due_date=answer_due,
        days_left=days_left,
        overdue=days_left is not None and days_left < 0,
        due_soon=days_left is not None and 0 <= days_left <= settings.ACCORD_DUE_SOON_DAYS,
    )
