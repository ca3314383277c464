"""The websocket Origin check: scheme, host and port, as Django's CSRF check compares them.

Channels' `AllowedHostsOriginValidator` compares the Origin's host only (so `http://localhost:1`
passed for a site on `http://localhost:8000`). Here a websocket opens only when its Origin is the
site itself — the scheme the browser used (https behind the TLS proxy, read from
`SECURE_PROXY_SSL_HEADER` as Django does), and the `Host` the request was sent to, which must be
in `ALLOWED_HOSTS` — or exactly one of `CSRF_TRUSTED_ORIGINS`. Anything else gets HTTP 403
before the websocket opens.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

Scope = Mapping[str, Any]  # an ASGI connection scope

DEFAULT_PORTS = {"http": 80, "https": 443}


def _normal(scheme: str, host: str, port: int | None) -> tuple[str, str, int | None]:
    return scheme, host.lower().rstrip("."), port if port is not None else DEFAULT_PORTS.get(scheme)


def _parse(origin: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        return None
    return _normal(parts.scheme, parts.hostname, port)


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {name.lower(): value for name, value in scope.get("headers", [])}


def _secure(scope: Scope, headers: dict[bytes, bytes]) -> bool:
    if scope.get("scheme") in ("wss", "https"):
        return True
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        name, expected = proxy
        header = name.removeprefix("HTTP_").replace("_", "-").lower().encode()
        value = headers.get(header, b"").decode("latin1").split(",")[0].strip()
        return value == expected
    return False


def _allowed_hosts() -> list[str]:
    hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not hosts:
        hosts = [".localhost", "127.0.0.1", "[::1]"]
    return hosts


def origin_allowed(scope: Scope) -> bool:
    """Whether the websocket's Origin header names this site (scheme, host and port)."""
    headers = _headers(scope)
    raw_origin = headers.get(b"origin")
    if raw_origin is None:
        return False
    origin = _parse(raw_origin.decode("latin1"))
    if origin is None:
        return False
    for trusted in getattr(settings, "CSRF_TRUSTED_ORIGINS", []):
        if "*" not in trusted and _parse(trusted) == origin:
            return True
    host = headers.get(b"host", b"").decode("latin1")
    domain, port = split_domain_port(host)
    if not domain or not validate_host(domain, _allowed_hosts()):
        return False
    scheme = "https" if _secure(scope, headers) else "http"
    try:
        site = _normal(scheme, domain.strip("[]"), int(port) if port else None)
    except ValueError:
        return False
    return origin == site


class SameOriginValidator:
    """ASGI middleware: refuse (HTTP 403) a websocket whose Origin is not this site."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> Any:
        if scope["type"] != "websocket":
            raise ValueError("SameOriginValidator only guards websockets")
        if origin_allowed(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
