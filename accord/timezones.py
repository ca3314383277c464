"""Time zones: each user's own, for every time the site shows, and the one legal dates are kept in.

A user's `time_zone` is an IANA name, or "" while they have not chosen one (the site's zone,
`settings.TIME_ZONE`, Moscow, applies). `TimeZoneMiddleware` (accord/middleware.py) activates the
zone for each request, so templates' `|date` and `timezone.localtime()` follow it.

Legal dates stay in the site's zone whoever looks at them: 59-FZ due dates counted in Moscow
working days, registration and sending dates, review deadlines. Code computing "today" for them
calls `legal_today()`, not `timezone.localdate()` (which now gives the viewer's day); pages name
that zone beside such dates (`{% legal_zone %}`, accord_tags).
"""

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Russia's zones, west to east, with the city each is known by; listed first in the settings.
RUSSIAN_ZONES = {
    "Europe/Kaliningrad": _("Kaliningrad"),
    "Europe/Moscow": _("Moscow"),
    "Europe/Volgograd": _("Volgograd"),
    "Europe/Kirov": _("Kirov"),
    "Europe/Samara": _("Samara"),
    "Europe/Saratov": _("Saratov"),
    "Europe/Ulyanovsk": _("Ulyanovsk"),
    "Europe/Astrakhan": _("Astrakhan"),
    "Asia/Yekaterinburg": _("Yekaterinburg"),
    "Asia/Omsk": _("Omsk"),
    "Asia/Novosibirsk": _("Novosibirsk"),
    "Asia/Barnaul": _("Barnaul"),
    "Asia/Tomsk": _("Tomsk"),
    "Asia/Novokuznetsk": _("Novokuznetsk"),
    "Asia/Krasnoyarsk": _("Krasnoyarsk"),
    "Asia/Irkutsk": _("Irkutsk"),
    "Asia/Chita": _("Chita"),
    "Asia/Yakutsk": _("Yakutsk"),
    "Asia/Vladivostok": _("Vladivostok"),
    "Asia/Sakhalin": _("Sakhalin"),
    "Asia/Magadan": _("Magadan"),
    "Asia/Srednekolymsk": _("Srednekolymsk"),
    "Asia/Kamchatka": _("Kamchatka"),
    "Asia/Anadyr": _("Anadyr"),
}


@cache
def _available() -> frozenset[str]:
    return frozenset(available_timezones())


def is_valid_time_zone(name: str) -> bool:
    return isinstance(name, str) and name in _available()


def validate_time_zone(name: str) -> None:
    """The model field's validator: "" (not chosen) or a zone the system's tz database knows."""
    if name and not is_valid_time_zone(name):
        raise ValidationError(_("Unknown time zone: %(zone)s."), params={"zone": name})


def legal_zone() -> ZoneInfo:
    """The zone legal dates are kept in: the site's (settings.TIME_ZONE)."""
    return ZoneInfo(settings.TIME_ZONE)


def legal_today() -> date:
    """Today in the legal zone, whichever zone the request has activated."""
    return timezone.localdate(None, legal_zone())


def user_zone_name(user) -> str:
    """The zone the user sees times in: their choice, else the site's."""
    name = getattr(user, "time_zone", "") or ""
    return name if is_valid_time_zone(name) else settings.TIME_ZONE


def utc_offset(name: str, at: datetime | None = None) -> str:
    """ "UTC+3", "UTC+5:30", "UTC" for the zone at `at` (now by default)."""
    at = at or timezone.now()
    minutes = int(at.astimezone(ZoneInfo(name)).utcoffset().total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_city(name: str) -> str:
    """A zone's name for people: the city for Russia's zones, else the IANA name."""
    label = RUSSIAN_ZONES.get(name)
    return str(label) if label is not None else name.replace("_", " ")


def zone_label(name: str, at: datetime | None = None) -> str:
    """«Москва, UTC+3»."""
    return gettext("%(city)s, %(offset)s") % {
        "city": zone_city(name),
        "offset": utc_offset(name, at),
    }


def time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """For a select: Russia's zones first, then every other zone the system knows."""
    now = timezone.now()
    russian = [(name, zone_label(name, now)) for name in RUSSIAN_ZONES if is_valid_time_zone(name)]
    others = sorted(
        name
        for name in _available()
        if name not in RUSSIAN_ZONES and ("/" in name or name == "UTC")
    )
    return [
        (gettext("Russia"), russian),
        (gettext("All time zones"), [(name, zone_label(name, now)) for name in others]),
    ]


@transaction.atomic
def user_update_time_zone(*, user, time_zone: str):
    """The user chose a zone (their settings page). Raises ValidationError for an unknown one."""
    if not is_valid_time_zone(time_zone):
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    if user.time_zone != time_zone:
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])
    return user


@transaction.atomic
def user_adopt_browser_time_zone(*, user, time_zone: str) -> bool:
    """At sign-in: adopt the browser's zone once, for a user who has not chosen one. A chosen
    zone is never overridden; an unknown or empty name is ignored. True if it was adopted."""
    if user.time_zone or not is_valid_time_zone(time_zone or ""):
        return False
    # Another tab may have adopted one meanwhile: only "" is overwritten.
    updated = type(user).objects.filter(pk=user.pk, time_zone="").update(time_zone=time_zone)
    if updated:
        user.time_zone = time_zone
    return bool(updated)
