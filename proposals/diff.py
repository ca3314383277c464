"""Comparing two versions: paragraph alignment first, then words inside changed paragraphs.

The result is a list of segments (`equal`, `insert`, `delete`, `moved_from`, `moved_to`); a
paragraph deleted in one place and inserted unchanged in another is a move, not a deletion and
an insertion. HTML is built from escaped text and sanitized again, so a version containing markup
shows it as text.
"""

import difflib
import html
import re
from collections import Counter
from dataclasses import dataclass

import nh3

_PARAGRAPH_BREAK = re.compile(r"(\n\s*\n)")
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)

EQUAL, INSERT, DELETE, MOVED_FROM, MOVED_TO = "equal", "insert", "delete", "moved_from", "moved_to"
# Above this many token pairs a changed stretch is not compared word by word (difflib is
# quadratic in the worst case).
WORD_DIFF_BUDGET = 4_000_000


@dataclass(frozen=True)
class Segment:
    op: str
    text: str


@dataclass(frozen=True)
class Block:
    """One aligned stretch for the side-by-side view."""

    op: str  # equal, insert, delete, replace, moved_from, moved_to
    old: list[Segment]
    new: list[Segment]


def paragraphs(text: str) -> list[str]:
    """Paragraphs with their trailing blank lines, so that joining them gives the text back."""
    parts = _PARAGRAPH_BREAK.split(text)
    chunks = []
    for index in range(0, len(parts), 2):
        separator = parts[index + 1] if index + 1 < len(parts) else ""
        if parts[index] or separator:
            chunks.append(parts[index] + separator)
    return chunks


def tokens(text: str) -> list[str]:
    """Words, runs of white space and single punctuation marks; joined, they give the text."""
    return _TOKEN.findall(text)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _words_diff(old: str, new: str) -> list[tuple[str, list[Segment], list[Segment]]]:
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    pieces = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if op == "equal":
            pieces.append((EQUAL, [Segment(EQUAL, before)], [Segment(EQUAL, after)]))
        else:
            pieces.append(
                (
                    op,
                    [Segment(DELETE, before)] if before else [],
                    [Segment(INSERT, after)] if after else [],
                )
            )
    return pieces


def compare(old: str, new: str) -> list[Block]:
    """Align two texts into blocks of paragraphs, with word-level changes inside replacements."""
    old_paragraphs, new_paragraphs = paragraphs(old), paragraphs(new)
    # Aligned on their words: a paragraph that only gained a trailing blank line is unchanged.
    matcher = difflib.SequenceMatcher(
        None,
        [paragraph.rstrip() for paragraph in old_paragraphs],
        [paragraph.rstrip() for paragraph in new_paragraphs],
        autojunk=False,
    )
    opcodes = matcher.get_opcodes()
    # A paragraph deleted in one place and inserted in another is moved, as many times as it
    # occurs on both sides; the rest of its occurrences are plain deletions or insertions.
    deleted = Counter(
        old_paragraphs[index].strip()
        for op, i1, i2, _j1, _j2 in opcodes
        if op in ("delete", "replace")
        for index in range(i1, i2)
    )
    inserted = Counter(
        new_paragraphs[index].strip()
        for op, _i1, _i2, j1, j2 in opcodes
        if op in ("insert", "replace")
        for index in range(j1, j2)
    )
    moved = deleted & inserted
    del moved[""]
    moves_from, moves_to = Counter(moved), Counter(moved)

    blocks: list[Block] = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            before, after = "".join(old_paragraphs[i1:i2]), "".join(new_paragraphs[j1:j2])
            blocks.append(Block(EQUAL, [Segment(EQUAL, before)], [Segment(EQUAL, after)]))
        else:
            blocks += _changed(old_paragraphs[i1:i2], new_paragraphs[j1:j2], moves_from, moves_to)
    return blocks


def _changed(old: list[str], new: list[str], moves_from: Counter, moves_to: Counter) -> list[Block]:
    """Blocks of a changed stretch, each side in its own reading order.

    Moved paragraphs stand alone where they were (old side) and where they went (new side); the
    paragraphs between them are compared word by word, run against run.
    """
    blocks: list[Block] = []
    old_run: list[str] = []
    new_run: list[str] = []

    def take_move(paragraph: str, budget: Counter) -> bool:
        key = paragraph.strip()
        if budget[key] > 0:
            budget[key] -= 1
            return True
        return False

    def flush() -> None:
        too_big = (
            old_run
            and new_run
            and len(tokens("".join(old_run))) * len(tokens("".join(new_run))) > WORD_DIFF_BUDGET
        )
        if too_big:
            # A stretch too long to compare word by word: shown as replaced whole.
            blocks.append(Block(DELETE, [Segment(DELETE, "".join(old_run))], []))
            blocks.append(Block(INSERT, [], [Segment(INSERT, "".join(new_run))]))
        elif old_run and new_run:
            old_segments, new_segments = [], []
            for _op, before, after in _words_diff("".join(old_run), "".join(new_run)):
                old_segments += before
                new_segments += after
            blocks.append(Block("replace", old_segments, new_segments))
        elif old_run:
            blocks.append(Block(DELETE, [Segment(DELETE, "".join(old_run))], []))
        elif new_run:
            blocks.append(Block(INSERT, [], [Segment(INSERT, "".join(new_run))]))
        old_run.clear()
        new_run.clear()

    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and take_move(old[i], moves_from):
            flush()
            blocks.append(Block(MOVED_FROM, [Segment(MOVED_FROM, old[i])], []))
            i += 1
        elif j < len(new) and take_move(new[j], moves_to):
            flush()
            blocks.append(Block(MOVED_TO, [], [Segment(MOVED_TO, new[j])]))
            j += 1
        else:
            if i < len(old):
                old_run.append(old[i])
                i += 1
            if j < len(new):
                new_run.append(new[j])
                j += 1
    flush()
    return blocks


def redline_segments(blocks: list[Block]) -> list[Segment]:
    """One stream: what stayed, what went (deleted) and what came (inserted), in reading order."""
    segments: list[Segment] = []
    for block in blocks:
        if block.op == EQUAL:
            segments += block.new
        elif block.op == "replace":
            old_iter, new_iter = list(block.old), list(block.new)
            # Interleave: equal pieces appear in both lists; show each once.
            segments += _interleave(old_iter, new_iter)
        else:
            segments += block.old + block.new
    return _merge(segments)


def _interleave(old: list[Segment], new: list[Segment]) -> list[Segment]:
    result, i, j = [], 0, 0
    while i < len(old) or j < len(new):
        if i < len(old) and old[i].op != EQUAL:
            result.append(old[i])
            i += 1
        elif j < len(new) and new[j].op != EQUAL:
            result.append(new[j])
            j += 1
        else:
            if j < len(new):
                result.append(new[j])
            i += 1
            j += 1
    return result


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def counts(blocks: list[Block]) -> tuple[int, int]:
    """(words added, words removed); a moved paragraph counts as neither."""
    added = removed = 0
    for block in blocks:
        for segment in block.new:
            if segment.op == INSERT:
                added += word_count(segment.text)
        for segment in block.old:
            if segment.op == DELETE:
                removed += word_count(segment.text)
    return added, removed


_TAG = {
    INSERT: ("<ins>", "</ins>"),
    DELETE: ("<del>", "</del>"),
    MOVED_FROM: ('<del class="moved">', "</del>"),
    MOVED_TO: ('<ins class="moved">', "</ins>"),
}


def _segments_html(segments: list[Segment]) -> str:
    parts = []
    for segment in segments:
        text = html.escape(segment.text).replace("\n", "<br>")
        opening, closing = _TAG.get(segment.op, ("", ""))
        parts.append(f"{opening}{text}{closing}")
    return "".join(parts)


def _clean(markup: str) -> str:
    return nh3.clean(
        markup,
        tags={"ins", "del", "br", "div", "table", "tbody", "tr", "td", "span"},
        attributes={},
        allowed_classes={
            "ins": {"moved"},
            "del": {"moved"},
            "div": {"redline"},
            "table": {"sbs"},
            "tr": {"sbs-equal", "sbs-insert", "sbs-delete", "sbs-replace", "sbs-moved"},
            "td": {"sbs-old", "sbs-new"},
        },
    )


def redline_html(blocks: list[Block]) -> str:
    """The changes marked in one text: <ins> for insertions, <del> for deletions."""
    return _clean(f'<div class="redline">{_segments_html(redline_segments(blocks))}</div>')


def side_by_side_html(blocks: list[Block]) -> str:
    """Old on the left, new on the right, aligned by paragraph."""
    rows = []
    for block in blocks:
        kind = "moved" if block.op in (MOVED_FROM, MOVED_TO) else block.op
        rows.append(
            f'<tr class="sbs-{kind}"><td class="sbs-old">{_segments_html(block.old)}</td>'
            f'<td class="sbs-new">{_segments_html(block.new)}</td></tr>'
        )
    return _clean(f'<table class="sbs"><tbody>{"".join(rows)}</tbody></table>')


def structured(blocks: list[Block]) -> list[dict]:
    """The changes for the API: each non-equal segment with its operation and text."""
    return [
        {"op": segment.op, "text": segment.text}
        for segment in redline_segments(blocks)
        if segment.op != EQUAL
    ]
