"""What the live editor marks in a bill proposal's text: its act sections, and the problems of
their proposed wording beside the passage (a broken reference underlines the reference itself).

Offsets are in UTF-16 code units, as the editor (CodeMirror, Yjs) counts them.
"""

import re

from django.utils.translation import gettext as _

from legislation.amend import Amendment, draft
from legislation.problems import BROKEN_REFERENCE, label
from legislation.proposal_acts import DUPLICATE_ACT, amendments_of
from legislation.structure import NotALaw, address_text, parse, plain_line_breaks

_DATE = re.compile(r" от \d{1,2} [а-я]+ \d{4} года")


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le", errors="surrogatepass")) // 2


def _unit_lines(wording: str) -> dict[str, tuple[int, str]]:
    """Each unit's address (as problems name it) → (offset of its line in `wording`, line)."""
    law = parse(wording)
    lines: dict[str, tuple[int, str]] = {}
    offset = len(law.preamble)
    for unit in law.root.walk():
        if not unit.kind:
            continue
        lines.setdefault(address_text(unit.address), (offset, unit.line))
        offset += len(unit.line) + len(unit.tail)
    return lines


def _title(problem: dict) -> str:
    where = f" — {problem['unit']}" if problem.get("unit") else ""
    if problem["kind"] == BROKEN_REFERENCE:
        return _(
            "%(label)s%(where)s: «%(text)s» names a unit that does not exist or has lost force."
        ) % {"label": label(problem["kind"]), "where": where, "text": problem["text"]}
    return f"{label(problem['kind'])}{where}"


def editor_marks(*, text: str, group) -> dict:
    """{"sections": [{"from", "to", "label"}], "problems": [{"from", "to", "kind", "text",
    "title"}]} for `text` (a bill proposal's live text) in `group`."""
    text = plain_line_breaks(text)
    sections, problems = [], []
    for section in amendments_of(text=text, group=group):
        if section.act is not None:
            # Short, for a label on one line: «Федеральный закон № 124-ФЗ».
            name = section.act.as_act().name("nom").split(" «", 1)[0]
            name = _DATE.sub("", name).strip()
            mark = _("The act's wording: %(act)s — the changes will go into the bill") % {
                "act": name
            }
        elif section.problem == DUPLICATE_ACT:
            mark = _("A second section of the same act: it amends nothing")
        else:
            mark = _("No act %(id)s in this group: this section amends nothing") % {
                "id": section.act_id
            }
        sections.append(
            {
                "from": _utf16(text, section.start),
                "to": _utf16(text, section.end),
                "label": mark,
            }
        )
        if section.act is None:
            continue
        try:
            result = draft([Amendment(section.act.as_act(), section.act.text, section.proposed)])
            lines = _unit_lines(section.proposed)
        except NotALaw:
            continue
        for problem in result.problems:
            found = lines.get(problem.get("unit", ""))
            if found is None:
                continue
            line_offset, line = found
            start = section.wording_start + line_offset
            end = start + len(line)
            at = line.find(problem["text"]) if problem["kind"] == BROKEN_REFERENCE else -1
            if at >= 0:
                start, end = start + at, start + at + len(problem["text"])
            problems.append(
                {
                    "from": _utf16(text, start),
                    "to": _utf16(text, end),
                    "kind": problem["kind"],
                    "text": text[start:end],
                    "title": _title(problem),
                }
            )
    return {"sections": sections, "problems": problems}
