"""The words of publication's irreversible actions, asked before they run (accord/confirm.py)."""

from django.utils.translation import gettext as _

from accord.confirm import Confirmation, confirmation


@confirmation("proposal_unpublish")
def _proposal_unpublish(proposal) -> Confirmation:
    return Confirmation(
        title=_("Remove «%(title)s» from the public pages?") % {"title": proposal.title},
        text=_(
            "Its public page, its lines in the bodies table and its verification answer "
            "disappear at once; the address answers «not found». You can publish it again later."
        ),
        button=_("Unpublish"),
    )
