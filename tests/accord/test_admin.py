"""The admin writes memberships through accord.services: the service's rules apply there (a group
keeps a coordinator, the organization belongs to the group), each change is audited, and a
refusal is shown on the form with nothing changed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.models import AuditEvent, Membership, Organization, Role
from tests import factories

KEEP_ONE = (
    "В рабочей группе должен оставаться хотя бы один координатор.",
    "A working group must keep at least one coordinator.",
)


@pytest.fixture
def staff(client, world):
    superuser = factories.UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    return superuser


def _membership(world, role):
    return Membership.objects.get(group=world.group, user=world.users[role])


def _change(client, membership, role, organization=None):
    url = reverse("admin:accord_membership_change", args=[membership.pk])
    organization = organization or membership.organization
    return client.post(url, {"role": role, "organization": organization.pk, "_save": "1"})


def _says_keep_one(response) -> bool:
    html = response.content.decode()
    return any(text in html for text in KEEP_ONE)


def test_admin_refuses_to_demote_the_last_coordinator_on_the_form(client, world, staff):
    coordinator = _membership(world, Role.COORDINATOR)
    events = AuditEvent.objects.count()
    response = _change(client, coordinator, Role.EDITOR)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert _says_keep_one(response)
    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR
    assert AuditEvent.objects.count() == events


def test_admin_changes_a_role_through_the_service_and_audits_it(client, world, staff):
    editor = _membership(world, Role.EDITOR)
    response = _change(client, editor, Role.OBSERVER)
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.role == Role.OBSERVER
    event = AuditEvent.objects.get(action="membership.changed")
    assert event.actor == staff
    assert event.details["to"] == Role.OBSERVER


def test_admin_puts_the_services_field_error_on_its_field(client, world, staff):
    editor = _membership(world, Role.EDITOR)
    foreign = Organization.objects.create(name="Чужая организация")
    response = _change(client, editor, Role.EDITOR, organization=foreign)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["organization"]
    editor.refresh_from_db()
    assert editor.organization == world.organization


def test_admin_refuses_to_remove_the_last_coordinator(client, world, staff):
    coordinator = _membership(world, Role.COORDINATOR)
    url = reverse("admin:accord_membership_delete", args=[coordinator.pk])
    response = client.post(url, {"post": "yes"}, follow=True)
    assert _says_keep_one(response)
    assert Membership.objects.filter(pk=coordinator.pk).exists()
    assert not AuditEvent.objects.filter(action="membership.removed").exists()
    # Positive control: another member is removed, through the service.
    observer = _membership(world, Role.OBSERVER)
    url = reverse("admin:accord_membership_delete", args=[observer.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=observer.pk).exists()
    assert AuditEvent.objects.filter(action="membership.removed", actor=staff).count() == 1


def test_admin_adds_a_member_through_the_service(client, world, staff):
    newcomer = factories.UserFactory(email="newcomer@example.test")
    response = client.post(
        reverse("admin:accord_membership_add"),
        {"user": newcomer.pk, "group": world.group.pk, "role": Role.COMMENTER, "_save": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.get(user=newcomer, group=world.group).role == Role.COMMENTER
    assert AuditEvent.objects.filter(action="membership.added", actor=staff).count() == 1


def _group_form(world, roles: dict[int, str]) -> dict:
    """The group's admin form, its inline memberships with the given roles (by membership pk)."""
    created = timezone.localtime(world.group.created_at)
    memberships = list(Membership.objects.filter(group=world.group).order_by("pk"))
    assert len(memberships) == len(Role.values)
    data = {
        "name": world.group.name,
        "theme": world.group.theme,
        "description": world.group.description,
        "approval_rule": world.group.approval_rule,
        "organizations": [world.organization.pk],
        "created_at_0": created.date().isoformat(),
        "created_at_1": created.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "_save": "1",
    }
    for index, membership in enumerate(memberships):
        prefix = f"memberships-{index}"
        data[f"{prefix}-id"] = membership.pk
        data[f"{prefix}-group"] = world.group.pk
        data[f"{prefix}-user"] = membership.user_id
        data[f"{prefix}-role"] = roles.get(membership.pk, membership.role)
        data[f"{prefix}-organization"] = membership.organization_id or ""
    return data


def test_the_group_page_keeps_a_coordinator_and_allows_a_handover(client, world, staff):
    url = reverse("admin:accord_workinggroup_change", args=[world.group.pk])
    coordinator, editor = _membership(world, Role.COORDINATOR), _membership(world, Role.EDITOR)
    response = client.post(url, _group_form(world, {coordinator.pk: Role.EDITOR}))
    assert response.status_code == 200
    assert _says_keep_one(response)
    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR
    assert not AuditEvent.objects.filter(action="membership.changed").exists()
    # A handover in one save: the editor is promoted before the coordinator steps down.
    handover = {coordinator.pk: Role.EDITOR, editor.pk: Role.COORDINATOR}
    response = client.post(url, _group_form(world, handover))
    assert response.status_code == 302, response.content.decode()[:3000]
    coordinator.refresh_from_db()
    editor.refresh_from_db()
    assert (coordinator.role, editor.role) == (Role.EDITOR, Role.COORDINATOR)
    assert AuditEvent.objects.filter(action="membership.changed", actor=staff).count() == 2
