"""Reading Yjs updates (v1) in Python: what an update inserts and deletes, by item id.

pycrdt applies updates but does not say what they do. Yjs counts text in UTF-16 units (an item's
clock range, its origins and the deletions all name UTF-16 units), so an update can name a
position inside a surrogate pair: half an emoji. Yjs and Yrs (which cannot hold half a character)
then disagree for good. `UpdateChecker` reads every incoming update, remembers where the
document's surrogate pairs are (by item id), and refuses an update that would split one, that
carries text which is not valid Unicode, or that depends on changes the server does not have.

`split_update` cuts a large update into several smaller ones that, applied in order, give the
same document: how the server sends a large document within the websocket message limit.

The format: https://github.com/yjs/yjs/blob/main/INTERNALS.md and `yjs/src/utils/encoding.js`.
"""

import bisect
import builtins
import contextlib
from dataclasses import dataclass, field

# The shared text of a proposal: `ydoc.getText("markdown")`.
TEXT_NAME = "markdown"
MAX_SAFE_INTEGER = 2**53 - 1  # what a Yjs client can decode (lib0 refuses more)
REPLACEMENT = "\ufffd"

# Content references (the low five bits of an item's info byte).
GC, DELETED, JSON_, BINARY, STRING, EMBED, FORMAT, TYPE, ANY, DOC, SKIP = (
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
)  # fmt: skip
BIT_ORIGIN, BIT_RIGHT_ORIGIN, BIT_PARENT_SUB = 0x80, 0x40, 0x20


class UpdateMalformed(ValueError):
    """Not a Yjs update."""


class UpdateUnsafe(ValueError):
    """A well-formed update the server will not apply (the reason says why)."""


class Reader:
    __slots__ = ("at", "data")

    def __init__(self, data: bytes):
        self.data = data
        self.at = 0

    def uint(self) -> int:
        value, shift, data = 0, 0, self.data
        while True:
            try:
                byte = data[self.at]
            except IndexError:
                raise UpdateMalformed("truncated") from None
            self.at += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
            if shift > 56:
                raise UpdateMalformed("integer too large")

    def int(self) -> int:
        byte = self.byte()
        value, negative, shift = byte & 0x3F, byte & 0x40, 6
        while byte & 0x80:
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            shift += 7
            if shift > 62:
                raise UpdateMalformed("integer too large")
        return -value if negative else value

    # Annotations below name `builtins`: the methods `int` and `bytes` shadow them here.
    def byte(self) -> builtins.int:
        try:
            byte = self.data[self.at]
        except IndexError:
            raise UpdateMalformed("truncated") from None
        self.at += 1
        return byte

    def raw(self, length: builtins.int) -> builtins.bytes:
        if self.at + length > len(self.data):
            raise UpdateMalformed("truncated")
        chunk = self.data[self.at : self.at + length]
        self.at += length
        return chunk

    def bytes(self) -> builtins.bytes:
        return self.raw(self.uint())

    def string_bytes(self) -> builtins.bytes:
        return self.bytes()

    def skip_any(self, depth: builtins.int = 0) -> None:
        """Skip one lib0 `any` value."""
        if depth > 64:
            raise UpdateMalformed("value nested too deeply")
        kind = self.byte()
        if kind in (127, 126, 121, 120):  # undefined, null, false, true
            return
        if kind == 125:
            self.int()
        elif kind == 124:
            self.raw(4)
        elif kind in (123, 122):
            self.raw(8)
        elif kind in (119, 116):  # string, Uint8Array
            self.bytes()
        elif kind == 118:  # object
            for _ in range(self.uint()):
                self.bytes()
                self.skip_any(depth + 1)
        elif kind == 117:  # array
            for _ in range(self.uint()):
                self.skip_any(depth + 1)
        else:
            raise UpdateMalformed(f"unknown value type {kind}")


@dataclass
class Struct:
    client: int
    clock: int
    length: int  # in UTF-16 units for strings, as Yjs counts
    kind: int  # content reference; GC and SKIP for those structs
    start: int  # byte span of the struct in the update (info byte included)
    end: int
    origin: tuple[int, int] | None = None
    right_origin: tuple[int, int] | None = None
    parent: str | tuple[int, int] | None = None  # a root's name, or a type item's id
    parent_sub: bool = False
    text: str | None = None  # STRING content, decoded
    text_error: str | None = None  # why the string is not valid Unicode
    content_start: int = 0  # where the STRING content (its length prefix) begins


@dataclass
class Update:
    data: bytes
    structs: list[Struct] = field(default_factory=list)
    deletions: list[tuple[int, int, int]] = field(default_factory=list)  # client, clock, length


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def parse(data: bytes) -> Update:
    """Read an update's structs and deletions. Raises UpdateMalformed."""
    reader = Reader(bytes(data))
    update = Update(reader.data)
    for _ in range(reader.uint()):
        count = reader.uint()
        client = reader.uint()
        clock = reader.uint()
        for _ in range(count):
            struct = _read_struct(reader, client, clock)
            update.structs.append(struct)
            clock += struct.length
    for _ in range(reader.uint()):
        client = reader.uint()
        for _ in range(reader.uint()):
            clock = reader.uint()
            length = reader.uint()
            update.deletions.append((client, clock, length))
    if reader.at != len(reader.data):
        raise UpdateMalformed("trailing bytes")
    return update


def _read_struct(reader: Reader, client: int, clock: int) -> Struct:
    start = reader.at
    info = reader.byte()
    kind = info & 0x1F
    if kind in (GC, SKIP):
        length = reader.uint()
        return Struct(client, clock, length, kind, start, reader.at)
    struct = Struct(client, clock, 0, kind, start, 0)
    if info & BIT_ORIGIN:
        struct.origin = (reader.uint(), reader.uint())
    if info & BIT_RIGHT_ORIGIN:
        struct.right_origin = (reader.uint(), reader.uint())
    if not info & (BIT_ORIGIN | BIT_RIGHT_ORIGIN):
        if reader.uint() == 1:
            struct.parent = reader.string_bytes().decode("utf-8", errors="replace")
        else:
            struct.parent = (reader.uint(), reader.uint())
        if info & BIT_PARENT_SUB:
            struct.parent_sub = True
            reader.string_bytes()
    struct.content_start = reader.at
    if kind == DELETED:
        struct.length = reader.uint()
    elif kind == STRING:
        raw = reader.string_bytes()
        try:
            struct.text = raw.decode("utf-8")  # strict: an encoded lone surrogate fails here
        except UnicodeDecodeError:
            struct.text = raw.decode("utf-8", errors="surrogatepass")
            struct.text_error = "a lone surrogate or invalid UTF-8"
        struct.length = len(struct.text.encode("utf-16-le", errors="surrogatepass")) // 2
    elif kind == JSON_:
        struct.length = reader.uint()
        for _ in range(struct.length):
            reader.bytes()
    elif kind in (BINARY, EMBED):
        reader.bytes()
        struct.length = 1
    elif kind == FORMAT:
        reader.bytes()
        reader.bytes()
        struct.length = 1
    elif kind == TYPE:
        reference = reader.uint()
        if reference in (3, 5):  # XmlElement, XmlHook: a name
            reader.bytes()
        struct.length = 1
    elif kind == ANY:
        struct.length = reader.uint()
        for _ in range(struct.length):
            reader.skip_any()
    elif kind == DOC:
        reader.bytes()
        reader.skip_any()
        struct.length = 1
    else:
        raise UpdateMalformed(f"unknown content {kind}")
    if struct.length < 1:
        raise UpdateMalformed("empty struct")
    struct.end = reader.at
    return struct


def state_vector(data: bytes) -> dict[int, int]:
    """Client id → clock of an encoded state vector (the one decoder of state vectors; an empty
    one is the empty document's). Raises UpdateMalformed when truncated."""
    if not data:
        return {}
    reader = Reader(bytes(data))
    return {reader.uint(): reader.uint() for _ in range(reader.uint())}


class UpdateChecker:
    """Where the document's surrogate pairs are, by item id; checks updates against them.

    Only string items that hold a character outside the BMP are kept (as UTF-16), so the memory
    is at most twice the UTF-8 size of those items. An id never changes its content, so items
    stay known after they are deleted.
    """

    def __init__(self) -> None:
        self._starts: dict[int, list[int]] = {}
        self._units: dict[int, list[bytes]] = {}

    def learn(self, update: Update) -> None:
        """Remember the surrogate pairs of an applied update's string items."""
        for struct in update.structs:
            if struct.kind == STRING and struct.text and _has_astral(struct.text):
                self._remember(struct.client, struct.clock, struct.text)

    def learn_bytes(self, data: bytes) -> None:
        # An update stored before this check existed may not parse: nothing to learn from it.
        with contextlib.suppress(UpdateMalformed):
            self.learn(parse(data))

    def _remember(self, client: int, clock: int, text: str) -> None:
        starts = self._starts.setdefault(client, [])
        units = self._units.setdefault(client, [])
        index = bisect.bisect_left(starts, clock)
        if index < len(starts) and starts[index] == clock:
            return
        starts.insert(index, clock)
        units.insert(index, text.encode("utf-16-le", errors="surrogatepass"))

    def _unit(self, client: int, clock: int, extra: "UpdateChecker | None" = None) -> int | None:
        for checker in (self, extra):
            if checker is None:
                continue
            starts = checker._starts.get(client)
            if not starts:
                continue
            index = bisect.bisect_right(starts, clock) - 1
            if index >= 0:
                units = checker._units[client][index]
                offset = (clock - starts[index]) * 2
                if offset < len(units):
                    return units[offset] | (units[offset + 1] << 8)
        return None

    def splits(
        self, client: int, clock: int, *, after: bool, extra: "UpdateChecker | None" = None
    ) -> bool:
        """Whether a boundary just after (or just before) unit (client, clock) splits a pair."""
        unit = self._unit(client, clock, extra)
        if unit is None:
            return False
        return 0xD800 <= unit <= 0xDBFF if after else 0xDC00 <= unit <= 0xDFFF

    def check(self, update: Update, state: dict[int, int]) -> dict[int, int]:
        """Raise UpdateUnsafe unless applying `update` to a document with `state` (its state
        vector) gives Yjs and the server the same text; returns the state vector after it."""
        new = UpdateChecker()
        after = dict(state)
        for struct in update.structs:
            known = state.get(struct.client, 0)
            if struct.kind == SKIP:
                continue
            if struct.clock > after.get(struct.client, 0):
                raise UpdateUnsafe("depends on changes the server does not have")
            after[struct.client] = max(after.get(struct.client, 0), struct.clock + struct.length)
            if struct.clock + struct.length <= known:
                continue  # already in the document: ignored
            if struct.kind == GC:
                continue
            if struct.kind not in (STRING, DELETED):
                raise UpdateUnsafe("content other than text")
            if struct.parent is not None and struct.parent != TEXT_NAME:
                raise UpdateUnsafe("content outside the shared text")
            if struct.parent_sub:
                raise UpdateUnsafe("content outside the shared text")
            if struct.kind == STRING:
                text = struct.text or ""
                if struct.text_error is not None:
                    raise UpdateUnsafe(f"text that is not valid Unicode ({struct.text_error})")
                if REPLACEMENT in text:
                    # What a browser's encoder sends for a lone surrogate.
                    raise UpdateUnsafe("text with U+FFFD (a lone surrogate before encoding)")
                if struct.clock < known:
                    cut = (known - struct.clock) * 2
                    units = text.encode("utf-16-le")
                    if 0xDC00 <= (units[cut] | (units[cut + 1] << 8)) <= 0xDFFF:
                        raise UpdateUnsafe("a position inside a character")
                if _has_astral(text):
                    new._remember(struct.client, struct.clock, text)
        for struct in update.structs:
            if struct.kind in (SKIP, GC) or struct.clock + struct.length <= state.get(
                struct.client, 0
            ):
                continue
            for origin, is_left in ((struct.origin, True), (struct.right_origin, False)):
                if origin is None:
                    continue
                client, clock = origin
                if clock >= after.get(client, 0):
                    raise UpdateUnsafe("depends on changes the server does not have")
                if self.splits(client, clock, after=is_left, extra=new):
                    raise UpdateUnsafe("a position inside a character")
        for client, clock, length in update.deletions:
            if length < 1:
                continue
            if clock + length > after.get(client, 0):
                raise UpdateUnsafe("deletes changes the server does not have")
            if self.splits(client, clock, after=False, extra=new) or self.splits(
                client, clock + length - 1, after=True, extra=new
            ):
                raise UpdateUnsafe("a deletion of half a character")
        return after


def _has_astral(text: str) -> bool:
    return any(ord(char) > 0xFFFF for char in text) if not text.isascii() else False


# Splitting ------------------------------------------------------------------------------------


class _Writer:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def uint(self, value: int) -> None:
        out = bytearray()
        while value > 0x7F:
            out.append(0x80 | (value & 0x7F))
            value >>= 7
        out.append(value)
        self.parts.append(bytes(out))

    def raw(self, data: bytes) -> None:
        self.parts.append(data)

    def bytes(self) -> bytes:
        return b"".join(self.parts)


def _uint(value: int) -> bytes:
    writer = _Writer()
    writer.uint(value)
    return writer.bytes()


def _string_pieces(update: Update, struct: Struct, budget: int) -> list[tuple[int, int, bytes]]:
    """A string item too large for one part, as items of at most `budget` bytes each:
    (clock, length, encoded struct). Cut at character boundaries, as Yjs splits items."""
    text = struct.text or ""
    head = update.data[struct.start : struct.content_start]  # info, origins, parent
    room = max(1024, budget - len(head) - 32)
    pieces = []
    position, clock = 0, struct.clock
    while position < len(text):
        end = position
        size = 0
        # Whole characters until the piece is full (at least one character).
        while end < len(text):
            char_size = len(text[end].encode())
            if size + char_size > room and end > position:
                break
            size += char_size
            end += 1
        chunk = text[position:end]
        encoded = chunk.encode()
        length = _utf16_length(chunk)
        if position == 0:
            body = head + _uint(len(encoded)) + encoded
        else:
            # The rest of the item: its left neighbour is the piece before; same right origin.
            info = STRING | BIT_ORIGIN | (BIT_RIGHT_ORIGIN if struct.right_origin else 0)
            body = bytes([info]) + _uint(struct.client) + _uint(clock - 1)
            if struct.right_origin:
                body += _uint(struct.right_origin[0]) + _uint(struct.right_origin[1])
            body += _uint(len(encoded)) + encoded
        pieces.append((clock, length, body))
        clock += length
        position = end
    return pieces


def split_update(data: bytes, budget: int) -> list[bytes]:
    """`data` as updates of about `budget` bytes or less that, applied in order, give the same
    document (a struct that cannot be cut may be larger). Yjs keeps a part whose neighbours are
    still to come until they arrive."""
    if len(data) <= budget:
        return [data]
    try:
        update = parse(data)
    except UpdateMalformed:
        return [data]  # not ours to cut (it was stored before these checks)
    # (client, clock, length, encoded struct), in the update's order.
    units: list[tuple[int, int, int, bytes]] = []
    for struct in update.structs:
        body = update.data[struct.start : struct.end]
        if struct.kind == STRING and len(body) > budget:
            pieces = _string_pieces(update, struct, budget)
            units.extend((struct.client, *piece) for piece in pieces)
        else:
            units.append((struct.client, struct.clock, struct.length, body))
    parts: list[bytes] = []
    current: list[list] = []  # [client, first clock, [bodies]]
    size = 0
    for client, clock, _length, body in units:
        if current and size + len(body) + 24 > budget:
            parts.append(_encode_part(current, []))
            current, size = [], 0
        if current and current[-1][0] == client:
            current[-1][2].append(body)
        else:
            current.append([client, clock, [body]])
            size += 24
        size += len(body)
    deletions = update.deletions
    while deletions:
        room = max(1, (budget - size - 16) // 20)
        chunk, deletions = deletions[:room], deletions[room:]
        parts.append(_encode_part(current, chunk))
        current, size = [], 0
    if current:
        parts.append(_encode_part(current, []))
    return parts


def _encode_part(groups: list[list], deletions: list[tuple[int, int, int]]) -> bytes:
    writer = _Writer()
    writer.uint(len(groups))
    for client, clock, bodies in groups:
        writer.uint(len(bodies))
        writer.uint(client)
        writer.uint(clock)
        for body in bodies:
            writer.raw(body)
    by_client: dict[int, list[tuple[int, int]]] = {}
    for client, clock, length in deletions:
        by_client.setdefault(client, []).append((clock, length))
    writer.uint(len(by_client))
    for client, ranges in by_client.items():
        writer.uint(client)
        writer.uint(len(ranges))
        for clock, length in ranges:
            writer.uint(clock)
            writer.uint(length)
    return writer.bytes()
