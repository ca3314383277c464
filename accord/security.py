"""Sign-in and API abuse: who is asking, wrong-password lock-outs, request rate limits.

django-axes counts wrong passwords (settings: ACCORD_LOGIN_*); this module tells it how Accord
names accounts and addresses, answers a lock-out, and limits password-reset requests and API calls.
docs/deployment.md ("Security") explains the choices.
"""

import hashlib
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from accord.services import account_lockout_record

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The client's address: the connection's, or the one the trusted proxies put in front.

    Each trusted proxy appends the address it was connected from to X-Forwarded-For, so the
    client is the entry that many places from the right; anything left of it may be forged.
    """
    proxies = settings.ACCORD_TRUSTED_PROXIES
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies][:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


def login_username(request, credentials: dict | None) -> str:
    """The email a sign-in names, as the login form normalizes it (the admin's form does not)."""
    if credentials and credentials.get("username"):
        value = credentials["username"]
    else:
        data = getattr(request, "data", None) or request.POST
        value = data.get("username", "")
    return str(value).strip().lower()[:254]


class LoginAttemptsHandler(AxesDatabaseHandler):
    """django-axes' database handler with a separate, larger allowance per address.

    AXES_LOCKOUT_PARAMETERS is [[username, ip_address], ip_address]: the first counts one
    account from one address (ACCORD_LOGIN_FAILURES_ALLOWED), the second one address over all
    accounts (ACCORD_LOGIN_IP_FAILURES_ALLOWED). axes compares one number with one limit, so an
    address past its own allowance reports the account limit.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        if len(counts) != 2:  # AXES_LOCKOUT_PARAMETERS changed: axes' own rule
            return max(counts, default=0)
        per_account, per_address = counts
        if per_address > settings.ACCORD_LOGIN_IP_FAILURES_ALLOWED:
            return max(per_account, get_failure_limit(request, credentials))
        return per_account

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A correct password clears that account's count from that address, not the address's
        count for other accounts (or signing in to one's own account would reset it)."""
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return deleted


def _recent_attempts(request, credentials: dict | None):
    ip_address = getattr(request, "axes_ip_address", None) or client_ip(request)
    recent = AccessAttempt.objects.filter(
        ip_address=ip_address, attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    return recent, recent.filter(username=login_username(request, credentials))


def login_lock_is_per_account(request, credentials: dict | None = None) -> bool:
    """Whether the account is locked from this address (rather than the address as a whole)."""
    _, own = _recent_attempts(request, credentials)
    failures = own.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return failures >= settings.AXES_FAILURE_LIMIT


def login_locked_until(request, credentials: dict | None = None) -> datetime:
    """When the lock ends: the cool-off after the last counted wrong password of the account
    from this address, or, when the address is locked as a whole, of the address (an upper
    bound: its older attempts may expire first)."""
    recent, own = _recent_attempts(request, credentials)
    counted = own if login_lock_is_per_account(request, credentials) else recent
    latest = counted.aggregate(latest=Max("attempt_time"))["latest"]
    return (latest or timezone.now()) + settings.AXES_COOLOFF_TIME


def login_lockout_response(request, original_response=None, credentials=None):
    """axes' lock-out answer: a page saying until when (local time), status 429.

    axes' async middleware passes the credentials in the second place; they are read from the
    request instead.
    """
    credentials = getattr(request, "axes_credentials", None) or (
        credentials if isinstance(credentials, dict) else None
    )
    until = timezone.localtime(login_locked_until(request, credentials))
    response = render(
        request,
        "registration/locked_out.html",
        {"until": until, "minutes": settings.ACCORD_LOGIN_LOCKOUT_MINUTES},
        status=429,
    )
    response["Retry-After"] = str(max(1, math.ceil((until - timezone.now()).total_seconds())))
    return response


def on_user_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """axes' user_locked_out signal, sent on the locking attempt and on every attempt while
    locked: only the locking one (its failure was counted) is recorded."""
    if request is None or getattr(request, "axes_failures_since_start", None) is None:
        return
    credentials = getattr(request, "axes_credentials", None)
    account_lockout_record(
        email=login_username(request, credentials),
        ip_address=ip_address or "",
        until=login_locked_until(request, credentials),
        whole_address=not login_lock_is_per_account(request, credentials),
    )


@dataclass(frozen=True)
class RateLimit:
    allowed: bool
    until: datetime | None = None


def rate_limit_hit(*, scope: str, key: str, limit: int, window: timedelta) -> RateLimit:
    """Count one request of `scope` by `key` in a fixed window (cache-backed, shared by all
    processes when Redis is configured); refused once `limit` requests were counted."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    seconds = max(1, int(window.total_seconds()))
    bucket = int(timezone.now().timestamp()) // seconds
    cache_key = f"ratelimit:{scope}:{digest}:{bucket}"
    cache.add(cache_key, 0, timeout=seconds + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds + 5)
        count = 1
    if count <= limit:
        return RateLimit(allowed=True)
    until = datetime.fromtimestamp((bucket + 1) * seconds, tz=timezone.get_current_timezone())
    return RateLimit(allowed=False, until=until)
