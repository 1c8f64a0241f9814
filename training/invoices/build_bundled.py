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
    (target / "MODEL_CARD.md").write_text(model_card(metadata), encoding="utf-8")
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    return {
        "path": str(target),
        "bytes": size,
        "train_seconds": round(fit_seconds, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
        "metrics": metrics,
    }


def model_card(metadata: dict[str, Any]) -> str:
    """The model card of the bundled model, with the held-out metrics of this very build."""
    m = metadata["metrics"]
    features = ", ".join(f"`{f}`" for f in metadata["features"])
    return f"""# invoice-dispute-risk (bundled)

**Intended use.** Before an invoice goes out, estimate the probability that the client disputes
it and say why, so finance can fix it first (missing PO, rate above contract, billing beyond
the contract value / NTE, a milestone not yet accepted, late billing, a pending change order).
High-risk invoices become review items (kind `dispute_risk`). It ranks and explains; a person
decides. Not for credit decisions about clients.

**Data.** {metadata["training_data"]}. Synthetic: a seeded professional-services firm whose
disputes follow a stated causal story (training/invoices/generator.py). No real invoices.

**Model.** Leak-free features (`service/scoring/invoices/features.py`): {features}. Client
history uses only earlier invoices, and earlier dispute outcomes only once 30 days old; the
training profiles ship inside the model, so scoring needs no history file.
HistGradientBoosting (150 trees, 4 leaves) with sigmoid calibration fitted on cross-validated
predictions (`CalibratedClassifierCV(ensemble=False)`). Reasons: the drop in log-odds when one
present factor is set to a neutral value learned in training; top 3 per invoice.

**Held-out metrics** ({metadata["heldout"]}): ROC-AUC {m["roc_auc"]:.3f}, average precision
{m["average_precision"]:.3f}, Brier {m["brier"]:.4f} vs {m["brier_base_rate"]:.4f} for the base
rate (skill {m["brier_skill"]:.2f}), log loss {m["log_loss"]:.3f}, base rate {m["base_rate"]:.3f},
mean predicted risk {m["mean_risk"]:.3f}.

**Limits.** Trained on simulated data: real dispute drivers and rates differ, so retrain on the
firm's own accounts-receivable history (`tollgate train invoices --data FILE --label COL --map
SRC=DST`) and compare with `tollgate eval invoices`, which trains a logistic regression on the
same columns and history in the same run. Clients first seen after training get history only
from the scored batch. Risk bands (`TOLLGATE_INVOICE_MEDIUM_THRESHOLD` /
`TOLLGATE_INVOICE_HIGH_THRESHOLD`, default 0.3 / 0.6) are policy, not model output.
"""


def main() -> None:
    """Build and print a JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_TARGET)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    print(json.dumps(build(args.out, args.seed), indent=2))


if __name__ == "__main__":
    main()
