"""A province side by side (issue #18): results pages in fresh workers, the CSV, memory.

The province is made by `flask synth-province` (BENCH_PROVINCE, default 200x25000:
200 communes of 25,000 quick ratings in one year). Every figure is a ratio to a floor
measured on the same file in the same run:

- the results page (province all time, one year, one month; a commune all time), each
  in a fresh process that has imported its libraries but counted nothing yet (its
  templates compiled on disk by an earlier worker), against a plain
  `SELECT unit_id, count(*) FROM responses GROUP BY unit_id`;
- the province CSV export's rows per second against a plain `csv.writer` dump of the
  same responses from a cursor;
- each page's heaviest chart requested as its <img> does after the page, in a fresh
  process too;
- the peak resident memory (VmHWM) of each of those processes.

Wall seconds on a shared machine swing with the load, so each figure is also taken as
CPU seconds of its process (time.process_time), floor included; the ratios on CPU time
are the ones to read when the machine is busy.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bench.citizen import prepare_database

YEAR = 2022
# Issue #18's goals: a page at most this share of the floor's time, the CSV at least
# this share of the plain dump's rows per second, a worker's peak memory under this.
PAGE_TARGET = {"province_all": 0.25, "province_year": 0.25, "province_month": 0.25}
PAGE_TARGET["commune_all"] = 0.05
CSV_TARGET = 0.5
RSS_TARGET_MIB = 250
PAGE = "/staff/results/{unit}/hai-long"
PAGES = (
    # A page without a period shows the current year (issue #14): all time is asked for.
    ("province_all", "hai-duong", "?period=all"),
    ("province_year", "hai-duong", f"?period=year&date={YEAR}-06-01"),
    ("province_month", "hai-duong", f"?period=month&date={YEAR}-06-01"),
    ("commune_all", "xa-mo-phong-001", "?period=all"),
)
# Each page's heaviest chart, which its <img> asks for after the page: its periods (a
# bar a month, a bar a day in a month's view). The province's chart of every commune's
# counters (about 1,200 bars) is no longer drawn (results/figures.py MAX_BARS), and
# synth-province puts its communes in one district: the chart of child units has one bar.
CHARTS = dict.fromkeys(("province_all", "province_year", "province_month", "commune_all"), "period")


def size() -> tuple[int, int]:
    """Communes and responses per commune, from BENCH_PROVINCE ('200x25000')."""
    communes, per_commune = os.environ.get("BENCH_PROVINCE", "200x25000").split("x")
    return int(communes), int(per_commune)


def run(tmp: Path) -> dict:
    """Build the province, then every figure and its floor."""
    communes, per_commune = size()
    database = str(tmp / "province.db")
    began = time.perf_counter()
    build(database, communes, per_commune)
    built = time.perf_counter() - began
    total = communes * per_commune
    found: dict = {
        "communes": communes,
        "responses": total,
        "synth_seconds": round(built, 1),
        "synth_seconds_per_million": round(built / total * 1e6, 1),
        "file_mib": round(os.path.getsize(database) / 2**20),
    }
    found.update(measure(database))
    dump_rows, dump_seconds = _plain_dump(database, tmp / "plain.csv")
    found["floor_csv_rows_per_second"] = round(dump_rows / dump_seconds)
    seconds, _cpu, status, hwm = _fresh_worker(
        database, PAGE.format(unit="hai-duong") + "/export.csv"
    )
    found["peak_rss_mib"] = max(found["peak_rss_mib"], round(hwm / 1024, 1))
    found["export_csv"] = {
        "rows": dump_rows,
        "seconds": seconds,
        "status": status,
        "rows_per_second": round(dump_rows / seconds),
        "ratio_to_floor": round(dump_seconds / seconds, 3),
        "target": f">= {CSV_TARGET}",
        "meets_target": status == 200 and dump_seconds / seconds >= CSV_TARGET,
    }
    found["peak_rss_meets_target"] = found["peak_rss_mib"] < RSS_TARGET_MIB
    return found


def build(database: str, communes: int, per_commune: int) -> None:
    """The demo, then `flask synth-province` into a new database file."""
    prepare_database(database)
    env = {**os.environ, "FLASK_DATABASE": database}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "synth-province", "--communes",
         str(communes), "--per-commune", str(per_commune), "--year", str(YEAR)],
        env=env, check=True, capture_output=True,
    )  # fmt: skip


def measure(database: str) -> dict:
    """The pages, their tallies alone and one chart, each in a fresh process, against the floor."""
    floor, floor_cpu = _best(lambda: _group_by(database), 3)
    found: dict = {"floor_group_by_seconds": floor, "floor_group_by_cpu_seconds": floor_cpu}
    # Untimed: compiles the templates into the instance folder, as the first worker
    # after a release does for every later one (core/fastpath.py).
    _fresh_worker(database, PAGE.format(unit="hai-duong") + "?period=all")
    peak = 0
    for name, unit, query in PAGES:
        seconds, cpu, status, hwm = _fresh_worker(database, PAGE.format(unit=unit) + query)
        found[name] = {
            "seconds": seconds,
            "cpu_seconds": cpu,
            "status": status,
            "ratio_to_floor": round(seconds / floor, 3),
            "cpu_ratio_to_floor": round(cpu / floor_cpu, 3),
            "target": f"<= {PAGE_TARGET[name]}",
            "meets_target": status == 200 and cpu / floor_cpu <= PAGE_TARGET[name],
        }
        peak = max(peak, hwm)
    # The same reports without the page: the tallies alone (results/tallies.py), so the
    # roll-ups' share of a page is seen apart from the rest of it.
    for name, unit, query in PAGES:
        seconds, cpu, _status, hwm = _fresh_worker(database, f"tallies:{unit}:{query.lstrip('?')}")
        found[name]["tallies_seconds"] = seconds
        found[name]["tallies_cpu_seconds"] = cpu
        found[name]["tallies_cpu_ratio_to_floor"] = round(cpu / floor_cpu, 3)
        peak = max(peak, hwm)
    # Each page's heaviest chart, as its <img> asks for it after the page (off its path).
    for name, unit, query in PAGES:
        chart = f"{PAGE.format(unit=unit)}/chart/{CHARTS[name]}.svg{query}"
        seconds, cpu, status, hwm = _fresh_worker(database, chart)
        found[name]["chart"] = CHARTS[name]
        found[name]["chart_status"] = status
        found[name]["chart_cpu_seconds"] = cpu
        found[name]["chart_cpu_ratio_to_floor"] = round(cpu / floor_cpu, 3)
        peak = max(peak, hwm)
    found["peak_rss_mib"] = round(peak / 1024, 1)
    return found


def _best(call, repeat: int) -> tuple[float, float]:
    """Best wall and best CPU seconds of `repeat` calls."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        call()
        best = min(best, time.perf_counter() - began)
        best_cpu = min(best_cpu, time.process_time() - began_cpu)
    return round(best, 3), round(best_cpu, 3)


def _group_by(database: str) -> None:
    with sqlite3.connect(database) as conn:
        conn.execute("SELECT unit_id, count(*) FROM responses GROUP BY unit_id").fetchall()


def _plain_dump(database: str, path: Path) -> tuple[int, float]:
    """Every live hai-long response with its answers' JSON, by csv.writer from a cursor."""
    began = time.perf_counter()
    rows = 0
    with sqlite3.connect(database) as conn, path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        cursor = conn.execute(
            "SELECT r.id, r.submitted_at, r.day, r.unit_id, r.counter_id, r.channel,"
            " (SELECT json_group_array(json_array(question, value)) FROM answers a"
            "  WHERE a.response_id = r.id)"
            " FROM responses r WHERE r.form_slug = 'hai-long' AND r.withdrawn = 0"
        )
        for row in cursor:
            writer.writerow(row)
            rows += 1
    seconds = time.perf_counter() - began
    path.unlink()
    return rows, seconds


def _fresh_worker(database: str, url: str) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, status and peak RSS (KiB) of one GET in a new process."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.province", database, url],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["seconds"], found["cpu_seconds"], found["status"], found["hwm_kib"]


def _worker(database: str, url: str) -> None:
    """In a new process: the app, its libraries imported, then one GET timed."""
    import matplotlib.figure  # noqa: F401 - a worker that served any page has them
    import pandas  # noqa: F401

    from bench.offline import _admin_client, _app

    app = _app(database)
    client = _admin_client(app)
    began, began_cpu = time.perf_counter(), time.process_time()
    if url.startswith("tallies:"):
        status = _tallies(app, *url.split(":")[1:])
    else:
        # Read as a proxy reads a streamed answer, a piece at a time: buffered, the
        # test client would hold the whole CSV, which no worker does.
        response = client.get(url)
        for _piece in response.iter_encoded():
            pass
        response.close()
        status = response.status_code
    seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    hwm = (Path("/proc/self/status").read_text().split("VmHWM:")[1]).split()[0]
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),
                "status": status,
                "hwm_kib": int(hwm),
            }
        )
    )


def _tallies(app, unit_code: str, query: str) -> int:
    """One report's tallies (count_form and the burst check), as the page builds it."""
    from urllib.parse import parse_qsl

    with app.test_request_context():
        from core.db import get_db
        from core.units import get_unit_by_code
        from forms.registry import get_form
        from results.periods import parse_period
        from results.report import build_report
        from results.tallies import Filters

        filters = Filters(parse_period(dict(parse_qsl(query))))
        unit, form = get_unit_by_code(unit_code), get_form("hai-long")
        build_report(get_db(), form, unit, filters)
        return 200


if __name__ == "__main__":
    if sys.argv[1] == "measure":  # figures of a province built before: measure <database>
        print(json.dumps(measure(sys.argv[2]), indent=2))
    else:
        _worker(sys.argv[1], sys.argv[2])
