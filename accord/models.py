"""People and the groups they work in: users, organizations, working groups, memberships."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.timezones import validate_time_zone


class Language(models.TextChoices):
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class EditorMode(models.TextChoices):
    """How the live editor shows the text: as a document, or as its Markdown source."""

    VISUAL = "visual", _("visual")
    MARKDOWN = "markdown", _("Markdown")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person; signs in with an email address."""

    email = models.EmailField(_("email"), unique=True)
    display_name = models.CharField(_("display name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language, default=Language.RUSSIAN
    )
    editor_mode = models.CharField(
        _("editor mode"), max_length=8, choices=EditorMode, default=EditorMode.VISUAL
    )
    # An IANA zone name; "" until chosen (or adopted from the browser at sign-in): the site's.
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, default="", validators=[validate_time_zone]
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name", "email"]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name


class Organization(models.Model):
    """A non-governmental organization that belongs to one or more working groups."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # The sender block of official letters: the organization's details as officials expect them.
    legal_name = models.CharField(
        _("full legal name"),
        max_length=500,
        blank=True,
        help_text=_("As registered, e.g. «Региональная общественная организация «…»»."),
    )
    postal_address = models.CharField(_("postal address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    registration_numbers = models.CharField(
        _("registration numbers"), max_length=200, blank=True, help_text=_("ОГРН, ИНН/КПП.")
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Theme(models.TextChoices):
    CHILD_PROTECTION = "child_protection", _("Child protection")
    EDUCATION_REFORM = "education_reform", _("Education reform")
    WOMENS_RIGHTS = "womens_rights", _("Women's rights")
    SMALL_BUSINESS = "small_business", _("Small business development")
    PUBLIC_HEALTH = "public_health", _("Public health")
    ENVIRONMENT = "environment", _("Environment")
    GOVERNMENT_AFFAIRS = "government_affairs", _("Government affairs")
    HOUSING = "housing", _("Housing and communal services")
    OTHER = "other", _("Other")


class ApprovalRule(models.TextChoices):
    COORDINATOR = "coordinator", _("The coordinator decides")
    MAJORITY = "majority", _("A majority of member organizations")


class WorkingGroup(models.Model):
    """A thematic alliance of member organizations."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    theme = models.CharField(_("theme"), max_length=40, choices=Theme, default=Theme.OTHER)
    description = models.TextField(_("description"), blank=True)
    organizations = models.ManyToManyField(
        Organization, related_name="working_groups", blank=True, verbose_name=_("organizations")
    )
    approval_rule = models.CharField(
        _("approval rule"), max_length=20, choices=ApprovalRule, default=ApprovalRule.COORDINATOR
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    # Not columns: the requesting user's role and what it allows (an accord.access.Permissions;
    # typed loosely, since access imports this module), set by accord.access.group_for_user.
    user_role: str | None
    permissions: Any

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    EDITOR = "editor", _("Editor")
    COMMENTER = "commenter", _("Commenter")
    OBSERVER = "observer", _("Observer")


class Membership(models.Model):
    """A user's place in a working group: a role, and the organization the user speaks for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.OBSERVER)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("represents"),
    )
    created_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="membership_unique_user_group"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} — {self.group} ({self.get_role_display()})"


class Invitation(models.Model):
    """An emailed invitation to join a group; its signed link expires and works once."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.OBSERVER)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("represents"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
        ]

    def __str__(self):
        return f"{self.email} → {self.group}"

    @property
    def is_pending(self):
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class AuditEvent(models.Model):
    """Something that happened in a group, by whom and when. Written once, never edited."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="audit_events")
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=60)
    summary = models.CharField(_("summary"), max_length=500)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["group", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class NotificationKind(models.TextChoices):
    INVITATION = "invitation", _("Invitations")
    MENTION = "mention", _("Mentions")
    REPLY = "reply", _("Replies to my comments")
    REVIEW = "review", _("Reviews opened or closing")
    APPROVAL = "approval", _("Approvals")
    ENDORSEMENT = "endorsement", _("Endorsements requested")
    DEADLINE = "deadline", _("Submission deadlines")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("By email at once")
    DIGEST = "digest", _("In a daily digest")
    OFF = "off", _("Only in Accord")


class Notification(models.Model):
    """A note for one member, shown in the app and emailed as the member chose."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["emailed_at", "kind"]),
        ]

    def __str__(self):
        return self.text[:60]


class NotificationPreference(models.Model):
    """How a member wants each kind of notification delivered (immediate when unset)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind)
    delivery = models.CharField(max_length=20, choices=Delivery, default=Delivery.IMMEDIATE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.delivery}"
