"""Running the Node scripts of frontend/tests that drive stock Yjs clients against live servers:
each prints one JSON line, {"ok": true, ...} when all its checks passed."""

import json
import shutil
import subprocess
import time
from pathlib import Path

from tests.conftest import require_service

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


def node_or_skip() -> str:
    node = shutil.which("node")
    require_service(node is not None, "Node.js is not installed")
    for package in ("yjs", "ws", "y-websocket", "y-websocket-v2"):
        require_service(
            (FRONTEND / "node_modules" / package / "package.json").exists(),
            f"frontend/node_modules/{package} is missing (run `make install`)",
        )
    return node


def run_node_script(script: str, config: dict, *, servers, timeout: float) -> dict:
    """Runs frontend/tests/`script` with `config`; fails the test, with the script's output and
    the servers' logs, unless it exits 0 reporting ok. Returns the report and its `elapsed` s."""
    node = node_or_skip()
    started = time.monotonic()
    result = subprocess.run(
        [node, str(FRONTEND / "tests" / script), json.dumps(config)],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    elapsed = time.monotonic() - started
    try:
        report = json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        report = {}
    logs = "\n".join(f"daphne log: {server.log.read_text()[-3000:]}" for server in servers)
    explain = (
        f"exit {result.returncode} after {elapsed:.1f} s\nstdout: {result.stdout[-4000:]}\n"
        f"stderr: {result.stderr[-3000:]}\n{logs}"
    )
    assert result.returncode == 0, explain
    assert report.get("ok") is True, explain
    return {**report, "elapsed": elapsed}
