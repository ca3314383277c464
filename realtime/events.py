"""Events to the browsers on a proposal's pages (new comments, decisions), sent after commit.

Every event goes through `proposal_event()`: the services call it inside their transaction and
the message leaves only if the transaction commits.
"""

import logging
import uuid
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def events_group(public_id: uuid.UUID) -> str:
    return f"accord.events.{public_id.hex}"


def proposal_event(*, proposal: Any, kind: str, data: dict[str, Any] | None = None) -> None:
    """Tell every open page of the proposal that something changed (after commit)."""
    message = {"type": "proposal.event", "kind": kind, "data": data or {}}

    def send() -> None:
        try:
            async_to_sync(get_channel_layer().group_send)(events_group(proposal.public_id), message)
        except Exception:
            # Pages also refresh on their own when they reconnect; nothing is lost.
            logger.exception("could not send event %s of proposal %s", kind, proposal.pk)

    transaction.on_commit(send)
