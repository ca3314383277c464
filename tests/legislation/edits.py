"""Random edits of a law's structure, made as a member makes them in the editor (test helper)."""

from legislation.structure import ARTICLE, PARAGRAPH, parse, repealed_line
from tests.legislation.applier import layout

WORDS = [
    "ребенка",
    "детей",
    "органы",
    "меры",
    "защиты",
    "семьи",
    "прав",
    "законных",
    "интересов",
    "«Интернет»",
    "социальной",
    "поддержки",
    "в",
    "и",
    "по",
    "организаций",
    "местного",
    "самоуправления",
    "государственной",
    "власти",
    "обеспечения",
    "условий",
    "развития",
]


def _lines(law):
    return [unit for unit in law.root.walk() if unit.kind]


def _text(law, lines: list[str]) -> str:
    return layout(law.preamble + "".join(line + "\n" for line in lines))


def edit(text: str, draw) -> str:
    """One random edit: `draw(kind, bound)` picks an integer in [0, bound)."""
    law = parse(text)
    units = _lines(law)
    lines = [unit.line.strip() for unit in units]
    action = draw("action", 6)
    candidates = [index for index, unit in enumerate(units) if not unit.repealed]
    if not candidates:
        return text
    index = candidates[draw("unit", len(candidates))]
    unit = units[index]
    words = unit.body.split(" ")
    if action in (0, 1):  # word changes: replace, insert or delete a word
        position = draw("position", len(words))
        word = WORDS[draw("word", len(WORDS))]
        how = draw("how", 3)
        if how == 0:
            words[position] = word
        elif how == 1:
            words.insert(position + 1, word)
        elif len(words) > 2:
            del words[position]
        lines[index] = f"{unit.label} {' '.join(words)}".strip()
    elif action == 2:  # a new wording
        new = " ".join(WORDS[draw("word", len(WORDS))] for _ in range(3 + draw("length", 6)))
        lines[index] = f"{unit.label} {new[:1].upper()}{new[1:]}.".strip()
    elif action == 3 and unit.kind not in (
        PARAGRAPH,
        "глава",
        "раздел",
    ):  # repeal (the representation)
        end = index + sum(1 for _ in unit.walk())
        lines[index:end] = [repealed_line(unit)]
    elif action == 4 and unit.kind not in (PARAGRAPH,):  # a new unit after this one: N.1
        siblings = [
            u.number for u in (unit.parent.children if unit.parent else []) if u.kind == unit.kind
        ]
        number = f"{unit.number}.1"
        if number in siblings or any(s.startswith(number) for s in siblings):
            return text
        if unit.kind == ARTICLE:
            new_lines = [
                f"Статья {number}. Новая статья о правах детей",
                "1. Дети имеют право на защиту.",
                "2. Органы власти обеспечивают меры.",
            ]
        else:
            end_label = {
                "часть": f"{number}.",
                "пункт": f"{number})",
                "подпункт": f"{number})",
                "глава": f"Глава {number}.",
                "раздел": f"Раздел {number}.",
            }[unit.kind]
            filler = "Новая глава" if unit.kind == "глава" else "новая норма о защите детей;"
            if unit.kind == "глава":
                articles = [u for u in unit.walk() if u.kind == ARTICLE]
                if not articles:
                    return text
                new_lines = [
                    f"{end_label} {filler}",
                    f"Статья {articles[-1].number}.9. Новая статья",
                    "Текст новой статьи.",
                ]
            elif unit.kind == "раздел":
                return text
            else:
                new_lines = [f"{end_label} {filler}"]
        end = index + sum(1 for _ in unit.walk())
        lines[end:end] = new_lines
    elif action == 5 and unit.kind == PARAGRAPH:  # a new абзац after this one
        lines[index + 1 : index + 1] = ["новый абзац о защите прав детей;"]
    return _text(law, lines)
