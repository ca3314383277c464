"""Russian forms of structural units: cases, genders, ordinals for абзацы, address chains.

An address is a tuple of steps from the article down, e.g. (("статья", "8"), ("часть", "1"),
("пункт", "2"), ("подпункт", "а")). It is written from the smallest unit up: the head in the case
the formula needs, the rest in the genitive — «подпункт «а» пункта 2 части 1 статьи 8».
"""

from enum import StrEnum

Step = tuple[str, str]
Address = tuple[Step, ...]

SECTION = "раздел"
CHAPTER = "глава"
ARTICLE = "статья"
PART = "часть"
POINT = "пункт"
SUBPOINT = "подпункт"
PARAGRAPH = "абзац"


class Case(StrEnum):
    NOMINATIVE = "nom"
    GENITIVE = "gen"
    ACCUSATIVE = "acc"
    INSTRUMENTAL = "ins"
    PREPOSITIONAL = "prep"
    INSTRUMENTAL_PLURAL = "ins_pl"


FORMS: dict[str, dict[str, str]] = {
    SECTION: {
        "nom": "раздел",
        "gen": "раздела",
        "acc": "раздел",
        "ins": "разделом",
        "prep": "разделе",
        "ins_pl": "разделами",
    },
    CHAPTER: {
        "nom": "глава",
        "gen": "главы",
        "acc": "главу",
        "ins": "главой",
        "prep": "главе",
        "ins_pl": "главами",
    },
    ARTICLE: {
        "nom": "статья",
        "gen": "статьи",
        "acc": "статью",
        "ins": "статьей",
        "prep": "статье",
        "ins_pl": "статьями",
    },
    PART: {
        "nom": "часть",
        "gen": "части",
        "acc": "часть",
        "ins": "частью",
        "prep": "части",
        "ins_pl": "частями",
    },
    POINT: {
        "nom": "пункт",
        "gen": "пункта",
        "acc": "пункт",
        "ins": "пунктом",
        "prep": "пункте",
        "ins_pl": "пунктами",
    },
    SUBPOINT: {
        "nom": "подпункт",
        "gen": "подпункта",
        "acc": "подпункт",
        "ins": "подпунктом",
        "prep": "подпункте",
        "ins_pl": "подпунктами",
    },
    PARAGRAPH: {
        "nom": "абзац",
        "gen": "абзаца",
        "acc": "абзац",
        "ins": "абзацем",
        "prep": "абзаце",
        "ins_pl": "абзацами",
    },
}
FEMININE = {CHAPTER, ARTICLE, PART}

_UNITS = [
    "",
    "первый",
    "второй",
    "третий",
    "четвертый",
    "пятый",
    "шестой",
    "седьмой",
    "восьмой",
    "девятый",
]
_TEENS = [
    "десятый",
    "одиннадцатый",
    "двенадцатый",
    "тринадцатый",
    "четырнадцатый",
    "пятнадцатый",
    "шестнадцатый",
    "семнадцатый",
    "восемнадцатый",
    "девятнадцатый",
]
_TENS_ORDINAL = [
    "",
    "",
    "двадцатый",
    "тридцатый",
    "сороковой",
    "пятидесятый",
    "шестидесятый",
    "семидесятый",
    "восьмидесятый",
    "девяностый",
]
_TENS = [
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
]


def ordinal(number: int) -> str:
    """1 → «первый», 23 → «двадцать третий» (nominative, masculine; up to 99)."""
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    if tens == 0:
        return _UNITS[units]
    if tens == 1:
        return _TEENS[units]
    if units == 0:
        return _TENS_ORDINAL[tens]
    return f"{_TENS[tens]} {_UNITS[units]}"


def decline_ordinal(word: str, case: str) -> str:
    """The last word of a masculine ordinal in a case: «второй» → «второго»."""
    *head, last = word.split(" ")
    if case in ("nom", "acc"):
        declined = last
    elif last == "третий":
        declined = {"gen": "третьего", "ins": "третьим", "prep": "третьем"}[case]
    else:
        stem = last[:-2]
        declined = stem + {"gen": "ого", "ins": "ым", "prep": "ом"}[case]
    return " ".join([*head, declined])


ORDINALS: dict[str, int] = {}
for _number in range(1, 100):
    for _case in ("nom", "gen", "ins", "prep"):
        ORDINALS[decline_ordinal(ordinal(_number), _case)] = _number


def step_text(step: Step, case: str) -> str:
    """One step in a case: («пункт», "2") → «пункта 2»; («абзац», "2") → «абзаца второго»."""
    kind, number = step
    noun = FORMS[kind][case]
    if kind == PARAGRAPH:
        return f"{noun} {decline_ordinal(ordinal(int(number)), case.removesuffix('_pl'))}"
    if kind == SUBPOINT:
        return f"{noun} «{number}»"
    return f"{noun} {number}"


def address_text(address: Address, case: str = "nom") -> str:
    """«подпункт «а» пункта 2 части 1 статьи 8»: the head in `case`, the chain in the genitive."""
    if not address:
        return ""
    steps = list(reversed(address))
    words = [step_text(steps[0], case)] + [step_text(step, "gen") for step in steps[1:]]
    return " ".join(words)


def repealed_adjective(kind: str) -> str:
    """«признать утратившей силу» (статья, часть, глава) or «утратившим силу» (the others)."""
    return "утратившей" if kind in FEMININE else "утратившим"


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman(text: str) -> int:
    total = 0
    for position, char in enumerate(text):
        value = _ROMAN[char]
        following = _ROMAN[text[position + 1]] if position + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def number_key(number: str) -> tuple:
    """Legal order of numbers: 7 < 7.1 < 7.2 < 8; «а» < «а.1» < «б»; II < IV."""
    key = []
    for piece in number.split("."):
        if piece.isdigit():
            key.append((0, int(piece), ""))
        elif piece and set(piece) <= set(_ROMAN):
            key.append((0, roman(piece), ""))
        else:
            key.append((1, 0, piece))
    return tuple(key)
