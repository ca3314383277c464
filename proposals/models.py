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
