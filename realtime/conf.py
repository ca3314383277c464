"""The live-editing limits, read once from Django's settings into one typed object.

The defaults live in one place, `accord/settings.py` (each from its environment variable); the
realtime modules read `realtime_settings()` and never `django.conf.settings` themselves. The
object is rebuilt when a setting changes (`override_settings`, pytest-django's `settings`).
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


@dataclass(frozen=True)
class RealtimeSettings:
    max_sockets_per_user: int  # ACCORD_WS_MAX_SOCKETS_PER_USER
    max_message_bytes: int  # ACCORD_WS_MAX_MESSAGE_BYTES
    max_document_bytes: int  # ACCORD_WS_MAX_DOCUMENT_BYTES
    messages_per_second: float  # ACCORD_WS_MESSAGES_PER_SECOND
    message_burst: float  # ACCORD_WS_MESSAGE_BURST
    presence_per_second: float  # ACCORD_WS_PRESENCE_PER_SECOND
    presence_burst: float  # ACCORD_WS_PRESENCE_BURST
    max_presence_bytes: int  # ACCORD_WS_MAX_PRESENCE_BYTES
    presence_per_frame: int  # ACCORD_WS_PRESENCE_PER_FRAME
    presence_per_socket: int  # ACCORD_WS_PRESENCE_PER_SOCKET
    presence_per_room: int  # ACCORD_WS_PRESENCE_PER_ROOM
    presence_timeout_seconds: float  # ACCORD_PRESENCE_TIMEOUT_SECONDS
    presence_tick_ms: float  # ACCORD_PRESENCE_TICK_MS
    presence_renewal_seconds: float  # ACCORD_PRESENCE_RENEWAL_SECONDS
    role_recheck_seconds: float  # ACCORD_WS_ROLE_RECHECK_SECONDS
    room_idle_seconds: float  # ACCORD_ROOM_IDLE_SECONDS
    text_mirror_seconds: float  # ACCORD_TEXT_MIRROR_SECONDS
    compact_every: int  # ACCORD_COMPACT_EVERY
    version_pause_seconds: float  # ACCORD_VERSION_PAUSE_SECONDS
    group_rejoin_seconds: float  # ACCORD_GROUP_REJOIN_SECONDS
    direct_send: bool  # ACCORD_WS_DIRECT_SEND

    @property
    def part_budget(self) -> int:
        """The largest payload the server puts in one frame: the message limit, less a header.

        Daphne refuses to send a message above its own limit (`realtime.serve` sets it from
        `ACCORD_WS_MAX_MESSAGE_BYTES`), so every frame the server sends is built under it.
        """
        return max(4096, self.max_message_bytes - 64)


# Field → Django setting.
SETTING_NAMES: dict[str, str] = {
    "max_sockets_per_user": "ACCORD_WS_MAX_SOCKETS_PER_USER",
    "max_message_bytes": "ACCORD_WS_MAX_MESSAGE_BYTES",
    "max_document_bytes": "ACCORD_WS_MAX_DOCUMENT_BYTES",
    "messages_per_second": "ACCORD_WS_MESSAGES_PER_SECOND",
    "message_burst": "ACCORD_WS_MESSAGE_BURST",
    "presence_per_second": "ACCORD_WS_PRESENCE_PER_SECOND",
    "presence_burst": "ACCORD_WS_PRESENCE_BURST",
    "max_presence_bytes": "ACCORD_WS_MAX_PRESENCE_BYTES",
    "presence_per_frame": "ACCORD_WS_PRESENCE_PER_FRAME",
    "presence_per_socket": "ACCORD_WS_PRESENCE_PER_SOCKET",
    "presence_per_room": "ACCORD_WS_PRESENCE_PER_ROOM",
    "presence_timeout_seconds": "ACCORD_PRESENCE_TIMEOUT_SECONDS",
    "presence_tick_ms": "ACCORD_PRESENCE_TICK_MS",
    "presence_renewal_seconds": "ACCORD_PRESENCE_RENEWAL_SECONDS",
    "role_recheck_seconds": "ACCORD_WS_ROLE_RECHECK_SECONDS",
    "room_idle_seconds": "ACCORD_ROOM_IDLE_SECONDS",
    "text_mirror_seconds": "ACCORD_TEXT_MIRROR_SECONDS",
    "compact_every": "ACCORD_COMPACT_EVERY",
    "version_pause_seconds": "ACCORD_VERSION_PAUSE_SECONDS",
    "group_rejoin_seconds": "ACCORD_GROUP_REJOIN_SECONDS",
    "direct_send": "ACCORD_WS_DIRECT_SEND",
}


@cache
def realtime_settings() -> RealtimeSettings:
    """The current limits (a missing setting is an error: its default is in settings.py)."""
    return RealtimeSettings(
        **{field: getattr(settings, name) for field, name in SETTING_NAMES.items()}
    )


@receiver(setting_changed)
def _forget(*, setting: str, **_kwargs: Any) -> None:
    if setting in SETTING_NAMES.values():
        realtime_settings.cache_clear()
