from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccordConfig(AppConfig):
    name = "accord"
    verbose_name = _("People and working groups")
