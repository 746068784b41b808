"""Requests per second and latency of the floors and the citizen routes, side by side."""

import os
from pathlib import Path

from bench.load import run_wrk
from bench.server import Gunicorn

WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
THREADS = int(os.environ.get("BENCH_THREADS", 1 if WORKER_CLASS == "sync" else 4))


def serve(target: str, env: dict[str, str], ready_path: str = "/") -> Gunicorn:
    """The same gunicorn settings for the floors and for the app."""
    return Gunicorn(target, env, WORKERS, WORKER_CLASS, THREADS, ready_path)


def measure(url: str, script: str, seconds: float, env: dict | None = None) -> dict:
    """A short warm-up, then the measured run (distinct run numbers: distinct ids)."""
    warmup = run_wrk(url, script, 1, {**(env or {}), "BENCH_RUN": "1"})
    result = run_wrk(url, script, seconds, {**(env or {}), "BENCH_RUN": "2"})
    result["warmup_requests"] = warmup["requests"]
    result["warmup_errors"] = warmup["errors"]
    return result


def floors(tmp: Path, seconds: float) -> dict:
    """The bare page and the bare insert under the same gunicorn settings."""
    from bench.floors import init_insert_database

    results = {}
    with serve("bench.floors:page_app()", {}) as server:
        results["floor_page"] = measure(server.url + "/", "get.lua", seconds)
    database = str(tmp / "floor.db")
    init_insert_database(database)
    with serve("bench.floors:insert_app()", {"BENCH_FLOOR_DATABASE": database}) as server:
        results["floor_insert"] = measure(server.url + "/", "insert.lua", seconds)
    return results


def settings() -> dict:
    """How gunicorn ran, for the report."""
    return {"workers": WORKERS, "worker_class": WORKER_CLASS, "threads": THREADS}
