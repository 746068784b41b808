"""Requests per second and latency of the floors and the citizen routes, side by side.

The four scenarios run in rounds, each floor just before the route compared with
it, all servers up at once. On a shared virtual machine the speed of the whole
machine drifts by 10-20 % from one minute to the next; a ratio taken within
seconds, then the median over the rounds, is what survives that drift
(docs/PERFORMANCE.md).
"""

import os
import statistics
from collections.abc import Callable
from pathlib import Path

from bench.load import run_wrk
from bench.server import Gunicorn

WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
THREADS = int(os.environ.get("BENCH_THREADS", 1 if WORKER_CLASS == "sync" else 4))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
# Each scenario is compared with the floor measured just before it.
FLOOR_OF = {"citizen_form_view": "floor_page", "citizen_submission": "floor_insert"}


def serve(target: str, env: dict[str, str], ready_path: str = "/") -> Gunicorn:
    """The same gunicorn settings for the floors and for the app."""
    return Gunicorn(target, env, WORKERS, WORKER_CLASS, THREADS, ready_path)


class Scenario:
    """One load scenario: a URL, a wrk script and its environment, measured in rounds."""

    def __init__(self, name: str, url: str, script: str, env: dict | None = None):
        self.name, self.url, self.script, self.env = name, url, script, env or {}
        self.runs: list[dict] = []
        self.warmup: dict = {}

    def warm_up(self) -> None:
        """One second of load, not counted: imports, caches, first connections."""
        self.warmup = run_wrk(self.url, self.script, 1, {**self.env, "BENCH_RUN": "1"})

    def run(self, seconds: float) -> dict:
        """One measured round; distinct run numbers give distinct submission ids."""
        run = len(self.runs) + 2
        result = run_wrk(self.url, self.script, seconds, {**self.env, "BENCH_RUN": str(run)})
        self.runs.append(result)
        return result

    def summary(self) -> dict:
        """The rounds merged: total requests over total time, median latencies."""
        requests = sum(r["requests"] for r in self.runs)
        seconds = sum(r["seconds"] for r in self.runs)
        return {
            "requests": requests,
            "rps": round(requests / seconds, 1) if seconds else 0.0,
            "p50_ms": statistics.median(r["p50_ms"] for r in self.runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in self.runs),
            "errors": sum(r["errors"] for r in self.runs),
            "status_errors": sum(r["status_errors"] for r in self.runs),
            "rounds_rps": [r["rps"] for r in self.runs],
            "warmup_requests": self.warmup.get("requests", 0),
            "warmup_errors": self.warmup.get("errors", 0),
        }


def in_rounds(
    scenarios: list[Scenario],
    seconds: float,
    after_each: Callable[[Scenario, int], None] | None = None,
) -> dict:
    """Warm every scenario up, then run them in order, ROUNDS times; seconds in all each."""
    for scenario in scenarios:
        if not scenario.warmup:
            scenario.warm_up()
    per_round = max(1.0, seconds / ROUNDS)
    for number in range(ROUNDS):
        for scenario in scenarios:
            scenario.run(per_round)
            if after_each:
                after_each(scenario, number)
    results = {scenario.name: scenario.summary() for scenario in scenarios}
    for name, floor_name in FLOOR_OF.items():
        if name in results and floor_name in results:
            ours, floor = results[name], results[floor_name]
            # Round by round: each ratio is of two runs seconds apart.
            ours["rounds_rps_ratio"] = [
                round(a / b, 3) if b else 0.0
                for a, b in zip(ours["rounds_rps"], floor["rounds_rps"], strict=True)
            ]
    return results


def floor_apps(tmp: Path) -> list[tuple[str, dict[str, str]]]:
    """The bare page and the bare insert: gunicorn targets and their environments.

    Targets rather than started servers, so that each is started only once the
    one before it is up and in the caller's ExitStack.
    """
    from bench.floors import init_insert_database

    database = str(tmp / "floor.db")
    init_insert_database(database)
    return [
        ("bench.floors:page_app()", {}),
        ("bench.floors:insert_app()", {"BENCH_FLOOR_DATABASE": database}),
    ]


def settings() -> dict:
    """How gunicorn ran, for the report."""
    return {
        "workers": WORKERS,
        "worker_class": WORKER_CLASS,
        "threads": THREADS,
        "rounds": ROUNDS,
    }
