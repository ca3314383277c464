"""Markdown rendering in worker processes, with a time limit (see proposals/markdown.py).

Python cannot stop a thread, so a render that runs too long runs in a child process that can be
killed. Each worker (`python -m proposals.render_serve`) reads requests from stdin and writes
answers to stdout, one at a time:

    request:  length of the UTF-8 text (4 bytes, big-endian), with_toc (1 byte), the text
    answer:   status (1 byte: 0 rendered, 1 nested too deeply, 2 failed), body length and
              table-of-contents length (4 bytes each), body, table of contents

A process keeps up to `ACCORD_MARKDOWN_WORKERS` idle workers; a worker that passes
`ACCORD_MARKDOWN_RENDER_SECONDS` is killed and the text refused.
"""

import os
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

REQUEST = struct.Struct(">IB")
ANSWER = struct.Struct(">BII")
_ROOT = Path(__file__).resolve().parent.parent


class RenderRefused(Exception):
    """The worker could not render in time: `code` is "busy", "timeout" or "recursion" (the
    renderer turns it into its MarkdownTooComplex)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class _Worker:
    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "proposals.render_serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=_ROOT,
            env={**os.environ, "PYTHONPATH": str(_ROOT)},
        )

    def render(self, text: str, *, with_toc: bool, seconds: float) -> tuple[int, str, str]:
        data = text.encode("utf-8", "surrogatepass")
        self.process.stdin.write(REQUEST.pack(len(data), int(with_toc)) + data)
        self.process.stdin.flush()
        deadline = time.monotonic() + seconds
        status, body_length, toc_length = ANSWER.unpack(self._read(ANSWER.size, deadline))
        body = self._read(body_length, deadline).decode()
        toc = self._read(toc_length, deadline).decode()
        return status, body, toc

    def _read(self, count: int, deadline: float) -> bytes:
        stream, chunks = self.process.stdout.fileno(), []
        while count:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([stream], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(stream, min(count, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            count -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.process.stdin.close()
        self.process.stdout.close()


class _Pool:
    def __init__(self, size: int):
        self.owner = os.getpid()
        self.idle: list[_Worker] = []
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(size)


_pool: _Pool | None = None
_pool_lock = threading.Lock()


def _current_pool() -> _Pool:
    from django.conf import settings

    global _pool
    with _pool_lock:
        if _pool is None or _pool.owner != os.getpid():
            _pool = _Pool(settings.ACCORD_MARKDOWN_WORKERS)
        return _pool


def render_in_worker(text: str, *, with_toc: bool) -> tuple[str, str]:
    """Render in a worker process; RenderRefused when it fails or takes too long."""
    from django.conf import settings

    seconds = settings.ACCORD_MARKDOWN_RENDER_SECONDS
    pool = _current_pool()
    if not pool.slots.acquire(timeout=seconds):
        raise RenderRefused("busy")
    try:
        with pool.lock:
            worker = pool.idle.pop() if pool.idle else None
        worker = worker or _Worker()
        try:
            status, body, toc = worker.render(text, with_toc=with_toc, seconds=seconds)
        except (TimeoutError, EOFError, OSError):
            worker.kill()
            raise RenderRefused("timeout") from None
        with pool.lock:
            pool.idle.append(worker)
    finally:
        pool.slots.release()
    if status == 1:
        raise RenderRefused("recursion")
    if status != 0:
        raise RenderRefused("timeout")
    return body, toc
