"""Internal material: parts of a proposal that members keep for themselves and never export.

The convention, written in plain Markdown (docs/submissions.md explains it to members):

- a **section** is internal when its heading ends with `{внутреннее}` (or `{internal}`):
  the heading and everything under it, up to the next heading of the same or a higher level;

      ## Открытые вопросы для альянса {внутреннее}

- a **passage** is internal between a line `::: внутреннее` (or `::: internal`) and a line `:::`;
  a passage that is never closed is internal to the end of the text (and reported so);

      ::: внутреннее
      Номера статей уточнить у юриста.
      :::

- in a legislative proposal (`keep_heading` given), a `##` section that is not one of the
  package's documents is internal too, unless its heading ends with `{в законопроект}` (or
  `{bill}`), which keeps it in the bill's text;
- there, a `##` section whose heading ends with `{акт N}` (or `{act N}`) holds the proposed
  wording of an act (legislation.proposal_acts reads it): it is not exported either (the bill
  generated from it is), and members' pages show it as a law is written, one paragraph a line,
  in its own box.

Markers inside fenced code blocks are text, not markers. `exportable` is what every export reads
(package PDF and DOCX, the version PDF, the platform PDF); `marked` is what members' pages render:
the same text with every internal part boxed, so members see what will be left out. A marker is
never part of a heading's text, so a heading keeps its id when it is marked or unmarked.
"""

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown.extensions.fenced_code import FencedBlockPreprocessor

_INTERNAL_WORDS = r"внутреннее|внутренний|внутренняя|internal"
_BILL_WORDS = r"в\s+законопроект|в\s+текст\s+законопроекта|bill"
_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
_MARKER_SUFFIX = re.compile(
    r"[ \t]*\{\s*(?:(?P<internal>" + _INTERNAL_WORDS + r")|(?P<bill>" + _BILL_WORDS + r"))\s*\}$",
    re.IGNORECASE,
)
_PASSAGE_START = re.compile(
    r"^ {0,3}:{3,}[ \t]*\{?\s*(?:" + _INTERNAL_WORDS + r")\s*\}?[ \t]*$", re.IGNORECASE
)
_PASSAGE_END = re.compile(r"^ {0,3}:{3,}[ \t]*$")
_ACT_MARKER = re.compile(r"[ \t]*\{\s*(?:акт|act)\s+\d+\s*\}$", re.IGNORECASE)
# A law's wording is not Markdown: «1.» or «-» opening a line, `*`, `_`, brackets are text.
_WORDING_LINE_START = re.compile(r"^(\d+)\.(\s)|^([-+*>])")
_WORDING_INLINE = re.compile(r"([\\`*_\[\]])")
_WORDING_HEADING = re.compile(r"^(?:Статья|Глава|ГЛАВА|Раздел|РАЗДЕЛ)\s+[\dIVXLCDM]")

SECTION = "section"  # marked {внутреннее}
PASSAGE = "passage"  # ::: внутреннее … :::
UNRECOGNIZED = "unrecognized"  # a legislative `##` section that is not a package document

_FIRST_WORDS = 8


@dataclass(frozen=True)
class LeftOut:
    """One internal part: what the package page lists before building."""

    kind: str  # SECTION, PASSAGE or UNRECOGNIZED
    title: str  # the heading's text, or the first words of a passage
    words: int
    line: int  # 1-based line of the source where it starts
    unterminated: bool = False  # a passage without its closing `:::`


@dataclass(frozen=True)
class Exportable:
    text: str
    left_out: tuple[LeftOut, ...]


@dataclass
class _Line:
    text: str
    part: int | None = None  # index into left_out when internal
    marker: bool = False  # a `:::` line: never rendered


def _heading(line: str) -> tuple[int, str] | None:
    match = _HEADING.match(line)
    if not match:
        return None
    text = _CLOSING_HASHES.sub("", match.group("text") or "").strip()
    return len(match.group("hashes")), text


def _markers(title: str) -> tuple[str, set[str]]:
    """The heading's text without its trailing `{…}` markers, and which markers it had."""
    found = set()
    while match := _MARKER_SUFFIX.search(title):
        found.add("internal" if match.group("internal") else "bill")
        title = title[: match.start()].rstrip()
    return title, found


def _words(lines: list[str]) -> int:
    return len(re.findall(r"\w+", "\n".join(lines)))


def _first_words(lines: list[str]) -> str:
    for line in lines:
        words = re.findall(r"[\w«»\"'.,;:!?()—–-]+", line)
        words = [word for word in words if re.search(r"\w", word)]
        if words:
            text = " ".join(words[:_FIRST_WORDS])
            return text + (" …" if len(words) > _FIRST_WORDS else "")
    return ""


def _code_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines inside fenced code blocks, found by the renderer's own pattern (an
    unclosed fence is no code block there, so it is none here: markers after it still count)."""
    text = "\n".join(lines) + "\n"
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    inside: set[int] = set()
    for match in FencedBlockPreprocessor.FENCED_BLOCK_RE.finditer(text):
        first = bisect.bisect_right(starts, match.start()) - 1
        last = bisect.bisect_right(starts, match.end() - 1) - 1
        inside.update(range(first, last + 1))
    return inside


_CANDIDATE = re.compile(r"^ {0,3}(?::{3}|#{1,6}[ \t].*\}[ \t#]*$)", re.MULTILINE)
_LEVEL_TWO = re.compile(r"^ {0,3}##[ \t]", re.MULTILINE)


def _may_have_parts(text: str, keep_heading) -> bool:
    """A cheap look before the fence search (quadratic on many unclosed fences, as in the
    renderer): a `:::` line, a heading ending in `}`, or a `##` heading to judge."""
    if keep_heading is not None and _LEVEL_TWO.search(text):
        return True
    return bool(_CANDIDATE.search(text))


def _scan(text: str, keep_heading: Callable[[str], bool] | None):
    source = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [_Line(line) for line in source.split("\n")]
    parts: list[dict] = []
    code = (
        _code_lines([line.text for line in lines])
        if _may_have_parts(source, keep_heading)
        else None
    )
    if code is None:  # no marker, no `##` to judge: nothing internal (and no fence search)
        return lines, ()
    section: tuple[int, int] | None = None  # (level, part index) of the open internal section
    passage: int | None = None  # part index of the open internal passage
    for number, line in enumerate(lines, start=1):
        in_code = number - 1 in code
        if passage is not None:
            line.part = passage
            if not in_code and _PASSAGE_END.match(line.text):
                line.marker = True
                passage = None
            continue
        heading = None if in_code else _heading(line.text)
        if heading and section and heading[0] <= section[0]:
            section = None
        if section is not None:
            line.part = section[1]
            if not in_code and _PASSAGE_START.match(line.text):
                passage = section[1]  # a passage inside: its `:::` must not end up outside
                line.marker = True
            continue
        if heading:
            level, title = heading
            title, markers = _markers(title)
            if markers:
                line.text = "#" * level + " " + title
            if "internal" in markers:
                parts.append({"kind": SECTION, "title": title, "line": number})
                section = (level, len(parts) - 1)
                line.part = section[1]
            elif (
                keep_heading is not None
                and level == 2
                and "bill" not in markers
                and not keep_heading(title)
            ):
                parts.append({"kind": UNRECOGNIZED, "title": title, "line": number})
                section = (level, len(parts) - 1)
                line.part = section[1]
            continue
        if not in_code and _PASSAGE_START.match(line.text):
            parts.append({"kind": PASSAGE, "title": "", "line": number})
            passage = len(parts) - 1
            line.part = passage
            line.marker = True
    unterminated = passage
    left_out = []
    for index, part in enumerate(parts):
        body = [line.text for line in lines if line.part == index and not line.marker]
        title = _first_words(body) if part["kind"] == PASSAGE else part["title"]
        left_out.append(
            LeftOut(
                kind=part["kind"],
                title=title,
                words=_words(body),
                line=part["line"],
                unterminated=index == unterminated and part["kind"] == PASSAGE,
            )
        )
    return lines, tuple(left_out)


def exportable(text: str, *, keep_heading: Callable[[str], bool] | None = None) -> Exportable:
    """The text without its internal parts, and what was left out (in order)."""
    lines, left_out = _scan(text, keep_heading)
    kept = [line.text for line in lines if line.part is None and not line.marker]
    return Exportable(text=_tidy("\n".join(kept)), left_out=left_out)


def marked(
    text: str,
    *,
    start: str,
    end: str,
    keep_heading: Callable[[str], bool] | None = None,
    wording_start: str | None = None,
) -> tuple[str, int]:
    """The whole text with each internal part between the paragraphs `start` and `end` (the
    renderer turns them into a labelled box); also the number of internal parts. With
    `wording_start`, an act's wording (`{акт N}`) opens with it instead and its lines become
    paragraphs of plain text (article headings in bold)."""
    lines, left_out = _scan(text, keep_heading)
    if not left_out:
        return text or "", 0
    wording_parts = set(_wording_parts(lines, left_out)) if wording_start else set()
    out: list[str] = []
    current = None
    for line in lines:
        if line.part != current:
            if current is not None:
                out += ["", end, ""]
            if line.part is not None:
                out += ["", wording_start if line.part in wording_parts else start, ""]
                if line.part in wording_parts:  # the heading line, then the wording
                    out.append(_ACT_MARKER.sub("", line.text))
                    current = line.part
                    continue
            current = line.part
        if line.marker:
            continue
        if line.part in wording_parts:
            out += [_wording_paragraph(line.text), ""]
        else:
            out.append(line.text)
    if current is not None:
        out += ["", end, ""]
    return "\n".join(out), len(left_out)


def _wording_parts(lines: list[_Line], left_out) -> list[int]:
    """Indexes of the parts that are an act's wording (their heading has `{акт N}`)."""
    found = []
    for index in range(len(left_out)):
        first = next((line for line in lines if line.part == index), None)
        heading = _heading(first.text) if first else None
        if heading and left_out[index].kind == UNRECOGNIZED and _ACT_MARKER.search(heading[1]):
            found.append(index)
    return found


def _wording_paragraph(line: str) -> str:
    """One line of a law as a Markdown paragraph of plain text."""
    text = line.strip()
    if not text:
        return ""
    text = _WORDING_INLINE.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    text = _WORDING_LINE_START.sub(lambda m: f"{m[1]}\\.{m[2]}" if m[1] else f"\\{m[3]}", text)
    return f"**{text}**" if _WORDING_HEADING.match(text) else text


def _tidy(text: str) -> str:
    """No runs of blank lines where a part was cut out."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + ("\n" if text.strip() else "")
