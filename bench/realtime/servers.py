"""The servers under test, each started fresh for one run on 127.0.0.1.

- A: Accord, one daphne process (in-memory channel layer),
- B: Accord, two daphne processes over Redis,
- C: the reference @y/websocket-server (one Node process, no persistence),
- H: Hocuspocus 3 with its SQLite extension (one Node process, hocuspocus-server.mjs)."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.realtime.procs import ROOT, free_port, node_binary, spawn, stop, wait_http
from bench.realtime.world import World, django_env

SERVERS = {
    "A": "Accord, 1 process",
    "B": "Accord, 2 processes + Redis",
    "C": "reference @y/websocket-server",
    "H": "Hocuspocus 3 + SQLite",
}
# The kinds whose clients are stock y-websocket providers; H's are Hocuspocus providers.
CLIENT_OF = {"A": "y-websocket", "B": "y-websocket", "C": "y-websocket", "H": "hocuspocus"}
NODE_MODULES = ROOT / "frontend" / "node_modules"
REFERENCE_SERVER = NODE_MODULES / "@y" / "websocket-server" / "src" / "server.js"
HOCUSPOCUS_SERVER = ROOT / "bench" / "realtime" / "hocuspocus-server.mjs"
NEEDS = {
    "C": REFERENCE_SERVER,
    "H": NODE_MODULES / "@hocuspocus" / "server" / "package.json",
}


@dataclass
class Server:
    kind: str
    processes: list[subprocess.Popen]
    ws_urls: list[str]
    logs: list[Path]

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def stop(self) -> None:
        for process in self.processes:
            stop(process)


def start_server(kind: str, *, args, world: World, workdir: Path, label: str) -> Server:
    if kind == "C":
        return start_reference(workdir=workdir, label=label)
    if kind == "H":
        return start_hocuspocus(workdir=workdir, label=label)
    env = {
        **django_env(world.database_url, world.secret_key, workdir),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ACCORD_WS_MAX_SOCKETS_PER_USER": "1000",
        "LOG_LEVEL": "WARNING",
    }
    if kind == "B":
        env["REDIS_URL"] = args.redis_url
    env.update(args.server_env)
    return start_daphnes(1 if kind == "A" else 2, env=env, workdir=workdir, label=label)


def start_daphnes(count: int, *, env: dict, workdir: Path, label: str) -> Server:
    processes, urls, logs = [], [], []
    for index in range(count):
        port = free_port()
        log = workdir / f"{label}-daphne{index}.log"
        command = [sys.executable, "-m", "realtime.serve", "-b", "127.0.0.1", "-p", str(port),
                   "accord.asgi:application"]  # fmt: skip
        processes.append(spawn(command, env=env, log=log, stdout=subprocess.DEVNULL))
        urls.append((f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws/proposals"))
        logs.append(log)
    for process, (http, _ws), log in zip(processes, urls, logs, strict=True):
        wait_http(f"{http}/healthz", process, log)
    return Server("accord", processes, [ws for _http, ws in urls], logs)


def start_reference(*, workdir: Path, label: str) -> Server:
    port = free_port()
    log = workdir / f"{label}-reference.log"
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port)}
    env.pop("YPERSISTENCE", None)
    env.pop("CALLBACK_URL", None)
    process = spawn(
        [node_binary(), str(REFERENCE_SERVER)], env=env, log=log, stdout=subprocess.DEVNULL
    )
    wait_http(f"http://127.0.0.1:{port}/", process, log)
    return Server("reference", [process], [f"ws://127.0.0.1:{port}/ws/proposals"], [log])


def start_hocuspocus(*, workdir: Path, label: str) -> Server:
    """Hocuspocus with its SQLite extension writing to a new file in the run's directory."""
    port = free_port()
    log = workdir / f"{label}-hocuspocus.log"
    database = workdir / f"{label}-hocuspocus.sqlite3"
    command = [node_binary(), "--experimental-import-meta-resolve", "--no-warnings",
               str(HOCUSPOCUS_SERVER), str(port), str(database)]  # fmt: skip
    process = spawn(command, env=dict(os.environ), log=log, stdout=subprocess.DEVNULL)
    wait_http(f"http://127.0.0.1:{port}/", process, log)
    # The provider appends nothing to the URL: the document name travels in every frame.
    return Server("hocuspocus", [process], [f"ws://127.0.0.1:{port}"], [log])
