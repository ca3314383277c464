"""Realtime is infrastructure: it never imports the apps above it, exports its close codes to the
front end from one source, and reads its limits from one settings object."""

import ast
import re
from pathlib import Path

from realtime import export_codes, protocol
from realtime.conf import SETTING_NAMES, realtime_settings

ROOT = Path(__file__).resolve().parents[2]
HIGHER_APPS = ("proposals", "submissions")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_realtime_imports_no_app_above_it():
    files = sorted((ROOT / "realtime").rglob("*.py"))
    assert len(files) > 10
    upward = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in files
        for module in _imported_modules(path)
        if module.split(".")[0] in HIGHER_APPS
    }
    assert upward == set()


def test_the_committed_close_codes_module_is_the_generated_one():
    committed = (ROOT / "frontend" / "src" / "close-codes.js").read_text(encoding="utf-8")
    assert committed == export_codes.render()
    assert "TOO_LARGE: 4413," in committed


def test_every_close_code_is_exported_and_the_editor_has_no_literal_codes():
    codes = export_codes.close_codes()
    assert codes["FORBIDDEN"] == protocol.CLOSE_FORBIDDEN
    assert len(codes) == 8
    sources = sorted((ROOT / "frontend" / "src").rglob("*.js"))
    assert len(sources) >= 10
    importers = [path for path in sources if '/close-codes.js"' in path.read_text("utf-8")]
    assert len(importers) >= 2  # the document's socket and the comments' events socket
    for path in sources:
        if path.name == "close-codes.js":
            continue
        assert re.findall(r"\b4[45]\d\d\b", path.read_text("utf-8")) == [], path


def test_limits_follow_the_settings(settings):
    assert realtime_settings().max_document_bytes == settings.ACCORD_WS_MAX_DOCUMENT_BYTES
    settings.ACCORD_WS_MAX_DOCUMENT_BYTES = 1234
    assert realtime_settings().max_document_bytes == 1234
    assert all(hasattr(settings, name) for name in SETTING_NAMES.values())


def test_the_document_hooks_are_proposals():
    from proposals.live import LIVE_HOOKS
    from realtime.hooks import document_hooks

    assert document_hooks() is LIVE_HOOKS
