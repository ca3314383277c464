"""What the editor lets into the shared document (frontend/src/textsafety.js) is what the server
accepts (realtime/yupdate.py refuses lone surrogates and U+FFFD with 4422): the cleaned text
always passes, text without such characters is never touched."""

import json
import shutil
import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import require_service

SCRIPT = Path(__file__).resolve().parents[2] / "frontend" / "tests" / "textsafety.mjs"
PIECES = ["а", "ё", "Й", "😀", "e\u0301", "\ud83d", "\ude00", "\ufffd", " ", "\n", "«»", "x"]


def _clean(texts: list[str]) -> list[dict]:
    node = shutil.which("node")
    require_service(node is not None, "Node.js is not installed")
    done = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(texts),  # lone surrogates travel as \\ud83d escapes
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def _acceptable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\ufffd" not in text


def _as_javascript_reads(text: str) -> str:
    """JavaScript strings are UTF-16: a high and a low surrogate side by side are one character
    there (\\ud83d\\ude00 is 😀), while Python keeps them as two lone code points."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def test_known_cases():
    texts = ["Привет 😀", "до \ud83d после", "\ude00конец", "замена \ufffd", "e\u0301", ""]
    answers = _clean(texts)
    assert [a["unsafe"] for a in answers] == [False, True, True, True, False, False]
    assert [a["cleaned"] for a in answers] == [
        "Привет 😀",
        "до  после",
        "конец",
        "замена ",
        "e\u0301",
        "",
    ]


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), min_size=1, max_size=30)
)
def test_cleaned_text_is_what_the_server_accepts(texts):
    answers = _clean(texts)
    assert len(answers) == len(texts)
    for original, answer in zip(texts, answers, strict=True):
        text = _as_javascript_reads(original)
        assert _acceptable(answer["cleaned"])
        assert answer["unsafe"] == (not _acceptable(text))
        if _acceptable(text):
            assert answer["cleaned"] == text
