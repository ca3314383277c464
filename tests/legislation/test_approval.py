"""Approving a bill whose proposed wording has unresolved cross-references needs an explicit
confirmation, recorded in the audit log; without one it is refused with a clear message."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.models import ApprovalRule, AuditEvent, Role
from legislation.proposal_acts import section_for
from proposals.models import ProposalKind, ProposalStatus
from proposals.services import review
from tests.legislation.test_acts import add
from tests.proposals.helpers import proposal_in_review

BROKEN = ("1. Органы государственной власти", "1. В соответствии с частью 9 статьи 4 органы власти")


def _in_review(world, *, broken=True):
    world.group.approval_rule = ApprovalRule.COORDINATOR
    world.group.save(update_fields=["approval_rule"])
    act = add(world)
    section = section_for(act).replace("возраста 18 лет", "возраста восемнадцати лет")
    if broken:
        section = section.replace(*BROKEN, 1)
    text = "# Законопроект\n\n## Пояснительная записка\n\nЗачем.\n\n" + section
    return proposal_in_review(world, text=text, kind=ProposalKind.LEGISLATIVE_AMENDMENT)


def test_approval_with_broken_references_is_refused_without_confirmation(world):
    proposal = _in_review(world)
    current = review.open_review(proposal)
    with pytest.raises(ValidationError, match=r"неразрешённые ссылки|unresolved cross-references"):
        review.review_close(review=current, actor=world.users[Role.COORDINATOR], approve=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW
    assert not AuditEvent.objects.filter(action="review.broken_references_confirmed").exists()


def test_confirmed_approval_is_recorded_in_the_audit_log(world):
    proposal = _in_review(world)
    review.review_close(
        review=review.open_review(proposal),
        actor=world.users[Role.COORDINATOR],
        approve=True,
        confirm_broken_references=True,
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    event = AuditEvent.objects.get(action="review.broken_references_confirmed")
    assert event.actor == world.users[Role.COORDINATOR]
    assert any("частью 9 статьи 4" in problem for problem in event.details["problems"])


def test_no_confirmation_needed_without_broken_references_or_to_reject(world):
    proposal = _in_review(world, broken=False)
    review.review_close(
        review=review.open_review(proposal), actor=world.users[Role.COORDINATOR], approve=True
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


def test_the_review_form_carries_the_confirmation_checkbox(client, world):
    proposal = _in_review(world)
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("review_close", args=[proposal.public_id])
    page = client.get(reverse("proposal_detail", args=[proposal.public_id])).content.decode()
    assert 'name="confirm_broken_references"' in page
    client.post(url, {"decision": "approve", "confirm": "1"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW
    client.post(url, {"decision": "approve", "confirm_broken_references": "1", "confirm": "1"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
