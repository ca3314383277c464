"""Notifications: in the app always; by email at once, in a daily digest, or not, per kind.

`notify()` is called by other services inside their transactions; emails leave after commit.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.models import Delivery, Notification, NotificationKind, NotificationPreference, User

logger = logging.getLogger(__name__)


def delivery_for(*, user: User, kind: str) -> str:
    preference = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return preference.delivery if preference else Delivery.IMMEDIATE


def preferences_for(*, user: User) -> dict[str, str]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, Delivery.IMMEDIATE) for kind in NotificationKind.values}


@transaction.atomic
def preference_set(*, user: User, kind: str, delivery: str) -> None:
    if kind not in NotificationKind.values or delivery not in Delivery.values:
        raise ValueError("unknown notification kind or delivery")
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )


def _absolute(url: str) -> str:
    base = getattr(settings, "ACCORD_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if base and url.startswith("/") else url


def _send_one(notification: Notification) -> None:
    """Email one notification; a mail failure is logged, never shown to the person acting."""
    try:
        _email(notification)
    except Exception:
        logger.exception("could not email notification %s", notification.pk)


def _email(notification: Notification) -> None:
    user = notification.user
    with translation.override(user.preferred_language):
        send_mail(
            subject=_("Accord: %(text)s") % {"text": notification.text[:120]},
            message=render_to_string(
                "accord/email/notification.txt",
                {"notification": notification, "url": _absolute(notification.url)},
            ),
            from_email=None,
            recipient_list=[user.email],
        )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


@transaction.atomic
def notify(
    *,
    users,
    kind: str,
    text: str,
    url: str = "",
    exclude: User | None = None,
    email: bool = True,
) -> list:
    """Notify each user but `exclude`; the immediate ones are emailed after commit.

    `email=False` for notes whose email went out already (an invitation is its own email).
    """
    created = []
    for user in {user.pk: user for user in users}.values():
        if (exclude is not None and user.pk == exclude.pk) or not user.is_active:
            continue
        notification = Notification.objects.create(user=user, kind=kind, text=text[:500], url=url)
        created.append(notification)
        delivery = delivery_for(user=user, kind=kind) if email else Delivery.OFF
        if delivery == Delivery.IMMEDIATE:
            transaction.on_commit(lambda notification=notification: _send_one(notification))
        elif delivery == Delivery.OFF:
            # Never emailed: mark it so digests skip it.
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return created


@transaction.atomic
def notifications_mark_read(*, user: User, ids=None) -> int:
    unread = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def unread_count(*, user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at=None).count()


def digest_pending(*, user: User) -> list[Notification]:
    """The notifications a daily digest would carry for this member now."""
    digest_kinds = [
        kind for kind, delivery in preferences_for(user=user).items() if delivery == Delivery.DIGEST
    ]
    return list(
        Notification.objects.filter(user=user, emailed_at=None, kind__in=digest_kinds).order_by(
            "created_at"
        )
    )


def digests_send() -> int:
    """Email every member one digest of what they chose to receive daily; returns how many."""
    # Members with a digest preference and something not emailed yet; digest_pending() then
    # picks exactly their digest kinds.
    users = User.objects.filter(
        is_active=True,
        notification_preferences__delivery=Delivery.DIGEST,
        notifications__emailed_at=None,
    ).distinct()
    sent = 0
    for user in users:
        items = digest_pending(user=user)
        if not items:
            continue
        with translation.override(user.preferred_language):
            send_mail(
                subject=_("Accord: your daily digest (%(count)d)") % {"count": len(items)},
                message=render_to_string(
                    "accord/email/digest.txt",
                    {
                        "user": user,
                        "items": [(item, _absolute(item.url)) for item in items],
                    },
                ),
                from_email=None,
                recipient_list=[user.email],
            )
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(
            emailed_at=timezone.now()
        )
        sent += 1
    return sent
