"""The decisive property: the clerk's applier executing the generated bill yields the proposal."""

import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legislation.acts import Act
from legislation.amend import Amendment, draft
from legislation.structure import parse, render
from tests.legislation.applier import apply, layout
from tests.legislation.edits import edit

FIXTURE = (Path(__file__).parent / "fixtures" / "124-fz.txt").read_text(encoding="utf-8")
ACT = Act(
    date=datetime.date(1998, 7, 24),
    number="124-ФЗ",
    title="Об основных гарантиях прав ребенка в Российской Федерации",
    source="Собрание законодательства Российской Федерации, 1998, № 31, ст. 3802",
)


def test_the_fixture_is_in_the_applier_layout():
    assert layout(FIXTURE) == FIXTURE
    assert render(parse(FIXTURE)) == FIXTURE


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), count=st.integers(min_value=1, max_value=6))
def test_applying_the_bill_gives_the_proposed_text(data, count):
    proposed = FIXTURE
    for _ in range(count):
        proposed = edit(
            proposed,
            lambda label, bound: data.draw(
                st.integers(min_value=0, max_value=max(bound - 1, 0)), label=label
            ),
        )
    result = draft([Amendment(ACT, FIXTURE, proposed)])
    if proposed == FIXTURE:
        assert result.problems[-1]["kind"] == "no_changes"
        return
    assert apply(FIXTURE, result.bill) == proposed, result.bill


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
