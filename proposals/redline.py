"""The redline as formatted text: two versions' Markdown merged into one, rendered once.

The texts are cut into blocks (paragraphs and headings; each list item and table row its own
block) and the blocks aligned. Equal blocks are taken from the new text; an inserted or deleted
block is kept whole with its words marked; a changed block is compared word by word. Marks are
private-use characters put only around words — never around a line's structure (`- `, `## `,
`>`, `|`) — so the merged Markdown still has the headings, lists and tables of the texts. It is
rendered by the one renderer (sanitized), the marks become <ins>/<del>, and the result is
sanitized again. Member text cannot contain the marks: they are removed from it first.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from proposals import diff
from proposals.markdown import MarkdownTooComplex, render_markdown, sanitize

INS, INS_END, DEL, DEL_END, MOVED_INS, MOVED_DEL = (chr(0xE000 + n) for n in range(6))
_MARKS = re.compile("[\ue000-\ue005]")
_TAGS = {
    INS: "<ins>",
    INS_END: "</ins>",
    DEL: "<del>",
    DEL_END: "</del>",
    MOVED_INS: '<ins class="moved">',
    MOVED_DEL: '<del class="moved">',
}
_CLOSE = {INS: INS_END, DEL: DEL_END, MOVED_INS: INS_END, MOVED_DEL: DEL_END}

_BLANK = re.compile(r"\n[ \t]*\n\s*")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_ROW = re.compile(r"^[ \t]*\|")
# A line's structure: indentation, quote marks, list markers, heading marks.
_PREFIX = r"[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)]|#{1,6})(?:[ \t]+|$))*"
_LINE_START = re.compile(_PREFIX)
_STRUCTURE = re.compile(rf"(\n{_PREFIX}|\|)")
_RULE_ONLY = re.compile(r"^[\s:|=*_-]*$")
# Blocks compared word by word only when alike, and only this far apart.
SIMILAR = 0.5
PAIR_WINDOW = 20


@dataclass(frozen=True)
class Unit:
    kind: str  # item, row, block
    text: str  # without trailing white space
    continues: bool  # after another unit of the same paragraph (list, table)

    @property
    def key(self) -> str:
        return self.text.strip()

    @property
    def prefix(self) -> str:
        return _LINE_START.match(self.text).group()


def units(text: str) -> list[Unit]:
    """Blocks, with each list item and table row split out."""
    result: list[Unit] = []
    for chunk in _BLANK.split(text.strip("\n")):
        chunk = chunk.rstrip()
        if not chunk:
            continue
        lines = chunk.split("\n")
        if not (_ITEM.match(lines[0]) or _ROW.match(lines[0])):
            result.append(Unit("block", chunk, False))
            continue
        groups: list[list[str]] = []
        for line in lines:
            if not groups or _ITEM.match(line) or _ROW.match(line):
                groups.append([])
            groups[-1].append(line)
        for index, group in enumerate(groups):
            kind = "row" if _ROW.match(group[0]) else "item"
            result.append(Unit(kind, "\n".join(group).rstrip(), index > 0))
    return result


def mark(text: str, opening: str, *, at_line_start: bool) -> str:
    """`text` with its words between `opening` and its closing mark, its structure left out."""
    closing = _CLOSE[opening]
    out = []
    if at_line_start:
        start = _LINE_START.match(text).group()
        out.append(start)
        text = text[len(start) :]
    for index, piece in enumerate(_STRUCTURE.split(text)):
        if index % 2 or _RULE_ONLY.match(piece):
            out.append(piece)
            continue
        core = piece.strip()
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()) :]
        out.append(f"{lead}{opening}{core}{closing}{trail}")
    return "".join(out)


def _whole(unit: Unit, opening: str) -> str:
    return mark(unit.text, opening, at_line_start=True)


def _paired(old: Unit, new: Unit) -> str:
    """A changed block: its words compared, deletions before insertions."""
    out = ""
    for op, removed, added in _coalesced(old.text, new.text):
        if op == diff.EQUAL:
            out += added
            continue
        if removed.strip():
            out += mark(removed, DEL, at_line_start=not out or out.endswith("\n"))
        if added:
            if added.strip():
                out += mark(added, INS, at_line_start=not out or out.endswith("\n"))
            else:
                out += added
    return out


def _coalesced(old: str, new: str) -> list[tuple[str, str, str]]:
    """The word diff as (op, removed, added), changes split only by spaces joined into one."""
    pieces: list[list] = []
    for op, before, after in diff._words_diff(old, new):
        removed = "".join(segment.text for segment in before)
        added = "".join(segment.text for segment in after)
        pieces.append([op, removed, added])
    merged: list[list] = []
    for index, piece in enumerate(pieces):
        between = (
            piece[0] == diff.EQUAL
            and not piece[2].strip()
            and "\n" not in piece[2]
            and 0 < index < len(pieces) - 1
            and merged
            and merged[-1][0] != diff.EQUAL
            and pieces[index + 1][0] != diff.EQUAL
        )
        if between or (piece[0] != diff.EQUAL and merged and merged[-1][0] != diff.EQUAL):
            merged[-1][0] = "replace"
            merged[-1][1] += piece[1]
            merged[-1][2] += piece[2]
        else:
            merged.append(piece)
    return [tuple(piece) for piece in merged]


def _alike(old: Unit, new: Unit) -> bool:
    if old.kind != new.kind or old.prefix.strip() != new.prefix.strip():
        return False
    if "\n" in old.text and new.text.count("\n") != old.text.count("\n") and old.kind == "row":
        return False
    old_tokens, new_tokens = diff.tokens(old.text), diff.tokens(new.text)
    if len(old_tokens) * len(new_tokens) > diff.WORD_DIFF_BUDGET:
        return False
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    return matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR


def merged_markdown(old: str, new: str) -> str:
    """One Markdown text holding both versions, the changes between marks."""
    old_units = units(_MARKS.sub("", old or ""))
    new_units = units(_MARKS.sub("", new or ""))
    matcher = difflib.SequenceMatcher(
        None, [u.key for u in old_units], [u.key for u in new_units], autojunk=False
    )
    opcodes = matcher.get_opcodes()
    removed = {u.key for op, i1, i2, _j1, _j2 in opcodes if op != "equal" for u in old_units[i1:i2]}
    added = {u.key for op, _i1, _i2, j1, j2 in opcodes if op != "equal" for u in new_units[j1:j2]}
    moved = removed & added
    pieces: list[tuple[bool, str]] = []  # (continues the previous paragraph, text)

    def emit(unit: Unit, text: str, continues: bool | None = None) -> None:
        pieces.append((unit.continues if continues is None else continues, text))

    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            for old_unit, new_unit in zip(old_units[i1:i2], new_units[j1:j2], strict=True):
                emit(new_unit, new_unit.text, old_unit.continues or new_unit.continues)
            continue
        j = j1
        for old_unit in old_units[i1:i2]:
            if old_unit.key in moved:
                emit(old_unit, _whole(old_unit, MOVED_DEL))
                continue
            match = next(
                (
                    m
                    for m in range(j, min(j2, j + PAIR_WINDOW))
                    if new_units[m].key not in moved and _alike(old_unit, new_units[m])
                ),
                None,
            )
            if match is None:
                emit(old_unit, _whole(old_unit, DEL))
                continue
            for new_unit in new_units[j:match]:
                emit(new_unit, _whole(new_unit, MOVED_INS if new_unit.key in moved else INS))
            new_unit = new_units[match]
            emit(new_unit, _paired(old_unit, new_unit), old_unit.continues or new_unit.continues)
            j = match + 1
        for new_unit in new_units[j:j2]:
            emit(new_unit, _whole(new_unit, MOVED_INS if new_unit.key in moved else INS))

    text = ""
    for index, (continues, piece) in enumerate(pieces):
        if index:
            text += "\n" if continues else "\n\n"
        text += piece
    return text + "\n"


def _tags(html: str) -> str:
    return _MARKS.sub(lambda match: _TAGS[match.group()], html)


def formatted_html(old: str, new: str, *, keep_heading=None) -> SafeString | None:
    """The redline rendered: None when the merged text is past the renderer's limits."""
    try:
        body = render_markdown(merged_markdown(old, new), keep_heading=keep_heading)
    except MarkdownTooComplex:
        return None
    return mark_safe(  # noqa: S308 - sanitized by sanitize()
        sanitize(
            f'<div class="redline redline--formatted">{_tags(body)}</div>',
            {"ins": {"moved"}, "del": {"moved"}, "div": {"redline", "redline--formatted"}},
        )
    )
