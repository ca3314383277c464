"""The bill, comparison table and list of acts GENERATED for a bill proposal that amends acts in
place (legislation.proposal_acts: `## … {акт N}` sections holding the proposed wording).

They replace the hand-written `## Текст изменений`, `## Сравнительная таблица` and `## Перечень
актов …` of such a proposal in its package (submissions.content); the explanatory note and the
financial justification stay the members' own text. The act sections themselves are internal:
they never reach an official (they are not package documents, see submissions.legislative).
"""

import re
from dataclasses import dataclass, field

from legislation.proposal_acts import amendments_of, draft_of
from submissions.legislative import ComparisonRow

_ARTICLE = re.compile(r"^\*\*Статья \d+(?:\.\d+)?\*\*$")
_SIGNATURE = "Президент Российской Федерации"
# A comparison cell is a law's wording, not Markdown: «1.» and «-» opening a line are text.
_LINE_MARK = re.compile(r"(?m)^(\s*)(\d+)\.(\s)|^(\s*)([-+*])(\s)")
ABSENT = "Норма отсутствует."


@dataclass(frozen=True)
class Generated:
    title: str  # «О внесении изменений в Федеральный закон …»
    bill: str  # Markdown: the articles, without the title page and the signature block
    rows: tuple[ComparisonRow, ...] = ()
    acts: tuple[str, ...] = ()
    problems: tuple[dict, ...] = field(default_factory=tuple)


def _plain(wording: str) -> str:
    """A unit's wording as Markdown paragraphs: one a line, line-start marks escaped."""
    escaped = _LINE_MARK.sub(
        lambda m: f"{m[1]}{m[2]}\\.{m[3]}" if m[2] else f"{m[4]}\\{m[5]}{m[6]}", wording.strip()
    )
    return "\n\n".join(line for line in escaped.splitlines() if line.strip())


def split_bill(markdown: str) -> tuple[str, str]:
    """(title, articles) of legislation's bill Markdown: the lines before «Статья 1» are the
    title page («Проект», the kind, the title in bold), the signature block closes it."""
    paragraphs = markdown.strip().split("\n\n")
    start = next((i for i, p in enumerate(paragraphs) if _ARTICLE.match(p.strip())), None)
    if start is None:
        return "", ""
    end = next((i for i, p in enumerate(paragraphs) if p.startswith(_SIGNATURE)), len(paragraphs))
    head = [p.strip().strip("*") for p in paragraphs[:start]]
    title = head[-1] if len(head) >= 3 else ""
    return title, "\n\n".join(paragraphs[start:end]).strip()


def generated_documents(*, text: str, group) -> Generated | None:
    """The generated documents of a bill proposal's text, or None when it amends no act of the
    group (then the hand-written convention applies) or its wording gives no bill."""
    sections = amendments_of(text=text, group=group)
    result = draft_of(sections)
    if result is None:
        return None
    title, body = split_bill(result.bill)
    if not body:
        return None
    rows = tuple(
        ComparisonRow(
            provision=row["unit"],
            current=_plain(row["current"]) or ABSENT,
            proposed=_plain(row["proposed"]) or ABSENT,
            rationale="",
        )
        for row in result.comparison
    )
    return Generated(
        title=title, bill=body, rows=rows, acts=tuple(result.acts), problems=tuple(result.problems)
    )


def acts_markdown(acts: tuple[str, ...]) -> str:
    """The list of acts as the list convention reads it (submissions.bill.split_acts)."""
    return "\n".join(f"{number}. {act}" for number, act in enumerate(acts, start=1))


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    present: bool
    generated: bool = False


def checklist(*, parts, introduced_by: str) -> list[ChecklistItem]:
    """The documents a bill package needs (State Duma Regulation, art. 105), each present or
    missing: `parts` are the package's parts of the bill (submissions.content.proposal_parts)."""
    by_key = {part.key: part for part in parts}

    def has(key: str) -> bool:
        part = by_key.get(key)
        return part is not None and bool(part.markdown.strip() or part.comparison)

    generated_bill = "bill" in by_key and by_key["bill"].heading.startswith("О внесении измен")
    return [
        ChecklistItem(
            "title_page", "Титульный лист «Вносится депутатом …»", bool(introduced_by.strip())
        ),
        ChecklistItem("bill", "Текст законопроекта", has("bill"), generated_bill),
        ChecklistItem("explanatory_note", "Пояснительная записка", has("explanatory_note")),
        ChecklistItem("comparison", "Сравнительная таблица", has("comparison"), generated_bill),
        ChecklistItem(
            "acts",
            "Перечень актов, подлежащих признанию утратившими силу, приостановлению, изменению "
            "или принятию",
            has("acts"),
            generated_bill,
        ),
        ChecklistItem(
            "financial",
            "Финансово-экономическое обоснование (или указание, что оно не требуется)",
            has("financial"),
        ),
    ]
