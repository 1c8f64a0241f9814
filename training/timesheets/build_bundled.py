"""``python -m training.timesheets.build_bundled``: rebuild ``models/timesheet-anomaly``.

Trains on the repository's own data (the generator's default firm, first 75 % of dates) and
saves the pipeline as an MLflow model directory with the held-out metrics of *that* model (last
25 % of dates, never seen in training) in its metadata, so the number a user reads is the
shipped model's own. Offline, one core, well under a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from service.ml.persistence import save_pipeline
from service.scoring.timesheets.model import MODEL_NAME
from training.timesheets.data import default_frame
from training.timesheets.spec import (
    PARAMS,
    TRUSTED_SKLEARN_TYPES,
    evaluate,
    fit_pipeline,
    input_example,
    split,
)

DEFAULT_TARGET = Path(__file__).resolve().parents[2] / "models" / MODEL_NAME


def build(target: Path = DEFAULT_TARGET, seed: int = 42) -> dict[str, Any]:
    """Train, evaluate on the held-out dates, save; returns a summary."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    started = time.perf_counter()
    frame = default_frame(seed=seed)
    train, test = split(frame)
    pipeline = fit_pipeline(train)
    fit_seconds = time.perf_counter() - started
    metrics = {k: round(float(v), 4) for k, v in evaluate(pipeline, test).metrics.items()}
    metadata = {
        "model_name": MODEL_NAME,
        "source": "bundled",
        "training_data": f"training.timesheets.generator default firm, seed {seed}, "
        f"{len(train)} rows before {test.loc[~test['_context'], 'work_date'].min()}",
        "heldout": "last 25% of dates, scored with the earlier rows as history",
        "metrics": metrics,
        "params": dict(PARAMS),
    }
    save_pipeline(
        pipeline,
        target,
        input_example=input_example(test),
        metadata=metadata,
        extra_trusted=TRUSTED_SKLEARN_TYPES,
    )
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    return {
        "path": str(target),
        "bytes": size,
        "train_seconds": round(fit_seconds, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
        "metrics": metrics,
    }


def main() -> None:
    """Build and print a JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_TARGET)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    print(json.dumps(build(args.out, args.seed), indent=2))


if __name__ == "__main__":
    main()
