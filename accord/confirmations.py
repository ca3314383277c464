"""The words of the group pages' irreversible actions, asked before they run (accord/confirm.py)."""

from django.utils.translation import gettext as _

from accord.confirm import Confirmation, confirmation


@confirmation("membership_remove")
def _membership_remove(membership) -> Confirmation:
    values = {"name": membership.user.display_name}
    return Confirmation(
        title=_("Remove %(name)s from the group?") % values,
        text=_(
            "%(name)s loses access to this group at once: its proposals, comments and documents. "
            "What they wrote stays. To come back they need a new invitation."
        )
        % values,
        button=_("Remove %(name)s") % values,
    )


@confirmation("invitation_revoke")
def _invitation_revoke(invitation) -> Confirmation:
    values = {"email": invitation.email}
    return Confirmation(
        title=_("Withdraw the invitation to %(email)s?") % values,
        text=_(
            "The link sent to %(email)s stops working at once. You can send a new invitation later."
        )
        % values,
        button=_("Withdraw the invitation"),
    )
