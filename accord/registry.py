"""What the apps above accord add to its pages and commands, without accord importing them.

accord is the bottom layer (people, access, events, notifications): proposals, submissions and
the apps to come depend on it, never the other way round. Where an accord page or command shows
or runs something of theirs, they register it here from their `AppConfig.ready()`:

- `dashboard_sections` — blocks of the dashboard ("Submissions needing attention", "Recent
  proposals");
- `group_sections` — blocks of a group's main column (its proposals);
- `proposal_sections` — blocks of a proposal's page, below its text (the acts a bill amends);
- `approval_checks` — checks run before a proposal is approved (`Job.run(proposal=...)` returns
  problems, each a string; an approval with problems needs the approver's confirmation);
- `group_links` — buttons in a group page's head ("New proposal", "Submissions", …);
- `group_counts` — counts on the dashboard's group cards and in the groups API
  (`proposal_count`);
- `daily_reminders` — senders run by `manage.py send_digests` before the digests;
- `demo_seeders` — steps of `manage.py seed_demo` after the people and groups;
- `letter_marks` — marks printed on a package's cover letter (the public verification QR
  code: `Job.run(version=…)` returns `{"svg": …, "url": …}` or None);
- `submission_sections` — blocks of a submission's page (`context(request=, submission=)`).

Each list keeps its entries sorted by `order`, then by registration (INSTALLED_APPS order);
registering the same `key` again replaces the entry, so `ready()` may run twice (tests).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from accord.access import Permission


@dataclass(frozen=True)
class Section:
    """A block of a page: `template` rendered with the page's context plus `context(...)`.
    `context` takes the page's keyword arguments (`request`, and `group` on a group page) and
    returns the block's variables, or None to leave the block out."""

    key: str
    template: str
    context: Callable[..., dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class Link:
    """A button of a group page's head: `url_name` reversed with the group's id. `need` is the
    permission a member needs to see it; None shows it to all."""

    key: str
    label: str
    url_name: str
    need: Permission | None = None
    order: int = 100
    primary: bool = False


@dataclass(frozen=True)
class GroupCount:
    """A per-group count, annotated as `name` by `groups_for_user`: `rows()` is the queryset of
    counted rows (with a `group` foreign key); `template` shows it (`counter`) on a card."""

    key: str
    rows: Callable[[], QuerySet]
    template: str
    order: int = 100

    @property
    def name(self) -> str:
        return self.key


@dataclass(frozen=True)
class Job:
    """A step of a command: `run(**options)`; what it returns depends on the registry."""

    key: str
    run: Callable[..., Any]
    order: int = 100


@dataclass
class Registry:
    name: str
    entries: list = field(default_factory=list)

    def register(self, entry) -> None:
        self.entries = [e for e in self.entries if e.key != entry.key]
        self.entries.append(entry)
        # Stable: entries of equal order keep their registration order.
        self.entries.sort(key=lambda e: e.order)

    def unregister(self, key: str) -> None:
        self.entries = [e for e in self.entries if e.key != key]

    def __iter__(self):
        return iter(list(self.entries))


dashboard_sections = Registry("dashboard_sections")
group_sections = Registry("group_sections")
group_links = Registry("group_links")
proposal_sections = Registry("proposal_sections")
approval_checks = Registry("approval_checks")
# Links of a proposal's editor bar: `url_name` reversed with the proposal's public id.
proposal_links = Registry("proposal_links")
# Addresses the live editor's scripts call, as `config.urls[key]`: a Link's `url_name` reversed
# with the proposal's public id (legislation: "actMarks", the act sections and their problems).
editor_urls = Registry("editor_urls")
group_counts = Registry("group_counts")
# Job.run(today=None) -> the number of reminders sent.
daily_reminders = Registry("daily_reminders")
# Job.run(demo=accord.demo.DemoRun) -> None; it counts what it created or updated on `demo`.
demo_seeders = Registry("demo_seeders")
letter_marks = Registry("letter_marks")
submission_sections = Registry("submission_sections")


def render_sections(registry: Registry, **page) -> list[tuple[Section, dict[str, Any]]]:
    """The registry's sections that have something to show, each with its variables."""
    shown = []
    for section in registry:
        variables = section.context(**page)
        if variables is not None:
            shown.append((section, variables))
    return shown


@dataclass
class DemoRun:
    """What `seed_demo` has made so far, handed to every demo seeder in turn: the accounts by
    email, the member organizations, the groups by theme, and the counts of records created and
    updated. `summary` collects the parts of the closing line ("3 proposals")."""

    users: dict[str, Any]
    organizations: list
    groups: dict[str, Any]
    coordinator: Any
    created: int = 0
    updated: int = 0
    summary: list[str] = field(default_factory=list)
