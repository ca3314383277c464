"""What legislation adds to accord's pages and commands (see `accord.registry`)."""

from django.utils.translation import gettext_lazy as _

from accord import registry
from legislation.demo import seed_legislation
from legislation.models import Act
from legislation.problems import BROKEN_REFERENCE, shown
from legislation.proposal_acts import amendments_of, draft_of
from proposals.markdown import render_markdown
from proposals.models import ProposalKind


def proposal_acts(*, request, proposal) -> dict | None:
    """A bill proposal's acts: the ones it amends with the generated bill and comparison rows,
    the problems found (broken references among them), and the "Amend an act…" action."""
    if proposal.kind != ProposalKind.LEGISLATIVE_AMENDMENT:
        return None
    sections = amendments_of(text=proposal.text, group=proposal.group)
    acts = list(Act.objects.filter(group=proposal.group_id).defer("text"))
    if not sections and not acts:
        return None
    result = draft_of(sections)
    amended = {section.act_id for section in sections}
    return {
        "act_sections": sections,
        "draft": result,
        "bill_html": render_markdown(result.bill) if result and result.bill else "",
        "problems": shown(result.problems) if result else [],
        "amendable": [act for act in acts if act.pk not in amended],
        "can_amend": proposal.permissions.writable,
    }


def broken_references(*, proposal) -> list[str]:
    """Before approval: the unresolved cross-references of the proposed wording."""
    if proposal.kind != ProposalKind.LEGISLATIVE_AMENDMENT:
        return []
    result = draft_of(amendments_of(text=proposal.text, group=proposal.group_id))
    if result is None:
        return []
    return [
        f"{problem['unit']}: {problem['text']}"
        for problem in result.problems
        if problem["kind"] == BROKEN_REFERENCE
    ]


def register() -> None:
    registry.group_links.register(
        registry.Link(key="legislation.acts", label=_("Acts"), url_name="acts_list", order=15)
    )
    registry.editor_urls.register(
        registry.Link(key="actMarks", label="", url_name="proposal_act_marks")
    )
    registry.proposal_sections.register(
        registry.Section(
            key="legislation.acts",
            template="legislation/_proposal_acts.html",
            context=proposal_acts,
            order=10,
        )
    )
    registry.demo_seeders.register(
        registry.Job(key="legislation.demo", run=seed_legislation, order=5)
    )
    registry.approval_checks.register(
        registry.Job(key="legislation.broken_references", run=broken_references)
    )
