"""The wire protocol: y-websocket's messages (y-protocols), and Accord's close codes.

Every frame is binary: a varint message type, then its payload. See docs/realtime-protocol.md.
"""

import json
from dataclasses import dataclass

from pycrdt import Decoder, Encoder, write_message

# Message types (y-protocols).
MESSAGE_SYNC = 0
MESSAGE_AWARENESS = 1
MESSAGE_AUTH = 2
MESSAGE_QUERY_AWARENESS = 3

# Sync sub-types.
SYNC_STEP1 = 0
SYNC_STEP2 = 1
SYNC_UPDATE = 2

# An update with no structs and no deletions: what a client sends when it has nothing new.
EMPTY_UPDATE = b"\x00\x00"

# Close codes. 4400-4499 are final: y-websocket v3 stops reconnecting on them.
CLOSE_BAD_MESSAGE = 4400  # a text frame, garbage, a truncated message, an invalid update
CLOSE_NOT_SIGNED_IN = 4401
CLOSE_FORBIDDEN = 4403  # not a member, no such proposal, or membership ended
CLOSE_TOO_LARGE = 4413  # a frame above the message limit, or the document above its limit
CLOSE_TOO_MANY_SOCKETS = 4429  # the user has too many sockets open in this process
# Transient: clients reconnect and re-sync. (Daphne may only close with 1000 or 3000-4999, so
# these mirror 1011 and 1013 in the application range, outside y-websocket's final 4400-4499.)
CLOSE_INTERNAL_ERROR = 4500  # the update could not be stored, or the document not loaded
CLOSE_TRY_AGAIN_LATER = 4529  # the connection sent faster than its rate limit

# Reason given with an auth message when the connection may not write.
READ_ONLY_REASON = "read-only"


class ProtocolError(ValueError):
    """The frame does not follow the protocol."""


@dataclass(frozen=True)
class Message:
    kind: int
    sync_kind: int | None = None
    payload: bytes = b""


def parse(frame: bytes) -> Message:
    """Decode one frame. Raises ProtocolError for anything malformed or unknown."""
    try:
        decoder = Decoder(frame)
        kind = decoder.read_var_uint()
        if kind == MESSAGE_SYNC:
            sync_kind = decoder.read_var_uint()
            if sync_kind not in (SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE):
                raise ProtocolError(f"unknown sync message {sync_kind}")
            return Message(kind, sync_kind, _read_payload(decoder))
        if kind == MESSAGE_AWARENESS:
            return Message(kind, None, _read_payload(decoder))
        if kind in (MESSAGE_QUERY_AWARENESS, MESSAGE_AUTH):
            return Message(kind)
    except (IndexError, RuntimeError) as error:
        raise ProtocolError("truncated message") from error
    raise ProtocolError(f"unknown message type {kind}")


def _read_payload(decoder: Decoder) -> bytes:
    length = decoder.read_var_uint()
    if length > decoder.length:
        raise ProtocolError("truncated message")
    payload = decoder.stream[decoder.i0 : decoder.i0 + length]
    decoder.i0 += length
    decoder.length -= length
    return bytes(payload)


def sync_step1(state_vector: bytes) -> bytes:
    return bytes([MESSAGE_SYNC, SYNC_STEP1]) + write_message(state_vector)


def sync_step2(update: bytes) -> bytes:
    return bytes([MESSAGE_SYNC, SYNC_STEP2]) + write_message(update)


def sync_update(update: bytes) -> bytes:
    return bytes([MESSAGE_SYNC, SYNC_UPDATE]) + write_message(update)


def awareness_message(payload: bytes) -> bytes:
    return bytes([MESSAGE_AWARENESS]) + write_message(payload)


def auth_denied(reason: str) -> bytes:
    """y-protocols' auth message 'permission denied' (type 2, sub-type 0, reason)."""
    return bytes([MESSAGE_AUTH, 0]) + write_message(reason.encode())


@dataclass(frozen=True)
class AwarenessEntry:
    client_id: int
    clock: int
    state: dict | None


def decode_awareness(payload: bytes) -> list[AwarenessEntry]:
    """Decode an awareness update. Raises ProtocolError when malformed."""
    try:
        decoder = Decoder(payload)
        count = decoder.read_var_uint()
        entries = []
        for _ in range(count):
            client_id = decoder.read_var_uint()
            clock = decoder.read_var_uint()
            raw = _read_payload(decoder).decode("utf-8")
            state = json.loads(raw) if raw else None
            if state is not None and not isinstance(state, dict):
                raise ProtocolError("awareness state is not an object")
            entries.append(AwarenessEntry(client_id, clock, state))
        return entries
    except (IndexError, RuntimeError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProtocolError("malformed awareness update") from error


def encode_awareness(entries: list[AwarenessEntry]) -> bytes:
    encoder = Encoder()
    encoder.write_var_uint(len(entries))
    for entry in entries:
        encoder.write_var_uint(entry.client_id)
        encoder.write_var_uint(entry.clock)
        # Length in bytes, not characters (pycrdt's write_var_string counts characters).
        state = json.dumps(entry.state, ensure_ascii=False, separators=(",", ":"))
        encoder.stream.append(write_message(state.encode()))
    return encoder.to_bytes()


def awareness_clocks(payload: bytes) -> list[tuple[int, int, bool]]:
    """(client id, clock, is removal) of each entry, without decoding the JSON states.

    Cheap enough to drop the echoes stock clients send back for presence they merely heard.
    Raises ProtocolError when malformed.
    """
    try:
        decoder = Decoder(payload)
        entries = []
        for _ in range(decoder.read_var_uint()):
            client_id = decoder.read_var_uint()
            clock = decoder.read_var_uint()
            state = _read_payload(decoder)
            entries.append((client_id, clock, state == b"null"))
        return entries
    except (IndexError, RuntimeError) as error:
        raise ProtocolError("malformed awareness update") from error
