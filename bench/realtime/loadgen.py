"""The load generator: K Node processes of load.mjs, each with a slice of the run's clients, kept
in step over their stdin and stdout, and their results merged into one.

Every process connects its clients and says `connected`; when all have, each is told `go <T>`
(T = now + 0.5 s, epoch ms) and runs the same schedule from T: warm-up, measured typing, then
`typing-end` with the edits it typed. Each is then told the edits of all (`edits <E>`), waits for
its clients to see them, and reports counts, a latency histogram and its texts' hashes (see the
header of load.mjs). Latency is measured with the clock all processes share: the send time is
written into each edit's marker."""

import json
import math
import os
import queue
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.realtime.procs import ROOT, node_binary, spawn, stop

LOAD_SCRIPT = ROOT / "bench" / "realtime" / "load.mjs"
CLIENTS_PER_PROCESS = 100
MAX_AUTO_PROCESSES = 4
GO_DELAY_MS = 500


def auto_processes(clients: int) -> int:
    """One process per 100 clients, at least 1 and at most 4 (the machine has 2 cores)."""
    return max(1, min(MAX_AUTO_PROCESSES, math.ceil(clients / CLIENTS_PER_PROCESS)))


def slices(clients: int, processes: int) -> list[tuple[int, int]]:
    """(first global index, count) per process: contiguous, sizes differing by at most one."""
    processes = max(1, min(processes, clients))
    size, extra = divmod(clients, processes)
    out, first = [], 0
    for index in range(processes):
        count = size + (1 if index < extra else 0)
        out.append((first, count))
        first += count
    return out


class LoadGeneratorError(RuntimeError):
    pass


@dataclass
class Generator:
    process: subprocess.Popen
    log: Path
    first: int
    clients: int


class LoadGenerators:
    """K load.mjs processes; events are read from all of them into one queue."""

    def __init__(self, configs: list[dict], *, workdir: Path, label: str):
        self.label = label
        self.lines: queue.Queue = queue.Queue()
        self.pending: dict[int, list[dict]] = {}
        self.generators: list[Generator] = []
        node = node_binary()
        for index, config in enumerate(configs):
            config_path = workdir / f"{label}-load{index}.json"
            config_path.write_text(json.dumps(config, ensure_ascii=False))
            log = workdir / f"{label}-load{index}.log"
            command = [node, "--experimental-import-meta-resolve", "--no-warnings",
                       str(LOAD_SCRIPT), str(config_path)]  # fmt: skip
            process = spawn(
                command,
                env=dict(os.environ),
                log=log,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            self.generators.append(Generator(process, log, config["first"], len(config["cookies"])))
            self.pending[index] = []
            threading.Thread(target=self._read, args=(index, process.stdout), daemon=True).start()

    def _read(self, index: int, stream) -> None:
        for line in stream:
            self.lines.put((index, line))
        self.lines.put((index, None))

    @property
    def pids(self) -> list[int]:
        return [generator.process.pid for generator in self.generators]

    def tell(self, line: str) -> None:
        for generator in self.generators:
            try:
                generator.process.stdin.write(line + "\n")
                generator.process.stdin.flush()
            except (BrokenPipeError, OSError):
                pass  # the process is gone: the missing event says so

    def collect(self, name: str, deadline: float, on_first=None) -> list[dict]:
        """Wait until every process has emitted the event `name`; returns them in order.
        `on_first()` is called as soon as the first of them arrives."""
        found: dict[int, dict] = {}
        first_seen = False
        while True:
            for index, events in self.pending.items():
                if index in found:
                    continue
                for position, event in enumerate(events):
                    if event.get("event") == name:
                        found[index] = events.pop(position)
                        break
                    if event.get("event") == "result" and not event.get("ok"):
                        raise LoadGeneratorError(
                            f"{self.label}: load generator {index}: {event.get('error')} "
                            f"(closes {event.get('closeCodes')})"
                        )
            if found and not first_seen:
                first_seen = True
                if on_first is not None:
                    on_first()
            if len(found) == len(self.generators):
                return [found[index] for index in range(len(self.generators))]
            left = deadline - time.monotonic()
            if left <= 0:
                raise LoadGeneratorError(f"{self.label}: no {name!r} from every load generator")
            try:
                index, line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                generator = self.generators[index]
                raise LoadGeneratorError(
                    f"{self.label}: load generator {index} ended before {name!r}:\n"
                    + generator.log.read_text()[-3000:]
                )
            self.pending[index].append(json.loads(line))

    def go(self) -> float:
        """Start every process's schedule at the same moment; returns it (epoch ms)."""
        start = time.time() * 1000 + GO_DELAY_MS
        self.tell(f"go {start:.3f}")
        return start

    def wait(self, timeout: float = 30) -> None:
        for generator in self.generators:
            try:
                generator.process.wait(timeout)
            except subprocess.TimeoutExpired:
                stop(generator.process)

    def stop(self) -> None:
        for generator in self.generators:
            stop(generator.process)


# Merging -------------------------------------------------------------------------------------


def bucket_ms(bucket: int) -> float:
    """The middle of a latency bucket of load.mjs's histogram (`bucketOf`)."""
    if bucket < 10_000:
        return (bucket + 0.5) / 10
    if bucket < 19_000:
        return 1000 + (bucket - 10_000) + 0.5
    return 10_000 + (bucket - 19_000) * 10 + 5


def histogram_percentile(histogram: Counter, total: int, p: float) -> float | None:
    if total == 0:
        return None
    rank = max(1, math.ceil(p / 100 * total))
    seen = 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen >= rank:
            return round(bucket_ms(bucket), 1)
    return round(bucket_ms(max(histogram)), 1)


def merge(results: list[dict], *, clients: int, duration: float) -> dict:
    """One result from the processes' results: sums, the merged histogram's percentiles, one
    text hash for convergence, and the generator's CPU and event-loop delay."""
    edits = sum(result["edits"] for result in results)
    expected = edits * (clients - 1)
    delivered = sum(result["delivered"] for result in results)
    histogram: Counter = Counter()
    for result in results:
        for bucket, count in result["histogram"].items():
            histogram[int(bucket)] += count
    total = sum(histogram.values())
    hashes: Counter = Counter()
    close_codes: Counter = Counter()
    frames = {"sent": Counter(), "received": Counter()}
    timeline: list[dict] = []
    for result in results:
        hashes.update(result["text_hashes"])
        close_codes.update(result["close_codes"])
        for direction, counts in frames.items():
            counts.update(result["frames"][direction])
        for second, slot in enumerate(result["timeline"]):
            if second == len(timeline):
                timeline.append({"deliveries": 0, "max_ms": 0, "presence": 0})
            merged = timeline[second]
            merged["deliveries"] += slot["deliveries"]
            merged["max_ms"] = max(merged["max_ms"], slot["max_ms"])
            merged["presence"] += slot["presence"]
    typing_s = max(result["typing_ms"] for result in results) / 1000 or duration
    mean = sum(bucket_ms(b) * n for b, n in histogram.items()) / total if total else None
    cpu = [result["cpu_pct"] for result in results]
    return {
        "clients": clients,
        "edits": edits,
        "edits_per_s": round(edits / duration, 2),
        "expected": expected,
        "delivered": delivered,
        "lost": expected - delivered,
        "duplicates": sum(result["duplicates"] for result in results),
        "p50": histogram_percentile(histogram, total, 50),
        "p95": histogram_percentile(histogram, total, 95),
        "p99": histogram_percentile(histogram, total, 99),
        "max": round(bucket_ms(max(histogram)), 1) if histogram else None,
        "mean": round(mean, 1) if mean is not None else None,
        "quiet_ms": max(result["quiet_ms"] for result in results),
        "converged": len(hashes) == 1,
        "diverged": clients - max(hashes.values(), default=0),
        "text_chars": results[0]["text_chars"],
        "closes": sum(result["closes"] for result in results),
        "close_codes": dict(close_codes),
        "connection_errors": sum(result["connection_errors"] for result in results),
        "frames": {direction: dict(counts) for direction, counts in frames.items()},
        # Frames the server received (the clients sent) and sent, per second of measured typing.
        "frames_in_per_s": round(sum(frames["sent"].values()) / typing_s, 1),
        "frames_out_per_s": round(sum(frames["received"].values()) / typing_s, 1),
        "loadgen_processes": len(results),
        "loadgen_cpu_pct": round(sum(cpu), 1),
        "loadgen_cpu_pct_max": round(max(cpu), 1),
        "loadgen_loop_delay_p99_ms": max(result["loop_delay_p99_ms"] for result in results),
        "loadgen_loop_delay_max_ms": max(result["loop_delay_max_ms"] for result in results),
        "timeline": timeline,
        "histogram": {str(bucket): histogram[bucket] for bucket in sorted(histogram)},
    }
