"""``tollgate eval invoices``: the dispute-risk model against a plain logistic regression.

Both are trained and judged in the same run, on the same time-ordered split and the same
mapped columns plus the same leak-free client-history features, so the only difference is
the learner (calibrated boosting vs a linear model). A model that cannot beat this baseline on
a given export is not worth its complexity there, and this command says so.
"""

from __future__ import annotations

import json
import time
from typing import Any

from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from service.scoring.invoices.features import InvoiceFeatures
from service.scoring.invoices.model import predict_risk
from training.invoices import spec
from training.spec import DataOptions

REPORTED = ("roc_auc", "brier", "brier_base_rate", "average_precision", "log_loss")


def logistic_baseline(outcome_lag_days: int = 30) -> Pipeline:
    """Same features, linear learner: median-imputed (with missing flags), scaled, L2 logistic."""
    return Pipeline(
        [
            ("features", InvoiceFeatures(outcome_lag_days=outcome_lag_days)),
            ("impute", SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True)),
            ("scale", StandardScaler()),
            ("classifier", LogisticRegression(C=1.0, max_iter=2000)),
        ]
    )


def compare(options: DataOptions | None = None) -> dict[str, Any]:
    """Train both models on the training split and report held-out metrics of each.

    Returns ``{"data", "rows", "train_rows", "test_rows", "model": {...}, "baseline": {...},
    "model_beats_baseline": bool, "mapping": report}``; metrics are held-out only.
    """
    options = options or DataOptions()
    loaded = spec.load(options)
    train, test = spec.split(loaded.frame)
    X_train, y_train = spec.features_and_label(train)
    X_test, y_test = spec.features_and_label(test)

    started = time.perf_counter()
    model = spec.fit(train)
    model_seconds = time.perf_counter() - started
    started = time.perf_counter()
    baseline = logistic_baseline().fit(X_train, y_train)
    baseline_seconds = time.perf_counter() - started

    model_metrics = spec.metrics_for(y_test, predict_risk(model, X_test))
    base_metrics = spec.metrics_for(y_test, predict_risk(baseline, X_test))
    model_metrics["fit_seconds"] = model_seconds
    base_metrics["fit_seconds"] = baseline_seconds
    return {
        "data": loaded.report.get("source"),
        "rows": len(loaded.frame),
        "train_rows": len(train),
        "test_rows": len(test),
        "test_from": str(test["invoice_date"].min().date()),
        "features": list(model.named_steps["features"].feature_names_),
        "model": model_metrics,
        "baseline": base_metrics,
        "model_beats_baseline": bool(
            model_metrics["roc_auc"] > base_metrics["roc_auc"]
            and model_metrics["brier"] <= base_metrics["brier"]
        ),
        "mapping": {
            k: loaded.report.get(k)
            for k in ("mapped", "auto_mapped", "unknown_columns", "missing_sources", "coercion")
        },
    }


def format_comparison(result: dict[str, Any]) -> str:
    """A small table: held-out metrics of the model and the logistic baseline."""
    lines = [
        f"data: {result['data']} ({result['rows']} invoices; held out: {result['test_rows']} "
        f"from {result['test_from']}, time-ordered)",
    ]
    mapping = result.get("mapping") or {}
    if mapping.get("unknown_columns"):
        lines.append("ignored columns: " + ", ".join(mapping["unknown_columns"]))
    lines.append(f"{'held-out metric':<22}{'model':>10}{'logistic':>10}")
    for key in REPORTED:
        lines.append(
            f"{key:<22}{result['model'][key]:>10.4f}{result['baseline'][key]:>10.4f}"
        )
    verdict = "beats" if result["model_beats_baseline"] else "does NOT beat"
    lines.append(f"the model {verdict} the logistic regression (ROC-AUC and Brier)")
    return "\n".join(lines)


def print_comparison(result: dict[str, Any], *, as_json: bool = False) -> None:
    """Print :func:`compare`'s result as a table, or as one JSON line with ``--json``."""
    if as_json:
        print(json.dumps(result, default=str))
    else:
        print(format_comparison(result))


def main(argv: list[str] | None = None) -> None:
    """``python -m training.invoices.evaluate [--data FILE --label COL --map SRC=DST ...]``."""
    import argparse
    from pathlib import Path

    from training.mapping import parse_map_args

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--label", default=None)
    parser.add_argument("--map", dest="maps", action="append", default=[])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    options = DataOptions(
        path=args.data, label=args.label, mapping=parse_map_args(args.maps), seed=args.seed
    )
    print_comparison(compare(options), as_json=args.json)


__all__ = ["compare", "format_comparison", "logistic_baseline", "main", "print_comparison"]


if __name__ == "__main__":
    main()
