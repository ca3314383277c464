"""The acts a working group works on (issue 13 item 1)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from legislation.acts import Act as Requisites


class ActKind(models.TextChoices):
    FEDERAL_LAW = "federal_law", _("federal law")
    FEDERAL_CONSTITUTIONAL_LAW = "federal_constitutional_law", _("federal constitutional law")
    CODE = "code", _("code")
    GOVERNMENT_DECREE = "government_decree", _("Government decree")
    DECREE = "decree", _("presidential decree")
    OTHER = "other", _("other act")


class Act(models.Model):
    """An act in a given wording: its requisites and its text, as the group imported it."""

    group = models.ForeignKey("accord.WorkingGroup", on_delete=models.CASCADE, related_name="acts")
    kind = models.CharField(_("kind"), max_length=40, choices=ActKind, default=ActKind.FEDERAL_LAW)
    date = models.DateField(_("date"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=1000)
    source = models.CharField(_("official publication"), max_length=2000, blank=True)
    as_of = models.DateField(_("wording as of"), null=True, blank=True)
    text = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "number", "pk"]
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        constraints = [
            # One row per wording of an act in a group (NULLs are distinct: two constraints).
            models.UniqueConstraint(
                fields=["group", "kind", "number", "as_of"],
                condition=~models.Q(number="") & models.Q(as_of__isnull=False),
                name="legislation_act_unique_wording_per_group",
            ),
            models.UniqueConstraint(
                fields=["group", "kind", "number"],
                condition=~models.Q(number="") & models.Q(as_of__isnull=True),
                name="legislation_act_unique_undated_wording_per_group",
            ),
        ]

    def __str__(self):
        return self.title

    def as_act(self):
        """The pure core's description of this act (legislation.acts.Act)."""
        return Requisites(
            kind=self.kind, date=self.date, number=self.number, title=self.title, source=self.source
        )
