"""Which rooms are open: one registry per event loop (a Doc belongs to the loop that made it)."""

import asyncio
import weakref
from typing import Any

from realtime.rooms.room import Room, _unloading

_registries: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, Room]]" = (
    weakref.WeakKeyDictionary()
)


def _registry() -> dict[int, Room]:
    loop = asyncio.get_running_loop()
    if loop not in _registries:
        _registries[loop] = {}
    return _registries[loop]


def rooms_open() -> dict[int, Room]:
    """The rooms open on this event loop, by document id."""
    return _registry()


async def rooms_settled() -> None:
    """Wait until every room of this loop that is unloading has written what it holds."""
    loop = asyncio.get_running_loop()
    pending = [room.unloaded.wait() for room in list(_unloading) if room.loop is loop]
    if pending:
        await asyncio.gather(*pending)


async def room_join(*, proposal_pk: int, connection: Any) -> Room:
    """The loaded room of a document in this process, with the connection joined to it."""
    registry = _registry()
    room = registry.get(proposal_pk)
    if room is None or room.closing:
        room = Room(proposal_pk=proposal_pk, registry=registry)
        registry[proposal_pk] = room
        room._spawn(room.start())
    room.join(connection)
    try:
        await asyncio.shield(room.loaded)
    except Exception:
        room.connections.discard(connection)
        raise
    return room
