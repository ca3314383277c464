"""Processes of the benchmark: starting and stopping them, free ports, and what /proc says about
their CPU time and memory."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# CPU used outside the benchmark's processes above which a run is flagged (% of one core).
BUSY_BACKGROUND_PCT = 15.0

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


def node_binary() -> str:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH")
    return node


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


# py-spy --------------------------------------------------------------------------------------


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
