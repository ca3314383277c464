"""The websocket of one proposal: parse, authorize, hand over to the room.

Speaks y-websocket's protocol, so a stock Yjs WebsocketProvider connects unchanged. Close codes
and limits are listed in docs/realtime-protocol.md.
"""

import asyncio
import logging
import time
import uuid
from collections import Counter
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer, AsyncWebsocketConsumer
from django.core.exceptions import PermissionDenied
from django.http import Http404

from realtime import direct, protocol
from realtime.conf import realtime_settings
from realtime.events import events_group
from realtime.hooks import Access, document_hooks
from realtime.rooms import Room, UpdateRefused, room_join

logger = logging.getLogger(__name__)

# Sockets per user in this process (the cap is per process; see the protocol doc).
_sockets_per_user: Counter[int] = Counter()


def _access(*, user: Any, public_id: uuid.UUID) -> Access:
    """Who may do what on this socket: the `authorize` hook (raises Http404 / PermissionDenied)."""
    return document_hooks().authorize(user=user, public_id=public_id)


class TokenBucket:
    def __init__(self, *, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.at = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class ProposalConsumer(AsyncWebsocketConsumer):
    # No channel of its own: the room reaches its sockets directly and is the one member of the
    # document's group, so a channel per socket would only cost a task, a queue and their
    # buffers per connection (about 5 KB; docs/performance.md, "Memory").
    channel_layer_alias = None
    room: Room | None = None
    access: Access | None = None
    counted = False
    closed = False
    direct_socket: Any = None

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' dispatch without its per-message database hop.

        The stock dispatch runs `aclose_old_connections()` on the one shared database thread
        before every frame, so at a conference's scale every presence echo queues behind the
        edits being stored. This consumer reaches the database only through
        `database_sync_to_async`, which closes stale connections itself.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        # Accept first: a close code only reaches a client on an open socket.
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.refuse(protocol.CLOSE_NOT_SIGNED_IN, "not signed in")
            return
        self.user = user
        public_id = self.scope["url_route"]["kwargs"]["public_id"]
        try:
            self.access = await database_sync_to_async(_access)(user=user, public_id=public_id)
        except (Http404, PermissionDenied):
            await self.refuse(protocol.CLOSE_FORBIDDEN, "forbidden")
            return
        limits = realtime_settings()
        cap = limits.max_sockets_per_user
        if _sockets_per_user[user.pk] >= cap:
            await self.refuse(protocol.CLOSE_TOO_MANY_SOCKETS, f"more than {cap} sockets")
            return
        _sockets_per_user[user.pk] += 1
        self.counted = True
        # The daphne protocol under this socket, found once (None when daphne does not serve it).
        self.direct_socket = direct.daphne_socket(getattr(self, "base_send", None))
        self.checked_at = time.monotonic()
        self.bucket = TokenBucket(rate=limits.messages_per_second, burst=limits.message_burst)
        self.presence_bucket = TokenBucket(
            rate=limits.presence_per_second, burst=limits.presence_burst
        )
        try:
            self.room = await room_join(proposal_pk=self.access.document_id, connection=self)
        except Exception:
            await self.refuse(protocol.CLOSE_INTERNAL_ERROR, "document could not be loaded")
            return
        await self.send_frame(self.room.sync_step1())
        for frame in self.room.presence_message():
            await self.send_frame(frame)
        if not self.access.can_write:
            await self.send_frame(protocol.auth_denied(protocol.READ_ONLY_REASON))
        self.watch = asyncio.get_running_loop().create_task(self._recheck_periodically())

    async def disconnect(self, code: int) -> None:
        await self.release()

    async def release(self) -> None:
        """Leave the room and give back the socket's place; safe to call twice."""
        self.closed = True
        watch = getattr(self, "watch", None)
        if watch is not None:
            watch.cancel()
        if self.counted:
            _sockets_per_user[self.user.pk] -= 1
            if _sockets_per_user[self.user.pk] <= 0:
                del _sockets_per_user[self.user.pk]
            self.counted = False
        if self.room is not None:
            room, self.room = self.room, None
            await room.leave(self)

    async def refuse(self, code: int, reason: str) -> None:
        if self.scope.get("user") is not None and code != protocol.CLOSE_NOT_SIGNED_IN:
            logger.info("websocket closed with %s: %s", code, reason)
        await self.release()
        await self.close(code=code)

    async def send_frame(self, frame: bytes) -> None:
        """Send one frame; never raises. A frame the server cannot send (above daphne's limit,
        or a socket that is gone) closes this socket, and its place is always given back."""
        if self.closed:
            return
        if len(frame) > realtime_settings().max_message_bytes:
            logger.error("websocket: not sending a frame of %d bytes", len(frame))
            await self._drop(protocol.CLOSE_INTERNAL_ERROR)
            return
        try:
            await self.send(bytes_data=frame)
        except Exception:
            logger.warning("websocket of user %s: send failed", getattr(self.user, "pk", None))
            await self._drop(protocol.CLOSE_INTERNAL_ERROR)

    def send_prepared(self, prepared: Any) -> bool:
        """Send a frame framed once for many sockets straight to daphne's protocol (see
        realtime/direct.py); False when this socket cannot, and `send_frame` must be used."""
        if self.closed:
            return True
        socket = self.direct_socket
        if socket is None:
            return False
        try:
            return direct.send_prepared(socket, prepared)
        except Exception:
            logger.warning("websocket of user %s: send failed", getattr(self.user, "pk", None))
            asyncio.get_running_loop().create_task(self._drop(protocol.CLOSE_INTERNAL_ERROR))
            return True

    async def _drop(self, code: int) -> None:
        await self.release()
        try:
            await self.close(code=code)
        except Exception:
            logger.debug("websocket already gone")

    async def websocket_receive(self, message: dict[str, Any]) -> None:
        """Channels' receive, with nothing escaping: an exception would kill the consumer
        without running `disconnect`, keeping its room place and socket count for good."""
        try:
            await super().websocket_receive(message)
        except Exception:
            logger.exception("websocket of user %s failed", getattr(self.user, "pk", None))
            await self._drop(protocol.CLOSE_INTERNAL_ERROR)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.room is None or self.closed:
            return
        if bytes_data is None:
            await self.refuse(protocol.CLOSE_BAD_MESSAGE, "text frame")
            return
        if len(bytes_data) > realtime_settings().max_message_bytes:
            await self.refuse(protocol.CLOSE_TOO_LARGE, f"frame of {len(bytes_data)} bytes")
            return
        # Presence has its own, larger allowance: stock clients echo every presence they hear.
        presence = bytes_data[:1] in (b"\x01", b"\x03")
        if not (self.presence_bucket if presence else self.bucket).take():
            await self.refuse(protocol.CLOSE_TRY_AGAIN_LATER, "rate limit")
            return
        try:
            message = protocol.parse(bytes_data)
            await self.handle(message)
        except protocol.ProtocolError as error:
            logger.warning("websocket of user %s: bad frame: %s", self.user.pk, error)
            await self.refuse(protocol.CLOSE_BAD_MESSAGE, str(error))
        except UpdateRefused as refusal:
            logger.warning("websocket of user %s: %s", self.user.pk, refusal.reason)
            await self.refuse(refusal.code, refusal.reason)

    async def handle(self, message: protocol.Message) -> None:
        room = self.room
        if room is None:
            return
        if message.kind == protocol.MESSAGE_SYNC:
            if message.sync_kind == protocol.SYNC_STEP1:
                for frame in room.sync_step2(message.payload):
                    await self.send_frame(frame)
            elif await self.may_write():
                await room.apply_client_update(
                    message.payload, connection=self, user_id=self.user.pk
                )
        elif message.kind == protocol.MESSAGE_AWARENESS:
            # Stock clients echo every presence they hear; an echo holds nothing new.
            if room.presence_is_news(message.payload):
                await room.apply_awareness(self.own_presence(message.payload), connection=self)
        elif message.kind == protocol.MESSAGE_QUERY_AWARENESS:
            for frame in room.presence_message():
                await self.send_frame(frame)

    async def may_write(self) -> bool:
        """Roles are re-read at most every few seconds, so a demotion takes hold quickly."""
        stale = time.monotonic() - self.checked_at > realtime_settings().role_recheck_seconds
        if stale and not await self.recheck():
            return False
        return self.access is not None and self.access.can_write

    async def recheck(self) -> bool:
        """Re-read the user's access; close the socket if it is gone."""
        self.checked_at = time.monotonic()
        if self.access is None:
            return False
        was_writer = self.access.can_write
        try:
            access = await database_sync_to_async(_access)(
                user=self.user, public_id=self.access.public_id
            )
        except (Http404, PermissionDenied):
            await self.refuse(protocol.CLOSE_FORBIDDEN, "membership ended")
            return False
        self.access = access
        if was_writer and not access.can_write:
            await self.send_frame(protocol.auth_denied(protocol.READ_ONLY_REASON))
        return True

    async def _recheck_periodically(self) -> None:
        every = realtime_settings().role_recheck_seconds * 5
        while not self.closed:
            await asyncio.sleep(every)
            if not self.closed and time.monotonic() - self.checked_at >= every:
                await self.recheck()

    def own_presence(self, payload: bytes) -> list[protocol.AwarenessEntry]:
        """Keep only states this socket may set, with the user's real name on them.

        Only the first `ACCORD_WS_PRESENCE_PER_FRAME` entries of a frame are read (stock
        clients echo what they hear; their own state comes in a frame of its own), and a socket
        introduces at most `ACCORD_WS_PRESENCE_PER_SOCKET` client ids.
        """
        room, access = self.room, self.access
        if room is None or access is None:
            return []
        entries = []
        limits = realtime_settings()
        limit, per_socket, per_frame = (
            limits.max_presence_bytes,
            limits.presence_per_socket,
            limits.presence_per_frame,
        )
        owned = room.owned_by(self)
        seen: set[int] = set()
        for entry in protocol.decode_awareness(payload, limit=per_frame):
            if not (protocol.safe_id(entry.client_id) and protocol.safe_id(entry.clock)):
                continue  # a Yjs client would drop the rest of the message
            if entry.client_id in seen:
                continue
            owner = room.presence_owner(entry.client_id)
            if owner is not None and owner is not self:
                continue
            if owner is None:
                if owned >= per_socket:
                    continue
                owned += 1
            seen.add(entry.client_id)
            state = entry.state
            if state is not None:
                given = state.get("user")
                user: dict[str, Any] = given if isinstance(given, dict) else {}
                state = {
                    **state,
                    "user": {
                        "name": access.name,
                        "color": protocol.colour_or(user.get("color"), "#1f4e8c"),
                        "colorLight": protocol.colour_or(user.get("colorLight"), "#1f4e8c33"),
                        "id": self.user.pk,
                    },
                }
                if len(protocol.state_json(state)) > limit:
                    continue
            entries.append(protocol.AwarenessEntry(entry.client_id, entry.clock, state))
        return entries


class ProposalEventsConsumer(AsyncJsonWebsocketConsumer):
    """Read-only stream of a proposal's events (JSON) for its open pages; members only."""

    group: str | None = None

    async def connect(self) -> None:
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=protocol.CLOSE_NOT_SIGNED_IN)
            return
        public_id = self.scope["url_route"]["kwargs"]["public_id"]
        try:
            access = await database_sync_to_async(_access)(user=user, public_id=public_id)
        except (Http404, PermissionDenied):
            await self.close(code=protocol.CLOSE_FORBIDDEN)
            return
        self.user, self.public_id = user, access.public_id
        self.checked_at = time.monotonic()
        self.group = events_group(access.public_id)
        await self.channel_layer.group_add(self.group, self.channel_name)

    async def disconnect(self, code: int) -> None:
        await self.leave()

    async def leave(self) -> None:
        """Stop hearing the proposal's events; safe to call twice."""
        if self.group is not None:
            group, self.group = self.group, None
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # The stream is one-way; anything sent to it is a mistake.
        await self.close(code=protocol.CLOSE_BAD_MESSAGE)

    async def proposal_event(self, message: dict[str, Any]) -> None:
        """Relay an event, access re-read first when the last check is older than
        `ACCORD_WS_ROLE_RECHECK_SECONDS`: a removed member hears nothing more (4403)."""
        if self.group is None:
            return
        if time.monotonic() - self.checked_at > realtime_settings().role_recheck_seconds:
            self.checked_at = time.monotonic()
            try:
                await database_sync_to_async(_access)(user=self.user, public_id=self.public_id)
            except (Http404, PermissionDenied):
                await self.leave()
                await self.close(code=protocol.CLOSE_FORBIDDEN)
                return
        await self.send_json({"kind": message["kind"], "data": message["data"]})
