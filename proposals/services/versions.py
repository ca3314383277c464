"""Versions: made, compared and restored. A version row is never changed once written."""

import hashlib
import itertools
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from pycrdt import Text

from accord.models import User
from accord.services import audit_record
from proposals import diff
from proposals.models import Proposal, ProposalVisit, Version, VersionKind
from realtime import store
from realtime.edits import document_edit
from realtime.models import ClientIdentity, DocumentUpdate
from realtime.yupdate import state_vector as state_vector_clocks

logger = logging.getLogger(__name__)

# Made by the system or a workflow step; skipped when the text did not change.
CHECKPOINT_KINDS = {VersionKind.AUTOMATIC}


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _authors_since(*, proposal: Proposal, previous: Version | None, state_vector: bytes) -> set:
    """Members whose edits the new version holds beyond the previous one.

    Insertions show in the state vector (a client's clock advanced); deletions do not, so the
    writers of updates still in the log since the previous version are added too.
    """
    before = state_vector_clocks(bytes(previous.state_vector)) if previous else {}
    advanced = [
        client
        for client, clock in state_vector_clocks(state_vector).items()
        if clock > before.get(client, 0) and client != store.SEED_CLIENT_ID
    ]
    users = set(
        ClientIdentity.objects.filter(proposal=proposal, client_id__in=advanced)
        .exclude(user=None)
        .values_list("user_id", flat=True)
    )
    recent = DocumentUpdate.objects.filter(proposal=proposal).exclude(user=None)
    if previous is not None:
        recent = recent.filter(created_at__gt=previous.created_at)
    users |= set(recent.values_list("user_id", flat=True).distinct())
    return users


@transaction.atomic
def version_create(
    *,
    proposal: Proposal,
    kind: str,
    author: User | None = None,
    label: str = "",
    note: str = "",
    text: str | None = None,
    state_vector: bytes | None = None,
    restored_from: int | None = None,
) -> Version | None:
    """Record the proposal's text as a new version; returns None for an unchanged checkpoint.

    Locks the proposal row, so concurrent calls get consecutive numbers. Without `text`, the
    text and state vector are read from the stored live document.
    """
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if text is None:
        text, state_vector = store.document_state(proposal_id=locked.pk)
    state_vector = state_vector or b""
    label, note = label.strip(), note.strip()
    if kind == VersionKind.NAMED and not label:
        raise ValidationError({"label": _("A named version needs a label.")})
    previous = (
        Version.objects.filter(proposal=locked)
        .order_by("-number")
        .only("number", "sha256", "text", "state_vector", "created_at")
        .first()
    )
    sha = text_sha256(text)
    if kind in CHECKPOINT_KINDS and previous is not None and previous.sha256 == sha:
        return None
    if kind in CHECKPOINT_KINDS and previous is None and not text:
        return None
    added, removed = diff.counts(diff.compare(previous.text if previous else "", text))
    version = Version(
        proposal=locked,
        number=(previous.number if previous else 0) + 1,
        kind=kind,
        label=label,
        note=note,
        text=text,
        sha256=sha,
        state_vector=state_vector,
        created_by=author,
        created_at=timezone.now(),
        words_added=added,
        words_removed=removed,
        restored_from=restored_from,
    )
    version.full_clean(exclude=["authors"])
    version.save()
    authors = _authors_since(proposal=locked, previous=previous, state_vector=state_vector)
    if kind == VersionKind.RESTORE and author is not None:
        authors.add(author.pk)
    version.authors.set(authors)
    return version


def version_checkpoint(*, proposal: Proposal, author: User | None = None) -> Version | None:
    """An automatic version of the live text, if it changed: made before restores, approvals
    and submissions."""
    return version_create(proposal=proposal, kind=VersionKind.AUTOMATIC, author=author)


def apply_text(shared: Text, current: str, target: str) -> None:
    """Turn `current` into `target` with a minimal set of edits, inside the caller's transaction.

    Paragraphs are aligned first (as the redline does), then words inside changed paragraphs, so
    untouched passages — and the cursors and concurrent edits anchored in them — are left alone.
    Offsets are converted to UTF-8 bytes (pycrdt's unit) only where an edit happens.
    """
    current_parts, target_parts = diff.paragraphs(current), diff.paragraphs(target)
    part_starts = list(itertools.accumulate((len(part) for part in current_parts), initial=0))
    edits = []  # (start char, end char, insert text) in the current text, in order
    parts = diff.difflib.SequenceMatcher(None, current_parts, target_parts, autojunk=False)
    for op, i1, i2, j1, j2 in parts.get_opcodes():
        if op == "equal":
            continue
        start = part_starts[i1]
        old, new = "".join(current_parts[i1:i2]), "".join(target_parts[j1:j2])
        old_tokens, new_tokens = diff.tokens(old), diff.tokens(new)
        if (
            not old_tokens
            or not new_tokens
            or len(old_tokens) * len(new_tokens) > diff.WORD_DIFF_BUDGET
        ):
            edits.append((start, start + len(old), new))
            continue
        old_starts = list(itertools.accumulate((len(t) for t in old_tokens), initial=0))
        new_starts = list(itertools.accumulate((len(t) for t in new_tokens), initial=0))
        words = diff.difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
        for word_op, a1, a2, b1, b2 in words.get_opcodes():
            if word_op != "equal":
                inserted = new[new_starts[b1] : new_starts[b2]]
                edits.append((start + old_starts[a1], start + old_starts[a2], inserted))
    if not edits:
        return
    # Byte offsets of the edit boundaries, in one pass over the text.
    wanted = sorted({position for start, end, _insert in edits for position in (start, end)})
    byte_at, position, bytes_so_far = {}, 0, 0
    for char_index in wanted:
        bytes_so_far += len(current[position:char_index].encode())
        position = char_index
        byte_at[char_index] = bytes_so_far
    for start, end, insert in reversed(edits):
        byte_start, byte_end = byte_at[start], byte_at[end]
        if byte_end > byte_start:
            del shared[byte_start:byte_end]
        if insert:
            shared.insert(byte_start, insert)


def text_replace(*, proposal: Proposal, author: User, target: str) -> str:
    """Write `target` into the live document as an ordinary, stored edit by `author`.

    Locks the proposal row; the edit is stored, then relayed to the open rooms after commit.
    Returns the new live text.
    """
    with transaction.atomic():
        Proposal.objects.select_for_update().get(pk=proposal.pk)
        return document_edit(
            proposal_id=proposal.pk,
            author=author,
            edit=lambda shared: apply_text(shared, str(shared), target),
        )


@transaction.atomic
def version_restore(*, proposal: Proposal, version: Version, author: User) -> Version:
    """Bring back an old text as a new change; nothing is lost.

    Under the proposal's lock and with the document loaded once: checkpoints the current text,
    writes the old text into the live document as an ordinary edit (everyone connected sees it
    at once, after commit), then records a restore version. An archived proposal is read-only,
    whoever calls: ValidationError.
    """
    if version.proposal_id != proposal.pk:
        raise ValidationError(_("This version belongs to another proposal."))
    if Proposal.objects.select_for_update().get(pk=proposal.pk).archived:
        raise ValidationError(_("An archived proposal cannot be changed."))
    doc, shared = store.document_open(proposal_id=proposal.pk, editor=True)
    current = str(shared)
    if current == version.text:
        raise ValidationError(_("The text is already the same as in this version."))
    version_create(
        proposal=proposal,
        kind=VersionKind.AUTOMATIC,
        author=author,
        text=current,
        state_vector=doc.get_state(),
    )
    result = document_edit(
        proposal_id=proposal.pk,
        author=author,
        edit=lambda shared: apply_text(shared, current, version.text),
        document=(doc, shared),
    )
    restored = version_create(
        proposal=proposal,
        kind=VersionKind.RESTORE,
        author=author,
        label=_("Restored from version %(number)d") % {"number": version.number},
        text=result,
        state_vector=doc.get_state(),
        restored_from=version.number,
    )
    audit_record(
        group=proposal.group,
        actor=author,
        proposal=proposal,
        action="version.restored",
        summary=_("Version %(old)d restored as version %(new)d")
        % {"old": version.number, "new": restored.number},
        details={"from": version.number, "to": restored.number},
    )
    return restored


@transaction.atomic
def proposal_visit_record(*, proposal: Proposal, user: User) -> int:
    """Remember the newest version the member has now seen; returns the one seen before."""
    latest = Version.objects.filter(proposal=proposal).aggregate(n=Max("number"))["n"] or 0
    visit, created = ProposalVisit.objects.select_for_update().get_or_create(
        proposal=proposal, user=user, defaults={"version_number": latest}
    )
    if created:
        return latest
    seen_before = visit.version_number
    if latest != seen_before:
        visit.version_number = latest
        visit.seen_at = timezone.now()
        visit.save(update_fields=["version_number", "seen_at"])
    return seen_before


def version_automatic(*, proposal_id: int) -> Version | None:
    """An automatic version for a live room (after a pause, or when the last editor left).

    The text is read from the stored document under the proposal's lock, not taken from the
    room: a room stores every update before relaying it, but a restore may have committed since
    the room last looked, and a version of the room's older copy would undo it in the history.
    """
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        return None
    return version_create(proposal=proposal, kind=VersionKind.AUTOMATIC)
