"""Daily: warn coordinators and editors of submissions whose deadlines are close or passed."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from submissions.services.tracking import submission_warnings_send


class Command(BaseCommand):
    help = (
        "Run once a day (from cron or a systemd timer). Warns each group's "
        "coordinators and editors once when a registration is overdue (59-FZ art. 8 part 2), "
        "once when an answer becomes due soon and once when it is overdue (art. 12)."
    )

    def handle(self, *args, **options):
        sent = submission_warnings_send(today=timezone.localdate())
        self.stdout.write(f"Submission warnings sent: {sent}.")
