"""``python -m training.invoices.build_bundled``: rebuild ``models/invoice-dispute-risk``.

Trains on the repository's own data (the seeded generator, invoices before the 80th-percentile
date), evaluates on the later invoices it never saw and stores those held-out metrics in the
model's metadata, so the numbers on ``GET /v1/models`` belong to the shipped model itself.
Offline, one core, a few seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from service.ml.persistence import save_pipeline
from service.scoring.invoices.model import DEFAULT_PARAMS, MODEL_NAME
from training.invoices import spec
from training.spec import DataOptions

DEFAULT_TARGET = Path(__file__).resolve().parents[2] / "models" / MODEL_NAME

# scikit-learn internals inside the calibrated booster that skops does not trust by default.
TRUSTED_SKLEARN_TYPES: tuple[str, ...] = (
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn._loss.loss.HalfBinomialLoss",
    "sklearn._loss.link.LogitLink",
    "sklearn._loss.link.Interval",
    "sklearn._loss._loss.CyHalfBinomialLoss",
    "sklearn.isotonic.IsotonicRegression",
)


def build(target: Path = DEFAULT_TARGET, seed: int = 42) -> dict[str, Any]:
    """Train, evaluate on the held-out dates, save; returns a summary."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    started = time.perf_counter()
    loaded = spec.load(DataOptions(seed=seed))
    train, test = spec.split(loaded.frame)
    pipeline = spec.fit(train)
    fit_seconds = time.perf_counter() - started
    evaluation = spec.evaluate(pipeline, test)
    metrics = {k: round(float(v), 4) for k, v in evaluation.metrics.items()}
    metadata = {
        "model_name": MODEL_NAME,
        "source": "bundled",
        "training_data": f"{loaded.report['source']}: {len(train)} invoices before "
        f"{test['invoice_date'].min().date()}",
        "heldout": f"{len(test)} later invoices (time-ordered split), client history from "
        "the training profiles",
        "metrics": metrics,
        "params": dict(DEFAULT_PARAMS),
        "features": list(pipeline.named_steps["features"].feature_names_),
    }
    save_pipeline(
        pipeline,
        target,
        input_example=spec.input_example(test),
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
