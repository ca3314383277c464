"""API rate limits (DRF throttles) and their 429 answer; settings ACCORD_API_RATE_*."""

import math

from django.conf import settings
from django.utils.translation import gettext, ngettext
from rest_framework import exceptions
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import exception_handler


class UserThrottle(UserRateThrottle):
    """Per signed-in user, token and session together; the rate is read at each request so that
    it follows ACCORD_API_RATE_USER (and tests can change it)."""

    def get_rate(self):
        return settings.ACCORD_API_RATE_USER


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.ACCORD_API_RATE_ANON


def api_exception_handler(exc, context):
    """DRF's handler, with a translated message for 429 (Retry-After is DRF's)."""
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is None:
            detail = gettext("Too many requests. Try again later.")
        else:
            wait = max(1, math.ceil(exc.wait))
            detail = ngettext(
                "Too many requests. Try again in %(seconds)d second.",
                "Too many requests. Try again in %(seconds)d seconds.",
                wait,
            ) % {"seconds": wait}
        exc.detail = exceptions.ErrorDetail(detail, code=exc.default_code)
    return exception_handler(exc, context)
