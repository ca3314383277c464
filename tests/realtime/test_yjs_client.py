"""The stock Yjs clients (y-websocket v3 and v2, in Node) against a real daphne.

frontend/tests/yjs-client.mjs does the work: two editors converge, presence carries the real
name, a reader's edit goes nowhere, an offline edit arrives after reconnecting. Here: start the
server, hand the script its sessions, and compare its final text with what was stored.
"""

import pytest

from accord.models import Role
from realtime.store import document_load, document_text
from tests.realtime.nodeclients import run_node_script
from tests.realtime.yclient import session_key_for

pytestmark = pytest.mark.django_db(transaction=True)


def stored_text(proposal) -> str:
    return document_text(document_load(proposal_id=proposal.pk))


@pytest.mark.parametrize("layer", ["in-memory", pytest.param("redis", marks=pytest.mark.redis)])
def test_stock_yjs_clients_co_edit(world, daphne, request, layer):
    redis_url = request.getfixturevalue("redis_url") if layer == "redis" else None
    server = daphne(redis_url=redis_url)
    editor = world.users[Role.EDITOR]
    initial = stored_text(world.proposal)
    config = {
        "url": f"{server.ws_url}/ws/proposals",
        "room": str(world.proposal.public_id),
        "cookie": f"sessionid={session_key_for(editor)}",
        "readerCookie": f"sessionid={session_key_for(world.users[Role.OBSERVER])}",
        "origin": server.url,
        "expectedName": editor.display_name,
        "initialText": initial,
    }

    report = run_node_script("yjs-client.mjs", config, servers=[server], timeout=60)
    checks = len(report["checks"])
    print(f"\nyjs-client over {layer}: {report['elapsed']:.1f} s, {checks} checks passed")

    final = report["text"]
    assert "«Привет» — от v3. " in final
    assert " Ответ от v2 — ёж." in final
    assert "[офлайн-правка A]" in final
    assert stored_text(world.proposal) == final
    assert report["readerText"] not in stored_text(world.proposal)
