"""Memory of the live-editing server: idle, per connection, and with many open proposals.

    .venv/bin/python bench/realtime/memory.py [--clients 500] [--rooms 200] [--database-url URL]

For Accord (one daphne process, in-memory channel layer) and, in the same run, the reference
server @y/websocket-server: the RSS (VmRSS) of the idle process after its first requests; with
--clients idle stock clients synced in one proposal (per connection = the increase / clients);
after they leave and the room is unloaded; with one client in each of --rooms proposals; and
after those leave. Clients are bench/realtime/idle-clients.mjs (stock y-websocket providers, in
their own Node process). Prints a Markdown table; see docs/performance.md, "Memory".
"""

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

# Run as a script: make `bench.realtime` importable from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.realtime.procs import node_binary, rss_bytes, spawn, stop, stop_all
from bench.realtime.servers import Server, start_server
from bench.realtime.world import prepare_world

IDLE_CLIENTS = Path(__file__).resolve().parent / "idle-clients.mjs"
ROOM_IDLE_SECONDS = 2  # rooms unload this long after their last socket (ACCORD_ROOM_IDLE_SECONDS)
GOALS = {"idle_mb": 80, "per_connection_kb": 30}


def megabytes(value: int) -> float:
    return round(value / 2**20, 1)


class Clients:
    """N idle stock clients in their own Node process, spread over `rooms`."""

    def __init__(self, *, server: Server, rooms: list[str], cookies: list[str], count: int,
                 workdir: Path, label: str) -> None:  # fmt: skip
        config = workdir / f"{label}.json"
        config.write_text(json.dumps({
            "url": server.ws_urls[0], "rooms": rooms, "cookies": cookies, "clients": count,
            "batch": 25,
        }))  # fmt: skip
        self.process = spawn(
            [node_binary(), "--experimental-import-meta-resolve", "--no-warnings",
             str(IDLE_CLIENTS), str(config)],
            env=None, log=workdir / f"{label}.log", stdout=subprocess.PIPE,
            stdin=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.expect("synced")

    def expect(self, event: str) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the idle clients ended before '{event}'")
        message = json.loads(line)
        if message.get("event") != event:
            raise RuntimeError(f"the idle clients said {message}, not '{event}'")
        return message

    def close(self) -> None:
        self.process.stdin.write("close\n")
        self.process.stdin.flush()
        self.expect("closed")
        stop(self.process)


def settled_rss(server: Server, seconds: float = 2.0) -> int:
    time.sleep(seconds)
    return rss_bytes(server.pids)


def measure(kind: str, *, args, world, workdir: Path) -> dict:
    server = start_server(kind, args=args, world=world, workdir=workdir, label=f"memory-{kind}")
    try:
        if kind == "A":
            # The first requests import the URL configuration and the views.
            base = server.ws_urls[0].replace("ws://", "http://").removesuffix("/ws/proposals")
            # (No static files are collected here: a page answers 500, the imports are made.)
            for path in ("/healthz", "/accounts/login/"):
                # As behind the TLS proxy of production (no redirect to https).
                request = urllib.request.Request(  # noqa: S310 (http, local)
                    base + path, headers={"X-Forwarded-Proto": "https"}
                )
                with contextlib.suppress(urllib.error.HTTPError):
                    urllib.request.urlopen(request, timeout=30).close()  # noqa: S310 (local)
        idle = settled_rss(server)
        common = {"server": server, "cookies": world.cookies, "workdir": workdir}
        clients = Clients(
            **common, rooms=world.proposals[:1], count=args.clients, label=f"memory-{kind}-one"
        )
        one_room = settled_rss(server)
        clients.close()
        after_one = settled_rss(server, ROOM_IDLE_SECONDS + 2)
        clients = Clients(
            **common, rooms=world.proposals, count=args.rooms, label=f"memory-{kind}-rooms"
        )
        rooms = settled_rss(server)
        clients.close()
        after_rooms = settled_rss(server, ROOM_IDLE_SECONDS + 2)
    finally:
        server.stop()
    return {
        "kind": kind,
        "idle": idle,
        "one_room": one_room,
        "per_connection": (one_room - idle) / args.clients,
        "after_one": after_one,
        "rooms": rooms,
        "after_rooms": after_rooms,
    }


def markdown(results: list[dict], args) -> str:
    names = {"A": "Accord, 1 process", "C": "reference @y/websocket-server"}
    lines = [
        f"| server | idle MB | {args.clients} in one proposal MB | per connection KB | "
        f"after they left MB | {args.rooms} proposals open MB | after they left MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        lines.append(
            f"| {names[result['kind']]} | {megabytes(result['idle'])} | "
            f"{megabytes(result['one_room'])} | {result['per_connection'] / 1024:.1f} | "
            f"{megabytes(result['after_one'])} | {megabytes(result['rooms'])} | "
            f"{megabytes(result['after_rooms'])} |"
        )
    accord = next((result for result in results if result["kind"] == "A"), None)
    if accord:
        idle_ok = megabytes(accord["idle"]) <= GOALS["idle_mb"]
        conn_ok = accord["per_connection"] / 1024 <= GOALS["per_connection_kb"]
        lines += ["", f"Goals: idle ≤ {GOALS['idle_mb']} MB ({'met' if idle_ok else 'NOT met'}), "
                  f"per connection ≤ {GOALS['per_connection_kb']} KB "
                  f"({'met' if conn_ok else 'NOT met'})."]  # fmt: skip
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=500, help="clients in one proposal")
    parser.add_argument("--rooms", type=int, default=200, help="proposals open at once")
    parser.add_argument("--database-url", default="", help="a postgres:// server (default SQLite)")
    parser.add_argument("--no-reference", action="store_true", help="Accord only")
    args = parser.parse_args(argv)
    # What start_server reads for Accord's processes.
    args.redis_url = ""
    args.server_env = {
        "ACCORD_ROOM_IDLE_SECONDS": str(ROOM_IDLE_SECONDS),
        "ACCORD_WS_MAX_SOCKETS_PER_USER": str(max(args.clients, args.rooms) + 10),
    }
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if shutil.which("node") is None:
        raise SystemExit("node is not on PATH")
    workdir = Path(tempfile.mkdtemp(prefix="accord-memory-"))
    world = prepare_world(args, workdir, proposals_needed=args.rooms, users_needed=1)
    try:
        kinds = ["A"] if args.no_reference else ["A", "C"]
        results = [measure(kind, args=args, world=world, workdir=workdir) for kind in kinds]
    finally:
        stop_all()
        for cleanup in world.cleanup:
            cleanup()
    print(markdown(results, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
