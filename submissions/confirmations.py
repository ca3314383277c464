"""The words of the submissions' irreversible actions, asked before they run (accord/confirm.py)."""

from django.utils.translation import gettext as _

from accord.confirm import Confirmation, confirmation


@confirmation("recipient_archive")
def _recipient_archive(recipient) -> Confirmation:
    values = {"name": str(recipient)}
    return Confirmation(
        title=_("Archive %(name)s?") % values,
        text=_(
            "%(name)s can no longer be chosen for new packages. Packages already sent keep them, "
            "and the archive can return them to the directory."
        )
        % values,
        button=_("Archive"),
    )
