"""``python -m training.build_all`` (``make models``): rebuild every bundled model from repo data.

Runs each model's own ``python -m training.<x>.build_bundled`` in sequence, each in a fresh
interpreter (so one model's imports and memory never leak into the next, and a crash names the
model), prints per-model timings and the bundled size, and exits non-zero if any build failed
or is missing. Targets: under 5 minutes in total on one core, under 25 MB on disk.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from service.ml.tracking import OUTBOUND_SWITCHES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_ROOT / "models"
# Order: cheapest first, so a quick failure shows early.
BUILDERS: dict[str, str] = {
    "timesheets": "training.timesheets.build_bundled",
    "invoices": "training.invoices.build_bundled",
    "clauses": "training.clauses.build_bundled",  # also builds models/document-type
}
OPTIONAL_BUILDERS: frozenset[str] = frozenset()
SIZE_BUDGET_MB = 25.0
TIME_BUDGET_S = 300.0


def _exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def directory_bytes(path: Path) -> int:
    """Bytes on disk of every file under ``path`` (bundled models)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def run_builder(key: str, module: str, *, env: dict[str, str]) -> dict[str, Any]:
    """Run one builder in a subprocess; returns its outcome and wall time."""
    started = time.perf_counter()
    if not _exists(module):
        return {"model": key, "status": "missing", "module": module, "seconds": 0.0}
    process = subprocess.run(
        [sys.executable, "-m", module], cwd=PROJECT_ROOT, env=env, capture_output=True,
        text=True, check=False,
    )
    seconds = time.perf_counter() - started
    outcome: dict[str, Any] = {
        "model": key, "module": module, "seconds": round(seconds, 1),
        "status": "ok" if process.returncode == 0 else "failed",
    }
    if process.returncode != 0:
        tail = (process.stderr or process.stdout).strip().splitlines()[-1:]
        outcome["error"] = tail[0] if tail else f"exit {process.returncode}"
    return outcome


def build_all(keys: Sequence[str] | None = None) -> dict[str, Any]:
    """Build the selected models (default all); returns per-model outcomes and totals."""
    env = {**os.environ, **OUTBOUND_SWITCHES, "PYTHONPATH": str(PROJECT_ROOT)}
    selected = list(keys) if keys else list(BUILDERS)
    results = []
    started = time.perf_counter()
    for key in selected:
        result = run_builder(key, BUILDERS[key], env=env)
        results.append(result)
        print(f"{key:<14} {result['status']:<8} {result['seconds']:>6.1f}s"
              + (f"  {result.get('error', '')}" if result["status"] != "ok" else ""),
              file=sys.stderr, flush=True)
    total = time.perf_counter() - started
    size_mb = directory_bytes(MODELS_DIR) / 1e6
    failed = [
        r["model"] for r in results
        if r["status"] == "failed"
        or (r["status"] == "missing" and r["model"] not in OPTIONAL_BUILDERS)
    ]
    return {
        "models": results,
        "total_seconds": round(total, 1),
        "time_budget_seconds": TIME_BUDGET_S,
        "bundled_mb": round(size_mb, 2),
        "size_budget_mb": SIZE_BUDGET_MB,
        "ok": not failed,
        "failed": failed,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry: prints timings on stderr and a JSON summary on stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", help=f"any of {', '.join(BUILDERS)} (default: all)")
    args = parser.parse_args(argv)
    unknown = [m for m in args.models if m not in BUILDERS]
    if unknown:
        parser.error(f"unknown model(s): {', '.join(unknown)}")
    summary = build_all(args.models or None)
    print(
        f"total {summary['total_seconds']:.1f}s (budget {TIME_BUDGET_S:.0f}s), "
        f"bundled {summary['bundled_mb']:.2f} MB (budget {SIZE_BUDGET_MB:.0f} MB)",
        file=sys.stderr,
    )
    print(json.dumps(summary, indent=2))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
