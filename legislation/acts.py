"""The act a bill amends: its kind, date, number, title and publication, and their Russian forms."""

import datetime
import re
from dataclasses import dataclass

from legislation.quotes import nest

MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]

KINDS = {
    # kind: (nominative/accusative, genitive, prepositional)
    "federal_law": ("Федеральный закон", "Федерального закона", "Федеральном законе"),
    "federal_constitutional_law": (
        "Федеральный конституционный закон",
        "Федерального конституционного закона",
        "Федеральном конституционном законе",
    ),
    "code": ("", "", ""),  # a code is named by its title: «Семейный кодекс Российской Федерации»
    "government_decree": (
        "постановление Правительства Российской Федерации",
        "постановления Правительства Российской Федерации",
        "постановлении Правительства Российской Федерации",
    ),
    "decree": (
        "Указ Президента Российской Федерации",
        "Указа Президента Российской Федерации",
        "Указе Президента Российской Федерации",
    ),
    "other": ("акт", "акта", "акте"),
}
_ADJECTIVE = re.compile(r"^(.*?)(ый|ий|ой)$")


def date_words(date: datetime.date | None) -> str:
    """2026-07-24 → «24 июля 1998 года»."""
    if date is None:
        return ""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year} года"


def _decline_code(title: str, case: str) -> str:
    """«Семейный кодекс Российской Федерации» → «Семейного кодекса …» / «Семейном кодексе …»."""
    words = title.split(" ")
    out = []
    for position, word in enumerate(words):
        if word.lower() == "кодекс":
            out.append(word + ("а" if case == "gen" else "е"))
            out.extend(words[position + 1 :])
            return " ".join(out)
        match = _ADJECTIVE.match(word)
        if match:
            stem = match.group(1)
            soft = match.group(2) == "ий" and stem[-1:] in "нН"
            ending = ("его" if soft else "ого") if case == "gen" else ("ем" if soft else "ом")
            out.append(stem + ending)
        else:
            out.append(word)
    return " ".join(out)


@dataclass(frozen=True)
class Act:
    kind: str = "federal_law"
    date: datetime.date | None = None
    number: str = ""
    title: str = ""
    source: str = (
        ""  # the official publication: «Собрание законодательства …, 1998, № 31, ст. 3802»
    )

    @property
    def is_code(self) -> bool:
        return self.kind == "code"

    def name(self, case: str = "nom", *, full: bool = True) -> str:
        """«Федеральный закон от 24 июля 1998 года № 124-ФЗ «Об основных …»» in a case."""
        if self.is_code:
            title = self.title or "Кодекс"
            return title if case in ("nom", "acc") else _decline_code(title, case)
        forms = KINDS.get(self.kind, KINDS["other"])
        noun = {"nom": forms[0], "acc": forms[0], "gen": forms[1], "prep": forms[2]}[case]
        parts = [noun]
        if full and self.date:
            parts.append(f"от {date_words(self.date)}")
        if full and self.number:
            parts.append(f"№ {self.number}")
        if self.title:
            parts.append(f"«{nest(self.title)}»")
        return " ".join(parts)

    def cited(self, case: str = "acc") -> str:
        """The name with its publication, as the opening formula cites it."""
        name = self.name(case)
        return f"{name} ({self.source})" if self.source else name

    @classmethod
    def from_dict(cls, data: dict | None) -> "Act":
        data = data or {}
        date = data.get("date")
        if isinstance(date, str) and date:
            date = datetime.date.fromisoformat(date)
        return cls(
            kind=data.get("kind") or "federal_law",
            date=date or None,
            number=data.get("number") or "",
            title=data.get("title") or "",
            source=data.get("source") or "",
        )
