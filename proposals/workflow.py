"""The proposal workflow: which status may follow which, and the only writers of the status and
of the archive flag.

Nothing else writes `Proposal.status` or `Proposal.archived`: not the API, the forms or the admin.
The review, approval and tracking services call `proposal_transition()`; the live text mirror calls
`proposal_new_draft_round()` when the approved text is edited; renaming's `proposal_update` and the
archive page call `proposal_archive()`. The database refuses an approved-or-later status without an
approved version (constraint `proposal_approved_has_version`). A test
(tests/proposals/test_workflow_matrix.py) greps the code for any other writer.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.models import User
from accord.services import audit_record
from proposals.models import AGREED_STATUSES, Proposal, ProposalStatus, Version
from realtime.events import proposal_event

S = ProposalStatus

# status → the statuses it may move to, and the action that moves it there:
#   → in_review  review_open (a new round also after approval or an answer)
#   → approved   review_close, approving (records the approved version first)
#   → draft      review_close, not approving; or the approved text edited (a new draft round)
#   → submitted  submission_record, the first sending of an approved proposal
#   → answered   submission_answer, the first answer to a submitted proposal
#   → withdrawn  proposal_withdraw, from anywhere; nothing leaves it
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.IN_REVIEW, S.WITHDRAWN}),
    S.IN_REVIEW: frozenset({S.APPROVED, S.DRAFT, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.SUBMITTED, S.IN_REVIEW, S.DRAFT, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.ANSWERED, S.WITHDRAWN}),
    S.ANSWERED: frozenset({S.IN_REVIEW, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset(),
}


def transition_allowed(*, current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, frozenset())


@transaction.atomic
def proposal_transition(
    *, proposal: Proposal, to: str, actor: User | None, reason: str = ""
) -> Proposal:
    """Move the proposal to status `to`, if the workflow allows it from its stored status.

    Locks the proposal row and reads the status and approved version from it (not from the
    instance); raises ValidationError for a refused move. Audited as `proposal.status`; the open
    pages get a `proposal.status` event after commit (callers send their own events besides).
    """
    current, approved_version_id = (
        Proposal.objects.select_for_update()
        .values_list("status", "approved_version_id")
        .get(pk=proposal.pk)
    )
    if not transition_allowed(current=current, to=to):
        raise ValidationError(
            _("A proposal cannot go from “%(current)s” to “%(to)s”.")
            % {"current": S(current).label, "to": S(to).label if to in S.values else to}
        )
    if to in AGREED_STATUSES and approved_version_id is None:
        raise ValidationError(
            _("Only a proposal with an approved version can be approved or sent.")
        )
    proposal.status = to
    proposal.save(update_fields=["status"])
    audit_record(
        group=proposal.group,
        actor=actor,
        proposal=proposal,
        action="proposal.status",
        summary=_("Status: %(current)s → %(to)s") % {"current": S(current).label, "to": S(to).label}
        + (f" ({reason})" if reason else ""),
        details={"from": current, "to": to, **({"reason": reason} if reason else {})},
    )
    proposal_event(proposal=proposal, kind="proposal.status", data={"from": current, "to": to})
    return proposal


@transaction.atomic
def proposal_new_draft_round(*, proposal_id: int, text: str) -> bool:
    """A new draft round: an approved proposal whose live text no longer equals its approved
    version goes back to draft (the approved version and its endorsements stay).

    For the live text mirror, after it stored `text`. Locks the proposal row; True if it moved.
    """
    approved = (
        Proposal.objects.select_for_update()
        .filter(pk=proposal_id, status=S.APPROVED)
        .select_related("group")
        .first()
    )
    if approved is None or approved.approved_version_id is None:
        return False
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if Version.objects.filter(pk=approved.approved_version_id, sha256=sha).exists():
        return False
    proposal_transition(
        proposal=approved, to=S.DRAFT, actor=None, reason=_("the approved text was edited")
    )
    return True


@transaction.atomic
def proposal_archive(*, proposal: Proposal, actor: User | None, archived: bool) -> Proposal:
    """Archive (read-only, out of the group's list) or restore a proposal, whatever its status.

    Locks the row; setting the flag it already has changes nothing. Audited as `proposal.archived`
    or `proposal.unarchived`; the open pages get a `proposal.archived` event after commit.
    """
    current = (
        Proposal.objects.select_for_update().values_list("archived", flat=True).get(pk=proposal.pk)
    )
    if current == archived:
        proposal.archived = current
        return proposal
    proposal.archived = archived
    proposal.updated_at = timezone.now()
    proposal.save(update_fields=["archived", "updated_at"])
    audit_record(
        group=proposal.group,
        actor=actor,
        proposal=proposal,
        action="proposal.archived" if archived else "proposal.unarchived",
        summary=_("Archived") if archived else _("Restored from the archive"),
    )
    proposal_event(proposal=proposal, kind="proposal.archived", data={"archived": archived})
    return proposal
