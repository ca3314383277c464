"""Pages about people and groups: dashboard, group page, members, invitations, language."""

import asyncio
import logging
import uuid
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accord import notifications as notification_services
from accord import registry, selectors, services
from accord.access import Permission, group_for_user, role_manages, role_of
from accord.confirm import confirmation_page, is_confirmed
from accord.forms import (
    InvitationForm,
    MembershipForm,
    OrganizationDetailsForm,
    SignupForm,
    form_add_service_errors,
)
from accord.models import (
    AuditEvent,
    Delivery,
    Invitation,
    Language,
    Membership,
    Notification,
    NotificationKind,
    Organization,
    Role,
    User,
)
from accord.security import client_ip, rate_limit_hit
from accord.timezones import user_adopt_browser_time_zone

logger = logging.getLogger(__name__)


# Submissions listed on the dashboard as needing attention; the rest are in each group's register.
def validation_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


@login_required
def dashboard(request):
    """The sections the apps register (`accord.registry.dashboard_sections`), in order."""
    sections = registry.render_sections(registry.dashboard_sections, request=request)
    return render(request, "accord/dashboard.html", {"sections": sections})


@login_required
def group_detail(request, group_id: int):
    """The group's head (the registered links the member may follow), the sections the apps
    register (its proposals…) and its members and organizations."""
    group = group_for_user(user=request.user, group_id=group_id)
    links = [
        link
        for link in registry.group_links
        if link.need is None or group.permissions.allows(link.need)
    ]
    context = {
        "group": group,
        "links": links,
        "sections": registry.render_sections(registry.group_sections, request=request, group=group),
        "memberships": list(selectors.group_memberships(group=group)),
        "organizations": list(group.organizations.all()),
        "permissions": group.permissions,
    }
    return render(request, "accord/group_detail.html", context)


@login_required
def organization_edit(request, group_id: int, organization_id: int):
    """Coordinators keep their member organizations' details (the sender block of letters)."""
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.MANAGE)
    organization = get_object_or_404(group.organizations, pk=organization_id)
    form = OrganizationDetailsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        current = Organization.objects.get(pk=organization.pk)
        changed = services.organization_update(
            organization=current, **{name: form.cleaned_data[name] for name in form.fields}
        )
        if changed:
            services.audit_record(
                group=group,
                actor=request.user,
                action="organization.changed",
                summary=_("Details of %(name)s changed") % {"name": current.name},
                details={"organization": current.pk, "fields": changed},
            )
        messages.success(request, _("Saved."))
        return redirect("group_detail", group_id=group.pk)
    return render(
        request,
        "accord/organization_form.html",
        {"group": group, "organization": organization, "form": form},
    )


@login_required
def group_members(request, group_id: int):
    """Coordinators see members, change roles, invite and revoke invitations."""
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.MANAGE)
    invite_form = InvitationForm(group=group)
    if request.method == "POST":
        invite_form = InvitationForm(request.POST, group=group)
        if invite_form.is_valid():
            try:
                invitation = services.invitation_create(
                    group=group,
                    invited_by=request.user,
                    email=invite_form.cleaned_data["email"],
                    role=invite_form.cleaned_data["role"],
                    organization=invite_form.cleaned_data["organization"],
                    accept_url_builder=lambda token: request.build_absolute_uri(
                        reverse("invitation_accept", args=[token])
                    ),
                )
            except ValidationError as error:
                form_add_service_errors(invite_form, error)
            else:
                messages.success(
                    request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
                )
                return redirect("group_members", group_id=group.pk)
    context = {
        "group": group,
        "memberships": list(selectors.group_memberships(group=group)),
        "organizations": list(group.organizations.all()),
        "roles": Role.choices,
        "invite_form": invite_form,
        "invitations": list(selectors.group_pending_invitations(group=group)),
        "invitation_days": settings.ACCORD_INVITATION_MAX_AGE.days,
    }
    return render(request, "accord/group_members.html", context)


@login_required
@require_POST
def membership_change(request, group_id: int, membership_id: int):
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.MANAGE)
    membership = get_object_or_404(Membership, pk=membership_id, group=group)
    if request.POST.get("action") == "remove" and not is_confirmed(request):
        return confirmation_page(
            request,
            name="membership_remove",
            subject=membership,
            cancel_url=reverse("group_members", args=[group.pk]),
        )
    try:
        if request.POST.get("action") == "remove":
            services.membership_remove(membership=membership, actor=request.user)
            messages.success(
                request, _("%(name)s left the group.") % {"name": membership.user.display_name}
            )
        else:
            form = MembershipForm(request.POST, group=group, prefix=f"m{membership.pk}")
            if not form.is_valid():
                raise ValidationError(
                    [str(message) for errors in form.errors.values() for message in errors]
                )
            services.membership_update(
                membership=membership,
                role=form.cleaned_data["role"],
                organization=form.cleaned_data["organization"],
                actor=request.user,
            )
            messages.success(
                request, _("Saved: %(name)s.") % {"name": membership.user.display_name}
            )
    except ValidationError as error:
        for message in validation_messages(error):
            messages.error(request, message)
    if membership.user_id == request.user.pk and not role_manages(
        role_of(user=request.user, group_id=group.pk)
    ):
        return redirect("dashboard")
    return redirect("group_members", group_id=group.pk)


@login_required
@require_POST
def invitation_revoke(request, group_id: int, invitation_id: int):
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.MANAGE)
    invitation = get_object_or_404(Invitation, pk=invitation_id, group=group, accepted_at=None)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            name="invitation_revoke",
            subject=invitation,
            cancel_url=reverse("group_members", args=[group.pk]),
        )
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("group_members", group_id=group.pk)


@never_cache
def invitation_accept(request, token: str):
    """A signed link: a known, signed-in invitee joins; a new one signs up first."""
    try:
        invitation = services.invitation_from_token(token)
    except ValidationError as error:
        return render(
            request,
            "accord/invitation_invalid.html",
            {"reasons": validation_messages(error)},
            status=410,
        )
    account_exists = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as error:
                for message in validation_messages(error):
                    messages.error(request, message)
                return redirect("invitation_accept", token=token)
            messages.success(request, _("Welcome to %(group)s!") % {"group": invitation.group})
            return redirect("group_detail", group_id=invitation.group_id)
    elif not account_exists:
        form = SignupForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            try:
                user = services.invitation_accept_with_signup(
                    invitation=invitation,
                    display_name=form.cleaned_data["display_name"],
                    password=form.cleaned_data["password1"],
                    preferred_language=form.cleaned_data["preferred_language"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                user_adopt_browser_time_zone(
                    user=user, time_zone=form.cleaned_data.get("browser_time_zone", "")
                )
                messages.success(request, _("Welcome to %(group)s!") % {"group": invitation.group})
                return redirect("group_detail", group_id=invitation.group_id)
    context = {
        "invitation": invitation,
        "form": form,
        "account_exists": account_exists,
        "wrong_user": request.user.is_authenticated
        and request.user.email.lower() != invitation.email.lower(),
        "login_url": f"{reverse('login')}?next={request.path}",
    }
    return render(request, "accord/invitation_accept.html", context)


@require_POST
def language_switch(request):
    """Switch the interface language; remembered in a cookie and the user's profile."""
    language = request.POST.get("language", "")
    if language not in Language.values:
        language = settings.LANGUAGE_CODE
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    if request.user.is_authenticated and request.user.preferred_language != language:
        services.user_update_language(user=request.user, language=language)
    translation.activate(language)
    return response


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health: database check failed")
        return False


def _channel_layer_ok(timeout: float = 2.0) -> bool:
    async def round_trip() -> bool:
        layer = get_channel_layer()
        channel = await layer.new_channel("healthz.")
        token = uuid.uuid4().hex
        await layer.send(channel, {"type": "healthz.ping", "token": token})
        message = await layer.receive(channel)
        return message.get("token") == token

    async def bounded() -> bool:
        return await asyncio.wait_for(round_trip(), timeout=timeout)

    try:
        return async_to_sync(bounded)()
    except Exception:
        logger.exception("health: channel layer check failed")
        return False


@require_GET
@never_cache
def healthz(request):
    parts = {
        "database": "ok" if _database_ok() else "error",
        "channel_layer": "ok" if _channel_layer_ok() else "error",
    }
    healthy = all(value == "ok" for value in parts.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **parts}, status=200 if healthy else 503
    )


@login_required
def audit_log(request, group_id: int):
    """The group's audit log: coordinators only; read-only."""
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.MANAGE)
    events = AuditEvent.objects.filter(group=group).select_related("actor", "proposal")
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "accord/audit_log.html", {"group": group, "page": page})


@login_required
def notifications_page(request):
    if request.method == "POST":
        if request.POST.get("action") == "preferences":
            for kind in NotificationKind.values:
                delivery = request.POST.get(f"delivery-{kind}")
                if delivery in Delivery.values:
                    notification_services.preference_set(
                        user=request.user, kind=kind, delivery=delivery
                    )
            messages.success(request, _("Saved."))
        else:
            notification_services.notifications_mark_read(user=request.user)
        return redirect("notifications")
    notifications = Notification.objects.filter(user=request.user)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    preferences = notification_services.preferences_for(user=request.user)
    context = {
        "page": page,
        "preferences": [
            (kind, label, preferences[kind]) for kind, label in NotificationKind.choices
        ],
        "deliveries": Delivery.choices,
    }
    return render(request, "accord/notifications.html", context)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per address (a page saying until when) and per email
    (past the limit no email is sent, and the answer is the same as ever: nobody learns whether
    an account exists, and nobody can fill a member's inbox)."""

    def post(self, request, *args, **kwargs):
        by_address = rate_limit_hit(
            scope="password-reset-ip",
            key=client_ip(request),
            limit=settings.ACCORD_PASSWORD_RESETS_PER_IP,
            window=timedelta(minutes=settings.ACCORD_PASSWORD_RESET_WINDOW_MINUTES),
        )
        if not by_address.allowed:
            response = render(
                request,
                "registration/password_reset_throttled.html",
                {"until": timezone.localtime(by_address.until)},
                status=429,
            )
            response["Retry-After"] = str(
                max(1, int((by_address.until - timezone.now()).total_seconds()))
            )
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        by_email = rate_limit_hit(
            scope="password-reset-email",
            key=form.cleaned_data["email"].strip().lower(),
            limit=settings.ACCORD_PASSWORD_RESETS_PER_EMAIL,
            window=timedelta(minutes=settings.ACCORD_PASSWORD_RESET_WINDOW_MINUTES),
        )
        if not by_email.allowed:
            logger.warning("password reset: too many requests for one email; none sent")
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
