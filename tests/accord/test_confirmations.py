"""Nothing irreversible on one click (accord/confirm.py): for each such action a POST without
`confirm=1` changes nothing and answers with a page saying what would happen, whose form carries
the fields of the POST and the confirmation; the same POST with `confirm=1` does it."""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from accord.models import Invitation, Membership, Role
from proposals.models import Proposal, ProposalStatus, Version, VersionKind
from proposals.services.versions import text_replace, version_create
from publication.models import ProposalPublication
from submissions.models import Recipient
from tests import factories
from tests.proposals.helpers import proposal_in_review
from tests.publication.helpers import sent_record

COORDINATOR = Role.COORDINATOR


@dataclass
class Case:
    url: str
    data: dict
    state: Any  # () -> a value that the action changes
    words: str  # a phrase of the confirmation's text, as shown in Russian


def _restore(world) -> Case:
    proposal = world.proposal
    version_create(proposal=proposal, kind=VersionKind.NAMED, label="Исходная")
    text_replace(proposal=proposal, author=world.users[Role.EDITOR], target="Другое.\n")
    return Case(
        reverse("version_restore", args=[proposal.public_id, 1]),
        {},
        lambda: Version.objects.filter(proposal=proposal).count(),
        "Восстановить версию 1?",
    )


def _status(proposal):
    return lambda: Proposal.objects.get(pk=proposal.pk).status


def _approve(world) -> Case:
    proposal = proposal_in_review(world)
    url = reverse("review_close", args=[proposal.public_id])
    return Case(url, {"decision": "approve"}, _status(proposal), "Одобрить «")


def _reject(world) -> Case:
    proposal = proposal_in_review(world)
    url = reverse("review_close", args=[proposal.public_id])
    return Case(url, {"decision": "reject"}, _status(proposal), "Закрыть обсуждение без одобрения?")


def _withdraw(world) -> Case:
    proposal = proposal_in_review(world)
    url = reverse("proposal_withdraw", args=[proposal.public_id])
    return Case(url, {}, _status(proposal), "Отозвать «")


def _archive(world) -> Case:
    proposal = world.proposal
    return Case(
        reverse("proposal_archive", args=[proposal.public_id]),
        {"archived": "1"},
        lambda: Proposal.objects.get(pk=proposal.pk).archived,
        "Перенести в архив «",
    )


def _remove_member(world) -> Case:
    membership = Membership.objects.get(group=world.group, user=world.users[Role.EDITOR])
    return Case(
        reverse("membership_change", args=[world.group.pk, membership.pk]),
        {"action": "remove"},
        lambda: Membership.objects.filter(pk=membership.pk).exists(),
        "Исключить",
    )


def _revoke(world) -> Case:
    invitation = factories.make_invitation(group=world.group, invited_by=world.users[COORDINATOR])
    return Case(
        reverse("invitation_revoke", args=[world.group.pk, invitation.pk]),
        {},
        lambda: Invitation.objects.filter(pk=invitation.pk).values_list().first(),
        "Отозвать приглашение",
    )


def _archive_recipient(world) -> Case:
    recipient = factories.make_recipient(group=world.group)
    return Case(
        reverse("recipient_archive", args=[world.group.pk, recipient.pk]),
        {},
        lambda: Recipient.objects.get(pk=recipient.pk).archived,
        "Перенести в архив",
    )


def _unpublish(world) -> Case:
    record = sent_record(world)
    proposal = record.proposal
    return Case(
        reverse("publication_proposal_unpublish", args=[world.group.pk, proposal.public_id]),
        {},
        lambda: ProposalPublication.objects.get(proposal=proposal).published,
        "Снять «",
    )


ACTIONS = {
    "version_restore": _restore,
    "review_approve": _approve,
    "review_reject": _reject,
    "proposal_withdraw": _withdraw,
    "proposal_archive": _archive,
    "membership_remove": _remove_member,
    "invitation_revoke": _revoke,
    "recipient_archive": _archive_recipient,
    "proposal_unpublish": _unpublish,
}


@pytest.mark.parametrize("action", ACTIONS)
def test_a_post_without_the_confirmation_changes_nothing_and_asks(client, world, action):
    case = ACTIONS[action](world)
    client.force_login(world.users[COORDINATOR])
    before = case.state()
    response = client.post(case.url, case.data)
    assert response.status_code == 200
    assert case.state() == before
    html = response.content.decode()
    assert case.words in html
    page = html[html.index('id="confirm-page-title"') :]
    form = re.search(r'<form method="post" action="([^"]*)"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    assert form.group(1) in (case.url, "")
    assert '<input type="hidden" name="confirm" value="1">' in form.group(2)
    for key, value in case.data.items():
        assert f'<input type="hidden" name="{key}" value="{value}">' in form.group(2)


@pytest.mark.parametrize("action", ACTIONS)
def test_the_same_post_with_the_confirmation_does_it(client, world, action):
    case = ACTIONS[action](world)
    client.force_login(world.users[COORDINATOR])
    before = case.state()
    response = client.post(case.url, {**case.data, "confirm": "1"})
    assert response.status_code == 302
    assert case.state() != before


def test_a_confirmation_other_than_1_is_no_confirmation(client, world):
    proposal = proposal_in_review(world)
    client.force_login(world.users[COORDINATOR])
    url = reverse("proposal_withdraw", args=[proposal.public_id])
    for value in ("", "0", "yes", "true"):
        assert client.post(url, {"confirm": value}).status_code == 200
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.IN_REVIEW


def test_the_confirmation_page_keeps_the_access_rules(client, world):
    """The page is shown only to whom the action itself is allowed."""
    proposal = proposal_in_review(world)
    client.force_login(world.users[Role.EDITOR])
    response = client.post(reverse("proposal_withdraw", args=[proposal.public_id]))
    assert response.status_code == 403


def test_the_buttons_carry_the_words_for_the_dialog(client, world):
    proposal = proposal_in_review(world)
    client.force_login(world.users[COORDINATOR])
    html = client.get(reverse("proposal_detail", args=[proposal.public_id])).content.decode()
    approve = re.search(r'<button[^>]*value="approve"[^>]*>', html).group(0)
    assert 'data-confirm="' in approve
    assert 'data-confirm-title="Одобрить «' in approve
    withdraw = re.search(r'<form[^>]*class="review__withdraw"[^>]*>', html).group(0)
    assert 'data-confirm-button="Отозвать предложение"' in withdraw


def test_the_api_contracts_are_unchanged(client, world):
    """The token API is a separate view: it neither asks nor needs the field."""
    proposal = proposal_in_review(world)
    client.force_login(world.users[COORDINATOR])
    response = client.post(
        f"/api/proposals/{proposal.public_id}/review/close/",
        {"approve": True},
        content_type="application/json",
    )
    assert response.status_code in (200, 201)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.APPROVED
