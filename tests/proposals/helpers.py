"""Building blocks for review tests: anchors on the live text, and proposals at each stage."""

import base64
from datetime import timedelta

from django.utils import timezone
from pycrdt import StickyIndex

from accord.models import ApprovalRule, Role
from proposals.models import Proposal
from proposals.services import review
from realtime import store
from tests import factories


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def seed_anchors(proposal: Proposal, quote: str) -> tuple[bytes, bytes]:
    """Yjs anchors around the first `quote` in a freshly seeded live document.

    Seeding writes the whole text as one item of the seed client, whose clocks count UTF-16
    units, so the anchors are exactly what Yjs in the browser would make for that selection:
    the start sticks to the quote's first unit (assoc 0), the end to its last (assoc -1).
    """
    updates = store.document_load(proposal_id=proposal.pk)
    text = store.document_text(updates)
    assert len(updates) == 1, "the live text has been edited; anchor it with Yjs instead"
    start = utf16_length(text[: text.index(quote)])
    end = start + utf16_length(quote)

    def encoded(clock: int, assoc: int) -> bytes:
        item = {"client": store.SEED_CLIENT_ID, "clock": clock}
        return StickyIndex.from_json({"item": item, "assoc": assoc}).encode()

    return encoded(start, 0), encoded(end - 1, -1)


def thread_payload(proposal: Proposal, quote: str, **fields) -> dict:
    """The JSON body of `POST /api/proposals/<id>/threads/` for a passage."""
    start, end = seed_anchors(proposal, quote)
    return {
        "anchor_start": base64.b64encode(start).decode(),
        "anchor_end": base64.b64encode(end).decode(),
        "quote": quote,
        **fields,
    }


def in_a_week():
    return timezone.localdate() + timedelta(days=7)


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
