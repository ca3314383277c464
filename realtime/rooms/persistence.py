"""Persistence: what a room writes besides the update log, and when.

- the text mirror: `on_text_changed` once edits settle (`ACCORD_TEXT_MIRROR_SECONDS` after the
  first, then as long as more come), and on unload;
- compaction: every `ACCORD_COMPACT_EVERY` appended updates, and on unload;
- the version timer: `on_idle` after `ACCORD_VERSION_PAUSE_SECONDS` without edits (a change
  resets it), when the last editor leaves, and on unload.
"""

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from channels.db import database_sync_to_async

from realtime import store
from realtime.conf import realtime_settings
from realtime.hooks import document_hooks

logger = logging.getLogger(__name__)

Spawn = Callable[[Coroutine[Any, Any, None]], "asyncio.Task[None]"]


class Persistence:
    def __init__(self, *, document_id: int, text: Callable[[], str], spawn: Spawn) -> None:
        self.document_id = document_id
        self._text = text
        self._spawn = spawn
        self.dirty = False  # the text changed since the last mirror
        self.unversioned = False  # changes since the last automatic version
        self._appended = 0
        self._mirror_task: asyncio.Task[None] | None = None
        self._compact_task: asyncio.Task[None] | None = None
        self._version_handle: asyncio.TimerHandle | None = None

    def changed(self) -> None:
        """An update was appended: schedule the mirror, a compaction, the version timer."""
        self._appended += 1
        self.dirty = True
        if self._mirror_task is None or self._mirror_task.done():
            self._mirror_task = self._spawn(self._mirror_later())
        if self._appended >= realtime_settings().compact_every and (
            self._compact_task is None or self._compact_task.done()
        ):
            self._appended = 0
            self._compact_task = self._spawn(self.compact())
        self._version_later()

    async def _mirror_later(self) -> None:
        await asyncio.sleep(realtime_settings().text_mirror_seconds)
        while self.dirty:
            await self.mirror_now()

    async def mirror_now(self) -> None:
        self.dirty = False
        try:
            await database_sync_to_async(document_hooks().on_text_changed)(
                document_id=self.document_id, text=self._text()
            )
        except Exception:
            logger.exception("room %s could not mirror its text", self.document_id)
            self.dirty = True
            await asyncio.sleep(1.0)

    def _version_later(self) -> None:
        self.unversioned = True
        if self._version_handle is not None:
            self._version_handle.cancel()
        self._version_handle = asyncio.get_running_loop().call_later(
            realtime_settings().version_pause_seconds,
            lambda: self._spawn(self.make_version()),
        )

    async def make_version(self) -> None:
        """Let the app record the stored text (`on_idle`), if it changed since the last time."""
        if self._version_handle is not None:
            self._version_handle.cancel()
            self._version_handle = None
        if not self.unversioned:
            return
        self.unversioned = False
        try:
            await database_sync_to_async(document_hooks().on_idle)(document_id=self.document_id)
        except Exception:
            logger.exception("room %s could not make an automatic version", self.document_id)
            self.unversioned = True

    async def compact(self) -> None:
        try:
            await database_sync_to_async(store.document_compact)(proposal_id=self.document_id)
        except Exception:
            logger.exception("room %s could not compact", self.document_id)
