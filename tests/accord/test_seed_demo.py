"""`seed_demo` builds the demo of the 2005 conference; running it again changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from accord.models import Membership, Organization, Role, Theme, User, WorkingGroup
from proposals.markdown import render_markdown
from proposals.models import Proposal

DEMO_ROLES = {
    "coordinator@example.org": Role.COORDINATOR,
    "editor@example.org": Role.EDITOR,
    "commenter@example.org": Role.COMMENTER,
    "observer@example.org": Role.OBSERVER,
}


def _counts():
    return tuple(
        model.objects.count() for model in (User, Organization, WorkingGroup, Membership, Proposal)
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
        assert authenticate(username=email, password="accord-demo") == user
    outsider = User.objects.get(email="outsider@example.org")
    assert not Membership.objects.filter(user=outsider).exists()
    assert authenticate(username="outsider@example.org", password="accord-demo") == outsider


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
