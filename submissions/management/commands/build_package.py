"""Build one submission package (the export worker runs this in a child process)."""

from django.core.management.base import BaseCommand, CommandError

from submissions.services.builds import package_build


class Command(BaseCommand):
    help = "Build the PDF, previews and DOCX of a queued submission package (by database id)."

    def add_arguments(self, parser):
        parser.add_argument("package_id", type=int)

    def handle(self, *args, package_id, **options):
        package = package_build(package_id=package_id)
        if package is None:
            self.stdout.write(f"package {package_id}: nothing to do (built, building or unknown)")
            return
        self.stdout.write(f"package {package_id}: {package.status}")
        if package.status == "failed":
            raise CommandError(f"package {package_id} failed; see the log above")
