"""Proposals: the documents a working group writes together."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.models import WorkingGroup


class ProposalKind(models.TextChoices):
    LEGISLATIVE_AMENDMENT = "legislative_amendment", _("Legislative amendment")
    POLICY_PROPOSAL = "policy_proposal", _("Policy proposal")
    PLATFORM_STATEMENT = "platform_statement", _("Platform statement")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    archived = models.BooleanField(_("archived"), default=False)

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
