from django.apps import AppConfig


class LegislationConfig(AppConfig):
    name = "legislation"
    verbose_name = "Legislation"
