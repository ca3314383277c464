"""What a proposal's kind means for its text: for a legislative amendment, the `##` headings that
name the documents of a bill package (explanatory note, text of the amendments, comparison
table, acts to be amended, financial justification). Any other `##` section of such a proposal
is internal (proposals.internal) unless marked `{в законопроект}`: members' pages box it, the
editor marks it, and the exports (submissions.legislative) leave it out.

Here, below the Markdown renderer and the submissions app, so that both read one convention.
"""

from collections.abc import Callable

from proposals.models import ProposalKind

SECTION_KEYS = {
    "explanatory_note": ("пояснительная записка", "explanatory note"),
    "bill": (
        "текст изменений",
        "текст законопроекта",
        "текст проекта",
        "text of the amendments",
        "text of the bill",
        "bill text",
    ),
    "comparison": ("сравнительная таблица", "comparison table"),
    "acts": ("перечень актов", "acts to be", "list of acts"),
    "financial": ("финансово-экономическое обоснование", "financial and economic", "financial"),
}


def section_key(heading: str) -> str | None:
    """The package document a `##` heading names (a key of SECTION_KEYS), or None."""
    normalized = heading.strip().lower().replace("ё", "е")
    for key, starts in SECTION_KEYS.items():
        if any(normalized.startswith(start) for start in starts):
            return key
    return None


def is_package_document(heading: str) -> bool:
    """Whether a `##` heading names one of the package's documents (else it is internal)."""
    return section_key(heading) is not None


def export_sections(proposal) -> Callable[[str], bool] | None:
    """For a legislative proposal, which `##` sections go into its package (the others are
    internal, boxed on members' pages); None for other kinds, whose sections all go."""
    if proposal.kind == ProposalKind.LEGISLATIVE_AMENDMENT:
        return is_package_document
    return None


def package_section_starts(proposal) -> list[str] | None:
    """For the editor: how a legislative proposal's document headings begin (the editor marks
    the other `##` sections internal, as the export does); None for other kinds."""
    if proposal.kind != ProposalKind.LEGISLATIVE_AMENDMENT:
        return None
    return [start for starts in SECTION_KEYS.values() for start in starts]
