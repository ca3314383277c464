"""Changes between the current and the proposed wording of one act, unit by unit.

Numbered units are matched by their address (numbering never changes after adoption); the
абзацы of a unit are aligned as a sequence (difflib), since they have no numbers. Every address
in the result refers to the current wording: a bill's items apply all at once.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from legislation.structure import (
    ARTICLE,
    CHAPTER,
    HEADINGS,
    SECTION,
    Law,
    Unit,
    address_text,
    number_key,
    repealed_line,
    unit_lines,
    unit_text,
)

REWRITE = "rewrite"  # «… изложить в следующей редакции»
HEADING = "heading"  # «наименование статьи 5 изложить в следующей редакции»
WORDS = "words"  # «слова … заменить словами …»
INSERT = "insert"  # «дополнить частью 4 следующего содержания»
REPEAL = "repeal"  # «… признать утратившим силу»


@dataclass
class WordEdit:
    action: str  # "replace", "delete", "insert_after", "append"
    old: str = ""  # the quoted words of the current wording (the anchor for insert_after)
    new: str = ""
    glued: bool = False  # the new words start with a punctuation mark: no space before them


@dataclass
class Change:
    kind: str
    target: Unit  # the current unit; for an insertion, the current parent (None: the act)
    lines: list[str] = field(default_factory=list)  # the new wording, one paragraph a line
    edits: list[WordEdit] = field(default_factory=list)
    inserted: list[Unit] = field(default_factory=list)  # the proposed units inserted
    after_paragraph: int | None = None  # «после абзаца второго»; None: at the end
    in_chapter: bool = False  # «главу 3 дополнить статьей 7.1» rather than «дополнить статьей 7.1»
    proposed: Unit | None = None

    @property
    def article(self) -> Unit | None:
        unit = self.target
        while unit is not None and unit.kind and unit.kind != ARTICLE:
            unit = unit.parent
        return unit if unit is not None and unit.kind == ARTICLE else None

    def size(self) -> int:
        if self.kind == INSERT:
            return sum(len(unit_lines(unit)) for unit in self.inserted)
        if self.kind in (REWRITE, REPEAL):
            return len(unit_lines(self.target))
        return 1

    def row(self) -> dict:
        """The comparison row: the unit's address, its current and its proposed wording."""
        if self.kind == INSERT:
            units = ", ".join(address_text(unit.address) for unit in self.inserted)
            proposed = "\n".join(unit_text(unit) for unit in self.inserted)
            return {"unit": units, "current": "", "proposed": proposed}
        unit = address_text(self.target.address)
        if self.kind == HEADING:
            return {
                "unit": f"наименование {address_text(self.target.address, 'gen')}",
                "current": self.target.line.strip(),
                "proposed": self.lines[0],
            }
        if self.kind == REPEAL:
            wording = self.proposed.line.strip() if self.proposed else repealed_line(self.target)
            return {"unit": unit, "current": unit_text(self.target), "proposed": wording}
        proposed = "\n".join(self.lines)
        if self.kind == WORDS and self.proposed is not None:
            proposed = self.proposed.line.strip()
            return {"unit": unit, "current": self.target.line.strip(), "proposed": proposed}
        return {"unit": unit, "current": unit_text(self.target), "proposed": proposed}


@dataclass
class Options:
    rewrite_share: float = 0.5  # an article is rewritten whole when more of its units change
    max_word_edits: int = 3  # a unit with more word changes is rewritten
    max_changed_words: float = 0.5  # … or when more than this share of its words change


class Unexpressible(Exception):
    """This change has no formula at this level: the enclosing unit is rewritten instead."""


class Differ:
    def __init__(self, current: Law, proposed: Law, options: Options):
        self.current = current
        self.proposed = proposed
        self.options = options
        self.problems: list[dict] = []

    def run(self) -> list[Change]:
        changes: list[Change] = []
        self.children(self.current.root, self.proposed.root, changes)
        return changes

    # -- one unit ------------------------------------------------------------------------
    def node(self, current: Unit, proposed: Unit, out: list[Change]) -> None:
        if current.kind != ARTICLE:
            self.inside(current, proposed, out)
            return
        inner: list[Change] = []
        try:
            self.inside(current, proposed, inner)
        except Unexpressible:
            out.append(self.rewrite(current, proposed))
            return
        if len(inner) < 2 or any(
            change.kind == REPEAL and change.target is current for change in inner
        ):
            out.extend(inner)
            return
        total = max(len(unit_lines(current)), len(unit_lines(proposed)))
        touched = sum(change.size() for change in inner)
        if touched / total > self.options.rewrite_share:
            out.append(self.rewrite(current, proposed))
        else:
            out.extend(inner)

    def rewrite(self, current: Unit, proposed: Unit) -> Change:
        return Change(REWRITE, current, lines=unit_lines(proposed), proposed=proposed)

    def inside(self, current: Unit, proposed: Unit, out: list[Change]) -> None:
        if current.line.strip() != proposed.line.strip():
            if proposed.repealed and not current.repealed:
                out.append(Change(REPEAL, current, proposed=proposed))
                return
            if current.kind in HEADINGS and not current.repealed:
                edits = self.word_edits(current, proposed)
                if edits is None:
                    out.append(Change(HEADING, current, lines=[proposed.line.strip()]))
                else:
                    out.append(Change(WORDS, current, edits=edits, proposed=proposed))
            else:
                edits = None if current.repealed else self.word_edits(current, proposed)
                if edits is None:
                    out.append(self.rewrite(current, proposed))
                    return
                out.append(Change(WORDS, current, edits=edits, proposed=proposed))
        self.children(current, proposed, out)

    # -- children --------------------------------------------------------------------------
    def children(self, current: Unit, proposed: Unit, out: list[Change]) -> None:
        self.paragraphs(current, proposed, out)
        now = current.numbered()
        by_key = {(unit.kind, unit.number): unit for unit in now}
        position = 0
        run: list[Unit] = []
        for unit in proposed.numbered():
            match = by_key.get((unit.kind, unit.number))
            if match is None:
                run.append(unit)
                continue
            index = now.index(match)
            if index < position:
                self.problem("reordered", unit, "the units are not in the order of the act")
                continue
            out.extend(self.repeal(gone) for gone in now[position:index] if not gone.repealed)
            self.flush(current, proposed, run, out)
            position = index + 1
            self.node(match, unit, out)
        out.extend(self.repeal(gone) for gone in now[position:] if not gone.repealed)
        self.flush(current, proposed, run, out)

    def repeal(self, unit: Unit) -> Change:
        return Change(REPEAL, unit)

    def flush(self, current: Unit, proposed: Unit, run: list[Unit], out: list[Change]) -> None:
        while run:
            kind = run[0].kind
            same = [run.pop(0)]
            while run and run[0].kind == kind:
                same.append(run.pop(0))
            self.check_numbers(current, same)
            change = Change(INSERT, current, inserted=same)
            if kind in (ARTICLE, CHAPTER, SECTION) and current.kind:
                change.in_chapter = not self.plain_placement_fits(proposed, same[0])
            out.append(change)

    def plain_placement_fits(self, proposed: Unit, first: Unit) -> bool:
        """Would «дополнить статьей N» (after the article numbered just below N) put the new
        unit where the member put it? If not, the bill names the chapter."""
        kind = first.kind
        earlier = [
            unit
            for unit in self.current.root.walk()
            if unit.kind == kind and number_key(unit.number) < number_key(first.number)
        ]
        siblings = proposed.numbered()
        before = [unit for unit in siblings[: siblings.index(first)] if unit.kind == kind]
        if not earlier:
            return not before
        predecessor = max(earlier, key=lambda unit: number_key(unit.number))
        return bool(before) and before[-1].number == predecessor.number

    def check_numbers(self, parent: Unit, inserted: list[Unit]) -> None:
        existing = {
            unit.number
            for unit in self.current.root.walk()
            if unit.kind == inserted[0].kind
            and (unit.parent is parent or inserted[0].kind == ARTICLE)
        }
        for unit in inserted:
            if unit.number in existing:
                self.problem("renumbered", unit, "this number is already taken in the act")

    def paragraphs(self, current: Unit, proposed: Unit, out: list[Change]) -> None:
        now, new = current.paragraphs(), proposed.paragraphs()
        if [u.line.strip() for u in now] == [u.line.strip() for u in new]:
            return
        first = 1 if current.kind == ARTICLE else 2
        matcher = SequenceMatcher(
            None, [u.line.strip() for u in now], [u.line.strip() for u in new], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1)
            for offset in range(pairs):
                self.inside(now[i1 + offset], new[j1 + offset], out)
            for gone in now[i1 + pairs : i2]:
                if not gone.repealed:
                    out.append(Change(REPEAL, gone))
            added = new[j1 + pairs : j2]
            if not added:
                continue
            before = i1 + pairs  # current абзацы before the insertion
            at_end = before == len(now) and not current.numbered()
            if at_end:
                after = None
            elif before == 0 and first == 1:
                raise Unexpressible
            else:
                after = before + first - 1
            out.append(Change(INSERT, current, inserted=added, after_paragraph=after))

    # -- words -------------------------------------------------------------------------------
    def word_edits(self, current: Unit, proposed: Unit) -> list[WordEdit] | None:
        """Word changes that turn the current wording into the proposed one, or None when the
        unit is better rewritten (too many changes, or a phrase that cannot be quoted uniquely)."""
        if current.label != proposed.label:
            return None
        old, new = current.body, proposed.body
        before, after = tokens(old), tokens(new)
        if not before or not after or join(before) != old or join(after) != new:
            return None
        matcher = SequenceMatcher(None, before, after, autojunk=False)
        opcodes = matcher.get_opcodes()
        changed_ops = [op for op in opcodes if op[0] != "equal"]
        if not changed_ops or len(changed_ops) > self.options.max_word_edits:
            return None
        changed = sum(max(i2 - i1, j2 - j1) for _tag, i1, i2, j1, j2 in changed_ops)
        words = max(sum(not glued for _w, glued in before), sum(not glued for _w, glued in after))
        if changed > self.options.max_changed_words * max(words, 1) + 1:
            return None
        end_mark = self.end_mark(before, after)
        if end_mark:
            before = before[:-1]
            after = after[:-1]
            matcher = SequenceMatcher(None, before, after, autojunk=False)
            opcodes = matcher.get_opcodes()
        haystack = [tokens(old), *[tokens(line) for line in unit_lines(current)[1:]]]
        edits = []
        floor = 0  # no phrase may reach left of the previous phrase's right end
        for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
            if tag == "equal":
                continue
            following = next((op for op in opcodes[index + 1 :] if op[0] != "equal"), None)
            room = (i1 - floor, (following[1] if following else len(before)) - i2)
            edit, used_right = one_edit(tag, before, after, (i1, i2, j1, j2), room, haystack)
            if edit is None:
                return None
            edits.append(edit)
            floor = i2 + used_right
        if end_mark:
            edits.append(end_mark)
        return edits

    @staticmethod
    def end_mark(before: list, after: list) -> "WordEdit | None":
        """«точку заменить точкой с запятой»: only the mark that ends the unit changes."""
        if (
            len(before) > 1
            and len(after) > 1
            and before[-1][1]
            and after[-1][1]
            and before[-1][0] in MARK_NAMES
            and after[-1][0] in MARK_NAMES
            and before[-1][0] != after[-1][0]
        ):
            return WordEdit("end_mark", old=before[-1][0], new=after[-1][0])
        return None

    def problem(self, kind: str, unit: Unit, text: str) -> None:
        self.problems.append({"kind": kind, "unit": address_text(unit.address), "text": text})


_PUNCTUATION = ".,;:!?"
# The marks a formula names: «точку заменить точкой с запятой» (accusative, instrumental).
MARK_NAMES = {
    ".": ("точку", "точкой"),
    ";": ("точку с запятой", "точкой с запятой"),
    ",": ("запятую", "запятой"),
    ":": ("двоеточие", "двоеточием"),
}
Token = tuple[str, bool]  # the word, and whether it stands glued to the previous one (no space)


def tokens(text: str) -> list[Token]:
    """Words, with the punctuation that ends them as tokens of their own glued to them:
    «интересов, в суде.» → интересов | , | в | суде | ."""
    out: list[Token] = []
    for chunk in text.split(" "):
        core = chunk.rstrip(_PUNCTUATION)
        if core:
            out.append((core, False))
        if len(core) < len(chunk):
            out.append((chunk[len(core) :], bool(core)))
    return out


def join(words: list[Token]) -> str:
    """The text of tokens; the first one's space is not written."""
    return "".join(
        ("" if glued or not index else " ") + word for index, (word, glued) in enumerate(words)
    )


def one_edit(tag, before, after, span, room, haystack):
    """One formula for one difference, with as little context as makes its phrase unique."""
    i1, i2, j1, j2 = span
    left_room, right_room = room
    if tag == "insert" and i1 == len(before):
        return WordEdit("append", new=join(after[j1:j2]), glued=after[j1][1]), 0
    if tag == "insert" and i1 > 0:
        for grow in range(1, left_room + 1):
            anchor = before[i1 - grow : i1]
            if anchor[0][1] or len(join(anchor)) < 3:  # no mark first, no lone preposition
                continue
            if occurrences(anchor, haystack) == 1:
                edit = WordEdit(
                    "insert_after", old=join(anchor), new=join(after[j1:j2]), glued=after[j1][1]
                )
                return edit, 0
        return None, 0
    for left, right in growths(left_room, right_room, need_one=(tag == "insert")):
        old = before[i1 - left : i2 + right]
        new = after[j1 - left : j2 + right]
        if old[0][1] or (new and new[0][1]):
            continue  # a quoted phrase starts with a word
        if occurrences(old, haystack) != 1:
            continue
        if not new:
            return WordEdit("delete", old=join(old)), right
        return WordEdit("replace", old=join(old), new=join(new)), right
    return None, 0


def growths(left_room: int, right_room: int, *, need_one: bool):
    """Context sizes to try, smallest first: (0, 0), (0, 1), (1, 0), (1, 1), …"""
    limit = max(left_room, right_room)
    for total in range(limit * 2 + 1):
        for left in range(total + 1):
            right = total - left
            if left <= left_room and right <= right_room and (not need_one or right >= 1):
                yield left, right


def occurrences(phrase: list[Token], haystack: list[list[Token]]) -> int:
    """How many times the words stand in the wording, token for token."""
    size = len(phrase)
    count = 0
    for line in haystack:
        for start in range(len(line) - size + 1):
            window = line[start : start + size]
            if window[0][0] == phrase[0][0] and window[1:] == phrase[1:]:
                # what follows must not continue a glued mark the phrase does not quote
                count += 1
    return count
