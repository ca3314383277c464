"""The decisive property: the clerk's applier executing the generated bill yields the proposal."""

import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legislation.acts import Act
from legislation.amend import Amendment, draft
from legislation.structure import parse, render
from tests.legislation.applier import apply, layout
from tests.legislation.edits import edit

FIXTURE = (Path(__file__).parent / "fixtures" / "124-fz.txt").read_text(encoding="utf-8")
# The corpus's small law: chapters, an article of абзацы, subpoints, a repealed article and point.
BASE = (Path(__file__).parent / "corpus" / "base.txt").read_text(encoding="utf-8")
ACT = Act(
    date=datetime.date(1998, 7, 24),
    number="124-ФЗ",
    title="Об основных гарантиях прав ребенка в Российской Федерации",
    source="Собрание законодательства Российской Федерации, 1998, № 31, ст. 3802",
)


@pytest.mark.parametrize("text", [FIXTURE, BASE], ids=["124-fz", "base"])
def test_the_fixtures_are_in_the_applier_layout(text):
    assert layout(text) == text
    assert render(parse(text)) == text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    count=st.integers(min_value=1, max_value=6),
    current=st.sampled_from([FIXTURE, BASE]),
)
def test_applying_the_bill_gives_the_proposed_text(data, count, current):
    proposed = current
    for _ in range(count):
        proposed = edit(
            proposed,
            lambda label, bound: data.draw(
                st.integers(min_value=0, max_value=max(bound - 1, 0)), label=label
            ),
        )
    result = draft([Amendment(ACT, current, proposed)])
    if proposed == current:
        assert result.problems[-1]["kind"] == "no_changes"
        return
    assert apply(current, result.bill) == proposed, result.bill


LINES = st.sampled_from([
    "Глава 1. Общие", "Глава 2. Особые", "Статья 1. Понятия", "Статья 1.1. Вставка",
    "Статья 2. Права", "1. Часть.", "2. Часть вторая:", "2.1. Вставка.", "1) пункт;",
    "2) утратил силу;", "а) подпункт;", "б) подпункт.", "Абзац.", "Утратила силу.",
    "Абзац утратил силу.", "в соответствии с частью 2 статьи 7", "статьями 5–7 настоящего",
    "«Интернет» *x* _y_ [z]", "слова «а» заменить", "1\\. экранировано", "",
])  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    current=st.lists(st.one_of(LINES, st.text(max_size=20)), max_size=25),
    proposed=st.lists(st.one_of(LINES, st.text(max_size=20)), max_size=25),
)
def test_drafting_never_fails_on_a_law_like_text(current, proposed):
    """Whatever the texts, a bill and a list of problems come back (no crash: no API 500)."""
    result = draft(
        [
            Amendment(
                ACT, "Статья 1. A\n" + "\n".join(current), "Статья 1. A\n" + "\n".join(proposed)
            )
        ]
    )
    assert result.bill.startswith("Проект")


def test_a_deleted_unit_is_repealed_and_kept_as_repealed():
    proposed = FIXTURE.replace("2) формирование правовых основ гарантий прав ребенка;\n", "")
    written = FIXTURE.replace(
        "2) формирование правовых основ гарантий прав ребенка;", "2) утратил силу;"
    )
    deleted = draft([Amendment(ACT, FIXTURE, proposed)])
    assert deleted.bill == draft([Amendment(ACT, FIXTURE, written)]).bill
    assert "Пункт 2 части 1 статьи 4" in deleted.bill
    assert "признать утратившим силу." in deleted.bill
    assert apply(FIXTURE, deleted.bill) == written
