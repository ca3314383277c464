"""A room: one per open document per process, holding the shared document and its sockets.

The room owns a pycrdt Doc (used only on the event loop that made it) and puts together its
parts: fan-out (sockets and the channel-layer group), presence, persistence (mirror, compaction,
versions). Every accepted update is stored before it is relayed.
"""

import asyncio
import logging
import weakref
from collections.abc import Coroutine
from typing import Any

from channels.db import database_sync_to_async
from pycrdt import Doc, Text

from realtime import protocol, store, yupdate
from realtime.conf import realtime_settings
from realtime.rooms.commits import GroupCommit, Pending
from realtime.rooms.fanout import FanOut
from realtime.rooms.persistence import Persistence
from realtime.rooms.presence import PresenceBook, frames
from realtime.rooms.relay import PresenceRelay

logger = logging.getLogger(__name__)


class UpdateRefused(Exception):
    """The update was not applied; `code` is the close code for the connection."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class Room:
    def __init__(self, *, proposal_pk: int, registry: dict[int, "Room"]) -> None:
        self.proposal_pk = proposal_pk
        self.registry = registry
        self.doc: Doc[Text] = Doc()
        self.text = self.doc.get(store.TEXT_NAME, type=Text)
        self.fanout = FanOut(document_id=proposal_pk)
        self.connections = self.fanout.connections
        self.book = PresenceBook()
        self._tasks: set[asyncio.Task[None]] = set()
        self.relay = PresenceRelay(send=self._send_awareness, spawn=self._spawn)
        self.commits = GroupCommit(write=self._store, relay=self._relay_update, spawn=self._spawn)
        self.persistence = Persistence(
            document_id=proposal_pk, text=lambda: str(self.text), spawn=self._spawn
        )
        self.loop = asyncio.get_running_loop()
        self.loaded: asyncio.Future[bool] = self.loop.create_future()
        self.closing = False
        self.stored_bytes = 0
        self.known_clients: set[int] = {store.SEED_CLIENT_ID}
        self.checker = yupdate.UpdateChecker()
        self._state: dict[int, int] | None = None  # the doc's state vector, when known
        self._unload_handle: asyncio.TimerHandle | None = None
        self._reader: asyncio.Task[None] | None = None
        self.unloaded = asyncio.Event()

    @property
    def presence(self) -> dict[int, dict[str, Any] | None]:
        return self.book.states

    # Life cycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Join the group first, then load: an update relayed in between is not lost."""
        try:
            await self.fanout.join_group()
            self._reader = self._spawn(self.fanout.read_group(self._on_group_message))
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

    def join(self, connection: Any) -> None:
        if self._unload_handle is not None:
            self._unload_handle.cancel()
            self._unload_handle = None
        self.connections.add(connection)

    async def leave(self, connection: Any) -> None:
        self.connections.discard(connection)
        if self.persistence.unversioned and not any(
            getattr(other.access, "can_write", False) for other in self.connections
        ):
            # The last editor left: keep what was written as a version now.
            await self.persistence.make_version()
        removals = self.book.release(connection)
        await self.relay.add(removals, renewals=set(), publish=True)
        if not self.connections and not self.closing:
            self._unload_handle = asyncio.get_running_loop().call_later(
                realtime_settings().room_idle_seconds,
                lambda: self._spawn(self.unload(compact=True)),
            )

    async def unload(self, *, compact: bool) -> None:
        """Leave the group and forget the document; the database keeps everything."""
        if self.connections and compact:
            return
        self.closing = True
        self.relay.close()
        if self.registry.get(self.proposal_pk) is self:
            del self.registry[self.proposal_pk]
        _unloading.add(self)
        await self.fanout.leave_group()
        if self._reader is not None:
            self._reader.cancel()
        if self.persistence.dirty:
            await self.persistence.mirror_now()
        if self.persistence.unversioned and compact:
            await self.persistence.make_version()
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

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> "asyncio.Task[None]":
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
        parts = yupdate.split_update(update, realtime_settings().part_budget)
        return [protocol.sync_update(part) for part in parts[:-1]] + [
            protocol.sync_step2(parts[-1])
        ]

    async def apply_client_update(self, update: bytes, *, connection: Any, user_id: int) -> None:
        """Apply, store, then relay an update from a local connection that may write."""
        if update == protocol.EMPTY_UPDATE:
            return
        if self.stored_bytes + len(update) > realtime_settings().max_document_bytes:
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
        self.known_clients.update(new_clients)
        self.stored_bytes += len(update)
        try:
            await self.commits.append(
                Pending(update=update, user_id=user_id, new_clients=new_clients, sender=connection)
            )
        except Exception:
            raise UpdateRefused(protocol.CLOSE_INTERNAL_ERROR, "update not stored") from None

    async def _store(self, batch: list[Pending]) -> None:
        """Append a batch of accepted updates in one transaction (commits.py)."""
        try:
            await database_sync_to_async(store.updates_append)(
                proposal_id=self.proposal_pk,
                items=[(p.update, p.user_id, p.new_clients) for p in batch],
            )
        except Exception:
            # The document now holds updates the database does not: start again from the
            # database. The senders still have them and send them again when they re-sync.
            logger.exception("room %s could not store %d updates", self.proposal_pk, len(batch))
            if not self.closing:
                self._spawn(self.fail(protocol.CLOSE_INTERNAL_ERROR))
            raise

    async def _relay_update(self, pending: Pending) -> None:
        """A stored update, to the other local sockets and the other processes."""
        await self.fanout.send_local(protocol.sync_update(pending.update), exclude=pending.sender)
        await self.fanout.publish({"type": "room.update", "update": pending.update})
        self.persistence.changed()

    # Presence ------------------------------------------------------------------------------

    def presence_is_news(self, payload: bytes) -> bool:
        return self.book.is_news(payload)

    def presence_owner(self, client_id: int) -> Any:
        return self.book.owner(client_id)

    def owned_by(self, connection: Any) -> int:
        return self.book.owned_by(connection)

    async def apply_awareness(
        self, entries: list[protocol.AwarenessEntry], *, connection: Any = None
    ) -> None:
        """Keep the newer states and relay them to everyone, the sender included: a local
        socket's in the room's next tick (see relay.py), another process's batch at once."""
        before = self.book.awareness.states
        renewals = {
            entry.client_id
            for entry in entries
            if entry.state is not None and before.get(entry.client_id) == entry.state
        }
        accepted = self.book.accept(entries, connection=connection, connections=self.connections)
        if not accepted:
            return
        if connection is None:
            await self._send_awareness(accepted, [])
        else:
            await self.relay.add(accepted, renewals=renewals, publish=True)

    async def _send_awareness(
        self, local: list[protocol.AwarenessEntry], published: list[protocol.AwarenessEntry]
    ) -> None:
        for frame in frames(local):
            await self.fanout.send_local(frame)
        if published:
            payload = protocol.encode_awareness(published)
            await self.fanout.publish({"type": "room.awareness", "awareness": payload})

    def presence_message(self) -> list[bytes]:
        """Every live presence, for a newcomer or a query-awareness, in frames under the limits."""
        return frames(self.book.live())

    # From other processes -----------------------------------------------------------------

    async def _on_group_message(self, message: dict[str, Any]) -> None:
        if message["type"] == "room.update":
            update = message["update"]
            self.doc.apply_update(update)
            self.checker.learn_bytes(update)
            self._state = None  # it may wait for another process's update: read it again
            self.stored_bytes += len(update)
            # A server-side edit (a restore) can be larger than one message.
            for part in yupdate.split_update(update, realtime_settings().part_budget):
                await self.fanout.send_local(protocol.sync_update(part))
            # The room that accepted the update mirrors the text; this one only relays it.
        elif message["type"] == "room.awareness":
            entries = protocol.decode_awareness(message["awareness"])
            await self.apply_awareness(entries, connection=None)


# Rooms on their way out, so that a shutdown (or a test) can wait for their last writes.
_unloading: "weakref.WeakSet[Room]" = weakref.WeakSet()
