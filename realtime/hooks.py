"""What realtime asks of the app whose documents it serves, as Hocuspocus's extensions do.

Realtime is infrastructure: it knows documents by id and never imports the apps above it. The
app that owns the documents (proposals) registers its hooks once, in `AppConfig.ready()`:

- `authorize(user=, public_id=)` → `Access`, or raises Http404 / PermissionDenied;
- `seed_text(document_id=)` → the text a document starts from the first time it is opened;
- `on_text_changed(document_id=, text=)` → the live text, after edits (the app mirrors it);
- `on_idle(document_id=)` → editing paused or the last editor left (the app records a version).

Hooks are synchronous (they use the ORM): rooms call them through `database_sync_to_async`.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Access:
    """What a user may do with a document, as the owning app's rules decide."""

    document_id: int
    public_id: uuid.UUID
    can_write: bool
    name: str  # shown to the others in the user's presence


@dataclass(frozen=True)
class DocumentHooks:
    authorize: Callable[..., Access]
    seed_text: Callable[..., str]
    on_text_changed: Callable[..., Any]
    on_idle: Callable[..., Any]


_registered: DocumentHooks | None = None


def hooks_register(hooks: DocumentHooks) -> None:
    """Install the document hooks (one app owns the live documents)."""
    global _registered
    _registered = hooks


def document_hooks() -> DocumentHooks:
    if _registered is None:
        raise ImproperlyConfigured("No app registered realtime's document hooks.")
    return _registered
