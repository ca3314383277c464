"""The parser: units, stable addresses in Russian, repealed units, and the exact round trip."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legislation.structure import NotALaw, address_text, parse, render
from legislation.structure.grammar import decline_ordinal, number_key, ordinal

FIXTURE = (Path(__file__).parent / "fixtures" / "124-fz.txt").read_text(encoding="utf-8")

LINES = st.sampled_from(
    [
        "Раздел I. Общая часть",
        "Глава 1. Общие положения",
        "ГЛАВА II. ПРАВА",
        "Статья 1. Понятия",
        "Статья 5.1. Вставленная",
        "Статья 7",
        "1. Часть первая.",
        "2.1. Вставленная часть.",
        "1) пункт;",
        "2) утратил силу;",
        "а) подпункт;",
        "б.1) вставленный подпункт;",
        "Абзац без номера.",
        "утратила силу.",
        "  отступ ",
        "",
        " ",
        "\t",
        "12 лет",
        "1.5 доли",
        "а)без пробела",
        "Статья",
        '«Кавычки» и "прямые"',
        "\r",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.one_of(LINES, st.text(max_size=30)), min_size=1, max_size=40),
    ends=st.lists(st.sampled_from(["\n", "\n\n", "\n \n", "\r\n"]), min_size=40, max_size=40),
    final=st.booleans(),
)
def test_rendering_the_tree_gives_back_the_text_exactly(lines, ends, final):
    text = "".join(line + end for line, end in zip(lines, ends, strict=False))
    if not final:
        text = text.rstrip("\n")
    text = "Статья 1. Начало\n" + text
    assert render(parse(text)) == text


def test_the_fixture_round_trips():
    assert render(parse(FIXTURE)) == FIXTURE


def test_units_and_their_addresses():
    law = parse(FIXTURE)
    addresses = [address_text(unit.address) for unit in law.root.walk() if unit.kind]
    assert "глава I" in addresses
    assert "абзац второй статьи 1" in addresses
    assert "пункт 3 части 2 статьи 4" in addresses
    assert "подпункт «б» пункта 2 части 3 статьи 9" in addresses
    assert "статья 14.1" in addresses
    assert law.find((("статья", "8"),)).repealed
    assert law.find((("статья", "4"), ("часть", "3"))).repealed
    assert not law.find((("статья", "4"), ("часть", "2"))).repealed
    assert law.find((("статья", "7"),)).title.startswith("Содействие ребенку")


def test_address_forms_for_the_formulas():
    address = (("статья", "8"), ("часть", "1"), ("пункт", "2"), ("подпункт", "а"))
    assert address_text(address) == "подпункт «а» пункта 2 части 1 статьи 8"
    assert address_text((("статья", "5"), ("часть", "3")), "acc") == "часть 3 статьи 5"
    assert address_text((("статья", "3"), ("часть", "2")), "prep") == "части 2 статьи 3"
    assert address_text((("статья", "7"),), "prep") == "статье 7"
    assert address_text((("статья", "7"),), "acc") == "статью 7"
    assert address_text((("статья", "12"), ("пункт", "4"), ("абзац", "3"))) == (
        "абзац третий пункта 4 статьи 12"
    )
    assert address_text((("статья", "5"), ("абзац", "2")), "prep") == "абзаце втором статьи 5"
    assert address_text((("статья", "5"), ("абзац", "3")), "gen") == "абзаца третьего статьи 5"
    assert address_text((("статья", "5"), ("абзац", "23")), "ins") == (
        "абзацем двадцать третьим статьи 5"
    )


@pytest.mark.parametrize(
    ("number", "word"),
    [
        (1, "первый"),
        (4, "четвертый"),
        (11, "одиннадцатый"),
        (20, "двадцатый"),
        (42, "сорок второй"),
    ],
)
def test_ordinals(number, word):
    assert ordinal(number) == word


def test_ordinal_cases():
    assert decline_ordinal("третий", "ins") == "третьим"
    assert decline_ordinal("второй", "gen") == "второго"


def test_numbers_sort_in_legal_order():
    numbers = ["8", "7.1", "7", "7.2", "10", "7.10", "II", "IV"]
    assert sorted(numbers[:6], key=number_key) == ["7", "7.1", "7.2", "7.10", "8", "10"]
    assert number_key("II") < number_key("IV")
    assert number_key("а") < number_key("а.1") < number_key("б")


def test_a_text_without_articles_is_not_a_law():
    with pytest.raises(NotALaw):
        parse("Уважаемый депутат!\n1. Просим.\n")


def test_points_of_an_article_without_parts_and_loose_lines_in_a_chapter():
    law = parse(
        "Глава 1. Общие\nПримечание к главе.\n\nСтатья 1. Понятия\nВводный абзац:\n"
        "1) первое;\n2) второе.\n"
    )
    note = law.root.children[0].children[0]
    assert note.kind == "абзац"
    assert not note.recognized
    assert address_text(law.find((("статья", "1"), ("пункт", "2"))).address) == "пункт 2 статьи 1"
    assert law.find((("статья", "1"), ("абзац", "1"))).body == "Вводный абзац:"
