"""The public pages' plumbing: no sign-in, same answer for everyone (so cacheable), a rate
limit per client address, the robots rules of the group shown."""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.security import client_ip, rate_limit_hit
from publication import cache


def limited(request, scope: str = "public", limit: int | None = None) -> HttpResponse | None:
    """A 429 page once the client passed the per-minute limit, else None."""
    hit = rate_limit_hit(
        scope=scope,
        key=client_ip(request),
        limit=limit or settings.ACCORD_PUBLIC_RATE_PER_MINUTE,
        window=timedelta(minutes=1),
    )
    if hit.allowed:
        return None
    response = HttpResponse(
        render_to_string("publication/throttled.html", {"until": timezone.localtime(hit.until)}),
        status=429,
    )
    response["Retry-After"] = str(max(1, int((hit.until - timezone.now()).total_seconds())))
    return response


def public_page(view):
    """Rate-limited, and cached per URL until the next publish change (publication.cache).
    The view must not read the session or the user: the page is the same for everyone."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        refused = limited(request)
        if refused is not None:
            return refused
        path = request.get_full_path()
        cached = cache.get(path)
        if cached is not None:
            content, content_type, robots = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            robots = getattr(response, "robots", "")
            if response.status_code == 200 and not response.streaming:
                cache.put(path, (response.content, response["Content-Type"], robots))
        if robots:
            response["X-Robots-Tag"] = robots
        # The server keeps the page; browsers and proxies ask again each time, so that an
        # unpublished page is gone for them at once as well.
        response["Cache-Control"] = "no-cache"
        return response

    return wrapper


def not_found_text() -> str:
    return _("Nothing is published at this address.")
