"""Daily mail: reminders of reviews and endorsements due soon, then the notification digests."""

from django.core.management.base import BaseCommand

from accord import registry
from accord.notifications import digests_send


class Command(BaseCommand):
    help = (
        "Run once a day (from cron or a systemd timer). First reminds members of reviews that "
        "close by tomorrow (once per review) and organizations whose endorsement is due within "
        "two days (on each run), then emails every member who chose the daily digest one message "
        "with what they have not been emailed yet; a notification is never emailed twice."
    )

    def handle(self, *args, **options):
        # The reminders are the apps' own (`accord.registry.daily_reminders`: proposals' reviews
        # and endorsements); they are notifications, so the digests that follow include them.
        reminders = sum(job.run() for job in registry.daily_reminders)
        digests = digests_send()
        self.stdout.write(f"Reminders sent: {reminders}. Digests emailed: {digests}.")
