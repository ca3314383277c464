"""Use the signed-in user's preferred language unless a language was chosen explicitly, and their
time zone."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation

from accord.timezones import user_zone_name


class PreferredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        explicit = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and not explicit:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class TimeZoneMiddleware:
    """Every time a page shows is in the signed-in user's zone (accord/timezones.py); others see
    the site's. Legal dates are computed with `legal_today()` and are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(ZoneInfo(user_zone_name(user)))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
