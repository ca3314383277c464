"""A small Yjs client on pycrdt for tests: speaks y-websocket's protocol to our consumer."""

import asyncio
import contextlib

from channels.testing import WebsocketCommunicator
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from pycrdt import Doc, Text

from realtime import protocol
from realtime.store import TEXT_NAME


def session_key_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def communicator_for(proposal, session_key=None, origin="http://localhost"):
    from accord.asgi import application

    headers = [(b"host", b"localhost")]
    if origin:
        headers.append((b"origin", origin.encode()))
    if session_key:
        headers.append((b"cookie", f"sessionid={session_key}".encode()))
    return WebsocketCommunicator(application, f"/ws/proposals/{proposal.public_id}/", headers)


class CommunicatorTransport:
    """The consumer in this process, through Channels' WebsocketCommunicator."""

    def __init__(self, communicator: WebsocketCommunicator):
        self.communicator = communicator

    async def connect(self) -> bool:
        connected, _ = await self.communicator.connect()
        return connected

    async def send(self, frame: bytes | None = None, text: str | None = None) -> None:
        if text is not None:
            await self.communicator.send_to(text_data=text)
        else:
            await self.communicator.send_to(bytes_data=frame)

    async def recv(self, timeout: float):
        """bytes, or ("closed", code); TimeoutError when nothing came.

        Waits with receive_nothing(): a timed-out receive_output() would cancel the consumer.
        """
        deadline = asyncio.get_running_loop().time() + timeout
        while await self.communicator.receive_nothing(timeout=0.02, interval=0.005):
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError
        output = await self.communicator.receive_output()
        if output["type"] == "websocket.close":
            return ("closed", output.get("code"))
        return output["bytes"]

    async def close(self) -> None:
        if not self.communicator.future.done():
            await self.communicator.disconnect()


class WebsocketTransport:
    """A real socket to a running daphne (the `websockets` library)."""

    def __init__(self, url: str, *, session_key: str | None, origin: str):
        self.url = url
        self.headers = {"Cookie": f"sessionid={session_key}"} if session_key else {}
        self.origin = origin
        self.socket = None

    async def connect(self) -> bool:
        import websockets

        try:
            self.socket = await websockets.connect(
                self.url,
                additional_headers=self.headers,
                origin=self.origin,
                max_size=None,
                open_timeout=10,
            )
        except (OSError, websockets.InvalidStatus, TimeoutError):
            return False
        return True

    async def send(self, frame: bytes | None = None, text: str | None = None) -> None:
        import websockets

        with contextlib.suppress(websockets.ConnectionClosed):
            await self.socket.send(text if text is not None else frame)

    async def recv(self, timeout: float):
        import websockets

        try:
            return await asyncio.wait_for(self.socket.recv(), timeout)
        except websockets.ConnectionClosed as closed:
            return ("closed", closed.rcvd.code if closed.rcvd else 1006)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


class YClient:
    """A document, a socket, and the y-websocket handshake; edits are sent as they happen."""

    def __init__(self, transport, client_id: int | None = None):
        if isinstance(transport, WebsocketCommunicator):
            transport = CommunicatorTransport(transport)
        self.transport = transport
        self.doc = Doc(client_id=client_id) if client_id is not None else Doc()
        self.text = self.doc.get(TEXT_NAME, type=Text)
        self.outbox: list[bytes] = []
        self.read_only = False
        self.presence: dict[int, dict | None] = {}
        self.closed_with: int | None = None
        self.online = False
        self.doc.observe(self._on_transaction)
        self._applying = False

    def _on_transaction(self, event) -> None:
        if not self._applying and event.update != protocol.EMPTY_UPDATE:
            self.outbox.append(event.update)

    async def connect(self) -> bool:
        self.online = await self.transport.connect()
        self.closed_with = None
        return self.online

    async def handshake(self) -> None:
        """Answer the server's sync step 1, send ours, and apply its answer."""
        await self.send(protocol.sync_step1(self.doc.get_state()))
        await self.pump(until=lambda message: message.sync_kind == protocol.SYNC_STEP2)
        await self.flush()

    async def send(self, frame: bytes) -> None:
        await self.transport.send(frame)

    async def flush(self) -> None:
        """Send every local edit not sent yet (as y-websocket does when online)."""
        while self.outbox and self.online:
            await self.send(protocol.sync_update(self.outbox.pop(0)))

    def edit(self, function) -> None:
        with self.doc.transaction():
            function(self.text)

    async def receive(self, timeout: float = 2.0):
        """The next message, None when the server closed; TimeoutError when nothing came."""
        frame = await self.transport.recv(timeout)
        if isinstance(frame, tuple):
            self.closed_with = frame[1]
            self.online = False
            return None
        return protocol.parse(frame)

    async def pump(self, until=None, timeout: float | None = None) -> None:
        """Handle incoming frames until `until(message)` holds, or until quiet for `timeout`."""
        if timeout is None:
            timeout = 0.3 if until is None else 3.0
        while self.online or until is not None:
            try:
                message = await self.receive(timeout)
            except TimeoutError:
                if until is None:
                    return
                raise
            if message is None:
                if until is None:
                    return
                raise ConnectionError(f"closed with {self.closed_with}")
            await self.handle(message)
            if until is not None and until(message):
                return

    async def handle(self, message) -> None:
        if message.kind == protocol.MESSAGE_SYNC:
            if message.sync_kind == protocol.SYNC_STEP1:
                await self.send(protocol.sync_step2(self.doc.get_update(message.payload)))
            else:
                self._applying = True
                try:
                    self.doc.apply_update(message.payload)
                finally:
                    self._applying = False
        elif message.kind == protocol.MESSAGE_AWARENESS:
            for entry in protocol.decode_awareness(message.payload):
                self.presence[entry.client_id] = entry.state
        elif message.kind == protocol.MESSAGE_AUTH:
            self.read_only = True

    async def close(self) -> None:
        """Close from our side; after a server close, tell the consumer the socket is gone."""
        self.online = False
        await self.transport.close()
