"""API rate limits (DRF throttles); settings ACCORD_API_RATE_*. Their 429 answer is worded in
accord/api_errors.py."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class UserThrottle(UserRateThrottle):
    """Per signed-in user, token and session together; the rate is read at each request so that
    it follows ACCORD_API_RATE_USER (and tests can change it)."""

    def get_rate(self):
        return settings.ACCORD_API_RATE_USER


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.ACCORD_API_RATE_ANON
