"""accord.registry: what the apps above accord add to its pages, in order, without duplicates."""

import pytest
from django.urls import reverse

from accord import registry
from accord.models import Role


def test_entries_are_ordered_and_a_key_registered_again_replaces_its_entry():
    pages = registry.Registry("test")
    pages.register(registry.Job(key="late", run=lambda: 2, order=20))
    pages.register(registry.Job(key="early", run=lambda: 1, order=10))
    pages.register(registry.Job(key="late", run=lambda: 3, order=20))
    assert [(job.key, job.run()) for job in pages] == [("early", 1), ("late", 3)]


def test_the_apps_register_their_contributions_once():
    assert [s.key for s in registry.dashboard_sections] == [
        "submissions.attention",
        "accord.groups",
        "proposals.recent",
    ]
    assert [s.key for s in registry.group_sections] == ["proposals.list"]
    assert [link.key for link in registry.group_links] == [
        "proposals.create",
        "legislation.acts",
        "submissions.register",
        "submissions.recipients",
        "submissions.platform",
        "publication.manage",
    ]
    assert [count.name for count in registry.group_counts] == ["proposal_count"]
    assert [job.key for job in registry.daily_reminders] == ["proposals.reminders"]
    assert [job.key for job in registry.demo_seeders] == [
        "legislation.demo",
        "proposals.demo",
        "submissions.demo",
        "publication.demo",
    ]


@pytest.mark.django_db
def test_group_page_shows_new_proposal_only_to_members_who_may_edit(client, world):
    url = reverse("group_detail", args=[world.group.pk])
    create = reverse("proposal_create", args=[world.group.pk])
    shown = {}
    for role in (Role.COORDINATOR, Role.EDITOR, Role.COMMENTER, Role.OBSERVER):
        client.force_login(world.users[role])
        html = client.get(url).content.decode()
        assert reverse("recipients_list", args=[world.group.pk]) in html
        shown[role] = create in html
    assert shown == {
        Role.COORDINATOR: True,
        Role.EDITOR: True,
        Role.COMMENTER: False,
        Role.OBSERVER: False,
    }
