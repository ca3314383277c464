"""Request bodies bounded before anything buffers them.

Daphne (Twisted underneath) receives a whole request body, spooling it to a temporary file,
and then hands it to the application in 8 KB messages that all wait in memory: a 300 MB POST
to any URL took the process from 1 GB to 4.7 GB. Two guards refuse an oversized body with
413 instead:

- in daphne itself, as soon as the headers declare too large a length, or the received
  chunks of a body without a length pass the limit; nothing more is read and the connection
  is closed;
- in front of the ASGI application (`RequestBodyLimit`), for any other ASGI server and as a
  second line: the same test on `Content-Length` and on the streamed `http.request` messages.

The proxy limits bodies too (deploy/Caddyfile). Limits: `ACCORD_MAX_REQUEST_BYTES` for every
path, `ACCORD_MAX_FORM_REQUEST_BYTES` for sign-in pages and the health check, which never
take more than a small form.
"""

from urllib.parse import unquote

from django.conf import settings

SMALL_BODY_PATHS = ("/healthz", "/accounts/")
# Plain text in both languages: the refusal happens before any request or language exists.
REFUSAL = "Слишком большой запрос. / The request body is too large.\n".encode()


def body_limit(path: str) -> int:
    """The largest request body, in bytes, accepted for `path`."""
    if path.startswith(SMALL_BODY_PATHS):
        return settings.ACCORD_MAX_FORM_REQUEST_BYTES
    return settings.ACCORD_MAX_REQUEST_BYTES


class _BodyTooLarge(Exception):
    pass


def _declared_length(headers) -> int | None:
    for name, value in headers:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class RequestBodyLimit:
    """ASGI middleware: 413 for a body over `body_limit(path)`, declared or streamed."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = body_limit(scope["path"])
        declared = _declared_length(scope.get("headers", ()))
        if declared is not None and declared > limit:
            return await _send_refusal(send)
        received = 0
        started = False

        async def bounded_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, bounded_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _send_refusal(send)


async def _send_refusal(send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(REFUSAL)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": REFUSAL})


def install_daphne_body_limit() -> None:
    """Make daphne refuse oversized bodies while receiving them (see the module docstring).

    Daphne has no such option; its HTTP factory builds requests from the module-level
    `WebRequest`, which this replaces by a subclass. Idempotent."""
    from daphne import http_protocol

    if getattr(http_protocol.WebRequest, "accord_bounded", False):
        return

    class BoundedWebRequest(http_protocol.WebRequest):
        accord_bounded = True
        _refused = False
        _received = 0
        _limit = 0

        def gotLength(self, length):  # Twisted's name
            path = getattr(self.channel, "_path", b"/") or b"/"
            self._limit = body_limit(unquote(path.split(b"?", 1)[0].decode("latin-1")))
            if length is not None and length > self._limit:
                super().gotLength(0)
                self._refuse()
                return
            super().gotLength(length)

        def handleContentChunk(self, data):  # Twisted's name
            if self._refused:
                return
            self._received += len(data)
            if self._received > self._limit:
                self._refuse()
                return
            super().handleContentChunk(data)

        def process(self):
            if not self._refused:
                return super().process()
            return None

        def _refuse(self):
            self._refused = True
            transport = self.channel.transport
            transport.write(
                b"HTTP/1.1 413 Content Too Large\r\n"
                b"Content-Type: text/plain; charset=utf-8\r\n"
                b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(REFUSAL) + REFUSAL
            )
            transport.loseConnection()

    http_protocol.WebRequest = BoundedWebRequest
