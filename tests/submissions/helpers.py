"""Building blocks for submission tests: recipients, packages (without rendering), approvals."""

from datetime import date

from accord.models import Role
from proposals.models import Endorsement
from submissions.models import (
    Package,
    PackageAuthor,
    PackageDocument,
    PackageSignatory,
    PackageStatus,
    Recipient,
)
from tests import factories
from tests.proposals.helpers import approved_proposal


def make_recipient(group, **fields) -> Recipient:
    return factories.make_recipient(group=group, **fields)


def approved_with_endorsements(world, *, text=None, **fields):
    """An approved proposal whose approved version is endorsed by the group's organizations."""
    if text is not None:
        fields["text"] = text
    proposal = approved_proposal(world, **fields)
    version = proposal.approved_version
    for organization in world.group.organizations.all():
        Endorsement.objects.create(
            version=version,
            organization=organization,
            endorsed_by=world.users[Role.COORDINATOR],
            sha256=version.sha256,
        )
    return proposal


def make_package(world, proposal, recipients, *, status=PackageStatus.READY) -> Package:
    """A package row with its authors, a signatory and one document per recipient (no files).

    A shortcut past `package_build` for pages and tracking, which never open the files: the app
    itself makes no ready package without files (`factories.make_ready_package` builds one)."""
    package = Package.objects.create(
        proposal=proposal,
        version=proposal.approved_version,
        created_by=world.users[Role.COORDINATOR],
        letter_date=date(2026, 6, 5),
        heading="О предложениях по совершенствованию законодательства",
        body="Направляем предложения рабочей группы.\n\nПросим рассмотреть.",
        executor_name="Петрова Анна Сергеевна",
        executor_phone="+7 (383) 000-00-00",
        executor_email="petrova@example.org",
        status=status,
        progress=100 if status == PackageStatus.READY else 0,
    )
    for order, organization in enumerate(world.group.organizations.all(), start=1):
        PackageAuthor.objects.create(
            package=package, organization=organization, order=order, outgoing_number=f"{order}-23"
        )
    PackageSignatory.objects.create(
        package=package, order=1, position="Председатель правления", name="А.С. Петрова"
    )
    for recipient in recipients:
        PackageDocument.objects.create(package=package, recipient=recipient)
    return package
