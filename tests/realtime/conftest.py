import asyncio

import pytest
from channels.db import database_sync_to_async

from realtime import rooms
from tests.realtime.yclient import YClient, communicator_for, session_key_for


@pytest.fixture(autouse=True)
def _fast_rooms(settings):
    settings.ACCORD_ROOM_IDLE_SECONDS = 0.05
    settings.ACCORD_TEXT_MIRROR_SECONDS = 0.05


@pytest.fixture
async def connect():
    """connect(user, proposal) -> a YClient that has done the handshake (if allowed in)."""
    clients: list[YClient] = []

    async def _connect(user, proposal, *, handshake=True, origin="http://localhost", **kwargs):
        key = await database_sync_to_async(session_key_for)(user) if user else None
        client = YClient(communicator_for(proposal, key, origin=origin), **kwargs)
        clients.append(client)
        await client.connect()
        if handshake:
            await client.handshake()
        return client

    yield _connect
    for client in clients:
        await client.close()
    await settle()


async def settle() -> None:
    """Let rooms unload and write everything they hold (end of a test)."""
    for _ in range(100):
        if not rooms.rooms_open():
            break
        await asyncio.sleep(0.05)
    for room in list(rooms.rooms_open().values()):
        for connection in list(room.connections):
            await room.leave(connection)
        await room.unload(compact=True)
    await rooms.rooms_settled()


@pytest.fixture
async def live_connect():
    """live_connect(server, user, proposal) -> a YClient over a real socket, handshake done."""
    clients: list[YClient] = []

    async def _connect(server, user, proposal, *, handshake=True, **kwargs):
        from tests.realtime.yclient import WebsocketTransport

        key = await database_sync_to_async(session_key_for)(user) if user else None
        transport = WebsocketTransport(
            f"{server.ws_url}/ws/proposals/{proposal.public_id}/",
            session_key=key,
            origin=server.url,  # the site's own origin: scheme, host and port
        )
        client = YClient(transport, **kwargs)
        clients.append(client)
        assert await client.connect()
        if handshake:
            await client.handshake()
        return client

    yield _connect
    for client in clients:
        await client.close()
