"""Versions: numbers, immutability, concurrent numbering, restore, diff, visits and history pages.

Live edits here go through `text_replace`, the same path a restore takes; the websocket side of
versions is in tests/realtime/test_versions_live.py.
"""

import hashlib
import re
import threading
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pycrdt import Doc, Text

from accord.models import Role
from proposals import diff
from proposals.models import Proposal, ProposalVisit, Version, VersionKind
from proposals.selectors import versions_changed_by_others
from proposals.services.versions import (
    apply_text,
    proposal_visit_record,
    text_replace,
    version_checkpoint,
    version_create,
    version_restore,
)
from realtime import store
from tests.conftest import require_service
from tests.factories import ProposalFactory

# Cyrillic (two bytes in UTF-8), ё, typography (three), an emoji (four), ASCII and newlines:
# pycrdt counts offsets in UTF-8 bytes, so every width must survive an edit.
ALPHABET = "абвгдеёжзий АБВ«»—.,xyz🙂"

paragraph = st.text(ALPHABET, min_size=0, max_size=40)
document = st.lists(paragraph, min_size=0, max_size=5).flatmap(
    lambda parts: st.sampled_from(["\n\n", "\n"]).map(lambda glue: glue.join(parts))
)


def live_text(proposal) -> str:
    return store.document_state(proposal_id=proposal.pk)[0]


def snapshot(proposal) -> dict[int, tuple]:
    """Every stored field of every version of the proposal, authors included."""
    return {
        version.number: (
            version.kind,
            version.label,
            version.note,
            version.text,
            version.sha256,
            bytes(version.state_vector),
            version.created_by_id,
            version.created_at,
            version.words_added,
            version.words_removed,
            version.restored_from,
            frozenset(version.authors.values_list("pk", flat=True)),
        )
        for version in Version.objects.filter(proposal=proposal).prefetch_related("authors")
    }


def named(proposal, label: str, **kwargs) -> Version:
    return version_create(proposal=proposal, kind=VersionKind.NAMED, label=label, **kwargs)


# Numbers and immutability -----------------------------------------------------------------------


def test_numbers_are_consecutive_from_one(world):
    editor = world.users[Role.EDITOR]
    first = named(world.proposal, "Первая", author=editor)
    text_replace(proposal=world.proposal, author=editor, target="Другой текст.\n")
    second = version_checkpoint(proposal=world.proposal, author=editor)
    third = named(world.proposal, "Третья", author=editor)
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert [v.kind for v in (first, second, third)] == ["named", "automatic", "named"]
    assert second.text == "Другой текст.\n"
    assert second.sha256 == hashlib.sha256("Другой текст.\n".encode()).hexdigest()


def test_numbers_are_per_proposal(world):
    other = ProposalFactory(group=world.group)
    named(world.proposal, "A")
    named(world.proposal, "B")
    assert named(other, "C").number == 1


def test_unchanged_automatic_checkpoint_makes_no_version(world):
    named(world.proposal, "Точка отсчёта")
    assert version_checkpoint(proposal=world.proposal) is None
    assert Version.objects.filter(proposal=world.proposal).count() == 1


def test_checkpoint_of_an_empty_new_proposal_makes_no_version(world):
    empty = ProposalFactory(group=world.group, text="")
    assert version_checkpoint(proposal=empty) is None
    assert not Version.objects.filter(proposal=empty).exists()


@pytest.mark.parametrize("label", ["", "   \n"])
def test_named_version_needs_a_label(world, label):
    with pytest.raises(ValidationError) as raised:
        named(world.proposal, label)
    assert "label" in raised.value.message_dict
    assert not Version.objects.filter(proposal=world.proposal).exists()


def test_named_version_is_made_even_when_the_text_is_unchanged(world):
    first = named(world.proposal, "Для рабочей группы")
    second = named(world.proposal, "Для правления", note="  Та же редакция.  ")
    assert (first.number, second.number) == (1, 2)
    assert first.text == second.text == world.proposal.text
    assert (second.label, second.note) == ("Для правления", "Та же редакция.")
    assert (second.words_added, second.words_removed) == (0, 0)


def test_no_service_updates_or_deletes_a_version(world):
    editor, coordinator = world.users[Role.EDITOR], world.users[Role.COORDINATOR]
    named(world.proposal, "Исходная", author=editor)
    text_replace(proposal=world.proposal, author=editor, target="Второй вариант.\n")
    version_checkpoint(proposal=world.proposal)
    before = snapshot(world.proposal)
    table = Version._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        text_replace(proposal=world.proposal, author=coordinator, target="Третий вариант.\n")
        version_checkpoint(proposal=world.proposal, author=coordinator)
        version_checkpoint(proposal=world.proposal)  # unchanged: nothing
        named(world.proposal, "Ещё одна", author=coordinator)
        version_restore(
            proposal=world.proposal,
            version=Version.objects.get(proposal=world.proposal, number=1),
            author=coordinator,
        )
        proposal_visit_record(proposal=world.proposal, user=editor)
    changes_a_version = re.compile(
        rf'^\s*(UPDATE|DELETE\s+FROM)\s+"?({table}|{table}_authors)"?\s', re.IGNORECASE
    )
    writes = [q["sql"] for q in queries.captured_queries if changes_a_version.match(q["sql"])]
    assert writes == []
    after = snapshot(world.proposal)
    assert {number: after[number] for number in before} == before
    assert sorted(after) == list(range(1, len(after) + 1))


def test_words_added_and_removed_are_counted_against_the_previous_version(world):
    first = named(world.proposal, "A", text="Один два три.\n")
    second = named(world.proposal, "B", text="Один два четыре пять.\n")
    assert (first.words_added, first.words_removed) == (3, 0)
    assert (second.words_added, second.words_removed) == (2, 1)


def test_restore_of_another_proposals_version_is_refused(world):
    other = ProposalFactory(group=world.group, text="Чужой текст.\n")
    foreign = named(other, "Чужая")
    with pytest.raises(ValidationError):
        version_restore(proposal=world.proposal, version=foreign, author=world.users[Role.EDITOR])
    assert not Version.objects.filter(proposal=world.proposal).exists()


def test_restore_of_the_current_text_is_refused_and_records_nothing(world):
    version = named(world.proposal, "Текущая")
    with pytest.raises(ValidationError):
        version_restore(proposal=world.proposal, version=version, author=world.users[Role.EDITOR])
    assert Version.objects.filter(proposal=world.proposal).count() == 1


def test_restore_on_an_archived_proposal_is_refused_whoever_calls(world):
    from proposals.services import proposal_update

    coordinator = world.users[Role.COORDINATOR]
    first = named(world.proposal, "Исходная")
    text_replace(proposal=world.proposal, author=coordinator, target="Позднейший текст.\n")
    stale = Proposal.objects.get(pk=world.proposal.pk)  # loaded before the archiving
    proposal_update(proposal=Proposal.objects.get(pk=world.proposal.pk), archived=True)
    numbers = list(Version.objects.filter(proposal=world.proposal).values_list("number", flat=True))
    with pytest.raises(ValidationError):
        version_restore(proposal=stale, version=first, author=coordinator)
    after = Version.objects.filter(proposal=world.proposal).values_list("number", flat=True)
    assert list(after) == numbers
    assert store.document_state(proposal_id=world.proposal.pk)[0] == "Позднейший текст.\n"
    # Positive control: the same restore goes through once the proposal is back from the archive.
    proposal_update(proposal=Proposal.objects.get(pk=world.proposal.pk), archived=False)
    restored = version_restore(proposal=stale, version=first, author=coordinator)
    assert restored.restored_from == first.number
    assert store.document_state(proposal_id=world.proposal.pk)[0] == first.text


def test_restore_records_the_restorer_as_an_author(world):
    editor, coordinator = world.users[Role.EDITOR], world.users[Role.COORDINATOR]
    first = named(world.proposal, "Исходная")
    text_replace(proposal=world.proposal, author=editor, target="Правка редактора.\n")
    restored = version_restore(proposal=world.proposal, version=first, author=coordinator)
    checkpoint = Version.objects.get(proposal=world.proposal, number=2)
    assert checkpoint.kind == VersionKind.AUTOMATIC
    assert set(checkpoint.authors.all()) == {editor}
    assert (restored.number, restored.kind, restored.restored_from) == (3, "restore", 1)
    assert coordinator in restored.authors.all()
    assert Proposal.objects.get(pk=world.proposal.pk).text == first.text


# Concurrent numbering (PostgreSQL) --------------------------------------------------------------


def _create_at_once(proposal, labels_per_thread: list[list[str]]) -> list[BaseException]:
    """Each thread makes its versions; all start together at a barrier."""
    barrier = threading.Barrier(len(labels_per_thread))
    errors: list[BaseException] = []

    def work(labels):
        try:
            barrier.wait(timeout=10)
            for label in labels:
                version_create(proposal=proposal, kind=VersionKind.NAMED, label=label)
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(labels,)) for labels in labels_per_thread]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def _require_postgresql():
    require_service(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_versions_made_at_once_get_distinct_consecutive_numbers(world):
    _require_postgresql()
    errors = _create_at_once(world.proposal, [["Первый поток"], ["Второй поток"]])
    assert errors == []
    versions = Version.objects.filter(proposal=world.proposal).order_by("number")
    assert [version.number for version in versions] == [1, 2]
    assert {version.label for version in versions} == {"Первый поток", "Второй поток"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_threads_making_versions_never_collide(world):
    _require_postgresql()
    threads, calls = 8, 3
    labels = [[f"Поток {t}, версия {c}" for c in range(calls)] for t in range(threads)]
    errors = _create_at_once(world.proposal, labels)
    assert errors == []
    versions = list(Version.objects.filter(proposal=world.proposal).order_by("number"))
    assert [version.number for version in versions] == list(range(1, threads * calls + 1))
    assert {version.label for version in versions} == {label for row in labels for label in row}
    # Each thread's own versions are in the order it made them.
    for row in labels:
        numbers = [next(v.number for v in versions if v.label == label) for label in row]
        assert numbers == sorted(numbers)


# Restore round trip (property) ------------------------------------------------------------------

steps = st.lists(
    st.tuples(document, st.sampled_from(["none", "named", "checkpoint"])), min_size=1, max_size=6
)


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps, data=st.data())
def test_restoring_a_version_brings_back_exactly_its_text_and_loses_nothing(world, steps, data):
    editor, coordinator = world.users[Role.EDITOR], world.users[Role.COORDINATOR]
    proposal = ProposalFactory(group=world.group)
    named(proposal, "Начало", author=editor)
    for target, make in steps:
        assert text_replace(proposal=proposal, author=editor, target=target) == target
        assert live_text(proposal) == target
        if make == "named":
            named(proposal, "Шаг", author=editor)
        elif make == "checkpoint":
            version_checkpoint(proposal=proposal)
    before = snapshot(proposal)
    number = data.draw(st.sampled_from(sorted(before)), label="restore version")
    version = Version.objects.get(proposal=proposal, number=number)
    current = live_text(proposal)
    latest = Version.objects.filter(proposal=proposal).order_by("-number").first()

    if current == version.text:
        with pytest.raises(ValidationError):
            version_restore(proposal=proposal, version=version, author=coordinator)
        assert snapshot(proposal) == before
        return

    restored = version_restore(proposal=proposal, version=version, author=coordinator)
    after = snapshot(proposal)
    assert live_text(proposal) == version.text
    assert Proposal.objects.get(pk=proposal.pk).text == version.text
    assert {n: after[n] for n in before} == before  # nothing changed, nothing deleted
    checkpointed = current != latest.text
    assert len(after) == len(before) + (2 if checkpointed else 1)
    assert (restored.number, restored.kind) == (max(after), VersionKind.RESTORE)
    assert (restored.restored_from, restored.text) == (number, version.text)
    if checkpointed:
        checkpoint = Version.objects.get(proposal=proposal, number=restored.number - 1)
        assert (checkpoint.kind, checkpoint.text) == (VersionKind.AUTOMATIC, current)


# apply_text (property) --------------------------------------------------------------------------

wide_text = st.text(ALPHABET + "\n\r\u2028", max_size=60)


def _apply(current: str, target: str) -> Doc:
    doc = Doc()
    shared = doc.get(store.TEXT_NAME, type=Text)
    shared += current
    with doc.transaction():
        apply_text(shared, current, target)
    return doc


@hypothesis_settings(max_examples=300, deadline=None)
@given(current=wide_text, target=wide_text)
def test_apply_text_turns_any_text_into_any_other(current, target):
    doc = _apply(current, target)
    assert str(doc.get(store.TEXT_NAME, type=Text)) == target


@hypothesis_settings(max_examples=200, deadline=None)
@given(current=st.text(max_size=40), target=st.text(max_size=40))
def test_apply_text_handles_any_unicode(current, target):
    doc = _apply(current, target)
    assert str(doc.get(store.TEXT_NAME, type=Text)) == target


def test_apply_text_leaves_untouched_paragraphs_alone():
    """A concurrent edit inside an unchanged paragraph survives a replace of another one."""
    current = "Первый абзац — «да».\n\nВторой абзац.\n"
    target = "Первый абзац — «да».\n\nВторой абзац, исправленный.\n"
    doc = Doc()
    shared = doc.get(store.TEXT_NAME, type=Text)
    shared += current
    other = Doc()
    other.apply_update(doc.get_update())
    other_text = other.get(store.TEXT_NAME, type=Text)
    other_text.insert(len("Первый".encode()), " важный")
    with doc.transaction():
        apply_text(shared, current, target)
    doc.apply_update(other.get_update())
    assert str(shared) == "Первый важный абзац — «да».\n\nВторой абзац, исправленный.\n"


# Diff ------------------------------------------------------------------------------------------

MALICIOUS = (
    "Обычный абзац.\n\n"
    "<script>alert(1)</script>\n\n"
    "<img src=x onerror=alert(1)>\n\n"
    '[ссылка](javascript:alert(1)) и <a href="javascript:alert(1)">клик</a>\n\n'
    '<iframe src="javascript:alert(1)"></iframe><svg onload=alert(1)>\n'
)
DANGEROUS_TAGS = {"script", "img", "iframe", "svg", "a", "object", "embed", "style", "link"}


class _Markup(HTMLParser):
    """Every tag and attribute of a fragment, and the text inside <script> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _parse(markup: str) -> _Markup:
    parser = _Markup()
    parser.feed(markup)
    parser.close()
    return parser


def assert_inert(fragment: str) -> None:
    """No executable construct: no dangerous element, no event handler, no script URL."""
    markup = _parse(fragment)
    assert not DANGEROUS_TAGS & set(markup.tags), markup.tags
    assert not [name for name, _value in markup.attributes if name.startswith("on")]
    assert not [v for _n, v in markup.attributes if v and "javascript:" in v.lower()]


def _changes_html(page: str) -> str:
    """The compare page's changes: its `div.changes` element, up to the matching end tag."""
    start = page.index('<div class="changes')
    depth = 0
    for tag in re.finditer(r"<(/?)div\b", page[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return page[start : start + tag.end()]
    raise AssertionError("the changes container is not closed")


@pytest.fixture
def malicious(world):
    first = named(world.proposal, "Чистая", text="Обычный абзац.\n")
    second = named(world.proposal, "С разметкой", text=MALICIOUS)
    return first, second


@pytest.mark.parametrize("view", ["markdown", "side"])
def test_compare_page_shows_markup_as_text(client, world, malicious, view):
    client.force_login(world.users[Role.OBSERVER])
    url = reverse("proposal_compare", args=[world.proposal.public_id])
    response = client.get(url, {"from": 1, "to": 2, "view": view})
    assert response.status_code == 200
    page = response.content.decode()
    changes = _changes_html(page)
    assert_inert(changes)
    for visible in (
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "<iframe",
    ):
        assert visible in "".join(_text_of(changes))
    # Nowhere on the page does the version's markup run.
    whole = _parse(page)
    assert not [script for script in whole.scripts if "alert(1)" in script]
    assert not [name for name, _value in whole.attributes if name.startswith("on")]


def test_formatted_redline_of_markup_is_sanitized(client, world, malicious):
    """The default, formatted view renders the Markdown: the sanitizer removes the markup."""
    client.force_login(world.users[Role.OBSERVER])
    url = reverse("proposal_compare", args=[world.proposal.public_id])
    page = client.get(url, {"from": 1, "to": 2}).content.decode()
    markup = _parse(_changes_html(page))
    assert not {"script", "img", "iframe", "svg", "object", "embed", "style"} & set(markup.tags)
    assert not [name for name, _value in markup.attributes if name.startswith("on")]
    assert not [v for _n, v in markup.attributes if v and "javascript:" in v.lower()]
    assert "ins" in markup.tags


def _text_of(markup: str) -> list[str]:
    texts: list[str] = []

    class Collector(HTMLParser):
        def handle_data(self, data):
            texts.append(data)

    Collector(convert_charrefs=True).feed(markup)
    return texts


def test_diff_api_html_is_sanitized(client, world, malicious):
    client.force_login(world.users[Role.COMMENTER])
    url = f"/api/proposals/{world.proposal.public_id}/diff/"
    body = client.get(url, {"from": 1, "to": 2}).json()
    assert_inert(body["html"])
    assert "<script>alert(1)</script>" in "".join(_text_of(body["html"]))
    inserted = "".join(change["text"] for change in body["changes"] if change["op"] == "insert")
    assert "<script>alert(1)</script>" in inserted  # the structured changes are plain text


def test_version_page_renders_markup_inert(client, world, malicious):
    client.force_login(world.users[Role.OBSERVER])
    page = client.get(reverse("version_detail", args=[world.proposal.public_id, 2]))
    whole = _parse(page.content.decode())
    assert not [script for script in whole.scripts if "alert(1)" in script]
    assert not [name for name, _value in whole.attributes if name.startswith("on")]
    assert not [v for _n, v in whole.attributes if v and "javascript:" in v.lower()]


class _Columns(HTMLParser):
    """The text of the side-by-side table's old and new columns (a <br> is a line break)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.columns = {"sbs-old": [], "sbs-new": []}
        self._column = None

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self._column = dict(attrs).get("class")
        elif tag == "br" and self._column:
            self.columns[self._column].append("\n")

    def handle_endtag(self, tag):
        if tag == "td":
            self._column = None

    def handle_data(self, data):
        if self._column:
            self.columns[self._column].append(data)


markup_text = st.text(ALPHABET + "<>&\"'/= \n", max_size=60)


@hypothesis_settings(max_examples=150, deadline=None)
@given(old=markup_text, new=markup_text)
def test_diff_html_is_always_inert_and_shows_both_texts_exactly(old, new):
    blocks = diff.compare(old, new)
    redline, side = diff.redline_html(blocks), diff.side_by_side_html(blocks)
    for markup in (redline, side):
        assert_inert(markup)
        assert set(_parse(markup).tags) <= {"div", "ins", "del", "br", "table", "tbody", "tr", "td"}
    shown = "".join(_text_of(redline.replace("<br>", "\n")))
    assert shown == "".join(segment.text for segment in diff.redline_segments(blocks))
    columns = _Columns()
    columns.feed(side)
    assert "".join(columns.columns["sbs-old"]) == old
    assert "".join(columns.columns["sbs-new"]) == new


def test_word_counts_of_a_change():
    blocks = diff.compare("Один два три.\n", "Один два четыре пять.\n")
    assert diff.counts(blocks) == (2, 1)
    assert diff.structured(blocks) == [
        {"op": "delete", "text": "три"},
        {"op": "insert", "text": "четыре пять"},
    ]


def test_moved_paragraph_is_a_move_not_a_deletion_and_an_insertion():
    old = "Первый абзац.\n\nВторой абзац про налоги.\n\nТретий абзац.\n"
    new = "Второй абзац про налоги.\n\nПервый абзац.\n\nТретий абзац.\n"
    blocks = diff.compare(old, new)
    ops = [segment["op"] for segment in diff.structured(blocks)]
    assert sorted(ops) == ["moved_from", "moved_to"]
    assert diff.counts(blocks) == (0, 0)
    assert 'class="moved"' in diff.redline_html(blocks)


def test_a_moved_paragraph_keeps_its_place_among_new_ones():
    """Moved to the top with a new paragraph under it: both columns read in the texts' order."""
    old = "Вступление.\n\nПеренесённый пункт.\n"
    new = "Перенесённый пункт.\n\nНовый пункт.\n\nВступление.\n"
    blocks = diff.compare(old, new)
    assert "".join(segment.text for block in blocks for segment in block.new) == new
    assert "".join(segment.text for block in blocks for segment in block.old) == old
    shown_new = [s for s in diff.redline_segments(blocks) if s.op not in ("delete", "moved_from")]
    assert "".join(segment.text for segment in shown_new) == new
    assert diff.counts(blocks) == (2, 0)


def test_a_paragraph_deleted_twice_and_inserted_once_is_one_move_and_one_deletion():
    old = "Повтор.\n\nПовтор.\n\nОснова.\n\nИтог.\n"
    new = "Основа.\n\nИтог.\n\nПовтор.\n"
    blocks = diff.compare(old, new)
    ops = [segment["op"] for segment in diff.structured(blocks)]
    assert sorted(ops) == ["delete", "moved_from", "moved_to"]
    assert diff.counts(blocks) == (0, 1)  # one "Повтор" is gone for good


paragraph_pool = st.sampled_from(["Первый.", "Второй — «да».", "Третий ё.", "Четвёртый 🙂", "x"])
pooled_document = st.lists(paragraph_pool, max_size=6).map(
    lambda parts: "\n\n".join(parts) + ("\n" if parts else "")
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(old=pooled_document, new=pooled_document)
def test_side_by_side_columns_are_the_two_texts_in_order(old, new):
    """Paragraphs drawn from a small pool, so that moves and repeats are frequent."""
    blocks = diff.compare(old, new)
    assert "".join(segment.text for block in blocks for segment in block.old) == old
    assert "".join(segment.text for block in blocks for segment in block.new) == new
    ops = [block.op for block in blocks]
    assert ops.count(diff.MOVED_FROM) == ops.count(diff.MOVED_TO)


def test_diff_api_gives_structured_changes(client, world):
    named(world.proposal, "A", text="Первый абзац.\n\nВторой абзац.\n\nТретий абзац.\n")
    named(world.proposal, "B", text="Второй абзац.\n\nПервый абзац.\n\nТретий абзац, новый.\n")
    client.force_login(world.users[Role.OBSERVER])
    response = client.get(f"/api/proposals/{world.proposal.public_id}/diff/", {"from": 1, "to": 2})
    assert response.status_code == 200
    body = response.json()
    assert (body["from_version"], body["to_version"]) == (1, 2)
    assert (body["words_added"], body["words_removed"]) == (1, 0)
    ops = {(change["op"], change["text"].strip()) for change in body["changes"]}
    assert ("insert", ", новый") in ops
    assert {op for op, _text in ops} == {"insert", "moved_from", "moved_to"}
    moved = {op: text for op, text in ops if op.startswith("moved")}
    assert moved["moved_from"] == moved["moved_to"] in {"Первый абзац.", "Второй абзац."}


@pytest.mark.parametrize("query", [{}, {"from": "x", "to": "2"}, {"from": "1"}])
def test_diff_api_needs_two_numbers(client, world, query):
    named(world.proposal, "A")
    client.force_login(world.users[Role.OBSERVER])
    url = f"/api/proposals/{world.proposal.public_id}/diff/"
    assert client.get(url, query).status_code == 400


def test_diff_of_an_unknown_version_is_404(client, world):
    named(world.proposal, "A")
    client.force_login(world.users[Role.OBSERVER])
    url = f"/api/proposals/{world.proposal.public_id}/diff/"
    assert client.get(url, {"from": 1, "to": 9}).status_code == 404
    compare = reverse("proposal_compare", args=[world.proposal.public_id])
    assert client.get(compare, {"from": 1, "to": 9}).status_code == 404
    assert client.get(compare, {"from": "x"}).status_code == 404


# Changes since my last visit --------------------------------------------------------------------


def test_history_links_the_changes_since_my_last_visit(client, world):
    observer = world.users[Role.OBSERVER]
    history = reverse("proposal_history", args=[world.proposal.public_id])
    compare = reverse("proposal_compare", args=[world.proposal.public_id])
    named(world.proposal, "Первая")
    client.force_login(observer)

    first = client.get(history).content.decode()
    visit = ProposalVisit.objects.get(proposal=world.proposal, user=observer)
    assert visit.version_number == 1
    assert f"{compare}?from=1&amp;to=" not in first

    text_replace(proposal=world.proposal, author=world.users[Role.EDITOR], target="Новое.\n")
    version_checkpoint(proposal=world.proposal)
    named(world.proposal, "Третья")
    second = client.get(history).content.decode()
    assert f"{compare}?from=1&amp;to=3" in second.split('class="columns"')[0]
    visit.refresh_from_db()
    assert visit.version_number == 3

    third = client.get(history).content.decode()
    assert "?from=1&amp;to=3" not in third.split('class="columns"')[0]


def test_my_own_save_is_not_news_but_another_members_is(client, world):
    """Two members: the banner counts only the other one's versions, never one's own save."""
    editor, coordinator = world.users[Role.EDITOR], world.users[Role.COORDINATOR]
    history = reverse("proposal_history", args=[world.proposal.public_id])
    named(world.proposal, "Первая", author=editor)
    client.force_login(editor)
    client.get(history)

    text_replace(proposal=world.proposal, author=editor, target="Моя правка.\n")
    named(world.proposal, "Моя", author=editor)
    mine = client.get(history).content.decode().split('class="columns"')[0]
    assert "since your last visit" not in mine
    assert "с вашего последнего" not in mine
    assert "?from=1&amp;to=2" not in mine

    text_replace(proposal=world.proposal, author=coordinator, target="Правка координатора.\n")
    named(world.proposal, "Чужая", author=coordinator)
    text_replace(proposal=world.proposal, author=editor, target="Снова моя.\n")
    named(world.proposal, "Снова моя", author=editor)
    theirs = client.get(history).content.decode().split('class="columns"')[0]
    assert "?from=2&amp;to=4" in theirs
    assert "1" in theirs.split("notice--info")[1].split("</p>")[0]

    assert [
        v.number for v in versions_changed_by_others(proposal=world.proposal, user=editor, after=1)
    ] == [3]
    assert [
        v.number
        for v in versions_changed_by_others(proposal=world.proposal, user=coordinator, after=1)
    ] == [2, 4]


def test_visit_record_returns_what_was_seen_before(world):
    editor = world.users[Role.EDITOR]
    assert proposal_visit_record(proposal=world.proposal, user=editor) == 0
    named(world.proposal, "A")
    named(world.proposal, "B")
    assert proposal_visit_record(proposal=world.proposal, user=editor) == 0
    assert proposal_visit_record(proposal=world.proposal, user=editor) == 2
    assert ProposalVisit.objects.filter(proposal=world.proposal, user=editor).count() == 1


# History pages and API at length -----------------------------------------------------------------


@pytest.fixture
def long_history(world):
    """120 versions written directly (immutable rows, so bulk is faithful), each with authors."""
    authors = [world.users[Role.EDITOR], world.users[Role.COORDINATOR]]
    versions = Version.objects.bulk_create(
        Version(
            proposal=world.proposal,
            number=number,
            kind=VersionKind.AUTOMATIC if number % 3 else VersionKind.NAMED,
            label="" if number % 3 else f"Метка {number}",
            text=f"Текст версии {number}.\n",
            sha256=hashlib.sha256(f"Текст версии {number}.\n".encode()).hexdigest(),
            created_by=authors[number % 2],
            words_added=number,
        )
        for number in range(1, 121)
    )
    Through = Version.authors.through
    Through.objects.bulk_create(
        Through(version_id=version.pk, user_id=author.pk)
        for version in versions
        for author in authors[: 1 + version.number % 2]
    )
    return versions


def test_history_pages_stay_within_a_query_budget(
    client, world, long_history, django_assert_max_num_queries
):
    client.force_login(world.users[Role.OBSERVER])
    url = reverse("proposal_history", args=[world.proposal.public_id])
    # The first visit also creates the visit row: get_or_create adds an INSERT and savepoints.
    # The version picker costs two more (the versions and their authors), at any length.
    with django_assert_max_num_queries(18):
        first = client.get(url)
    with django_assert_max_num_queries(15) as newest:
        client.get(url)
    with django_assert_max_num_queries(15) as oldest:
        third = client.get(url, {"page": 3})
    assert len(oldest) == len(newest)  # 50 versions cost what 20 do: no query per version
    assert [v.number for v in first.context["page"].object_list] == list(range(120, 70, -1))
    assert [v.number for v in third.context["page"].object_list] == list(range(20, 0, -1))
    page = third.content.decode()
    detail = [reverse("version_detail", args=[world.proposal.public_id, n]) for n in (1, 20, 21)]
    assert detail[0] in page
    assert detail[1] in page
    assert detail[2] not in page
    assert world.users[Role.COORDINATOR].display_name in page


def test_version_list_api_stays_within_a_query_budget(
    client, world, long_history, django_assert_max_num_queries
):
    client.force_login(world.users[Role.OBSERVER])
    url = f"/api/proposals/{world.proposal.public_id}/versions/"
    with django_assert_max_num_queries(8) as newest:
        first = client.get(url).json()
    with django_assert_max_num_queries(8) as oldest:
        third = client.get(url, {"page": 3}).json()
    assert len(oldest) == len(newest)
    assert first["count"] == 120
    assert [item["number"] for item in first["results"]] == list(range(120, 70, -1))
    assert [item["number"] for item in third["results"]] == list(range(20, 0, -1))
    assert "text" not in third["results"][0]
    names = {author["display_name"] for author in third["results"][0]["authors"]}
    assert names == {world.users[Role.EDITOR].display_name}


# The API's versions -----------------------------------------------------------------------------


def test_api_creates_a_named_version_and_refuses_a_blank_label(client, world):
    client.force_login(world.users[Role.EDITOR])
    url = f"/api/proposals/{world.proposal.public_id}/versions/"
    made = client.post(url, {"label": "Для правления", "note": "Заметка"}, "application/json")
    assert made.status_code == 201
    assert made.json()["number"] == 1
    assert made.json()["text"] == world.proposal.text
    assert made.json()["authors"] == []  # the seed text has no author
    blank = client.post(url, {"label": "   "}, "application/json")
    assert blank.status_code == 400
    assert Version.objects.filter(proposal=world.proposal).count() == 1


def test_api_restore_brings_back_the_text(client, world):
    editor = world.users[Role.EDITOR]
    named(world.proposal, "Исходная")
    text_replace(proposal=world.proposal, author=editor, target="Совсем другое.\n")
    client.force_login(world.users[Role.COORDINATOR])
    url = f"/api/proposals/{world.proposal.public_id}/versions/1/restore/"
    response = client.post(url)
    assert response.status_code == 201
    assert (response.json()["number"], response.json()["restored_from"]) == (3, 1)
    assert live_text(world.proposal) == world.proposal.text
    again = client.post(url)
    assert again.status_code == 400
    assert Version.objects.filter(proposal=world.proposal).count() == 3


def test_archived_proposal_cannot_be_restored(client, world):
    named(world.proposal, "Исходная")
    text_replace(proposal=world.proposal, author=world.users[Role.EDITOR], target="Другое.\n")
    Proposal.objects.filter(pk=world.proposal.pk).update(archived=True)
    client.force_login(world.users[Role.COORDINATOR])
    api = f"/api/proposals/{world.proposal.public_id}/versions/1/restore/"
    assert client.post(api).status_code == 403
    page = reverse("version_restore", args=[world.proposal.public_id, 1])
    assert client.post(page, {"confirm": "1"}).status_code == 302
    assert live_text(world.proposal) == "Другое.\n"
    assert Version.objects.filter(proposal=world.proposal).count() == 1


# Download ---------------------------------------------------------------------------------------


def test_download_gives_exactly_the_versions_text_as_an_attachment(client, world):
    text = "# Заголовок\r\n\nТекст — «ёлочки» 🙂\n\n<script>не выполняется</script>\n"
    version = named(world.proposal, "Для скачивания", text=text)
    client.force_login(world.users[Role.OBSERVER])
    url = reverse("version_download", args=[world.proposal.public_id, version.number])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == text.encode()
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="proposal-{world.proposal.public_id}-v1.md"' in disposition
    assert "filename*=UTF-8''" in disposition
