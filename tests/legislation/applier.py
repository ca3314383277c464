"""A clerk's applier: reads an amending bill's text and executes its formulas on the current text.

Test code, written apart from legislation.amend on purpose: it knows the bill only as a reader
does — the Markdown text, its items «1) …», «а) …», the formulas («изложить в следующей
редакции», «дополнить частью 4 следующего содержания», «слова «…» заменить словами «…»»,
«признать утратившим силу») and the addresses written in words. The current text is cut into
units with legislation.structure (the law's structure, not the generator's diff); every address
in a bill refers to the current wording, so all targets are found first and then changed.
The result is laid out as the fixtures are: one paragraph a line, a blank line before headings.
"""

import re
from dataclasses import dataclass, field

from legislation.structure import parse

_HEADING = re.compile(r"^(?:Статья|Глава|ГЛАВА|Раздел|РАЗДЕЛ)\s+[\dIVXLCDM]")
_ITEM = re.compile(r"^(\d+)\)\s+(.*)$", re.DOTALL)
_SUBITEM = re.compile(r"^([а-я]{1,2})\)\s+(.*)$", re.DOTALL)
_ACT = re.compile(
    r"\s*(?:Федерального закона|Федеральный закон|Федерального конституционного закона|"
    r"Федеральный конституционный закон)(?: от .*?)? № \S+ «[^«»]*»(?: \([^()]*\))?"
)
_KINDS = {
    "подпункт": "подпункт",
    "пункт": "пункт",
    "част": "часть",
    "стать": "статья",
    "глав": "глава",
    "раздел": "раздел",
    "абзац": "абзац",
}
_STEP = re.compile(
    r"(?P<kind>подпункт|пункт|част|стать|глав|раздел|абзац)[а-я]*\s+"
    r"(?P<number>«[^«»]+»|\d+(?:\.\d+)*|[IVXLCDM]+(?:\.\d+)*|"
    r"(?:двадцать |тридцать )?[а-я]+(?:ого|его|ый|ой|ий|ом|ем))"
)
_ORDINAL_STEMS = [
    ("одиннадцат", 11),
    ("двенадцат", 12),
    ("тринадцат", 13),
    ("четырнадцат", 14),
    ("пятнадцат", 15),
    ("шестнадцат", 16),
    ("семнадцат", 17),
    ("восемнадцат", 18),
    ("девятнадцат", 19),
    ("двадцат", 20),
    ("перв", 1),
    ("втор", 2),
    ("трет", 3),
    ("четверт", 4),
    ("пят", 5),
    ("шест", 6),
    ("седьм", 7),
    ("восьм", 8),
    ("девят", 9),
    ("десят", 10),
]
_EDIT = re.compile(
    r"после (?:слова|слов|цифры|цифр) «(?P<anchor>[^«»]*)» дополнить \w+ «(?P<added>[^«»]*)»"
    r"|(?:слово|слова|цифру|цифры) «(?P<old>[^«»]*)» "
    r"(?:заменить \w+ «(?P<new>[^«»]*)»|(?P<gone>исключить))"
    r"|дополнить (?:словом|словами|цифрой|цифрами) «(?P<tail>[^«»]*)»"
    r"|(?P<mark_old>точку с запятой|точку|запятую|двоеточие) в конце заменить "
    r"(?P<mark_new>точкой с запятой|точкой|запятой|двоеточием)"
)
_MARK = {
    "точку": ".",
    "точкой": ".",
    "точку с запятой": ";",
    "точкой с запятой": ";",
    "запятую": ",",
    "запятой": ",",
    "двоеточие": ":",
    "двоеточием": ":",
}


class BillError(ValueError):
    pass


def ordinal_value(words: str) -> int:
    value = 0
    if words.startswith("двадцать "):
        value, words = 20, words.removeprefix("двадцать ")
    for stem, number in _ORDINAL_STEMS:
        if words.startswith(stem):
            return value + number
    raise BillError(f"not an ordinal: {words}")


def read_address(text: str, article: str | None) -> tuple:
    steps = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _STEP.match(text, position)
        if not match:
            raise BillError(f"cannot read the address «{text}»")
        kind = _KINDS[match["kind"]]
        number = match["number"].strip("«»")
        if kind == "абзац":
            number = str(ordinal_value(number))
        steps.append((kind, number))
        position = match.end()
        while position < len(text) and text[position] == " ":
            position += 1
    address = tuple(reversed(steps))
    if article and (not address or address[0][0] != "статья"):
        address = (("статья", article), *address)
    return address


def number_key(number: str) -> tuple:
    roman = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    key = []
    for piece in number.split("."):
        if piece.isdigit():
            key.append((0, int(piece), ""))
        elif piece and set(piece) <= set(roman):
            values = [roman[c] for c in piece]
            total = sum(
                -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
            )
            key.append((0, total, ""))
        else:
            key.append((1, 0, piece))
    return tuple(key)


def repealed_wording(unit) -> str:
    """The documented representation of a repealed unit (docs/legislation.md)."""
    if unit.kind == "абзац":
        return "Абзац утратил силу."
    if unit.kind in ("статья", "часть", "глава"):
        return f"{unit.label} Утратила силу."
    if unit.kind == "раздел":
        return f"{unit.label} Утратил силу."
    return f"{unit.label} утратил силу;"


@dataclass
class Cell:
    unit: object
    line: str
    replace: list[str] | None = None
    deleted: bool = False
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


def statements(bill: str):
    """(group article, sentence, quoted lines or None) for each formula of the bill's article 1…"""
    text = re.sub(r"\\(.)", r"\1", bill)
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    inside = False
    group = None
    pending = None
    quoted: list[str] = []
    for paragraph in paragraphs:
        if inside or (pending is not None and paragraph.startswith("«")):
            inside = True
            quoted.append(paragraph)
            if re.search(r"»[;.]$", paragraph):
                lines = [q for q in quoted]
                lines[0] = lines[0][1:]
                lines[-1] = re.sub(r"»[;.]$", "", lines[-1])
                yield pending[0], pending[1], [unnest(line) for line in lines]
                inside, pending, quoted = False, None, []
            continue
        if re.fullmatch(r"\*\*Статья \d+\*\*", paragraph) or paragraph.startswith("Президент"):
            group = None
            continue
        if paragraph.startswith("Внести в ") and paragraph.endswith("следующие изменения:"):
            continue
        item = _ITEM.match(paragraph)
        sub = _SUBITEM.match(paragraph)
        if item:
            sentence = item.group(2)
            group = None
            heading = re.fullmatch(r"в статье (\S+):", sentence)
            if heading:
                group = heading.group(1)
                continue
        elif sub and group:
            sentence = sub.group(2)
        elif (
            re.match(r"^(?:[А-Я]|в )", paragraph)
            and " " in paragraph
            and not paragraph.startswith(("**", "Проект", "Настоящий", "Москва", "№", "«"))
        ):
            sentence = _ACT.sub("", paragraph, count=1).strip()
            sentence = sentence[:1].lower() + sentence[1:]
        else:
            continue
        sentence = sentence.rstrip(";.")
        if sentence.endswith(":"):
            pending = (group, sentence)
        else:
            yield group, sentence, None


_MARKS = ".,;:!?"


def glue(words: str) -> str:
    """Added words follow the anchor after a space, unless they start with a punctuation mark."""
    return words if words[:1] in _MARKS else " " + words


def find(phrase: str, body: str, cursor: int) -> tuple[int, int]:
    left = r"(?<![.,;:!?])" if phrase[:1] in _MARKS else r"(?<!\S)"
    right = r"(?!\S)" if phrase[-1:] in _MARKS else r"(?=[.,;:!?]*(?:\s|$))"
    found = re.compile(left + re.escape(phrase) + right).search(body, cursor)
    if not found:
        raise BillError(f"«{phrase}» is not in «{body}»")
    return found.span()


def unnest(text: str) -> str:
    return text.replace("„", "«").replace("“", "»")


class Clerk:
    def __init__(self, current: str):
        self.law = parse(current)
        self.cells = [Cell(unit, unit.line.strip()) for unit in self.law.root.walk() if unit.kind]
        self.position = {id(cell.unit): index for index, cell in enumerate(self.cells)}

    def unit(self, address):
        unit = self.law.find(address)
        if unit is None:
            raise BillError(f"no unit {address}")
        return unit

    def span(self, unit) -> range:
        start = self.position[id(unit)]
        size = sum(1 for _ in unit.walk())
        return range(start, start + size)

    def cell(self, unit) -> Cell:
        return self.cells[self.position[id(unit)]]

    def replace(self, unit, lines: list[str]) -> None:
        span = self.span(unit)
        self.cells[span.start].replace = lines
        for index in span[1:]:
            self.cells[index].deleted = True

    def execute(self, group, sentence: str, quoted: list[str] | None) -> None:
        if match := re.fullmatch(r"(.+?) признать утративш(?:им|ей) силу", sentence):
            unit = self.unit(read_address(match.group(1), group))
            self.replace(unit, [repealed_wording(unit)])
        elif match := re.fullmatch(r"наименование ?(.*?) изложить в следующей редакции:", sentence):
            self.cell(self.unit(read_address(match.group(1), group))).replace = quoted
        elif match := re.fullmatch(r"(.+?) изложить в следующей редакции:", sentence):
            self.replace(self.unit(read_address(match.group(1), group)), quoted)
        elif match := re.fullmatch(
            r"(?:(?P<where>(?!после ).+?) )?(?:после абзаца (?P<after>[а-я ]+?) )?дополнить "
            r"(?P<what>[а-я]+)(?: (?P<numbers>.+?))? следующего содержания:",
            sentence,
        ):
            self.insert(match, group, quoted)
        elif match := re.fullmatch(
            r"в (?:наименовании ?)?(?P<where>.*?) ?"
            r"(?P<edits>(?:слов|цифр|после|дополнить|точк|запят|двоеточ).*)",
            sentence,
        ):
            self.words(self.unit(read_address(match["where"], group)), match["edits"])
        else:
            raise BillError(f"unknown formula: {sentence}")

    def insert(self, match, group, quoted: list[str]) -> None:
        where = match["where"]
        parent = self.unit(read_address(where, group)) if where else None
        if parent is None and group:
            parent = self.unit((("статья", group),))
        what = match["what"]
        if what.startswith("абзац"):
            if match["after"]:
                number = str(ordinal_value(match["after"]))
                if number == "1" and parent.kind != "статья":
                    self.cell(parent).after.extend(quoted)
                else:
                    target = next(
                        u for u in parent.children if u.kind == "абзац" and u.number == number
                    )
                    self.cell(target).after.extend(quoted)
            else:
                self.cells[self.span(parent)[-1]].after.extend(quoted)
            return
        kind = {
            "част": "часть",
            "пункт": "пункт",
            "подпункт": "подпункт",
            "стать": "статья",
            "глав": "глава",
            "раздел": "раздел",
        }
        kind = next(
            v for k, v in sorted(kind.items(), key=lambda kv: -len(kv[0])) if what.startswith(k)
        )
        first = re.match(
            r"^(?:Статья|Глава|ГЛАВА|Раздел|РАЗДЕЛ)?\s*([\dIVXLCDMа-я.]+?)[.)]?(?:\s|$)", quoted[0]
        )
        new_number = first.group(1).rstrip(".")
        if parent is None:
            siblings = [u for u in self.law.root.walk() if u.kind == kind]
        else:
            siblings = [u for u in parent.children if u.kind == kind]
        earlier = [u for u in siblings if number_key(u.number) < number_key(new_number)]
        if earlier:
            predecessor = max(earlier, key=lambda u: number_key(u.number))
            self.cells[self.span(predecessor)[-1]].after.extend(quoted)
        elif siblings:
            self.cell(siblings[0]).before.extend(quoted)
        elif parent is not None:
            self.cells[self.span(parent)[-1]].after.extend(quoted)
        else:
            self.cells[-1].after.extend(quoted)

    def words(self, unit, edits_text: str) -> None:
        """Words found as a reader finds them: whole words, a mark after a word counts apart."""
        cell = self.cell(unit)
        label = unit.label
        body = cell.line[len(label) :].lstrip(" ") if label else cell.line
        cursor = 0
        consumed = 0
        for match in _EDIT.finditer(edits_text):
            if edits_text[consumed : match.start()].strip(" ,"):
                raise BillError(f"unread words in «{edits_text}»")
            consumed = match.end()
            if match["mark_old"]:
                if not body.endswith(_MARK[match["mark_old"]]):
                    raise BillError(f"«{body}» does not end with {match['mark_old']}")
                body = body[: -len(_MARK[match["mark_old"]])] + _MARK[match["mark_new"]]
                continue
            if match["tail"] is not None:
                body = body + glue(unnest(match["tail"]))
                cursor = len(body)
                continue
            phrase = unnest(match["anchor"] if match["anchor"] is not None else match["old"])
            found = find(phrase, body, cursor)
            start, end = found
            if match["anchor"] is not None:
                added = glue(unnest(match["added"]))
                body = body[:end] + added + body[end:]
                cursor = end + len(added)
            elif match["gone"]:
                if start > 0 and body[start - 1] == " ":
                    body, cursor = body[: start - 1] + body[end:], start - 1
                elif body[end : end + 1] == " ":
                    body, cursor = body[:start] + body[end + 1 :], start
                else:
                    body, cursor = body[:start] + body[end:], start
            else:
                new = unnest(match["new"])
                body = body[:start] + new + body[end:]
                cursor = start + len(new)
        if edits_text[consumed:].strip(" ,"):
            raise BillError(f"unread words in «{edits_text}»")
        cell.replace = [f"{label} {body}" if label else body]

    def text(self) -> str:
        lines: list[str] = []
        for cell in self.cells:
            lines.extend(cell.before)
            if cell.replace is not None:
                lines.extend(cell.replace)
            elif not cell.deleted:
                lines.append(cell.line)
            lines.extend(cell.after)
        out = [self.law.preamble]
        for index, line in enumerate(lines):
            if index and _HEADING.match(line):
                out.append("\n")
            out.append(line + "\n")
        return "".join(out)


def apply(current: str, bill: str) -> str:
    """The current text with the bill's formulas executed."""
    clerk = Clerk(current)
    for group, sentence, quoted in statements(bill):
        clerk.execute(group, sentence, quoted)
    return clerk.text()


def layout(text: str) -> str:
    """A text in the fixtures' layout (what `apply` writes when the bill changes nothing)."""
    return Clerk(text).text()
