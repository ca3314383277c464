"""Benchmark of live co-editing: Accord's websocket against the reference y-websocket server.

    .venv/bin/python bench/realtime/run.py [--quick] [--duration S] [--database-url URL]

Sets up a throwaway database (an SQLite file in a temporary directory, or a new database on the
PostgreSQL server of --database-url, dropped afterwards), one working group, 132 editors with
sessions, and one ~5 KB Russian proposal per Accord run. Each load then runs against
  A  Accord, one daphne process (in-memory channel layer),
  B  Accord, two daphne processes over Redis (clients split evenly),
  C  the reference server @y/websocket-server (one Node process, no persistence),
each started fresh for the run, with bench/realtime/load.mjs as the clients (one Node process).
Prints a Markdown table and the p99 ratios against the reference. Everything listens on
127.0.0.1 and every process started here is stopped at the end. See docs/performance.md.
"""

import argparse
import contextlib
import json
import os
import queue
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
LOAD_SCRIPT = ROOT / "bench" / "realtime" / "load.mjs"
REFERENCE_SERVER = (
    ROOT / "frontend" / "node_modules" / "@y" / "websocket-server" / "src" / "server.js"
)
ORIGIN = "http://127.0.0.1"
MAX_USERS = 132
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Load:
    name: str
    clients: int
    typists: int


LOADS = [
    Load("10 editors", 10, 10),
    Load("20 editors", 20, 20),
    Load("50 editors", 50, 50),
    Load("conference: 132 connected, 16 typing", 132, 16),
]
SERVERS = {
    "A": "Accord, 1 process",
    "B": "Accord, 2 processes + Redis",
    "C": "reference @y/websocket-server",
}
GOALS = {"A": 1.0, "B": 1.5}
CONFERENCE_P99_GOAL_MS = 100.0
# CPU used outside the benchmark's processes above which a run is flagged (% of one core).
BUSY_BACKGROUND_PCT = 15.0


# The proposal: ~5 KB of Russian Markdown ---------------------------------------------------

_PARAGRAPHS = [
    "Коалиция некоммерческих организаций предлагает внести изменения в порядок предоставления "
    "субсидий социально ориентированным НКО, чтобы сократить сроки рассмотрения заявок и "
    "сделать критерии отбора прозрачными для всех участников.",
    "Сейчас заявка рассматривается до девяноста дней, а требования к отчётности различаются "
    "в каждом регионе. Небольшие организации тратят на документы больше времени, чем на работу "
    "с людьми, которым они помогают.",
    "Предлагаем установить единый срок рассмотрения — тридцать рабочих дней, единую форму "
    "отчёта и публикацию результатов конкурса с баллами по каждому критерию.",
    "Ожидаемый результат: рост числа заявок от малых организаций, снижение издержек "
    "на подготовку документов и доверие к процедуре распределения средств.",
]


def proposal_text(target_bytes: int = 5 * 1024) -> str:
    parts = ["# Предложение о порядке предоставления субсидий\n"]
    section = 1
    while len("\n".join(parts).encode()) < target_bytes:
        parts.append(f"## Раздел {section}\n")
        parts.extend(f"{paragraph}\n" for paragraph in _PARAGRAPHS)
        section += 1
    return "\n".join(parts)


# Processes -----------------------------------------------------------------------------------

_started: list[subprocess.Popen] = []


def spawn(command: list[str], *, env: dict, log: Path, **kwargs) -> subprocess.Popen:
    """Start a process (remembered, so that it is stopped whatever happens)."""
    process = subprocess.Popen(  # noqa: S603 (fixed commands, no shell)
        command, cwd=ROOT, env=env, stderr=log.open("ab"), **kwargs
    )
    _started.append(process)
    return process


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


def stop_all() -> None:
    for process in reversed(_started):
        with contextlib.suppress(Exception):
            stop(process)
    _started.clear()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: server exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (127.0.0.1)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url}: not ready after {timeout} s:\n{log.read_text()[-3000:]}")


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
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH")
    port = free_port()
    log = workdir / f"{label}-reference.log"
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port)}
    env.pop("YPERSISTENCE", None)
    env.pop("CALLBACK_URL", None)
    process = spawn([node, str(REFERENCE_SERVER)], env=env, log=log, stdout=subprocess.DEVNULL)
    wait_http(f"http://127.0.0.1:{port}/", process, log)
    return Server("reference", [process], [f"ws://127.0.0.1:{port}/ws/proposals"], [log])


# /proc ---------------------------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    """user + system CPU seconds of these processes so far (0 for one that is gone)."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU seconds spent by everything on this machine so far (all cores, not idle/iowait)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    # guest time is already counted in user time
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def wait_quiet(limit: float) -> float:
    """Wait (at most `limit` seconds) until the machine is idle for 2 s; returns its CPU % then."""
    deadline = time.monotonic() + limit
    while True:
        before = machine_busy_seconds()
        time.sleep(2.0)
        busy = 100 * (machine_busy_seconds() - before) / 2.0
        if busy <= BUSY_BACKGROUND_PCT or time.monotonic() >= deadline:
            return busy


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def pids_named(name: str) -> list[int]:
    """Every process whose command name is `name` (a shared service: Redis, PostgreSQL)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == name:
                    pids.append(int(entry.name))
    return pids


class RssSampler(threading.Thread):
    """The peak summed RSS of some processes, sampled every half second."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.pids = pids
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.peak = max(self.peak, rss_bytes(self.pids))


# The database and the people -------------------------------------------------------------------


@dataclass
class World:
    database_url: str
    secret_key: str
    cookies: list[str]
    proposals: list  # public ids, one per Accord run
    text: str
    cleanup: list = field(default_factory=list)


def throwaway_database(args, workdir: Path) -> tuple[str, object]:
    """A DATABASE_URL for a new, empty database, and how to get rid of it."""
    if not args.database_url:
        return f"sqlite:///{workdir / 'bench.sqlite3'}", None
    import psycopg

    parts = urlsplit(args.database_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit("--database-url must be a postgres:// URL (SQLite is the default)")
    name = f"accord_bench_{secrets.token_hex(4)}"
    admin_url = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def django_env(database_url: str, secret_key: str, workdir: Path) -> dict:
    """The environment of Accord's processes; the orchestrator signs the sessions with the same
    SECRET_KEY as the servers."""
    (workdir / "var" / "static").mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "accord.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "PYTHONPATH": str(ROOT),
        "ACCORD_VAR_DIR": str(workdir / "var"),
    }
    env.pop("REDIS_URL", None)
    return env


def prepare_world(args, workdir: Path, proposals_needed: int, users_needed: int) -> World:
    database_url, drop = throwaway_database(args, workdir)
    secret_key = f"bench-{secrets.token_hex(32)}"
    env = {**django_env(database_url, secret_key, workdir), "DEBUG": "1"}
    subprocess.run(  # (a fixed command)
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=300,
    )  # fmt: skip
    for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY"):
        os.environ[key] = env[key]
    os.environ.update({"DEBUG": "1", "ACCORD_VAR_DIR": env["ACCORD_VAR_DIR"]})
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from accord.models import Role, Theme
    from accord.services import membership_add, user_create, working_group_create
    from proposals.models import ProposalKind
    from proposals.services import proposal_create

    text = proposal_text()
    group = working_group_create(
        name="Бенчмарк совместного редактирования", theme=Theme.OTHER, coordinator=None
    )
    users, cookies = [], []
    for index in range(users_needed):
        user = user_create(
            email=f"bench-editor-{index}@example.org",
            password=None,
            display_name=f"Редактор {index}",
        )
        membership_add(group=group, user=user, role=Role.EDITOR)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        users.append(user)
        cookies.append(f"sessionid={session.session_key}")
    proposals = [
        str(
            proposal_create(
                group=group,
                author=users[0],
                title=f"Предложение для прогона {index + 1}",
                kind=ProposalKind.POLICY_PROPOSAL,
                text=text,
            ).public_id
        )
        for index in range(proposals_needed)
    ]
    connection.close()
    world = World(database_url, secret_key, cookies, proposals, text)
    if drop is not None:
        world.cleanup.append(drop)
    return world


# One run ---------------------------------------------------------------------------------------


def read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def profile_start(pids: list[int], args, label: str, workdir: Path):
    """py-spy on each Accord process for the measured phase, as collapsed stacks per thread."""
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(py_spy).exists():
        raise SystemExit("--py-spy needs py-spy: .venv/bin/pip install py-spy")
    out_dir = Path(args.py_spy)
    out_dir.mkdir(parents=True, exist_ok=True)
    recorders = []
    for pid in pids:
        out = out_dir / f"{label}-{pid}.txt"
        command = [
            *(py_spy, "record", "--pid", str(pid), "--duration", str(int(args.duration))),
            *("--rate", "100", "--format", "raw", "--threads", "--nonblocking", "-o", str(out)),
            *(["--idle"] if args.py_spy_idle else []),
        ]
        log = workdir / f"{label}-py-spy-{pid}.log"
        recorder = spawn(command, env=dict(os.environ), log=log, stdout=subprocess.DEVNULL)
        recorders.append((recorder, out))
    return recorders


def top_frames(raw: Path, count: int = 15) -> dict:
    """Self and inclusive sample counts per function from py-spy's collapsed stacks."""
    own, inclusive, total = Counter(), Counter(), 0
    for line in raw.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        if not stack or not samples.isdigit():
            continue
        samples = int(samples)
        total += samples
        frames = stack.split(";")
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples

    def share(counter):
        return [
            (frame, round(100 * n / max(total, 1), 1)) for frame, n in counter.most_common(count)
        ]

    return {"samples": total, "self": share(own), "inclusive": share(inclusive)}


def run_one(
    args, world: World, load: Load, kind: str, workdir: Path, room: str, label: str
) -> dict:
    """Start the server(s), run the load, measure, stop; returns the result."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH")
    if kind == "C":
        server = start_reference(workdir=workdir, label=label)
    else:
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
        server = start_daphnes(1 if kind == "A" else 2, env=env, workdir=workdir, label=label)
    loader = None
    sampler = RssSampler(server.pids)
    recorders = []
    try:
        time.sleep(1.0)
        rss_idle = rss_bytes(server.pids)
        sampler.start()
        config = {
            "urls": server.ws_urls,
            "room": room,
            "cookies": world.cookies[: load.clients],
            "origin": ORIGIN,
            "typists": load.typists,
            "rate": args.rate,
            "warmup": args.warmup,
            "duration": args.duration,
            "quietMax": args.quiet,
            "seedText": world.text,
        }
        config_path = workdir / f"{label}.json"
        config_path.write_text(json.dumps(config, ensure_ascii=False))
        loader = spawn(
            [node, "--experimental-import-meta-resolve", "--no-warnings", str(LOAD_SCRIPT),
             str(config_path)],
            env=dict(os.environ), log=workdir / f"{label}-load.log",
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=read_lines, args=(loader.stdout, lines), daemon=True).start()
        limit = time.monotonic() + 90 + args.warmup + args.duration + args.quiet + 30
        marks: dict = {}
        result = None
        redis = pids_named("redis-server") if kind == "B" else []
        postgres = pids_named("postgres") if world.database_url.startswith("postgres") else []
        while result is None:
            left = limit - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"{label}: the load generator did not finish in time")
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise RuntimeError(
                    f"{label}: the load generator ended without a result:\n"
                    + (workdir / f"{label}-load.log").read_text()[-3000:]
                )
            event = json.loads(line)
            now = time.monotonic()
            if event["event"] == "connected":
                marks["rss_connected"] = rss_bytes(server.pids)
            elif event["event"] == "measure-start":
                marks["start"] = (now, cpu_seconds(server.pids), cpu_seconds(redis),
                                  cpu_seconds([loader.pid]), machine_busy_seconds(),
                                  cpu_seconds(postgres))  # fmt: skip
                if args.py_spy and kind != "C":
                    recorders = profile_start(server.pids, args, label, workdir)
            elif event["event"] == "typing-end":
                marks["end"] = (now, cpu_seconds(server.pids), cpu_seconds(redis),
                                cpu_seconds([loader.pid]), machine_busy_seconds(),
                                cpu_seconds(postgres))  # fmt: skip
            elif event["event"] == "result":
                result = event
        loader.wait(30)
        if not result.get("ok"):
            raise RuntimeError(
                f"{label}: {result.get('error')} (closes {result.get('closeCodes')})"
            )
        (t0, cpu0, redis0, load0, all0, pg0), (t1, cpu1, redis1, load1, all1, pg1) = (
            marks["start"],
            marks["end"],
        )
        wall = max(t1 - t0, 1e-6)
        ours = (cpu1 - cpu0) + (redis1 - redis0) + (load1 - load0) + (pg1 - pg0)
        rss_connected = marks.get("rss_connected", rss_idle)
        result.update(
            {
                "load": load.name,
                "server": kind,
                "processes": len(server.pids),
                "cpu_pct": round(100 * (cpu1 - cpu0) / wall, 1),
                "redis_cpu_pct": round(100 * (redis1 - redis0) / wall, 1) if redis else None,
                # (all of PostgreSQL's processes, whoever else uses them)
                "postgres_cpu_pct": round(100 * (pg1 - pg0) / wall, 1) if postgres else None,
                "loadgen_cpu_pct_proc": round(100 * (load1 - load0) / wall, 1),
                # Everything else on the machine meanwhile: other work skews the figures.
                "background_cpu_pct": round(100 * max(0.0, (all1 - all0) - ours) / wall, 1),
                "rss_idle_mb": round(rss_idle / 2**20, 1),
                "rss_connected_mb": round(rss_connected / 2**20, 1),
                "rss_peak_mb": round(max(sampler.peak, rss_connected) / 2**20, 1),
                "rss_per_conn_kb": round((rss_connected - rss_idle) / load.clients / 1024, 1),
            }
        )
        for recorder, out in recorders:
            with contextlib.suppress(subprocess.TimeoutExpired):
                recorder.wait(args.duration + 30)
            if out.exists():
                result.setdefault("profile", {})[out.name] = top_frames(out)
        return result
    finally:
        sampler.done.set()
        for recorder, _out in recorders:
            stop(recorder)
        if loader is not None:
            stop(loader)
        server.stop()


# Report ----------------------------------------------------------------------------------------


def fmt_ms(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def markdown(results: list[dict], loads: list[Load], kinds: list[str]) -> str:
    lines = [
        "| load | server | p50 ms | p95 ms | p99 ms | lost | edits/s | CPU % | RSS/conn (total) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        cpu = f"{result['cpu_pct']:.0f}"
        if result.get("redis_cpu_pct") is not None:
            cpu += f" (+{result['redis_cpu_pct']:.0f} redis)"
        if result.get("postgres_cpu_pct") is not None:
            cpu += f" (+{result['postgres_cpu_pct']:.0f} postgres)"
        lost = f"{result['lost']}"
        if result.get("closes"):
            lost += f" ({result['closes']} closes)"
        if not result.get("converged", True):
            lost += " DIVERGED"
        rss = f"{result['rss_per_conn_kb']:.0f} KB ({result['rss_connected_mb']:.0f} MB)"
        lines.append(
            f"| {result['load']} | {result['server']} | {fmt_ms(result['p50'])} | "
            f"{fmt_ms(result['p95'])} | {fmt_ms(result['p99'])} | {lost} | "
            f"{result['edits_per_s']:.1f} | {cpu} | {rss} |"
        )
    lines.append("")
    lines.append("Servers: " + "; ".join(f"{kind} = {SERVERS[kind]}" for kind in kinds) + ".")
    busy = [r for r in results if r.get("background_cpu_pct", 0) > BUSY_BACKGROUND_PCT]
    if busy:
        lines.append(
            f"WARNING: {len(busy)} of {len(results)} runs shared the machine with other work "
            f"(more than {BUSY_BACKGROUND_PCT:.0f} % of a core outside the benchmark, up to "
            f"{max(r['background_cpu_pct'] for r in busy):.0f} %): their figures are skewed."
        )
    quiet = [r for r in results if not r.get("frames", {}).get("received", {}).get("awareness")]
    if quiet:
        lines.append(
            f"Note: {len(quiet)} of {len(results)} runs saw no presence renewal in their measured "
            "window (stock clients renew presence every 15 s and every client echoes it: "
            "N² frames at once); runs shorter than ~15 s, such as --quick, miss that burst."
        )
    by_key = {(result["load"], result["server"]): result for result in results}
    if "C" in kinds and ({"A", "B"} & set(kinds)):
        lines += ["", "| load | p99 A / p99 C | p99 B / p99 C |", "| --- | ---: | ---: |"]
        for load in loads:
            reference = by_key.get((load.name, "C"))
            cells = []
            for kind in ("A", "B"):
                mine = by_key.get((load.name, kind))
                if mine and reference and mine["p99"] is not None and reference["p99"]:
                    ratio = mine["p99"] / reference["p99"]
                    ok = "✓" if ratio <= GOALS[kind] else "✗"
                    cells.append(f"{ratio:.2f} {ok}")
                else:
                    cells.append("—")
            lines.append(f"| {load.name} | {cells[0]} | {cells[1]} |")
        lines.append("")
        lines.append(
            f"Goals: p99 A/C ≤ {GOALS['A']}, p99 B/C ≤ {GOALS['B']}, "
            f"conference p99 over Redis (B) ≤ {CONFERENCE_P99_GOAL_MS:.0f} ms."
        )
    conference = by_key.get((LOADS[-1].name, "B"))
    if conference and conference["p99"] is not None:
        ok = "met" if conference["p99"] <= CONFERENCE_P99_GOAL_MS else "NOT met"
        lines.append(
            f"Conference p99 over Redis: {conference['p99']:.1f} ms "
            f"(goal ≤ {CONFERENCE_P99_GOAL_MS:.0f} ms: {ok})."
        )
    return "\n".join(lines)


# Main ------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="8 s runs, short warm-up (~3 min)")
    parser.add_argument("--duration", type=float, help="measured typing, seconds (default 20)")
    parser.add_argument("--warmup", type=float, help="typing before measuring (default 3)")
    parser.add_argument("--quiet", type=float, help="max wait for late deliveries (default 10)")
    parser.add_argument("--rate", type=float, default=2.0, help="edits/s per typist (2)")
    parser.add_argument("--database-url", help="a postgres:// server URL: a new database on it")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/5",
        help="an empty Redis database for B (default db 5; emptied at the end)",
    )
    parser.add_argument("--loads", help="comma-separated subset: 10,20,50,conference")
    parser.add_argument("--servers", default="A,B,C", help="comma-separated subset of A,B,C")
    parser.add_argument(
        "--py-spy", metavar="DIR", help="profile the Accord processes during each measured run"
    )
    parser.add_argument(
        "--py-spy-idle",
        action="store_true",
        help="with --py-spy: keep the samples of waiting threads (a wall-clock profile)",
    )
    parser.add_argument(
        "--server-env",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="extra environment for Accord's processes, e.g. ACCORD_COMPACT_EVERY=5000 "
        "(for experiments; repeatable)",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        metavar="S",
        help="before each run, wait up to S seconds for the machine to be idle (shared machines)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the raw results here")
    parser.add_argument("--keep-logs", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    try:
        args.server_env = dict(item.split("=", 1) for item in args.server_env)
    except ValueError:
        parser.error("--server-env takes NAME=VALUE")
    if args.duration is None:
        args.duration = 8.0 if args.quick else 20.0
    if args.warmup is None:
        args.warmup = 2.0 if args.quick else 3.0
    if args.quiet is None:
        args.quiet = 5.0 if args.quick else 10.0
    return args


def selected_loads(spec: str | None) -> list[Load]:
    if not spec:
        return LOADS
    wanted = {part.strip() for part in spec.split(",") if part.strip()}
    loads = [
        load
        for load in LOADS
        if str(load.clients) in wanted or ("conference" in wanted and load.typists < load.clients)
    ]
    if not loads:
        raise SystemExit(f"--loads {spec!r} matches nothing (10, 20, 50, conference)")
    return loads


def redis_check(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2)
    try:
        keys = client.dbsize()
    except redis.RedisError as error:
        raise SystemExit(f"Redis at {url} is not reachable: {error}") from None
    finally:
        client.close()
    if keys:
        raise SystemExit(f"Redis database {url} holds {keys} keys: pick an empty one (--redis-url)")


def redis_flush(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2)
    with contextlib.suppress(redis.RedisError):
        client.flushdb()
    client.close()


def main(argv=None) -> int:
    args = parse_args(argv)
    loads = selected_loads(args.loads)
    kinds = [kind.strip().upper() for kind in args.servers.split(",") if kind.strip()]
    if not kinds or set(kinds) - set(SERVERS):
        raise SystemExit("--servers takes A, B and/or C")
    if not REFERENCE_SERVER.exists() and "C" in kinds:
        raise SystemExit(f"{REFERENCE_SERVER} is missing: cd frontend && npm ci")
    users = max(load.clients for load in loads)
    if users > MAX_USERS:
        raise SystemExit(f"at most {MAX_USERS} users")
    if "B" in kinds:
        redis_check(args.redis_url)
    load_average = os.getloadavg()[0]
    if load_average > 0.5 * (os.cpu_count() or 1):
        print(
            f"# warning: load average {load_average:.1f} before starting: other work on this "
            "machine will skew the figures (see background CPU in the results)",
            file=sys.stderr,
        )
    workdir = Path(tempfile.mkdtemp(prefix="accord-bench-"))
    results: list[dict] = []
    world = None
    # SIGTERM stops the processes as well (through the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    try:
        accord_runs = len(loads) * len([kind for kind in kinds if kind != "C"])
        print(f"# setting up {users} editors in {workdir} ...", file=sys.stderr, flush=True)
        world = prepare_world(args, workdir, max(accord_runs, 1), users)
        proposals = iter(world.proposals)
        for load in loads:
            for kind in kinds:
                room = str(uuid.uuid4()) if kind == "C" else next(proposals)
                label = f"{load.clients}x{load.typists}-{kind}"
                if args.wait_quiet > 0:
                    busy = wait_quiet(args.wait_quiet)
                    if busy > BUSY_BACKGROUND_PCT:
                        print(f"# machine still busy ({busy:.0f} %)", file=sys.stderr, flush=True)
                print(f"# {load.name} on {kind} ({SERVERS[kind]}) ...", file=sys.stderr, flush=True)
                result = run_one(args, world, load, kind, workdir, room, label)
                results.append(result)
                print(
                    f"#   p50 {fmt_ms(result['p50'])} p95 {fmt_ms(result['p95'])} "
                    f"p99 {fmt_ms(result['p99'])} ms, lost {result['lost']}, "
                    f"{result['edits_per_s']} edits/s, CPU {result['cpu_pct']} %, "
                    f"load generator CPU {result['loadgen_cpu_pct_proc']} %, "
                    f"presence frames received {result['frames']['received'].get('awareness', 0)}, "
                    f"background CPU {result['background_cpu_pct']} %",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        stop_all()
        if "B" in kinds:
            redis_flush(args.redis_url)
        if world is not None:
            for cleanup in world.cleanup:
                with contextlib.suppress(Exception):
                    cleanup()
        if args.json:
            Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2))
        if args.keep_logs:
            print(f"# logs kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"\nAccord live co-editing benchmark: {args.duration:g} s measured per run, "
        f"{args.rate:g} edits/s per typist, {os.cpu_count()} CPU cores, "
        f"database {urlsplit(world.database_url).scheme}, "
        f"total {time.monotonic() - started:.0f} s\n"
    )
    print(markdown(results, loads, kinds))
    for result in results:
        for name, profile in (result.get("profile") or {}).items():
            print(f"\n## py-spy {name}: {profile['samples']} samples, top self time")
            for frame, share in profile["self"]:
                print(f"  {share:5.1f} %  {frame}")
            print("  inclusive:")
            for frame, share in profile["inclusive"]:
                print(f"  {share:5.1f} %  {frame}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
