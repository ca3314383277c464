"""Reading a Yjs update (v1): its structs and deletions by item id, and state vectors."""

import builtins
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


def utf16_length(text: str) -> int:
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
