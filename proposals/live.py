"""Proposals' side of live editing: the hooks realtime calls (registered in `ProposalsConfig`).

Realtime serves documents by id; what a document is, who may edit it and what an edit means
for the workflow are decided here.
"""

from django.db import transaction
from django.utils import timezone

from accord.access import Permission
from proposals.models import Proposal
from proposals.selectors import proposal_for_user
from proposals.services import versions
from proposals.workflow import proposal_new_draft_round
from realtime.hooks import Access, DocumentHooks


def live_authorize(*, user, public_id) -> Access:
    """Who may do what on a proposal's socket, by the same rule as the pages (Http404 / 403)."""
    proposal = proposal_for_user(
        user=user, proposal_id=public_id, need=Permission.VIEW, with_text=False
    )
    can_write = proposal.permissions.writable
    return Access(
        document_id=proposal.pk,
        public_id=proposal.public_id,
        can_write=can_write,
        name=user.display_name or user.email,
    )


def live_seed_text(*, document_id: int) -> str:
    """The Markdown a proposal's live document starts from."""
    return Proposal.objects.filter(pk=document_id).values_list("text", flat=True).first() or ""


def proposal_text_mirror(*, document_id: int, text: str) -> bool:
    """Copy the live document's text into `Proposal.text`; returns whether it changed.

    An approved proposal whose text now differs from the approved version starts a new draft
    round: its status goes back to draft (the approved version and its endorsements stay).
    """
    with transaction.atomic():
        changed = (
            Proposal.objects.filter(pk=document_id)
            .exclude(text=text)
            .update(text=text, updated_at=timezone.now())
        )
        if changed:
            proposal_new_draft_round(proposal_id=document_id, text=text)
    return bool(changed)


def live_idle(*, document_id: int) -> None:
    """Editing paused (or the last editor left): keep the stored text as an automatic version."""
    versions.version_automatic(proposal_id=document_id)


LIVE_HOOKS = DocumentHooks(
    authorize=live_authorize,
    seed_text=live_seed_text,
    on_text_changed=proposal_text_mirror,
    on_idle=live_idle,
)
