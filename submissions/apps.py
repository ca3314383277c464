from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Submissions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from submissions import (
            checks,  # noqa: F401  (registers the system checks)
            confirmations,  # noqa: F401  (registers the words asked before actions)
            contributions,
        )

        # What submissions adds to accord's pages and commands (accord never imports it).
        contributions.register()
