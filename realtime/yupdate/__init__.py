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

from realtime.yupdate.checking import UpdateChecker
from realtime.yupdate.reading import (
    BIT_ORIGIN,
    MAX_SAFE_INTEGER,
    STRING,
    TEXT_NAME,
    Reader,
    Struct,
    Update,
    UpdateMalformed,
    UpdateUnsafe,
    parse,
    state_vector,
)
from realtime.yupdate.splitting import split_update

__all__ = [
    "BIT_ORIGIN",
    "MAX_SAFE_INTEGER",
    "STRING",
    "TEXT_NAME",
    "Reader",
    "Struct",
    "Update",
    "UpdateChecker",
    "UpdateMalformed",
    "UpdateUnsafe",
    "parse",
    "split_update",
    "state_vector",
]
