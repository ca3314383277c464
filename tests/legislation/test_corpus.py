"""The corpus: for each case the generator writes the expected bill, and the clerk's applier
executing that bill on the current text gives the proposed text."""

import pytest

from legislation.amend import Amendment, draft
from tests.legislation.applier import apply
from tests.legislation.corpus.reading import ACT, bill_part, cases

CASES = cases()


def test_the_corpus_has_at_least_forty_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_bill_is_the_expected_one(case):
    result = draft([Amendment(ACT, case.current, case.proposed)])
    assert bill_part(result) == case.bill


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_applying_the_bill_gives_the_proposed_text(case):
    result = draft([Amendment(ACT, case.current, case.proposed)])
    expected = case.proposed
    if case.name.endswith("repeal-by-deletion"):  # a deleted unit is kept, repealed
        expected = case.current.replace(
            "1) защиту ребенка от всех форм дискриминации;", "1) утратил силу;"
        )
    assert apply(case.current, result.bill) == expected


def test_every_formula_appears_in_the_corpus():
    bills = "\n".join(case.bill for case in CASES).lower()
    for formula in (
        "изложить в следующей редакции:",
        "наименование",
        "заменить словом",
        "заменить словами",
        "исключить",
        "после слова",
        "дополнить словами",
        "цифры",
        "дополнить частью",
        "дополнить частями",
        "дополнить пунктом",
        "дополнить подпунктом",
        "дополнить статьей",
        "дополнить статьями",
        "дополнить главой",
        "дополнить абзацем",
        "после абзаца",
        "признать утратившей силу",
        "признать утратившим силу",
        "в статье 4:",
        "а)",
        "б)",
        "точку в конце заменить точкой с запятой",
        "„Интернет“",
        "broken_reference",
    ):
        assert formula.lower() in bills, formula
