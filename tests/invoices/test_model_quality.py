"""Held-out quality of the dispute-risk model (never training-set numbers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from service.scoring.invoices.model import predict_risk
from training.invoices import spec
from training.invoices.evaluate import compare, format_comparison
from training.invoices.generator import FOREIGN_LABEL, FOREIGN_MAP
from training.spec import DataOptions

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "invoices" / "foreign_ar_export.csv"


def test_split_is_time_ordered(generated: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    train, test = generated
    assert train["invoice_date"].max() < test["invoice_date"].min()
    assert 0.15 < len(test) / (len(train) + len(test)) < 0.25


def test_heldout_auc_and_brier_meet_targets(
    pipeline: Any, generated: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    _, test = generated
    evaluation = spec.evaluate(pipeline, test)
    m = evaluation.metrics
    assert m["roc_auc"] >= 0.85
    assert m["brier"] < m["brier_base_rate"]
    assert m["n_test"] == len(test)
    assert evaluation.y_score is not None and len(evaluation.y_score) == len(test)


def test_risk_is_calibrated_on_heldout(
    pipeline: Any, generated: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    _, test = generated
    X, y = spec.features_and_label(test)
    risk = predict_risk(pipeline, X)
    assert abs(risk.mean() - y.mean()) < 0.03
    # Deciles of predicted risk: observed dispute rates track predictions.
    order = np.argsort(risk)
    for chunk in np.array_split(order, 5):
        assert abs(risk[chunk].mean() - y[chunk].mean()) < 0.06
    top, bottom = order[-len(order) // 10 :], order[: len(order) // 2]
    assert y[top].mean() > 4 * y[bottom].mean()


def test_model_beats_logistic_regression_on_foreign_export() -> None:
    result = compare(DataOptions(path=SAMPLE, label=FOREIGN_LABEL, mapping=FOREIGN_MAP))
    assert result["model_beats_baseline"], format_comparison(result)
    assert result["model"]["roc_auc"] > result["baseline"]["roc_auc"]
    assert result["model"]["brier"] < result["model"]["brier_base_rate"]
    assert "Days Late" in result["mapping"]["unknown_columns"]
    assert "days_late" not in " ".join(result["features"])
    assert "logistic" in format_comparison(result)
