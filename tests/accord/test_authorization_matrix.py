"""Every page and API endpoint × every kind of visitor, with the exact status expected.

Non-members get 404 (nothing reveals that another group's objects exist); members whose role
falls short get 403; anonymous visitors are sent to sign in (pages) or get 401 (API).
"""

import json

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accord.models import Invitation, Membership, Role
from proposals.models import VersionKind
from proposals.services import comments
from proposals.services.versions import text_replace, version_checkpoint, version_create
from tests import factories
from tests.proposals.helpers import (
    approved_proposal,
    in_a_week,
    majority_group,
    proposal_in_review,
    seed_anchors,
    thread_payload,
)

VISITORS = ["anonymous", "outsider", "observer", "commenter", "editor", "coordinator"]


def _statuses(anonymous, outsider, observer, commenter, editor, coordinator):
    return dict(
        zip(VISITORS, [anonymous, outsider, observer, commenter, editor, coordinator], strict=True)
    )


LOGIN = 302
MEMBERS_READ = _statuses(LOGIN, 404, 200, 200, 200, 200)
EDITORS_READ = _statuses(LOGIN, 404, 403, 403, 200, 200)
EDITORS_WRITE = _statuses(LOGIN, 404, 403, 403, 302, 302)
COORDINATORS_READ = _statuses(LOGIN, 404, 403, 403, 403, 200)
COORDINATORS_WRITE = _statuses(LOGIN, 404, 403, 403, 403, 302)
COMMENTERS_WRITE = _statuses(LOGIN, 404, 403, 302, 302, 302)
SIGNED_IN_READ = _statuses(LOGIN, 200, 200, 200, 200, 200)
SIGNED_IN_WRITE = _statuses(LOGIN, 302, 302, 302, 302, 302)


def _with_two_versions(world):
    """Version 1 of the seed text and version 2 of a changed one, so that 1 can be restored."""
    proposal = world.proposal
    version_create(proposal=proposal, kind=VersionKind.NAMED, label="Исходная")
    text_replace(proposal=proposal, author=world.users[Role.EDITOR], target="Изменённый текст.\n")
    version_checkpoint(proposal=proposal)


class ReviewStages:
    """Proposals at every stage of review, in a group where a majority decides."""

    def __init__(self, world):
        majority_group(world)
        self.fresh = factories.ProposalFactory(group=world.group, title="Ещё не на рассмотрении")
        self.withdrawable = factories.ProposalFactory(group=world.group, title="Будет отозвано")
        self.in_review = proposal_in_review(world, title="На рассмотрении")
        self.approved = approved_proposal(world, title="Одобрено")
        self.discussed = factories.ProposalFactory(group=world.group, title="Обсуждается")
        start, end = seed_anchors(self.discussed, "«с кавычками»")
        self.comment, self.to_accept, self.to_reject = (
            comments.thread_create(
                proposal=self.discussed,
                author=world.users[Role.COMMENTER],
                anchor_start=start,
                anchor_end=end,
                quote="«с кавычками»",
                body="Замечание",
                replacement=replacement,
            )
            for replacement in (None, "«иначе»", "«никак»")
        )


def page_cases(world):
    group, proposal = world.group, world.proposal
    _with_two_versions(world)
    membership = Membership.objects.get(group=group, user=world.users[Role.OBSERVER])
    invitation = Invitation.objects.create(
        group=group, email="new@example.test", expires_at="2999-01-01T00:00:00Z"
    )
    return [
        ("GET", reverse("dashboard"), {}, _statuses(LOGIN, 200, 200, 200, 200, 200)),
        ("GET", reverse("group_detail", args=[group.pk]), {}, MEMBERS_READ),
        ("GET", reverse("group_members", args=[group.pk]), {}, COORDINATORS_READ),
        (
            "POST",
            reverse("group_members", args=[group.pk]),
            {"email": "invitee@example.test", "role": Role.EDITOR},
            COORDINATORS_WRITE,
        ),
        (
            "POST",
            reverse("membership_change", args=[group.pk, membership.pk]),
            {f"m{membership.pk}-role": Role.COMMENTER},
            COORDINATORS_WRITE,
        ),
        (
            "POST",
            reverse("invitation_revoke", args=[group.pk, invitation.pk]),
            {"confirm": "1"},
            COORDINATORS_WRITE,
        ),
        ("GET", reverse("proposal_create", args=[group.pk]), {}, EDITORS_READ),
        (
            "POST",
            reverse("proposal_create", args=[group.pk]),
            {"title": "Новое", "kind": "policy_proposal", "start": "empty"},
            EDITORS_WRITE,
        ),
        ("GET", reverse("proposal_detail", args=[proposal.public_id]), {}, MEMBERS_READ),
        ("GET", reverse("proposal_edit", args=[proposal.public_id]), {}, MEMBERS_READ),
        (
            "POST",
            reverse("proposal_preview", args=[proposal.public_id]),
            {"text": "# x"},
            _statuses(LOGIN, 404, 200, 200, 200, 200),
        ),
        ("GET", reverse("proposal_settings", args=[proposal.public_id]), {}, EDITORS_READ),
        (
            "POST",
            reverse("proposal_settings", args=[proposal.public_id]),
            {"title": "Переименовано"},
            EDITORS_WRITE,
        ),
        (
            "POST",
            reverse("proposal_archive", args=[proposal.public_id]),
            {"archived": "0"},
            EDITORS_WRITE,
        ),
        ("GET", reverse("proposal_history", args=[proposal.public_id]), {}, MEMBERS_READ),
        (
            "POST",
            reverse("version_save", args=[proposal.public_id]),
            {"label": "Для рабочей группы", "note": "Заметка"},
            EDITORS_WRITE,
        ),
        ("GET", reverse("version_detail", args=[proposal.public_id, 1]), {}, MEMBERS_READ),
        ("GET", reverse("version_download", args=[proposal.public_id, 1]), {}, MEMBERS_READ),
        (
            "GET",
            reverse("proposal_compare", args=[proposal.public_id]) + "?from=1&to=2",
            {},
            MEMBERS_READ,
        ),
        ("GET", reverse("proposal_authorship", args=[proposal.public_id]), {}, MEMBERS_READ),
        (
            "POST",
            reverse("version_restore", args=[proposal.public_id, 1]),
            {"confirm": "1"},
            EDITORS_WRITE,
        ),
        *review_page_cases(world),
    ]


def review_page_cases(world):
    stage = ReviewStages(world)
    deadline = {"deadline": in_a_week().isoformat()}
    return [
        ("GET", reverse("proposal_threads", args=[stage.discussed.public_id]), {}, MEMBERS_READ),
        ("GET", reverse("group_audit", args=[world.group.pk]), {}, COORDINATORS_READ),
        ("GET", reverse("notifications"), {}, SIGNED_IN_READ),
        ("POST", reverse("notifications"), {"action": "read"}, SIGNED_IN_WRITE),
        (
            "POST",
            reverse("review_open", args=[stage.fresh.public_id]),
            deadline,
            COORDINATORS_WRITE,
        ),
        (
            "POST",
            reverse("review_vote", args=[stage.in_review.public_id]),
            {"choice": "approve"},
            COMMENTERS_WRITE,
        ),
        (
            "POST",
            reverse("review_close", args=[stage.in_review.public_id]),
            {"decision": "count", "confirm": "1"},
            COORDINATORS_WRITE,
        ),
        (
            "POST",
            reverse("proposal_endorse", args=[stage.approved.public_id]),
            {},
            COMMENTERS_WRITE,
        ),
        (
            "POST",
            reverse("endorsement_deadline", args=[stage.approved.public_id]),
            deadline,
            COORDINATORS_WRITE,
        ),
        (
            "POST",
            reverse("proposal_withdraw", args=[stage.withdrawable.public_id]),
            {"confirm": "1"},
            COORDINATORS_WRITE,
        ),
    ]


def _client_for(client, world, visitor):
    if visitor != "anonymous":
        client.force_login(world.users[visitor])
    return client


@pytest.mark.parametrize("visitor", VISITORS)
def test_pages_answer_each_visitor_exactly(client, world, visitor):
    _client_for(client, world, visitor)
    for method, url, data, expected in page_cases(world):
        response = client.get(url) if method == "GET" else client.post(url, data)
        assert response.status_code == expected[visitor], f"{method} {url} as {visitor}"
        if visitor == "anonymous":
            assert response["Location"].startswith(reverse("login"))


def test_other_groups_objects_are_404_even_for_their_coordinators_peers(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    assert client.get(reverse("group_detail", args=[world.other_group.pk])).status_code == 404
    url = reverse("proposal_detail", args=[world.foreign_proposal.public_id])
    assert client.get(url).status_code == 404
    assert client.get("/proposals/00000000-0000-0000-0000-000000000000/").status_code == 404


API_READ = _statuses(401, 404, 200, 200, 200, 200)
API_WRITE = _statuses(401, 404, 403, 403, 200, 200)
API_CREATE = _statuses(401, 404, 403, 403, 201, 201)
API_SIGNED_IN = _statuses(401, 200, 200, 200, 200, 200)
API_COMMENT = _statuses(401, 404, 403, 200, 200, 200)
API_COMMENT_CREATE = _statuses(401, 404, 403, 201, 201, 201)
API_MANAGE = _statuses(401, 404, 403, 403, 403, 200)
API_MANAGE_CREATE = _statuses(401, 404, 403, 403, 403, 201)


def api_cases(world):
    group, proposal = world.group, world.proposal
    _with_two_versions(world)
    versions = f"/api/proposals/{proposal.public_id}/versions/"
    return [
        ("GET", "/api/me/", None, API_SIGNED_IN),
        ("GET", "/api/groups/", None, API_SIGNED_IN),
        ("GET", f"/api/groups/{group.pk}/", None, API_READ),
        ("GET", "/api/proposals/", None, API_SIGNED_IN),
        (
            "POST",
            "/api/proposals/",
            {"group": group.pk, "title": "Через API", "kind": "policy_proposal"},
            API_CREATE,
        ),
        ("GET", f"/api/proposals/{proposal.public_id}/", None, API_READ),
        ("PATCH", f"/api/proposals/{proposal.public_id}/", {"title": "Новое имя"}, API_WRITE),
        ("GET", versions, None, API_READ),
        ("POST", versions, {"label": "Через API", "note": ""}, API_CREATE),
        ("GET", f"{versions}1/", None, API_READ),
        ("GET", f"/api/proposals/{proposal.public_id}/diff/?from=1&to=2", None, API_READ),
        ("POST", f"{versions}1/restore/", None, API_CREATE),
        *review_api_cases(world),
        ("GET", "/api/schema/", None, API_SIGNED_IN),
        ("GET", "/api/docs/", None, API_SIGNED_IN),
    ]


def review_api_cases(world):
    stage = ReviewStages(world)
    threads = f"/api/proposals/{stage.discussed.public_id}/threads/"
    in_review = f"/api/proposals/{stage.in_review.public_id}/review/"
    endorsements = f"/api/proposals/{stage.approved.public_id}/endorsements/"
    comment = f"/api/threads/{stage.comment.pk}/"
    return [
        ("GET", threads, None, API_READ),
        (
            "POST",
            threads,
            thread_payload(stage.discussed, "Заголовок", body="Да"),
            API_COMMENT_CREATE,
        ),
        ("GET", comment, None, API_READ),
        ("POST", f"{comment}replies/", {"body": "Ответ"}, API_COMMENT_CREATE),
        ("POST", f"{comment}resolve/", None, API_COMMENT),
        ("POST", f"{comment}reopen/", None, API_COMMENT),
        ("POST", f"/api/threads/{stage.to_accept.pk}/accept/", None, API_WRITE),
        ("POST", f"/api/threads/{stage.to_reject.pk}/reject/", None, API_WRITE),
        ("GET", in_review, None, API_READ),
        ("POST", f"{in_review}vote/", {"choice": "approve"}, API_COMMENT),
        ("POST", f"{in_review}close/", {}, API_MANAGE),
        (
            "POST",
            f"/api/proposals/{stage.fresh.public_id}/review/",
            {"deadline": in_a_week().isoformat()},
            API_MANAGE_CREATE,
        ),
        ("GET", endorsements, None, API_READ),
        ("POST", endorsements, None, API_COMMENT_CREATE),
        ("GET", "/api/notifications/", None, API_SIGNED_IN),
        ("POST", "/api/notifications/", {"ids": None}, API_SIGNED_IN),
    ]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("auth", ["session", "token"])
def test_api_answers_each_visitor_exactly(client, world, visitor, auth):
    headers = {}
    if visitor != "anonymous":
        if auth == "session":
            client.force_login(world.users[visitor])
        else:
            token, _ = Token.objects.get_or_create(user=world.users[visitor])
            headers["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    for method, url, body, expected in api_cases(world):
        response = client.generic(
            method,
            url,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            **headers,
        )
        assert response.status_code == expected[visitor], f"{method} {url} as {visitor}"


def test_outsider_sees_no_proposals_of_other_groups(client, world):
    client.force_login(world.users["outsider"])
    listed = client.get("/api/proposals/").json()["results"]
    assert [item["id"] for item in listed] == [str(world.foreign_proposal.public_id)]
    assert world.proposal.title not in client.get(reverse("dashboard")).content.decode()


def test_health_is_public(client, db):
    assert client.get("/healthz").status_code == 200


def test_admin_requires_staff(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    assert client.get("/admin/").status_code == 302


def test_group_cards_count_all_members_and_live_proposals(client, world):
    from tests import factories

    factories.ProposalFactory(group=world.group, archived=True)
    client.force_login(world.users[Role.OBSERVER])
    groups = client.get("/api/groups/").json()["results"]
    assert [group["role"] for group in groups] == [Role.OBSERVER]
    from accord.selectors import groups_for_user

    (group,) = groups_for_user(user=world.users[Role.OBSERVER])
    assert (group.member_count, group.proposal_count, group.user_role) == (4, 1, Role.OBSERVER)
