"""Reading and writing the shared documents in the database (synchronous; called from threads).

Guarantee: an update returned from `update_append` is committed. `document_load` returns the
snapshot followed by every update not folded into it; applying them in any order gives the
document (CRDT updates commute and re-applying one is harmless).
"""

import hashlib
import logging
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from pycrdt import Decoder, Doc, Text, get_state

from proposals.models import Proposal, ProposalStatus, Version
from proposals.workflow import proposal_transition
from realtime.models import ClientIdentity, DocumentSnapshot, DocumentUpdate
from realtime.protocol import TEXT_NAME

logger = logging.getLogger(__name__)

# Seeding a document from the proposal's Markdown always uses this client id, so two processes
# that seed at once produce the very same update instead of doubling the text.
SEED_CLIENT_ID = 1


def seed_update(text: str) -> bytes:
    doc = Doc(client_id=SEED_CLIENT_ID)
    shared = doc.get(TEXT_NAME, type=Text)
    shared += text
    return doc.get_update()


def document_text(updates: list[bytes]) -> str:
    doc = Doc()
    shared = doc.get(TEXT_NAME, type=Text)
    for update in updates:
        doc.apply_update(update)
    return str(shared)


@transaction.atomic
def document_load(*, proposal_id: int) -> list[bytes]:
    """The stored state of a proposal's document; seeds it from `Proposal.text` the first time."""
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
    text = Proposal.objects.filter(pk=proposal_id).values_list("text", flat=True).first() or ""
    if not text:
        return []
    seed = seed_update(text)
    DocumentUpdate.objects.create(proposal_id=proposal_id, data=seed, user=None)
    return [seed]


def client_ids(update: bytes) -> list[int]:
    """The Yjs client ids whose edits an update carries (from its state vector)."""
    decoder = Decoder(get_state(update))
    ids = []
    for _ in range(decoder.read_var_uint()):
        ids.append(decoder.read_var_uint())
        decoder.read_var_uint()  # the clock
    return ids


@transaction.atomic
def update_append(
    *, proposal_id: int, data: bytes, user_id: int | None, new_clients: list[int] = ()
) -> int:
    """Append one update to the log; returns its sequence number.

    `new_clients` are client ids not yet known to belong to someone: they are recorded as the
    user's (a client id keeps its first owner).
    """
    sequence = DocumentUpdate.objects.create(proposal_id=proposal_id, data=data, user_id=user_id).pk
    if new_clients and user_id is not None:
        ClientIdentity.objects.bulk_create(
            [
                ClientIdentity(proposal_id=proposal_id, client_id=client_id, user_id=user_id)
                for client_id in new_clients
            ],
            ignore_conflicts=True,
        )
    return sequence


def document_open(*, proposal_id: int, editor: bool = False) -> tuple[Doc, Text]:
    """The stored document in a fresh Doc. `editor=True` gives it a new client id of its own,
    for an edit made on the server (a restore, an accepted suggestion)."""
    doc = Doc(client_id=uuid.uuid4().int % (2**53 - 1) + 2) if editor else Doc()
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
        doc = Doc()
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


def proposal_text_mirror(*, proposal_id: int, text: str) -> bool:
    """Copy the live document's text into `Proposal.text`; returns whether it changed.

    An approved proposal whose text now differs from the approved version starts a new draft
    round: its status goes back to draft (the approved version and its endorsements stay).
    """
    with transaction.atomic():
        changed = (
            Proposal.objects.filter(pk=proposal_id)
            .exclude(text=text)
            .update(text=text, updated_at=timezone.now())
        )
        if changed:
            approved = (
                Proposal.objects.select_for_update()
                .filter(pk=proposal_id, status=ProposalStatus.APPROVED)
                .select_related("group")
                .first()
            )
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if (
                approved is not None
                and not Version.objects.filter(pk=approved.approved_version_id, sha256=sha).exists()
            ):
                proposal_transition(
                    proposal=approved,
                    to=ProposalStatus.DRAFT,
                    actor=None,
                    reason=gettext("the approved text was edited"),
                )
    return bool(changed)
