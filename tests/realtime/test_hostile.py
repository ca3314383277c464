"""Hostile frames on the consumer (issue 10): invalid text, half characters, foreign content,
presence floods, bad colours and client ids, frames the server cannot send, foreign origins.

Each attack closes (or is ignored on) only the attacker's socket; nothing is stored, and a fresh
editor then connects, syncs and edits.
"""

import pytest
from channels.db import database_sync_to_async
from pycrdt import Doc, Map, Text

from accord.models import Role
from realtime import consumers, protocol, yupdate
from realtime.models import DocumentUpdate
from realtime.rooms import rooms_open
from realtime.store import document_load, document_text

pytestmark = pytest.mark.django_db(transaction=True)

EMOJI_TEXT = "Начало 😀 й (е\u0301) конец."


@database_sync_to_async
def stored_text(proposal) -> str:
    return document_text(document_load(proposal_id=proposal.pk))


@database_sync_to_async
def log_size(proposal) -> int:
    return DocumentUpdate.objects.filter(proposal=proposal).count()


@database_sync_to_async
def set_text(proposal, text: str) -> None:
    type(proposal).objects.filter(pk=proposal.pk).update(text=text)


async def fresh_editor_edits(connect, world, label: str) -> None:
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    editor.edit(lambda text: text.insert(0, f"{label} "))
    await editor.flush()
    await editor.pump(timeout=0.3)
    assert editor.online
    assert (await stored_text(world.proposal)).startswith(f"{label} ")


def _string_item(client: int, origin: tuple[int, int], raw: bytes) -> bytes:
    """An update with one string item after `origin`, its content given as raw bytes."""
    body = bytes([yupdate.STRING | yupdate.BIT_ORIGIN]) + _uint(origin[0]) + _uint(origin[1])
    body += _uint(len(raw)) + raw
    return b"\x01\x01" + _uint(client) + b"\x00" + body + b"\x00"


def _uint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    out.append(value)
    return bytes(out)


def _deletion(client: int, clock: int, length: int) -> bytes:
    return b"\x00\x01" + _uint(client) + b"\x01" + _uint(clock) + _uint(length)


# UTF-16 clocks of the seeded text (seed client 1): "Начало " is 7 units, the emoji 7 and 8.
EMOJI_CLOCK = 7

UNSAFE = {
    "lone surrogate (WTF-8)": _string_item(77, (1, 0), "x\ud83dy".encode("utf-8", "surrogatepass")),
    "U+FFFD": _string_item(77, (1, 0), "x\ufffd".encode()),
    "insert inside an emoji": _string_item(77, (1, EMOJI_CLOCK), b"X"),
    "delete half an emoji": _deletion(1, EMOJI_CLOCK, 1),
    "delete the other half": _deletion(1, EMOJI_CLOCK + 1, 1),
    "depends on unknown changes": _string_item(77, (99, 5), b"X"),
    "deletes unknown changes": _deletion(99, 0, 3),
}


@pytest.mark.parametrize("name", list(UNSAFE))
async def test_unsafe_updates_are_refused_with_4422_and_nothing_is_stored(world, connect, name):
    await set_text(world.proposal, EMOJI_TEXT)
    attacker = await connect(world.users[Role.EDITOR], world.proposal)
    watcher = await connect(world.users[Role.OBSERVER], world.proposal)
    before = await log_size(world.proposal)
    await attacker.send(protocol.sync_update(UNSAFE[name]))
    await attacker.pump(timeout=0.5)
    assert attacker.closed_with == protocol.CLOSE_UNSAFE_UPDATE
    await watcher.pump(timeout=0.2)
    assert str(watcher.text) == EMOJI_TEXT
    assert watcher.online
    assert await log_size(world.proposal) == before
    assert await stored_text(world.proposal) == EMOJI_TEXT
    await fresh_editor_edits(connect, world, "Дальше")


async def test_content_other_than_the_shared_text_is_refused(world, connect):
    attacker = await connect(world.users[Role.EDITOR], world.proposal)
    doc = Doc()
    doc.get("elsewhere", type=Map)["x"] = "y" * 100
    await attacker.send(protocol.sync_update(doc.get_update()))
    await attacker.pump(timeout=0.5)
    assert attacker.closed_with == protocol.CLOSE_UNSAFE_UPDATE
    await fresh_editor_edits(connect, world, "Дальше")


async def test_edits_around_cyrillic_emoji_and_combining_marks_are_accepted(world, connect):
    await set_text(world.proposal, EMOJI_TEXT)
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    watcher = await connect(world.users[Role.OBSERVER], world.proposal)

    def edits(text: Text) -> None:
        value = str(text)
        after_emoji = len(value[: value.index("😀") + 1].encode())
        text.insert(after_emoji, "Ж🎉")
        value = str(text)
        accent = len(value[: value.index("\u0301")].encode())
        del text[accent : accent + 2]  # the combining mark alone
        text.insert(0, "е\u0308 👍🏽 ")

    editor.edit(edits)
    await editor.flush()
    await watcher.pump(timeout=0.3)
    assert editor.online
    assert str(watcher.text) == str(editor.text) == "е\u0308 👍🏽 Начало 😀Ж🎉 й (е) конец."
    assert await stored_text(world.proposal) == str(editor.text)


async def test_a_large_document_is_sent_in_parts_under_the_message_limit(world, connect, settings):
    settings.ACCORD_WS_MAX_MESSAGE_BYTES = 8192
    settings.ACCORD_WS_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
    big = "Статья 😀 ё.\n" * 3000  # about 60 KB
    await set_text(world.proposal, big)
    frames = []
    reader = await connect(world.users[Role.OBSERVER], world.proposal, handshake=False)
    original = reader.transport.recv

    async def recording(timeout):
        frame = await original(timeout)
        frames.append(frame)
        return frame

    reader.transport.recv = recording
    await reader.handshake()
    await reader.pump(timeout=0.3)
    assert str(reader.text) == big
    sizes = [len(frame) for frame in frames if isinstance(frame, bytes)]
    assert max(sizes) <= 8192
    assert len(sizes) > 7


def test_split_update_keeps_the_document_and_cuts_big_items_at_character_bounds():
    doc = Doc(client_id=5)
    text = doc.get("markdown", type=Text)
    text += "ж😀" * 50_000
    with doc.transaction():
        del text[12:24]
        text.insert(6, "вставка")
    update = doc.get_update()
    parts = yupdate.split_update(update, 20_000)
    assert len(parts) > 10
    assert max(len(part) for part in parts) <= 20_000
    copy = Doc()
    copied = copy.get("markdown", type=Text)
    for part in reversed(parts):  # any order: Yjs and Yrs keep parts until their neighbours come
        copy.apply_update(part)
    assert str(copied) == str(text)


# Presence -----------------------------------------------------------------------------------------


def presence_frame(entries) -> bytes:
    return protocol.awareness_message(protocol.encode_awareness(entries))


async def test_an_observers_presence_flood_is_capped_and_the_room_stays_open(
    world, connect, settings
):
    cap = settings.ACCORD_WS_PRESENCE_PER_SOCKET
    assert cap >= 1
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    flood = [protocol.AwarenessEntry(2**31 + index, 1, {}) for index in range(20_000)]
    frame = presence_frame(flood)
    assert 150_000 < len(frame) < 1024 * 1024
    await observer.send(frame)
    await observer.pump(timeout=0.3)
    assert observer.online
    room = rooms_open()[world.proposal.pk]
    assert len(room.presence) <= 4
    for role in (Role.COMMENTER, Role.EDITOR):
        other = await connect(world.users[role], world.proposal)
        await other.pump(timeout=0.2)
        assert other.online
        # Capped, not dropped: the observer's first client ids arrive, up to the cap.
        shown = {client for client, state in other.presence.items() if state}
        assert shown == {2**31 + index for index in range(cap)}, shown
    await fresh_editor_edits(connect, world, "После потопа")


async def test_the_room_holds_at_most_its_presence_cap(world, connect, settings):
    settings.ACCORD_WS_PRESENCE_PER_ROOM = 3
    clients = [await connect(world.users[Role.EDITOR], world.proposal) for _ in range(5)]
    for client in clients:
        entry = protocol.AwarenessEntry(client.doc.client_id, 1, {"cursor": None})
        await client.send(presence_frame([entry]))
        await client.pump(timeout=0.1)
    room = rooms_open()[world.proposal.pk]
    assert len(room.presence) == 3
    assert all(client.online for client in clients)


async def test_presence_is_sent_in_parts_under_the_limits(world, connect, settings):
    settings.ACCORD_WS_PRESENCE_PER_FRAME = 2
    editors = [await connect(world.users[Role.EDITOR], world.proposal) for _ in range(5)]
    for editor in editors:
        entry = protocol.AwarenessEntry(editor.doc.client_id, 1, {"cursor": None})
        await editor.send(presence_frame([entry]))
        await editor.pump(timeout=0.1)
    newcomer = await connect(world.users[Role.OBSERVER], world.proposal)
    await newcomer.pump(timeout=0.2)
    assert len([state for state in newcomer.presence.values() if state]) == 5


@pytest.mark.parametrize(
    "colour",
    ["red; background: url(https://evil.example/x)", "#12345", "url(x)", "#1234567", 42, None],
)
async def test_colours_other_than_hex_are_replaced(world, connect, colour):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    watcher = await connect(world.users[Role.OBSERVER], world.proposal)
    state = {"user": {"name": "x", "color": colour, "colorLight": colour}}
    await editor.send(presence_frame([protocol.AwarenessEntry(editor.doc.client_id, 1, state)]))
    await watcher.pump(until=lambda message: message.kind == protocol.MESSAGE_AWARENESS)
    user = watcher.presence[editor.doc.client_id]["user"]
    assert user["color"] == "#1f4e8c"
    assert user["colorLight"] == "#1f4e8c33"


@pytest.mark.parametrize("colour", ["#abc", "#A1b2C3", "#a1b2c3d4"])
async def test_hex_colours_are_kept(world, connect, colour):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    watcher = await connect(world.users[Role.OBSERVER], world.proposal)
    state = {"user": {"color": colour}}
    await editor.send(presence_frame([protocol.AwarenessEntry(editor.doc.client_id, 1, state)]))
    await watcher.pump(until=lambda message: message.kind == protocol.MESSAGE_AWARENESS)
    assert watcher.presence[editor.doc.client_id]["user"]["color"] == colour


async def test_client_ids_and_clocks_above_2_to_the_53_are_dropped(world, connect):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    watcher = await connect(world.users[Role.OBSERVER], world.proposal)
    entries = [
        protocol.AwarenessEntry(2**53, 1, {"cursor": None}),
        protocol.AwarenessEntry(editor.doc.client_id, 2**53, {"cursor": None}),
        protocol.AwarenessEntry(editor.doc.client_id, 1, {"cursor": None}),
    ]
    await editor.send(presence_frame(entries))
    await watcher.pump(until=lambda message: message.kind == protocol.MESSAGE_AWARENESS)
    assert set(watcher.presence) == {editor.doc.client_id}
    assert 2**53 not in rooms_open()[world.proposal.pk].presence


async def test_a_failed_send_releases_the_socket_and_its_place(world, connect):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    other = await connect(world.users[Role.EDITOR], world.proposal)
    room = rooms_open()[world.proposal.pk]
    assert consumers._sockets_per_user[world.users[Role.EDITOR].pk] == 2
    victim = next(connection for connection in room.connections if connection.closed is False)

    async def broken_send(*args, **kwargs):
        raise RuntimeError("tried to send WebSocket message exceeding payload limit")

    victim.send = broken_send
    entry = protocol.AwarenessEntry(editor.doc.client_id, 1, {"cursor": None})
    await editor.send(presence_frame([entry]))
    await editor.pump(timeout=0.2)
    await other.pump(timeout=0.2)
    assert victim not in room.connections
    assert victim.closed
    assert consumers._sockets_per_user[world.users[Role.EDITOR].pk] == 1
    await fresh_editor_edits(connect, world, "После сбоя")


async def test_a_frame_too_large_to_send_is_not_sent(world, connect, settings):
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    room = rooms_open()[world.proposal.pk]
    connection = next(iter(room.connections))
    settings.ACCORD_WS_MAX_MESSAGE_BYTES = 1000
    await connection.send_frame(b"\x00\x02" + b"x" * 2000)
    await editor.pump(timeout=0.2)
    assert editor.closed_with == protocol.CLOSE_INTERNAL_ERROR
    assert connection not in room.connections


# Origin -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    ["http://localhost:1", "https://localhost", "http://localhost.evil.example", "null", ""],
)
async def test_an_origin_with_another_scheme_host_or_port_is_refused(world, connect, origin):
    client = await connect(
        world.users[Role.EDITOR], world.proposal, handshake=False, origin=origin or None
    )
    assert client.online is False


async def test_the_sites_own_origin_and_trusted_origins_are_accepted(world, connect, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://accord.example.org"]
    own = await connect(world.users[Role.EDITOR], world.proposal, origin="http://localhost")
    assert own.online
    trusted = await connect(
        world.users[Role.EDITOR], world.proposal, origin="https://accord.example.org"
    )
    assert trusted.online


async def test_a_reconnecting_client_shows_its_presence_again(world, connect):
    watcher = await connect(world.users[Role.OBSERVER], world.proposal)
    first = await connect(world.users[Role.EDITOR], world.proposal, client_id=4242)
    entry = protocol.AwarenessEntry(4242, 1, {"cursor": None})
    await first.send(presence_frame([entry]))
    await watcher.pump(until=lambda message: message.kind == protocol.MESSAGE_AWARENESS)
    await first.close()
    await watcher.pump(until=lambda message: message.kind == protocol.MESSAGE_AWARENESS)
    assert watcher.presence[4242] is None
    again = await connect(world.users[Role.EDITOR], world.proposal, client_id=4242)
    await again.send(presence_frame([protocol.AwarenessEntry(4242, 3, {"cursor": None})]))
    await watcher.pump(until=lambda message: message.kind == protocol.MESSAGE_AWARENESS)
    assert watcher.presence[4242] is not None


async def test_an_endless_varint_is_refused_quickly(world, connect):
    attacker = await connect(world.users[Role.OBSERVER], world.proposal)
    await attacker.send(b"\x01" + b"\xff" * 500_000)
    await attacker.pump(timeout=0.5)
    assert attacker.closed_with == protocol.CLOSE_BAD_MESSAGE
    await fresh_editor_edits(connect, world, "Дальше")
