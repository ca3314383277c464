"""Fan-out: a room's frames to its local sockets, and to the other processes' rooms.

The room joins its document's channel-layer group with one channel of its own, so an update
crosses to another process once, whatever the number of sockets there.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from channels.layers import get_channel_layer

from realtime import direct
from realtime.conf import realtime_settings
from realtime.edits import room_group

logger = logging.getLogger(__name__)


class Connection(Protocol):
    async def send_frame(self, frame: bytes) -> None: ...

    def send_prepared(self, prepared: Any) -> bool: ...

    async def close(self, code: int | None = None) -> None: ...


class FanOut:
    def __init__(self, *, document_id: int) -> None:
        self.document_id = document_id
        self.group = room_group(document_id)
        self.layer: Any = get_channel_layer()
        self.channel: str | None = None
        self.connections: set[Any] = set()

    async def join_group(self) -> None:
        # The layer's default prefix: channels-redis reads one prefix per process, and the
        # consumers' channels already use the default one. Another prefix is never read.
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)

    async def leave_group(self) -> None:
        if self.channel is None:
            return
        try:
            await self.layer.group_discard(self.group, self.channel)
        except Exception:
            logger.warning("room %s could not leave its group", self.document_id)

    async def send_local(self, message: bytes, *, exclude: object | None = None) -> None:
        limits = realtime_settings()
        fast = limits.direct_send and len(message) <= limits.max_message_bytes
        prepared = direct.prepare(message) if fast else None
        for connection in list(self.connections):
            if connection is exclude:
                continue
            if prepared is not None and connection.send_prepared(prepared):
                continue
            await connection.send_frame(message)

    async def publish(self, message: dict[str, Any]) -> None:
        """One group message per update: each other process's room relays it to its sockets."""
        try:
            await self.layer.group_send(self.group, {**message, "origin": self.channel})
        except Exception:
            # Other processes' clients catch up when they next sync; nothing stored is lost.
            logger.exception("room %s could not publish to its group", self.document_id)

    async def read_group(self, handle: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        """Hand every message other rooms publish to `handle`, until cancelled."""
        rejoin_every = realtime_settings().group_rejoin_seconds
        last_join = time.monotonic()
        while True:
            try:
                message = await asyncio.wait_for(self.layer.receive(self.channel), rejoin_every)
            except TimeoutError:
                message = None
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("room %s lost its channel; reading again", self.document_id)
                await asyncio.sleep(1)
                continue
            if time.monotonic() - last_join >= rejoin_every:
                # Group membership expires in the layer (group_expiry); renew it well before.
                await self.layer.group_add(self.group, self.channel)
                last_join = time.monotonic()
            if message is None or message.get("origin") == self.channel:
                continue
            try:
                await handle(message)
            except Exception:
                logger.exception("room %s could not apply a relayed message", self.document_id)
