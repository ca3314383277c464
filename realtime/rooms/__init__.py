"""Rooms: one per open document per process (see room.py); split into lifecycle (the
registry), fan-out, presence and persistence modules."""

from realtime.rooms.lifecycle import room_join, rooms_open, rooms_settled
from realtime.rooms.room import Room, UpdateRefused

__all__ = ["Room", "UpdateRefused", "room_join", "rooms_open", "rooms_settled"]
