"""The editor's reading of internal material (frontend/src/internal-scan.js) is the server's
(proposals/internal.py): both are fed the same texts and must mark the same lines."""

import json
import random
import shutil
import subprocess
from pathlib import Path

from proposals import internal
from proposals.kinds import SECTION_KEYS, is_package_document
from tests.conftest import require_service

SCRIPT = Path(__file__).resolve().parents[2] / "frontend" / "tests" / "internal-scan.mjs"
STARTS = [start for starts in SECTION_KEYS.values() for start in starts]
LINES = [
    "# Закон",
    "## Пояснительная записка",
    "## Текст изменений {в законопроект}",
    "## План продвижения",
    "## Вопросы {внутреннее}",
    "## Вопросы {Internal} ##",
    "### Подробности {внутренний}",
    "#### Глубже",
    "## Особые положения {bill}",
    "## Ёлки {внутреннее} {в законопроект}",
    "::: внутреннее",
    "::: {internal}",
    ":::",
    "::::",
    "    ::: внутреннее",
    "```",
    "```python",
    "~~~",
    "~~~~",
    "``` {.lang}",
    "",
    "Обычный абзац с {внутреннее} внутри.",
    "- пункт",
    "> цитата",
    "    ## отступ",
    "## ",
]


def _python(text: str, keep) -> dict:
    lines, parts = internal._scan(text, keep)
    return {
        "lines": [n for n, line in enumerate(lines) if line.part is not None],
        # A passage's title is its first words, made on the server only.
        "titles": ["" if part.kind == internal.PASSAGE else part.title for part in parts],
        "kinds": [part.kind for part in parts],
    }


def test_editor_and_server_mark_the_same_lines():
    node = shutil.which("node")
    require_service(node is not None, "Node.js is not installed")
    chooser = random.Random(10)
    texts = ["\n".join(chooser.choices(LINES, k=chooser.randint(0, 25))) for _ in range(600)]
    requests = [{"text": text, "keep": keep} for text in texts for keep in (None, STARTS)]
    result = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    answers = json.loads(result.stdout)
    assert len(answers) == len(requests)
    mismatches = [
        (request, answer)
        for request, answer in zip(requests, answers, strict=True)
        if answer != _python(request["text"], is_package_document if request["keep"] else None)
    ]
    assert not mismatches, mismatches[:3]
    assert sum(bool(answer["lines"]) for answer in answers) > 300  # the texts do have parts
