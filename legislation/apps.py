from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "legislation"
    verbose_name = _("Legislation")

    def ready(self):
        from legislation import contributions

        # What legislation adds to accord's pages and commands (accord never imports it).
        contributions.register()
