"""Versions of the live document: automatic after a pause or when the last editor leaves, restores
reaching connected clients, and authorship of a paragraph two members wrote.

The pause is a setting read each time a room arms its timer, so the tests shorten it to a fraction
of a second (or lengthen it, to show that a version came from something else).
"""

import asyncio
import threading
import time

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.db import connection
from django.test import Client

from accord.models import Role
from proposals import authorship
from proposals.models import Version, VersionKind
from proposals.services import versions as versions_service
from proposals.services.versions import version_create, version_restore
from realtime import rooms
from realtime.store import document_state

pytestmark = pytest.mark.django_db(transaction=True)

PAUSE = 0.2


@database_sync_to_async
def versions_of(proposal) -> list[dict]:
    return [
        {
            "number": version.number,
            "kind": version.kind,
            "text": version.text,
            "authors": {author.pk for author in version.authors.all()},
            "restored_from": version.restored_from,
        }
        for version in Version.objects.filter(proposal=proposal)
        .order_by("number")
        .prefetch_related("authors")
    ]


@database_sync_to_async
def stored_text(proposal) -> str:
    return document_state(proposal_id=proposal.pk)[0]


async def wait_for_versions(proposal, count: int, timeout: float = 3.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        versions = await versions_of(proposal)
        if len(versions) >= count or time.monotonic() > deadline:
            return versions
        await asyncio.sleep(0.02)


async def wait_until_stored(proposal, text: str, timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while await stored_text(proposal) != text:
        assert time.monotonic() < deadline, "the edit was not stored"
        await asyncio.sleep(0.02)


async def pump_until_text(client, expected: str) -> None:
    if str(client.text) != expected:
        await client.pump(until=lambda _message: str(client.text) == expected)
    assert str(client.text) == expected


def append(client, piece: str) -> None:
    client.edit(lambda text: text.insert(len(text), piece))  # len() counts UTF-8 bytes


async def unload_rooms() -> None:
    """Unload rooms kept open by a long idle setting, so the test ends without waiting."""
    for room in list(rooms.rooms_open().values()):
        await room.unload(compact=True)
    await rooms.rooms_settled()


# Automatic versions after a pause ---------------------------------------------------------------


async def test_a_pause_in_editing_makes_an_automatic_version(world, connect, settings):
    settings.ACCORD_VERSION_PAUSE_SECONDS = PAUSE
    user = world.users[Role.EDITOR]
    editor = await connect(user, world.proposal)
    append(editor, "\nНовый абзац — «ёлка» 🙂.\n")
    sent_at = time.monotonic()
    await editor.flush()

    versions = await wait_for_versions(world.proposal, 1)
    assert time.monotonic() - sent_at >= PAUSE
    assert len(versions) == 1
    (version,) = versions
    assert version["kind"] == VersionKind.AUTOMATIC
    assert version["text"] == str(editor.text)
    assert user.pk in version["authors"]

    # Nothing changed since: no further version, however long the room waits.
    await asyncio.sleep(PAUSE * 3)
    assert len(await versions_of(world.proposal)) == 1

    append(editor, "Ещё строка.\n")
    await editor.flush()
    versions = await wait_for_versions(world.proposal, 2)
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[1]["text"] == str(editor.text)


async def test_continuous_typing_makes_no_version_until_it_pauses(world, connect, settings):
    settings.ACCORD_VERSION_PAUSE_SECONDS = PAUSE
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    started = time.monotonic()
    while time.monotonic() - started < 0.5:
        append(editor, " слово")
        await editor.flush()
        await asyncio.sleep(0.05)
        assert await versions_of(world.proposal) == []
    last_edit = time.monotonic()

    versions = await wait_for_versions(world.proposal, 1)
    assert time.monotonic() - last_edit >= PAUSE - 0.05
    assert [v["text"] for v in versions] == [str(editor.text)]
    assert str(editor.text).count(" слово") >= 5


async def test_connecting_without_editing_makes_no_version(world, connect, settings):
    settings.ACCORD_VERSION_PAUSE_SECONDS = PAUSE
    await connect(world.users[Role.EDITOR], world.proposal)
    await connect(world.users[Role.OBSERVER], world.proposal)
    await asyncio.sleep(PAUSE * 3)
    assert await versions_of(world.proposal) == []


# A version when the last editor leaves ---------------------------------------------------------


async def test_last_editor_leaving_makes_a_version_at_once(world, connect, settings):
    settings.ACCORD_VERSION_PAUSE_SECONDS = 60
    settings.ACCORD_ROOM_IDLE_SECONDS = 60  # the room stays loaded: the version is the leave's
    user = world.users[Role.EDITOR]
    editor = await connect(user, world.proposal)
    append(editor, "\nНаписано перед уходом.\n")
    await editor.flush()
    await wait_until_stored(world.proposal, str(editor.text))
    assert await versions_of(world.proposal) == []

    await editor.close()
    versions = await wait_for_versions(world.proposal, 1, timeout=1.0)
    assert world.proposal.pk in rooms.rooms_open()
    assert [(v["kind"], v["text"]) for v in versions] == [(VersionKind.AUTOMATIC, str(editor.text))]
    assert user.pk in versions[0]["authors"]
    await unload_rooms()
    assert len(await versions_of(world.proposal)) == 1  # unloading adds nothing


async def test_version_is_made_when_only_an_observer_stays(world, connect, settings):
    settings.ACCORD_VERSION_PAUSE_SECONDS = 60
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    append(editor, "\nНаблюдатель остаётся.\n")
    await editor.flush()
    await pump_until_text(observer, str(editor.text))
    await wait_until_stored(world.proposal, str(editor.text))

    await editor.close()
    versions = await wait_for_versions(world.proposal, 1, timeout=1.0)
    assert [v["text"] for v in versions] == [str(editor.text)]
    assert observer.online


async def test_no_version_while_another_editor_stays(world, connect, settings):
    settings.ACCORD_VERSION_PAUSE_SECONDS = 60
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    coordinator = await connect(world.users[Role.COORDINATOR], world.proposal)
    append(editor, "\nРедактор уходит первым.\n")
    await editor.flush()
    await pump_until_text(coordinator, str(editor.text))
    await wait_until_stored(world.proposal, str(editor.text))

    await editor.close()
    await asyncio.sleep(0.3)
    assert await versions_of(world.proposal) == []
    await coordinator.close()
    versions = await wait_for_versions(world.proposal, 1, timeout=1.0)
    assert [v["text"] for v in versions] == [str(coordinator.text)]


# Restore while connected -----------------------------------------------------------------------


def _restore_through_api(user, proposal, number: int):
    client = Client()
    client.force_login(user)
    return client.post(f"/api/proposals/{proposal.public_id}/versions/{number}/restore/")


async def _two_editors_after_a_change(world, connect):
    """Version 1 of the seed text; then an editor and a coordinator, and an added paragraph."""
    first = await database_sync_to_async(version_create)(
        proposal=world.proposal, kind=VersionKind.NAMED, label="Исходная"
    )
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    coordinator = await connect(world.users[Role.COORDINATOR], world.proposal)
    append(editor, "\nДобавлено редактором — «потом откатят».\n")
    await editor.flush()
    await pump_until_text(coordinator, str(editor.text))
    await wait_until_stored(world.proposal, str(editor.text))
    return first, editor, coordinator


async def test_restore_reaches_every_connected_client(world, connect, settings):
    settings.ACCORD_VERSION_PAUSE_SECONDS = 60
    first, editor, coordinator = await _two_editors_after_a_change(world, connect)
    changed = str(editor.text)

    await database_sync_to_async(version_restore)(
        proposal=world.proposal,
        version=await database_sync_to_async(Version.objects.get)(pk=first.pk),
        author=world.users[Role.COORDINATOR],
    )
    await pump_until_text(editor, first.text)
    await pump_until_text(coordinator, first.text)
    assert await stored_text(world.proposal) == first.text

    versions = await versions_of(world.proposal)
    assert [(v["number"], v["kind"], v["restored_from"]) for v in versions] == [
        (1, VersionKind.NAMED, None),
        (2, VersionKind.AUTOMATIC, None),
        (3, VersionKind.RESTORE, 1),
    ]
    assert versions[1]["text"] == changed
    assert versions[2]["text"] == first.text

    # The room holds the restored text: leaving makes no further version.
    await editor.close()
    await coordinator.close()
    await asyncio.sleep(0.1)
    assert len(await versions_of(world.proposal)) == 3


@pytest.mark.parametrize("where", ["kept passage", "removed passage"])
async def test_an_edit_typed_during_a_restore_converges(world, connect, settings, where):
    settings.ACCORD_VERSION_PAUSE_SECONDS = 60
    first, editor, coordinator = await _two_editors_after_a_change(world, connect)

    # Typed but not yet sent when the restore happens.
    text = str(editor.text)
    at = 0 if where == "kept passage" else len(text[: text.index("редактором")].encode())
    editor.edit(lambda shared: shared.insert(at, "Параллельно. "))

    response = await database_sync_to_async(_restore_through_api)(
        world.users[Role.COORDINATOR], world.proposal, first.number
    )
    assert response.status_code == 201
    await pump_until_text(coordinator, first.text)
    await editor.pump(until=lambda _message: "потом откатят" not in str(editor.text))

    await editor.flush()
    await pump_until_text(coordinator, str(editor.text))
    await wait_until_stored(world.proposal, str(editor.text))
    assert "Параллельно. " in str(editor.text)
    if where == "kept passage":
        assert str(editor.text) == "Параллельно. " + first.text
    assert str(coordinator.text) == str(editor.text)


def _in_a_thread_of_its_own(function, **kwargs):
    """As another request would: its own thread and database connection."""
    try:
        return function(**kwargs)
    finally:
        connection.close()


async def test_a_version_made_on_leaving_during_a_restore_keeps_the_restored_text(
    world, connect, settings, monkeypatch
):
    """The last editor leaves; the room's version is still being written (a busy database or
    thread pool) when a restore by another request commits. The version written after the
    restore must not record the text from before it as the newest version."""
    settings.ACCORD_VERSION_PAUSE_SECONDS = 60
    first = await database_sync_to_async(version_create)(
        proposal=world.proposal, kind=VersionKind.NAMED, label="Исходная"
    )
    editor = await connect(world.users[Role.EDITOR], world.proposal)
    observer = await connect(world.users[Role.OBSERVER], world.proposal)
    append(editor, "\nДобавлено редактором.\n")
    await editor.flush()
    await pump_until_text(observer, str(editor.text))
    await wait_until_stored(world.proposal, str(editor.text))

    version = await database_sync_to_async(Version.objects.get)(pk=first.pk)
    entered, gate = threading.Event(), threading.Event()
    original = versions_service.version_automatic

    def delayed(**kwargs):
        entered.set()
        assert gate.wait(timeout=5)
        return original(**kwargs)

    monkeypatch.setattr(versions_service, "version_automatic", delayed)
    leaving = asyncio.ensure_future(editor.close())
    assert await asyncio.to_thread(entered.wait, 5)
    await sync_to_async(_in_a_thread_of_its_own, thread_sensitive=False)(
        version_restore,
        proposal=world.proposal,
        version=version,
        author=world.users[Role.COORDINATOR],
    )
    await pump_until_text(observer, first.text)  # the room has the restored text now
    gate.set()
    await leaving

    assert await stored_text(world.proposal) == first.text
    versions = await versions_of(world.proposal)
    assert [(v["kind"], v["restored_from"]) for v in versions[:3]] == [
        (VersionKind.NAMED, None),
        (VersionKind.AUTOMATIC, None),
        (VersionKind.RESTORE, 1),
    ]
    assert versions[-1]["text"] == first.text
    assert len(versions) == 3  # leaving found the text unchanged since the restore


# Authorship ------------------------------------------------------------------------------------


async def test_two_members_writing_one_paragraph_share_it(world, connect, settings):
    settings.ACCORD_VERSION_PAUSE_SECONDS = 60
    alice, bob = world.users[Role.EDITOR], world.users[Role.COORDINATOR]
    editor = await connect(alice, world.proposal)
    coordinator = await connect(bob, world.proposal)
    paragraph = "Редактор пишет абзац о поддержке некоммерческих организаций — «ёмко»."
    append(editor, "\n" + paragraph + "\n")
    await editor.flush()
    await pump_until_text(coordinator, str(editor.text))

    text = str(coordinator.text)
    at = len(text[: text.index("пишет") + len("пишет")].encode())
    coordinator.edit(lambda shared: shared.insert(at, " очень подробный"))
    await coordinator.flush()
    await pump_until_text(editor, str(coordinator.text))
    await wait_until_stored(world.proposal, str(editor.text))

    passages = await database_sync_to_async(authorship.passages)(proposal_id=world.proposal.pk)
    (shared,) = [passage for passage in passages if "очень подробный" in passage.text]
    shares = dict(shared.shares)
    assert set(shares) == {alice.pk, bob.pk}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shared.main_author == alice.pk
    assert shares[bob.pk] == pytest.approx(len(" очень подробный") / len(shared.text), abs=0.03)
    assert passages[0].main_author is None  # the seeded heading has no author

    # The version made when they leave names both.
    await editor.close()
    await coordinator.close()
    versions = await wait_for_versions(world.proposal, 1, timeout=1.0)
    assert [v["authors"] for v in versions] == [{alice.pk, bob.pk}]
