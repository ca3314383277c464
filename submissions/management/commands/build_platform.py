"""Compile one group's platform (the export worker runs this in a child process)."""

from django.core.management.base import BaseCommand, CommandError

from submissions.services.builds import platform_build


class Command(BaseCommand):
    help = "Build the PDF of a queued platform compilation (by database id)."

    def add_arguments(self, parser):
        parser.add_argument("build_id", type=int)

    def handle(self, *args, build_id, **options):
        build = platform_build(build_id=build_id)
        if build is None:
            self.stdout.write(f"platform {build_id}: nothing to do (built, building or unknown)")
            return
        self.stdout.write(f"platform {build_id}: {build.status}")
        if build.status == "failed":
            raise CommandError(f"platform {build_id} failed; see the log above")
