from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccordConfig(AppConfig):
    name = "accord"
    verbose_name = _("People and working groups")

    def ready(self):
        from axes.signals import user_locked_out

        from accord import (
            confirmations,  # noqa: F401  (registers the words asked before actions)
            contributions,
        )
        from accord.security import on_user_locked_out

        user_locked_out.connect(on_user_locked_out, dispatch_uid="accord.lockout_audit")
        contributions.register()
