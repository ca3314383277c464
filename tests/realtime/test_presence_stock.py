"""Presence batching as stock clients see it (issue 17): frontend/tests/yjs-presence.mjs drives
four stock providers (y-websocket v3 and v2) over two daphne processes sharing Redis, through
names and cursors, an echo storm, a burst of cursor moves, 40 s of silence and two leaving."""

import pytest

from accord.models import Role
from tests.realtime.nodeclients import run_node_script
from tests.realtime.yclient import session_key_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis, pytest.mark.slow]


def test_stock_clients_keep_presence_through_batching_and_silence(world, daphne, redis_url):
    first, second = daphne(redis_url=redis_url), daphne(redis_url=redis_url)
    editor = world.users[Role.EDITOR]
    config = {
        "servers": [{"url": f"{s.ws_url}/ws/proposals", "origin": s.url} for s in (first, second)],
        "room": str(world.proposal.public_id),
        "cookie": f"sessionid={session_key_for(editor)}",
        "expectedName": editor.display_name,
        "silence": 40,
    }
    report = run_node_script("yjs-presence.mjs", config, servers=[first, second], timeout=120)
    print(f"\nyjs-presence: {report['elapsed']:.1f} s")
    for check in report["checks"]:
        print(f"  {check['name']}: {check.get('detail', '')}")
    assert all(check["passed"] for check in report["checks"])
    assert len(report["checks"]) == 9
