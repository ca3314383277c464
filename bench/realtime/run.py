"""Benchmark of live co-editing: Accord's websocket against the reference y-websocket server and
Hocuspocus.

    .venv/bin/python bench/realtime/run.py [--quick] [--duration S] [--database-url URL]

Sets up a throwaway database (an SQLite file in a temporary directory, or a new database on the
PostgreSQL server of --database-url, dropped afterwards), one working group, one editor with a
session per client of the largest load, and one ~5 KB Russian proposal per Accord run. Each load
then runs against
  A  Accord, one daphne process (in-memory channel layer),
  B  Accord, two daphne processes over Redis (clients split evenly),
  C  the reference server @y/websocket-server (one Node process, no persistence),
  H  Hocuspocus 3 with its SQLite extension (one Node process),
each started fresh for the run, with bench/realtime/load.mjs as the clients (stock providers,
spread over several Node processes that share a clock: see loadgen.py). Prints a Markdown table
and the p99 ratios against the peers. Everything listens on 127.0.0.1 and every process started
here is stopped at the end. See docs/performance.md.

The parts: procs.py (processes, /proc), world.py (database, people, proposals), servers.py,
loadgen.py (the generator's processes and merging their results), scenario.py (one run),
report.py (the table).
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

# Run as a script: make `bench.realtime` importable from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.realtime.procs import BUSY_BACKGROUND_PCT, stop_all, wait_quiet
from bench.realtime.report import fmt_ms, markdown
from bench.realtime.scenario import Load, run_one
from bench.realtime.servers import NEEDS, SERVERS
from bench.realtime.world import prepare_world

LOADS = [
    Load("10 editors", 10, 10, key="10"),
    Load("20 editors", 20, 20, key="20"),
    Load("50 editors", 50, 50, key="50"),
    Load("conference: 132 connected, 16 typing", 132, 16, key="conference"),
    Load("500 connected, 50 typing", 500, 50, key="500"),
]


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
    parser.add_argument(
        "--loads", help="comma-separated subset: " + ",".join(load.key for load in LOADS)
    )
    parser.add_argument(
        "--servers", default="A,B,C,H", help="comma-separated subset of " + ",".join(SERVERS)
    )
    parser.add_argument(
        "--loadgen-processes",
        type=int,
        default=0,
        metavar="K",
        help="Node processes sharing the clients (default: one per 100 clients, at most 4)",
    )
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
    if args.loadgen_processes < 0:
        parser.error("--loadgen-processes takes a positive count (0: automatic)")
    if args.quiet is None:
        args.quiet = 5.0 if args.quick else 10.0
    return args


def selected_loads(spec: str | None) -> list[Load]:
    """The loads named in --loads, by their exact key (10, 20, 50, conference, 500)."""
    if not spec:
        return LOADS
    wanted = {part.strip() for part in spec.split(",") if part.strip()}
    unknown = wanted - {load.key for load in LOADS}
    if unknown or not wanted:
        keys = ", ".join(load.key for load in LOADS)
        raise SystemExit(f"--loads {spec!r}: unknown {sorted(unknown)} (one of {keys})")
    return [load for load in LOADS if load.key in wanted]


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
        raise SystemExit("--servers takes some of " + ", ".join(SERVERS))
    for kind in kinds:
        if kind in NEEDS and not NEEDS[kind].exists():
            raise SystemExit(f"{NEEDS[kind]} is missing: cd frontend && npm ci")
    # One account per client of the largest load (each with its own session).
    users = max(load.clients for load in loads)
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
        accord_runs = len(loads) * len([kind for kind in kinds if kind in {"A", "B"}])
        print(f"# setting up {users} editors in {workdir} ...", file=sys.stderr, flush=True)
        world = prepare_world(args, workdir, max(accord_runs, 1), users)
        proposals = iter(world.proposals)
        for load in loads:
            for kind in kinds:
                room = next(proposals) if kind in {"A", "B"} else str(uuid.uuid4())
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
                    f"load generator CPU {result['loadgen_cpu_pct']} % in "
                    f"{result['loadgen_processes']} processes "
                    f"(loop delay p99 {result['loadgen_loop_delay_p99_ms']} ms), "
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
