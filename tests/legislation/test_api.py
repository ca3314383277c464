"""POST /api/amendments/draft/ and `manage.py draft_amendments`: the contract of issue 13 item 9."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from rest_framework.test import APIClient

from accord.models import Role
from tests import factories

URL = "/api/amendments/draft/"
FIXTURE = (Path(__file__).parent / "fixtures" / "124-fz.txt").read_text(encoding="utf-8")
PROPOSED = FIXTURE.replace(
    "2) формирование правовых основ гарантий прав ребенка;", "2) утратил силу;"
).replace("установленном частью 1 настоящей статьи.", "установленном частью 5 настоящей статьи.")
ACT = {
    "kind": "federal_law",
    "date": "1998-07-24",
    "number": "124-ФЗ",
    "title": "Об основных гарантиях прав ребенка в Российской Федерации",
    "source": "Собрание законодательства Российской Федерации, 1998, № 31, ст. 3802",
}


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("role", list(Role))
def test_any_member_drafts_a_bill_with_the_contract_of_the_issue(world, role):
    answer = client_for(world.users[role]).post(
        URL, {"act": ACT, "current": FIXTURE, "proposed": PROPOSED}, format="json"
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert set(body) == {"bill", "comparison", "acts", "problems"}
    assert "Внести в Федеральный закон от 24 июля 1998 года № 124-ФЗ" in body["bill"]
    assert "2\\) пункт 2 части 1 статьи 4 признать утратившим силу" not in body["bill"]
    assert "пункт 2 части 1 статьи 4 признать утратившим силу" in body["bill"]
    assert {"unit", "current", "proposed"} == set(body["comparison"][0])
    assert body["comparison"][0]["unit"] == "пункт 2 части 1 статьи 4"
    assert body["acts"][0].startswith("Федеральный закон от 24 июля 1998 года № 124-ФЗ")
    assert body["problems"] == [
        {
            "kind": "broken_reference",
            "unit": "часть 3 статьи 7",
            "text": "частью 5 настоящей статьи",
        }
    ]


def test_anonymous_gets_401(db):
    answer = APIClient().post(URL, {"current": FIXTURE, "proposed": PROPOSED}, format="json")
    assert answer.status_code == 401


def test_a_user_of_no_group_gets_403(db):
    answer = client_for(factories.UserFactory()).post(
        URL, {"current": FIXTURE, "proposed": PROPOSED}, format="json"
    )
    assert answer.status_code == 403


def test_a_text_that_is_not_a_law_gets_400_with_a_clear_message(world):
    answer = client_for(world.users[Role.EDITOR]).post(
        URL, {"current": "Просто письмо.\nБез статей.", "proposed": PROPOSED}, format="json"
    )
    assert answer.status_code == 400
    assert "current" in answer.json()
    assert "Статья 1" in answer.json()["current"][0]


@override_settings(ACCORD_LEGISLATION_MAX_TEXT_CHARS=1000)
def test_a_text_over_the_limit_gets_400(world):
    answer = client_for(world.users[Role.EDITOR]).post(
        URL, {"current": FIXTURE, "proposed": PROPOSED}, format="json"
    )
    assert answer.status_code == 400
    assert "1000" in answer.json()["current"][0]


def test_the_act_is_optional_and_validated(world):
    client = client_for(world.users[Role.EDITOR])
    assert (
        client.post(URL, {"current": FIXTURE, "proposed": PROPOSED}, format="json").status_code
        == 200
    )
    answer = client.post(
        URL, {"act": {"kind": "treaty"}, "current": FIXTURE, "proposed": PROPOSED}, format="json"
    )
    assert answer.status_code == 400


@override_settings(ACCORD_LEGISLATION_REWRITE_SHARE=0.0)
def test_the_rewrite_threshold_is_a_setting(world):
    proposed = PROPOSED.replace("2) поддержка семьи", "2) поддержка семей").replace(
        "3) ответственность должностных лиц", "3) ответственность лиц"
    )
    answer = client_for(world.users[Role.EDITOR]).post(
        URL, {"current": FIXTURE, "proposed": proposed}, format="json"
    )
    assert "статью 4 изложить в следующей редакции" in answer.json()["bill"]


def test_the_command_prints_the_same_bill(world, tmp_path):
    (tmp_path / "a.txt").write_text(FIXTURE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PROPOSED, encoding="utf-8")
    (tmp_path / "act.json").write_text(json.dumps(ACT), encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command(
        "draft_amendments",
        "--current",
        str(tmp_path / "a.txt"),
        "--proposed",
        str(tmp_path / "b.txt"),
        "--act-json",
        str(tmp_path / "act.json"),
        stdout=out,
        stderr=err,
    )
    answer = client_for(world.users[Role.EDITOR]).post(
        URL, {"act": ACT, "current": FIXTURE, "proposed": PROPOSED}, format="json"
    )
    assert out.getvalue() == answer.json()["bill"]
    assert "broken_reference" in err.getvalue()


def test_the_command_refuses_a_text_that_is_not_a_law(tmp_path):
    (tmp_path / "a.txt").write_text("Письмо.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not the text of a law"):
        call_command(
            "draft_amendments",
            "--current",
            str(tmp_path / "a.txt"),
            "--proposed",
            str(tmp_path / "a.txt"),
            stdout=StringIO(),
        )
