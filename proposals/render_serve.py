"""A render worker's process (`python -m proposals.render_serve`), started and fed by
proposals/render_worker.py; the wire format is described there."""

import sys

from proposals.markdown import convert
from proposals.render_worker import ANSWER, REQUEST


def serve() -> None:
    """The worker's loop: needs only Python-Markdown and nh3, not Django's settings."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while header := source.read(REQUEST.size):
        length, with_toc = REQUEST.unpack(header)
        text = source.read(length).decode("utf-8", "surrogatepass")
        status, body, toc = 0, b"", b""
        try:
            rendered, contents = convert(text, with_toc=bool(with_toc))
            body, toc = rendered.encode(), contents.encode()
        except RecursionError:
            status = 1
        except Exception:
            status = 2
        sink.write(ANSWER.pack(status, len(body), len(toc)) + body + toc)
        sink.flush()


if __name__ == "__main__":
    serve()
