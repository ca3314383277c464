"""Internal material: what `proposals.internal` leaves out, and how members' pages show it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proposals import internal
from proposals.markdown import render_markdown, render_markdown_with_toc


def _kept(text: str, **options) -> str:
    return internal.exportable(text, **options).text


def test_a_marked_section_runs_to_the_next_heading_of_its_level_or_higher():
    text = """# Заголовок

Вступление.

## Открытые вопросы {внутреннее}

Спросить юриста.

### Подробности

Ещё секрет.

#### Совсем глубоко

И тут секрет.

## Предложения

Видимый текст.

### Вложенный {internal}

Скрытый абзац.

# Новая часть

Снова видно.
"""
    result = internal.exportable(text)
    assert "Вступление." in result.text
    assert "## Предложения" in result.text
    assert "Видимый текст." in result.text
    assert "# Новая часть" in result.text
    assert "Снова видно." in result.text
    for secret in ("Открытые вопросы", "юриста", "Подробности", "Ещё секрет", "глубоко",
                   "И тут", "Вложенный", "Скрытый"):  # fmt: skip
        assert secret not in result.text, secret
    assert [(part.kind, part.title) for part in result.left_out] == [
        (internal.SECTION, "Открытые вопросы"),
        (internal.SECTION, "Вложенный"),
    ]
    assert result.left_out[0].line == 5
    assert result.left_out[0].words >= 8


@pytest.mark.parametrize(
    "heading",
    [
        "## Вопросы {внутреннее}",
        "## Вопросы {Внутреннее}",
        "## Вопросы { внутренний }",
        "## Вопросы {internal}",
        "## Вопросы {INTERNAL} ##",
        "   ## Вопросы {внутреннее}",
    ],
)
def test_the_section_marker_is_read_in_russian_and_english_any_case(heading):
    result = internal.exportable(f"Видно.\n\n{heading}\n\nСекрет.\n")
    assert result.text == "Видно.\n"
    assert result.left_out[0].title == "Вопросы"


def test_a_marker_inside_the_heading_text_is_not_a_marker():
    text = "## Что значит {внутреннее} в тексте\n\nВидно.\n"
    assert _kept(text) == text


def test_a_passage_block_is_left_out_and_listed_by_its_first_words():
    text = """## Текст

Первый абзац.

::: внутреннее
Номера новых структурных единиц указаны предварительно и уточняются при экспертизе.

## Не заголовок, а часть блока
:::

Последний абзац.

::: {internal}
Второй.
:::
"""
    result = internal.exportable(text)
    assert result.text == "## Текст\n\nПервый абзац.\n\nПоследний абзац.\n"
    first, second = result.left_out
    assert first.kind == internal.PASSAGE
    assert first.title == "Номера новых структурных единиц указаны предварительно и уточняются …"
    assert not first.unterminated
    assert second.title == "Второй."


def test_an_unterminated_passage_is_internal_to_the_end_and_reported():
    text = "Видно.\n\n::: внутреннее\nСекрет.\n\n## Раздел\n\nТоже секрет.\n"
    result = internal.exportable(text)
    assert result.text == "Видно.\n"
    assert result.left_out[0].unterminated


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_markers_inside_fenced_code_are_text(fence):
    text = f"""Пример:

{fence}
## Вопросы {{внутреннее}}
::: внутреннее
:::
{fence}

Конец.
"""
    result = internal.exportable(text)
    assert result.text == text
    assert result.left_out == ()


def test_an_unclosed_fence_is_no_code_block_so_markers_after_it_still_count():
    # Python-Markdown renders an unclosed fence as a paragraph: the marker after it is live.
    text = "```\nне код\n\n::: внутреннее\nСекрет.\n:::\n"
    assert "Секрет" not in _kept(text)


def test_a_passage_inside_an_internal_section_leaves_nothing_behind():
    text = "## А {внутреннее}\n\n::: внутреннее\n## Б\n:::\n\nещё\n\n## В\n\nвидно\n"
    assert _kept(text) == "## В\n\nвидно\n"


def test_unrecognized_level_two_sections_are_internal_when_a_keeper_is_given():
    text = """# Закон

Преамбула.

## Пояснительная записка

Записка.

## План продвижения

Встречи.

### Шаги

Шаг.

## Особые положения {в законопроект}

Норма.
"""
    keep = {"Пояснительная записка"}.__contains__
    result = internal.exportable(text, keep_heading=keep)
    assert "Преамбула." in result.text
    assert "Записка." in result.text
    assert "## Особые положения\n\nНорма." in result.text
    assert "в законопроект" not in result.text
    assert "План" not in result.text
    assert "Шаг" not in result.text
    assert [(p.kind, p.title) for p in result.left_out] == [
        (internal.UNRECOGNIZED, "План продвижения")
    ]
    # Without a keeper (other kinds of proposal) every section goes.
    assert "План продвижения" in _kept(text)


def test_text_without_internal_parts_is_exported_unchanged():
    text = "# Заголовок\n\n## Раздел\n\nТекст с фигурными {скобками}.\n"
    result = internal.exportable(text)
    assert result.text == text
    assert result.left_out == ()


_LINES = st.sampled_from(
    [
        "## Раздел",
        "### Подраздел",
        "# Часть",
        "## Вопросы {внутреннее}",
        "### Мелкое {internal}",
        "## Норма {в законопроект}",
        "::: внутреннее",
        ":::",
        "```",
        "~~~",
        "",
        "Обычный абзац.",
        "- пункт",
        "    ## отступ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=30), st.booleans())
def test_exported_text_holds_no_marker_left(lines, legislative):
    # Exports render the exported text as plain Markdown: nothing in it may read as internal.
    keep = {"Раздел"}.__contains__ if legislative else None
    once = internal.exportable("\n".join(lines), keep_heading=keep)
    twice = internal.exportable(once.text)
    assert twice.text == once.text
    assert twice.left_out == ()


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINES, max_size=30))
def test_members_page_boxes_exactly_what_the_export_leaves_out(lines):
    text = "\n".join(lines)
    html = str(render_markdown(text))
    assert html.count('class="internal-part"') == len(internal.exportable(text).left_out)


def test_members_page_shows_internal_parts_in_a_labelled_box_with_stable_ids():
    text = "## Вопросы {внутреннее}\n\nСекрет.\n\n## Видно\n\n::: внутреннее\nЗаметка.\n:::\n"
    body, toc = render_markdown_with_toc(text)
    unmarked, _ = render_markdown_with_toc("## Вопросы\n\nСекрет.\n\n## Видно\n")
    assert body.count('<div class="internal-part">') == 2
    assert body.count('<p class="internal-part__label">') == 2
    assert '<h2 id="вопросы">Вопросы</h2>' in body
    assert '<h2 id="вопросы">Вопросы</h2>' in unmarked
    assert "{внутреннее}" not in body
    assert ":::" not in body
    assert "Секрет." in body
    assert "Заметка." in body
    assert 'href="#вопросы"' in toc


def test_members_cannot_forge_an_internal_box():
    html = str(
        render_markdown(
            '<div class="internal-part"><p class="internal-part__label">x</p></div>\n\n'
            "accordinternal0start\n"
        )
    )
    assert "internal-part" not in html


def test_the_label_is_russian_on_russian_pages():
    from django.utils import translation

    with translation.override("ru"):
        html = str(render_markdown("::: внутреннее\nЗаметка.\n:::\n"))
    assert "Внутреннее — не попадёт в документы" in html
