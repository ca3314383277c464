"""The Markdown convention of legislative proposals: sections by level-2 heading, comparison rows.

A legislative amendment's text is split at its `##` headings. These headings (Russian or English,
any case) name the documents of a bill package:

    ## Пояснительная записка            ## Explanatory note
    ## Текст изменений                  ## Text of the amendments
    ## Сравнительная таблица            ## Comparison table
    ## Перечень актов …                 ## Acts to be amended
    ## Финансово-экономическое …        ## Financial and economic justification

Any other `##` section is internal (proposals.internal: kept for members, never exported) unless
its heading ends with `{в законопроект}` (or `{bill}`), which puts it into the bill's text.
Sections and passages marked internal (`{внутреннее}`, `::: внутреннее`) are left out as well.

The comparison table is written either as a Markdown table of three columns (current wording |
proposed wording | rationale), or, for long wordings, as one `###` heading per provision with three
labelled passages:

    ### Статья 5, часть 3
    Действующая редакция: …
    Предлагаемая редакция: …
    Обоснование: …

A label may be bold (`**Действующая редакция:**`) and its passage may run over several paragraphs.
Rows whose cells hold only «…» (the starter's placeholders) are skipped. docs/submissions.md
documents the convention for members. The document headings themselves are in proposals.kinds
(the renderer boxes the other sections on members' pages).
"""

import re
from dataclasses import dataclass, field

from proposals import internal
from proposals.kinds import SECTION_KEYS, is_package_document, section_key

_LABELS = {
    "current": ("действующая редакция", "current wording"),
    "proposed": ("предлагаемая редакция", "proposed wording"),
    "rationale": ("обоснование", "rationale"),
}
_PLACEHOLDER = re.compile(r"^[\s.…—–-]*$")
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_H1 = re.compile(r"^#\s+.+$")
_H3 = re.compile(r"^###\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LABEL_LINE = re.compile(r"^\s*(\*\*|__)?(?P<label>[^:*_]{3,40}):\s*(\*\*|__)?\s*(?P<rest>.*)$")


@dataclass
class Sections:
    """A legislative text cut into the documents of a bill package (Markdown, headings dropped)."""

    bill: str = ""
    explanatory_note: str = ""
    comparison: str = ""
    acts: str = ""
    financial: str = ""
    recognized: set[str] = field(default_factory=set)
    left_out: tuple[internal.LeftOut, ...] = ()


@dataclass(frozen=True)
class ComparisonRow:
    provision: str
    current: str
    proposed: str
    rationale: str


def exportable(text: str) -> internal.Exportable:
    """A legislative text without its internal parts, unrecognized `##` sections included."""
    return internal.exportable(text, keep_heading=is_package_document)


def split_sections(text: str) -> Sections:
    """Cut at `##` headings (not inside fenced code); the `#` title line is dropped. Internal
    parts are left out first and listed in `left_out`. `text` is the version's own text: once
    exported, a heading has lost its {в законопроект} marker and would be left out again."""
    exported = exportable(text)
    text = exported.text
    sections = Sections(left_out=exported.left_out)
    chunks: dict[str, list[str]] = {key: [] for key in SECTION_KEYS}
    current = "bill"
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        if not in_fence:
            if _H1.match(line) and not line.startswith("##"):
                continue
            heading = _H2.match(line)
            if heading:
                key = section_key(heading.group(1))
                if key:
                    sections.recognized.add(key)
                    current = key
                    continue
                if current != "bill":
                    # A section marked {в законопроект} after a known one goes back to the bill.
                    current = "bill"
        chunks[current].append(line)
    for key, lines in chunks.items():
        setattr(sections, key, "\n".join(lines).strip())
    return sections


def _is_placeholder(*cells: str) -> bool:
    return all(_PLACEHOLDER.match(cell) for cell in cells)


def _table_cells(line: str) -> list[str]:
    body = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", body)]


def _rows_from_tables(lines: list[str]) -> list[ComparisonRow]:
    rows = []
    table: list[list[str]] = []
    for line in [*lines, ""]:
        if line.strip().startswith("|"):
            table.append(_table_cells(line))
            continue
        if len(table) >= 2:
            for cells in table[2:]:  # the header and the --- line
                if len(cells) >= 3 and not _is_placeholder(*cells[:3]):
                    if len(cells) >= 4:
                        rows.append(ComparisonRow(*cells[:4]))
                    else:
                        rows.append(ComparisonRow("", *cells[:3]))
        table = []
    return rows


def _label_of(text: str) -> str | None:
    normalized = text.strip().lower().replace("ё", "е")
    for key, names in _LABELS.items():
        if normalized in names:
            return key
    return None


def _rows_from_headings(lines: list[str]) -> list[ComparisonRow]:
    rows = []
    provision = None
    passages: dict[str, list[str]] = {}
    label = None

    def flush():
        if provision is not None:
            cells = ["\n".join(passages.get(key, [])).strip() for key in _LABELS]
            if not _is_placeholder(*cells):
                rows.append(ComparisonRow(provision, *cells))

    for line in lines:
        heading = _H3.match(line)
        if heading:
            flush()
            provision, passages, label = heading.group(1).strip(), {}, None
            continue
        if provision is None:
            continue
        if line.strip().startswith("|"):
            label = None  # a Markdown table: read as rows of its own by _rows_from_tables
            continue
        match = _LABEL_LINE.match(line)
        key = _label_of(match.group("label")) if match else None
        if key:
            label = key
            passages.setdefault(key, [])
            if match.group("rest").strip():
                passages[key].append(match.group("rest").strip())
            continue
        if label:
            passages[label].append(line)
    flush()
    return rows


def comparison_rows(section: str) -> list[ComparisonRow]:
    """Rows of the comparison table, from `###` provisions or from Markdown tables (or both)."""
    lines = section.splitlines()
    return _rows_from_headings(lines) + _rows_from_tables(lines)
