"""Turn the results into the printed table (the same rows docs/PERFORMANCE.md keeps)."""

import statistics

from bench.throughput import FLOOR_OF

TARGET = {"citizen_form_view": 0.60, "citizen_submission": 0.50}


def add_ratios(throughput: dict) -> None:
    """Each routed figure as a ratio to its floor (latency ratios: floor / ours).

    The requests-per-second ratio is the median of the rounds' ratios, each of two
    runs seconds apart; the latency ratios compare the medians over the rounds.
    """
    for name, floor_name in FLOOR_OF.items():
        ours, floor = throughput.get(name), throughput.get(floor_name)
        if not ours or not floor or "rps" not in ours:
            continue
        ours["floor"] = floor_name
        rounds = ours.get("rounds_rps_ratio") or [ours["rps"] / floor["rps"]]
        ours["rps_ratio"] = round(statistics.median(rounds), 3)
        ours["p50_ratio"] = round(ours["p50_ms"] / floor["p50_ms"], 2)
        ours["p99_ratio"] = round(ours["p99_ms"] / floor["p99_ms"], 2)
        ours["target_rps_ratio"] = TARGET[name]
        ours["meets_target"] = ours["rps_ratio"] >= TARGET[name]


def table(results: dict) -> str:
    """A plain-text table of every figure."""
    lines = [
        f"Phiếu bench {results['machine']['date']} on {results['machine']['cpus']} x "
        f"{results['machine']['cpu_model']}, gunicorn {results['gunicorn']}",
        "",
        f"{'scenario':<24}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'rps/floor':>11}{'p50 x':>8}{'p99 x':>8}  target",
    ]
    for name, row in results.get("throughput", {}).items():
        if "rps" not in row:
            lines.append(f"{name:<24}not measured: {row}")
            continue
        ratio = f"{row['rps_ratio']:.0%}" if "rps_ratio" in row else "floor"
        p50 = f"{row['p50_ratio']:.2f}" if "p50_ratio" in row else ""
        p99 = f"{row['p99_ratio']:.2f}" if "p99_ratio" in row else ""
        target = ""
        if "target_rps_ratio" in row:
            verdict = "ok" if row["meets_target"] else "BELOW"
            target = f">= {row['target_rps_ratio']:.0%} {verdict}"
        lines.append(
            f"{name:<24}{row['rps']:>9.0f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
            f"{row['errors']:>8}{ratio:>11}{p50:>8}{p99:>8}  {target}"
        )
    for name, row in results.get("throughput", {}).items():
        if row.get("rounds_rps_ratio"):
            each = ", ".join(f"{ratio:.0%}" for ratio in row["rounds_rps_ratio"])
            lines.append(f"{name} vs {row['floor']}, round by round: {each}")
    submission = results.get("throughput", {}).get("citizen_submission", {})
    if "stored" in submission:
        lines.append(
            f"submissions acknowledged {submission['acknowledged']}, stored {submission['stored']}"
            f" ({'ok' if submission['all_acknowledged_stored'] else 'MISMATCH'})"
        )
    for section in ("million", "minutes", "province", "memory", "bytes", "citizen"):
        rows = results.get(section)
        if not rows:
            continue
        lines += ["", section]
        for name, value in rows.items():
            lines.append(f"  {name:<36}{_show(value)}")
    if results.get("failed_sections"):
        lines += ["", f"FAILED: {', '.join(results['failed_sections'])}"]
    lines += ["", f"total {results.get('seconds_total', '?')} s"]
    return "\n".join(lines)


def _show(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def markdown(results: dict) -> str:
    """The throughput rows as a Markdown table, for docs/PERFORMANCE.md."""
    lines = [
        "| scenario | req/s | p50 ms | p99 ms | errors | req/s vs floor | p50 vs floor"
        " | p99 vs floor | target |",
        "|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for name, row in results.get("throughput", {}).items():
        if "rps" not in row:
            continue
        ratio = f"{row['rps_ratio']:.0%} of {row['floor']}" if "rps_ratio" in row else "floor"
        target = ""
        if "target_rps_ratio" in row:
            verdict = "met" if row["meets_target"] else "**not met**"
            target = f">= {row['target_rps_ratio']:.0%}: {verdict}"
        lines.append(
            f"| {name} | {row['rps']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f}"
            f" | {row['errors']} | {ratio} | {row.get('p50_ratio', '')}"
            f" | {row.get('p99_ratio', '')} | {target} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    from pathlib import Path

    saved = json.loads((Path(__file__).parent / "results.json").read_text())
    print(markdown(saved))
