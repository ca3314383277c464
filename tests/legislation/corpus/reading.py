"""Reading the corpus files: a case is its current text, proposed text and expected bill."""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from legislation.acts import Act

HERE = Path(__file__).parent
ACT = Act(
    date=datetime.date(2000, 1, 10),
    number="1-ФЗ",
    title="О защите детей",
    source="Собрание законодательства Российской Федерации, 2000, № 2, ст. 10",
)
_PARTS = re.compile(r"^=== (current|proposed|bill)\n", re.MULTILINE)


@dataclass
class Case:
    name: str
    what: str
    current: str
    proposed: str
    bill: str


def bill_part(result) -> str:
    """What a case pins: the bill from its title to the signature, and the problems found."""
    text = result.bill.split("Президент Российской Федерации")[0].split("**", 3)[-1]
    problems = "".join(f"! {p['kind']}: {p['unit']}: {p['text']}\n" for p in result.problems)
    return "**" + text.strip() + "\n" + problems


def cases() -> list[Case]:
    found = []
    for path in sorted(HERE.glob("[0-9][0-9]-*.txt")):
        text = path.read_text(encoding="utf-8")
        what, rest = text.split("\n", 1)
        pieces = _PARTS.split(rest)
        parts = dict(zip(pieces[1::2], pieces[2::2], strict=True))
        found.append(
            Case(path.stem, what.lstrip("# "), parts["current"], parts["proposed"], parts["bill"])
        )
    return found
