"""Cross-references in the proposed wording: valid, missing, repealed, relative, ranges, foreign."""

import pytest

from legislation.references import check_references
from legislation.structure import parse

LAW = """Статья 1. Понятия
1. Первая часть.
2. Вторая часть:
1) первый пункт;
2) утратил силу;
3) третий пункт.
3. Утратила силу.

Статья 2. Отсылки
{text}

Статья 5. Пятая
Текст.

Статья 6. Шестая
Текст.

Статья 7. Седьмая
1. Текст.
2. Текст.
"""


def problems(text: str) -> list[str]:
    return [p["text"] for p in check_references(parse(LAW.format(text=text)))]


@pytest.mark.parametrize(
    "text",
    [
        "Меры принимаются в соответствии с частью 2 статьи 7.",
        "Положения, предусмотренные статьями 5–7, применяются.",
        "Лица, указанные в пункте 3 части 2 статьи 1, вправе.",
        "В случаях, предусмотренных частями 1 и 2 статьи 1, применяются.",
        "Согласно статье 6 настоящего Федерального закона.",
        "В порядке, установленном статьей 5 Федерального закона от 1 января 2000 года № 1-ФЗ.",
        "Применяются правила статьи 99 Гражданского кодекса Российской Федерации.",
    ],
)
def test_valid_and_foreign_references_are_not_problems(text):
    assert problems(text) == []


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("В соответствии с частью 3 статьи 7 принимаются меры.", "частью 3 статьи 7"),
        ("Предусмотренные статьями 5–8 меры.", "статьями 5–8"),
        ("Лица, указанные в пункте 2 части 2 статьи 1.", "пункте 2 части 2 статьи 1"),
        ("Как в части 3 статьи 1 сказано.", "части 3 статьи 1"),
        ("Согласно статье 4 настоящего Федерального закона.", "статье 4"),
    ],
)
def test_missing_and_repealed_units_are_problems(text, reference):
    assert problems(text) == [reference]


def test_relative_references_resolve_in_their_own_article():
    law = parse(
        LAW.format(
            text="1. Текст.\n2. Лица, указанные в части 1 настоящей статьи.\n"
            "3. Меры, указанные в пункте 3 части 1 настоящей статьи."
        )
    )
    found = check_references(law)
    assert found == [
        {
            "kind": "broken_reference",
            "unit": "часть 3 статьи 2",
            "text": "пункте 3 части 1 настоящей статьи",
        }
    ]


def test_a_part_without_its_article_means_this_article():
    law = parse(LAW.format(text="1. Текст.\n2. В случаях, предусмотренных частью 4, иначе."))
    assert [p["text"] for p in check_references(law)] == ["частью 4"]


def test_paragraph_references_and_lists():
    law = parse(
        "Статья 1. Понятия\nПервый абзац.\n"
        "Второй в соответствии с абзацем пятым настоящей статьи.\n"
        "Третий: абзац первый статьи 1, пунктами 1 и 3 части 1 статьи 2.\n\n"
        "Статья 2. Вторая\n1. Часть:\n1) один;\n2) утратил силу;\n3) три.\n"
    )
    assert [(p["unit"], p["text"]) for p in check_references(law)] == [
        ("абзац второй статьи 1", "абзацем пятым настоящей статьи")
    ]
