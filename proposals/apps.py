from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        # What proposals adds to accord's pages and commands (accord never imports proposals).
        from proposals import (
            confirmations,  # noqa: F401  (registers the words asked before actions)
            contributions,
        )

        contributions.register()
        # Proposals own the live documents: realtime calls these hooks (see realtime/hooks.py).
        from proposals.live import LIVE_HOOKS
        from realtime.hooks import hooks_register

        hooks_register(LIVE_HOOKS)
