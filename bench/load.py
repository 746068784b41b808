"""Drive wrk with a Lua script per scenario and read back its JSON summary."""

import json
import os
import subprocess
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua"


def connections() -> int:
    """Two connections per core: enough to keep every worker busy, not a queue."""
    return 2 * (os.cpu_count() or 1)


def run_wrk(url: str, script: str, seconds: float, env: dict[str, str] | None = None) -> dict:
    """Run one bounded wrk scenario; requests/s, p50 and p99 in milliseconds."""
    # One wrk thread per two cores: wrk shares the machine with the server, and
    # on 2 cores one thread driving 4 connections measured faster than two.
    threads = max(1, (os.cpu_count() or 1) // 2)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections()}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "5s",
        "-s",
        str(LUA / script),
        url,
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        env={**os.environ, "BENCH_LUA_DIR": str(LUA), **(env or {})},
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {result.stdout}\n{result.stderr}")
    raw = json.loads(line.removeprefix("BENCHJSON "))
    errors = sum(raw[k] for k in raw if k.endswith("_errors") or k == "timeouts")
    return {
        "requests": raw["requests"],
        "seconds": raw["duration_us"] / 1e6,
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "errors": errors,
        "status_errors": raw["status_errors"],
    }
