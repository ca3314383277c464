"""Comment anchors: Yjs relative positions, resolved on the server with pycrdt.

The browser encodes a selection's ends with `Y.encodeRelativePosition`: each names the character
(client, clock) it sticks to, so the anchor follows the passage through everyone's edits. pycrdt
(0.14) decodes them but cannot say where that character is now: its `Text` counts UTF-8 bytes,
while `StickyIndex.get_index()` adds an offset inside an item counted in UTF-16 units to a count
of bytes, and `StickyIndex.new()` makes the converse mistake (y-crdt/pycrdt#382). So the character
is found by deleting it, by its id, in a throwaway copy of the document and reading where the
deletion happened: the change event counts bytes, as `Text` does. (A deleted character needs no
copy: for it `get_index()` counts only the bytes before it, which is exactly where Yjs puts it.)
"""

from dataclasses import dataclass

from pycrdt import Assoc, Doc, Encoder, StickyIndex, Text

from realtime.yupdate import state_vector

MAX_ANCHOR_BYTES = 64
ASTRAL_BYTES = 4  # a character outside the BMP: 4 bytes in UTF-8, 2 units in UTF-16


@dataclass(frozen=True)
class Span:
    start: int  # UTF-8 byte offsets into the text, as pycrdt's Text edits count
    end: int
    text: str

    @property
    def detached(self) -> bool:
        """The passage was deleted: both ends meet."""
        return self.start >= self.end


def _rust(call):
    """pycrdt reports bad input as a Rust panic, which is not an Exception."""
    try:
        return call()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        raise ValueError("invalid anchor") from error


def _known_clock(doc: Doc, client: int) -> int:
    """How many units of `client` the document holds (its state vector's clock)."""
    return state_vector(doc.get_state()).get(client, 0)


def _index(shared: Text, client: int, clock: int, assoc: int) -> int:
    sticky = StickyIndex.from_json({"item": {"client": client, "clock": clock}, "assoc": assoc})
    with shared.doc.transaction() as txn:
        return _rust(lambda: sticky.get_index(txn))


def _deletion_update(client: int, clock: int) -> bytes:
    """A Yjs update (v1) that carries no content and deletes one unit: (client, clock)."""
    encoder = Encoder()
    encoder.write_var_uint(0)  # no structs
    for number in (1, client, 1, clock, 1):  # one client, its id, one range: clock, length
        encoder.write_var_uint(number)
    return encoder.to_bytes()


def _deleted_at(shared: Text, client: int, clock: int) -> tuple[int, int] | None:
    """Where deleting unit (client, clock) deletes text in a copy: (byte offset, byte length)."""
    name = StickyIndex.new(shared, 0, Assoc.BEFORE).to_json()["tname"]
    copy = Doc()
    text = copy.get(name, type=Text)
    copy.apply_update(shared.doc.get_update())
    delta = []
    subscription = text.observe(lambda event: delta.extend(event.delta))
    copy.apply_update(_deletion_update(client, clock))
    text.unobserve(subscription)
    position = 0
    for operation in delta:
        if "delete" in operation:
            return position, operation["delete"]
        position += operation.get("retain", 0)
    return None


def resolve(shared: Text, encoded: bytes) -> int:
    """The UTF-8 byte offset where Yjs would place an encoded relative position in `shared`."""
    if not encoded or len(encoded) > MAX_ANCHOR_BYTES:
        raise ValueError("invalid anchor")
    target = _rust(lambda: StickyIndex.decode(bytes(encoded), shared).to_json())
    length = len(str(shared).encode())
    before = target.get("assoc", 0) < 0
    item = target.get("item")
    if item is None:
        # An anchor at the start or the end of the text (no character to stick to).
        return 0 if before else length
    client, clock = item["client"], item["clock"]
    if clock >= _known_clock(shared.doc, client):
        return length  # not in this document: Yjs cannot place it either
    try:
        after_index = _index(shared, client, clock, 0)
        deleted = after_index == _index(shared, client, clock, -1)
    except ValueError:
        return length  # garbage collected: nothing left to stick to
    if deleted:
        return after_index  # deleted: pycrdt's index is then the bytes before it, exact
    found = _deleted_at(shared, client, clock)
    if not before:
        # Sticks to the start of the character (deleting from an emoji's first unit takes it all).
        return found[0] if found else after_index
    return _end_of_unit(shared, client, clock, found, after_index)


def _end_of_unit(shared, client, clock, found, fallback) -> int:
    """Just after the character that holds unit `clock` (an end anchor sticks to the left).

    The unit may be the second half of an emoji. Deleting from there, pycrdt rounds up to the
    next character (or deletes nothing); then deleting the unit before takes the whole emoji,
    which ends exactly where the first deletion began.
    """
    encoded = str(shared).encode()
    if found is not None:
        start, size = found
        # A lead byte of a 4-byte sequence 4 bytes back: an emoji ends just there.
        if start < ASTRAL_BYTES or encoded[start - ASTRAL_BYTES] < 0xF0:
            return start + size
    previous = _deleted_at(shared, client, clock - 1) if clock > 0 else None
    if previous is not None and previous[1] == ASTRAL_BYTES:
        emoji_end = previous[0] + ASTRAL_BYTES
        if found is None or found[0] == emoji_end:
            return emoji_end
    return found[0] + found[1] if found is not None else fallback


def span(shared: Text, start: bytes, end: bytes) -> Span:
    """The passage between two anchors in the current text."""
    first = resolve(shared, start)
    last = resolve(shared, end)
    if last < first:
        last = first
    raw = str(shared).encode()[first:last].decode("utf-8", errors="replace")
    return Span(first, last, raw)
