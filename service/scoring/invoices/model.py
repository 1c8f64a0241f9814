"""The dispute-risk pipeline (features + calibrated boosting), its reasons and risk bands.

Why this shape:

* One sklearn ``Pipeline`` (``features`` -> ``classifier``) is what MLflow saves, so serving
  and training run the same feature code.
* ``HistGradientBoostingClassifier`` handles missing values natively (foreign exports lack
  most optional columns) and captures thresholds and interactions that a linear model misses.
  ``CalibratedClassifierCV(ensemble=False)`` fits the calibration map on cross-validated
  predictions but keeps one booster, so ``dispute_risk`` is a probability and scoring costs a
  single model pass.
* Reasons are per-factor contributions: the drop in the booster's log-odds when one factor of
  the invoice (missing PO, rate above contract...) is set to a neutral value learned in
  training. Only factors that are present on an invoice and read by some tree are tried, and
  all variants of a batch go through the model in one call, so reasons cost well under one
  extra model pass. Small batches walk the trees with numpy (``forest.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline

from service.scoring.invoices.features import InvoiceFeatures, as_columns
from service.scoring.invoices.forest import log_odds, used_features

MODEL_NAME = "invoice-dispute-risk"
DEFAULT_PARAMS: dict[str, Any] = {
    "learning_rate": 0.05,
    "max_iter": 150,
    "max_leaf_nodes": 4,
    "min_samples_leaf": 80,
    "l2_regularization": 1.0,
    "calibration": "sigmoid",
    "calibration_cv": 3,
    "outcome_lag_days": 30,
    "seed": 42,
}


def build_pipeline(params: Mapping[str, Any] | None = None) -> Pipeline:
    """An unfitted pipeline; ``params`` override :data:`DEFAULT_PARAMS`."""
    p = {**DEFAULT_PARAMS, **(params or {})}
    booster = HistGradientBoostingClassifier(
        learning_rate=p["learning_rate"],
        max_iter=p["max_iter"],
        max_leaf_nodes=p["max_leaf_nodes"],
        min_samples_leaf=p["min_samples_leaf"],
        l2_regularization=p["l2_regularization"],
        early_stopping=False,
        random_state=p["seed"],
    )
    classifier = CalibratedClassifierCV(
        booster, method=p["calibration"], cv=p["calibration_cv"], ensemble=False
    )
    return Pipeline(
        [
            ("features", InvoiceFeatures(outcome_lag_days=p["outcome_lag_days"])),
            ("classifier", classifier),
        ]
    )


# --- risk bands ------------------------------------------------------------------------------


def risk_band(risk: float, medium: float = 0.3, high: float = 0.6) -> str:
    """``low`` below ``medium``, ``high`` at or above ``high``, ``medium`` in between."""
    if high < medium:
        raise ValueError("the high cut-off must not be below the medium cut-off")
    if risk >= high:
        return "high"
    return "medium" if risk >= medium else "low"


def risk_bands(risks: np.ndarray, medium: float = 0.3, high: float = 0.6) -> list[str]:
    """:func:`risk_band` for an array."""
    if high < medium:
        raise ValueError("the high cut-off must not be below the medium cut-off")
    out = np.where(risks >= high, "high", np.where(risks >= medium, "medium", "low"))
    return list(out.astype(object))


# --- reasons ---------------------------------------------------------------------------------


def _money(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


@dataclass(frozen=True)
class Factor:
    """One explainable factor: the features it owns, when it is present, how to neutralize it."""

    code: str
    features: tuple[str, ...]
    active: Callable[[dict[str, np.ndarray], InvoiceFeatures], np.ndarray]
    neutral: Callable[[dict[str, np.ndarray], InvoiceFeatures], dict[str, np.ndarray]]
    message: Callable[[dict[str, float], Mapping[str, Any], InvoiceFeatures], str]


def _ref(f: InvoiceFeatures, name: str) -> float:
    return float(f.reference_.get(name, 0.0))


def _const(**values: float) -> Callable[[dict[str, np.ndarray], InvoiceFeatures], dict[str, np.ndarray]]:
    def neutral(v: dict[str, np.ndarray], f: InvoiceFeatures) -> dict[str, np.ndarray]:
        n = len(next(iter(v.values())))
        return {k: np.full(n, x) for k, x in values.items()}

    return neutral


def _to_ref(*names: str) -> Callable[[dict[str, np.ndarray], InvoiceFeatures], dict[str, np.ndarray]]:
    def neutral(v: dict[str, np.ndarray], f: InvoiceFeatures) -> dict[str, np.ndarray]:
        n = len(next(iter(v.values())))
        return {k: np.full(n, _ref(f, k)) for k in names}

    return neutral


def _raw(row: Mapping[str, Any], key: str) -> float:
    try:
        return float(row.get(key))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _rate_message(x: dict[str, float], row: Mapping[str, Any], f: InvoiceFeatures) -> str:
    pct = (x["rate_ratio"] - 1.0) * 100
    bill, contract = _raw(row, "bill_rate"), _raw(row, "contract_rate")
    if np.isfinite(bill) and np.isfinite(contract):
        return (
            f"Billed rate {_money(bill)} is {pct:.0f}% above the contract rate {_money(contract)}."
        )
    return f"Billed rate is {pct:.0f}% above the contract rate."


def _over_message(x: dict[str, float], row: Mapping[str, Any], f: InvoiceFeatures) -> str:
    pct = (x["over_contract"] - 1.0) * 100
    billed, value = _raw(row, "billed_to_date"), _raw(row, "contract_value")
    if np.isfinite(billed) and np.isfinite(value):
        return (
            f"Billed to date {_money(billed)} exceeds the contract value / not-to-exceed "
            f"{_money(value)} by {pct:.0f}%."
        )
    return f"Billing exceeds the contract value / not-to-exceed by {pct:.0f}%."


def _history_neutral(v: dict[str, np.ndarray], f: InvoiceFeatures) -> dict[str, np.ndarray]:
    outcomes = v["prior_outcomes"]
    return {
        "prior_dispute_rate": np.full(len(outcomes), f.base_rate_),
        "prior_disputes": outcomes * f.base_rate_,
    }


def _history_message(x: dict[str, float], row: Mapping[str, Any], f: InvoiceFeatures) -> str:
    d, o = round(x["prior_disputes"]), int(x["prior_outcomes"])
    return (
        f"Client disputed {d} of its {o} earlier invoices with a known outcome "
        f"(firm-wide rate {f.base_rate_:.0%})."
    )


def _new_client_neutral(v: dict[str, np.ndarray], f: InvoiceFeatures) -> dict[str, np.ndarray]:
    n = len(v["first_invoice"])
    out = {k: np.full(n, _ref(f, k)) for k in
           ("prior_invoices", "days_since_last_invoice", "prior_outcomes")}
    out["first_invoice"] = np.zeros(n)
    out["amount_vs_client_mean"] = np.ones(n)
    out["prior_dispute_rate"] = np.full(n, f.base_rate_)
    out["prior_disputes"] = out["prior_outcomes"] * f.base_rate_
    return out


FACTORS: tuple[Factor, ...] = (
    Factor(
        "missing_po", ("missing_po",),
        lambda v, f: v["missing_po"] == 1.0, _const(missing_po=0.0),
        lambda x, r, f: "The invoice has no purchase-order (PO) number.",
    ),
    Factor(
        "rate_above_contract", ("rate_ratio",),
        lambda v, f: v["rate_ratio"] > 1.005, _const(rate_ratio=1.0), _rate_message,
    ),
    Factor(
        "over_contract_value", ("over_contract",),
        lambda v, f: v["over_contract"] > 1.0,
        lambda v, f: {"over_contract": np.full(len(v["over_contract"]), 0.95)},
        _over_message,
    ),
    Factor(
        "milestone_not_accepted", ("milestone_unaccepted",),
        lambda v, f: v["milestone_unaccepted"] == 1.0, _const(milestone_unaccepted=0.0),
        lambda x, r, f: "A milestone is billed before the client accepted it.",
    ),
    Factor(
        "late_billing", ("days_work_to_invoice",),
        lambda v, f: v["days_work_to_invoice"] > 45, _to_ref("days_work_to_invoice"),
        lambda x, r, f: (
            f"The work was done {x['days_work_to_invoice']:.0f} days before it is invoiced."
        ),
    ),
    Factor(
        "change_order_pending", ("change_order_pending",),
        lambda v, f: v["change_order_pending"] == 1.0, _const(change_order_pending=0.0),
        lambda x, r, f: "A change order on this work is still pending.",
    ),
    Factor(
        "client_dispute_history", ("prior_dispute_rate", "prior_disputes"),
        lambda v, f: (v["prior_disputes"] >= 1) & (v["prior_dispute_rate"] > f.base_rate_ * 1.2),
        _history_neutral, _history_message,
    ),
    Factor(
        "many_line_items", ("line_items",),
        lambda v, f: v["line_items"] >= 15, _to_ref("line_items"),
        lambda x, r, f: f"The invoice has {x['line_items']:.0f} line items.",
    ),
    Factor(
        "new_client",
        ("first_invoice", "prior_invoices", "days_since_last_invoice", "prior_outcomes",
         "amount_vs_client_mean", "prior_dispute_rate", "prior_disputes"),
        lambda v, f: v["first_invoice"] == 1.0, _new_client_neutral,
        lambda x, r, f: "This is the first invoice to this client.",
    ),
    Factor(
        "unusual_amount", ("amount_vs_client_mean",),
        lambda v, f: v["amount_vs_client_mean"] >= 2.0, _const(amount_vs_client_mean=1.0),
        lambda x, r, f: (
            f"The amount is {x['amount_vs_client_mean']:.1f} times this client's average invoice."
        ),
    ),
    Factor(
        "paper_invoice", ("paperless",),
        lambda v, f: v["paperless"] == 0.0, _const(paperless=1.0),
        lambda x, r, f: "The invoice is delivered on paper rather than electronically.",
    ),
    Factor(
        "payment_terms", ("terms_days",),
        lambda v, f: np.abs(v["terms_days"] - _ref(f, "terms_days")) >= 10, _to_ref("terms_days"),
        lambda x, r, f: (
            f"Payment terms of {x['terms_days']:.0f} days differ from the usual "
            f"{_ref(f, 'terms_days'):.0f}."
        ),
    ),
)


def _parts(pipeline: Pipeline) -> tuple[InvoiceFeatures, Any, Any]:
    """The feature step, the calibrated classifier, and the single inner booster."""
    features = pipeline.named_steps["features"]
    classifier = pipeline.steps[-1][1]
    inner = classifier
    calibrated = getattr(classifier, "calibrated_classifiers_", None)
    if calibrated:
        inner = calibrated[0].estimator
    return features, classifier, inner


def _calibrate(classifier: Any, logits: np.ndarray, F: np.ndarray) -> np.ndarray:
    """Calibrated P(disputed) from the booster's log-odds already computed for the reasons.

    Saves a second pass through the trees; falls back to ``predict_proba`` for any classifier
    that is not a single-booster binary ``CalibratedClassifierCV``.
    """
    calibrated = getattr(classifier, "calibrated_classifiers_", None)
    if (
        calibrated is not None
        and len(calibrated) == 1
        and len(getattr(classifier, "classes_", ())) == 2
        and getattr(calibrated[0], "method", None) in ("sigmoid", "isotonic")
        and len(calibrated[0].calibrators) == 1
    ):
        return np.clip(calibrated[0].calibrators[0].predict(logits), 0.0, 1.0)
    return np.asarray(classifier.predict_proba(F)[:, 1], dtype=np.float64)


def explain(
    pipeline: Pipeline,
    X: Any,
    *,
    top: int = 3,
    min_log_odds: float = 0.15,
) -> tuple[np.ndarray, list[list[dict[str, str]]]]:
    """Calibrated dispute risk per row and up to ``top`` reasons (largest contribution first).

    A factor becomes a reason when removing it lowers the booster's log-odds by at least
    ``min_log_odds``; factors that would *lower* the risk are not reported.
    """
    features, classifier, inner = _parts(pipeline)
    F = features.transform(X)
    n = F.shape[0]
    reasons: list[list[dict[str, str]]] = [[] for _ in range(n)]
    if n == 0:
        return np.zeros(0), reasons
    index = {name: j for j, name in enumerate(features.feature_names_)}
    columns = {name: F[:, j] for name, j in index.items()}
    variants: list[np.ndarray] = []
    owners: list[tuple[Factor, np.ndarray]] = []
    used = used_features(inner)
    with np.errstate(invalid="ignore"):
        for factor in FACTORS:
            if not all(name in index for name in factor.features):
                continue
            if used is not None and not any(index[name] in used for name in factor.features):
                continue  # no tree reads it: neutralizing it cannot change the risk
            rows = np.flatnonzero(factor.active(columns, features))
            if len(rows) == 0:
                continue
            sub = {k: v[rows] for k, v in columns.items()}
            block = F[rows].copy()
            for name, value in factor.neutral(sub, features).items():
                if name in index:
                    block[:, index[name]] = value
            variants.append(block)
            owners.append((factor, rows))
    stacked = np.vstack([F, *variants]) if variants else F
    logits = log_odds(inner, stacked)
    base = logits[:n]
    risk = _calibrate(classifier, base, F)
    offset = n
    found: list[list[tuple[float, Factor, int]]] = [[] for _ in range(n)]
    for factor, rows in owners:
        delta = base[rows] - logits[offset : offset + len(rows)]
        offset += len(rows)
        for r, d in zip(rows.tolist(), delta.tolist(), strict=True):
            if d >= min_log_odds:
                found[r].append((d, factor, r))
    cols: dict[str, np.ndarray] | None = None
    for r in range(n):
        if not found[r]:
            continue
        if cols is None:
            cols = as_columns(X)[0]
        found[r].sort(key=lambda t: -t[0])
        values = _FeatureRow(F, r, index)
        raw = _RawRow(cols, r)
        reasons[r] = [
            {"code": factor.code, "message": factor.message(values, raw, features)}
            for _, factor, _ in found[r][:top]
        ]
    return risk, reasons


class _FeatureRow(dict):  # type: ignore[type-arg]
    """Feature values of one row, read on demand (messages need two or three of them)."""

    def __init__(self, F: np.ndarray, r: int, index: Mapping[str, int]) -> None:
        super().__init__()
        self._F, self._r, self._index = F, r, index

    def __missing__(self, name: str) -> float:
        return float(self._F[self._r, self._index[name]])


class _RawRow(dict):  # type: ignore[type-arg]
    """The invoice's own input values of one row, read on demand."""

    def __init__(self, cols: Mapping[str, np.ndarray], r: int) -> None:
        super().__init__()
        self._cols, self._r = cols, r

    def get(self, key: str, default: Any = None) -> Any:
        column = self._cols.get(key)
        return default if column is None else column[self._r]


def predict_risk(pipeline: Pipeline, X: Any) -> np.ndarray:
    """Calibrated dispute probabilities only (no reasons), e.g. for evaluation."""
    return np.asarray(pipeline.predict_proba(X)[:, 1], dtype=np.float64)


__all__ = [
    "DEFAULT_PARAMS",
    "FACTORS",
    "MODEL_NAME",
    "build_pipeline",
    "explain",
    "predict_risk",
    "risk_band",
    "risk_bands",
]
