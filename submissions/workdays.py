"""Working days in Russia: where a 59-FZ due date falling on a day off moves to.

Public holidays (Labour Code art. 112, with a holiday on a weekend moved to the next working day)
come from the maintained `holidays` package. The government's yearly transfers of days off
(переносы выходных дней: weekdays made days off, Saturdays made working days) are kept in
`submissions/data/production_calendar_ru.toml`, where each year names its decree; that file wins
where it and the package differ. A year the file lacks is still computed from the package alone,
and a warning is logged once per process (the register shows it to coordinators and `manage.py
check` raises it, see `missing_years`).

`ACCORD_DEADLINE_NONWORKING` says where a due date on a day off goes: `next` (the default; Civil
Code art. 193: a term ending on a non-working day ends on the next working day), `previous` (the
record-keeping rule of many bodies: a document due on a day off is executed on the working day
before it) or `none` (the date stays; pages still say it is a day off). Dates are calendar dates
in Moscow time, as `timezone.localdate()` gives them.
"""

import logging
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

CALENDAR_FILE = Path(__file__).resolve().parent / "data" / "production_calendar_ru.toml"

NEXT = "next"
PREVIOUS = "previous"
NONE = "none"
RULES = (NEXT, PREVIOUS, NONE)

# The longest run of days off in the Russian calendar is the New Year holidays with transfers
# (12 days: 31 Dec 2025 – 11 Jan 2026); a move never goes further than this. Selectors widen
# their date filters by it before deciding in Python.
LONGEST_SHIFT_DAYS = 16

_SATURDAY = 5


@dataclass(frozen=True)
class YearTransfers:
    year: int
    decree: str
    verified: bool
    days_off: frozenset[date]
    working_days: frozenset[date]


@dataclass(frozen=True)
class DueDate:
    """A due date as the law counts it (`legal`) and the working day it moves to (`effective`)."""

    legal: date
    effective: date
    nonworking: bool

    @property
    def moved(self) -> bool:
        return self.effective != self.legal


@cache
def transfers() -> dict[int, YearTransfers]:
    """The yearly transfers of the data file, by year (read once per process)."""
    with CALENDAR_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return {
        int(year): YearTransfers(
            year=int(year),
            decree=section.get("decree", ""),
            verified=section.get("status") == "verified",
            days_off=frozenset(section.get("days_off", ())),
            working_days=frozenset(section.get("working_days", ())),
        )
        for year, section in data.items()
    }


def missing_years(years) -> list[int]:
    """The years among `years` whose transfers the data file does not hold."""
    known = transfers()
    return sorted({year for year in years if year not in known})


@cache
def _calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off on weekdays, working days on weekends) for `year`."""
    import holidays  # on first use: the package takes ~0.2 s to import, ~0.5 s more per country

    package = holidays.country_holidays("RU", years=year)
    days_off = {day for day in package if day.weekday() < _SATURDAY}
    working = {day for day in package.weekend_workdays if day.year == year}
    listed = transfers().get(year)
    if listed is None:
        logger.warning(
            "The production calendar has no transfers of days off for %d (%s): due dates that "
            "year follow the public holidays and the holidays package only.",
            year,
            CALENDAR_FILE.name,
        )
    else:
        days_off = (days_off | listed.days_off) - listed.working_days
        working = (working | listed.working_days) - listed.days_off
    return frozenset(days_off), frozenset(working)


def is_working_day(day: date) -> bool:
    days_off, working = _calendar(day.year)
    if day.weekday() >= _SATURDAY:
        return day in working
    return day not in days_off


def _rule() -> str:
    rule = settings.ACCORD_DEADLINE_NONWORKING
    if rule not in RULES:
        raise ImproperlyConfigured(
            f"ACCORD_DEADLINE_NONWORKING must be one of {', '.join(RULES)}, not {rule!r}."
        )
    return rule


def due_date(legal: date) -> DueDate:
    """`legal` and the day it moves to under `ACCORD_DEADLINE_NONWORKING`."""
    if is_working_day(legal):
        return DueDate(legal=legal, effective=legal, nonworking=False)
    rule = _rule()
    effective = legal
    if rule != NONE:
        step = timedelta(days=1 if rule == NEXT else -1)
        effective += step
        while not is_working_day(effective):
            effective += step
    return DueDate(legal=legal, effective=effective, nonworking=True)
