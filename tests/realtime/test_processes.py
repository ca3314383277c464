"""Real daphne processes: two over Redis converge and share presence; a killed one loses nothing."""

import asyncio
import random

import pytest
from channels.db import database_sync_to_async

from accord.models import Role
from realtime import protocol
from realtime.store import document_load, document_text

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]


@database_sync_to_async
def stored_text(proposal) -> str:
    return document_text(document_load(proposal_id=proposal.pk))


async def wait_for(predicate, timeout=10.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.02)


async def test_two_processes_over_redis_converge_and_share_presence(
    world, daphne, live_connect, redis_url
):
    first, second = daphne(redis_url=redis_url), daphne(redis_url=redis_url)
    alice = await live_connect(first, world.users[Role.EDITOR], world.proposal)
    bob = await live_connect(second, world.users[Role.COORDINATOR], world.proposal)
    alice.edit(lambda text: text.insert(0, "Из первого процесса. "))
    bob.edit(lambda text: text.insert(len(text), " Из второго процесса."))
    await alice.flush()
    await bob.flush()
    await alice.pump(until=lambda message: "Из второго" in str(alice.text))
    await bob.pump(until=lambda message: "Из первого" in str(bob.text))
    assert str(alice.text) == str(bob.text)

    state = {"user": {"name": "x", "color": "#00aa00"}, "cursor": {"anchor": 1}}
    entry = protocol.AwarenessEntry(alice.doc.client_id, 1, state)
    await alice.send(protocol.awareness_message(protocol.encode_awareness([entry])))
    await bob.pump(until=lambda message: alice.doc.client_id in bob.presence)
    assert (
        bob.presence[alice.doc.client_id]["user"]["name"] == world.users[Role.EDITOR].display_name
    )
    assert await stored_text(world.proposal) == str(alice.text)


async def test_killed_process_loses_no_stored_update(world, daphne, live_connect, redis_url):
    """kill -9 one process while clients type; they move to the other and every edit survives."""
    first, second = daphne(redis_url=redis_url), daphne(redis_url=redis_url)
    writers = [
        await live_connect(first, world.users[Role.EDITOR], world.proposal),
        await live_connect(first, world.users[Role.COORDINATOR], world.proposal),
        await live_connect(second, world.users[Role.EDITOR], world.proposal),
    ]
    typed: list[str] = []
    rng = random.Random(7)

    async def type_some(count):
        for _ in range(count):
            for index, client in enumerate(writers):
                token = f"[{index}:{len(typed)}]|"
                typed.append(token)
                text = str(client.text)
                # Between tokens only, so that no token is split by another.
                boundaries = [0] + [at + 1 for at, char in enumerate(text) if char == "|"]
                # pycrdt's Text counts UTF-8 bytes.
                position = len(text[: rng.choice(boundaries)].encode())
                client.edit(
                    lambda text, token=token, position=position: text.insert(position, token)
                )
                await client.flush()
            await asyncio.sleep(0.01)

    await type_some(20)
    first.kill()
    await type_some(5)  # typed into dead sockets: kept by the clients, like y-indexeddb would
    for index, client in enumerate(writers):
        if index < 2:
            moved = await live_connect(
                second, world.users[Role.EDITOR], world.proposal, handshake=False
            )
            moved.doc.apply_update(client.doc.get_update())
            moved.outbox.clear()
            await moved.handshake()
            writers[index] = moved
    await type_some(10)
    for client in writers:
        await client.pump(timeout=0.5)
    texts = {str(client.text) for client in writers}
    assert len(texts) == 1
    final = texts.pop()
    missing = [token for token in typed if token not in final]
    assert missing == []

    async def stored_has_everything():
        text = await stored_text(world.proposal)
        return all(token in text for token in typed)

    for _ in range(50):
        if await stored_has_everything():
            break
        await asyncio.sleep(0.1)
    assert await stored_has_everything()


async def test_kill_during_a_burst_loses_nothing_that_was_relayed(
    world, daphne, live_connect, redis_url
):
    """Group commit (issue 17): kill -9 while two writers send bursts; every update any client
    heard — from the killed process or through Redis from the other — is in the database."""
    from pycrdt import Doc

    from realtime import yupdate

    first, second = daphne(redis_url=redis_url), daphne(redis_url=redis_url)
    writers = [
        await live_connect(first, world.users[Role.EDITOR], world.proposal),
        await live_connect(first, world.users[Role.COORDINATOR], world.proposal),
    ]
    observers = [
        await live_connect(first, world.users[Role.OBSERVER], world.proposal),
        await live_connect(second, world.users[Role.OBSERVER], world.proposal),
    ]
    heard: list[bytes] = []

    async def listen(client):
        while True:
            try:
                message = await client.receive(5.0)
            except TimeoutError:
                return
            if message is None:
                return
            if message.kind == protocol.MESSAGE_SYNC and message.sync_kind == protocol.SYNC_UPDATE:
                heard.append(message.payload)

    listeners = [asyncio.create_task(listen(observer)) for observer in observers]

    async def burst(writer, index):
        for count in range(400):
            writer.edit(lambda text, c=count: text.insert(0, f"<{index}:{c}>"))
            try:
                await writer.flush()
            except Exception:
                return  # the process is gone
            if count % 20 == 0:
                await asyncio.sleep(0)

    bursts = [asyncio.create_task(burst(w, i)) for i, w in enumerate(writers)]
    await wait_for(lambda: len(heard) >= 60, timeout=30)
    first.kill()
    await asyncio.gather(*bursts, return_exceptions=True)
    await asyncio.sleep(1.0)
    for task in listeners:
        task.cancel()
    assert len(heard) >= 60

    stored = await database_sync_to_async(document_load)(proposal_id=world.proposal.pk)
    doc: Doc = Doc()
    for blob in stored:
        doc.apply_update(blob)
    have = yupdate.state_vector(doc.get_state())
    missing = [
        (struct.client, struct.clock)
        for update in heard
        for struct in yupdate.parse(update).structs
        if have.get(struct.client, 0) < struct.clock + struct.length
    ]
    assert missing == []
