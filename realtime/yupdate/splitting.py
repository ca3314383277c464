"""`split_update`: a large update as several smaller ones giving the same document."""

from realtime.yupdate.reading import (
    BIT_ORIGIN,
    BIT_RIGHT_ORIGIN,
    STRING,
    Struct,
    Update,
    UpdateMalformed,
    parse,
    utf16_length,
)


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
        length = utf16_length(chunk)
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
