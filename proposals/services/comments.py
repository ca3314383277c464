"""Comments anchored to passages, replies, mentions, and suggestions accepted into the text."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pycrdt import Text

from accord.models import Membership, NotificationKind, User
from accord.notifications import notify
from accord.services import audit_record
from proposals import anchors
from proposals.models import (
    Comment,
    CommentThread,
    Proposal,
    SuggestionState,
    ThreadKind,
)
from realtime import store
from realtime.edits import document_edit
from realtime.events import proposal_event

MAX_BODY = 10_000
MAX_QUOTE = 5_000
# "@[Имя Фамилия]" (what the editor inserts) or "@name@example.org".
MENTION = re.compile(r"@\[([^\]\n]{1,150})\]|@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > MAX_BODY:
        raise ValidationError(
            {"body": _("A comment can be at most %(count)d characters.") % {"count": MAX_BODY}}
        )
    return body


def mentioned_members(*, proposal: Proposal, body: str) -> list[User]:
    """Members of the proposal's group named in the text as @[Name] or @email."""
    names, emails = set(), set()
    for name, email in MENTION.findall(body):
        if name:
            names.add(name.strip().casefold())
        if email:
            emails.add(email.lower())
    if not names and not emails:
        return []
    members = User.objects.filter(memberships__group=proposal.group_id, is_active=True)
    return [
        member
        for member in members
        if member.display_name.casefold() in names or member.email.lower() in emails
    ]


def _url(proposal: Proposal, thread: CommentThread) -> str:
    return f"{reverse('proposal_edit', args=[proposal.public_id])}#thread-{thread.pk}"


def _event(thread: CommentThread, kind: str) -> None:
    proposal_event(proposal=thread.proposal, kind=kind, data={"thread": thread.pk})


def _check_anchor(data: bytes) -> bytes:
    data = bytes(data or b"")
    if not data or len(data) > anchors.MAX_ANCHOR_BYTES:
        raise ValidationError({"anchor": _("The selected passage could not be located.")})
    return data


@transaction.atomic
def thread_create(
    *,
    proposal: Proposal,
    author: User,
    anchor_start: bytes,
    anchor_end: bytes,
    quote: str,
    body: str,
    replacement: str | None = None,
) -> CommentThread:
    """Open a comment (or, with `replacement`, a suggestion) on a passage; notify mentions."""
    body = _clean_body(body) if replacement is None else (body or "").strip()[:MAX_BODY]
    if replacement is not None and len(replacement) > MAX_QUOTE * 4:
        raise ValidationError({"replacement": _("The suggested text is too long.")})
    thread = CommentThread(
        proposal=proposal,
        kind=ThreadKind.SUGGESTION if replacement is not None else ThreadKind.COMMENT,
        anchor_start=_check_anchor(anchor_start),
        anchor_end=_check_anchor(anchor_end),
        quote=(quote or "")[:MAX_QUOTE],
        replacement=replacement or "",
        state=SuggestionState.OPEN if replacement is not None else "",
        created_by=author,
    )
    thread.full_clean(exclude=["anchor_start", "anchor_end"])
    thread.save()
    if body:
        _comment_add(thread=thread, author=author, body=body)
    _event(thread, "thread.created")
    return thread


def _comment_add(*, thread: CommentThread, author: User, body: str) -> Comment:
    comment = Comment.objects.create(thread=thread, author=author, body=body)
    mentioned = mentioned_members(proposal=thread.proposal, body=body)
    comment.mentions.set(mentioned)
    if mentioned:
        notify(
            users=mentioned,
            kind=NotificationKind.MENTION,
            text=_("%(name)s mentioned you in “%(title)s”")
            % {"name": author.display_name, "title": thread.proposal.title},
            url=_url(thread.proposal, thread),
            exclude=author,
        )
    return comment


@transaction.atomic
def comment_reply(*, thread: CommentThread, author: User, body: str) -> Comment:
    """Reply in a thread; its earlier participants are notified."""
    body = _clean_body(body)
    comment = _comment_add(thread=thread, author=author, body=body)
    participant_ids = set(
        thread.comments.exclude(author=None).values_list("author_id", flat=True)
    ) | {thread.created_by_id}
    mentioned = {user.pk for user in comment.mentions.all()}
    participants = User.objects.filter(pk__in=participant_ids - mentioned - {author.pk})
    notify(
        users=participants,
        kind=NotificationKind.REPLY,
        text=_("%(name)s replied in “%(title)s”")
        % {"name": author.display_name, "title": thread.proposal.title},
        url=_url(thread.proposal, thread),
    )
    _event(thread, "thread.replied")
    return comment


@transaction.atomic
def thread_resolve(*, thread: CommentThread, actor: User) -> CommentThread:
    thread = CommentThread.objects.select_for_update().get(pk=thread.pk)
    if thread.resolved_at is None:
        thread.resolved_at = timezone.now()
        thread.resolved_by = actor
        thread.save(update_fields=["resolved_at", "resolved_by"])
        _event(thread, "thread.resolved")
    return thread


@transaction.atomic
def thread_reopen(*, thread: CommentThread, actor: User) -> CommentThread:
    thread = CommentThread.objects.select_for_update().get(pk=thread.pk)
    if thread.kind == ThreadKind.SUGGESTION and thread.state != SuggestionState.OPEN:
        raise ValidationError(_("A decided suggestion stays decided; make a new one instead."))
    if thread.resolved_at is not None:
        thread.resolved_at = None
        thread.resolved_by = None
        thread.save(update_fields=["resolved_at", "resolved_by"])
        _event(thread, "thread.reopened")
    return thread


def thread_span(thread: CommentThread, shared: Text) -> anchors.Span:
    return anchors.span(shared, bytes(thread.anchor_start), bytes(thread.anchor_end))


@transaction.atomic
def suggestion_accept(*, thread: CommentThread, actor: User) -> CommentThread:
    """Replace the passage with the suggested text, as an edit credited to the suggester.

    Locks the proposal and the thread: two editors accepting at once change the text once.
    """
    Proposal.objects.select_for_update().get(pk=thread.proposal_id)
    thread = CommentThread.objects.select_for_update().select_related("proposal").get(pk=thread.pk)
    if thread.kind != ThreadKind.SUGGESTION:
        raise ValidationError(_("Only suggestions can be accepted."))
    if thread.state != SuggestionState.OPEN:
        raise ValidationError(_("This suggestion has already been decided."))
    proposal = thread.proposal
    if proposal.archived:
        # The editor's socket refuses edits to an archived proposal; so does this.
        raise ValidationError(_("The proposal is archived; its text cannot change."))
    doc, shared = store.document_open(proposal_id=proposal.pk, editor=True)
    passage = thread_span(thread, shared)
    if passage.detached and thread.quote:
        raise ValidationError(
            _("The passage this suggestion replaces has been deleted; it cannot be applied.")
        )

    def replace_passage(text: Text) -> None:
        if passage.end > passage.start:
            del text[passage.start : passage.end]
        if thread.replacement:
            text.insert(passage.start, thread.replacement)

    suggester = thread.created_by
    document_edit(
        proposal_id=proposal.pk,
        author=suggester or actor,
        edit=replace_passage,
        document=(doc, shared),
    )
    thread.state = SuggestionState.ACCEPTED
    thread.decided_by = actor
    thread.decided_at = timezone.now()
    thread.resolved_at = thread.decided_at
    thread.resolved_by = actor
    thread.save(update_fields=["state", "decided_by", "decided_at", "resolved_at", "resolved_by"])
    audit_record(
        group=proposal.group,
        actor=actor,
        proposal=proposal,
        action="suggestion.accepted",
        summary=_("Suggestion by %(name)s accepted")
        % {"name": suggester.display_name if suggester else "—"},
        details={"thread": thread.pk},
    )
    _event(thread, "thread.decided")
    return thread


@transaction.atomic
def suggestion_reject(*, thread: CommentThread, actor: User) -> CommentThread:
    thread = CommentThread.objects.select_for_update().get(pk=thread.pk)
    if thread.kind != ThreadKind.SUGGESTION:
        raise ValidationError(_("Only suggestions can be rejected."))
    if thread.state != SuggestionState.OPEN:
        raise ValidationError(_("This suggestion has already been decided."))
    thread.state = SuggestionState.REJECTED
    thread.decided_by = actor
    thread.decided_at = timezone.now()
    thread.resolved_at = thread.decided_at
    thread.resolved_by = actor
    thread.save(update_fields=["state", "decided_by", "decided_at", "resolved_at", "resolved_by"])
    _event(thread, "thread.decided")
    return thread


def group_member_names(*, proposal: Proposal) -> list[str]:
    """For @mention completion in the editor."""
    return list(
        Membership.objects.filter(group_id=proposal.group_id)
        .values_list("user__display_name", flat=True)
        .order_by("user__display_name")
    )
