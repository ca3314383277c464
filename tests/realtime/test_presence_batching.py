"""Presence leaves a room in ticks (issue 17): one frame per socket per tick, renewals later."""

import asyncio

import pytest

from accord.models import Role
from realtime import protocol
from realtime.rooms import rooms_open

pytestmark = pytest.mark.django_db(transaction=True)


def presence(client, clock, cursor):
    entry = protocol.AwarenessEntry(client.doc.client_id, clock, {"cursor": cursor})
    return protocol.awareness_message(protocol.encode_awareness([entry]))


async def awareness_frames(client, *, quiet=0.3):
    """The awareness frames that reach `client` until it has heard nothing for `quiet` s."""
    frames = []
    while True:
        try:
            message = await client.receive(quiet)
        except TimeoutError:
            return frames
        if message is None:
            return frames
        await client.handle(message)
        if message.kind == protocol.MESSAGE_AWARENESS:
            frames.append(protocol.decode_awareness(message.payload))


async def test_changes_within_a_tick_reach_each_socket_as_one_frame(world, connect, settings):
    settings.ACCORD_PRESENCE_TICK_MS = 200
    people = [
        await connect(world.users[role], world.proposal)
        for role in (Role.EDITOR, Role.COORDINATOR, Role.COMMENTER)
    ]
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    for person in people:
        await person.send(presence(person, 1, 3))
    frames = await awareness_frames(observer)
    assert len(frames) == 1
    assert {entry.client_id for entry in frames[0]} == {p.doc.client_id for p in people}
    # The senders hear their own state back in the same frame (stock clients expect it).
    for person in people:
        own = await awareness_frames(person)
        assert len(own) == 1
        assert person.doc.client_id in {entry.client_id for entry in own[0]}


async def test_a_renewal_waits_for_the_renewal_tick_and_a_change_does_not(world, connect, settings):
    settings.ACCORD_PRESENCE_TICK_MS = 20
    settings.ACCORD_PRESENCE_RENEWAL_SECONDS = 0.6
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    await editor.send(presence(editor, 1, 3))
    assert len(await awareness_frames(observer, quiet=0.2)) == 1
    # The same state at a newer clock: a renewal, held for the renewal tick.
    await editor.send(presence(editor, 2, 3))
    assert await awareness_frames(observer, quiet=0.2) == []
    late = await awareness_frames(observer, quiet=0.8)
    assert [[entry.clock for entry in frame] for frame in late] == [[2]]
    # A change goes out at the next (short) tick.
    await editor.send(presence(editor, 3, 9))
    assert len(await awareness_frames(observer, quiet=0.2)) == 1
    assert observer.presence[editor.doc.client_id]["cursor"] == 9


async def test_a_change_takes_a_waiting_renewal_along(world, connect, settings):
    settings.ACCORD_PRESENCE_TICK_MS = 100
    settings.ACCORD_PRESENCE_RENEWAL_SECONDS = 5
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    coordinator = await connect(world.users[Role.COORDINATOR], world.proposal)
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    await editor.send(presence(editor, 1, 3))
    await coordinator.send(presence(coordinator, 1, 4))
    assert len(await awareness_frames(observer)) == 1
    await editor.send(presence(editor, 2, 3))  # renewal: waits
    await coordinator.send(presence(coordinator, 2, 8))  # change: goes, and takes it along
    frames = await awareness_frames(observer)
    assert len(frames) == 1
    assert {(entry.client_id, entry.clock) for entry in frames[0]} == {
        (editor.doc.client_id, 2),
        (coordinator.doc.client_id, 2),
    }


async def test_echoes_do_not_multiply_frames(world, connect, settings):
    settings.ACCORD_PRESENCE_TICK_MS = 50
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    await editor.send(presence(editor, 1, 3))
    heard = await awareness_frames(observer)
    assert len(heard) == 1
    # Stock clients echo every presence they hear: the echo holds nothing new.
    for _ in range(20):
        await observer.send(protocol.awareness_message(protocol.encode_awareness(heard[0])))
    assert await awareness_frames(editor, quiet=0.3) == heard


async def test_removals_on_leave_are_batched(world, connect, settings):
    settings.ACCORD_PRESENCE_TICK_MS = 200
    leaving = [await connect(world.users[r], world.proposal) for r in (Role.EDITOR, Role.COMMENTER)]
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    for client in leaving:
        await client.send(presence(client, 1, 1))
    await awareness_frames(observer)
    for client in leaving:
        await client.close()
    frames = await awareness_frames(observer, quiet=0.5)
    assert len(frames) == 1
    assert all(entry.state is None for entry in frames[0])
    assert all(observer.presence[client.doc.client_id] is None for client in leaving)


async def test_a_tick_of_zero_sends_at_once(world, connect, settings):
    settings.ACCORD_PRESENCE_TICK_MS = 0
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    await editor.send(presence(editor, 1, 3))
    await editor.send(presence(editor, 2, 3))
    frames = await awareness_frames(observer, quiet=0.2)
    assert [[entry.clock for entry in frame] for frame in frames] == [[1], [2]]
    assert rooms_open()[world.proposal.pk].relay.ticks == 0


async def test_nothing_waits_once_the_room_unloads(world, connect, settings):
    settings.ACCORD_PRESENCE_TICK_MS = 10_000
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    await editor.send(presence(editor, 1, 3))
    await asyncio.sleep(0.1)
    room = rooms_open()[world.proposal.pk]
    assert room.relay.pending == 1
    await editor.close()
    await room.unloaded.wait()
    assert room.relay.pending == 0
