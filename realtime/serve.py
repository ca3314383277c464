"""Run daphne with websocket limits taken from Accord's settings: `python -m realtime.serve ...`.

Daphne's own message limit (1 MiB by default) is separate from the application's: a frame above
it is cut off by daphne with 1009 (which stock clients answer by reconnecting and sending it
again), and a message the server sends above it raises. This launcher sets daphne's incoming
message and frame limits to twice `ACCORD_WS_MAX_MESSAGE_BYTES`, so that a frame above the
application's limit reaches the application and is refused with the documented 4413; the server
sends nothing larger than `ACCORD_WS_MAX_MESSAGE_BYTES` (large documents and presence go out in
parts). Every other argument is daphne's (`python -m realtime.serve -b 0.0.0.0 -p 8000
accord.asgi:application`).
"""

import os
import sys


def daphne_limit_arguments() -> list[str]:
    # Imported here: DJANGO_SETTINGS_MODULE is set in main() first.
    from realtime.conf import realtime_settings

    limit = str(2 * realtime_settings().max_message_bytes)
    return ["--websocket-max-message-size", limit, "--websocket-max-frame-size", limit]


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    from daphne.cli import CommandLineInterface

    given = {argument.split("=")[0] for argument in argv}
    extra = [] if "--websocket-max-message-size" in given else daphne_limit_arguments()
    CommandLineInterface().run(extra + argv)


if __name__ == "__main__":
    main(sys.argv[1:])
