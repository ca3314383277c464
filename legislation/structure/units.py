"""The parser of a law's text into units with stable addresses, and its exact renderer.

Every character of the text belongs to exactly one unit: a unit keeps its own line as written
(`line`) and the line break and blank lines after it (`tail`), so `render(parse(text)) == text`.
One paragraph is one line. A line is
  - «Раздел I. …», «Глава 2. …», «Статья 5.1. …» — a heading (inserted units take «N.1»);
  - «1. …» inside an article — a часть; «1) …» — a пункт (of the part, or of the article);
    «а) …» inside a пункт — a подпункт;
  - anything else — an абзац of the innermost open unit. An article without numbered parts is
    made of абзацы («абзац второй статьи 5»); in any other unit its own line is абзац первый
    and the lines that follow it are абзацы второй, третий….
Text before the first heading is the preamble (the act's title, its date): kept, not addressed.
A unit whose wording starts «утратил силу» / «утратила силу» / «утратило силу» is repealed.
"""

import re
from dataclasses import dataclass, field

from legislation.structure.grammar import (
    ARTICLE,
    CHAPTER,
    PARAGRAPH,
    PART,
    POINT,
    SECTION,
    SUBPOINT,
    Address,
)

HEADINGS = (SECTION, CHAPTER, ARTICLE)
_NUMBER = r"\d+(?:\.\d+)*"
_PATTERNS = (
    (
        SECTION,
        re.compile(
            r"^(?P<label>(?:Раздел|РАЗДЕЛ)\s+(?P<number>[IVXLCDM]+(?:\.\d+)*|\d+(?:\.\d+)*)\.?)(?P<body>.*)$"
        ),
    ),
    (
        CHAPTER,
        re.compile(
            rf"^(?P<label>(?:Глава|ГЛАВА)\s+(?P<number>{_NUMBER}|[IVXLCDM]+(?:\.\d+)*)\.?)(?P<body>.*)$"
        ),
    ),
    (ARTICLE, re.compile(rf"^(?P<label>Статья\s+(?P<number>{_NUMBER})\.?)(?P<body>.*)$")),
    (PART, re.compile(rf"^(?P<label>(?P<number>{_NUMBER})\.)(?P<body>\s.*)$")),
    (POINT, re.compile(rf"^(?P<label>(?P<number>{_NUMBER})\))(?P<body>\s.*)$")),
    (SUBPOINT, re.compile(r"^(?P<label>(?P<number>[а-я](?:\.\d+)*)\))(?P<body>\s.*)$")),
)
_REPEALED = re.compile(r"^\s*(?:абзац\s+)?утратил[аио]?\s+силу", re.IGNORECASE)
_LINE = re.compile(r"[^\n]*\n(?:[ \t\r]*\n)*|[^\n]+$")
# Which kinds may hold which: a part only in an article, a subpoint only in a point.
_PARENTS = {
    SECTION: (None,),
    CHAPTER: (None, SECTION),
    ARTICLE: (None, SECTION, CHAPTER),
    PART: (ARTICLE,),
    POINT: (ARTICLE, PART),
    SUBPOINT: (POINT,),
}


@dataclass(eq=False)
class Unit:
    kind: str  # one of grammar's kinds; "" for the root
    number: str  # "5.1", "а"; for an абзац its ordinal within the parent ("2")
    line: str  # the unit's own line as written, without its line break
    tail: str = ""  # the line break and blank lines after the line
    label: str = ""  # «Статья 5.», «1.», «1)», «а)»; "" for an абзац
    children: list["Unit"] = field(default_factory=list)
    parent: "Unit | None" = None
    recognized: bool = True  # False for loose lines in a chapter or section

    @property
    def body(self) -> str:
        """The wording after the label, without the space that follows it."""
        return self.line.strip()[len(self.label) :].strip()

    @property
    def repealed(self) -> bool:
        return bool(_REPEALED.match(self.body))

    @property
    def address(self) -> Address:
        steps = []
        unit: Unit | None = self
        while unit is not None and unit.kind:
            if unit.kind in (SECTION, CHAPTER):
                if not steps:
                    steps.append((unit.kind, unit.number))
                break
            steps.append((unit.kind, unit.number))
            if unit.kind == ARTICLE:
                break
            unit = unit.parent
        return tuple(reversed(steps))

    @property
    def title(self) -> str:
        """A heading's name («Основные понятия»), without the trailing full stop."""
        return self.body if self.kind in HEADINGS else ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def paragraphs(self) -> list["Unit"]:
        return [child for child in self.children if child.kind == PARAGRAPH]

    def numbered(self) -> list["Unit"]:
        return [child for child in self.children if child.kind != PARAGRAPH]


@dataclass(eq=False)
class Law:
    preamble: str  # the text before the first heading, exactly as written
    root: Unit
    index: dict[Address, Unit]

    @property
    def articles(self) -> list[Unit]:
        return [unit for unit in self.root.walk() if unit.kind == ARTICLE]

    def find(self, address: Address) -> Unit | None:
        return self.index.get(tuple(address))


class NotALaw(ValueError):
    """The text has no article: it is not the structure of a law."""


def classify(line: str, open_kinds: set[str]) -> tuple[str, re.Match | None]:
    stripped = line.strip()
    for kind, pattern in _PATTERNS:
        match = pattern.match(stripped)
        if not match:
            continue
        if kind in HEADINGS:
            return kind, match
        if any(parent in open_kinds for parent in _PARENTS[kind]):
            return kind, match
    return PARAGRAPH, None


def plain_line_breaks(text: str) -> str:
    """`text` with every line break a "\\n": a browser's form sends "\\r\\n", and the live editor
    (CodeMirror) counts "\\r\\n" as one character where the shared Yjs text counts two."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str) -> Law:
    """The law's tree; raises NotALaw when no line is an article's heading."""
    root = Unit(kind="", number="", line="")
    preamble: list[str] = []
    stack: list[Unit] = [root]  # the open units, outermost first
    seen_heading = False
    for match in _LINE.finditer(text):
        chunk = match.group(0)
        line = chunk.rstrip("\n \t\r") if "\n" in chunk else chunk
        tail = chunk[len(line) :]
        if not line.strip() and not seen_heading:
            preamble.append(chunk)
            continue
        open_kinds = {unit.kind or None for unit in stack}
        kind, found = classify(line, open_kinds)
        if kind in HEADINGS:
            seen_heading = True
        if not seen_heading:
            preamble.append(chunk)
            continue
        if kind == PARAGRAPH:
            parent = stack[-1]
            unit = Unit(kind=PARAGRAPH, number="", line=line, tail=tail, parent=parent)
            unit.recognized = parent.kind not in (SECTION, CHAPTER, "")
            count = len(parent.paragraphs())
            unit.number = str(count + (1 if parent.kind == ARTICLE else 2))
            parent.children.append(unit)
            continue
        allowed = _PARENTS[kind]
        while (stack[-1].kind or None) not in allowed:
            stack.pop()
        parent = stack[-1]
        unit = Unit(
            kind=kind,
            number=found["number"],
            line=line,
            tail=tail,
            label=found["label"],
            parent=parent,
        )
        parent.children.append(unit)
        stack.append(unit)
    if not seen_heading:
        raise NotALaw("no article heading («Статья 1. …») was found")
    law = Law(preamble="".join(preamble), root=root, index={})
    for unit in root.walk():
        if unit.kind:
            law.index.setdefault(unit.address, unit)
    return law


def render(law: Law) -> str:
    """The text back, character for character."""
    return law.preamble + "".join(unit.line + unit.tail for unit in law.root.walk() if unit.kind)


def unit_lines(unit: Unit) -> list[str]:
    """The unit's own line and its descendants', in order (the wording a formula quotes)."""
    return [each.line.strip() for each in unit.walk()]


def unit_text(unit: Unit) -> str:
    return "\n".join(unit_lines(unit))


def repealed_line(unit: Unit) -> str:
    """How a repealed unit reads in the consolidated text (the documented representation)."""
    if unit.kind == PARAGRAPH:
        return "Абзац утратил силу."
    verb = "Утратила силу." if unit.kind in (CHAPTER, ARTICLE, PART) else "утратил силу;"
    if unit.kind == SECTION:
        verb = "Утратил силу."
    return f"{unit.label} {verb}"
