"""The bill as bills are laid out, from the `## Текст изменений` section of a legislative text.

The section may open with labelled lines that state the amended act's requisites
(docs/submissions.md, «Реквизиты изменяемого акта»):

    Изменяемый акт: Федеральный закон от 24.07.1998 № 124-ФЗ «Об основных гарантиях …»
    Источник: Собрание законодательства Российской Федерации, 1998, № 31, ст. 3802
    Вступление в силу: Настоящий Федеральный закон вступает в силу с 1 января 2028 года.

Then the bill is written as amending laws are: «Статья 1» with the opening formula «Внести в
Федеральный закон от 24 июля 1998 года № 124-ФЗ «…» (Собрание законодательства …) следующие
изменения:» and the numbered changes; «Статья 2» with the entry into force when it is given.
A text that writes its own formula («Внести в …») keeps it, with the date put in words and the
source added; a text that already has its own «Статья N» lines keeps its articles.

Parts of a law are paragraphs «1. …» with a first-line indent: Markdown blockquotes and lists
in the bill become plain paragraphs (their markers kept as text), never a quote with a rule and
hanging numbers. The signature block («Президент Российской Федерации», «Москва, Кремль», the
date and «№ ___-ФЗ» left blank) is laid out by the templates and the DOCX writer.

Also here: the list of acts split into federal acts and the others, and the comparison table's
word highlighting (deleted words struck, new words bold).
"""

import difflib
import html
import re
from dataclasses import dataclass
from datetime import date

from proposals.diff import tokens
from submissions.formats import _MONTHS_GENITIVE

PRESIDENT = "Президент Российской Федерации"
PLACE = "Москва, Кремль"
DATE_BLANK = "«___» ____________ 20___ года"
NUMBER_BLANK = "№ ___-ФЗ"

_REQUISITE_LABELS = {
    "act": ("изменяемый акт", "акт", "amended act", "act"),
    "source": (
        "источник",
        "источник опубликования",
        "источник официального опубликования",
        "опубликование",
        "официальное опубликование",
        "publication",
        "official publication",
        "source",
    ),
    "entry_into_force": ("вступление в силу", "entry into force"),
}
_LABEL_LINE = re.compile(r"^\s*(\*\*|__)?(?P<label>[^:*_]{2,45}):\s*(\*\*|__)?\s*(?P<rest>.*)$")


@dataclass(frozen=True)
class Requisites:
    act: str = ""
    source: str = ""
    entry_into_force: str = ""


def date_in_words(day: date) -> str:
    """«24 июля 1998 года», as acts are cited."""
    return f"{day.day} {_MONTHS_GENITIVE[day.month - 1]} {day.year} года"


_NUMERIC_DATE = re.compile(
    r"\bот\s+(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?:\s*(?:г\.|года))?"
    r"(?P<after>\s*(?:№|N\s))"
)


def dates_in_words(text: str) -> str:
    """«от 24.07.1998 № 124-ФЗ» → «от 24 июля 1998 года № 124-ФЗ» (only before a number: the
    citation of an act)."""

    def spelled(match):
        try:
            day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            return match.group(0)
        return f"от {date_in_words(day)}{match['after']}"

    return _NUMERIC_DATE.sub(spelled, text)


def _requisite_key(label: str) -> str | None:
    normalized = " ".join(label.lower().replace("ё", "е").split())
    for key, labels in _REQUISITE_LABELS.items():
        if normalized in labels:
            return key
    return None


def split_requisites(section: str) -> tuple[Requisites, str]:
    """The labelled lines at the start of the bill's section, and the rest of it."""
    values: dict[str, str] = {}
    lines = section.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        match = _LABEL_LINE.match(line)
        key = _requisite_key(match["label"]) if match else None
        if key is None or key in values:
            break
        values[key] = match["rest"].strip()
        index += 1
    return Requisites(**values), "\n".join(lines[index:]).strip()


# --- The text: articles and paragraphs ---------------------------------------------------------

_FENCE = re.compile(r"^\s*(```|~~~)")
_QUOTE_PREFIX = re.compile(r"^\s*(?:>\s?)+")
_BULLET = re.compile(r"^\s*[-*+]\s+(?P<rest>.*)$")
_NUMBERED = re.compile(r"^\s*(?P<number>\d+)\.\s+(?P<rest>.*)$")
# Lines that open a unit of a law: «1)», «а)», «1.», «Статья 5», «“Статья 5», headings.
_UNIT_START = re.compile(r"^(?:[«„\"“]*)(?:\d+(?:\.\d+)*[.)]\s|[а-яё]\)\s|Статья\s+\d|#)")
_ARTICLE_LINE = re.compile(r"^(?:\*\*|__)?Статья\s+(?P<number>\d+)(?:\.\d+)?\.?(?:\*\*|__)?\s*$")
_OWN_ARTICLE = re.compile(r"^(?:\*\*|__)?Статья\s+(?P<number>\d+)\b")


def flattened(markdown: str) -> str:
    """Blockquotes and lists as plain paragraphs (numbers kept as text), one unit a paragraph."""
    out: list[str] = []
    in_fence = False
    for raw in markdown.splitlines():
        if _FENCE.match(raw):
            in_fence = not in_fence
        if in_fence:
            out.append(raw)
            continue
        line = _QUOTE_PREFIX.sub("", raw).strip()
        bullet = _BULLET.match(line)
        if bullet:
            line = bullet["rest"]
        starts_unit = bool(bullet or _UNIT_START.match(line))
        numbered = _NUMBERED.match(line)
        if numbered:  # escaped, so that Markdown keeps «1.» as text, not a list's number
            line = f"{numbered['number']}\\. {numbered['rest']}"
        if line and starts_unit and out and out[-1].strip():
            out.append("")
        out.append(line)
    return "\n".join(out).strip()


def _has_own_articles(body: str) -> bool:
    return any(_OWN_ARTICLE.match(line.strip()) for line in body.splitlines())


def _article_heading(number: int) -> str:
    return f"**Статья {number}**"


def _insert_source(body: str, source: str) -> str:
    """After the cited act's title (the quotes that follow its number), « (source)»."""
    number = re.search(r"№\s*[\w.-]+", body)
    if not number:
        return body
    opening = body.find("«", number.end())
    if opening < 0 or body[number.end() : opening].strip():
        return body
    depth = 0
    for position in range(opening, len(body)):
        if body[position] in "«„":
            depth += 1
        elif body[position] in "»“":
            depth -= 1
            if depth == 0:
                return f"{body[: position + 1]} ({source}){body[position + 1 :]}"
    return body


def _formula(requisites: Requisites, body: str) -> str:
    act = dates_in_words(requisites.act.strip().rstrip(".:"))
    source = requisites.source.strip().strip("()").rstrip(".;")
    cited = f"{act} ({source})" if source else act
    several = re.search(r"(?m)^\s*(?:\d+|[а-яё])\)\s", body)
    return f"Внести в {cited} {'следующие изменения' if several else 'следующее изменение'}:"


def compose(section: str) -> str:
    """The bill's Markdown: articles with their headings, the formula, the changes as
    paragraphs, the entry into force. The signature block is added by the layout."""
    requisites, body = split_requisites(section)
    body = dates_in_words(flattened(body))
    source = requisites.source.strip().strip("()").rstrip(".;")
    if _has_own_articles(body):
        articles = [
            int(match["number"])
            for line in body.splitlines()
            if (match := _OWN_ARTICLE.match(line.strip()))
        ]
        lines = [
            _article_heading(int(match["number"]))
            if (match := _ARTICLE_LINE.match(line.strip()))
            else line
            for line in body.splitlines()
        ]
        text = "\n".join(lines)
        next_number = max(articles) + 1
    else:
        if body.lstrip().lower().startswith("внести в"):
            first = body if not source or source in body else _insert_source(body, source)
        elif requisites.act:
            first = f"{_formula(requisites, body)}\n\n{body}"
        else:
            first = body
        text = f"{_article_heading(1)}\n\n{first}" if first else ""
        next_number = 2
    if requisites.entry_into_force and text:
        text += f"\n\n{_article_heading(next_number)}\n\n{requisites.entry_into_force.strip()}"
    return text.strip()


_ARTICLE_HTML = re.compile(r"<p><strong>(Статья \d+(?:\.\d+)?)</strong></p>")


def marked_articles(html_text: str) -> str:
    """Article headings get their class (bold, indented, space above)."""
    return _ARTICLE_HTML.sub(r'<p class="bill-article"><strong>\1</strong></p>', html_text)


# --- The list of acts: federal acts and the others ----------------------------------------------

_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+(?P<rest>.*)$")
_NOT_FEDERAL = re.compile(
    r"субъект\w*\s+Российской\s+Федерации|региональн|муниципальн|местного\s+самоуправления|"
    r"рекомендаци|методическ|regional|municipal|recommendation|guideline",
    re.IGNORECASE,
)
NO_FEDERAL_ACTS = (
    "Принятие федерального закона не потребует признания утратившими силу, приостановления, "
    "изменения или принятия иных актов федерального законодательства."
)


def split_acts(section: str) -> tuple[list[str], list[str], str]:
    """(federal acts, other acts and documents, prose that is not a list item)."""
    items: list[str] = []
    prose: list[str] = []
    for line in section.splitlines():
        match = _ITEM.match(line)
        if match:
            items.append(match["rest"].strip())
        elif line.strip() and items and line.startswith((" ", "\t")):
            items[-1] += " " + line.strip()
        elif line.strip():
            prose.append(line)
    federal = [item for item in items if not _NOT_FEDERAL.search(item)]
    other = [item for item in items if _NOT_FEDERAL.search(item)]
    return federal, other, "\n".join(prose).strip()


# --- The comparison table: deleted words struck, new words bold --------------------------------

_ABSENT = re.compile(r"^\s*(?:норма\s+)?отсутствует\.?\s*$|^\s*[—–-]\s*$", re.IGNORECASE)
_MARKUP = re.compile(r"[*_`#|<>\[\]]|^\s*(?:[-+]|\d+\.)\s", re.MULTILINE)
# Wordings sharing less than this share of their words are descriptions, not two wordings.
MIN_SHARED = 0.2


def is_absent(cell: str) -> bool:
    return bool(_ABSENT.match(cell))


def _paragraphs_html(pieces: list[tuple[str, str]]) -> str:
    """(tag or "", text) pieces into paragraphs: a blank line in a piece closes the paragraph."""
    out = ["<p>"]
    for tag, text in pieces:
        chunks = re.split(r"\n\s*\n", text)
        for index, chunk in enumerate(chunks):
            if index:
                out.append("</p><p>")
            if not chunk:
                continue
            escaped = html.escape(chunk, quote=False)
            if tag and chunk.strip():
                lead = escaped[: len(escaped) - len(escaped.lstrip())]
                trail = escaped[len(escaped.rstrip()) :]
                out.append(f"{lead}<{tag}>{escaped.strip()}</{tag}>{trail}")
            else:
                out.append(escaped)
    out.append("</p>")
    return "".join(out).replace("<p></p>", "")


_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


def highlighted(current: str, proposed: str) -> tuple[str, str] | None:
    """The two wordings with deleted words in <del> and new words in <ins>; None where the
    cells are not plain wordings (Markdown markup, descriptions sharing few words). The cells
    come `flattened`: a part's «1\\.» is text."""
    if not current.strip() or not proposed.strip() or _MARKUP.search(current + "\n" + proposed):
        return None
    if is_absent(proposed):
        return None
    current, proposed = _ESCAPE.sub(r"\1", current), _ESCAPE.sub(r"\1", proposed)
    if is_absent(current):
        return (
            _paragraphs_html([("", current.strip())]),
            _paragraphs_html([("ins", proposed.strip())]),
        )
    old, new = tokens(current.strip()), tokens(proposed.strip())
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    shared = sum(
        1
        for op, i1, i2, _j1, _j2 in matcher.get_opcodes()
        if op == "equal"
        for token in old[i1:i2]
        if token.strip()
    )
    words = max(1, sum(1 for token in old if token.strip()), sum(1 for t in new if t.strip()))
    if shared / words < MIN_SHARED:
        return None
    pieces = [
        [op == "equal", "".join(old[i1:i2]), "".join(new[j1:j2])]
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    # A space alone between two changes belongs to them: «<del>имеет право</del>», not two.
    merged: list[list] = []
    for index, piece in enumerate(pieces):
        between = 0 < index < len(pieces) - 1 and not pieces[index + 1][0]
        joins = not piece[0] or (between and not piece[1].strip())
        if joins and merged and not merged[-1][0]:
            merged[-1][1] += piece[1]
            merged[-1][2] += piece[2]
        else:
            merged.append(piece)
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    for equal, before, after in merged:
        if equal:
            left.append(("", before))
            right.append(("", after))
            continue
        if before:
            left.append(("del", before))
        if after:
            right.append(("ins", after))
    return _paragraphs_html(left), _paragraphs_html(right)
