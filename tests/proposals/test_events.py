"""Events in Zulip's manner: every action's after-commit events are checked against their schema
(tests/event_schemas.py), applied to the state a proposal's open page keeps, and the result must
equal what a fresh load of the page shows. An action whose change reaches the page by no event
fails here, as does an event sent before commit or for the wrong object.
"""

import copy
import re
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.core.exceptions import ValidationError

from accord.models import Role
from proposals import live
from proposals.models import Endorsement, Proposal
from proposals.services import comments, review
from proposals.services.versions import text_replace
from proposals.workflow import proposal_archive
from tests.event_schemas import SCHEMAS, EventStream, check_event
from tests.proposals.helpers import (
    approved_proposal,
    in_a_week,
    majority_group,
    proposal_in_review,
    seed_anchors,
)

pytestmark = pytest.mark.usefixtures("in_memory_channel_layer")

QUOTE = "«с кавычками»"  # in the factory's text


# The page's state, freshly loaded, and as events change it --------------------------------------


def page_state(client, proposal) -> dict:
    """What an open page of the proposal shows: the editor's thread list (from the API it
    fetches), the status and archive flag, the open review with its votes, the endorsements."""
    response = client.get(f"/api/proposals/{proposal.public_id}/threads/")
    assert response.status_code == 200
    row = Proposal.objects.get(pk=proposal.pk)
    current = review.open_review(row)
    return {
        "status": row.status,
        "archived": row.archived,
        "threads": {
            thread["id"]: {
                "state": thread["state"],
                "resolved": thread["resolved"],
                "replies": max(0, len(thread["comments"]) - 1),
            }
            for thread in response.json()
        },
        "review": None if current is None else {"id": current.pk, "votes": current.votes.count()},
        "endorsements": Endorsement.objects.filter(version__proposal=row).count(),
    }


def apply_event(state: dict, event: dict, fresh: dict) -> None:
    """Change the page's state as its script does for `event`. Where an event only names what
    changed, the page fetches that one object again: taken from `fresh`, by the id it names."""
    kind, data = event["kind"], event["data"]
    threads = state["threads"]
    if kind.startswith("thread."):
        thread = data["thread"]
        assert (thread not in threads) if kind == "thread.created" else (thread in threads), kind
        if kind == "thread.created":
            threads[thread] = fresh["threads"][thread]
        elif kind == "thread.replied":
            threads[thread]["replies"] += 1
        elif kind in ("thread.resolved", "thread.reopened"):
            threads[thread]["resolved"] = kind == "thread.resolved"
        else:
            assert kind == "thread.decided"
            assert fresh["threads"][thread]["state"] in ("accepted", "rejected")
            threads[thread]["state"] = fresh["threads"][thread]["state"]
            threads[thread]["resolved"] = True  # a decided suggestion is closed
    elif kind == "review.opened":
        assert state["review"] is None
        state["review"] = {"id": data["review"], "votes": 0}
    elif kind == "review.vote":
        assert state["review"]["id"] == data["review"]
        state["review"]["votes"] = fresh["review"]["votes"]
    elif kind == "review.closed":
        assert state["review"]["id"] == data["review"]
        state["review"] = None
    elif kind == "proposal.status":
        assert state["status"] == data["from"]
        state["status"] = data["to"]
    elif kind == "proposal.withdrawn":
        state["review"] = None  # a withdrawal ends the open review
    elif kind == "proposal.archived":
        state["archived"] = data["archived"]
    elif kind == "endorsement.given":
        state["endorsements"] += 1
    else:
        raise AssertionError(f"the page does not handle {kind}")


@pytest.fixture
def page(client, world, django_capture_on_commit_callbacks):
    """page(proposal, action) → the events the action sent; checks what the page ends with."""
    client.force_login(world.users[Role.OBSERVER])

    def run(proposal, action) -> list[dict]:
        stream = EventStream(proposal)
        before = page_state(client, proposal)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            action()
            assert stream.received() == [], "an event left before commit"
        assert callbacks, "the action sent nothing after commit"
        events = stream.received()
        fresh = page_state(client, proposal)
        state = copy.deepcopy(before)
        for event in events:
            apply_event(state, event, fresh)
        assert state == fresh
        return events

    return run


def kinds(events) -> list[str]:
    return [event["kind"] for event in events]


# Actions and their events ------------------------------------------------------------------------


def _thread(world, *, replacement=None):
    start, end = seed_anchors(world.proposal, QUOTE)
    return comments.thread_create(
        proposal=world.proposal,
        author=world.users[Role.COMMENTER],
        anchor_start=start,
        anchor_end=end,
        quote=QUOTE,
        body="Уточнить формулировку",
        replacement=replacement,
    )


def test_a_comments_life_reaches_the_page(world, page):
    holder = {}
    events = page(world.proposal, lambda: holder.setdefault("thread", _thread(world)))
    thread = holder["thread"]
    assert events == [{"kind": "thread.created", "data": {"thread": thread.pk}}]
    commenter = world.users[Role.COMMENTER]
    steps = [
        (lambda: comments.comment_reply(thread=thread, author=commenter, body="Да"), "replied"),
        (lambda: comments.thread_resolve(thread=thread, actor=commenter), "resolved"),
        (lambda: comments.thread_reopen(thread=thread, actor=commenter), "reopened"),
    ]
    for action, kind in steps:
        assert page(world.proposal, action) == [
            {"kind": f"thread.{kind}", "data": {"thread": thread.pk}}
        ]


@pytest.mark.parametrize("decision", ["suggestion_accept", "suggestion_reject"])
def test_a_decided_suggestion_reaches_the_page(world, page, decision):
    thread = _thread(world, replacement="«без кавычек»")
    decide = getattr(comments, decision)
    events = page(world.proposal, lambda: decide(thread=thread, actor=world.users[Role.EDITOR]))
    assert events == [{"kind": "thread.decided", "data": {"thread": thread.pk}}]


def test_a_review_from_opening_to_approval_reaches_the_page(world, page):
    coordinator = world.users[Role.COORDINATOR]
    majority_group(world)
    proposal = world.proposal
    opened = page(
        proposal,
        lambda: review.review_open(proposal=proposal, actor=coordinator, deadline=in_a_week()),
    )
    assert sorted(kinds(opened)) == ["proposal.status", "review.opened"]
    current = review.open_review(proposal)
    voted = page(
        proposal, lambda: review.vote_cast(review=current, user=coordinator, choice="approve")
    )
    assert voted == [{"kind": "review.vote", "data": {"review": current.pk}}]
    closed = page(proposal, lambda: review.review_close(review=current, actor=coordinator))
    assert sorted(kinds(closed)) == ["proposal.status", "review.closed"]
    assert Proposal.objects.get(pk=proposal.pk).status == "approved"
    endorsed = page(proposal, lambda: review.endorsement_give(proposal=proposal, user=coordinator))
    assert endorsed == [{"kind": "endorsement.given", "data": {}}]


def test_a_review_not_approved_reaches_the_page(world, page):
    proposal = proposal_in_review(world)
    current = review.open_review(proposal)
    events = page(
        proposal,
        lambda: review.review_close(
            review=current, actor=world.users[Role.COORDINATOR], approve=False
        ),
    )
    assert {"kind": "proposal.status", "data": {"from": "in_review", "to": "draft"}} in events


def test_a_withdrawal_during_a_review_reaches_the_page(world, page):
    proposal = proposal_in_review(world)
    events = page(
        proposal,
        lambda: review.proposal_withdraw(proposal=proposal, actor=world.users[Role.COORDINATOR]),
    )
    assert sorted(kinds(events)) == ["proposal.status", "proposal.withdrawn"]


def test_a_new_draft_round_reaches_the_page(world, page):
    proposal = approved_proposal(world)
    events = page(
        proposal,
        lambda: text_replace(
            proposal=proposal, author=world.users[Role.EDITOR], target="Другой текст.\n"
        ),
    )
    assert events == [{"kind": "proposal.status", "data": {"from": "approved", "to": "draft"}}]


def test_archiving_and_restoring_reach_the_page(world, page):
    editor = world.users[Role.EDITOR]
    for archived in (True, False):
        events = page(
            world.proposal,
            lambda archived=archived: proposal_archive(
                proposal=world.proposal, actor=editor, archived=archived
            ),
        )
        assert events == [{"kind": "proposal.archived", "data": {"archived": archived}}]


def test_a_refused_action_sends_nothing(world, django_capture_on_commit_callbacks):
    proposal = proposal_in_review(world)
    current = review.open_review(proposal)
    coordinator = world.users[Role.COORDINATOR]
    review.review_close(review=current, actor=coordinator, approve=False)
    stream = EventStream(proposal)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        review.review_close(review=current, actor=coordinator, approve=True)
    assert stream.received() == []
    # Positive control: the same stream hears an action that succeeds.
    with django_capture_on_commit_callbacks(execute=True):
        review.review_open(proposal=proposal, actor=coordinator, deadline=in_a_week())
    assert len(stream.received()) == 2


# The schemas themselves --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "event",
    [
        {"kind": "thread.created", "data": {}},
        {"kind": "thread.created", "data": {"thread": "7"}},
        {"kind": "thread.created", "data": {"thread": 7, "extra": 1}},
        {"kind": "proposal.status", "data": {"from": "draft", "to": "published"}},
        {"kind": "proposal.archived", "data": {"archived": 1}},
        {
            "kind": "package.progress",
            "data": {"package": "x", "status": "ready", "progress": 100, "message": ""},
        },
        {
            "kind": "package.progress",
            "data": {
                "package": "9f1c8a6e-5d8b-4a3e-9a57-2b1f0e4f7a11",
                "status": "ready",
                "progress": True,
                "message": "",
            },
        },
        {"kind": "proposal.renamed", "data": {}},
        {"kind": "thread.created", "data": {"thread": 7}, "type": "proposal.event"},
    ],
)
def test_the_schema_checker_refuses_a_malformed_event(event):
    with pytest.raises(AssertionError):
        check_event(event)


def test_the_schema_checker_accepts_a_wellformed_event():
    check_event({"kind": "thread.created", "data": {"thread": 7}})
    check_event({"kind": "proposal.status", "data": {"from": "approved", "to": "draft"}})


# Every kind the code sends has a schema ----------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accord", "proposals", "realtime", "submissions"]
HELPER = "proposal_event"
KIND = r"\"([a-z_]+\.[a-z_]+)\""


def sent_kinds(root: Path) -> set[str]:
    """The event kinds passed to the event helper, directly (`kind="…"`) or through a local
    wrapper (`def _event(thread, kind): proposal_event(..., kind=kind, ...)` called as
    `_event(thread, "…")`). A call whose kind is neither fails: it could hide a kind."""
    found = set()
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(rf"\b{HELPER}\(([^)]*)\)", text):
            arguments = call.group(1)
            if text[: call.start()].endswith("def ") or not arguments.strip():
                continue  # its definitions, and mentions in prose
            literal = re.search(rf"\bkind={KIND}", arguments)
            if literal:
                found.add(literal.group(1))
                continue
            wrapper = re.findall(r"^def (\w+)\(", text[: call.start()], re.MULTILINE)
            assert wrapper, f"{path}: {arguments}"
            assert re.search(r"\bkind=kind\b", arguments), f"{path}: {arguments}"
            calls = re.findall(rf"\b{wrapper[-1]}\(\s*[^,()]+,\s*{KIND}\s*\)", text)
            assert calls, f"{path}: {wrapper[-1]} is never called with a literal kind"
            found.update(calls)
    return found


def test_every_event_kind_sent_has_a_schema():
    kinds_sent = set()
    for app in APPS:
        kinds_sent |= sent_kinds(ROOT / app)
    assert len(kinds_sent) >= 13
    assert kinds_sent - set(SCHEMAS) == set()
    assert set(SCHEMAS) - kinds_sent == set(), "a schema for an event nobody sends"


def test_the_kind_grep_finds_direct_and_wrapped_kinds(tmp_path):
    (tmp_path / "direct.py").write_text(
        'proposal_event(proposal=p, kind="thing.happened", data={})\n', encoding="utf-8"
    )
    (tmp_path / "wrapped.py").write_text(
        "def _event(thread, kind):\n"
        "    proposal_event(proposal=thread.proposal, kind=kind, data={})\n\n\n"
        'def act(thread):\n    _event(thread, "thing.wrapped")\n',
        encoding="utf-8",
    )
    assert sent_kinds(tmp_path) == {"thing.happened", "thing.wrapped"}
    (tmp_path / "hidden.py").write_text(
        "def act(p, name):\n    proposal_event(proposal=p, kind=name)\n", encoding="utf-8"
    )
    with pytest.raises(AssertionError):
        sent_kinds(tmp_path)


@pytest.mark.django_db(transaction=True)
async def test_a_new_draft_round_from_the_live_editor_reaches_the_page(world):
    """The live text mirror runs in a worker thread of the websocket consumer: the status event
    still leaves after its commit, from there."""
    proposal = await database_sync_to_async(approved_proposal)(world)
    stream = await sync_to_async(EventStream)(proposal)
    await stream.drained()
    await database_sync_to_async(live.proposal_text_mirror)(
        document_id=proposal.pk, text="Правка в редакторе.\n"
    )
    events = await stream.drained()
    assert events == [{"kind": "proposal.status", "data": {"from": "approved", "to": "draft"}}]
