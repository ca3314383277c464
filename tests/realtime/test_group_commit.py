"""Group commit (issue 17): updates that arrive during a write are appended together, each still
stored before it is relayed; an idle room writes at once."""

import asyncio
import time

import pytest
from channels.db import database_sync_to_async

from accord.models import Role
from realtime import protocol, store
from realtime.models import DocumentUpdate
from realtime.rooms import rooms_open

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def stored_updates(proposal) -> list[bytes]:
    return [
        bytes(data)
        for data in DocumentUpdate.objects.filter(proposal=proposal)
        .order_by("id")
        .values_list("data", flat=True)
    ]


@pytest.fixture
def slow_writes(monkeypatch):
    """Every append takes 50 ms, and records which updates were stored when."""
    stored: list[bytes] = []
    real = store.updates_append

    def slow(*, proposal_id, items):
        time.sleep(0.05)
        sequences = real(proposal_id=proposal_id, items=items)
        stored.extend(data for data, _user, _clients in items)
        return sequences

    monkeypatch.setattr(store, "updates_append", slow)
    return stored


async def test_a_burst_is_stored_in_few_transactions_and_relayed_after(world, connect, slow_writes):
    writers = [
        await connect(world.users[role], world.proposal) for role in (Role.EDITOR, Role.COORDINATOR)
    ]
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    room = rooms_open()[world.proposal.pk]
    relayed: list[bytes] = []
    stored_when_relayed: list[bool] = []
    real_relay = room._relay_update

    async def watched(pending):
        relayed.append(pending.update)
        stored_when_relayed.append(pending.update in slow_writes)
        await real_relay(pending)

    room.commits._relay = watched
    for round_ in range(10):
        for index, writer in enumerate(writers):
            writer.edit(lambda text, i=index, r=round_: text.insert(0, f"<{i}.{r}>"))
    await asyncio.gather(*(writer.flush() for writer in writers))
    for _ in range(100):
        if len(relayed) == 20:
            break
        await asyncio.sleep(0.05)
    assert len(relayed) == 20
    assert all(stored_when_relayed)
    assert room.commits.written == 20
    assert room.commits.batches < 20  # grouped: at most a few alone
    assert room.commits.largest > 1
    await observer.pump(timeout=0.5)
    for index in range(2):
        for round_ in range(10):
            assert f"<{index}.{round_}>" in str(observer.text)
    assert len(await stored_updates(world.proposal)) >= 20


async def test_an_idle_room_writes_an_update_alone_and_at_once(world, connect):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    room = rooms_open()[world.proposal.pk]
    for index in range(3):
        editor.edit(lambda text, i=index: text.insert(0, f"[{i}]"))
        await editor.flush()
        await observer.pump(until=lambda m: m.kind == protocol.MESSAGE_SYNC)
    assert (room.commits.batches, room.commits.largest) == (3, 1)


async def test_a_failed_write_relays_nothing_of_its_batch_and_closes_the_room(
    world, connect, monkeypatch
):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    before = str(observer.text)

    def broken(**_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "updates_append", broken)
    editor.edit(lambda text: text.insert(0, "Не сохранится. "))
    await editor.flush()
    await editor.pump(timeout=0.5)
    await observer.pump(timeout=0.5)
    assert editor.closed_with == protocol.CLOSE_INTERNAL_ERROR
    assert str(observer.text) == before
    assert all(b"\xd0\x9d\xd0\xb5 " not in data for data in await stored_updates(world.proposal))


def test_updates_append_keeps_order_and_the_first_claim_of_a_client_id(world):
    proposal = world.proposal
    users = [world.users[Role.EDITOR], world.users[Role.COORDINATOR]]
    sequences = store.updates_append(
        proposal_id=proposal.pk,
        items=[(b"a", users[0].pk, [77]), (b"b", users[1].pk, [77, 78]), (b"c", None, [79])],
    )
    assert sequences == sorted(sequences)
    from realtime.models import ClientIdentity

    owners = dict(
        ClientIdentity.objects.filter(proposal=proposal).values_list("client_id", "user_id")
    )
    assert owners == {77: users[0].pk, 78: users[1].pk}
