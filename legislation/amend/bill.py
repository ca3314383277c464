"""The amending bill: title, one article per act, the items, entry into force, the signature."""

import re
from dataclasses import dataclass, field

from legislation.acts import Act
from legislation.amend.diff import INSERT, REPEAL, REWRITE, Change, Differ, Options
from legislation.amend.formulas import block, formula
from legislation.references import check_references
from legislation.structure import address_text, parse, plain_line_breaks

LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
_CITED_ACT = re.compile(
    r"(?:Федеральн\w+ (?:конституционн\w+ )?закон\w*|[Пп]остановлени\w+ Правительства Российской "
    r"Федерации|Указ\w* Президента Российской Федерации) от \d{1,2} [а-я]+ \d{4} года "
    r"№ [\w-]+(?: «[^«»]*»)?"
)


@dataclass
class Amendment:
    act: Act
    current: str
    proposed: str


@dataclass
class Draft:
    bill: str
    comparison: list[dict] = field(default_factory=list)
    acts: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "bill": self.bill,
            "comparison": self.comparison,
            "acts": self.acts,
            "problems": self.problems,
        }


def letter(index: int) -> str:
    if index < len(LETTERS):
        return LETTERS[index]
    return LETTERS[index // len(LETTERS) - 1] + LETTERS[index % len(LETTERS)]


def group_key(change: Change):
    article = change.article
    if article is None:
        return None
    if change.target is article and change.kind in (REWRITE, REPEAL):
        return None
    return article


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_item(sentence: str, quoted: list[str] | None, end: str, prefix: str = "") -> str:
    sentence = re.sub(r" {2,}", " ", sentence).strip()
    if quoted is None:
        return f"{prefix}{sentence}{end}"
    return f"{prefix}{sentence}\n\n{block(quoted)}{end}"


def items_text(changes: list[Change]) -> list[str]:
    """«1) …;», «2) в статье 7:», «а) …;» …: the items of one act's article, in the act's order."""
    groups: list[list[Change]] = []
    for change in changes:
        key = group_key(change)
        if groups and key is not None and group_key(groups[-1][0]) is key:
            groups[-1].append(change)
        else:
            groups.append([change])
    paragraphs = []
    for number, group in enumerate(groups, start=1):
        last_group = number == len(groups)
        if len(group) == 1:
            sentence, quoted = formula(group[0])
            end = "." if last_group else ";"
            paragraphs.append(render_item(sentence, quoted, end, prefix=f"{number}\\) "))
            continue
        article = group_key(group[0])
        paragraphs.append(f"{number}\\) в {address_text(article.address, 'prep')}:")
        for index, change in enumerate(group):
            sentence, quoted = formula(change, drop_article=True)
            end = "." if last_group and index == len(group) - 1 else ";"
            paragraphs.append(render_item(sentence, quoted, end, prefix=f"{letter(index)}) "))
    return paragraphs


def title_text(acts_changes: list[tuple[Act, list[Change]]]) -> str:
    if len(acts_changes) > 1:
        return "О внесении изменений в отдельные законодательные акты Российской Федерации"
    act, changes = acts_changes[0]
    noun = "изменения" if len(changes) == 1 else "изменений"
    articles = {id(change.article) for change in changes}
    article = changes[0].article if changes else None
    one_article = (
        article is not None
        and len(articles) == 1
        and not any(
            change.kind == INSERT and change.target is not article and change.article is None
            for change in changes
        )
    )
    if one_article:
        where = address_text(article.address, "acc")
        return f"О внесении {noun} в {where} {act.name('gen', full=False)}"
    return f"О внесении {noun} в {act.name('acc', full=False)}"


def act_article(act: Act, changes: list[Change]) -> list[str]:
    if len(changes) == 1:
        change = changes[0]
        sentence, quoted = formula(change, act_gen=act.cited("gen"), act_acc=act.cited("acc"))
        return [render_item(capitalize(sentence), quoted, ".")]
    opening = f"Внести в {act.cited('acc')} следующие изменения:"
    return [opening, *items_text(changes)]


def signature_block(constitutional: bool) -> list[str]:
    number = "ФКЗ" if constitutional else "ФЗ"
    return [
        "Президент Российской Федерации \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_",
        "Москва, Кремль",
        "«\\_\\_\\_» \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ 20\\_\\_ года",
        f"№ \\_\\_\\_\\_\\_-{number}",
    ]


def draft(
    amendments: list[Amendment], *, options: Options | None = None, entry_into_force: str = ""
) -> Draft:
    """The bill, the comparison rows, the list of acts and the problems found.

    Raises legislation.structure.NotALaw when a text has no article.
    """
    options = options or Options()
    acts_changes: list[tuple[Act, list[Change]]] = []
    result = Draft(bill="")
    for amendment in sorted(amendments, key=lambda a: (a.act.date is None, a.act.date or 0)):
        # Line breaks as the editor keeps them: an act pasted into a form has "\r\n".
        current = parse(plain_line_breaks(amendment.current))
        proposed = parse(plain_line_breaks(amendment.proposed))
        differ = Differ(current, proposed, options)
        changes = differ.run()
        result.problems.extend(differ.problems)
        if current.preamble.strip() != proposed.preamble.strip():
            result.problems.append(
                {
                    "kind": "outside_structure",
                    "unit": "",
                    "text": "the text before the first heading changed",
                }
            )
        result.problems.extend(check_references(proposed))
        result.comparison.extend(change.row() for change in changes)
        result.acts.append(amendment.act.name("nom"))
        for change in changes:
            for line in change.row()["proposed"].splitlines():
                for cited in _CITED_ACT.findall(line):
                    if cited not in result.acts:
                        result.acts.append(cited)
        if changes:
            acts_changes.append((amendment.act, changes))
    constitutional = any(a.act.kind == "federal_constitutional_law" for a in amendments)
    kind = "ФЕДЕРАЛЬНЫЙ КОНСТИТУЦИОННЫЙ ЗАКОН" if constitutional else "ФЕДЕРАЛЬНЫЙ ЗАКОН"
    paragraphs = ["Проект", f"**{kind}**"]
    if not acts_changes:
        result.problems.append(
            {
                "kind": "no_changes",
                "unit": "",
                "text": "the proposed wording equals the current wording",
            }
        )
        result.bill = "\n\n".join(paragraphs) + "\n"
        return result
    paragraphs.append(f"**{title_text(acts_changes)}**")
    number = 0
    for act, changes in acts_changes:
        number += 1
        paragraphs.append(f"**Статья {number}**")
        paragraphs.extend(act_article(act, changes))
    if entry_into_force.strip():
        number += 1
        subject = "Федеральный конституционный закон" if constitutional else "Федеральный закон"
        paragraphs.append(f"**Статья {number}**")
        paragraphs.append(
            f"Настоящий {subject} вступает в силу {entry_into_force.strip().rstrip('.')}."
        )
    paragraphs.extend(signature_block(constitutional))
    result.bill = "\n\n".join(paragraphs) + "\n"
    return result
