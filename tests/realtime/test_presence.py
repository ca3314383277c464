"""The room's presence book: pycrdt's Awareness holds the states, a map holds who set which."""

from realtime import protocol
from realtime.rooms.presence import PresenceBook


def entry(client_id, clock, state):
    return protocol.AwarenessEntry(client_id, clock, state)


def test_the_book_starts_empty_and_keeps_newer_states_only():
    book = PresenceBook()
    assert book.states == {}
    alice = object()
    assert book.accept([entry(7, 1, {"a": 1})], connection=alice, connections={alice}) == [
        entry(7, 1, {"a": 1})
    ]
    assert book.awareness.states == {7: {"a": 1}}
    assert book.accept([entry(7, 1, {"a": 2})], connection=alice, connections={alice}) == []
    assert book.accept([entry(7, 2, {"a": 2})], connection=alice, connections={alice})
    assert book.states == {7: {"a": 2}}
    assert book.owner(7) is alice
    assert book.owned_by(alice) == 1


def test_a_state_from_another_process_has_no_owner():
    book = PresenceBook()
    alice = object()
    book.accept([entry(7, 1, {})], connection=alice, connections={alice})
    book.accept([entry(7, 2, {"far": True})], connection=None, connections={alice})
    assert book.owner(7) is None
    assert book.owned_by(alice) == 0
    assert book.states[7] == {"far": True}


def test_leaving_removes_the_connections_states_and_frees_its_ids():
    book = PresenceBook()
    alice, bob = object(), object()
    book.accept([entry(7, 3, {}), entry(8, 1, {})], connection=alice, connections={alice, bob})
    book.accept([entry(9, 1, {})], connection=bob, connections={alice, bob})
    removals = book.release(alice)
    assert removals == [entry(7, 4, None), entry(8, 2, None)]
    assert book.states == {7: None, 8: None, 9: {}}
    assert book.owner(7) is None
    assert [live.client_id for live in book.live()] == [9]
    # The same client id, reconnecting, sets its state again with a newer clock.
    assert book.accept([entry(7, 5, {})], connection=bob, connections={bob})
    assert book.owner(7) is bob


def test_a_removal_at_the_same_clock_is_taken_once():
    book = PresenceBook()
    alice = object()
    book.accept([entry(7, 2, {})], connection=alice, connections={alice})
    payload = protocol.encode_awareness([entry(7, 2, None)])
    assert book.is_news(payload)
    assert book.accept([entry(7, 2, None)], connection=alice, connections={alice})
    assert not book.is_news(payload)
    assert book.states == {7: None}


def test_a_full_room_forgets_removed_states_before_refusing(settings):
    settings.ACCORD_WS_PRESENCE_PER_ROOM = 2
    book = PresenceBook()
    alice = object()
    book.accept([entry(1, 1, {}), entry(2, 1, {})], connection=alice, connections={alice})
    assert book.accept([entry(3, 1, {})], connection=alice, connections={alice}) == []
    book.accept([entry(1, 2, None)], connection=alice, connections={alice})
    assert book.accept([entry(3, 1, {})], connection=alice, connections={alice})
    assert set(book.states) == {2, 3}
