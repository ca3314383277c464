"""Comment anchors: Yjs relative positions, resolved on the server with pycrdt.

The browser encodes a selection's ends with `Y.encodeRelativePosition`; they name the item (client,
clock) a position sticks to, so the anchor follows the passage through everyone's edits. pycrdt
(0.14) decodes them, but its `StickyIndex.get_index()` mixes units (the byte start of the item
plus an offset inside it counted in UTF-16 units), and pycrdt's `Text` edits by UTF-8 byte. So
the offset is recomputed here: find the item's start (the smallest position that still reports
the same item and a consistent clock), then walk the item's text in UTF-16 units.
"""

from dataclasses import dataclass

from pycrdt import Assoc, StickyIndex, Text

MAX_ANCHOR_BYTES = 64


@dataclass(frozen=True)
class Span:
    start: int  # UTF-8 byte offsets into the text, as pycrdt's Text edits count
    end: int
    text: str

    @property
    def detached(self) -> bool:
        """The passage was deleted: both ends meet."""
        return self.start >= self.end


def _boundaries(text: str) -> list[int]:
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + len(char.encode()))
    return offsets


def _utf16_to_bytes(text: str, start_byte_index: int, units: int, boundaries: list[int]) -> int:
    """Walk `units` UTF-16 code units forward from a character boundary; return the byte offset."""
    # Characters from start_byte_index on.
    char_index = boundaries.index(start_byte_index)
    while units > 0 and char_index < len(text):
        units -= 2 if ord(text[char_index]) > 0xFFFF else 1
        char_index += 1
    return boundaries[char_index]


def resolve(shared: Text, encoded: bytes, *, text: str | None = None, boundaries=None) -> int:
    """The UTF-8 byte offset of an encoded Yjs relative position in `shared`."""
    if not encoded or len(encoded) > MAX_ANCHOR_BYTES:
        raise ValueError("invalid anchor")
    text = str(shared) if text is None else text
    boundaries = boundaries or _boundaries(text)
    try:
        sticky = StickyIndex.decode(bytes(encoded), shared)
        target = sticky.to_json()
    except BaseException as error:  # pycrdt raises Rust panics for garbage
        raise ValueError("invalid anchor") from error
    item = target.get("item")
    if item is None:
        # An anchor at the start or the end of the text (no item to stick to).
        return 0 if target.get("assoc", 0) < 0 else boundaries[-1]
    client, clock = item["client"], item["clock"]
    try:
        mixed = sticky.get_index()
    except BaseException:
        # The item is gone from this document (garbage collected): treat as the end.
        return boundaries[-1]
    if mixed <= 0:
        return 0

    def consistent(position: int) -> bool:
        """The item at `position` is the anchor's, and its clock fits the mixed offset."""
        found = StickyIndex.new(shared, position, Assoc.AFTER).to_json().get("item") or {}
        return found.get("client") == client and found.get("clock") == clock - (mixed - position)

    # Item start: the lowest character boundary of the run, just below `mixed`, where
    # `consistent` holds. Gallop down from the top of the run, then bisect the last step.
    candidates = [boundary for boundary in boundaries if boundary <= mixed]
    top = len(candidates) - 1
    while top >= 0 and not consistent(candidates[top]):
        top -= 1  # `mixed` may fall inside a character; the run starts at a boundary below it
        if mixed - candidates[max(top, 0)] > 8:
            return min(mixed, boundaries[-1])
    if top < 0:
        return 0
    step, low, high = 1, top, top
    while low > 0:
        probe = max(0, high - step)
        if not consistent(candidates[probe]):
            low = probe + 1
            break
        high, low = probe, probe
        step *= 2
    else:
        low = 0
    # Bisect in [low, high]: the first index where `consistent` holds.
    while low < high:
        middle = (low + high) // 2
        if consistent(candidates[middle]):
            high = middle
        else:
            low = middle + 1
    item_start = candidates[low]
    start_clock = clock - (mixed - item_start)
    return _utf16_to_bytes(text, item_start, clock - start_clock, boundaries)


def span(shared: Text, start: bytes, end: bytes) -> Span:
    """The passage between two anchors in the current text."""
    text = str(shared)
    boundaries = _boundaries(text)
    first = resolve(shared, start, text=text, boundaries=boundaries)
    last = resolve(shared, end, text=text, boundaries=boundaries)
    if last < first:
        last = first
    raw = text.encode()[first:last].decode("utf-8", errors="replace")
    return Span(first, last, raw)
