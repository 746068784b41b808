"""Run every measurement, write bench/results.json and print a table (issue #6)."""

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from bench import throughput

HERE = Path(__file__).resolve().parent


def machine() -> dict:
    """Date and machine, so figures are read against what produced them."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": round(int(memory) / 1024 / 1024, 1),
        "load_average": os.getloadavg(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE
        ).stdout.strip(),
    }


def main() -> None:
    seconds = float(os.environ.get("BENCH_SECONDS", 10))
    started = time.monotonic()
    results: dict = {"machine": machine(), "gunicorn": throughput.settings()}
    (HERE / "tmp").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=HERE / "tmp") as name:
        tmp = Path(name)
        results["throughput"] = throughput.floors(tmp, seconds)
    results["machine"]["load_average_after"] = os.getloadavg()
    results["seconds_total"] = round(time.monotonic() - started, 1)
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
