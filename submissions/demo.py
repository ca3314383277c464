"""The submissions step of `manage.py seed_demo` (registered in `accord.registry.demo_seeders`):
the sender details of the demo organizations and each group's recipients."""

from accord.registry import DemoRun
from accord.services import organization_update
from submissions import demo_data
from submissions.models import Recipient
from submissions.services.recipients import UPSERT_KEY, recipient_create, recipient_update


def seed_submissions(*, demo: DemoRun) -> None:
    for organization in demo.organizations:
        _organization_details(demo, organization)
    for theme, group in demo.groups.items():
        _recipients(demo, group, demo_data.RECIPIENTS[theme])


def _organization_details(demo: DemoRun, organization) -> None:
    """The sender block of cover letters: legal name, address, phone, email, numbers."""
    details = demo_data.ORGANIZATION_DETAILS.get(organization.name, {})
    if organization_update(organization=organization, **details):
        demo.updated += 1


def _recipients(demo: DemoRun, group, specs) -> None:
    """The group's committee, ministry and conference deputies, updated to the demo data."""
    for spec in specs:
        key = {name: spec.get(name, "") for name in UPSERT_KEY}
        recipient = Recipient.objects.filter(group=group, **key).first()
        if recipient is None:
            demo.created += 1
            recipient_create(group=group, actor=None, **spec)
        elif any(getattr(recipient, name) != value for name, value in spec.items()):
            demo.updated += 1
            recipient_update(recipient=recipient, actor=None, **spec)
