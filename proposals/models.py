"""Proposals: the documents a working group writes together."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.models import Organization, WorkingGroup


class ProposalKind(models.TextChoices):
    LEGISLATIVE_AMENDMENT = "legislative_amendment", _("Legislative amendment")
    POLICY_PROPOSAL = "policy_proposal", _("Policy proposal")
    PLATFORM_STATEMENT = "platform_statement", _("Platform statement")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    SUBMITTED = "submitted", _("Submitted")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses that stand for an agreed text (proposals.workflow writes them, with an approved version).
AGREED_STATUSES = [ProposalStatus.APPROVED, ProposalStatus.SUBMITTED, ProposalStatus.ANSWERED]


class Proposal(models.Model):
    """A document of one working group; `text` holds its current Markdown."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("working group"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=40, choices=ProposalKind, default=ProposalKind.POLICY_PROPOSAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus, default=ProposalStatus.DRAFT
    )
    text = models.TextField(_("text"), blank=True)
    # Blank: a proposal outlives its author's account (renaming or archiving it still validates).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    archived = models.BooleanField(_("archived"), default=False)
    approved_version = models.ForeignKey(
        "Version",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved version"),
    )
    endorsement_deadline = models.DateField(_("endorsement deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["group", "archived", "-updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProposalKind.values), name="proposal_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
            # Consensus cannot be skipped: an agreed status needs the version that was agreed.
            models.CheckConstraint(
                condition=~Q(status__in=AGREED_STATUSES) | Q(approved_version__isnull=False),
                name="proposal_approved_has_version",
            ),
        ]

    def __str__(self):
        return self.title


class VersionKind(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic")
    NAMED = "named", _("Named")
    RESTORE = "restore", _("Restore")
    APPROVAL = "approval", _("Approval")
    SUBMISSION = "submission", _("Submission")


class Version(models.Model):
    """A stage of a proposal's text. Immutable: written once, never updated or deleted."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=VersionKind)
    label = models.CharField(_("label"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    text = models.TextField(_("text"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    state_vector = models.BinaryField(_("document state vector"), default=b"")
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("authors")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    words_added = models.PositiveIntegerField(_("words added"), default=0)
    words_removed = models.PositiveIntegerField(_("words removed"), default=0)
    restored_from = models.PositiveIntegerField(_("restored from version"), null=True, blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["proposal", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="version_unique_number"),
            models.CheckConstraint(
                condition=Q(kind__in=VersionKind.values), name="version_kind_valid"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self):
        return f"{self.proposal_id} v{self.number}"


class ProposalVisit(models.Model):
    """The newest version a member has seen, for "changes since my last visit"."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version_number = models.PositiveIntegerField(default=0)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposal_visit_unique")
        ]

    def __str__(self):
        return f"{self.user_id} saw {self.proposal_id} v{self.version_number}"


class ThreadKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    SUGGESTION = "suggestion", _("Suggestion")


class SuggestionState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class CommentThread(models.Model):
    """A discussion anchored to a passage of the live text (or a suggested replacement of it).

    The anchor is a pair of Yjs relative positions (binary, as Yjs encodes them), so it follows the
    passage through everyone's edits; `quote` keeps the passage's text for when it is deleted.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="threads")
    kind = models.CharField(
        _("kind"), max_length=20, choices=ThreadKind, default=ThreadKind.COMMENT
    )
    anchor_start = models.BinaryField(_("anchor start"))
    anchor_end = models.BinaryField(_("anchor end"))
    quote = models.TextField(_("quoted passage"), blank=True)
    replacement = models.TextField(_("suggested text"), blank=True)
    state = models.CharField(
        _("suggestion state"), max_length=20, choices=SuggestionState, blank=True, default=""
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("comment thread")
        verbose_name_plural = _("comment threads")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["proposal", "resolved_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ThreadKind.values), name="thread_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="comment", state="")
                | Q(kind="suggestion", state__in=SuggestionState.values),
                name="thread_state_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.proposal_id}: {self.quote[:40]}"


class Comment(models.Model):
    """One message of a thread. Written once; its author may not rewrite history."""

    thread = models.ForeignKey(CommentThread, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("text"))
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class ReviewOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    NOT_APPROVED = "not_approved", _("Not approved")


class Review(models.Model):
    """A round of review, opened by a coordinator with a deadline and closed by one."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, related_name="+", verbose_name=_("version reviewed")
    )
    rule = models.CharField(_("approval rule"), max_length=20)
    deadline = models.DateField(_("deadline"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ReviewOutcome, blank=True, default=""
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(closed_at=None),
                name="one_open_review_per_proposal",
            )
        ]

    def __str__(self):
        return f"review of {self.proposal_id} ({self.opened_at:%Y-%m-%d})"


class VoteChoice(models.TextChoices):
    APPROVE = "approve", _("Approve")
    OBJECT = "object", _("Object")


class Vote(models.Model):
    """One vote per member organization in a review, cast by a member who represents it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    choice = models.CharField(_("vote"), max_length=20, choices=VoteChoice)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "organization"], name="one_vote_per_organization"
            ),
            models.CheckConstraint(
                condition=Q(choice__in=VoteChoice.values), name="vote_choice_valid"
            ),
        ]

    def __str__(self):
        return f"{self.organization_id}: {self.choice}"


class Endorsement(models.Model):
    """A member organization signs on to one exact approved version (by its hash)."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="endorsements")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="endorsements"
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sha256 = models.CharField(_("SHA-256 endorsed"), max_length=64)
    endorsed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["endorsed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organization"], name="one_endorsement_per_organization"
            )
        ]

    def __str__(self):
        return f"{self.organization_id} endorses {self.version_id}"
