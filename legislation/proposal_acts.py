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


def act_marker(act_id: int) -> str:
    return f"{{акт {act_id}}}"


def section_for(act: Act) -> str:
    """The section that starts amending `act`: its heading with the marker, then the act's text."""
    heading = f"## Предлагаемая редакция: {act.as_act().name('nom')} {act_marker(act.pk)}"
    return f"{heading}\n\n{plain_line_breaks(act.text).strip(chr(10))}\n"


def _sections(text: str) -> list[tuple[int, str, str]]:
    """(act id, heading without the marker, wording) of every marked section, in order."""
    found = []
    current: tuple[int, str] | None = None
    lines: list[str] = []
    in_fence = False

    def close():
        if current is not None:
            found.append((*current, "\n".join(lines).strip("\n") + "\n"))

    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and _H1_OR_H2.match(line):
            close()
            current, lines = None, []
            heading = _H2.match(line)
            marker = MARKER.search(heading["text"]) if heading else None
            if marker:
                current = (int(marker["id"]), heading["text"][: marker.start()].strip())
            continue
        if current is not None:
            lines.append(line)
    close()
    return found


def amendments_of(*, text: str, group) -> list[ActSection]:
    """The act sections of a proposal's text, each with its act of `group`; an id that is not
    one of the group's acts (unknown, or another group's) and a second section of the same act
    are reported in `problem` and amend nothing. One query."""
    sections = _sections(text)
    ids = {act_id for act_id, _heading, _wording in sections}
    acts = {act.pk: act for act in Act.objects.filter(group=group, pk__in=ids)} if ids else {}
    seen: set[int] = set()
    out = []
    for act_id, heading, wording in sections:
        act = acts.get(act_id)
        problem = ""
        if act is None:
            problem = UNKNOWN_ACT
        elif act_id in seen:
            act, problem = None, DUPLICATE_ACT
        seen.add(act_id)
        out.append(ActSection(act_id, heading, wording, act, problem))
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
