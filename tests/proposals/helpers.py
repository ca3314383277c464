"""Building blocks for review tests: anchors on the live text, and proposals at each stage."""

import base64

from accord.models import ApprovalRule, Role
from proposals.models import Proposal
from proposals.services import review
from tests import factories


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


seed_anchors = factories.passage_anchors
in_a_week = factories.in_a_week


def thread_payload(proposal: Proposal, quote: str, **fields) -> dict:
    """The JSON body of `POST /api/proposals/<id>/threads/` for a passage."""
    start, end = seed_anchors(proposal, quote)
    return {
        "anchor_start": base64.b64encode(start).decode(),
        "anchor_end": base64.b64encode(end).decode(),
        "quote": quote,
        **fields,
    }


def majority_group(world):
    world.group.approval_rule = ApprovalRule.MAJORITY
    world.group.save(update_fields=["approval_rule"])
    return world.group


def proposal_in_review(world, **fields) -> Proposal:
    proposal = factories.ProposalFactory(
        group=world.group, created_by=world.users[Role.EDITOR], **fields
    )
    review.review_open(proposal=proposal, actor=world.users[Role.COORDINATOR], deadline=in_a_week())
    return proposal


def approved_proposal(world, **fields) -> Proposal:
    """A proposal approved by its coordinator (whatever the group's rule says)."""
    proposal = proposal_in_review(world, **fields)
    current = review.open_review(proposal)
    if current.rule == ApprovalRule.MAJORITY:
        review.vote_cast(review=current, user=world.users[Role.COORDINATOR], choice="approve")
    review.review_close(review=current, actor=world.users[Role.COORDINATOR], approve=True)
    proposal.refresh_from_db()
    return proposal
