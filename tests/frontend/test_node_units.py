"""The browser code's pure parts (the Markdown commands, the table model, paste conversion) have
tests of their own for Node's test runner, frontend/tests/*.test.mjs; this runs them with the
suite, so `make test` and CI fail when one fails, or when Node is missing where it is required."""

import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_service

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


def test_frontend_unit_tests_pass_under_node():
    node = shutil.which("node")
    require_service(node is not None, "Node.js is not installed")
    require_service(
        (FRONTEND / "node_modules" / "turndown").is_dir(),
        "frontend/node_modules is not installed (make install)",
    )
    result = subprocess.run(
        [node, "--test", "tests/"],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
    assert "# pass 0" not in result.stdout  # the tests were found
