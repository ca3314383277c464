"""What proposals adds to accord's pages and commands (see `accord.registry`)."""

from django.utils.translation import gettext_lazy as _

from accord import registry
from accord.access import Permission
from proposals.demo import seed_proposals
from proposals.models import Proposal
from proposals.selectors import proposals_visible_to
from proposals.services.review import reminders_send

RECENT_SHOWN = 10
ARCHIVED_SHOWN = 20


def dashboard_recent(*, request) -> dict:
    """The dashboard's "Recent proposals" of the user's groups."""
    return {"recent": list(proposals_visible_to(user=request.user)[:RECENT_SHOWN])}


def group_proposals(*, request, group) -> dict:
    """A group page's proposals: the live ones, and the latest archived ones folded away."""
    return {
        "proposals": list(group.proposals.filter(archived=False).select_related("created_by")),
        "archived": list(
            group.proposals.filter(archived=True).order_by("-updated_at")[:ARCHIVED_SHOWN]
        ),
    }


def live_proposals():
    return Proposal.objects.filter(archived=False)


def register() -> None:
    registry.dashboard_sections.register(
        registry.Section(
            key="proposals.recent",
            template="proposals/_dashboard_recent.html",
            context=dashboard_recent,
            order=60,
        )
    )
    registry.group_sections.register(
        registry.Section(
            key="proposals.list",
            template="proposals/_group_proposals.html",
            context=group_proposals,
            order=10,
        )
    )
    registry.group_links.register(
        registry.Link(
            key="proposals.create",
            label=_("New proposal"),
            url_name="proposal_create",
            need=Permission.EDIT,
            primary=True,
            order=10,
        )
    )
    registry.group_counts.register(
        registry.GroupCount(
            key="proposal_count", rows=live_proposals, template="proposals/_group_count.html"
        )
    )
    registry.daily_reminders.register(registry.Job(key="proposals.reminders", run=reminders_send))
    registry.demo_seeders.register(registry.Job(key="proposals.demo", run=seed_proposals, order=10))
