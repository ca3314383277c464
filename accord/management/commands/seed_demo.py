"""Fill the database with the demo working groups of the 2005 Moscow conference."""

import contextlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accord import demo_data
from accord.access import role_allows, role_manages
from accord.models import Membership, Organization, User, WorkingGroup
from accord.services import (
    membership_add,
    membership_update,
    organization_create,
    organization_update,
    user_create,
    user_set_password,
    working_group_create,
)
from proposals.models import Proposal
from proposals.services import proposal_create
from proposals.services.review import (
    SPEAKS_FOR_ORGANIZATION,
    endorsement_give,
    review_close,
    review_open,
)
from submissions import demo_data as submissions_demo_data
from submissions.models import Recipient
from submissions.services.recipients import UPSERT_KEY, recipient_create, recipient_update


class Command(BaseCommand):
    help = (
        "Create the demo working groups, member organizations, draft proposals, recipients and "
        "accounts "
        f"(password {demo_data.DEMO_PASSWORD!r}). Running it again creates no duplicates."
    )

    def handle(self, *args, **options):
        self.created = 0
        self.updated = 0
        # Demo data announces nothing (emails are sent after commit, so the whole run is
        # covered): the notifications are kept in the app, no email goes out.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            users = {account["email"]: self._user(account) for account in demo_data.ACCOUNTS}
            organizations = [self._organization(spec) for spec in demo_data.ORGANIZATIONS]
            coordinator = next(
                users[account["email"]]
                for account in demo_data.ACCOUNTS
                if role_manages(account["role"])
            )
            proposals = {spec["theme"]: spec for spec in demo_data.PROPOSALS}
            for spec in demo_data.GROUPS:
                members = [
                    organization
                    for organization, org_spec in zip(
                        organizations, demo_data.ORGANIZATIONS, strict=True
                    )
                    if spec["theme"] in org_spec["themes"]
                ]
                group = self._group(spec, members)
                self._memberships(group, members, users)
                self._proposal(group, proposals[spec["theme"]], author=coordinator)
                self._recipients(group, submissions_demo_data.RECIPIENTS[spec["theme"]])
                if spec["theme"] == demo_data.APPROVED_THEME:
                    self._approved(group, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(demo_data.GROUPS)} groups, "
                f"{len(demo_data.ORGANIZATIONS)} organizations, "
                f"{len(demo_data.PROPOSALS)} proposals, {len(demo_data.ACCOUNTS)} accounts "
                f"(records created: {self.created}, updated: {self.updated})."
            )
        )

    def _user(self, account) -> User:
        user = User.objects.filter(email__iexact=account["email"]).first()
        if user is None:
            self.created += 1
            return user_create(
                email=account["email"],
                password=demo_data.DEMO_PASSWORD,
                display_name=account["display_name"],
            )
        if not user.has_usable_password():
            user_set_password(user=user, password=demo_data.DEMO_PASSWORD)
            self.updated += 1
        return user

    def _organization(self, spec) -> Organization:
        organization = Organization.objects.filter(name=spec["name"]).first()
        if organization is None:
            self.created += 1
            fields = {key: value for key, value in spec.items() if key != "themes"}
            organization = organization_create(**fields)
        self._organization_details(organization)
        return organization

    def _organization_details(self, organization) -> None:
        """The sender block of cover letters: legal name, address, phone, email, numbers."""
        details = submissions_demo_data.ORGANIZATION_DETAILS.get(organization.name, {})
        if organization_update(organization=organization, **details):
            self.updated += 1

    def _group(self, spec, members) -> WorkingGroup:
        group = WorkingGroup.objects.filter(name=spec["name"]).first()
        if group is None:
            self.created += 1
            group = working_group_create(
                name=spec["name"],
                theme=spec["theme"],
                description=spec["description"],
                organizations=members,
                approval_rule=spec["approval_rule"],
            )
        return group

    def _memberships(self, group, members, users) -> None:
        """Give each demo account its role; account i represents member organization i, in turn."""
        in_group = set(group.organizations.values_list("pk", flat=True))
        members = [organization for organization in members if organization.pk in in_group]
        # The coordinator comes first, so a group never loses its last coordinator on the way.
        accounts = [account for account in demo_data.ACCOUNTS if account["role"]]
        for index, account in enumerate(accounts):
            user = users[account["email"]]
            organization = members[index % len(members)] if members else None
            membership = Membership.objects.filter(group=group, user=user).first()
            if membership is None:
                self.created += 1
                membership_add(
                    group=group, user=user, role=account["role"], organization=organization
                )
            elif (membership.role, membership.organization_id) != (
                account["role"],
                organization.pk if organization else None,
            ):
                self.updated += 1
                membership_update(
                    membership=membership, role=account["role"], organization=organization
                )

    def _proposal(self, group, spec, *, author) -> None:
        if Proposal.objects.filter(group=group, title=spec["title"]).exists():
            return
        self.created += 1
        proposal_create(
            group=group,
            author=author,
            title=spec["title"],
            kind=spec["kind"],
            text=f"# {spec['title']}\n\n{spec['text']}",
        )

    def _approved(self, group, users) -> None:
        """One proposal ready to be sent: approved by the coordinator, endorsed by the member
        organizations the demo accounts represent. Left alone once it has moved on."""
        proposal = Proposal.objects.filter(group=group).order_by("pk").first()
        if proposal is None or proposal.approved_version_id or proposal.status != "draft":
            return
        self.updated += 1
        accounts = [
            users[a["email"]]
            for a in demo_data.ACCOUNTS
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

    def _recipients(self, group, specs) -> None:
        """The group's committee, ministry and conference deputies, updated to the demo data."""
        for spec in specs:
            key = {name: spec.get(name, "") for name in UPSERT_KEY}
            recipient = Recipient.objects.filter(group=group, **key).first()
            if recipient is None:
                self.created += 1
                recipient_create(group=group, actor=None, **spec)
            elif any(getattr(recipient, name) != value for name, value in spec.items()):
                self.updated += 1
                recipient_update(recipient=recipient, actor=None, **spec)
