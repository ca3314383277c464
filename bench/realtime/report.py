"""The Markdown report of a benchmark run."""

from bench.realtime.procs import BUSY_BACKGROUND_PCT
from bench.realtime.servers import SERVERS

# Issue 17's goals: p99 against the reference server's in the same run, and over Redis (B).
GOALS = {"A": 1.5, "B": 2.0}
CONFERENCE_LOAD = "conference"  # Load.key of the loads the goals over Redis are for
CONFERENCE_P99_GOAL_MS = 100.0
CROWD_LOAD = "500"
CROWD_P99_GOAL_MS = 250.0


def fmt_ms(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def server_cpu(result: dict) -> str:
    cpu = f"{result['cpu_pct']:.0f}"
    if result.get("redis_cpu_pct") is not None:
        cpu += f" (+{result['redis_cpu_pct']:.0f} redis)"
    if result.get("postgres_cpu_pct") is not None:
        cpu += f" (+{result['postgres_cpu_pct']:.0f} postgres)"
    return cpu


def loadgen_cpu(result: dict) -> str:
    """Summed CPU % of the generator's processes, the busiest in brackets when there are several,
    and their worst event-loop delay p99."""
    cpu = f"{result['loadgen_cpu_pct']:.0f}"
    if result["loadgen_processes"] > 1:
        cpu += f" ({result['loadgen_processes']}× ≤ {result['loadgen_cpu_pct_max']:.0f})"
    return f"{cpu} / {result['loadgen_loop_delay_p99_ms']:.0f} ms"


def markdown(results: list[dict], loads: list, kinds: list[str]) -> str:
    lines = [
        "| load | server | p50 ms | p95 ms | p99 ms | lost | edits/s | frames/s in / out "
        "| CPU % | generator CPU % / loop p99 | RSS/conn (total) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        lost = f"{result['lost']}"
        if result.get("closes"):
            lost += f" ({result['closes']} closes)"
        if not result.get("converged", True):
            lost += " DIVERGED"
        rss = f"{result['rss_per_conn_kb']:.0f} KB ({result['rss_connected_mb']:.0f} MB)"
        frames = f"{result['frames_in_per_s']:,.0f} / {result['frames_out_per_s']:,.0f}"
        lines.append(
            f"| {result['load']} | {result['server']} | {fmt_ms(result['p50'])} | "
            f"{fmt_ms(result['p95'])} | {fmt_ms(result['p99'])} | {lost} | "
            f"{result['edits_per_s']:.1f} | {frames} | {server_cpu(result)} | "
            f"{loadgen_cpu(result)} | {rss} |"
        )
    lines.append("")
    lines.append("Servers: " + "; ".join(f"{kind} = {SERVERS[kind]}" for kind in kinds) + ".")
    lines.append(
        "Frames in = frames the clients sent, out = frames they received, per second of measured "
        "typing. Generator: CPU % summed over its processes (the busiest one's in brackets) and "
        "the worst event-loop delay p99 of any of them."
    )
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
    peers = [peer for peer in ("C", "H") if peer in kinds]
    mine = [kind for kind in ("A", "B") if kind in kinds]
    if peers and mine:
        columns = [(kind, peer) for peer in peers for kind in mine]
        lines += [
            "",
            "| load | " + " | ".join(f"p99 {k} / p99 {p}" for k, p in columns) + " |",
            "| --- |" + " ---: |" * len(columns),
        ]
        for load in loads:
            cells = []
            for kind, peer in columns:
                ours, theirs = by_key.get((load.name, kind)), by_key.get((load.name, peer))
                if ours and theirs and ours["p99"] is not None and theirs["p99"]:
                    ratio = ours["p99"] / theirs["p99"]
                    # The goals are against the reference server C.
                    ok = (" ✓" if ratio <= GOALS[kind] else " ✗") if peer == "C" else ""
                    cells.append(f"{ratio:.2f}{ok}")
                else:
                    cells.append("—")
            lines.append(f"| {load.name} | " + " | ".join(cells) + " |")
        lines.append("")
        lines.append(
            f"Goals: p99 A/C ≤ {GOALS['A']}, p99 B/C ≤ {GOALS['B']}, "
            f"conference p99 over Redis (B) ≤ {CONFERENCE_P99_GOAL_MS:.0f} ms, "
            f"500 connected over Redis: every edit delivered, no socket closed, "
            f"p99 ≤ {CROWD_P99_GOAL_MS:.0f} ms."
        )
    by_load_key = {load.key: load for load in loads}
    conference = by_load_key.get(CONFERENCE_LOAD) and by_key.get(
        (by_load_key[CONFERENCE_LOAD].name, "B")
    )
    if conference and conference["p99"] is not None:
        ok = "met" if conference["p99"] <= CONFERENCE_P99_GOAL_MS else "NOT met"
        lines.append(
            f"Conference p99 over Redis: {conference['p99']:.1f} ms "
            f"(goal ≤ {CONFERENCE_P99_GOAL_MS:.0f} ms: {ok})."
        )
    crowd = by_load_key.get(CROWD_LOAD) and by_key.get((by_load_key[CROWD_LOAD].name, "B"))
    if crowd:
        ok = (
            crowd["lost"] == 0
            and not crowd["closes"]
            and crowd["p99"] is not None
            and crowd["p99"] <= CROWD_P99_GOAL_MS
        )
        lines.append(
            f"500 connected over Redis: lost {crowd['lost']}, {crowd['closes']} closes, "
            f"p99 {fmt_ms(crowd['p99'])} ms (goal: nothing lost, no close, "
            f"p99 ≤ {CROWD_P99_GOAL_MS:.0f} ms: {'met' if ok else 'NOT met'})."
        )
    return "\n".join(lines)
