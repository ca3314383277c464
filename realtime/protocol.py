"""The wire protocol: y-websocket's messages (y-protocols), and Accord's close codes.

Every frame is binary: a varint message type, then its payload. See docs/realtime-protocol.md.
"""

import json
import re
from dataclasses import dataclass
from typing import Any

from pycrdt import (
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_update_message,
    write_message,
    write_var_uint,
)

from realtime.yupdate import MAX_SAFE_INTEGER, TEXT_NAME, Reader, UpdateMalformed

__all__ = ["TEXT_NAME"]

# Message types (y-protocols; pycrdt names the first two).
MESSAGE_SYNC = int(YMessageType.SYNC)
MESSAGE_AWARENESS = int(YMessageType.AWARENESS)
MESSAGE_AUTH = 2
MESSAGE_QUERY_AWARENESS = 3

# Sync sub-types.
SYNC_STEP1 = int(YSyncMessageType.SYNC_STEP1)
SYNC_STEP2 = int(YSyncMessageType.SYNC_STEP2)
SYNC_UPDATE = int(YSyncMessageType.SYNC_UPDATE)

# An update with no structs and no deletions: what a client sends when it has nothing new.
EMPTY_UPDATE = b"\x00\x00"

# Close codes. 4400-4499 are final: y-websocket v3 stops reconnecting on them.
CLOSE_BAD_MESSAGE = 4400  # a text frame, garbage, a truncated message, an invalid update
CLOSE_NOT_SIGNED_IN = 4401
CLOSE_FORBIDDEN = 4403  # not a member, no such proposal, or membership ended
CLOSE_TOO_LARGE = 4413  # a frame above the message limit, or the document above its limit
CLOSE_UNSAFE_UPDATE = 4422  # text that is not valid Unicode, half a character, foreign content
CLOSE_TOO_MANY_SOCKETS = 4429  # the user has too many sockets open in this process
# Transient: clients reconnect and re-sync. (Daphne may only close with 1000 or 3000-4999, so
# these mirror 1011 and 1013 in the application range, outside y-websocket's final 4400-4499.)
CLOSE_INTERNAL_ERROR = 4500  # the update could not be stored, or the document not loaded
CLOSE_TRY_AGAIN_LATER = 4529  # the connection sent faster than its rate limit

# After these, reconnecting cannot help: the editor stops and says why (frontend/src/close-codes.js
# is generated from these lines by `python -m realtime.export_codes`).
FINAL_CLOSE_CODES = (
    CLOSE_BAD_MESSAGE,
    CLOSE_NOT_SIGNED_IN,
    CLOSE_FORBIDDEN,
    CLOSE_TOO_LARGE,
    CLOSE_UNSAFE_UPDATE,
    CLOSE_TOO_MANY_SOCKETS,
)
# The events stream (read-only) ends for good only when the user may no longer read.
EVENTS_FINAL_CLOSE_CODES = (CLOSE_NOT_SIGNED_IN, CLOSE_FORBIDDEN)

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
    """Decode one frame. Raises ProtocolError for anything malformed or unknown.

    Frames come from anyone, so they are read with `yupdate.Reader`, which bounds every varint
    and length (pycrdt's `Decoder` trusts its input: a truncated frame fails with IndexError
    or reads short).
    """
    try:
        reader = Reader(frame)
        kind = reader.uint()
        if kind == MESSAGE_SYNC:
            sync_kind = reader.uint()
            if sync_kind not in (SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE):
                raise ProtocolError(f"unknown sync message {sync_kind}")
            return Message(kind, sync_kind, reader.bytes())
        if kind == MESSAGE_AWARENESS:
            return Message(kind, None, reader.bytes())
        if kind in (MESSAGE_QUERY_AWARENESS, MESSAGE_AUTH):
            return Message(kind)
    except UpdateMalformed as error:
        raise ProtocolError("truncated message") from error
    raise ProtocolError(f"unknown message type {kind}")


def sync_step1(state_vector: bytes) -> bytes:
    # pycrdt's create_sync_message reads the state from a Doc; the room has it already.
    return bytes([MESSAGE_SYNC, SYNC_STEP1]) + write_message(state_vector)


def sync_step2(update: bytes) -> bytes:
    return bytes([MESSAGE_SYNC, SYNC_STEP2]) + write_message(update)


def sync_update(update: bytes) -> bytes:
    return create_update_message(update)


def awareness_message(payload: bytes) -> bytes:
    return create_awareness_message(payload)


def auth_denied(reason: str) -> bytes:
    """y-protocols' auth message 'permission denied' (type 2, sub-type 0, reason)."""
    return bytes([MESSAGE_AUTH, 0]) + write_message(reason.encode())


@dataclass(frozen=True)
class AwarenessEntry:
    client_id: int
    clock: int
    state: dict[str, Any] | None


def decode_awareness(payload: bytes, *, limit: int | None = None) -> list[AwarenessEntry]:
    """Decode an awareness update (its first `limit` entries). Raises ProtocolError when
    malformed."""
    entries: list[AwarenessEntry] = []
    for client_id, clock, raw in _awareness_entries(payload, limit):
        try:
            text = raw.decode("utf-8")
            state = json.loads(text) if text else None
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            raise ProtocolError("malformed awareness update") from error
        if state is not None and not isinstance(state, dict):
            raise ProtocolError("awareness state is not an object")
        entries.append(AwarenessEntry(client_id, clock, state))
    return entries


def _awareness_entries(payload: bytes, limit: int | None) -> list[tuple[int, int, bytes]]:
    """(client id, clock, raw JSON) of the first `limit` entries."""
    try:
        reader = Reader(payload)
        count = reader.uint()
        entries = []
        for _ in range(count if limit is None else min(count, limit)):
            entries.append((reader.uint(), reader.uint(), reader.bytes()))
        return entries
    except UpdateMalformed as error:
        raise ProtocolError("malformed awareness update") from error


def state_json(state: dict[str, Any] | None) -> bytes:
    return json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()


def encode_awareness(entries: list[AwarenessEntry]) -> bytes:
    """An awareness update (y-protocols) carrying `entries`.

    Not `Awareness.encode_awareness_update`: pycrdt's `write_var_string` prefixes a string with
    its length in characters, and y-protocols reads bytes (a Cyrillic name would break it).
    """
    parts = [write_var_uint(len(entries))]
    for entry in entries:
        parts += [
            write_var_uint(entry.client_id),
            write_var_uint(entry.clock),
            write_message(state_json(entry.state)),
        ]
    return b"".join(parts)


def awareness_frames(entries: list[AwarenessEntry], *, budget: int, per_frame: int) -> list[bytes]:
    """Awareness messages carrying `entries`, each under `budget` bytes and `per_frame` entries
    (stock clients echo a message's entries back in one frame)."""
    frames: list[bytes] = []
    batch: list[AwarenessEntry] = []
    size = 0
    for entry in entries:
        entry_size = len(state_json(entry.state)) + 24
        if batch and (size + entry_size > budget or len(batch) >= per_frame):
            frames.append(awareness_message(encode_awareness(batch)))
            batch, size = [], 0
        batch.append(entry)
        size += entry_size
    if batch:
        frames.append(awareness_message(encode_awareness(batch)))
    return frames


def awareness_clocks(payload: bytes, *, limit: int | None = None) -> list[tuple[int, int, bool]]:
    """(client id, clock, is removal) of the first `limit` entries, without decoding the JSON.

    Cheap enough to drop the echoes stock clients send back for presence they merely heard.
    Raises ProtocolError when malformed.
    """
    return [
        (client_id, clock, raw == b"null")
        for client_id, clock, raw in _awareness_entries(payload, limit)
    ]


COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def colour_or(value: object, default: str) -> str:
    """`value` if it is a CSS hex colour (#rgb, #rrggbb, #rrggbbaa), else `default`: colours
    end up in other editors' style attributes."""
    return value if isinstance(value, str) and COLOUR.fullmatch(value) else default


def safe_id(value: int) -> bool:
    """Whether a Yjs client can read the number (lib0 refuses integers above 2^53 - 1)."""
    return 0 <= value <= MAX_SAFE_INTEGER
