"""What submissions adds to accord's pages and commands (see `accord.registry`)."""

from django.utils.translation import gettext_lazy as _

from accord import registry
from accord.access import Permission
from accord.timezones import legal_today
from submissions.demo import seed_submissions
from submissions.selectors import submissions_needing_attention

ATTENTION_SHOWN = 20


def dashboard_attention(*, request) -> dict | None:
    """The dashboard's "Submissions needing attention" (left out when there are none)."""
    attention = submissions_needing_attention(request.user, legal_today())
    if not attention:
        return None
    return {
        "attention": attention[:ATTENTION_SHOWN],
        "attention_more": max(len(attention) - ATTENTION_SHOWN, 0),
    }


def register() -> None:
    registry.dashboard_sections.register(
        registry.Section(
            key="submissions.attention",
            template="submissions/_dashboard_attention.html",
            context=dashboard_attention,
            order=10,
        )
    )
    for order, (key, label, url_name) in enumerate(
        (
            ("submissions.register", _("Submissions"), "submission_register_page"),
            ("submissions.recipients", _("Recipients"), "recipients_list"),
            ("submissions.platform", _("Platform (PDF)"), "platform_page"),
        ),
        start=20,
    ):
        registry.group_links.register(
            registry.Link(key=key, label=label, url_name=url_name, order=order)
        )
    registry.proposal_links.register(
        registry.Link(
            key="submissions.draft_docx",
            label=_("Download draft (.docx)"),
            url_name="proposal_draft_docx",
            need=Permission.VIEW,
        )
    )
    registry.demo_seeders.register(
        registry.Job(key="submissions.demo", run=seed_submissions, order=20)
    )
