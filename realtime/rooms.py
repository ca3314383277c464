"""Rooms: one per open proposal per process, holding the shared document and its sockets.

A room owns a pycrdt Doc (used only on the event loop that made it), the awareness states
(presence), and the local connections. It joins the proposal's channel-layer group with one
channel of its own, so an update crosses to another process once, whatever the number of
sockets there. Every accepted update is stored before it is relayed.
"""

import asyncio
import logging
import time
import weakref
from dataclasses import dataclass, field

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from pycrdt import Doc, Text

from realtime import protocol, store, yupdate

logger = logging.getLogger(__name__)


class UpdateRefused(Exception):
    """The update was not applied; `code` is the close code for the connection."""

    def __init__(self, code: int, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass
class Presence:
    clock: int
    state: dict | None
    owner: object | None  # the local connection that set it; None when it came from elsewhere
    seen: float = field(default_factory=time.monotonic)


def _setting(name: str, default):
    return getattr(settings, name, default)


class Room:
    def __init__(self, *, proposal_pk: int, public_id, registry: dict):
        self.proposal_pk = proposal_pk
        self.group = f"accord.proposal.{public_id.hex}"
        self.registry = registry
        self.doc = Doc()
        self.text = self.doc.get(store.TEXT_NAME, type=Text)
        self.connections: set = set()
        self.presence: dict[int, Presence] = {}
        self.layer = get_channel_layer()
        self.channel: str | None = None
        self.loop = asyncio.get_running_loop()
        self.loaded = self.loop.create_future()
        self.closing = False
        self.stored_bytes = 0
        self.known_clients: set[int] = {store.SEED_CLIENT_ID}
        self.checker = yupdate.UpdateChecker()
        self._state: dict[int, int] | None = None  # the doc's state vector, when known
        self._appended = 0
        self._dirty = False
        self._tasks: set[asyncio.Task] = set()
        self._mirror_task: asyncio.Task | None = None
        self._compact_task: asyncio.Task | None = None
        self._unload_handle: asyncio.TimerHandle | None = None
        self._version_handle: asyncio.TimerHandle | None = None
        self._unversioned = False
        self._reader: asyncio.Task | None = None
        self.unloaded = asyncio.Event()

    # Life cycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Join the group first, then load: an update relayed in between is not lost."""
        try:
            # The layer's default prefix: channels-redis reads one prefix per process, and the
            # consumers' channels already use the default one. Another prefix is never read.
            self.channel = await self.layer.new_channel()
            await self.layer.group_add(self.group, self.channel)
            self._reader = self._spawn(self._read_group())
            blobs = await database_sync_to_async(store.document_load)(proposal_id=self.proposal_pk)
            for blob in blobs:
                self.doc.apply_update(blob)
                self.checker.learn_bytes(blob)
            self.stored_bytes = sum(len(blob) for blob in blobs)
            self.loaded.set_result(True)
        except Exception as error:
            logger.exception("room %s failed to load", self.proposal_pk)
            self.loaded.set_exception(error)
            await self.unload(compact=False)

    def join(self, connection) -> None:
        if self._unload_handle is not None:
            self._unload_handle.cancel()
            self._unload_handle = None
        self.connections.add(connection)

    async def leave(self, connection) -> None:
        self.connections.discard(connection)
        if self._unversioned and not any(
            getattr(other.access, "can_write", False) for other in self.connections
        ):
            # The last editor left: keep what was written as a version now.
            await self.make_version()
        gone = []
        for client_id, presence in self.presence.items():
            if presence.owner is connection:
                # Free the id: a reconnecting client (same Yjs client id) may set it again.
                presence.owner = None
                if presence.state is not None:
                    gone.append(client_id)
        if gone:
            entries = []
            for client_id in gone:
                presence = self.presence[client_id]
                presence.clock += 1
                presence.state = None
                entries.append(protocol.AwarenessEntry(client_id, presence.clock, None))
            await self._relay_awareness(entries, exclude=None)
        if not self.connections and not self.closing:
            delay = _setting("ACCORD_ROOM_IDLE_SECONDS", 30)
            loop = asyncio.get_running_loop()
            self._unload_handle = loop.call_later(
                delay, lambda: self._spawn(self.unload(compact=True))
            )

    async def unload(self, *, compact: bool) -> None:
        """Leave the group and forget the document; the database keeps everything."""
        if self.connections and compact:
            return
        self.closing = True
        if self.registry.get(self.proposal_pk) is self:
            del self.registry[self.proposal_pk]
        _unloading.add(self)
        if self.channel is not None:
            try:
                await self.layer.group_discard(self.group, self.channel)
            except Exception:
                logger.warning("room %s could not leave its group", self.proposal_pk)
        if self._reader is not None:
            self._reader.cancel()
        if self._dirty:
            await self._mirror_now()
        if self._unversioned and compact:
            await self.make_version()
        try:
            if compact and self.loaded.done() and not self.loaded.exception():
                await database_sync_to_async(store.document_compact)(proposal_id=self.proposal_pk)
        finally:
            self.unloaded.set()

    async def fail(self, code: int) -> None:
        """Drop the room and its connections; clients reconnect and re-sync from the database."""
        self.closing = True
        for connection in list(self.connections):
            await connection.close(code=code)
        self.connections.clear()
        await self.unload(compact=False)

    def _spawn(self, coroutine) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # Document ------------------------------------------------------------------------------

    def sync_step1(self) -> bytes:
        return protocol.sync_step1(self.doc.get_state())

    def sync_step2(self, state_vector: bytes) -> list[bytes]:
        """The answer to a sync step 1, in frames under the message limit: the document in
        parts (as updates), the last one as the sync step 2 itself, so that the client counts
        itself synced only once it has everything."""
        try:
            update = self.doc.get_update(state_vector)
        except ValueError as error:
            raise UpdateRefused(protocol.CLOSE_BAD_MESSAGE, "invalid state vector") from error
        parts = yupdate.split_update(update, protocol.part_budget())
        return [protocol.sync_update(part) for part in parts[:-1]] + [
            protocol.sync_step2(parts[-1])
        ]

    async def apply_client_update(self, update: bytes, *, connection, user_id: int) -> None:
        """Apply, store, then relay an update from a local connection that may write."""
        if update == protocol.EMPTY_UPDATE:
            return
        limit = _setting("ACCORD_WS_MAX_DOCUMENT_BYTES", 8 * 1024 * 1024)
        if self.stored_bytes + len(update) > limit:
            raise UpdateRefused(protocol.CLOSE_TOO_LARGE, "document size limit reached")
        try:
            parsed = yupdate.parse(update)
        except yupdate.UpdateMalformed as error:
            raise UpdateRefused(protocol.CLOSE_BAD_MESSAGE, f"invalid update: {error}") from None
        try:
            # Yjs counts UTF-16 units, pycrdt UTF-8 bytes: half a character would split them.
            if self._state is None:
                self._state = yupdate.state_vector(self.doc.get_state())
            after = self.checker.check(parsed, self._state)
        except yupdate.UpdateUnsafe as error:
            raise UpdateRefused(protocol.CLOSE_UNSAFE_UPDATE, f"update refused: {error}") from None
        try:
            self.doc.apply_update(update)
        except ValueError as error:
            raise UpdateRefused(protocol.CLOSE_BAD_MESSAGE, "invalid update") from error
        self.checker.learn(parsed)
        # Nothing pending: every dependency was checked, so the doc's state is `after`.
        self._state = after
        new_clients = [
            client_id
            for client_id in store.client_ids(update)
            if client_id not in self.known_clients
        ]
        try:
            await database_sync_to_async(store.update_append)(
                proposal_id=self.proposal_pk,
                data=update,
                user_id=user_id,
                new_clients=new_clients,
            )
            self.known_clients.update(new_clients)
        except Exception:
            # The document now holds an update the database does not: start again from the
            # database. The sender still has the update and sends it again when it re-syncs.
            logger.exception("room %s could not store an update", self.proposal_pk)
            self._spawn(self.fail(protocol.CLOSE_INTERNAL_ERROR))
            raise UpdateRefused(protocol.CLOSE_INTERNAL_ERROR, "update not stored") from None
        self.stored_bytes += len(update)
        self._appended += 1
        message = protocol.sync_update(update)
        await self._send_local(message, exclude=connection)
        await self._publish({"type": "room.update", "update": update})
        self._changed()
        self._version_later()

    def _changed(self) -> None:
        self._dirty = True
        if self._mirror_task is None or self._mirror_task.done():
            self._mirror_task = self._spawn(self._mirror_later())
        if self._appended >= _setting("ACCORD_COMPACT_EVERY", 500) and (
            self._compact_task is None or self._compact_task.done()
        ):
            self._appended = 0
            self._compact_task = self._spawn(self._compact())

    async def _mirror_later(self) -> None:
        await asyncio.sleep(_setting("ACCORD_TEXT_MIRROR_SECONDS", 1.0))
        while self._dirty:
            await self._mirror_now()

    async def _mirror_now(self) -> None:
        self._dirty = False
        try:
            await database_sync_to_async(store.proposal_text_mirror)(
                proposal_id=self.proposal_pk, text=str(self.text)
            )
        except Exception:
            logger.exception("room %s could not mirror its text", self.proposal_pk)
            self._dirty = True
            await asyncio.sleep(1.0)

    def _version_later(self) -> None:
        """An automatic version once editing pauses (a change resets the clock)."""
        self._unversioned = True
        if self._version_handle is not None:
            self._version_handle.cancel()
        delay = _setting("ACCORD_VERSION_PAUSE_SECONDS", 120)
        self._version_handle = asyncio.get_running_loop().call_later(
            delay, lambda: self._spawn(self.make_version())
        )

    async def make_version(self) -> None:
        """Record the stored live text as an automatic version, if it changed since the last one."""
        if self._version_handle is not None:
            self._version_handle.cancel()
            self._version_handle = None
        if not self._unversioned:
            return
        self._unversioned = False
        from proposals.services.versions import version_automatic

        try:
            await database_sync_to_async(version_automatic)(proposal_id=self.proposal_pk)
        except Exception:
            logger.exception("room %s could not make an automatic version", self.proposal_pk)
            self._unversioned = True

    async def _compact(self) -> None:
        try:
            await database_sync_to_async(store.document_compact)(proposal_id=self.proposal_pk)
        except Exception:
            logger.exception("room %s could not compact", self.proposal_pk)

    # Presence ------------------------------------------------------------------------------

    def presence_is_news(self, payload: bytes) -> bool:
        """Whether an awareness update holds anything the room does not have yet (among the
        entries the server reads at all: the first `ACCORD_WS_PRESENCE_PER_FRAME`)."""
        limit = _setting("ACCORD_WS_PRESENCE_PER_FRAME", 100)
        for client_id, clock, removal in protocol.awareness_clocks(payload, limit=limit):
            current = self.presence.get(client_id)
            if current is None or clock > current.clock:
                return True
            if removal and clock == current.clock and current.state is not None:
                return True
        return False

    def presence_owner(self, client_id: int):
        presence = self.presence.get(client_id)
        return presence.owner if presence is not None else None

    async def apply_awareness(
        self, entries: list[protocol.AwarenessEntry], *, connection=None
    ) -> None:
        """Keep the newer states and relay them to everyone, the sender included."""
        accepted = []
        now = time.monotonic()
        room_cap = _setting("ACCORD_WS_PRESENCE_PER_ROOM", 1000)
        for entry in entries:
            current = self.presence.get(entry.client_id)
            if current is None and len(self.presence) >= room_cap:
                self._forget_presence()
                if len(self.presence) >= room_cap:
                    continue  # the room is full: this presence is not shown (editing works)
            newer = current is None or entry.clock > current.clock
            removal = (
                current is not None
                and entry.clock == current.clock
                and entry.state is None
                and current.state is not None
            )
            if not (newer or removal):
                continue
            owner = connection if connection is not None else None
            self.presence[entry.client_id] = Presence(entry.clock, entry.state, owner, now)
            accepted.append(entry)
        if accepted:
            await self._relay_awareness(accepted, exclude=None, publish=connection is not None)

    def _forget_presence(self) -> None:
        """Drop removed states, states of sockets that left and remote states gone quiet."""
        horizon = time.monotonic() - _setting("ACCORD_PRESENCE_TIMEOUT_SECONDS", 30)
        for client_id, presence in list(self.presence.items()):
            if (
                presence.state is None
                or (presence.owner is not None and presence.owner not in self.connections)
                or (presence.owner is None and presence.seen < horizon)
            ):
                del self.presence[client_id]

    def owned_by(self, connection) -> int:
        return sum(1 for presence in self.presence.values() if presence.owner is connection)

    def _awareness_frames(self, entries) -> list[bytes]:
        return protocol.awareness_frames(
            entries,
            budget=protocol.part_budget(),
            per_frame=_setting("ACCORD_WS_PRESENCE_PER_FRAME", 100),
        )

    async def _relay_awareness(self, entries, *, exclude, publish: bool = True) -> None:
        for frame in self._awareness_frames(entries):
            await self._send_local(frame, exclude=exclude)
        if publish:
            payload = protocol.encode_awareness(entries)
            await self._publish({"type": "room.awareness", "awareness": payload})

    def presence_message(self) -> list[bytes]:
        """Every live presence, for a newcomer or a query-awareness, in frames under the limits."""
        horizon = time.monotonic() - _setting("ACCORD_PRESENCE_TIMEOUT_SECONDS", 30)
        entries = [
            protocol.AwarenessEntry(client_id, presence.clock, presence.state)
            for client_id, presence in self.presence.items()
            if presence.state is not None
            and (presence.owner is not None or presence.seen > horizon)
        ]
        return self._awareness_frames(entries)

    # Fan-out -------------------------------------------------------------------------------

    async def _send_local(self, message: bytes, *, exclude) -> None:
        for connection in list(self.connections):
            if connection is not exclude:
                await connection.send_frame(message)

    async def _publish(self, message: dict) -> None:
        """One group message per update: each other process's room relays it to its sockets."""
        try:
            await self.layer.group_send(self.group, {**message, "origin": self.channel})
        except Exception:
            # Other processes' clients catch up when they next sync; nothing stored is lost.
            logger.exception("room %s could not publish to its group", self.proposal_pk)

    async def _read_group(self) -> None:
        rejoin_every = _setting("ACCORD_GROUP_REJOIN_SECONDS", 3600)
        last_join = time.monotonic()
        while True:
            try:
                message = await asyncio.wait_for(self.layer.receive(self.channel), rejoin_every)
            except TimeoutError:
                message = None
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("room %s lost its channel; reading again", self.proposal_pk)
                await asyncio.sleep(1)
                continue
            if time.monotonic() - last_join >= rejoin_every:
                # Group membership expires in the layer (group_expiry); renew it well before.
                await self.layer.group_add(self.group, self.channel)
                last_join = time.monotonic()
            if message is None or message.get("origin") == self.channel:
                continue
            try:
                await self._on_group_message(message)
            except Exception:
                logger.exception("room %s could not apply a relayed message", self.proposal_pk)

    async def _on_group_message(self, message: dict) -> None:
        if message["type"] == "room.update":
            update = message["update"]
            self.doc.apply_update(update)
            self.checker.learn_bytes(update)
            self._state = None  # it may wait for another process's update: read it again
            self.stored_bytes += len(update)
            # A server-side edit (a restore) can be larger than one message.
            for part in yupdate.split_update(update, protocol.part_budget()):
                await self._send_local(protocol.sync_update(part), exclude=None)
            # The room that accepted the update mirrors the text; this one only relays it.
        elif message["type"] == "room.awareness":
            entries = protocol.decode_awareness(message["awareness"])
            await self.apply_awareness(entries, connection=None)


# One registry per event loop: a Doc belongs to the loop (thread) that made it.
_registries: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, Room]]" = (
    weakref.WeakKeyDictionary()
)


# Rooms on their way out, so that a shutdown (or a test) can wait for their last writes.
_unloading: "weakref.WeakSet[Room]" = weakref.WeakSet()


async def rooms_settled() -> None:
    """Wait until every room of this loop that is unloading has written what it holds."""
    loop = asyncio.get_running_loop()
    pending = [room.unloaded.wait() for room in list(_unloading) if room.loop is loop]
    if pending:
        await asyncio.gather(*pending)


def _registry() -> dict[int, Room]:
    loop = asyncio.get_running_loop()
    if loop not in _registries:
        _registries[loop] = {}
    return _registries[loop]


def rooms_open() -> dict[int, Room]:
    return _registry()


async def room_join(*, proposal_pk: int, public_id, connection) -> Room:
    """The loaded room of a proposal in this process, with the connection joined to it."""
    registry = _registry()
    room = registry.get(proposal_pk)
    if room is None or room.closing:
        room = Room(proposal_pk=proposal_pk, public_id=public_id, registry=registry)
        registry[proposal_pk] = room
        room._spawn(room.start())
    room.join(connection)
    try:
        await asyncio.shield(room.loaded)
    except Exception:
        room.connections.discard(connection)
        raise
    return room
