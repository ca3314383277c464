"""One run: a load against one server kind, both started fresh, measured, stopped."""

import contextlib
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.realtime.loadgen import LoadGenerators, auto_processes, merge, slices
from bench.realtime.procs import (
    RssSampler,
    cpu_seconds,
    machine_busy_seconds,
    pids_named,
    profile_start,
    rss_bytes,
    stop,
    top_frames,
)
from bench.realtime.servers import CLIENT_OF, start_server
from bench.realtime.world import World

ORIGIN = "http://127.0.0.1"


@dataclass(frozen=True)
class Load:
    name: str
    clients: int
    typists: int
    # How --loads names it (besides the client count, when that is unique).
    key: str = ""


def loadgen_configs(args, world: World, load: Load, kind: str, urls: list[str], room: str):
    processes = args.loadgen_processes or auto_processes(load.clients)
    cookies = world.cookies[: load.clients]  # one account per client
    common = {
        "client": CLIENT_OF[kind],
        "urls": urls,
        "room": room,
        "total": load.clients,
        "origin": ORIGIN,
        "typists": load.typists,
        "rate": args.rate,
        "warmup": args.warmup,
        "duration": args.duration,
        "quietMax": args.quiet,
        "seedText": world.text,
    }
    return [
        {**common, "first": first, "cookies": cookies[first : first + count]}
        for first, count in slices(load.clients, processes)
    ]


def run_one(
    args, world: World, load: Load, kind: str, workdir: Path, room: str, label: str
) -> dict:
    """Start the server(s), run the load, measure, stop; returns the result."""
    server = start_server(kind, args=args, world=world, workdir=workdir, label=label)
    generators = None
    sampler = RssSampler(server.pids)
    recorders = []
    try:
        time.sleep(1.0)
        rss_idle = rss_bytes(server.pids)
        sampler.start()
        configs = loadgen_configs(args, world, load, kind, server.ws_urls, room)
        generators = LoadGenerators(configs, workdir=workdir, label=label)
        redis = pids_named("redis-server") if kind == "B" else []
        postgres = (
            pids_named("postgres")
            if kind in {"A", "B"} and world.database_url.startswith("postgres")
            else []
        )

        def mark() -> tuple:
            return (time.monotonic(), cpu_seconds(server.pids), cpu_seconds(redis),
                    cpu_seconds(generators.pids), machine_busy_seconds(),
                    cpu_seconds(postgres))  # fmt: skip

        marks: dict = {}

        def measure_start() -> None:
            marks["start"] = mark()
            if args.py_spy and kind in {"A", "B"}:
                recorders.extend(profile_start(server.pids, args, label, workdir))

        deadline = time.monotonic() + 150
        generators.collect("connected", deadline)
        rss_connected = rss_bytes(server.pids)
        generators.go()
        deadline = time.monotonic() + args.warmup + args.duration + 60
        generators.collect("measure-start", deadline, on_first=measure_start)
        typed = generators.collect("typing-end", deadline)
        marks["end"] = mark()
        generators.tell(f"edits {sum(event['edits'] for event in typed)}")
        results = generators.collect("result", time.monotonic() + args.quiet + 60)
        generators.wait(30)
        result = merge(results, clients=load.clients, duration=args.duration)
        (t0, cpu0, redis0, load0, all0, pg0), (t1, cpu1, redis1, load1, all1, pg1) = (
            marks["start"],
            marks["end"],
        )
        wall = max(t1 - t0, 1e-6)
        ours = (cpu1 - cpu0) + (redis1 - redis0) + (load1 - load0) + (pg1 - pg0)
        result.update(
            {
                "load": load.name,
                "server": kind,
                "processes": len(server.pids),
                "cpu_pct": round(100 * (cpu1 - cpu0) / wall, 1),
                "redis_cpu_pct": round(100 * (redis1 - redis0) / wall, 1) if redis else None,
                # (all of PostgreSQL's processes, whoever else uses them)
                "postgres_cpu_pct": round(100 * (pg1 - pg0) / wall, 1) if postgres else None,
                # The generator's processes as /proc sees them (they report their own too).
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
        if generators is not None:
            generators.stop()
        server.stop()
