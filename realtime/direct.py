"""Sending one frame to many sockets with the least Python work per socket (issue 17).

Through Channels, every frame to every socket is `AsyncWebsocketConsumer.send` → the ASGI `send`
→ daphne's `handle_reply` → autobahn's `sendMessage`, which frames the payload again for each
socket. When daphne serves the socket, the ASGI `send` Channels keeps (`base_send`) is
`functools.partial(server.handle_reply, protocol)`, the protocol being an autobahn
`WebSocketServerProtocol`; autobahn's supported way to send the same message on many connections
is a `PreparedMessage` (framed once) and `sendPreparedMessage` on each protocol. That is what a
room's fan-out uses when `ACCORD_WS_DIRECT_SEND` is on (the default), for every socket whose
protocol is open; any other socket (a test communicator, a socket closing) takes the Channels
path. Not measured yet: `bench/realtime/run.py --server-env ACCORD_WS_DIRECT_SEND=0` against the
default compares the two paths' server CPU per frame sent.
"""

import functools
from typing import Any

from autobahn.websocket.protocol import PreparedMessage


def prepare(frame: bytes) -> PreparedMessage:
    """A binary server frame (servers do not mask), framed once."""
    return PreparedMessage(frame, True, False, False)


def daphne_socket(base_send: Any) -> Any | None:
    """The autobahn protocol behind a Channels consumer's `base_send`, when daphne serves it."""
    if isinstance(base_send, functools.partial) and base_send.args:
        candidate = base_send.args[0]
        if hasattr(candidate, "sendPreparedMessage") and hasattr(candidate, "STATE_OPEN"):
            return candidate
    return None


def send_prepared(socket: Any, prepared: PreparedMessage) -> bool:
    """Send on an open protocol; False when it is not open (the caller takes the slow path)."""
    if socket.state != socket.STATE_OPEN:
        return False
    socket.sendPreparedMessage(prepared)
    return True
