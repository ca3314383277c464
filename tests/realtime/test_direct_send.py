"""The fan-out's direct path to daphne's sockets (realtime/direct.py, issue 17)."""

import functools

from daphne.ws_protocol import WebSocketProtocol

from realtime import direct


class Server:
    def handle_reply(self, protocol, message): ...


def test_the_daphne_protocol_is_found_behind_channels_base_send():
    socket = WebSocketProtocol()
    assert direct.daphne_socket(functools.partial(Server().handle_reply, socket)) is socket
    assert direct.daphne_socket(lambda message: None) is None
    assert direct.daphne_socket(functools.partial(print, "not a socket")) is None
    assert direct.daphne_socket(None) is None


def test_a_prepared_frame_is_sent_only_on_an_open_socket():
    sent = []
    socket = WebSocketProtocol()
    socket.sendPreparedMessage = sent.append
    prepared = direct.prepare(b"\x00\x02payload")
    socket.state = socket.STATE_CLOSING
    assert direct.send_prepared(socket, prepared) is False
    socket.state = socket.STATE_OPEN
    assert direct.send_prepared(socket, prepared) is True
    assert sent == [prepared]
    # Framed once, unmasked, binary: the header then the payload.
    assert prepared.payloadHybi.endswith(b"\x00\x02payload")
    assert prepared.payloadHybi[0] == 0x82
