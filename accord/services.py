"""Every write about people, organizations, working groups and memberships."""

import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accord.access import Permission, role_manages, roles_with
from accord.models import (
    AuditEvent,
    Invitation,
    Membership,
    Organization,
    Role,
    User,
    WorkingGroup,
)
from accord.notifications import notify

logger = logging.getLogger(__name__)

INVITATION_SALT = "accord.invitation"


@transaction.atomic
def audit_record(
    *,
    group: WorkingGroup,
    actor: User | None,
    action: str,
    summary: str,
    proposal=None,
    details: dict | None = None,
) -> AuditEvent:
    """Append to the group's audit log (never edited afterwards)."""
    return AuditEvent.objects.create(
        group=group,
        proposal=proposal,
        actor=actor,
        action=action,
        summary=summary[:500],
        details=details or {},
    )


@transaction.atomic
def user_create(
    *, email: str, password: str | None, display_name: str, preferred_language: str = "ru"
) -> User:
    """Create an active user. Raises ValidationError for a taken or malformed email."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email already exists.")})
    return User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name.strip(),
        preferred_language=preferred_language,
    )


@transaction.atomic
def user_set_password(*, user: User, password: str) -> User:
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_grant_site_admin(*, user: User) -> User:
    """Make the user a superuser who may open /admin/ (the demo's admin account; in production
    `manage.py createsuperuser`)."""
    user.is_staff = True
    user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def user_update_language(*, user: User, language: str) -> User:
    user.preferred_language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def account_lockout_record(
    *, email: str, ip_address: str, until, whole_address: bool = False
) -> list[AuditEvent]:
    """Record a sign-in lock-out: in the audit log of every group the account belongs to (its
    coordinators should know), and in the server log. An address locked as a whole, or an email
    with no account, has no group: the server log and the admin's axes tables keep it."""
    local_until = formats.time_format(timezone.localtime(until), "H:i")
    logger.warning(
        "sign-in locked until %s: %s from %s",
        until.isoformat(),
        "every account" if whole_address else "one account",
        ip_address,
    )
    if whole_address:
        return []
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return []
    summary = _("Sign-in to %(email)s locked until %(time)s after repeated wrong passwords") % {
        "email": user.email,
        "time": local_until,
    }
    return [
        audit_record(
            group=membership.group,
            actor=None,
            action="account.locked_out",
            summary=summary,
            details={"user": user.pk, "ip_address": ip_address, "until": until.isoformat()},
        )
        for membership in Membership.objects.filter(user=user).select_related("group")
    ]


@transaction.atomic
def organization_create(
    *, name: str, city: str = "", region: str = "", website: str = "", description: str = ""
) -> Organization:
    organization = Organization(
        name=name, city=city, region=region, website=website, description=description
    )
    organization.full_clean()
    organization.save()
    return organization


ORGANIZATION_DETAIL_FIELDS = (
    "legal_name", "postal_address", "phone", "email", "registration_numbers",
    "city", "region", "website", "description",
)  # fmt: skip


@transaction.atomic
def organization_update(*, organization: Organization, **fields) -> list[str]:
    """Change an organization's details (the sender block of letters); returns what changed."""
    unknown = set(fields) - set(ORGANIZATION_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"not an organization detail: {', '.join(sorted(unknown))}")
    changed = [name for name, value in fields.items() if getattr(organization, name) != value]
    if changed:
        for name in changed:
            setattr(organization, name, fields[name])
        organization.full_clean()
        organization.save(update_fields=changed)
    return changed


@transaction.atomic
def working_group_create(
    *,
    name: str,
    theme: str,
    description: str = "",
    organizations=(),
    coordinator: User | None = None,
    approval_rule: str = "coordinator",
) -> WorkingGroup:
    """Create a group with its member organizations and, if given, its first coordinator."""
    group = WorkingGroup(
        name=name, theme=theme, description=description, approval_rule=approval_rule
    )
    group.full_clean()
    group.save()
    group.organizations.set(organizations)
    if coordinator is not None:
        membership_add(group=group, user=coordinator, role=Role.COORDINATOR)
    return group


@transaction.atomic
def membership_add(
    *,
    group: WorkingGroup,
    user: User,
    role: str,
    organization: Organization | None = None,
    actor: User | None = None,
) -> Membership:
    """Add a member (audited). The organization, if any, must belong to the group."""
    _check_organization(group=group, organization=organization)
    if Membership.objects.filter(group=group, user=user).exists():
        raise ValidationError(_("This person is already a member of the group."))
    membership = Membership(group=group, user=user, role=role, organization=organization)
    membership.full_clean()
    membership.save()
    audit_record(
        group=group,
        actor=actor,
        action="membership.added",
        summary=f"{user.display_name} ({user.email}): {membership.get_role_display()}",
        details={"user": user.pk, "role": role, "organization": getattr(organization, "pk", None)},
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    role: str,
    organization: Organization | None = None,
    actor: User | None = None,
) -> Membership:
    """Change a member's role or organization.

    Locks the group's coordinator rows so that two demotions cannot leave it without one.
    """
    _check_organization(group=membership.group, organization=organization)
    if role_manages(membership.role) and not role_manages(role):
        _ensure_another_coordinator(membership)
    before = (membership.role, membership.organization_id)
    membership.role = role
    membership.organization = organization
    membership.full_clean()
    membership.save(update_fields=["role", "organization"])
    if before != (role, getattr(organization, "pk", None)):
        audit_record(
            group=membership.group,
            actor=actor,
            action="membership.changed",
            summary=f"{membership.user.display_name}: {membership.get_role_display()}",
            details={"user": membership.user_id, "from": before[0], "to": role},
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User | None = None) -> None:
    """Remove a member (audited); the group's last coordinator cannot be removed."""
    if role_manages(membership.role):
        _ensure_another_coordinator(membership)
    audit_record(
        group=membership.group,
        actor=actor,
        action="membership.removed",
        summary=f"{membership.user.display_name} ({membership.user.email})",
        details={"user": membership.user_id, "role": membership.role},
    )
    membership.delete()


def _ensure_another_coordinator(membership: Membership) -> None:
    coordinators = list(
        Membership.objects.select_for_update()
        .filter(group_id=membership.group_id, role__in=roles_with(Permission.MANAGE))
        .values_list("pk", flat=True)
    )
    if [pk for pk in coordinators if pk != membership.pk] == []:
        raise ValidationError(_("A working group must keep at least one coordinator."))


def _check_organization(*, group: WorkingGroup, organization: Organization | None) -> None:
    if organization is not None and not group.organizations.filter(pk=organization.pk).exists():
        raise ValidationError(
            {"organization": _("This organization is not a member of the working group.")}
        )


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation behind a token. Raises ValidationError with the reason."""
    try:
        data = signing.loads(
            token,
            salt=INVITATION_SALT,
            max_age=settings.ACCORD_INVITATION_MAX_AGE,
        )
    except signing.SignatureExpired:
        raise ValidationError(_("This invitation has expired.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This invitation link is not valid.")) from None
    invitation = (
        Invitation.objects.select_related("group", "organization", "invited_by")
        .filter(pk=data.get("i"), email=data.get("e"))
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired."))
    return invitation


@transaction.atomic
def invitation_create(
    *,
    group: WorkingGroup,
    invited_by: User,
    email: str,
    role: str,
    organization: Organization | None = None,
    accept_url_builder=None,
) -> Invitation:
    """Create an invitation and email its link after commit.

    `accept_url_builder(token)` turns the token into an absolute URL for the email.
    """
    email = User.objects.normalize_email(email).strip().lower()
    _check_organization(group=group, organization=organization)
    if Membership.objects.filter(group=group, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the group.")})
    invitation = Invitation(
        group=group,
        email=email,
        role=role,
        organization=organization,
        invited_by=invited_by,
        expires_at=timezone.now() + settings.ACCORD_INVITATION_MAX_AGE,
    )
    invitation.full_clean()
    invitation.save()
    token = invitation_token(invitation)
    url = accept_url_builder(token) if accept_url_builder else token
    language = translation.get_language() or settings.LANGUAGE_CODE

    def send():
        try:
            _send_invitation(language, invitation, url, invited_by, group, email)
        except Exception:
            # The invitation exists; the coordinator sees it pending and can send it again.
            logger.exception("could not email invitation %s", invitation.pk)

    transaction.on_commit(send)
    existing = User.objects.filter(email__iexact=email, is_active=True).first()
    if existing is not None:
        notify(
            users=[existing],
            kind="invitation",
            text=_("%(name)s invites you to the working group “%(group)s”")
            % {"name": invited_by.display_name, "group": group.name},
            url=url if url.startswith(("http", "/")) else "",
            email=False,
        )
    return invitation


def _send_invitation(language, invitation, url, invited_by, group, email) -> None:
    with translation.override(language):
        context = {"invitation": invitation, "url": url, "inviter": invited_by}
        send_mail(
            subject=_("Invitation to the working group “%(group)s”") % {"group": group.name},
            message=render_to_string("accord/email/invitation.txt", context),
            from_email=None,
            recipient_list=[email],
        )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the invited user to the group. Locks the invitation so that it works only once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.revoked_at is not None or invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired."))
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    existing = Membership.objects.filter(group_id=invitation.group_id, user=user).first()
    if existing is not None:
        return existing
    return membership_add(
        group=invitation.group,
        user=user,
        role=invitation.role,
        organization=invitation.organization,
        actor=invitation.invited_by,
    )


@transaction.atomic
def invitation_accept_with_signup(
    *, invitation: Invitation, display_name: str, password: str, preferred_language: str = "ru"
) -> User:
    """Create the invitee's account with the invited email, then accept."""
    user = user_create(
        email=invitation.email,
        password=password,
        display_name=display_name,
        preferred_language=preferred_language,
    )
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation
