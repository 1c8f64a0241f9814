"""Held-out evaluation of the timesheet pipeline, with both anchors computed on the same rows.

``python -m training.timesheets.evaluation`` trains on the default firm's first 75 % of dates and
reports, on data the model never saw:

1. the same firm's last 25 % of dates (time-ordered hold-out);
2. a different firm (other seed, size, countries, habit mix, calendar) — the model trained on
   firm 1 scores firm 2's later months with firm 2's earlier months as unlabeled history;
3. scenario 2 again with only the required columns (+ billable, submitted_at), like a bare
   export with no project dates, budgets, staffing or holiday flags;
4. a stress firm: rarer anomalies, more stray weekend work, more weekend workers, long days and
   late submitters.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, precision_score, recall_score, roc_auc_score

from service.scoring.timesheets.columns import CONTEXT, KIND, LABEL
from service.scoring.timesheets.model import score_frame
from training.timesheets.anchors import hand_rules_anchor, isolation_forest_anchor
from training.timesheets.data import features_only, time_split, without_optional
from training.timesheets.generator import (
    ANOMALY_KINDS,
    OTHER_FIRM,
    STRESS_FIRM,
    FirmConfig,
    generate,
)


def scored_part(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a test frame that are scored (not ``_context`` history)."""
    if CONTEXT in frame.columns:
        return frame.loc[~frame[CONTEXT].fillna(False).astype(bool)].reset_index(drop=True)
    return frame.reset_index(drop=True)


def context_part(frame: pd.DataFrame) -> pd.DataFrame:
    """The history rows of a test frame."""
    if CONTEXT in frame.columns:
        return frame.loc[frame[CONTEXT].fillna(False).astype(bool)].reset_index(drop=True)
    return frame.iloc[:0]


def _safe(fn: Any, y: np.ndarray, s: np.ndarray) -> float:
    if len(np.unique(y)) < 2:
        return float("nan")
    return float(fn(y, s))


def metrics_for(
    y: np.ndarray, score: np.ndarray, kinds: np.ndarray | None, threshold: float = 0.5
) -> dict[str, float]:
    """ROC-AUC, AP, precision/recall at ``threshold`` and recall per anomaly kind."""
    pred = score >= threshold
    out = {
        "roc_auc": _safe(roc_auc_score, y, score),
        "average_precision": _safe(average_precision_score, y, score),
        "precision": float(precision_score(y, pred, zero_division=0)),
        "recall": float(recall_score(y, pred, zero_division=0)),
        "n_scored": float(len(y)),
        "n_anomalies": float(y.sum()),
    }
    if kinds is not None:
        for kind in ANOMALY_KINDS:
            mask = kinds == kind
            if mask.any():
                out[f"recall_{kind}"] = float(pred[mask].mean())
    return out


def evaluate_frame(pipeline: Any, test: pd.DataFrame, threshold: float = 0.5) -> dict[str, Any]:
    """Model and anchors on ``test`` (context rows = history, scored rows = hold-out)."""
    scored = scored_part(test)
    y = scored[LABEL].astype(bool).to_numpy().astype(int)
    kinds = scored[KIND].fillna("").astype(str).to_numpy() if KIND in scored.columns else None
    score, _ = score_frame(pipeline, features_only(test))
    result: dict[str, Any] = {"model": metrics_for(y, score, kinds, threshold)}
    history = features_only(context_part(test))
    if len(history):
        if_scores = isolation_forest_anchor(history, features_only(test))
        rule_scores = hand_rules_anchor(history, features_only(test))
        result["anchor_isolation_forest"] = {
            "roc_auc": _safe(roc_auc_score, y, if_scores),
            "average_precision": _safe(average_precision_score, y, if_scores),
        }
        result["anchor_hand_rules"] = {
            "roc_auc": _safe(roc_auc_score, y, rule_scores),
            "average_precision": _safe(average_precision_score, y, rule_scores),
        }
    result["y_true"] = y
    result["y_score"] = score
    return result


def run(seed: int = 42, other: FirmConfig = OTHER_FIRM) -> dict[str, Any]:
    """Train on the default firm and evaluate the three scenarios of the module docstring."""
    from training.timesheets.spec import fit_pipeline

    firm = generate(replace(FirmConfig(), seed=seed)).entries
    train, test = time_split(firm)
    started = time.perf_counter()
    pipeline = fit_pipeline(train)
    fit_s = time.perf_counter() - started
    report: dict[str, Any] = {"fit_seconds": fit_s, "train_rows": len(train)}
    report["same_firm_holdout"] = evaluate_frame(pipeline, test)
    other_entries = generate(other).entries
    _, other_test = time_split(other_entries, test_fraction=0.5)
    report["other_firm"] = evaluate_frame(pipeline, other_test)
    bare = without_optional(other_test, keep=("billable", "submitted_at", "task"))
    report["other_firm_bare_columns"] = evaluate_frame(pipeline, bare)
    _, stress_test = time_split(generate(STRESS_FIRM).entries, test_fraction=0.5)
    report["stress_firm"] = evaluate_frame(pipeline, stress_test)
    return report


def _printable(report: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in report.items():
        if isinstance(value, dict):
            out[key] = {
                k: (_printable(v) if isinstance(v, dict) else round(v, 4))
                for k, v in value.items()
                if k not in ("y_true", "y_score")
            }
        else:
            out[key] = round(value, 3) if isinstance(value, float) else value
    return out


def main() -> None:
    """Print the evaluation report as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    print(json.dumps(_printable(run(seed=args.seed)), indent=2))


if __name__ == "__main__":
    main()
