"""Request bodies are refused with 413 before anything buffers them (issue 10, item 8)."""

import socket
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import override_settings

from accord.bodylimit import body_limit

CHUNK = b"a" * 65536
ATTACK_BYTES = 300 * 1024 * 1024


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _stream_post(port: int, path: str, *, chunked: bool) -> tuple[bytes, int]:
    """POST 300 MB from a generator (never held in memory) over a raw socket; returns what the
    server answered and how many body bytes it let through before answering or closing."""
    headers = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Content-Type: text/plain"]
    headers.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {ATTACK_BYTES}")
    sent = 0
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
        connection.settimeout(0.0)
        try:
            while sent < ATTACK_BYTES:
                try:
                    answer += connection.recv(65536)
                    if answer:
                        break
                except BlockingIOError:
                    pass
                frame = b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK) if chunked else CHUNK
                connection.settimeout(5)
                connection.sendall(frame)
                connection.settimeout(0.0)
                sent += len(CHUNK)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass
        connection.settimeout(5)
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except (ConnectionResetError, TimeoutError, BlockingIOError):
            pass
    return answer, sent


def _healthy(url: str) -> bool:
    with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310
        return response.status == 200


@pytest.mark.parametrize("path", ["/healthz", "/accounts/login/", "/api/groups/"])
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_300_mb_post_is_refused_early_and_daphne_stays_small(daphne, path, chunked):
    server = daphne()
    before = _rss_kib(server.process.pid)
    started = time.monotonic()
    answer, sent = _stream_post(server.port, path, chunked=chunked)
    elapsed = time.monotonic() - started
    after = _rss_kib(server.process.pid)
    # The refusal comes after the limit (64 KiB or 24 MiB) and the kernel's socket buffers.
    assert sent < 64 * 1024 * 1024, f"{sent} bytes went through"
    if answer:
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert after - before < 100 * 1024, f"RSS grew from {before} to {after} KiB"
    assert elapsed < 30
    assert _healthy(server.url)
    print(f"{path} chunked={chunked}: {sent} bytes sent, {elapsed:.2f} s, RSS {before}→{after} KiB")


def test_an_ordinary_post_still_reaches_the_application(daphne):
    server = daphne()
    request = urllib.request.Request(f"{server.url}/accounts/login/", data=b"x=1")  # noqa: S310
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)  # noqa: S310
    assert refused.value.code == 403  # CSRF: Django saw the request
    assert _healthy(server.url)


def test_the_limit_is_small_for_sign_in_and_health_and_large_elsewhere():
    with override_settings(ACCORD_MAX_FORM_REQUEST_BYTES=100, ACCORD_MAX_REQUEST_BYTES=5000):
        assert body_limit("/healthz") == 100
        assert body_limit("/accounts/login/") == 100
        assert body_limit("/proposals/x/preview/") == 5000


async def _run(app, scope, bodies):
    sent = []
    messages = [{"type": "http.request", "body": body, "more_body": True} for body in bodies]
    messages[-1]["more_body"] = False

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent


async def _reading_app(scope, receive, send):
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


@override_settings(ACCORD_MAX_REQUEST_BYTES=1000)
async def test_the_asgi_guard_refuses_declared_and_streamed_bodies_over_the_limit():
    from accord.bodylimit import RequestBodyLimit

    app = RequestBodyLimit(_reading_app)
    scope = {"type": "http", "path": "/x/", "headers": [(b"content-length", b"5000")]}
    assert (await _run(app, scope, [b"a" * 10]))[0]["status"] == 413
    scope = {"type": "http", "path": "/x/", "headers": []}
    assert (await _run(app, scope, [b"a" * 600, b"a" * 600]))[0]["status"] == 413
    assert (await _run(app, scope, [b"a" * 600, b"a" * 300]))[0]["status"] == 200
