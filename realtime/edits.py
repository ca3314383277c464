"""Edits made on the server (a restore, an accepted suggestion), by the one path every such
edit takes: append to the log, hand the text to the app, relay to the open rooms after commit."""

import logging
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from pycrdt import Doc, Text

from accord.models import User
from realtime import store
from realtime.hooks import document_hooks
from realtime.protocol import EMPTY_UPDATE

logger = logging.getLogger(__name__)


def room_group(document_id: int) -> str:
    """The channel-layer group of a document's rooms (one per process that has it open)."""
    return f"accord.document.{document_id}"


def document_publish(*, document_id: int, update: bytes) -> None:
    """Send a stored update to every open room of the document, in every process."""
    try:
        async_to_sync(get_channel_layer().group_send)(
            room_group(document_id), {"type": "room.update", "update": update, "origin": "server"}
        )
    except Exception:
        # Stored already: rooms that missed it get it when their clients next sync or reload.
        logger.exception("could not publish an update of document %s", document_id)


@transaction.atomic
def document_edit(
    *,
    proposal_id: int,
    author: User | None,
    edit: Callable[[Text], object],
    document: tuple[Doc[Text], Text] | None = None,
) -> str:
    """Make `edit` to the live text as `author`'s stored change; returns the new text.

    `document` is one opened with `store.document_open(editor=True)` when the caller needs it
    before or after (a restore checkpoints it first); otherwise it is opened here. The caller
    holds the document's lock (the proposal row). An edit that changes nothing stores nothing;
    otherwise the update is appended, the `on_text_changed` hook gets the text, and the update
    is relayed to the open rooms after commit.
    """
    doc, shared = document or store.document_open(proposal_id=proposal_id, editor=True)
    before = doc.get_state()
    with doc.transaction():
        edit(shared)
    update = doc.get_update(before)
    text = str(shared)
    if update == EMPTY_UPDATE:
        return text
    store.update_append(
        proposal_id=proposal_id,
        data=update,
        user_id=author.pk if author is not None else None,
        new_clients=[doc.client_id],
    )
    document_hooks().on_text_changed(document_id=proposal_id, text=text)
    transaction.on_commit(lambda: document_publish(document_id=proposal_id, update=update))
    return text
