from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "publication"
    verbose_name = _("Publication")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from publication import (
            cache,
            confirmations,  # noqa: F401  (registers the words asked before actions)
            contributions,
        )

        # What publication adds to the lower apps' pages, letters and commands.
        contributions.register()
        cache.connect()
        from django.db.models.signals import post_save

        from publication.answers import read_on_upload
        from submissions.models import Submission

        post_save.connect(read_on_upload, sender=Submission, dispatch_uid="publication-read")
