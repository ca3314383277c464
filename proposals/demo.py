"""The proposals step of `manage.py seed_demo` (registered in `accord.registry.demo_seeders`)."""

import contextlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from accord import demo_data as people
from accord.access import role_allows
from accord.registry import DemoRun
from proposals import demo_data
from proposals.models import Proposal
from proposals.services import proposal_create
from proposals.services.review import (
    SPEAKS_FOR_ORGANIZATION,
    endorsement_give,
    review_close,
    review_open,
)


def seed_proposals(*, demo: DemoRun) -> None:
    """One draft per demo group; the approved theme's draft approved and endorsed."""
    for theme, group in demo.groups.items():
        spec = next(spec for spec in demo_data.PROPOSALS if spec["theme"] == theme)
        _proposal(demo, group, spec)
        if theme == demo_data.APPROVED_THEME:
            _approved(demo, group)
    demo.summary.append(f"{len(demo_data.PROPOSALS)} proposals")


def _proposal(demo: DemoRun, group, spec) -> None:
    if Proposal.objects.filter(group=group, title=spec["title"]).exists():
        return
    demo.created += 1
    proposal_create(
        group=group,
        author=demo.coordinator,
        title=spec["title"],
        kind=spec["kind"],
        text=f"# {spec['title']}\n\n{spec['text']}",
    )


def _approved(demo: DemoRun, group) -> None:
    """One proposal ready to be sent: approved by the coordinator, endorsed by the member
    organizations the demo accounts represent. Left alone once it has moved on."""
    proposal = Proposal.objects.filter(group=group).order_by("pk").first()
    if proposal is None or proposal.approved_version_id or proposal.status != "draft":
        return
    demo.updated += 1
    accounts = [
        demo.users[a["email"]]
        for a in people.ACCOUNTS
        if role_allows(a["role"], SPEAKS_FOR_ORGANIZATION)
    ]
    coordinator = accounts[0]
    review = review_open(
        proposal=proposal, actor=coordinator, deadline=timezone.localdate() + timedelta(days=7)
    )
    review_close(review=review, actor=coordinator, approve=True)
    proposal.refresh_from_db()
    for user in accounts:
        with contextlib.suppress(ValidationError):  # one endorsement per organization
            endorsement_give(proposal=proposal, user=user)
