"""`seed_demo` builds the demo of the 2005 conference; running it again changes nothing."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from accord.models import Membership, Organization, Role, Theme, User, WorkingGroup
from proposals import demo_data as proposals_demo_data
from proposals.markdown import render_markdown
from proposals.models import Proposal
from submissions.models import Recipient, RecipientKind

DEMO_ROLES = {
    "coordinator@example.org": Role.COORDINATOR,
    "editor@example.org": Role.EDITOR,
    "commenter@example.org": Role.COMMENTER,
    "observer@example.org": Role.OBSERVER,
}


def sign_in_request():
    """authenticate() needs the request: django-axes counts attempts per address."""
    return RequestFactory().post("/accounts/login/")


def _counts():
    return tuple(
        model.objects.count()
        for model in (User, Organization, WorkingGroup, Membership, Proposal, Recipient)
    )


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def test_seed_is_idempotent(seeded):
    before = _counts()
    texts = list(Proposal.objects.order_by("pk").values_list("text", flat=True))
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == before
    assert list(Proposal.objects.order_by("pk").values_list("text", flat=True)) == texts


def test_eight_groups_of_the_conference_with_their_member_organizations(seeded):
    groups = WorkingGroup.objects.all()
    assert sorted(groups.values_list("theme", flat=True)) == sorted(
        theme for theme in Theme.values if theme != Theme.OTHER
    )
    assert Organization.objects.count() >= 12
    cities = set(Organization.objects.values_list("city", flat=True))
    assert {"Москва", "Новосибирск", "Владивосток", "Хабаровск"} <= cities
    for group in groups:
        assert group.organizations.count() >= 3


def test_demo_accounts_have_exactly_their_roles(seeded):
    groups = WorkingGroup.objects.count()
    for email, role in DEMO_ROLES.items():
        user = User.objects.get(email=email)
        roles = list(Membership.objects.filter(user=user).values_list("role", flat=True))
        assert roles == [role] * groups, email
        assert authenticate(sign_in_request(), username=email, password="accord-demo") == user
    outsider = User.objects.get(email="outsider@example.org")
    assert not Membership.objects.filter(user=outsider).exists()
    assert (
        authenticate(sign_in_request(), username="outsider@example.org", password="accord-demo")
        == outsider
    )


def test_one_realistic_russian_draft_per_group(seeded):
    for group in WorkingGroup.objects.all():
        proposal = Proposal.objects.get(group=group)
        html = render_markdown(proposal.text)
        assert proposal.text.count("\n## ") >= 3, proposal.title
        assert "<table>" in html
        assert "<ul>" in html or "<ol>" in html
        assert any("а" <= char <= "я" for char in proposal.text.lower())


def test_seed_restores_a_changed_role(seeded):
    membership = Membership.objects.filter(user__email="editor@example.org").first()
    membership.role = Role.OBSERVER
    membership.save()
    call_command("seed_demo", stdout=StringIO())
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


def test_each_group_has_its_committee_ministry_and_the_conference_deputies(seeded):
    for group in WorkingGroup.objects.all():
        recipients = Recipient.objects.filter(group=group)
        kinds = sorted(recipients.values_list("kind", flat=True))
        assert kinds == sorted(
            [RecipientKind.COMMITTEE, RecipientKind.MINISTRY, *[RecipientKind.DEPUTY] * 2]
        ), group.name
        deputies = {recipient.addressee_name for recipient in recipients.filter(kind="deputy")}
        assert deputies == {"В. Похмелкину", "С. Попову"}
        committee = recipients.get(kind=RecipientKind.COMMITTEE)
        assert committee.position_dative.startswith("Председателю Комитета Государственной Думы")
        assert committee.postal_address == "ул. Охотный Ряд, д. 1, Москва, 103265"
        minister = recipients.get(kind=RecipientKind.MINISTRY)
        assert minister.position_dative.startswith("Министру ")
        for recipient in recipients:
            assert "2005" in recipient.notes or "Демонстрационные" in recipient.notes


def test_seeding_twice_keeps_the_recipients_and_restores_a_changed_one(seeded):
    per_group = {group.pk: group.recipients.count() for group in WorkingGroup.objects.all()}
    recipient = Recipient.objects.filter(kind=RecipientKind.COMMITTEE).first()
    recipient.surname_dative = "Испорчено"
    recipient.save()
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert {group.pk: group.recipients.count() for group in WorkingGroup.objects.all()} == per_group
    assert set(per_group.values()) == {4}
    recipient.refresh_from_db()
    assert recipient.surname_dative != "Испорчено"


def _check_digit_ok(number: str, weights: list[int]) -> bool:
    return sum(int(d) * w for d, w in zip(number, weights, strict=False)) % 11 % 10 == int(
        number[len(weights)]
    )


def test_organizations_have_well_formed_sender_details(seeded):
    for organization in Organization.objects.all():
        assert organization.legal_name.endswith("»"), organization.name
        assert organization.postal_address[:6].isdigit(), organization.name
        assert organization.phone.startswith("+7 ")
        assert organization.email.endswith(".example.org")
        ogrn, inn, kpp = re.fullmatch(
            r"ОГРН (\d{13}), ИНН/КПП (\d{10})/(\d{9})", organization.registration_numbers
        ).groups()
        assert int(ogrn[:12]) % 11 % 10 == int(ogrn[12]), organization.name
        assert _check_digit_ok(inn, [2, 4, 10, 3, 5, 9, 4, 6, 8]), organization.name
        assert kpp[:4] == inn[:4]


def test_one_proposal_is_approved_and_endorsed_ready_to_send(seeded):
    from proposals.models import Endorsement

    # Approved, endorsed and (by the publication step, docs/publication.md) sent: «submitted».
    approved = Proposal.objects.filter(approved_version__isnull=False)
    assert approved.count() == 1
    proposal = approved.get()
    assert proposal.group.theme == proposals_demo_data.APPROVED_THEME
    endorsements = Endorsement.objects.filter(version=proposal.approved_version)
    assert endorsements.count() >= 2
    assert {e.sha256 for e in endorsements} == {proposal.approved_version.sha256}


def test_demo_admin_signs_in_to_the_admin_and_creates_an_api_token(seeded, client):
    """The README's token step, as a reader follows it: sign in as admin@example.org, add a
    token for a member in /admin/authtoken/tokenproxy/, call the API with it."""
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_staff
    assert admin.is_superuser
    assert not Membership.objects.filter(user=admin).exists()
    signed_in = client.post(
        "/accounts/login/", {"username": "admin@example.org", "password": "accord-demo"}
    )
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200
    editor = User.objects.get(email="editor@example.org")
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": editor.pk, "_save": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    key = editor.auth_token.key
    client.logout()
    me = client.get("/api/me/", headers={"Authorization": f"Token {key}"})
    assert me.status_code == 200
    assert me.json()["email"] == "editor@example.org"


def test_no_demo_account_but_the_admin_may_open_the_admin(seeded):
    staff = set(User.objects.filter(is_staff=True).values_list("email", flat=True))
    assert staff == {"admin@example.org"}


@pytest.mark.django_db
def test_a_fresh_database_has_no_admin_account():
    """Only seed_demo makes the demo admin: migrations create no user at all."""
    assert not User.objects.exists()
