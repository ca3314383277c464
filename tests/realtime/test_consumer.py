"""The websocket consumer on the real ASGI application, with a pycrdt Yjs client."""

import asyncio

import pytest
from channels.db import database_sync_to_async

from accord.models import Membership, Role
from proposals.models import Proposal
from realtime import protocol
from realtime.models import DocumentUpdate
from realtime.store import document_load, document_text
from tests.realtime.conftest import settle

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def stored_text(proposal) -> str:
    return document_text(document_load(proposal_id=proposal.pk))


@database_sync_to_async
def log_size(proposal) -> int:
    return DocumentUpdate.objects.filter(proposal=proposal).count()


@database_sync_to_async
def proposal_text(proposal) -> str:
    return Proposal.objects.get(pk=proposal.pk).text


async def test_initial_sync_delivers_the_stored_text(world, connect):
    client = await connect(world.users[Role.OBSERVER], world.proposal)
    assert str(client.text) == world.proposal.text


async def test_two_editors_converge_and_the_log_holds_every_edit(world, connect):
    alice = await connect(world.users[Role.EDITOR], world.proposal)
    bob = await connect(world.users[Role.COORDINATOR], world.proposal)
    alice.edit(lambda text: text.insert(0, "Алиса: "))
    bob.edit(lambda text: text.insert(len(text), "\nБоб — «тоже»."))
    await alice.flush()
    await bob.flush()
    await alice.pump()
    await bob.pump()
    assert str(alice.text) == str(bob.text)
    assert str(alice.text).startswith("Алиса: ")
    assert str(alice.text).endswith("\nБоб — «тоже».")
    assert await stored_text(world.proposal) == str(alice.text)


async def test_text_column_mirrors_the_document(world, connect):
    client = await connect(world.users[Role.EDITOR], world.proposal)
    client.edit(lambda text: text.insert(0, "Новое начало. "))
    await client.flush()
    for _ in range(40):
        if (await proposal_text(world.proposal)).startswith("Новое начало. "):
            break
        await asyncio.sleep(0.05)
    assert await proposal_text(world.proposal) == str(client.text)


async def test_updates_made_while_disconnected_arrive_after_reconnect(world, connect):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    watcher = await connect(world.users[Role.OBSERVER], world.proposal)
    await editor.close()
    editor.edit(lambda text: text.insert(0, "Офлайн-правка. "))
    again = await connect(world.users[Role.EDITOR], world.proposal, handshake=False)
    again.doc.apply_update(editor.doc.get_update())
    again.outbox.clear()
    await again.handshake()  # our sync step 2 carries the offline edit
    await watcher.pump(until=lambda message: message.sync_kind == protocol.SYNC_UPDATE)
    assert str(watcher.text) == str(again.text)
    assert (await stored_text(world.proposal)).startswith("Офлайн-правка. ")


async def test_anonymous_is_closed_with_4401(world, connect):
    client = await connect(None, world.proposal, handshake=False)
    assert await client.receive() is None
    assert client.closed_with == protocol.CLOSE_NOT_SIGNED_IN


@pytest.mark.parametrize("which", ["foreign", "unknown"])
async def test_non_member_is_closed_with_4403_without_leaking_existence(world, connect, which):
    proposal = world.proposal
    if which == "unknown":
        proposal = Proposal(public_id="00000000-0000-0000-0000-000000000001")
    client = await connect(world.users["outsider"], proposal, handshake=False)
    assert await client.receive() is None
    assert client.closed_with == protocol.CLOSE_FORBIDDEN


async def test_foreign_origin_is_refused(world, connect):
    client = await connect(
        world.users[Role.EDITOR], world.proposal, handshake=False, origin="https://evil.example"
    )
    assert client.online is False


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.COMMENTER])
async def test_readers_get_the_document_but_their_updates_are_refused(world, connect, role):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    reader = await connect(world.users[role], world.proposal)
    assert reader.read_only
    before = await log_size(world.proposal)
    reader.edit(lambda text: text.insert(0, "ВЗЛОМ "))
    await reader.flush()
    await reader.send(protocol.sync_step2(reader.doc.get_update()))
    await editor.pump(timeout=0.3)
    assert "ВЗЛОМ" not in str(editor.text)
    assert await log_size(world.proposal) == before
    assert "ВЗЛОМ" not in await stored_text(world.proposal)
    # The socket stays open in read-only mode and keeps receiving the editors' changes.
    editor.edit(lambda text: text.insert(0, "Правка редактора. "))
    await editor.flush()
    await reader.pump(until=lambda message: message.sync_kind == protocol.SYNC_UPDATE)
    assert "Правка редактора. " in str(reader.text)


async def test_archived_proposal_is_read_only(world, connect):
    await database_sync_to_async(Proposal.objects.filter(pk=world.proposal.pk).update)(
        archived=True
    )
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    assert editor.read_only
    editor.edit(lambda text: text.insert(0, "X"))
    await editor.flush()
    await editor.pump(timeout=0.2)
    assert not (await stored_text(world.proposal)).startswith("X")


async def test_demoted_editor_stops_writing_within_seconds(world, connect, settings):
    settings.ACCORD_WS_ROLE_RECHECK_SECONDS = 0.2
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    await database_sync_to_async(
        Membership.objects.filter(user=world.users[Role.EDITOR], group=world.group).update
    )(role=Role.OBSERVER)
    await asyncio.sleep(0.3)
    editor.edit(lambda text: text.insert(0, "После понижения "))
    await editor.flush()
    await editor.pump(timeout=0.3)
    assert editor.read_only
    assert "После понижения" not in await stored_text(world.proposal)


async def test_removed_member_is_closed(world, connect, settings):
    settings.ACCORD_WS_ROLE_RECHECK_SECONDS = 0.1
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    await database_sync_to_async(
        Membership.objects.filter(user=world.users[Role.EDITOR], group=world.group).delete
    )()
    await asyncio.sleep(0.2)
    editor.edit(lambda text: text.insert(0, "Y"))
    await editor.flush()
    await editor.pump(timeout=0.5)
    assert editor.closed_with == protocol.CLOSE_FORBIDDEN


BAD_FRAMES = {
    "garbage": b"\xff\xff\xff\xff\xff",
    "unknown type": bytes([9, 0]),
    "unknown sync kind": bytes([0, 7, 0]),
    "truncated": bytes([0, 2, 50, 1, 2, 3]),
    "invalid update": protocol.sync_update(b"\x05\x07\x01\x02 not an update"),
    "bad awareness": protocol.awareness_message(b"\x01\x05\x01\x03{x}"),
    "bad state vector": protocol.sync_step1(b"\xff\xff\xff"),
}


@pytest.mark.parametrize("name", list(BAD_FRAMES))
async def test_bad_frames_close_only_that_connection(world, connect, name):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    other = await connect(world.users[Role.COORDINATOR], world.proposal)
    before_text = await stored_text(world.proposal)
    before_log = await log_size(world.proposal)
    await editor.send(BAD_FRAMES[name])
    await editor.pump(timeout=0.5)
    assert editor.closed_with == protocol.CLOSE_BAD_MESSAGE
    assert await stored_text(world.proposal) == before_text
    assert await log_size(world.proposal) == before_log
    other.edit(lambda text: text.insert(0, "Жив. "))
    await other.flush()
    await other.pump(timeout=0.2)
    assert other.online
    assert (await stored_text(world.proposal)).startswith("Жив. ")


async def test_text_frame_closes_with_4400(world, connect):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    await editor.transport.send(text="hello")
    await editor.pump(timeout=0.5)
    assert editor.closed_with == protocol.CLOSE_BAD_MESSAGE


async def test_oversized_frame_closes_with_4413(world, connect, settings):
    settings.ACCORD_WS_MAX_MESSAGE_BYTES = 1000
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    editor.edit(lambda text: text.insert(0, "я" * 2000))
    await editor.flush()
    await editor.pump(timeout=0.5)
    assert editor.closed_with == protocol.CLOSE_TOO_LARGE
    assert "яяя" not in await stored_text(world.proposal)


async def test_document_size_limit_closes_with_4413(world, connect, settings):
    settings.ACCORD_WS_MAX_DOCUMENT_BYTES = 3000
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    editor.edit(lambda text: text.insert(0, "ж" * 2000))
    await editor.flush()
    await editor.pump(timeout=0.5)
    assert editor.closed_with == protocol.CLOSE_TOO_LARGE


async def test_rate_limit_closes_with_4529(world, connect, settings):
    settings.ACCORD_WS_MESSAGES_PER_SECOND = 1
    settings.ACCORD_WS_MESSAGE_BURST = 5
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    for index in range(10):
        editor.edit(lambda text, index=index: text.insert(0, str(index)))
        await editor.flush()
    await editor.pump(timeout=0.5)
    assert editor.closed_with == protocol.CLOSE_TRY_AGAIN_LATER


async def test_sockets_per_user_are_capped(world, connect, settings):
    settings.ACCORD_WS_MAX_SOCKETS_PER_USER = 2
    first = await connect(world.users[Role.EDITOR], world.proposal)
    second = await connect(world.users[Role.EDITOR], world.proposal)
    third = await connect(world.users[Role.EDITOR], world.proposal, handshake=False)
    await third.pump(timeout=0.5)
    assert third.closed_with == protocol.CLOSE_TOO_MANY_SOCKETS
    assert first.online
    assert second.online


async def test_presence_is_relayed_with_the_real_name_and_removed_on_leave(world, connect):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    state = {"user": {"name": "Самозванец", "color": "#ff0000"}, "cursor": None}
    entry = protocol.AwarenessEntry(editor.doc.client_id, 1, state)
    await editor.send(protocol.awareness_message(protocol.encode_awareness([entry])))
    await observer.pump(until=lambda message: message.kind == protocol.MESSAGE_AWARENESS)
    seen = observer.presence[editor.doc.client_id]
    assert seen["user"]["name"] == world.users[Role.EDITOR].display_name
    assert seen["user"]["color"] == "#ff0000"
    # The sender hears its own state back (y-websocket's keep-alive relies on it).
    await editor.pump(until=lambda message: message.kind == protocol.MESSAGE_AWARENESS)
    # A query-awareness is answered with the states.
    await observer.send(bytes([protocol.MESSAGE_QUERY_AWARENESS]))
    await observer.pump(until=lambda message: message.kind == protocol.MESSAGE_AWARENESS)
    await editor.close()
    await observer.pump(until=lambda message: message.kind == protocol.MESSAGE_AWARENESS)
    assert observer.presence[editor.doc.client_id] is None


async def test_a_socket_cannot_set_another_sockets_presence(world, connect):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    other = await connect(world.users[Role.COORDINATOR], world.proposal)
    mine = protocol.AwarenessEntry(editor.doc.client_id, 1, {"cursor": 1})
    await editor.send(protocol.awareness_message(protocol.encode_awareness([mine])))
    await other.pump(until=lambda message: message.kind == protocol.MESSAGE_AWARENESS)
    forged = protocol.AwarenessEntry(editor.doc.client_id, 5, None)
    await other.send(protocol.awareness_message(protocol.encode_awareness([forged])))
    await other.pump(timeout=0.2)
    assert other.presence[editor.doc.client_id] is not None


async def test_room_unloads_after_the_last_socket_and_compacts(world, connect):
    from realtime.models import DocumentSnapshot
    from realtime.rooms import rooms_open

    editor = await connect(world.users[Role.EDITOR], world.proposal)
    for index in range(5):
        editor.edit(lambda text, index=index: text.insert(0, f"{index} "))
    await editor.flush()
    await editor.pump(timeout=0.2)
    await editor.close()
    await settle()
    assert world.proposal.pk not in rooms_open()
    snapshot = await database_sync_to_async(DocumentSnapshot.objects.get)(proposal=world.proposal)
    assert snapshot.updates_folded >= 5
    assert await log_size(world.proposal) == 0
    assert (await stored_text(world.proposal)).startswith("4 3 2 1 0 ")


async def test_an_evicted_room_reloads_identically(world, connect):
    """Issue 17: the room is unloaded after its last client leaves, and the next client gets
    the very same document (text and state vector) from the database."""
    from realtime.rooms import rooms_open

    editor = await connect(world.users[Role.EDITOR], world.proposal)
    for index in range(20):
        editor.edit(lambda text, index=index: text.insert(len(text) // 2, f"«{index}» "))
    await editor.flush()
    await editor.pump(timeout=0.2)
    room = rooms_open()[world.proposal.pk]
    text, state = str(room.text), room.doc.get_state()
    await editor.close()
    await settle()
    assert world.proposal.pk not in rooms_open()
    assert room.unloaded.is_set()
    again = await connect(world.users[Role.OBSERVER], world.proposal)
    reloaded = rooms_open()[world.proposal.pk]
    assert reloaded is not room
    assert str(reloaded.text) == text == str(again.text)
    assert reloaded.doc.get_state() == state
