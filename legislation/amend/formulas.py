"""The wording of each change: the formulas of the State Duma's methodological recommendations.

A formula is built from the target's address (relative to the article when the item is grouped
under «в статье 7:») and, when the bill states a single change, the act's name in the genitive
(«часть 3 статьи 5 Федерального закона от … изложить …») or accusative («Федеральный закон …
дополнить статьей 7.1 …»).
"""

from legislation.amend.diff import HEADING, INSERT, MARK_NAMES, REPEAL, REWRITE, Change, WordEdit
from legislation.quotes import escape_markdown, nest, quote_block
from legislation.structure import (
    ARTICLE,
    FORMS,
    PARAGRAPH,
    SUBPOINT,
    Address,
    address_text,
    ordinal,
    repealed_adjective,
    unit_lines,
)
from legislation.structure.grammar import decline_ordinal


def relative(address: Address, drop_article: bool) -> Address:
    if drop_article and address and address[0][0] == ARTICLE:
        return address[1:]
    return address


def phrase(text: str) -> str:
    return "«" + escape_markdown(nest(text)) + "»"


def _words(text: str, case: str) -> str:
    """«слова» / «слово» / «цифры» by the number of words quoted, in a case."""
    digits = text.replace(".", "").isdigit()
    single = " " not in text
    if digits:
        forms = {"acc": ("цифру", "цифры"), "ins": ("цифрой", "цифрами"), "gen": ("цифры", "цифр")}
        return forms[case][0 if single and len(text) == 1 else 1]
    forms = {"acc": ("слово", "слова"), "ins": ("словом", "словами"), "gen": ("слова", "слов")}
    return forms[case][0 if single else 1]


def edit_text(edit: WordEdit) -> str:
    if edit.action == "end_mark":
        return f"{MARK_NAMES[edit.old][0]} в конце заменить {MARK_NAMES[edit.new][1]}"
    if edit.action == "replace":
        return (
            f"{_words(edit.old, 'acc')} {phrase(edit.old)} заменить "
            f"{_words(edit.new, 'ins')} {phrase(edit.new)}"
        )
    if edit.action == "delete":
        return f"{_words(edit.old, 'acc')} {phrase(edit.old)} исключить"
    if edit.action == "insert_after":
        return (
            f"после {_words(edit.old, 'gen')} {phrase(edit.old)} дополнить "
            f"{_words(edit.new, 'ins')} {phrase(edit.new)}"
        )
    return f"дополнить {_words(edit.new, 'ins')} {phrase(edit.new)}"


def numbers_text(kind: str, numbers: list[str]) -> str:
    shown = [f"«{n}»" if kind == SUBPOINT else n for n in numbers]
    if len(shown) == 1:
        return shown[0]
    if len(shown) == 2:
        return f"{shown[0]} и {shown[1]}"
    return f"{shown[0]}–{shown[-1]}"


def target(address: Address, case: str, act: str) -> str:
    """«часть 3 статьи 5» + « Федерального закона …» when the act is named."""
    text = address_text(address, case)
    return f"{text} {act}".strip() if act else text


def formula(
    change: Change, *, drop_article: bool = False, act_gen: str = "", act_acc: str = ""
) -> tuple[str, list[str] | None]:
    """The formula's sentence (without the closing punctuation) and its quoted block, if any."""
    if change.kind == INSERT:
        return insertion(change, drop_article=drop_article, act_gen=act_gen, act_acc=act_acc)
    address = relative(change.target.address, drop_article)
    if change.kind == REPEAL:
        adjective = repealed_adjective(change.target.kind)
        return f"{target(address, 'acc', act_gen)} признать {adjective} силу", None
    if change.kind == HEADING:
        return (
            f"наименование {target(address, 'gen', act_gen)} изложить в следующей редакции:",
            change.lines,
        )
    if change.kind == REWRITE:
        return f"{target(address, 'acc', act_gen)} изложить в следующей редакции:", change.lines
    where = target(address, "prep", act_gen)
    if change.target.kind in (ARTICLE, "глава", "раздел"):
        where = f"наименовании {target(address, 'gen', act_gen)}"
    edits = ", ".join(edit_text(edit) for edit in change.edits)
    return (f"в {where} {edits}" if where else edits), None


def insertion(change: Change, *, drop_article: bool, act_gen: str, act_acc: str):
    units = change.inserted
    kind = units[0].kind
    noun = FORMS[kind]["ins" if len(units) == 1 else "ins_pl"]
    parent = change.target
    lines = [line for unit in units for line in unit_lines(unit)]
    if kind == PARAGRAPH:
        what = f"дополнить {noun} следующего содержания:"
        if change.after_paragraph is not None:
            after = decline_ordinal(ordinal(change.after_paragraph), "gen")
            what = f"после абзаца {after} {what}"
    else:
        numbers = numbers_text(kind, [unit.number for unit in units])
        what = f"дополнить {noun} {numbers} следующего содержания:"
    if kind in (ARTICLE, "глава", "раздел") and not change.in_chapter:
        where = ""
    else:
        where = (
            target(relative(parent.address, drop_article), "acc", act_gen) if parent.kind else ""
        )
    if not where and act_acc:
        where = act_acc
    return (f"{where} {what}".strip(), lines)


def block(lines: list[str]) -> str:
    return quote_block(lines)
