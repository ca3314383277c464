"""The bill around the formulas: titles, several acts, entry into force, kinds of acts, quotes."""

import datetime

from legislation.acts import Act, date_words
from legislation.amend import Amendment, draft
from tests.legislation.applier import apply

LAW = "Статья 1. Понятия\n1. Первая часть.\n2. Вторая часть.\n\nСтатья 2. Вторая\nТекст.\n"
OLD = Act(
    date=datetime.date(1995, 11, 24),
    number="181-ФЗ",
    title="О социальной защите инвалидов в Российской Федерации",
)
NEW = Act(
    date=datetime.date(1998, 7, 24),
    number="124-ФЗ",
    title="Об основных гарантиях прав ребенка в Российской Федерации",
)


def test_several_acts_one_article_each_in_the_order_of_adoption():
    changed = LAW.replace("2. Вторая часть.", "2. Утратила силу.")
    bill = draft([Amendment(NEW, LAW, changed), Amendment(OLD, LAW, changed)]).bill
    assert "**О внесении изменений в отдельные законодательные акты Российской Федерации**" in bill
    assert bill.index("181-ФЗ") < bill.index("124-ФЗ")
    assert "**Статья 2**" in bill


def test_entry_into_force_and_signature():
    bill = draft(
        [Amendment(NEW, LAW, LAW.replace("Текст.", "Новый текст."))],
        entry_into_force="по истечении десяти дней после дня его официального опубликования",
    ).bill
    assert (
        "**Статья 2**\n\nНастоящий Федеральный закон вступает в силу по истечении десяти "
        "дней после дня его официального опубликования."
    ) in bill
    assert bill.rstrip().endswith("-ФЗ")
    assert "Президент Российской Федерации" in bill
    assert "Москва, Кремль" in bill


def test_single_change_title_names_the_article():
    bill = draft([Amendment(NEW, LAW, LAW.replace("Текст.", "Новый текст."))]).bill
    assert (
        "**О внесении изменения в статью 2 Федерального закона «Об основных гарантиях прав "
        "ребенка в Российской Федерации»**"
    ) in bill


def test_a_constitutional_law_and_a_code():
    fkz = Act(kind="federal_constitutional_law", number="1-ФКЗ", title="О судебной системе")
    bill = draft([Amendment(fkz, LAW, LAW.replace("Текст.", "Новый текст."))]).bill
    assert "**ФЕДЕРАЛЬНЫЙ КОНСТИТУЦИОННЫЙ ЗАКОН**" in bill
    assert "-ФКЗ" in bill
    code = Act(kind="code", title="Семейный кодекс Российской Федерации")
    bill = draft([Amendment(code, LAW, LAW.replace("Текст.", "Новый текст."))]).bill
    assert "статьи 2 Семейного кодекса Российской Федерации" in bill
    assert "в статью 2 Семейного кодекса Российской Федерации" in bill


def test_quotes_nest_and_markdown_is_escaped():
    proposed = LAW.replace("Текст.", "Текст о сети «Интернет» и *звездах*_.")
    bill = draft([Amendment(NEW, LAW, proposed)]).bill
    assert "„Интернет“" in bill
    assert "\\*звездах\\*\\_" in bill
    assert "«Об основных гарантиях прав ребенка в Российской Федерации»" in bill
    assert apply(LAW, bill) == proposed


def test_no_change_is_a_problem_not_a_bill():
    result = draft([Amendment(NEW, LAW, LAW)])
    assert result.problems == [
        {
            "kind": "no_changes",
            "unit": "",
            "text": "the proposed wording equals the current wording",
        }
    ]
    assert "Статья 1" not in result.bill


def test_a_renumbered_article_is_reported():
    renumbered = LAW.replace("Статья 2. Вторая", "Статья 1.1. Вставка\nТекст.\n\nСтатья 2. Вторая")
    assert draft([Amendment(NEW, LAW, renumbered)]).problems == []
    clash = LAW + "\nСтатья 2. Еще одна вторая\nТекст.\n"
    kinds = [p["kind"] for p in draft([Amendment(NEW, LAW, clash)]).problems]
    assert "renumbered" in kinds or "reordered" in kinds


def test_dates_in_words():
    assert date_words(datetime.date(1998, 7, 24)) == "24 июля 1998 года"
