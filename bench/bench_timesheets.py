"""Timesheet scoring throughput, in process, against a raw-pandas baseline measured in the same run.

    .venv/bin/python bench/bench_timesheets.py [--sizes 1000 10000] [--repeat 5] [--json]

For each batch size it times ``service.scoring.timesheets.service.score_entries`` on the bundled
model (validation, context features, checks, detector, reasons: the whole in-process path) and,
as the baseline, the cheapest possible context computation over the same rows with plain pandas
(daily totals and a per-person z-score via groupby). Target: >= 50,000 entries/s in process.

``score_in_process(n)`` is importable so the endpoint benchmark can compare a 1,000-entry HTTP
request against the same in-process work.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

TARGET_PER_S = 50_000
_CACHE: dict[str, Any] = {}


def load_bundled() -> Any:
    """The bundled pipeline (models/timesheet-anomaly), loaded once per process."""
    if "pipeline" not in _CACHE:
        from service.ml.persistence import load_pipeline

        _CACHE["pipeline"] = load_pipeline(ROOT / "models" / "timesheet-anomaly")
    return _CACHE["pipeline"]


def entries(n: int) -> pd.DataFrame:
    """``n`` realistic entries (a firm the bundled model never saw), without labels."""
    if "firm" not in _CACHE:
        from training.timesheets.generator import OTHER_FIRM, generate

        _CACHE["firm"] = generate(OTHER_FIRM).entries.drop(columns=["is_anomaly", "anomaly_kind"])
    firm: pd.DataFrame = _CACHE["firm"]
    reps = -(-n // len(firm))
    # each copy is another office of the firm: new people, projects and entry ids
    parts = [
        firm.assign(
            entry_id=firm["entry_id"] + f"-{k}",
            consultant_id=firm["consultant_id"] + f"-{k}",
            project_id=firm["project_id"] + f"-{k}",
        )
        for k in range(reps)
    ]
    return pd.concat(parts, ignore_index=True).tail(n).reset_index(drop=True)


def _best(fn: Any, repeat: int) -> tuple[float, float, Any]:
    """Median wall seconds, median CPU seconds of this process, last result.

    Both are reported: on a shared machine the wall clock mostly measures the neighbours,
    while CPU time measures the work this code does.
    """
    walls: list[float] = []
    cpus: list[float] = []
    out: Any = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), out


def baseline_pandas(frame: pd.DataFrame) -> pd.DataFrame:
    """Raw pandas: daily total and per-person z-score, the minimum any context scorer does."""
    df = frame.copy()
    df["work_date"] = pd.to_datetime(df["work_date"])
    df["daily_total"] = df.groupby(["consultant_id", "work_date"])["hours"].transform("sum")
    g = df.groupby("consultant_id")["hours"]
    df["z"] = (df["hours"] - g.transform("mean")) / g.transform("std").fillna(1.0)
    return df


def score_in_process(
    n: int,
    *,
    repeat: int = 5,
    records: bool = True,
    pipeline: Any = None,
    history_factor: int = 0,
) -> dict[str, Any]:
    """Median time of ``score_entries`` on an ``n``-entry batch; entries/s and the baseline.

    ``history_factor`` k passes the k*n preceding entries as stored history (context), as the
    endpoint does; throughput still counts only the n scored entries.
    """
    from service.scoring.timesheets.service import score_entries

    model = pipeline if pipeline is not None else load_bundled()
    everything = entries(n * (1 + history_factor))
    frame = everything.tail(n).reset_index(drop=True)
    history = everything.head(n * history_factor) if history_factor else None
    payload: Any = frame.to_dict("records") if records else frame
    score_entries(model, payload, history=history)  # warm-up
    seconds, cpu, batch = _best(lambda: score_entries(model, payload, history=history), repeat)
    base_seconds, base_cpu, _ = _best(lambda: baseline_pandas(frame), repeat)
    return {
        "entries": n,
        "input": "list[dict]" if records else "DataFrame",
        "history_rows": 0 if history is None else len(history),
        "seconds": round(seconds, 4),
        "cpu_seconds": round(cpu, 4),
        "entries_per_s": round(n / seconds),
        "entries_per_cpu_s": round(n / max(cpu, 1e-9)),
        "anomalies": sum(r["anomaly"] for r in batch.results),
        "baseline_pandas_seconds": round(base_seconds, 4),
        "baseline_pandas_cpu_seconds": round(base_cpu, 4),
        "baseline_entries_per_s": round(n / base_seconds),
        "ratio_to_baseline": round(seconds / base_seconds, 2),
        "cpu_ratio_to_baseline": round(cpu / max(base_cpu, 1e-9), 2),
        "meets_target_wall": n / seconds >= TARGET_PER_S,
        "meets_target_cpu": n / max(cpu, 1e-9) >= TARGET_PER_S,
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    """Print one line per batch size (JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runs = [(n, records, 0) for n in args.sizes for records in (True, False)]
    runs += [(n, True, 2) for n in args.sizes]
    for n, records, history_factor in runs:
        row = score_in_process(
            n, repeat=args.repeat, records=records, history_factor=history_factor
        )
        if args.json:
            print(json.dumps(row))
        else:
            print(
                f"{row['entries']:>6} entries ({row['input']:>10}, "
                f"history {row['history_rows']:>6}): "
                f"wall {row['seconds'] * 1000:7.1f} ms = {row['entries_per_s']:>7,}/s, "
                f"cpu {row['cpu_seconds'] * 1000:7.1f} ms = {row['entries_per_cpu_s']:>7,}/cpu-s"
                f" | pandas baseline wall {row['baseline_pandas_seconds'] * 1000:5.1f} ms, "
                f"cpu {row['baseline_pandas_cpu_seconds'] * 1000:5.1f} ms"
                f" | ratio wall {row['ratio_to_baseline']}x cpu {row['cpu_ratio_to_baseline']}x"
                f" | target {TARGET_PER_S:,}/s wall: "
                f"{'met' if row['meets_target_wall'] else 'NOT met'}, cpu: "
                f"{'met' if row['meets_target_cpu'] else 'NOT met'}"
                f" (load avg {row['load_average_1m']})"
            )


if __name__ == "__main__":
    main()
