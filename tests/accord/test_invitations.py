"""Invitations: a signed link that expires, works once and only for the invited address."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accord import services
from accord.models import Invitation, Membership, Role
from tests import factories


def _invite(world, email="new.member@example.test", role=Role.EDITOR, **extra):
    return services.invitation_create(
        group=world.group,
        invited_by=world.users[Role.COORDINATOR],
        email=email,
        role=role,
        organization=world.organization,
        accept_url_builder=lambda token: f"http://testserver/invitations/{token}/",
        **extra,
    )


def _token_url(invitation):
    return reverse("invitation_accept", args=[services.invitation_token(invitation)])


def test_coordinator_invites_by_email_and_the_link_is_mailed(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users[Role.COORDINATOR])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("group_members", args=[world.group.pk]),
            {"email": "New.Member@Example.test", "role": Role.COMMENTER},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(group=world.group)
    assert invitation.email == "new.member@example.test"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.member@example.test"]
    assert "/invitations/" in mail.outbox[0].body


def test_new_person_signs_up_through_the_link_and_joins_with_the_role(client, world):
    invitation = _invite(world)
    url = _token_url(invitation)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "display_name": "Новый Участник",
            "password1": "Длинный-пароль-2026",
            "password2": "Длинный-пароль-2026",
            "preferred_language": "ru",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(group=world.group, user__email="new.member@example.test")
    assert membership.role == Role.EDITOR
    assert membership.organization == world.organization
    assert client.get(reverse("group_detail", args=[world.group.pk])).status_code == 200


def test_known_person_signed_in_joins(client, world):
    person = factories.UserFactory(email="known@example.test")
    invitation = _invite(world, email="known@example.test", role=Role.OBSERVER)
    client.force_login(person)
    response = client.post(_token_url(invitation))
    assert response.status_code == 302
    assert Membership.objects.get(group=world.group, user=person).role == Role.OBSERVER


def test_link_works_once(client, world):
    person = factories.UserFactory(email="once@example.test")
    invitation = _invite(world, email="once@example.test")
    url = _token_url(invitation)
    client.force_login(person)
    client.post(url)
    response = client.get(url)
    assert response.status_code == 410
    assert Membership.objects.filter(group=world.group, user=person).count() == 1
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=person)


def test_expired_link_is_refused(client, world):
    person = factories.UserFactory(email="late@example.test")
    invitation = _invite(world, email="late@example.test")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    client.force_login(person)
    assert client.get(_token_url(invitation)).status_code == 410
    assert client.post(_token_url(invitation)).status_code == 410
    assert not Membership.objects.filter(group=world.group, user=person).exists()


def test_expired_signature_is_refused(world, settings):
    invitation = _invite(world, email="sig@example.test")
    token = services.invitation_token(invitation)
    settings.ACCORD_INVITATION_MAX_AGE = timedelta(seconds=-1)
    with translation.override("en"), pytest.raises(ValidationError, match="expired"):
        services.invitation_from_token(token)


def test_tampered_link_is_refused(client, world):
    invitation = _invite(world)
    token = services.invitation_token(invitation)
    response = client.get(reverse("invitation_accept", args=[token[:-2] + "xx"]))
    assert response.status_code == 410


def test_wrong_user_cannot_accept(client, world):
    invitation = _invite(world, email="intended@example.test")
    intruder = factories.UserFactory(email="intruder@example.test")
    client.force_login(intruder)
    page = client.get(_token_url(invitation))
    assert page.status_code == 200
    assert "intended@example.test" in page.content.decode()
    client.post(_token_url(invitation))
    assert not Membership.objects.filter(group=world.group, user=intruder).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_revoked_link_is_refused(client, world):
    invitation = _invite(world)
    services.invitation_revoke(invitation=invitation)
    assert client.get(_token_url(invitation)).status_code == 410


def test_inviting_a_member_again_is_refused(world):
    with pytest.raises(ValidationError):
        _invite(world, email=world.users[Role.EDITOR].email)


def test_last_coordinator_cannot_be_demoted_or_removed(world):
    coordinator = Membership.objects.get(group=world.group, role=Role.COORDINATOR)
    with pytest.raises(ValidationError):
        services.membership_update(membership=coordinator, role=Role.EDITOR)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=coordinator)
    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR


def test_coordinator_can_step_down_when_another_remains(world):
    editor = Membership.objects.get(group=world.group, role=Role.EDITOR)
    services.membership_update(membership=editor, role=Role.COORDINATOR)
    coordinator = Membership.objects.get(group=world.group, user=world.users[Role.COORDINATOR])
    services.membership_update(membership=coordinator, role=Role.OBSERVER)
    assert Membership.objects.filter(group=world.group, role=Role.COORDINATOR).count() == 1


def test_last_coordinator_page_shows_the_reason(client, world):
    coordinator = Membership.objects.get(group=world.group, role=Role.COORDINATOR)
    client.force_login(world.users[Role.COORDINATOR])
    response = client.post(
        reverse("membership_change", args=[world.group.pk, coordinator.pk]),
        {f"m{coordinator.pk}-role": Role.EDITOR},
        follow=True,
    )
    assert (
        "координатор" in response.content.decode().lower()
        or "coordinator" in response.content.decode().lower()
    )
    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR
