"""Cross-references in a law's wording, resolved against its structure (pure Python).

Found: chains such as «в соответствии с частью 2 статьи 7», «пунктом 3 части 1 настоящей статьи»,
«указанных в части 1 настоящей статьи», «статьями 5–7», «частями 2 и 3»; a chain that names
another act after it («статьи 5 Федерального закона от …», «… Гражданского кодекса …») is not
ours and is skipped. A chain without an article refers to the article it stands in
(«частью 2» = «частью 2 настоящей статьи»); «настоящего пункта», «настоящей части» likewise.
A reference to a unit that does not exist, or is repealed, is a problem:
{"kind": "broken_reference", "unit": <where it stands>, "text": <the reference as written>}.
"""

import re

from legislation.structure import (
    ARTICLE,
    CHAPTER,
    PARAGRAPH,
    PART,
    POINT,
    SECTION,
    SUBPOINT,
    Law,
    Unit,
    address_text,
    number_key,
)
from legislation.structure.grammar import ORDINALS

_STEMS = (
    (SUBPOINT, r"подпункт(?:ы|а|у|ом|е|ов|ам|ами|ах)?"),
    (POINT, r"пункт(?:ы|а|у|ом|е|ов|ам|ами|ах)?"),
    (PART, r"част(?:ь|и|ью|ей|ям|ями|ях)"),
    (ARTICLE, r"стать(?:я|и|ю|ей|е|ям|ями|ях)"),
    (CHAPTER, r"глав(?:а|ы|е|у|ой|ам|ами|ах)"),
    (SECTION, r"раздел(?:а|у|ом|е|ы|ов|ам|ами|ах)?"),
    (PARAGRAPH, r"абзац(?:а|у|ем|е|ы|ев|ам|ами|ах)?"),
)
_NUM = r"\d+(?:\.\d+)*"
_LETTER = r"[«\"„]?[а-я](?:\.\d+)*[»\"“]?"
_ORD = r"(?:[а-я]+ )?[а-я]+(?:ый|ой|ий|ого|его|ому|ему|ом|ем|ым|им|ые|ых|ыми)"
_JOIN = r"\s*(?:,|и|или|–|—|-)\s*"


def _numbers(kind: str) -> str:
    single = {SUBPOINT: _LETTER, PARAGRAPH: _ORD}.get(kind, _NUM)
    return rf"(?:{single})(?:{_JOIN}(?:{single}))*"


_STEP_RE = [(kind, re.compile(rf"\b{stem}\s+(?P<n>{_numbers(kind)})")) for kind, stem in _STEMS]
_START = re.compile(
    r"\b(?:"
    + "|".join(stem for _kind, stem in _STEMS)
    + r")\s+(?:\d|[«\"„][а-я]|[а-я]+(?:ый|ой|ий|ого|ом|ым))"
)
_RELATIVE = re.compile(
    r"^\s*настоящ(?:ей|его|ему|им|ем)\s+(статьи|части|пункта|подпункта|главы|Федерального|Кодекса|закона)"
)
_FOREIGN = re.compile(
    r"^\s*(?:указанного|названного|[А-Я]|федерального|кодекса|закона|постановления|приложения)"
)


def _split(numbers: str, kind: str) -> tuple[list[str], bool]:
    """«5–7» → (["5", "7"], True); «2 и 3» → (["2", "3"], False)."""
    is_range = bool(re.search(r"[–—]|(?<=\d)-(?=\d)", numbers))
    pieces = [p.strip('«»"„“ ') for p in re.split(_JOIN, numbers) if p.strip('«»"„“ ')]
    if kind == PARAGRAPH:
        pieces = [str(ORDINALS.get(p, ORDINALS.get(p.rsplit(" ", 1)[-1], 0))) for p in pieces]
    return pieces, is_range


def _chain(text: str, start: int):
    """The steps written from position `start`: [(kind, numbers, is_range)], and where it ends."""
    steps = []
    position = start
    while True:
        rest = text[position:]
        stripped = len(rest) - len(rest.lstrip())
        for kind, pattern in _STEP_RE:
            match = pattern.match(rest, stripped)
            if match:
                numbers, is_range = _split(match["n"], kind)
                steps.append((kind, numbers, is_range))
                position += match.end()
                break
        else:
            return steps, position


def _context(unit: Unit) -> dict[str, str]:
    context = {}
    while unit is not None and unit.kind:
        context.setdefault(unit.kind, unit.number)
        unit = unit.parent
    return context


_ORDER = [PARAGRAPH, SUBPOINT, POINT, PART, ARTICLE]
_RELATIVE_KIND = {"статьи": ARTICLE, "части": PART, "пункта": POINT, "подпункта": SUBPOINT}


def references(law: Law):
    """Every internal reference: (the unit it stands in, its text, the addresses it names)."""
    for unit in law.root.walk():
        if not unit.kind or unit.repealed:
            continue
        text = unit.body
        position = 0
        while True:
            found = _START.search(text, position)
            if not found:
                break
            steps, end = _chain(text, found.start())
            position = max(end, found.end())
            if not steps or steps[0][0] in (CHAPTER, SECTION):
                continue
            after = text[end:]
            relative = _RELATIVE.match(after)
            if relative is None and _FOREIGN.match(after):
                continue
            if relative and relative.group(1) in ("Федерального", "Кодекса", "закона"):
                relative = None
                end += 0
            written = text[found.start() : end + (relative.end() if relative else 0)].strip()
            context = _context(unit)
            kinds = [kind for kind, _n, _r in steps]
            anchor = _RELATIVE_KIND.get(relative.group(1)) if relative else None
            base: list[tuple[str, str]] = []
            if ARTICLE not in kinds:
                # «частью 2» or «… настоящей статьи»: the steps above the chain come from here
                top = _ORDER.index(kinds[-1]) if kinds[-1] in _ORDER else len(_ORDER) - 1
                upto = _ORDER.index(anchor) if anchor in _ORDER else len(_ORDER) - 1
                for kind in reversed(_ORDER[max(top + 1, upto) :]):
                    if kind in context:
                        base.append((kind, context[kind]))
            yield unit, written, _addresses(base, steps)


def _addresses(base, steps):
    """All addresses a chain names (a range gives its two ends); the chain is written upward."""
    combos: list[list[tuple[str, str]]] = [list(base)]
    for kind, numbers, _is_range in reversed(steps):
        combos = [[*combo, (kind, number)] for combo in combos for number in numbers]
    return [tuple(combo) for combo in combos]


def check_references(law: Law) -> list[dict]:
    problems = []
    for unit, written, addresses in references(law):
        for address in addresses:
            found = law.find(address)
            if (
                found is None
                or found.repealed
                or any(
                    law.find(address[:depth]) is not None and law.find(address[:depth]).repealed
                    for depth in range(1, len(address))
                )
            ):
                problems.append(
                    {
                        "kind": "broken_reference",
                        "unit": address_text(unit.address),
                        "text": written,
                    }
                )
                break
    return problems


__all__ = ["check_references", "number_key", "references"]
