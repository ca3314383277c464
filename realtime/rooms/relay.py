"""Presence leaves a room in ticks, not one frame per change (issue 17).

A room of N people answers every presence change with N frames; at a conference's scale the
renewal round alone (every client re-sends its unchanged state about every 15 s) is N×N. So the
changes a room accepts from its own sockets are collected and sent every
`ACCORD_PRESENCE_TICK_MS` as one awareness frame per socket carrying every changed state — the
sender's own included, as stock clients expect — and one group message to the other processes.

A renewal (the same state at a newer clock) waits longer, up to `ACCORD_PRESENCE_RENEWAL_SECONDS`:
a stock client forgets a peer it has not heard from for 30 s and renews every 15–18 s, so a
renewal held a few seconds still arrives in time, and one frame carries a whole round.

Entries that came from another process were batched there and are relayed at once. A tick of 0
sends every change at once (the behaviour before batching).
"""

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from realtime import protocol
from realtime.conf import realtime_settings

# (entries for the local sockets, entries to publish to the other processes) → frames out
Send = Callable[[list[protocol.AwarenessEntry], list[protocol.AwarenessEntry]], Awaitable[None]]
Spawn = Callable[[Coroutine[Any, Any, None]], "asyncio.Task[None]"]


class PresenceRelay:
    def __init__(self, *, send: Send, spawn: Spawn) -> None:
        self._send = send
        self._spawn = spawn
        # client id → (the newest entry, whether to publish it); a newer entry replaces it.
        self._changes: dict[int, tuple[protocol.AwarenessEntry, bool]] = {}
        self._renewals: dict[int, tuple[protocol.AwarenessEntry, bool]] = {}
        self._change_timer: asyncio.TimerHandle | None = None
        self._renewal_timer: asyncio.TimerHandle | None = None
        self.ticks = 0  # flushes so far (for tests and the benchmark)

    @property
    def pending(self) -> int:
        return len(self._changes) + len(self._renewals)

    async def add(
        self,
        entries: list[protocol.AwarenessEntry],
        *,
        renewals: set[int],
        publish: bool,
    ) -> None:
        """Queue accepted entries; `renewals` names the client ids whose state is unchanged."""
        if not entries:
            return
        limits = realtime_settings()
        if limits.presence_tick_ms <= 0:
            await self._send(entries, entries if publish else [])
            return
        for entry in entries:
            if entry.client_id in self._changes or entry.client_id not in renewals:
                # A change already waiting keeps the fast lane, with the newest clock.
                self._changes[entry.client_id] = (entry, publish)
                self._renewals.pop(entry.client_id, None)
            else:
                self._renewals[entry.client_id] = (entry, publish)
        loop = asyncio.get_running_loop()
        if self._changes and self._change_timer is None:
            self._change_timer = loop.call_later(
                limits.presence_tick_ms / 1000, self._due, "changes"
            )
        if self._renewals and self._renewal_timer is None:
            self._renewal_timer = loop.call_later(
                limits.presence_renewal_seconds, self._due, "renewals"
            )

    def _due(self, lane: str) -> None:
        if lane == "changes":
            self._change_timer = None
        else:
            self._renewal_timer = None
        self._spawn(self.flush(renewals=lane == "renewals"))

    async def flush(self, *, renewals: bool = True) -> None:
        """Send what waits: the changes, and the renewals too when `renewals` (or at a change's
        tick, any renewal waiting rides along: the frame goes out anyway)."""
        waiting = self._changes
        self._changes = {}
        if renewals or waiting:
            waiting = {**self._renewals, **waiting}
            self._renewals = {}
            if self._renewal_timer is not None:
                self._renewal_timer.cancel()
                self._renewal_timer = None
        if not waiting:
            return
        self.ticks += 1
        entries = [entry for entry, _publish in waiting.values()]
        await self._send(entries, [entry for entry, publish in waiting.values() if publish])

    def close(self) -> None:
        """Drop what waits (the room is going; its sockets are gone)."""
        for timer in (self._change_timer, self._renewal_timer):
            if timer is not None:
                timer.cancel()
        self._change_timer = self._renewal_timer = None
        self._changes.clear()
        self._renewals.clear()
