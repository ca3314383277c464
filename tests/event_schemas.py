"""The JSON events that browsers get on a proposal's events stream, one schema per kind.

A page receives `{"kind": ..., "data": {...}}` (realtime.consumers relays the channel layer's
`proposal.event` messages). Each schema names every key of `data` and what its value must be; an
event with a missing, extra or mistyped key fails `check_event`. A test greps the code for the
kinds it sends (tests/proposals/test_events.py), so a new kind without a schema fails.

`EventStream` listens on a proposal's events group of the in-memory channel layer, as an open
page does, so tests see exactly what left after commit.
"""

import asyncio
from collections.abc import Callable
from uuid import UUID

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from proposals.models import ProposalStatus
from realtime.events import events_group
from submissions.models import PackageStatus


def _uuid(value) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def _id(value) -> bool:
    return type(value) is int and value > 0


def _percent(value) -> bool:
    return type(value) is int and 0 <= value <= 100


def one_of(choices) -> Callable[[object], bool]:
    allowed = frozenset(choices)
    return lambda value: isinstance(value, str) and value in allowed


def of_type(kind: type) -> Callable[[object], bool]:
    return lambda value: type(value) is kind


THREAD = {"thread": _id}
REVIEW = {"review": _id}

# kind → {key of data → check of its value}
SCHEMAS: dict[str, dict[str, Callable[[object], bool]]] = {
    "thread.created": THREAD,
    "thread.replied": THREAD,
    "thread.resolved": THREAD,
    "thread.reopened": THREAD,
    "thread.decided": THREAD,
    "review.opened": REVIEW,
    "review.vote": REVIEW,
    "review.closed": REVIEW,
    "proposal.withdrawn": {},
    "proposal.status": {
        "from": one_of(ProposalStatus.values),
        "to": one_of(ProposalStatus.values),
    },
    "proposal.archived": {"archived": of_type(bool)},
    "endorsement.given": {},
    "package.progress": {
        "package": _uuid,
        "status": one_of(PackageStatus.values),
        "progress": _percent,
        "message": of_type(str),
    },
}


def check_event(event: dict) -> dict:
    """Raise AssertionError unless `event` is a browser event of a known kind, exactly."""
    assert set(event) == {"kind", "data"}, f"event keys: {sorted(event)}"
    kind, data = event["kind"], event["data"]
    assert kind in SCHEMAS, f"no schema for event kind {kind!r}"
    assert isinstance(data, dict), f"{kind}: data is {type(data).__name__}"
    schema = SCHEMAS[kind]
    assert set(data) == set(schema), f"{kind}: keys {sorted(data)}, expected {sorted(schema)}"
    for key, valid in schema.items():
        assert valid(data[key]), f"{kind}: {key}={data[key]!r} is not valid"
    return event


class EventStream:
    """The events a page of `proposal` would receive, read from the channel layer."""

    def __init__(self, proposal):
        self.layer = get_channel_layer()
        self.channel = async_to_sync(self.layer.new_channel)()
        async_to_sync(self.layer.group_add)(events_group(proposal.public_id), self.channel)

    async def _drain(self) -> list[dict]:
        messages = []
        while True:
            try:
                messages.append(await asyncio.wait_for(self.layer.receive(self.channel), 0.05))
            except TimeoutError:
                return messages

    @staticmethod
    def _checked(messages: list[dict]) -> list[dict]:
        events = []
        for message in messages:
            assert message["type"] == "proposal.event", message
            events.append(check_event({"kind": message["kind"], "data": message["data"]}))
        return events

    def received(self) -> list[dict]:
        """Every event sent since the last call, checked against its schema, as a page sees it."""
        return self._checked(async_to_sync(self._drain)())

    async def drained(self) -> list[dict]:
        """`received()` for async tests."""
        return self._checked(await self._drain())
