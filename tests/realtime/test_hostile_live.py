"""Hostile clients against a real daphne (issue 10): stock Yjs editors that split characters, an
observer that floods presence, a document past 1 MiB, a frame past the message limit.

After each attack the room stays healthy: every client, a fresh client, the stored document and
the API agree, and a fresh editor connects, syncs and edits.
"""

import asyncio
import os
import time

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from accord.models import Role
from proposals.models import Proposal
from realtime import protocol
from realtime.store import document_load, document_text
from tests.realtime.nodeclients import run_node_script
from tests.realtime.yclient import WebsocketTransport, YClient, session_key_for

pytestmark = pytest.mark.django_db(transaction=True)

START = "Начало 😀 й (е\u0301) 👍🏽 конец."


def stored_text(proposal) -> str:
    return document_text(document_load(proposal_id=proposal.pk))


def api_text(user, proposal) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/api/proposals/{proposal.public_id}/")
    assert response.status_code == 200
    return response.json()["text"]


def wait_for(predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def run_node(server, world, mode: str) -> dict:
    config = {
        "url": f"{server.ws_url}/ws/proposals",
        "room": str(world.proposal.public_id),
        "cookie": f"sessionid={session_key_for(world.users[Role.EDITOR])}",
        "readerCookie": f"sessionid={session_key_for(world.users[Role.OBSERVER])}",
        "origin": server.url,
        "mode": mode,
    }
    return run_node_script("yjs-hostile.mjs", config, servers=[server], timeout=90)


def rss_and_cpu(pid: int) -> tuple[int, float]:
    """Resident memory (bytes) and CPU seconds used so far by a process."""
    with open(f"/proc/{pid}/statm") as statm:
        rss = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return rss, cpu


def test_stock_clients_that_split_characters_are_refused_and_everyone_agrees(world, daphne):
    Proposal.objects.filter(pk=world.proposal.pk).update(text=START)
    server = daphne()
    report = run_node(server, world, "unicode")
    final = report["text"]
    assert "Ж" in final
    assert "🎉 ё " in final
    assert "👍🏽" not in final
    assert "\ufffd" not in final
    assert final.count("😀") == 1
    assert stored_text(world.proposal) == final
    editor = world.users[Role.EDITOR]
    assert wait_for(lambda: api_text(editor, world.proposal) == final)
    print(f"\n{len(report['checks'])} checks passed: {[c['name'] for c in report['checks']][:3]}…")


def test_server_side_edits_around_emoji_and_cyrillic_are_what_yjs_clients_see(world, daphne):
    from proposals.services import comments
    from proposals.services.versions import text_replace, version_checkpoint, version_restore
    from tests.proposals.helpers import seed_anchors

    Proposal.objects.filter(pk=world.proposal.pk).update(text=START)
    world.proposal.refresh_from_db()
    editor = world.users[Role.EDITOR]
    start, end = seed_anchors(world.proposal, "(е\u0301)")
    thread = comments.thread_create(
        proposal=world.proposal,
        author=world.users[Role.COMMENTER],
        anchor_start=start,
        anchor_end=end,
        quote="(е\u0301)",
        body="Проще",
        replacement="«ё» 🎉",
    )
    comments.suggestion_accept(thread=thread, actor=editor)
    accepted = START.replace("(е\u0301)", "«ё» 🎉")
    assert stored_text(world.proposal) == accepted
    version = version_checkpoint(proposal=world.proposal, author=editor)
    text_replace(
        proposal=world.proposal, author=editor, target="🇷🇺 " + accepted.replace("👍🏽", "Жж 😀")
    )
    version_restore(proposal=world.proposal, version=version, author=editor)
    assert stored_text(world.proposal) == accepted

    report = run_node(daphne(), world, "read")
    assert report["text"] == accepted
    assert api_text(editor, world.proposal) == accepted


def test_a_document_past_one_mebibyte_opens_and_stays_live(world, daphne):
    # 800,000 characters: 1.4 MB in UTF-8, past daphne's 1 MiB default message size.
    big = ("Статья 1. Свобода слова — 😀 ok.\n" * 25_000)[:800_000]
    Proposal.objects.filter(pk=world.proposal.pk).update(text=big)
    server = daphne()
    started = time.monotonic()
    report = run_node(server, world, "large")
    elapsed = time.monotonic() - started
    final = report["text"]
    assert final.startswith(big)
    assert final.endswith(" [конец 🏁]")
    assert wait_for(lambda: stored_text(world.proposal) == final)
    print(f"\n800,000 characters ({len(big.encode())} bytes): opened and edited in {elapsed:.1f} s")


async def _live(server, user, proposal) -> YClient:
    key = await database_sync_to_async(session_key_for)(user)
    transport = WebsocketTransport(
        f"{server.ws_url}/ws/proposals/{proposal.public_id}/", session_key=key, origin=server.url
    )
    client = YClient(transport)
    assert await client.connect()
    await client.handshake()
    return client


def flood_frame(count: int) -> bytes:
    """The attack as found: small states the server used to rewrite into a relay past 1 MiB."""
    entries = [protocol.AwarenessEntry(2**31 + 7919 * index, 1, {}) for index in range(count)]
    return protocol.awareness_message(protocol.encode_awareness(entries))


async def _fresh_editor_works(server, world, label: str) -> None:
    editor = await _live(server, world.users[Role.EDITOR], world.proposal)
    assert editor.online, label
    editor.edit(lambda text: text.insert(0, f"{label}. "))
    await editor.flush()
    await editor.pump(timeout=0.5)
    assert editor.online, label
    assert editor.closed_with is None, label
    await editor.close()
    text = await database_sync_to_async(stored_text)(world.proposal)
    assert text.startswith(f"{label}. ")


def test_an_observer_flooding_presence_cannot_lock_the_room(world, daphne):
    server = daphne()
    frame = flood_frame(20_000)
    assert 150_000 < len(frame) < 200_000

    async def scenario():
        observer = await _live(server, world.users[Role.OBSERVER], world.proposal)
        before = rss_and_cpu(server.process.pid)
        for _ in range(20):
            await observer.send(frame)
        await observer.pump(timeout=1.0)
        after = rss_and_cpu(server.process.pid)
        assert observer.online, f"the observer was closed with {observer.closed_with}"
        assert len(observer.presence) <= 4  # ACCORD_WS_PRESENCE_PER_SOCKET
        # Every later join (any role) gets the presence in frames under the limit, and stays.
        largest = 0
        for role in (Role.OBSERVER, Role.EDITOR, Role.COMMENTER):
            key = await database_sync_to_async(session_key_for)(world.users[role])
            transport = WebsocketTransport(
                f"{server.ws_url}/ws/proposals/{world.proposal.public_id}/",
                session_key=key,
                origin=server.url,
            )
            assert await transport.connect()
            deadline = time.monotonic() + 1.0
            seen = 0
            while time.monotonic() < deadline:
                try:
                    received = await transport.recv(0.3)
                except TimeoutError:
                    break
                assert not isinstance(received, tuple), f"{role} was closed: {received}"
                largest = max(largest, len(received))
                if received[:1] == b"\x01":
                    seen += len(protocol.decode_awareness(protocol.parse(received).payload))
            # Capped, not dropped: the observer's first client ids reach every newcomer.
            assert 4 <= seen <= 4 + 1, f"{role} saw {seen} presence states"
            await transport.close()
        await _fresh_editor_works(server, world, "После потопа")
        await observer.close()
        return before, after, largest

    before, after, largest = asyncio.run(scenario())
    memory = (after[0] - before[0]) / 1e6
    cpu = after[1] - before[1]
    print(
        f"\n20 frames of {len(frame)} bytes (20,000 client ids each): daphne +{memory:.1f} MB, "
        f"{cpu:.2f} s CPU; largest frame to a newcomer {largest} bytes"
    )
    assert memory < 50
    assert cpu < 10


def test_a_frame_past_the_limit_is_refused_with_4413_and_nothing_is_stored(world, daphne):
    server = daphne()

    async def scenario():
        editor = await _live(server, world.users[Role.EDITOR], world.proposal)
        editor.edit(lambda text: text.insert(0, "я" * 800_000))  # 1.6 MB
        await editor.flush()
        await editor.pump(timeout=2.0)
        assert editor.closed_with == protocol.CLOSE_TOO_LARGE
        assert "яяя" not in await database_sync_to_async(stored_text)(world.proposal)
        await _fresh_editor_works(server, world, "После большой правки")

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "origin", ["http://127.0.0.1:1", "https://127.0.0.1", "http://evil.example", "null"]
)
def test_a_foreign_origin_is_refused_by_scheme_host_and_port(world, daphne, origin):
    server = daphne()

    async def scenario():
        key = await database_sync_to_async(session_key_for)(world.users[Role.EDITOR])
        url = f"{server.ws_url}/ws/proposals/{world.proposal.public_id}/"
        foreign = WebsocketTransport(url, session_key=key, origin=origin)
        assert not await foreign.connect()
        own = WebsocketTransport(url, session_key=key, origin=server.url)
        assert await own.connect()
        await own.close()

    asyncio.run(scenario())
