"""Reading and writing the shared documents in the database (synchronous; called from threads).

Guarantee: an update returned from `update_append` (or `updates_append`) is committed.
`document_load` returns the snapshot followed by every update not folded into it; applying them
in any order gives the document (CRDT updates commute and re-applying one is harmless).
"""

import logging
import uuid
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from pycrdt import Doc, Text, get_state

from realtime.hooks import document_hooks
from realtime.models import ClientIdentity, DocumentSnapshot, DocumentUpdate
from realtime.yupdate import TEXT_NAME, state_vector

logger = logging.getLogger(__name__)

# Seeding a document from the proposal's Markdown always uses this client id, so two processes
# that seed at once produce the very same update instead of doubling the text.
SEED_CLIENT_ID = 1


def seed_update(text: str) -> bytes:
    """The first update of a document holding `text`, the same in every process."""
    doc: Doc[Text] = Doc(client_id=SEED_CLIENT_ID)
    shared = doc.get(TEXT_NAME, type=Text)
    shared += text
    return doc.get_update()


def document_text(updates: Iterable[bytes]) -> str:
    doc: Doc[Text] = Doc()
    shared = doc.get(TEXT_NAME, type=Text)
    for update in updates:
        doc.apply_update(update)
    return str(shared)


@transaction.atomic
def document_load(*, proposal_id: int) -> list[bytes]:
    """The stored state of a proposal's document; seeds it the first time from the text the
    `seed_text` hook gives (the proposal's Markdown)."""
    snapshot = DocumentSnapshot.objects.filter(proposal_id=proposal_id).first()
    updates = list(
        DocumentUpdate.objects.filter(proposal_id=proposal_id)
        .order_by("id")
        .values_list("data", flat=True)
    )
    blobs = [bytes(snapshot.data)] if snapshot and snapshot.data else []
    blobs += [bytes(update) for update in updates]
    if blobs:
        return blobs
    text = document_hooks().seed_text(document_id=proposal_id)
    if not text:
        return []
    seed = seed_update(text)
    DocumentUpdate.objects.create(proposal_id=proposal_id, data=seed, user=None)
    return [seed]


def client_ids(update: bytes) -> list[int]:
    """The Yjs client ids whose edits an update carries (from its state vector)."""
    return list(state_vector(get_state(update)))


@transaction.atomic
def update_append(
    *, proposal_id: int, data: bytes, user_id: int | None, new_clients: Sequence[int] = ()
) -> int:
    """Append one update to the log; returns its sequence number.

    `new_clients` are client ids not yet known to belong to someone: they are recorded as the
    user's (a client id keeps its first owner).
    """
    return updates_append(proposal_id=proposal_id, items=[(data, user_id, new_clients)])[0]


@transaction.atomic
def updates_append(
    *, proposal_id: int, items: Sequence[tuple[bytes, int | None, Sequence[int]]]
) -> list[int]:
    """Append several updates (data, user id, new client ids) in one transaction, in order;
    returns their sequence numbers. A client id claimed twice keeps its first claimant."""
    rows = DocumentUpdate.objects.bulk_create(
        [
            DocumentUpdate(proposal_id=proposal_id, data=data, user_id=user_id)
            for data, user_id, _clients in items
        ]
    )
    claims: dict[int, int] = {}
    for _data, user_id, clients in items:
        if user_id is not None:
            for client_id in clients:
                claims.setdefault(client_id, user_id)
    if claims:
        ClientIdentity.objects.bulk_create(
            [
                ClientIdentity(proposal_id=proposal_id, client_id=client_id, user_id=user_id)
                for client_id, user_id in claims.items()
            ],
            ignore_conflicts=True,
        )
    sequences = [row.pk for row in rows]
    if any(pk is None for pk in sequences):  # a backend that returns no ids from bulk_create
        raise RuntimeError("the database did not return the appended updates' sequence numbers")
    return sequences


def document_open(*, proposal_id: int, editor: bool = False) -> tuple[Doc[Text], Text]:
    """The stored document in a fresh Doc. `editor=True` gives it a new client id of its own,
    for an edit made on the server (a restore, an accepted suggestion)."""
    doc: Doc[Text] = Doc(client_id=uuid.uuid4().int % (2**53 - 1) + 2) if editor else Doc()
    shared = doc.get(TEXT_NAME, type=Text)
    for blob in document_load(proposal_id=proposal_id):
        doc.apply_update(blob)
    return doc, shared


def document_state(*, proposal_id: int) -> tuple[str, bytes]:
    """The stored document's text and state vector."""
    doc, shared = document_open(proposal_id=proposal_id)
    return str(shared), doc.get_state()


def document_compact(*, proposal_id: int) -> int:
    """Fold the logged updates into the snapshot; returns how many were folded.

    Locks the snapshot row, so compactions of one proposal run one at a time. Only the rows read
    are deleted, in the same transaction that writes the new snapshot: an update appended
    meanwhile stays in the log.
    """
    with transaction.atomic():
        DocumentSnapshot.objects.get_or_create(proposal_id=proposal_id)
        snapshot = DocumentSnapshot.objects.select_for_update().get(proposal_id=proposal_id)
        rows = list(
            DocumentUpdate.objects.filter(proposal_id=proposal_id)
            .order_by("id")
            .values_list("id", "data")
        )
        if not rows:
            return 0
        doc: Doc[Text] = Doc()
        doc.get(TEXT_NAME, type=Text)
        if snapshot.data:
            doc.apply_update(bytes(snapshot.data))
        for _id, data in rows:
            doc.apply_update(bytes(data))
        snapshot.data = doc.get_update()
        snapshot.updates_folded += len(rows)
        snapshot.updated_at = timezone.now()
        snapshot.save(update_fields=["data", "updates_folded", "updated_at"])
        folded = [row_id for row_id, _data in rows]
        for start in range(0, len(folded), 1000):
            DocumentUpdate.objects.filter(id__in=folded[start : start + 1000]).delete()
    logger.info("compacted %d updates of proposal %s", len(rows), proposal_id)
    return len(rows)
