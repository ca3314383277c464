"""The act-section convention: its one reader, and the action that starts amending an act."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from accord.access import Permission
from accord.models import AuditEvent, Role
from legislation.models import Act
from legislation.proposal_acts import (
    DUPLICATE_ACT,
    UNKNOWN_ACT,
    amendments_of,
    draft_of,
    section_for,
)
from legislation.services import proposal_act_amend
from proposals.models import Proposal, ProposalKind
from proposals.selectors import proposal_for_user
from tests import factories
from tests.legislation.test_acts import FIXTURE, add


def bill_proposal(world, text="# Законопроект\n\n## Пояснительная записка\n\nЗачем.\n"):
    return factories.ProposalFactory(
        group=world.group,
        kind=ProposalKind.LEGISLATIVE_AMENDMENT,
        text=text,
        created_by=world.users[Role.EDITOR],
    )


def test_a_marked_section_holds_the_proposed_wording_of_the_groups_act(world):
    act = add(world)
    changed = FIXTURE.replace("до достижения им возраста 18 лет", "до достижения им 18 лет")
    text = (
        "# Законопроект\n\n## Пояснительная записка\n\nЗачем.\n\n"
        f"## Редакция закона {{акт {act.pk}}}\n\n{changed}\n## Финансово-экономическое\n\nНет.\n"
    )
    (section,) = amendments_of(text=text, group=world.group)
    assert section.act == act
    assert section.problem == ""
    assert section.heading == "Редакция закона"
    assert section.proposed == changed.strip("\n") + "\n"
    bill = draft_of([section]).bill
    assert "слово «возраста» исключить" in bill


def test_english_marker_and_fenced_code_and_free_text_around(world):
    act = add(world)
    fenced = f"```\n## Не раздел {{акт {act.pk}}}\n```"
    text = f"Вступление\n\n{fenced}\n\n## Law {{Act {act.pk}}}\n\nx\n"
    (section,) = amendments_of(text=text, group=world.group)
    assert section.act == act
    assert section.proposed == "x\n"


def test_unknown_foreign_and_repeated_acts_are_problems(world, django_assert_max_num_queries):
    act = add(world)
    other_group = world.other_group
    text = f"## A {{акт {act.pk}}}\n\na\n\n## B {{акт 987654}}\n\nb\n\n## C {{акт {act.pk}}}\n\nc\n"
    with django_assert_max_num_queries(1):
        sections = amendments_of(text=text, group=world.group)
    assert [s.problem for s in sections] == ["", UNKNOWN_ACT, DUPLICATE_ACT]
    assert [s.act for s in sections] == [act, None, None]
    assert amendments_of(text=text, group=other_group)[0].problem == UNKNOWN_ACT


def test_no_sections_no_draft(world):
    assert amendments_of(text="# Просто текст\n\n## Раздел\n", group=world.group) == []
    assert draft_of([]) is None


def test_amend_action_appends_the_section_as_a_stored_edit(world):
    act = add(world)
    proposal = bill_proposal(world)
    editor = world.users[Role.EDITOR]
    visible = proposal_for_user(user=editor, proposal_id=proposal.public_id)
    text = proposal_act_amend(proposal=visible, act_id=act.pk, author=editor)
    assert text.endswith(section_for(act))
    assert "Зачем.\n\n## Предлагаемая редакция: Федеральный закон" in text
    assert Proposal.objects.get(pk=proposal.pk).text == text
    (section,) = amendments_of(text=text, group=world.group)
    assert section.act == act
    assert draft_of([section]).problems[0]["kind"] == "no_changes"
    assert AuditEvent.objects.filter(action="proposal.act_amend").exists()
    with pytest.raises(ValidationError):
        proposal_act_amend(proposal=visible, act_id=act.pk, author=editor)


def test_amend_action_refuses_other_groups_acts_and_commenters(world):
    act = add(world)
    proposal = bill_proposal(world)
    outsider = world.users["outsider"]
    mine = proposal_for_user(user=outsider, proposal_id=world.foreign_proposal.public_id)
    with pytest.raises(Http404):
        proposal_act_amend(proposal=mine, act_id=act.pk, author=outsider)
    with pytest.raises(PermissionDenied):
        proposal_for_user(
            user=world.users[Role.COMMENTER], proposal_id=proposal.public_id, need=Permission.EDIT
        )


def test_an_act_pasted_with_crlf_line_breaks_gives_no_outside_structure_problem(world):
    """Regression: a browser posts a form's textarea with "\r\n" line breaks. The act was saved
    with them, the proposed wording (read line by line, or edited live, where CodeMirror knows
    only "\n") had none, so the text before the first article never matched: every live edit
    of the act section showed an `outside_structure` problem."""
    act = add(world, text=FIXTURE.replace("\n", "\r\n"))
    assert "\r" not in act.text
    proposal = bill_proposal(world)
    editor = world.users[Role.EDITOR]
    visible = proposal_for_user(user=editor, proposal_id=proposal.public_id)
    text = proposal_act_amend(proposal=visible, act_id=act.pk, author=editor)
    assert "\r" not in text
    edited = text.replace("до достижения им возраста 18 лет", "до достижения им 18 лет")
    (section,) = amendments_of(text=edited, group=world.group)
    assert [p["kind"] for p in draft_of([section]).problems] == []


def test_rows_saved_with_crlf_before_the_fix_still_compare_line_by_line(world):
    act = add(world)
    Act.objects.filter(pk=act.pk).update(text=FIXTURE.replace("\n", "\r\n"))
    act.refresh_from_db()
    assert "\r" not in section_for(act)
    edited = FIXTURE.replace("до достижения им возраста 18 лет", "до достижения им 18 лет")
    text = f"## Редакция {{акт {act.pk}}}\n\n{edited}"
    (section,) = amendments_of(text=text, group=world.group)
    assert [p["kind"] for p in draft_of([section]).problems] == []
