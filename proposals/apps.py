from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        # What proposals adds to accord's pages and commands (accord never imports proposals).
        from proposals import contributions

        contributions.register()
