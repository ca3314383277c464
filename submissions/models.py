"""Recipients, submission packages built from an approved version, and what was sent to whom."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.models import Organization, WorkingGroup
from proposals.models import Proposal, Version


class StoredFile(models.Model):
    """Bytes kept in the database: daphne processes and export workers share no disk."""

    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    data = models.BinaryField(_("content"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self):
        return self.name


class RecipientKind(models.TextChoices):
    """Who the letter goes to decides what it asks (see submissions/letters.py)."""

    DEPUTY = "deputy", _("State Duma deputy")
    SENATOR = "senator", _("Member of the Federation Council")
    COMMITTEE = "committee", _("Duma committee")
    MINISTRY = "ministry", _("Ministry")
    EXECUTIVE = "executive", _("Other executive body")
    REGIONAL = "regional", _("Regional legislature")
    OTHER = "other", _("Other body")


class Gender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class Recipient(models.Model):
    """An official of a body; the names and positions officials' letters need, both cases."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(_("kind"), max_length=20, choices=RecipientKind)
    surname = models.CharField(_("surname"), max_length=120)
    given_name = models.CharField(_("given name"), max_length=120)
    patronymic = models.CharField(_("patronymic"), max_length=120, blank=True)
    surname_dative = models.CharField(
        _("surname in the dative"), max_length=120, help_text=_("Иванову, Петровой.")
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender, default=Gender.MALE)
    position = models.CharField(_("position (nominative)"), max_length=500)
    position_dative = models.CharField(
        _("position (dative)"),
        max_length=500,
        help_text=_("«Председателю Комитета Государственной Думы по …»"),
    )
    body = models.CharField(_("body"), max_length=500, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=500, blank=True)
    email = models.EmailField(_("email"), blank=True)
    ereception_url = models.URLField(_("e-reception address"), blank=True)
    salutation = models.CharField(
        _("salutation"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for «Уважаемый Имя Отчество!»."),
    )
    notes = models.TextField(_("notes"), blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["kind", "surname", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "surname", "given_name", "patronymic", "position"],
                name="recipient_unique_per_group",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RecipientKind.values), name="recipient_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values), name="recipient_gender_valid"
            ),
        ]

    def __str__(self):
        return f"{self.initials_surname}, {self.position}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)

    @property
    def initials(self) -> str:
        return "".join(f"{part[0]}." for part in (self.given_name, self.patronymic) if part)

    @property
    def initials_surname(self) -> str:
        """«И.И. Иванов»: initials before the surname, as in signatures and addressee blocks."""
        return f"{self.initials} {self.surname}".strip()

    @property
    def addressee_name(self) -> str:
        """«И.И. Иванову»: the name line of the addressee block, in the dative."""
        return f"{self.initials} {self.surname_dative or self.surname}".strip()

    @property
    def salutation_text(self) -> str:
        if self.salutation:
            return self.salutation
        word = "Уважаемая" if self.gender == Gender.FEMALE else "Уважаемый"
        name = " ".join(part for part in (self.given_name, self.patronymic) if part)
        return f"{word} {name}!"


class PackageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    BUILDING = "building", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Package(models.Model):
    """A submission package: one approved version, its cover letter, one document per recipient."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="packages")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="packages")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    letter_date = models.DateField(_("letter date"))
    heading = models.CharField(_("heading"), max_length=500)
    # The text for recipients whose kind has no text of its own (PackageLetterText).
    body = models.TextField(_("letter text"), blank=True)
    introduced_by = models.CharField(
        _("introduced by"),
        max_length=300,
        blank=True,
        help_text=_("For a bill's title page: «Вносится депутатом Государственной Думы …»."),
    )
    executor_name = models.CharField(_("executor"), max_length=200)
    executor_phone = models.CharField(_("executor's phone"), max_length=60)
    executor_email = models.EmailField(_("executor's email"), blank=True)
    with_docx = models.BooleanField(_("also as DOCX"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PackageStatus, default=PackageStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    progress_message = models.CharField(max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A legislative package's bill on its own (no attachment mark, no footer), for the
    # deputy's office to introduce as it is.
    bill_pdf = models.ForeignKey(
        StoredFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bill_docx = models.ForeignKey(
        StoredFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("submission package")
        verbose_name_plural = _("submission packages")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PackageStatus.values), name="package_status_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="package_progress_range"),
        ]

    def __str__(self):
        return f"{self.proposal} v{self.version.number} ({self.created_at:%Y-%m-%d})"


class PackageAuthor(models.Model):
    """An organization signing the letter, in the order the authors are listed."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="authors")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    outgoing_number = models.CharField(_("outgoing number"), max_length=60, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["package", "order"], name="package_author_order"),
            models.UniqueConstraint(fields=["package", "organization"], name="package_author_once"),
        ]

    def __str__(self):
        return f"{self.organization_id} № {self.outgoing_number}"


class PackageLetterText(models.Model):
    """The letter's text for the package's recipients of one kind: a minister is not asked what
    a deputy is (no right of legislative initiative, no seat on a Duma committee)."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="letter_texts")
    kind = models.CharField(_("recipient kind"), max_length=20, choices=RecipientKind)
    body = models.TextField(_("letter text"))

    class Meta:
        ordering = ["package", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["package", "kind"], name="package_letter_text_once"),
            models.CheckConstraint(
                condition=Q(kind__in=RecipientKind.values), name="package_letter_text_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.package_id}: {self.kind}"


class LetterTemplate(models.Model):
    """A group's own default letter text for one kind of recipient; an empty text means the
    built-in default of submissions/letters.py."""

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="letter_templates"
    )
    kind = models.CharField(_("recipient kind"), max_length=20, choices=RecipientKind)
    bill_text = models.TextField(_("letter text for a draft law"), blank=True)
    proposals_text = models.TextField(_("letter text for other proposals"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["group", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["group", "kind"], name="letter_template_once"),
            models.CheckConstraint(
                condition=Q(kind__in=RecipientKind.values), name="letter_template_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.group_id}: {self.kind}"


class PackageSignatory(models.Model):
    """A person who signs: position, initials and surname (signers stand on one level)."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="signatories")
    order = models.PositiveSmallIntegerField()
    position = models.CharField(_("position"), max_length=300)
    name = models.CharField(_("initials and surname"), max_length=200)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["package", "order"], name="package_signatory_order")
        ]

    def __str__(self):
        return f"{self.position} {self.name}"


class PackageDocument(models.Model):
    """The package for one recipient: its PDF (and DOCX), page counts and previews per part."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="documents")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="documents")
    pdf = models.ForeignKey(
        StoredFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    docx = models.ForeignKey(
        StoredFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pages = models.PositiveIntegerField(default=0)
    # [{"key": "letter", "title": "...", "pages": 2, "preview": <StoredFile id or null>}, ...]
    parts = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "recipient"], name="package_document_per_recipient"
            )
        ]

    def __str__(self):
        return f"{self.package_id} → {self.recipient}"


class SubmissionChannel(models.TextChoices):
    ERECEPTION = "ereception", _("E-reception")
    EMAIL = "email", _("Email")
    POST = "post", _("Post")
    HAND = "hand", _("By hand")


class Submission(models.Model):
    """One sending of a package to a recipient, tracked until the answer (59-FZ deadlines)."""

    document = models.ForeignKey(
        PackageDocument, on_delete=models.PROTECT, related_name="submissions"
    )
    # Denormalized from the document so the register and the dashboard filter without joins.
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="submissions")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="submissions")
    channel = models.CharField(_("channel"), max_length=20, choices=SubmissionChannel)
    sent_on = models.DateField(_("sent on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    registration_number = models.CharField(
        _("incoming registration number"), max_length=100, blank=True
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=500, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    extended_on = models.DateField(_("extension notice of"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_summary = models.TextField(_("answer summary"), blank=True)
    answer_file = models.ForeignKey(
        StoredFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    warned_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["answered_on", "answer_due"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=SubmissionChannel.values), name="submission_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(registered_on__isnull=True) | Q(registered_on__gte=models.F("sent_on")),
                name="submission_registered_after_sent",
            ),
        ]

    def __str__(self):
        return f"{self.recipient} ({self.sent_on})"


class PlatformBuild(models.Model):
    """A compilation of a group's platform (its approved proposals in one PDF), built by the
    export worker like a package; `/groups/<id>/platform.pdf` serves the newest ready one."""

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="platform_builds"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=PackageStatus, default=PackageStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    progress_message = models.CharField(max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    proposals = models.PositiveIntegerField(_("proposals"), default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    pdf = models.ForeignKey(
        StoredFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("platform compilation")
        verbose_name_plural = _("platform compilations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PackageStatus.values), name="platform_build_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="platform_build_progress_range"
            ),
        ]

    def __str__(self):
        return f"{self.group} ({self.created_at:%Y-%m-%d %H:%M})"
