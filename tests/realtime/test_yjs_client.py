"""The stock Yjs clients (y-websocket v3 and v2, in Node) against a real daphne.

frontend/tests/yjs-client.mjs does the work: two editors converge, presence carries the real
name, a reader's edit goes nowhere, an offline edit arrives after reconnecting. Here: start the
server, hand the script its sessions, and compare its final text with what was stored.
"""

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from accord.models import Role
from realtime.store import document_load, document_text
from tests.conftest import require_service
from tests.realtime.yclient import session_key_for

pytestmark = pytest.mark.django_db(transaction=True)

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
SCRIPT = FRONTEND / "tests" / "yjs-client.mjs"


def node_or_skip() -> str:
    node = shutil.which("node")
    require_service(node is not None, "Node.js is not installed")
    for package in ("yjs", "ws", "y-websocket", "y-websocket-v2"):
        require_service(
            (FRONTEND / "node_modules" / package / "package.json").exists(),
            f"frontend/node_modules/{package} is missing (run `make install`)",
        )
    return node


def stored_text(proposal) -> str:
    return document_text(document_load(proposal_id=proposal.pk))


@pytest.mark.parametrize("layer", ["in-memory", pytest.param("redis", marks=pytest.mark.redis)])
def test_stock_yjs_clients_co_edit(world, daphne, request, layer):
    node = node_or_skip()
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

    started = time.monotonic()
    result = subprocess.run(
        [node, str(SCRIPT), json.dumps(config)],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    elapsed = time.monotonic() - started
    try:
        report = json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        report = {}
    explain = (
        f"exit {result.returncode} after {elapsed:.1f} s\nstdout: {result.stdout}\n"
        f"stderr: {result.stderr[-3000:]}\ndaphne log: {server.log.read_text()[-3000:]}"
    )
    assert result.returncode == 0, explain
    assert report.get("ok") is True, explain
    print(f"\nyjs-client over {layer}: {elapsed:.1f} s, {len(report['checks'])} checks passed")

    final = report["text"]
    assert "«Привет» — от v3. " in final
    assert " Ответ от v2 — ёж." in final
    assert "[офлайн-правка A]" in final
    assert stored_text(world.proposal) == final
    assert report["readerText"] not in stored_text(world.proposal)
