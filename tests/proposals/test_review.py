"""Review and consensus: who may comment, suggest, decide, vote, endorse and withdraw; how
majorities are counted; what approval freezes; what the audit log keeps."""

import hashlib
import json
import threading

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from accord.models import AuditEvent, Membership, Role
from accord.services import membership_add, membership_remove, membership_update
from proposals.live import proposal_text_mirror
from proposals.models import (
    CommentThread,
    Endorsement,
    Proposal,
    ProposalStatus,
    Review,
    ReviewOutcome,
    SuggestionState,
    Version,
    VersionKind,
    Vote,
)
from proposals.services import comments, review
from proposals.services.versions import text_replace
from proposals.views.review import review_panel
from realtime import store
from realtime.models import DocumentUpdate
from tests import factories
from tests.conftest import require_service
from tests.proposals.helpers import (
    approved_proposal,
    in_a_week,
    majority_group,
    proposal_in_review,
    seed_anchors,
    thread_payload,
)

VISITORS = ["outsider", Role.OBSERVER, Role.COMMENTER, Role.EDITOR, Role.COORDINATOR]
QUOTE = "«с кавычками»"  # in the factory's text: "Текст предложения — «с кавычками» и ё."


def statuses(outsider, observer, commenter, editor, coordinator):
    return list(zip(VISITORS, [outsider, observer, commenter, editor, coordinator], strict=True))


COMMENTERS_CREATE = statuses(404, 403, 201, 201, 201)
COMMENTERS_ACT = statuses(404, 403, 200, 200, 200)
EDITORS_ACT = statuses(404, 403, 403, 200, 200)
COORDINATORS_CREATE = statuses(404, 403, 403, 403, 201)
COORDINATORS_ACT = statuses(404, 403, 403, 403, 200)


def api(client, user, method, url, body=None):
    client.force_login(user)
    payload = json.dumps(body) if body is not None else ""
    return client.generic(method, url, payload, content_type="application/json")


def live_text(proposal) -> str:
    return store.document_state(proposal_id=proposal.pk)[0]


def threads_url(proposal):
    return f"/api/proposals/{proposal.public_id}/threads/"


def suggestion(world, replacement="«без кавычек»", quote=QUOTE) -> CommentThread:
    start, end = seed_anchors(world.proposal, quote)
    return comments.thread_create(
        proposal=world.proposal,
        author=world.users[Role.COMMENTER],
        anchor_start=start,
        anchor_end=end,
        quote=quote,
        body="Предлагаю так",
        replacement=replacement,
    )


# Who may do what, through the API -----------------------------------------------------------------


@pytest.mark.parametrize(("visitor", "expected"), COMMENTERS_CREATE)
def test_who_may_comment_on_a_passage(client, world, visitor, expected):
    body = thread_payload(world.proposal, QUOTE, body="Почему в кавычках?")
    response = api(client, world.users[visitor], "POST", threads_url(world.proposal), body)
    assert response.status_code == expected
    created = CommentThread.objects.filter(proposal=world.proposal)
    if expected == 201:
        thread = created.get()
        assert (thread.kind, thread.state, thread.quote) == ("comment", "", QUOTE)
        assert thread.created_by == world.users[visitor]
        assert [c.body for c in thread.comments.all()] == ["Почему в кавычках?"]
        assert response.json()["comments"][0]["body"] == "Почему в кавычках?"
    else:
        assert not created.exists()


@pytest.mark.parametrize(("visitor", "expected"), COMMENTERS_CREATE)
def test_who_may_suggest_new_wording(client, world, visitor, expected):
    body = thread_payload(world.proposal, QUOTE, replacement="«иначе»")
    response = api(client, world.users[visitor], "POST", threads_url(world.proposal), body)
    assert response.status_code == expected
    if expected == 201:
        thread = CommentThread.objects.get(proposal=world.proposal)
        assert (thread.kind, thread.state, thread.replacement) == ("suggestion", "open", "«иначе»")
    else:
        assert not CommentThread.objects.exists()


@pytest.mark.parametrize(("visitor", "expected"), COMMENTERS_CREATE)
def test_who_may_reply(client, world, visitor, expected):
    thread = suggestion(world)
    url = f"/api/threads/{thread.pk}/replies/"
    response = api(client, world.users[visitor], "POST", url, {"body": "Согласен"})
    assert response.status_code == expected
    assert thread.comments.filter(body="Согласен").exists() == (expected == 201)


@pytest.mark.parametrize(("visitor", "expected"), COMMENTERS_ACT)
def test_who_may_resolve_and_reopen_a_comment(client, world, visitor, expected):
    start, end = seed_anchors(world.proposal, QUOTE)
    thread = comments.thread_create(
        proposal=world.proposal,
        author=world.users[Role.COMMENTER],
        anchor_start=start,
        anchor_end=end,
        quote=QUOTE,
        body="Замечание",
    )
    user = world.users[visitor]
    assert api(client, user, "POST", f"/api/threads/{thread.pk}/resolve/").status_code == expected
    thread.refresh_from_db()
    assert (thread.resolved_at is not None) == (expected == 200)
    assert api(client, user, "POST", f"/api/threads/{thread.pk}/reopen/").status_code == expected
    thread.refresh_from_db()
    assert thread.resolved_at is None


@pytest.mark.parametrize(("visitor", "expected"), EDITORS_ACT)
def test_who_may_accept_a_suggestion(client, world, visitor, expected):
    thread = suggestion(world)
    before = live_text(world.proposal)
    response = api(client, world.users[visitor], "POST", f"/api/threads/{thread.pk}/accept/")
    assert response.status_code == expected
    thread.refresh_from_db()
    if expected == 200:
        assert thread.state == SuggestionState.ACCEPTED
        assert thread.decided_by == world.users[visitor]
        assert live_text(world.proposal) == before.replace(QUOTE, "«без кавычек»")
    else:
        assert thread.state == SuggestionState.OPEN
        assert live_text(world.proposal) == before


@pytest.mark.parametrize(("visitor", "expected"), EDITORS_ACT)
def test_who_may_reject_a_suggestion(client, world, visitor, expected):
    thread = suggestion(world)
    before = live_text(world.proposal)
    response = api(client, world.users[visitor], "POST", f"/api/threads/{thread.pk}/reject/")
    assert response.status_code == expected
    thread.refresh_from_db()
    assert thread.state == (SuggestionState.REJECTED if expected == 200 else SuggestionState.OPEN)
    assert live_text(world.proposal) == before


def test_a_decided_suggestion_cannot_be_decided_again(client, world):
    thread = suggestion(world)
    editor = world.users[Role.EDITOR]
    assert api(client, editor, "POST", f"/api/threads/{thread.pk}/reject/").status_code == 200
    assert api(client, editor, "POST", f"/api/threads/{thread.pk}/accept/").status_code == 400
    assert api(client, editor, "POST", f"/api/threads/{thread.pk}/reopen/").status_code == 400


@pytest.mark.parametrize(("visitor", "expected"), COORDINATORS_CREATE)
def test_who_may_open_a_review(client, world, visitor, expected):
    url = f"/api/proposals/{world.proposal.public_id}/review/"
    body = {"deadline": in_a_week().isoformat()}
    response = api(client, world.users[visitor], "POST", url, body)
    assert response.status_code == expected
    world.proposal.refresh_from_db()
    if expected == 201:
        assert response.json()["version"] == 1
        assert world.proposal.status == ProposalStatus.IN_REVIEW
    else:
        assert not Review.objects.exists()
        assert world.proposal.status == ProposalStatus.DRAFT


def test_a_review_cannot_end_in_the_past_nor_open_twice(client, world):
    coordinator = world.users[Role.COORDINATOR]
    url = f"/api/proposals/{world.proposal.public_id}/review/"
    assert api(client, coordinator, "POST", url, {"deadline": "2001-01-01"}).status_code == 400
    body = {"deadline": in_a_week().isoformat()}
    assert api(client, coordinator, "POST", url, body).status_code == 201
    assert api(client, coordinator, "POST", url, body).status_code == 400


@pytest.mark.parametrize(("visitor", "expected"), COORDINATORS_ACT)
def test_who_may_close_a_review(client, world, visitor, expected):
    proposal = proposal_in_review(world)
    url = f"/api/proposals/{proposal.public_id}/review/close/"
    response = api(client, world.users[visitor], "POST", url, {"approve": True})
    assert response.status_code == expected
    proposal.refresh_from_db()
    if expected == 200:
        assert response.json()["outcome"] == ReviewOutcome.APPROVED
        assert proposal.status == ProposalStatus.APPROVED
        assert proposal.approved_version.kind == VersionKind.APPROVAL
    else:
        assert proposal.status == ProposalStatus.IN_REVIEW
        assert review.open_review(proposal) is not None


def test_the_coordinator_must_decide_when_the_coordinator_rule_applies(client, world):
    proposal = proposal_in_review(world)
    url = f"/api/proposals/{proposal.public_id}/review/close/"
    assert api(client, world.users[Role.COORDINATOR], "POST", url, {}).status_code == 400
    assert review.open_review(proposal) is not None


@pytest.mark.parametrize(("visitor", "expected"), COMMENTERS_ACT)
def test_who_may_vote_under_the_majority_rule(client, world, visitor, expected):
    majority_group(world)
    proposal = proposal_in_review(world)
    url = f"/api/proposals/{proposal.public_id}/review/vote/"
    response = api(client, world.users[visitor], "POST", url, {"choice": "object"})
    assert response.status_code == expected
    votes = Vote.objects.filter(review__proposal=proposal)
    if expected == 200:
        assert response.json()["tally"] == {
            "organizations": 1,
            "approve": 0,
            "object": 1,
            "majority": False,
        }
        assert [(vote.organization, vote.cast_by) for vote in votes] == [
            (world.organization, world.users[visitor])
        ]
    else:
        assert not votes.exists()


@pytest.mark.parametrize("visitor", [Role.COMMENTER, Role.EDITOR, Role.COORDINATOR])
def test_nobody_votes_where_the_coordinator_decides(client, world, visitor):
    proposal = proposal_in_review(world)
    url = f"/api/proposals/{proposal.public_id}/review/vote/"
    response = api(client, world.users[visitor], "POST", url, {"choice": "approve"})
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_voting_needs_an_open_review_and_a_known_choice(client, world):
    majority_group(world)
    commenter = world.users[Role.COMMENTER]
    url = f"/api/proposals/{world.proposal.public_id}/review/vote/"
    assert api(client, commenter, "POST", url, {"choice": "approve"}).status_code == 400
    proposal = proposal_in_review(world)
    url = f"/api/proposals/{proposal.public_id}/review/vote/"
    assert api(client, commenter, "POST", url, {"choice": "abstain"}).status_code == 400
    assert not Vote.objects.exists()


def test_a_member_who_represents_no_organization_cannot_vote_or_endorse(client, world):
    majority_group(world)
    Membership.objects.filter(user=world.users[Role.EDITOR]).update(organization=None)
    editor = world.users[Role.EDITOR]
    proposal = proposal_in_review(world)
    url = f"/api/proposals/{proposal.public_id}/review/vote/"
    assert api(client, editor, "POST", url, {"choice": "approve"}).status_code == 400
    approved = approved_proposal(world)
    url = f"/api/proposals/{approved.public_id}/endorsements/"
    assert api(client, editor, "POST", url).status_code == 400
    assert not Vote.objects.filter(cast_by=editor).exists()
    assert not Endorsement.objects.exists()


@pytest.mark.parametrize(("visitor", "expected"), COMMENTERS_CREATE)
def test_who_may_endorse_for_their_organization(client, world, visitor, expected):
    proposal = approved_proposal(world)
    url = f"/api/proposals/{proposal.public_id}/endorsements/"
    response = api(client, world.users[visitor], "POST", url)
    assert response.status_code == expected
    endorsements = Endorsement.objects.filter(version__proposal=proposal)
    if expected == 201:
        (row,) = response.json()
        assert (row["organization"], row["current"]) == (world.organization.name, True)
        assert row["sha256"] == proposal.approved_version.sha256
        assert endorsements.get().endorsed_by == world.users[visitor]
    else:
        assert not endorsements.exists()


def test_only_an_approved_version_can_be_endorsed(client, world):
    url = f"/api/proposals/{world.proposal.public_id}/endorsements/"
    assert api(client, world.users[Role.COORDINATOR], "POST", url).status_code == 400
    assert not Endorsement.objects.exists()


@pytest.mark.parametrize(("visitor", "expected"), statuses(404, 403, 403, 403, 302))
def test_who_may_withdraw_a_proposal(client, world, visitor, expected):
    proposal = proposal_in_review(world)
    client.force_login(world.users[visitor])
    url = reverse("proposal_withdraw", args=[proposal.public_id])
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == expected
    proposal.refresh_from_db()
    if expected == 302:
        assert proposal.status == ProposalStatus.WITHDRAWN
        closed = Review.objects.get(proposal=proposal)
        assert closed.outcome == ReviewOutcome.NOT_APPROVED
        assert closed.closed_by == world.users[visitor]
    else:
        assert proposal.status == ProposalStatus.IN_REVIEW


def test_a_withdrawn_proposal_cannot_be_reviewed(world):
    coordinator = world.users[Role.COORDINATOR]
    review.proposal_withdraw(proposal=world.proposal, actor=coordinator)
    with pytest.raises(ValidationError):
        review.review_open(proposal=world.proposal, actor=coordinator, deadline=in_a_week())


# Majority: one vote per member organization -------------------------------------------------------


@pytest.fixture
def three_organizations(world):
    """The group's organization plus two more; two members speak for each of the new ones."""
    majority_group(world)
    organizations = [world.organization]
    speakers = {world.organization: [world.users[Role.EDITOR], world.users[Role.COMMENTER]]}
    for name in ("Фонд «Берёзка»", "Союз «Ёлка»"):
        organization = factories.OrganizationFactory(name=name)
        world.group.organizations.add(organization)
        speakers[organization] = [
            factories.MembershipFactory(
                group=world.group, role=role, organization=organization
            ).user
            for role in (Role.EDITOR, Role.COMMENTER)
        ]
        organizations.append(organization)
    return organizations, speakers


def test_two_members_of_one_organization_cast_one_vote_the_later_one(world, three_organizations):
    organizations, speakers = three_organizations
    proposal = proposal_in_review(world)
    current = review.open_review(proposal)
    first, second = speakers[organizations[1]]
    review.vote_cast(review=current, user=first, choice="approve")
    review.vote_cast(review=current, user=second, choice="object")
    (vote,) = Vote.objects.filter(review=current, organization=organizations[1])
    assert (vote.choice, vote.cast_by) == ("object", second)
    assert review.tally(current) == {
        "organizations": 3,
        "approve": 0,
        "object": 1,
        "majority": False,
    }


@pytest.mark.parametrize(
    ("votes", "outcome"),
    [
        # Two members of the first organization approve: still one organization of three.
        ([(0, 0, "approve"), (0, 1, "approve")], ReviewOutcome.NOT_APPROVED),
        ([(0, 0, "approve"), (1, 0, "object"), (2, 0, "object")], ReviewOutcome.NOT_APPROVED),
        ([(0, 0, "approve"), (1, 0, "approve")], ReviewOutcome.APPROVED),
        ([(0, 0, "approve"), (1, 0, "approve"), (2, 0, "object")], ReviewOutcome.APPROVED),
        # The later vote of an organization replaces the earlier one.
        ([(0, 0, "approve"), (1, 0, "approve"), (1, 1, "object")], ReviewOutcome.NOT_APPROVED),
        ([(0, 0, "object"), (0, 1, "approve"), (2, 1, "approve")], ReviewOutcome.APPROVED),
    ],
)
def test_a_majority_of_organizations_approves(world, three_organizations, votes, outcome):
    organizations, speakers = three_organizations
    proposal = proposal_in_review(world)
    current = review.open_review(proposal)
    for organization, member, choice in votes:
        review.vote_cast(
            review=current, user=speakers[organizations[organization]][member], choice=choice
        )
    closed = review.review_close(review=current, actor=world.users[Role.COORDINATOR])
    proposal.refresh_from_db()
    assert closed.outcome == outcome
    if outcome == ReviewOutcome.APPROVED:
        assert proposal.status == ProposalStatus.APPROVED
        assert proposal.approved_version.text == proposal.text
    else:
        assert proposal.status == ProposalStatus.DRAFT
        assert proposal.approved_version is None


def test_a_closed_review_takes_no_more_votes(world):
    majority_group(world)
    proposal = proposal_in_review(world)
    current = review.open_review(proposal)
    review.review_close(review=current, actor=world.users[Role.COORDINATOR])
    with pytest.raises(ValidationError):
        review.vote_cast(review=current, user=world.users[Role.EDITOR], choice="approve")


# Approval freezes a version -----------------------------------------------------------------------


def test_edits_after_approval_start_a_new_draft_round_and_leave_the_approved_version(world):
    proposal = approved_proposal(world, text="# Решение\n\nПринять «как есть» — ёмко.\n")
    approved = proposal.approved_version
    frozen = (approved.pk, approved.number, approved.text, approved.sha256)
    assert approved.sha256 == hashlib.sha256(approved.text.encode()).hexdigest()

    changed = text_replace(
        proposal=proposal,
        author=world.users[Role.EDITOR],
        target="# Решение\n\nПринять с поправками — ёмко.\n",
    )
    proposal_text_mirror(document_id=proposal.pk, text=changed)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.text == changed
    approved = Version.objects.get(pk=proposal.approved_version_id)
    assert (approved.pk, approved.number, approved.text, approved.sha256) == frozen
    assert review_panel(proposal=proposal, user=world.users[Role.EDITOR])["new_round"] is True


def test_the_approved_text_back_again_is_not_a_new_round(world):
    original = "# Решение\n\nПринять «как есть».\n"
    proposal = approved_proposal(world, text=original)
    editor = world.users[Role.EDITOR]
    text_replace(proposal=proposal, author=editor, target="Другое.\n")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    # Reverting the text does not approve it again: only a review does.
    text_replace(proposal=proposal, author=editor, target=original)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


# Endorsements follow the version ------------------------------------------------------------------


def test_an_endorsement_of_an_outdated_version_is_shown_as_such(client, world):
    coordinator, editor = world.users[Role.COORDINATOR], world.users[Role.EDITOR]
    proposal = approved_proposal(world, text="Версия «А» — ёлки.\n")
    version_a = proposal.approved_version
    review.endorsement_give(proposal=proposal, user=editor)

    text_replace(proposal=proposal, author=editor, target="Версия «Б» — палки.\n")
    current = review.review_open(proposal=proposal, actor=coordinator, deadline=in_a_week())
    review.review_close(review=current, actor=coordinator, approve=True)
    proposal.refresh_from_db()
    version_b = proposal.approved_version
    assert version_b.number > version_a.number
    assert version_b.text == "Версия «Б» — палки.\n"

    rows = review.endorsements_for(proposal)
    assert [(row["endorsement"].version, row["current"]) for row in rows] == [(version_a, False)]
    panel = review_panel(proposal=proposal, user=editor)
    assert panel["can_endorse"] is True
    assert list(panel["organizations_waiting"]) == [world.organization]
    client.force_login(world.users[Role.OBSERVER])
    page = client.get(reverse("proposal_detail", args=[proposal.public_id])).content.decode()
    assert page.count('class="is-outdated"') == 1

    review.endorsement_give(proposal=proposal, user=world.users[Role.COMMENTER])
    rows = review.endorsements_for(proposal)
    assert [(row["endorsement"].version, row["current"]) for row in rows] == [
        (version_b, True),
        (version_a, False),
    ]
    assert rows[0]["endorsement"].sha256 == version_b.sha256
    assert review_panel(proposal=proposal, user=editor)["can_endorse"] is False


def test_an_organization_endorses_a_version_once(client, world):
    proposal = approved_proposal(world)
    review.endorsement_give(proposal=proposal, user=world.users[Role.EDITOR])
    with pytest.raises(ValidationError):
        review.endorsement_give(proposal=proposal, user=world.users[Role.COORDINATOR])
    url = f"/api/proposals/{proposal.public_id}/endorsements/"
    assert api(client, world.users[Role.COMMENTER], "POST", url).status_code == 400
    assert Endorsement.objects.count() == 1


# Suggestions change the live text -----------------------------------------------------------------


def test_accepting_a_suggestion_replaces_exactly_the_passage_as_the_suggesters_edit(world):
    thread = suggestion(world, replacement="«по-новому» 🎉")
    before = live_text(world.proposal)
    comments.suggestion_accept(thread=thread, actor=world.users[Role.EDITOR])
    after = live_text(world.proposal)
    assert after == before.replace(QUOTE, "«по-новому» 🎉")
    world.proposal.refresh_from_db()
    assert world.proposal.text == after
    edit = DocumentUpdate.objects.filter(proposal=world.proposal).latest("id")
    assert edit.user == world.users[Role.COMMENTER]


def test_a_suggestion_to_delete_a_passage_deletes_it(world):
    thread = suggestion(world, replacement="", quote=" — «с кавычками»")
    comments.suggestion_accept(thread=thread, actor=world.users[Role.COORDINATOR])
    assert "Текст предложения и ё." in live_text(world.proposal)


def test_a_suggestion_whose_passage_was_deleted_cannot_be_accepted(world):
    thread = suggestion(world)
    text_replace(
        proposal=world.proposal,
        author=world.users[Role.EDITOR],
        target=live_text(world.proposal).replace(QUOTE, ""),
    )
    before = live_text(world.proposal)
    with pytest.raises(ValidationError):
        comments.suggestion_accept(thread=thread, actor=world.users[Role.EDITOR])
    thread.refresh_from_db()
    assert thread.state == SuggestionState.OPEN
    assert live_text(world.proposal) == before


def test_a_suggestion_follows_its_passage_through_edits_before_it(world):
    thread = suggestion(world)
    edited = "Вставка в начало — ё.\n" + live_text(world.proposal)
    text_replace(proposal=world.proposal, author=world.users[Role.EDITOR], target=edited)
    comments.suggestion_accept(thread=thread, actor=world.users[Role.EDITOR])
    assert live_text(world.proposal) == edited.replace(QUOTE, "«без кавычек»")


# Two at once (PostgreSQL) -------------------------------------------------------------------------


def _at_once(*calls) -> list:
    """Run the calls in threads that start together; each outcome is "done" or its error."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes.append("done")
        except BaseException as error:  # reported by the test, not lost in the thread
            outcomes.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(call,)) for call in calls]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not any(worker.is_alive() for worker in workers)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_accepting_one_suggestion_at_once_change_the_text_once(world):
    require_service(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")
    thread = suggestion(world, replacement="«единожды»")
    outcomes = _at_once(
        *[
            lambda actor=world.users[role]: comments.suggestion_accept(thread=thread, actor=actor)
            for role in (Role.EDITOR, Role.COORDINATOR)
        ]
    )
    assert outcomes.count("done") == 1, outcomes
    (refused,) = [outcome for outcome in outcomes if outcome != "done"]
    assert isinstance(refused, ValidationError), refused
    text = live_text(world.proposal)
    assert text.count("«единожды»") == 1
    assert QUOTE not in text
    thread.refresh_from_db()
    assert thread.state == SuggestionState.ACCEPTED
    assert AuditEvent.objects.filter(action="suggestion.accepted").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_endorsement_clicked_twice_at_once_is_recorded_once(world):
    require_service(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")
    proposal = approved_proposal(world)
    members = [world.users[Role.EDITOR], world.users[Role.COMMENTER], world.users[Role.EDITOR]]
    outcomes = _at_once(
        *[
            lambda user=user: review.endorsement_give(proposal=proposal, user=user)
            for user in members
        ]
    )
    assert outcomes.count("done") == 1, outcomes
    assert all(isinstance(outcome, ValidationError) for outcome in outcomes if outcome != "done")
    assert Endorsement.objects.count() == 1
    assert AuditEvent.objects.filter(action="endorsement.given").count() == 1


# The audit log ------------------------------------------------------------------------------------


def actions(world) -> list[str]:
    """The group's audit log since the world's setup, oldest first."""
    return list(world.audit_log().filter(group=world.group).values_list("action", flat=True))


def test_membership_changes_are_audited_with_their_actor(world):
    coordinator = world.users[Role.COORDINATOR]
    newcomer = factories.UserFactory(display_name="Новичок Ёлкин")
    membership = membership_add(
        group=world.group,
        user=newcomer,
        role=Role.OBSERVER,
        organization=world.organization,
        actor=coordinator,
    )
    membership_update(
        membership=membership, role=Role.EDITOR, organization=world.organization, actor=coordinator
    )
    membership_update(  # no change: nothing to record
        membership=membership, role=Role.EDITOR, organization=world.organization, actor=coordinator
    )
    membership_remove(membership=membership, actor=coordinator)
    events = list(world.audit_log().filter(group=world.group))
    assert [(event.action, event.actor) for event in events] == [
        ("membership.added", coordinator),
        ("membership.changed", coordinator),
        ("membership.removed", coordinator),
    ]
    assert all(event.details["user"] == newcomer.pk for event in events)
    assert events[1].details == {"user": newcomer.pk, "from": Role.OBSERVER, "to": Role.EDITOR}
    assert "Новичок Ёлкин" in events[0].summary


def test_role_changes_on_the_members_page_are_audited_with_the_coordinator(client, world):
    coordinator = world.users[Role.COORDINATOR]
    membership = Membership.objects.get(group=world.group, user=world.users[Role.OBSERVER])
    client.force_login(coordinator)
    client.post(
        reverse("membership_change", args=[world.group.pk, membership.pk]),
        {f"m{membership.pk}-role": Role.COMMENTER, f"m{membership.pk}-organization": ""},
    )
    event = world.group.audit_events.get(action="membership.changed")
    assert event.actor == coordinator
    assert event.details["to"] == Role.COMMENTER


def test_reviews_votes_endorsements_and_accepted_suggestions_are_audited(world):
    majority_group(world)
    coordinator, editor = world.users[Role.COORDINATOR], world.users[Role.EDITOR]
    thread = suggestion(world)
    comments.suggestion_accept(thread=thread, actor=editor)
    current = review.review_open(proposal=world.proposal, actor=coordinator, deadline=in_a_week())
    review.vote_cast(review=current, user=editor, choice="approve")
    review.review_close(review=current, actor=coordinator)
    review.endorsement_give(proposal=world.proposal, user=editor)
    assert actions(world) == [
        "suggestion.accepted",
        "proposal.status",
        "review.opened",
        "review.vote",
        "proposal.status",
        "review.closed",
        "endorsement.given",
    ]
    events = {event.action: event for event in world.audit_log().filter(group=world.group)}
    assert {event.proposal for event in events.values()} == {world.proposal}
    assert events["suggestion.accepted"].actor == editor
    assert events["review.opened"].actor == coordinator
    assert events["review.vote"].details["choice"] == "approve"
    assert events["review.closed"].details["outcome"] == ReviewOutcome.APPROVED
    world.proposal.refresh_from_db()
    assert events["endorsement.given"].details["sha256"] == world.proposal.approved_version.sha256


@pytest.mark.parametrize(("visitor", "expected"), statuses(404, 403, 403, 403, 200))
def test_the_audit_log_page_is_for_coordinators(client, world, visitor, expected):
    review.review_open(
        proposal=world.proposal, actor=world.users[Role.COORDINATOR], deadline=in_a_week()
    )
    client.force_login(world.users[visitor])
    response = client.get(reverse("group_audit", args=[world.group.pk]))
    assert response.status_code == expected
    if expected == 200:
        listed = response.context["page"].object_list
        shown = [event.action for event in listed if event.pk > world.audit_mark]
        assert shown == ["review.opened", "proposal.status"]
        assert world.proposal.title in response.content.decode()


def test_the_audit_log_page_costs_the_same_queries_for_many_events(
    client, world, django_assert_max_num_queries
):
    coordinator = world.users[Role.COORDINATOR]
    for number in range(30):
        proposal = factories.ProposalFactory(group=world.group, title=f"Предложение {number}")
        review.proposal_withdraw(proposal=proposal, actor=coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("group_audit", args=[world.group.pk]))
    shown = [event for event in response.context["page"].object_list if event.pk > world.audit_mark]
    assert [event.action for event in shown] == ["proposal.withdrawn", "proposal.status"] * 30
    html = response.content.decode()
    assert all(f"Предложение {number}<" in html for number in range(30))


def test_audit_events_cannot_be_added_changed_or_deleted_in_the_admin(client, world):
    model_admin = admin.site._registry[AuditEvent]
    superuser = factories.UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    review.proposal_withdraw(proposal=world.proposal, actor=world.users[Role.COORDINATOR])
    event = AuditEvent.objects.get(action="proposal.withdrawn")

    class Request:
        user = superuser

    assert model_admin.has_add_permission(Request()) is False
    assert model_admin.has_change_permission(Request(), event) is False
    assert model_admin.has_delete_permission(Request(), event) is False
    client.force_login(superuser)
    change_url = reverse("admin:accord_auditevent_change", args=[event.pk])
    assert client.get(reverse("admin:accord_auditevent_changelist")).status_code == 200
    assert client.get(change_url).status_code == 200  # to read
    response = client.post(change_url, {"action": "edited", "summary": "подделка"})
    assert response.status_code == 403
    delete_url = reverse("admin:accord_auditevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.action == "proposal.withdrawn"


@pytest.mark.parametrize("model", [Version, Review, Vote, Endorsement, CommentThread])
def test_review_records_are_read_only_in_the_admin(world, model):
    model_admin = admin.site._registry[model]
    superuser = factories.UserFactory(email="root@example.test", is_staff=True, is_superuser=True)

    class Request:
        user = superuser

    assert model_admin.has_view_permission(Request()) is True
    assert model_admin.has_add_permission(Request()) is False
    assert model_admin.has_change_permission(Request()) is False
    assert model_admin.has_delete_permission(Request()) is False


def test_a_review_not_approved_returns_the_proposal_to_draft(world):
    proposal = proposal_in_review(world)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.IN_REVIEW
    review.review_close(
        review=review.open_review(proposal), actor=world.users[Role.COORDINATOR], approve=False
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.approved_version) == (ProposalStatus.DRAFT, None)
