"""Presence: the room's awareness states (pycrdt's `Awareness`) and which socket set which.

The server holds no presence of its own. A client id belongs to the local connection that last
set it (`None` when its state came from another process); a connection keeps at most
`ACCORD_WS_PRESENCE_PER_SOCKET` ids and the room `ACCORD_WS_PRESENCE_PER_ROOM` (issue 10).
Clocks follow y-protocols: an entry is taken when its clock is newer, or when it removes a live
state at the same clock.
"""

import time
from collections.abc import Hashable, Iterable
from typing import Any

from pycrdt import Awareness, Doc

from realtime import protocol
from realtime.conf import realtime_settings

Connection = Hashable  # a consumer; compared by identity


class PresenceBook:
    def __init__(self) -> None:
        self.awareness = Awareness(Doc())
        # `Awareness` starts with a local state of its own; a server has none to show.
        self.awareness.remove_awareness_states([self.awareness.client_id], "server")
        self.awareness.meta.pop(self.awareness.client_id, None)
        self._ids_of: dict[Connection, set[int]] = {}  # connection → the client ids it set
        self._owner_of: dict[int, Connection] = {}

    @property
    def states(self) -> dict[int, dict[str, Any] | None]:
        """Every client id the room knows, with its state (None once removed)."""
        states = self.awareness.states
        return {client_id: states.get(client_id) for client_id in self.awareness.meta}

    def _clock(self, client_id: int) -> int | None:
        meta = self.awareness.meta.get(client_id)
        return None if meta is None else int(meta["clock"])

    def _takes(self, client_id: int, clock: int, *, removal: bool) -> bool:
        current = self._clock(client_id)
        if clock > (current or 0):
            return True
        return removal and clock == current and client_id in self.awareness.states

    def is_news(self, payload: bytes) -> bool:
        """Whether an awareness update holds anything the room does not have yet (among the
        entries the server reads at all: the first `ACCORD_WS_PRESENCE_PER_FRAME`).
        Raises ProtocolError when malformed."""
        limit = realtime_settings().presence_per_frame
        return any(
            self._takes(client_id, clock, removal=removal)
            for client_id, clock, removal in protocol.awareness_clocks(payload, limit=limit)
        )

    def owner(self, client_id: int) -> Connection | None:
        return self._owner_of.get(client_id)

    def owned_by(self, connection: Connection) -> int:
        return len(self._ids_of.get(connection, ()))

    def accept(
        self,
        entries: Iterable[protocol.AwarenessEntry],
        *,
        connection: Connection | None,
        connections: set,
    ) -> list[protocol.AwarenessEntry]:
        """Take the entries that are news (`connection` set them, or another process when it is
        None); returns them, to be relayed."""
        accepted = []
        cap = realtime_settings().presence_per_room
        for entry in entries:
            known = entry.client_id in self.awareness.meta
            if not known and len(self.awareness.meta) >= cap:
                self._forget(connections)
                if len(self.awareness.meta) >= cap:
                    continue  # the room is full: this presence is not shown (editing works)
            if not self._takes(entry.client_id, entry.clock, removal=entry.state is None):
                continue
            self._own(entry.client_id, connection)
            accepted.append(entry)
        if accepted:
            self.awareness.apply_awareness_update(
                protocol.encode_awareness(accepted), connection or "remote"
            )
        return accepted

    def _own(self, client_id: int, connection: Connection | None) -> None:
        previous = self._owner_of.pop(client_id, None)
        if previous is not None:
            self._ids_of[previous].discard(client_id)
            if not self._ids_of[previous]:
                del self._ids_of[previous]
        if connection is not None:
            self._owner_of[client_id] = connection
            self._ids_of.setdefault(connection, set()).add(client_id)

    def release(self, connection: Connection) -> list[protocol.AwarenessEntry]:
        """Free the connection's client ids (a reconnecting client may set them again); returns
        the removals of its live states, to be relayed."""
        removals = []
        for client_id in sorted(self._ids_of.pop(connection, ())):
            del self._owner_of[client_id]
            if client_id in self.awareness.states:
                clock = (self._clock(client_id) or 0) + 1
                removals.append(protocol.AwarenessEntry(client_id, clock, None))
        if removals:
            self.awareness.apply_awareness_update(protocol.encode_awareness(removals), "server")
        return removals

    def _quiet(self, client_id: int, horizon_ms: float) -> bool:
        """Whether a state from another process has not been renewed since `horizon_ms`."""
        meta = self.awareness.meta[client_id]
        return client_id not in self._owner_of and meta["lastUpdated"] < horizon_ms

    def _forget(self, connections: set) -> None:
        """Drop removed states, states of sockets that left and remote states gone quiet."""
        horizon = _now_ms() - realtime_settings().presence_timeout_seconds * 1000
        for client_id in list(self.awareness.meta):
            owner = self._owner_of.get(client_id)
            if (
                client_id not in self.awareness.states
                or (owner is not None and owner not in connections)
                or self._quiet(client_id, horizon)
            ):
                self._own(client_id, None)
                self.awareness.meta.pop(client_id, None)
                self.awareness.states.pop(client_id, None)

    def live(self) -> list[protocol.AwarenessEntry]:
        """Every state worth showing a newcomer: local ones, and remote ones heard lately."""
        horizon = _now_ms() - realtime_settings().presence_timeout_seconds * 1000
        return [
            protocol.AwarenessEntry(client_id, int(self.awareness.meta[client_id]["clock"]), state)
            for client_id, state in self.awareness.states.items()
            if client_id in self.awareness.meta and not self._quiet(client_id, horizon)
        ]


def frames(entries: list[protocol.AwarenessEntry]) -> list[bytes]:
    """Awareness messages carrying `entries`, under the message and per-frame limits."""
    limits = realtime_settings()
    return protocol.awareness_frames(
        entries, budget=limits.part_budget, per_frame=limits.presence_per_frame
    )


def _now_ms() -> float:
    # pycrdt's Awareness stamps `lastUpdated` in wall-clock milliseconds.
    return time.time() * 1000
