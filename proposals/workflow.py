"""The proposal workflow: which status may follow which, and the one function that writes it.

Nothing else writes `Proposal.status`: not the API, the forms or the admin. The review, approval
and tracking services (and the live editor, when approved text changes) call
`proposal_transition()`; the database refuses an approved-or-later status without an approved
version (constraint `proposal_approved_has_version`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.models import User
from accord.services import audit_record
from proposals.models import AGREED_STATUSES, Proposal, ProposalStatus

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
    instance); raises ValidationError for a refused move. Audited as `proposal.status`. Callers
    send their own events.
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
    return proposal
