"""Property: concurrent edits converge, online or offline, on every client, the room and disk.

Hypothesis draws a script of edits for 3–5 clients on the real ASGI application. Each example
runs on its own event loop (asgiref's async_to_sync), so its room lives and unloads there, and
uses a proposal of its own, so examples share nothing but the group and its people.
"""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.conf import settings as django_settings
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.models import Role
from proposals.models import Proposal
from realtime import protocol
from realtime.rooms import rooms_open
from realtime.store import document_load, document_text
from tests.factories import ProposalFactory
from tests.realtime.conftest import settle
from tests.realtime.yclient import YClient, communicator_for, session_key_for

# Cyrillic (two bytes in UTF-8), typography (three), an emoji (four), ASCII and newlines:
# pycrdt counts offsets in UTF-8 bytes, so every width must survive inserts and deletes.
ALPHABET = "абв ёж«»—xyz\n🙂"
MAX_CLIENTS = 5

clients_count = st.integers(min_value=3, max_value=MAX_CLIENTS)
who = st.integers(min_value=0, max_value=MAX_CLIENTS - 1)
where = st.floats(min_value=0, max_value=1)
operation = st.one_of(
    st.tuples(st.just("insert"), who, where, st.text(ALPHABET, min_size=1, max_size=6)),
    st.tuples(st.just("delete"), who, where, st.integers(min_value=1, max_value=8)),
    st.tuples(st.just("send"), who),
    st.tuples(st.just("receive"), who),
    st.tuples(st.just("disconnect"), who),
    st.tuples(st.just("reconnect"), who),
    st.tuples(st.just("outage"), who),
)
scripts = st.lists(operation, min_size=5, max_size=60)


def byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode())


def insert(client: YClient, where: float, piece: str) -> None:
    text = str(client.text)
    at = byte_offset(text, round(where * len(text)))
    client.edit(lambda shared: shared.insert(at, piece))


def delete(client: YClient, where: float, length: int) -> None:
    text = str(client.text)
    start = min(round(where * len(text)), len(text))
    end = min(start + length, len(text))
    if start == end:
        return
    first, last = byte_offset(text, start), byte_offset(text, end)

    def cut(shared):
        del shared[first:last]

    client.edit(cut)


async def open_client(proposal, session_key: str) -> YClient:
    client = YClient(communicator_for(proposal, session_key, origin="http://localhost"))
    assert await client.connect()
    return client


async def reconnect(old: YClient, proposal, session_key: str) -> YClient:
    """As y-websocket does: the same document on a new socket; step 2 carries offline edits."""
    new = await open_client(proposal, session_key)
    new.doc.apply_update(old.doc.get_update())
    new.outbox.clear()
    await new.handshake()
    return new


async def barrier(client: YClient) -> None:
    """Wait until the server has handled everything this client sent before.

    The consumer handles a socket's frames in order, and a room stores and relays an update
    before its sender's next frame, so the answer to a sync step 1 comes after all of them.
    The answer itself is dropped: connected clients must converge through relayed updates
    alone, as y-websocket clients do (they never re-sync while connected).
    """
    await client.send(protocol.sync_step1(client.doc.get_state()))
    while True:
        message = await client.receive(timeout=10)
        if message is None:
            raise ConnectionError(f"closed with {client.closed_with}")
        if message.kind == protocol.MESSAGE_SYNC and message.sync_kind == protocol.SYNC_STEP2:
            return
        await client.handle(message)


@database_sync_to_async
def stored_text(proposal_id: int) -> str:
    return document_text(document_load(proposal_id=proposal_id))


@database_sync_to_async
def mirrored_text(proposal_id: int) -> str:
    return Proposal.objects.get(pk=proposal_id).text


async def run_script(*, proposal, session_keys: list[str], ops: list[tuple]) -> None:
    clients: list[YClient] = []
    try:
        for key in session_keys:
            client = await open_client(proposal, key)
            await client.handshake()
            clients.append(client)

        for op in ops:
            kind, index = op[0], op[1] % len(clients)
            client, key = clients[index], session_keys[index]
            if kind == "insert":
                insert(client, op[2], op[3])
            elif kind == "delete":
                delete(client, op[2], op[3])
            elif kind == "send":
                await client.flush()
            elif kind == "receive" and client.online:
                # Briefly: whatever has not arrived yet stays unseen, so edits stay concurrent.
                await client.pump(timeout=0.02)
            elif kind == "disconnect" and client.online:
                await client.close()
            elif kind == "reconnect" and not client.online:
                clients[index] = await reconnect(client, proposal, key)
            elif kind == "outage":
                # Everyone drops, long enough for the empty room to unload and compact; the
                # next to reconnect loads it again from the database.
                await asyncio.gather(*(each.close() for each in clients if each.online))
                await asyncio.sleep(0.1)

        for index, client in enumerate(clients):
            if not client.online:
                clients[index] = await reconnect(client, proposal, session_keys[index])
        await asyncio.gather(*(client.flush() for client in clients))
        # Round one: every update is stored and relayed. Round two: every relay is applied.
        for _ in range(2):
            await asyncio.gather(*(barrier(client) for client in clients))

        texts = [str(client.text) for client in clients]
        assert [client.closed_with for client in clients] == [None] * len(clients)
        assert all(client.online for client in clients)
        assert texts == [texts[0]] * len(texts)
        expected = texts[0]
        assert str(rooms_open()[proposal.pk].text) == expected
        assert await stored_text(proposal.pk) == expected
        for _ in range(40):
            if await mirrored_text(proposal.pk) == expected:
                break
            await asyncio.sleep(0.05)
        assert await mirrored_text(proposal.pk) == expected
    finally:
        await asyncio.gather(*(client.close() for client in clients))
        await settle()
    assert proposal.pk not in rooms_open()
    # Unloading compacts the log into the snapshot: the same text comes back from it.
    assert await stored_text(proposal.pk) == expected
    assert await mirrored_text(proposal.pk) == expected


@pytest.mark.django_db(transaction=True)
@given(
    count=clients_count,
    initial=st.text(ALPHABET, max_size=20),
    compact_every=st.sampled_from([500, 3]),
    ops=scripts,
)
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_concurrent_edits_converge_everywhere(world, count, initial, compact_every, ops):
    proposal = ProposalFactory(group=world.group, created_by=world.users[Role.EDITOR], text=initial)
    writers = [world.users[Role.EDITOR], world.users[Role.COORDINATOR]]
    session_keys = [session_key_for(writers[index % 2]) for index in range(count)]
    # A fresh channel layer per example: channels-redis keeps locks bound to the event loop
    # that used them, and every example runs on an event loop of its own. Compacting every
    # few updates races compaction against appends.
    with override_settings(
        CHANNEL_LAYERS=django_settings.CHANNEL_LAYERS, ACCORD_COMPACT_EVERY=compact_every
    ):
        async_to_sync(run_script)(proposal=proposal, session_keys=session_keys, ops=ops)
