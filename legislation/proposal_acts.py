"""The acts a bill proposal amends in place: the one reader of the act-section convention.

In a legislative proposal's Markdown, a level-2 section whose heading ends with `{акт N}` (or
`{act N}`; N is the id of an Act of the proposal's group) holds the PROPOSED wording of act N,
from the line after the heading to the next `#`/`##` heading (not inside fenced code):

    ## Предлагаемая редакция: Федеральный закон … № 124-ФЗ «…» {акт 3}

    Статья 1. Основные понятия
    …

The section starts as a copy of the act's text (`section_for`, written by
`services.proposal_act_amend`); members edit it like any text and never type the marker. The
rest of the proposal stays free text. Such a section is not a package document: the bill
package leaves it out like internal material and carries the generated documents instead.
"""

import re
from dataclasses import dataclass

from legislation.amend import Amendment, Draft, draft
from legislation.models import Act
from legislation.structure import NotALaw, plain_line_breaks

MARKER = re.compile(r"[ \t]*\{\s*(?:акт|act)\s+(?P<id>\d+)\s*\}[ \t]*$", re.IGNORECASE)
_H2 = re.compile(r"^ {0,3}##[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$")
_H1_OR_H2 = re.compile(r"^ {0,3}#{1,2}(?:[ \t]|$)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")

UNKNOWN_ACT = "unknown_act"
DUPLICATE_ACT = "duplicate_act"


@dataclass(frozen=True)
class ActSection:
    """One `{акт N}` section: its act (None when N names no act of the group) and its wording."""

    act_id: int
    heading: str  # without the marker
    proposed: str
    act: Act | None = None
    problem: str = ""  # UNKNOWN_ACT or DUPLICATE_ACT; such a section amends nothing
    # Offsets in the proposal's text: the heading line's start, the wording's first character,
    # and the end of the section (the next `#`/`##` heading, or the end of the text).
    start: int = 0
    wording_start: int = 0
    end: int = 0


def act_marker(act_id: int) -> str:
    return f"{{акт {act_id}}}"


def section_for(act: Act) -> str:
    """The section that starts amending `act`: its heading with the marker, then the act's text."""
    heading = f"## Предлагаемая редакция: {act.as_act().name('nom')} {act_marker(act.pk)}"
    return f"{heading}\n\n{plain_line_breaks(act.text).strip(chr(10))}\n"


def _sections(text: str) -> list[tuple]:
    """(act id, heading without the marker, wording, start, wording start, end) of every marked
    section, in order; offsets into `text`, whose lines are split at "\\n" as the editor's."""
    found = []
    current: tuple[int, str, int, int] | None = None  # id, heading, start, body start
    lines: list[str] = []
    in_fence = False
    offset = 0

    def close(end: int):
        if current is not None:
            joined = "\n".join(lines)
            wording = joined.strip("\n") + "\n"
            skipped = len(joined) - len(joined.lstrip("\n"))
            act_id, heading, start, body = current
            found.append((act_id, heading, wording, start, body + skipped, end))

    for line in plain_line_breaks(text).split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if _FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and _H1_OR_H2.match(line):
            close(line_start)
            current, lines = None, []
            heading = _H2.match(line)
            marker = MARKER.search(heading["text"]) if heading else None
            if marker:
                title = heading["text"][: marker.start()].strip()
                current = (int(marker["id"]), title, line_start, offset)
            continue
        if current is not None:
            lines.append(line)
    close(min(offset, len(text)))
    return found


def amendments_of(*, text: str, group) -> list[ActSection]:
    """The act sections of a proposal's text, each with its act of `group`; an id that is not
    one of the group's acts (unknown, or another group's) and a second section of the same act
    are reported in `problem` and amend nothing. One query."""
    sections = _sections(text)
    ids = {section[0] for section in sections}
    acts = {act.pk: act for act in Act.objects.filter(group=group, pk__in=ids)} if ids else {}
    seen: set[int] = set()
    out = []
    for act_id, heading, wording, start, wording_start, end in sections:
        act = acts.get(act_id)
        problem = ""
        if act is None:
            problem = UNKNOWN_ACT
        elif act_id in seen:
            act, problem = None, DUPLICATE_ACT
        seen.add(act_id)
        out.append(ActSection(act_id, heading, wording, act, problem, start, wording_start, end))
    return out


def has_act_sections(text: str) -> bool:
    return bool(_sections(text))


def draft_of(sections: list[ActSection], *, entry_into_force: str = "") -> Draft | None:
    """The generated bill for the sections that name an act (None when none does)."""
    amendments = [
        Amendment(act=section.act.as_act(), current=section.act.text, proposed=section.proposed)
        for section in sections
        if section.act is not None
    ]
    if not amendments:
        return None
    try:
        return draft(amendments, entry_into_force=entry_into_force)
    except NotALaw:
        problem = {"kind": "not_a_law", "unit": "", "text": "no article heading left"}
        return Draft(bill="", problems=[problem])
