"""The durable side of live editing: an append-only update log and its compacted snapshot.

CRDT bytes are opaque here: written and read as they are, applied only with pycrdt.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentUpdate(models.Model):
    """One accepted Yjs update of a proposal's shared document. Never changed once written.

    `id` is the sequence: it grows with every append across all proposals.
    """

    id = models.BigAutoField(primary_key=True, verbose_name=_("sequence"))
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="document_updates"
    )
    data = models.BinaryField(_("update"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("document update")
        verbose_name_plural = _("document updates")
        indexes = [models.Index(fields=["proposal", "id"])]

    def __str__(self) -> str:
        return f"{self.proposal_id}#{self.pk} ({len(self.data)} B)"


class DocumentSnapshot(models.Model):
    """The compacted state of every update folded into it so far."""

    proposal = models.OneToOneField(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="document_snapshot",
    )
    data = models.BinaryField(_("state"), default=b"")
    updates_folded = models.PositiveBigIntegerField(_("updates folded in"), default=0)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("document snapshot")
        verbose_name_plural = _("document snapshots")

    def __str__(self) -> str:
        return f"{self.proposal_id} ({len(self.data)} B)"


class ClientIdentity(models.Model):
    """Which member's editor used a Yjs client id in a proposal: the key to authorship."""

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="yjs_clients"
    )
    client_id = models.PositiveBigIntegerField(_("Yjs client id"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)

    class Meta:
        verbose_name = _("editor client")
        verbose_name_plural = _("editor clients")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "client_id"], name="client_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.client_id} → {self.user_id}"
