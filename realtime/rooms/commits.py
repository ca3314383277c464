"""Group commit: the updates a room accepts while it is writing go to the database together.

When the room is idle an update is written at once, alone (no added delay). While a write is in
flight, the updates that arrive meanwhile wait and are then appended in one transaction, at most
`MAX_BATCH` at a time; so the batch grows with the load by itself. Each update is relayed only after
the transaction holding it has committed (the durability rule of docs/realtime-protocol.md), and the
relaying is done here, by the writer, so that a sender that goes away while it waits cannot leave a
stored update unrelayed. The sender is answered once its update is relayed, so, as before, an
update reaches the others before anything its sender sends next is handled.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

MAX_BATCH = 256


@dataclass
class Pending:
    update: bytes
    user_id: int
    new_clients: list[int]
    sender: Any  # the connection it came from (not relayed back to it)
    done: "asyncio.Future[None]" = field(init=False, repr=False)


Write = Callable[[list[Pending]], Awaitable[None]]  # stores a batch in one transaction
Relay = Callable[[Pending], Awaitable[None]]
Spawn = Callable[[Coroutine[Any, Any, None]], "asyncio.Task[None]"]


class GroupCommit:
    def __init__(self, *, write: Write, relay: Relay, spawn: Spawn) -> None:
        self._write = write
        self._relay = relay
        self._spawn = spawn
        self._queue: list[Pending] = []
        self._writer: asyncio.Task[None] | None = None
        self.batches = 0
        self.written = 0
        self.largest = 0

    async def append(self, pending: Pending) -> None:
        """Store `pending` (with whatever else waits), then relay it; raises what the write
        raised. Returns once it is stored and relayed."""
        pending.done = asyncio.get_running_loop().create_future()
        self._queue.append(pending)
        if self._writer is None:
            self._writer = self._spawn(self._write_all())
        await asyncio.shield(pending.done)

    async def _write_all(self) -> None:
        try:
            while self._queue:
                batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
                try:
                    await self._write(batch)
                except Exception as error:
                    for pending in batch + self._queue:
                        if not pending.done.done():
                            pending.done.set_exception(error)
                    self._queue = []
                    return
                self.batches += 1
                self.written += len(batch)
                self.largest = max(self.largest, len(batch))
                for pending in batch:
                    try:
                        await self._relay(pending)
                    except Exception:
                        logger.exception("an update stored could not be relayed")
                    finally:
                        # Its sender's next frame is handled only now: an update is relayed
                        # before anything its sender sends after it.
                        pending.done.set_result(None)
        finally:
            self._writer = None
