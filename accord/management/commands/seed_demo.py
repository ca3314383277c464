"""Fill the database with the demo working groups of the 2005 Moscow conference."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accord import demo_data, registry
from accord.access import role_manages
from accord.models import Membership, Organization, User, WorkingGroup
from accord.services import (
    membership_add,
    membership_update,
    organization_create,
    user_create,
    user_grant_site_admin,
    user_set_password,
    working_group_create,
)


class Command(BaseCommand):
    help = (
        "Create the demo working groups, member organizations, draft proposals, recipients and "
        "accounts "
        f"(password {demo_data.DEMO_PASSWORD!r}). Running it again creates no duplicates."
    )

    def handle(self, *args, **options):
        """The people and groups here, then every registered demo seeder in order (the
        proposals, then the submissions' recipients: `accord.registry.demo_seeders`)."""
        self.created = 0
        self.updated = 0
        # Demo data announces nothing (emails are sent after commit, so the whole run is
        # covered): the notifications are kept in the app, no email goes out.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            users = {account["email"]: self._user(account) for account in demo_data.ACCOUNTS}
            self._site_admin(demo_data.ADMIN_ACCOUNT)
            organizations = [self._organization(spec) for spec in demo_data.ORGANIZATIONS]
            coordinator = next(
                users[account["email"]]
                for account in demo_data.ACCOUNTS
                if role_manages(account["role"])
            )
            groups = {}
            for spec in demo_data.GROUPS:
                members = [
                    organization
                    for organization, org_spec in zip(
                        organizations, demo_data.ORGANIZATIONS, strict=True
                    )
                    if spec["theme"] in org_spec["themes"]
                ]
                groups[spec["theme"]] = group = self._group(spec, members)
                self._memberships(group, members, users)
            demo = registry.DemoRun(
                users=users,
                organizations=organizations,
                groups=groups,
                coordinator=coordinator,
                created=self.created,
                updated=self.updated,
                summary=[
                    f"{len(demo_data.GROUPS)} groups",
                    f"{len(demo_data.ORGANIZATIONS)} organizations",
                ],
            )
            for seeder in registry.demo_seeders:
                seeder.run(demo=demo)
        summary = ", ".join([*demo.summary, f"{len(demo_data.ACCOUNTS) + 1} accounts"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {summary} "
                f"(records created: {demo.created}, updated: {demo.updated})."
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

    def _site_admin(self, account) -> User:
        created_before = self.created
        user = self._user(account)
        if not (user.is_staff and user.is_superuser):
            user_grant_site_admin(user=user)
            self.updated += self.created == created_before
        return user

    def _organization(self, spec) -> Organization:
        organization = Organization.objects.filter(name=spec["name"]).first()
        if organization is None:
            self.created += 1
            fields = {key: value for key, value in spec.items() if key != "themes"}
            organization = organization_create(**fields)
        return organization

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
