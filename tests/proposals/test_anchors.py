"""Comment anchors survive concurrent edits: the server finds exactly the passage Yjs finds.

The browser makes anchors with Yjs (`Y.createRelativePositionFromTypeIndex`, start assoc 0, end
assoc -1). frontend/tests/anchors.mjs does the same in Node, lets several clients edit their own
copies at once, merges them and says where Yjs itself resolves the anchors; here pycrdt loads the
merged document and `proposals.anchors.span` must land on the very same passage.
"""

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pycrdt import Doc, Text

from proposals import anchors
from realtime.store import TEXT_NAME
from tests.conftest import require_service

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
HELPER = FRONTEND / "tests" / "anchors.mjs"

# Russian prose and its punctuation, plus characters outside the BMP (two UTF-16 units each).
ALPHABET = [*"abc XYZ.,\n#*-", *"абвгдеёжзийклмнопрстуфхцчшщыьэюяАБВЁЙ", *"«»—…😀🎉👍𝔸"]


class YjsHelper:
    """One Node process for the module; one JSON line in, one out."""

    def __init__(self, node: str):
        self.process = subprocess.Popen(
            [node, str(HELPER)],
            cwd=FRONTEND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )

    def __call__(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"the Node anchor helper died (exit {self.process.poll()})"
        answer = json.loads(line)
        assert "error" not in answer, answer["error"]
        return answer

    def close(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def yjs():
    node = shutil.which("node")
    require_service(node is not None, "Node.js is not installed")
    require_service(
        (FRONTEND / "node_modules" / "yjs" / "package.json").exists(),
        "frontend/node_modules/yjs is missing (run `make install`)",
    )
    helper = YjsHelper(node)
    yield helper
    helper.close()


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf16_to_bytes(text: str, units: int) -> int:
    """The UTF-8 byte offset of a UTF-16 offset that falls on a character boundary."""
    prefix = text.encode("utf-16-le")[: units * 2].decode("utf-16-le")
    return len(prefix.encode())


# Edits --------------------------------------------------------------------------------------------

PLACES = ["start", "end", "middle", "text_start", "text_end"]
edit_specs = st.lists(
    st.tuples(
        st.integers(0, 2),  # client
        st.sampled_from(["insert", "delete"]),
        st.sampled_from(PLACES),
        st.integers(-3, 3),  # shift from the place
        st.text(ALPHABET, min_size=1, max_size=5),  # inserted text
        st.integers(1, 8),  # deleted characters
    ),
    max_size=6,
)


def concrete_edits(initial: str, start: int, end: int, specs) -> tuple[list[dict], bool]:
    """Edits in each client's own copy (UTF-16 indexes), aimed around and inside the passage.

    Each client sees only the initial text and its own earlier edits (they edit at the same
    time), so the passage's place in its copy is tracked per client. Also returns whether no
    edit reached inside the passage (then its text must survive unchanged).
    """
    copies: dict[int, list] = {}
    edits, untouched = [], True
    for client, op, place, shift, inserted, count in specs:
        text, low, high = copies.setdefault(client, [initial, start, end])
        base = {
            "start": low,
            "end": high,
            "middle": (low + high) // 2,
            "text_start": 0,
            "text_end": len(text),
        }[place]
        index = min(max(base + shift, 0), len(text))
        if op == "insert":
            if low < index < high:
                untouched = False
            edits.append(
                {
                    "client": client,
                    "op": "insert",
                    "index": utf16_length(text[:index]),
                    "text": inserted,
                }
            )
            text = text[:index] + inserted + text[index:]
            low += len(inserted) if index <= low else 0
            high += len(inserted) if index < high else 0
        else:
            stop = min(index + count, len(text))
            if stop == index:
                continue
            if index < high and stop > low:
                untouched = False
            edits.append(
                {
                    "client": client,
                    "op": "delete",
                    "index": utf16_length(text[:index]),
                    "length": utf16_length(text[index:stop]),
                }
            )
            text = text[:index] + text[stop:]

            def moved(position, index=index, stop=stop):
                if position <= index:
                    return position
                return index if position < stop else position - (stop - index)

            low, high = moved(low), moved(high)
        copies[client] = [text, low, high]
    return edits, untouched


@st.composite
def scenarios(draw):
    pieces = draw(st.lists(st.text(ALPHABET, min_size=1, max_size=12), min_size=1, max_size=4))
    initial = "".join(pieces)
    start = draw(st.integers(0, len(initial) - 1))
    end = draw(st.integers(start + 1, len(initial)))
    edits, untouched = concrete_edits(initial, start, end, draw(edit_specs))
    return pieces, start, end, edits, untouched


def resolve_both(yjs, pieces, start, end, edits):
    """Ask Yjs, then pycrdt; return (merged text, the span, Yjs's UTF-16 start and end)."""
    initial = "".join(pieces)
    answer = yjs(
        {
            "initial": pieces,
            "from": utf16_length(initial[:start]),
            "to": utf16_length(initial[:end]),
            "edits": edits,
        }
    )
    doc = Doc()
    shared = doc.get(TEXT_NAME, type=Text)
    doc.apply_update(base64.b64decode(answer["update"]))
    assert str(shared) == answer["text"], "pycrdt and Yjs disagree about the merged text"
    passage = anchors.span(
        shared, base64.b64decode(answer["start"]), base64.b64decode(answer["end"])
    )
    return answer["text"], passage, answer["yjsStart"], answer["yjsEnd"]


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios())
@example(  # Cyrillic before the passage, which starts inside a run of one client's typing
    scenario=(["Привет, ", "мир 😀 ё"], 3, 10, [], True)
)
@example(  # the passage ends with an emoji: the end anchor names its second UTF-16 unit
    scenario=(["Итог — «да» 🎉", " и всё"], 5, 13, [], True)
)
def test_the_server_finds_exactly_the_passage_yjs_finds(yjs, scenario):
    pieces, start, end, edits, untouched = scenario
    text, passage, yjs_start, yjs_end = resolve_both(yjs, pieces, start, end, edits)

    expected_start = utf16_to_bytes(text, yjs_start)
    expected_end = utf16_to_bytes(text, yjs_end)
    assert (passage.start, passage.end) == (expected_start, expected_end)
    assert passage.text == text.encode()[expected_start:expected_end].decode()
    assert passage.detached == (yjs_start >= yjs_end)
    if untouched:
        assert passage.text == "".join(pieces)[start:end]


def test_a_passage_deleted_by_one_client_while_another_types_elsewhere_is_detached(yjs):
    pieces = ["Вступление. ", "Спорный абзац «как есть» — 😀. ", "Заключение."]
    initial = "".join(pieces)
    start = initial.index("Спорный")
    end = initial.index("Заключение")
    edits = [
        {
            "client": 0,
            "op": "delete",
            "index": utf16_length(initial[:start]),
            "length": utf16_length(initial[start:end]),
        },
        {"client": 1, "op": "insert", "index": 0, "text": "Новое начало — ё. "},
        {"client": 2, "op": "insert", "index": utf16_length(initial), "text": " Подпись 🎉"},
    ]
    text, passage, yjs_start, yjs_end = resolve_both(yjs, pieces, start, end, edits)
    assert yjs_start == yjs_end
    assert passage.detached
    assert passage.start == passage.end == utf16_to_bytes(text, yjs_start)
    assert passage.text == ""
    assert text == "Новое начало — ё. Вступление. Заключение. Подпись 🎉"


def test_a_passage_edited_around_keeps_its_words(yjs):
    pieces = ["«Пункт 1» — ", "ёлки 😀 и палки", "; конец"]
    initial = "".join(pieces)
    start, end = initial.index("ёлки"), initial.index("; конец")
    edits = [
        {"client": 0, "op": "insert", "index": 0, "text": "Преамбула. "},
        {"client": 1, "op": "insert", "index": utf16_length(initial[:end]), "text": "!!!"},
        {"client": 2, "op": "delete", "index": 0, "length": 1},
    ]
    _text, passage, _start, _end = resolve_both(yjs, pieces, start, end, edits)
    assert passage.text == "ёлки 😀 и палки"
    assert not passage.detached


@pytest.mark.parametrize("garbage", [b"", b"\x00", b"\xff" * 10, b"x" * 65])
def test_a_malformed_anchor_is_refused(garbage):
    doc = Doc()
    shared = doc.get(TEXT_NAME, type=Text)
    shared += "Текст"
    with pytest.raises(ValueError, match="invalid anchor"):
        anchors.resolve(shared, garbage)
