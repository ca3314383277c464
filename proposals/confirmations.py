"""The words of the proposals' irreversible actions, asked before they run (accord/confirm.py)."""

from django.utils.translation import gettext as _

from accord.confirm import Confirmation, confirmation


@confirmation("version_restore")
def _version_restore(version) -> Confirmation:
    values = {"number": version.number}
    return Confirmation(
        title=_("Restore version %(number)d?") % values,
        text=_(
            "The live text is replaced by the text of version %(number)d for everyone editing "
            "it now. The current text is first saved as a version of its own, so nothing is lost "
            "and it can be restored in turn."
        )
        % values,
        button=_("Restore version %(number)d") % values,
    )


@confirmation("review_approve")
def _review_approve(proposal) -> Confirmation:
    return Confirmation(
        title=_("Approve «%(title)s»?") % {"title": proposal.title},
        text=_(
            "The review closes and the current text is frozen as the approved version: it can "
            "then be endorsed and sent to officials. Later edits make a new draft that needs a "
            "review of its own. The approval cannot be undone."
        ),
        button=_("Approve"),
    )


@confirmation("review_reject")
def _review_reject(proposal) -> Confirmation:
    return Confirmation(
        title=_("Close the review without approving?"),
        text=_(
            "The review of «%(title)s» closes as not approved; the votes cast are kept. The text "
            "stays a draft, and a new review can be opened later."
        )
        % {"title": proposal.title},
        button=_("Do not approve"),
    )


@confirmation("review_count")
def _review_count(proposal) -> Confirmation:
    return Confirmation(
        title=_("Close the review and count the votes?"),
        text=_(
            "Voting on «%(title)s» ends now; the organizations that have not voted cannot vote "
            "any more. If the majority approves, the current text is frozen as the approved "
            "version."
        )
        % {"title": proposal.title},
        button=_("Close and count"),
    )


@confirmation("proposal_withdraw")
def _proposal_withdraw(proposal) -> Confirmation:
    return Confirmation(
        title=_("Withdraw «%(title)s»?") % {"title": proposal.title},
        text=_(
            "The proposal is withdrawn: an open review closes as not approved, and it can no "
            "longer be reviewed, endorsed or sent. Its text and history are kept."
        ),
        button=_("Withdraw the proposal"),
    )


@confirmation("proposal_archive")
def _proposal_archive(proposal) -> Confirmation:
    return Confirmation(
        title=_("Archive «%(title)s»?") % {"title": proposal.title},
        text=_(
            "The proposal leaves the group's list and can no longer be edited by anyone. Its text "
            "and history are kept, and a coordinator or editor can return it from the archive."
        ),
        button=_("Archive"),
    )
