"""`UpdateChecker`: refuses an update that would split a surrogate pair, carries text that is not
valid Unicode, or depends on changes the server does not have."""

import bisect
import contextlib

from realtime.yupdate.reading import (
    DELETED,
    GC,
    REPLACEMENT,
    SKIP,
    STRING,
    TEXT_NAME,
    Update,
    UpdateMalformed,
    UpdateUnsafe,
    parse,
)


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
