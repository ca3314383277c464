"""What a working group made public: its profile, the proposals it published, and what is
known of each answer (read from its file, confirmed by a member; public or not).

Nothing is public until a coordinator publishes it; unpublishing keeps the row (and its slug)
with `published` off, so the public pages answer 404 at once, as for anything unknown.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.models import Organization, WorkingGroup
from proposals.models import Proposal, Version
from submissions.models import Submission

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Latin lowercase letters, digits and single hyphens, e.g. «child-protection»."),
)


class GroupPublication(models.Model):
    """A group's public profile at /public/groups/<slug>/."""

    group = models.OneToOneField(WorkingGroup, on_delete=models.CASCADE, related_name="publication")
    slug = models.CharField(_("address"), max_length=60, unique=True, validators=[slug_validator])
    about = models.TextField(_("public description"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The member organizations that agreed to be named on the public pages.
    listed_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name=_("organizations listed")
    )
    allow_indexing = models.BooleanField(
        _("search engines may index the pages"),
        default=True,
        help_text=_("Off: the pages ask robots not to index them, and /robots.txt disallows them."),
    )

    class Meta:
        verbose_name = _("group publication")
        verbose_name_plural = _("group publications")
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class ProposalPublication(models.Model):
    """One proposal's approved version, published once it was sent."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="publication")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("proposal publication")
        verbose_name_plural = _("proposal publications")
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.proposal_id} v{self.version_id}"


class AnswerReading(models.Model):
    """What was read from an answer's file, what the member confirmed, and whether the answer's
    document is public. Kept beside the submission (submissions does not know of it)."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="answer_reading"
    )
    file_id = models.PositiveBigIntegerField(null=True, blank=True)  # the StoredFile read
    text = models.TextField(_("extracted text"), blank=True)
    scan_without_text = models.BooleanField(_("a scan without text"), default=False)
    found_number = models.CharField(max_length=100, blank=True)
    found_date = models.DateField(null=True, blank=True)
    found_signatory = models.CharField(max_length=300, blank=True)
    # [{"unit": "статья 5", "paragraph": "…", "anchor": "статья-5" or ""}, …]
    unit_mentions = models.JSONField(default=list, blank=True)
    # Confirmed by a member (offered from the found values).
    outgoing_number = models.CharField(_("answer's outgoing number"), max_length=100, blank=True)
    outgoing_date = models.DateField(_("answer's date"), null=True, blank=True)
    signatory = models.CharField(_("signed by"), max_length=300, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    formal_reply = models.BooleanField(
        _("formal reply"),
        default=False,
        help_text=_("The answer only acknowledges receipt or forwards: nothing on the merits."),
    )
    document_public = models.BooleanField(_("the answer's document is public"), default=False)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer reading")
        verbose_name_plural = _("answer readings")

    def __str__(self):
        return f"answer of {self.submission_id}"
