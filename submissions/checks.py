"""`manage.py check`: the due-date rule is known and the production calendar covers this year."""

from django.conf import settings
from django.core import checks
from django.utils import timezone

from submissions import workdays


@checks.register()
def production_calendar_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    rule = settings.ACCORD_DEADLINE_NONWORKING
    if rule not in workdays.RULES:
        return [
            checks.Error(
                f"ACCORD_DEADLINE_NONWORKING is {rule!r}.",
                hint=f"Use one of: {', '.join(workdays.RULES)}.",
                id="submissions.E001",
            )
        ]
    year = timezone.localdate().year
    if workdays.missing_years([year]):
        return [
            checks.Warning(
                f"The production calendar holds no transfers of days off for {year}.",
                hint=(
                    f"Add the government's decree for {year} to "
                    f"submissions/data/{workdays.CALENDAR_FILE.name} (docs/submissions.md)."
                ),
                id="submissions.W001",
            )
        ]
    return []
