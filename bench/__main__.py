"""Run every measurement, write bench/results.json and print a table (issue #6).

Environment: BENCH_SECONDS (per load scenario, over all rounds, default 15),
BENCH_ROUNDS (rounds of the floors and the citizen routes in turn, default 5),
BENCH_RESPONSES
(synthetic responses, default 1,000,000), BENCH_MINUTES_RESPONSES (default
100,000), BENCH_FULL_XLSX=1 (export every row as XLSX too), BENCH_WORKER_CLASS
and BENCH_WORKERS (gunicorn, for the floors and the app alike), BENCH_SECTIONS
(comma-separated subset of throughput,million,minutes,province; default all),
BENCH_PROVINCE (communes x responses each for the province section, default
200x25000; e.g. 20x5000 for a quick look).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import citizen, offline, province, report, throughput

HERE = Path(__file__).resolve().parent


def machine() -> dict:
    """Date and machine, so figures are read against what produced them."""
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((x.split(":", 1)[1].strip() for x in cpuinfo if x.startswith("model name")), "?")
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE
    )
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": round(int(memory) / 1024 / 1024, 1),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "commit": commit.stdout.strip(),
    }


def section(results: dict, name: str, failures: list[str], call) -> None:
    """Run one measurement; a failure is recorded and reported, never hidden."""
    try:
        results[name] = call()
    except Exception as error:  # noqa: BLE001 - the other sections still run
        traceback.print_exc()
        results[name] = {"failed": f"{type(error).__name__}: {error}"}
        failures.append(name)


def main() -> int:
    seconds = float(os.environ.get("BENCH_SECONDS", 15))
    responses = int(os.environ.get("BENCH_RESPONSES", 1_000_000))
    minutes_responses = int(os.environ.get("BENCH_MINUTES_RESPONSES", 100_000))
    started = time.monotonic()
    results: dict = {"machine": machine(), "gunicorn": throughput.settings()}
    failures: list[str] = []
    (HERE / "tmp").mkdir(exist_ok=True)
    wanted = os.environ.get("BENCH_SECTIONS", "throughput,million,minutes,province").split(",")
    with tempfile.TemporaryDirectory(dir=HERE / "tmp") as name:
        tmp = Path(name)
        if "throughput" in wanted:
            section(results, "citizen", failures, lambda: citizen.run(tmp, seconds))
            if "failed" not in results["citizen"]:
                results["throughput"], results["memory"], results["bytes"] = results.pop("citizen")
        if "million" in wanted:
            section(results, "million", failures, lambda: offline.million(tmp, responses))
        if "minutes" in wanted:
            section(results, "minutes", failures, lambda: offline.minutes(tmp, minutes_responses))
        if "province" in wanted:
            section(results, "province", failures, lambda: province.run(tmp))
    report.add_ratios(results.get("throughput", {}))
    results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds_total"] = round(time.monotonic() - started, 1)
    results["failed_sections"] = failures
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(report.table(results))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
