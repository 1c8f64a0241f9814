"""How ``tollgate train invoices`` loads, splits, fits and judges the dispute-risk model.

Default data is the seeded generator (:mod:`training.invoices.generator`); ``--data FILE`` reads
any CSV / JSON Lines export, mapped with ``--map SRC=DST`` and ``--label COL`` through
:func:`training.mapping.apply_mapping`. Only columns that map are used. The split is by
invoice date (the newest 20% are held out), because the model will always score invoices newer
than everything it learned from, and client history must not see the future.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score

from service.scoring.invoices.columns import (
    BOOL_COLUMNS,
    CANONICAL,
    DATE_COLUMNS,
    LABEL,
    NUMERIC_COLUMNS,
    REQUIRED,
)
from service.scoring.invoices.model import DEFAULT_PARAMS, MODEL_NAME, build_pipeline, predict_risk
from service.table_files import read_table
from training.invoices.generator import generate_invoices
from training.mapping import apply_mapping
from training.spec import DataOptions, Evaluation, LoadedData, ModelSpec

TEST_FRACTION = 0.2
DEFAULT_CLIENTS = 800


def canonicalize(
    frame: pd.DataFrame, mapping: Mapping[str, str] | None = None, label: str | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Map and coerce ``frame`` to the canonical invoice schema (idempotent on canonical data)."""
    return apply_mapping(
        frame,
        mapping or {},
        label=label,
        canonical=CANONICAL,
        label_target=LABEL,
        date_columns=DATE_COLUMNS,
        bool_columns=BOOL_COLUMNS,
        numeric_columns=NUMERIC_COLUMNS,
    )


def read_for_scoring(
    path: str | Path, mapping: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A file to score (``tollgate score invoices FILE --map SRC=DST``), mapped like training.

    Returns canonical rows (a label column, if any, is dropped) for
    :func:`service.scoring.invoices.service.score_invoices`, and the mapping report whose
    ``unknown_columns`` and ``coercion`` the CLI prints (never fatal).
    """
    frame, report = canonicalize(read_table(Path(path), skip_initial_space=True), mapping)
    return frame.drop(columns=[LABEL], errors="ignore"), report


def load(options: DataOptions) -> LoadedData:
    """Canonical labeled invoices: generator output by default, else the mapped ``--data`` file.

    Raises ``ValueError`` when a required column or the label cannot be found (after mapping);
    rows without a label or a readable invoice date are dropped and counted in the report.
    """
    if options.path is None:
        raw = generate_invoices(DEFAULT_CLIENTS, seed=options.seed)
        source = f"generator(n_clients={DEFAULT_CLIENTS}, seed={options.seed})"
    else:
        raw = read_table(Path(options.path), skip_initial_space=True)
        source = str(options.path)
    frame, report = canonicalize(raw, options.mapping, options.label)
    report["source"] = source
    missing = [c for c in ("client_id", "invoice_date") if c not in frame.columns]
    if LABEL not in frame.columns:
        missing.append(f"{LABEL} (pass --label COL)")
    if missing:
        raise ValueError(
            "cannot train invoices without: " + ", ".join(missing)
            + "; map them with --map SRC=DST"
        )
    before = len(frame)
    frame = frame[frame[LABEL].notna() & frame["invoice_date"].notna()].copy()
    frame[LABEL] = frame[LABEL].astype(bool)
    report["rows_read"] = before
    report["rows_dropped"] = before - len(frame)
    report["rows"] = len(frame)
    report["features_from"] = [c for c in CANONICAL if c in frame.columns]
    report["missing_required"] = [c for c in REQUIRED if c not in frame.columns]
    return LoadedData(frame=frame.reset_index(drop=True), report=report)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    if not pd.api.types.is_datetime64_any_dtype(frame["invoice_date"]) or any(
        c in frame.columns and frame[c].dtype == object for c in BOOL_COLUMNS
    ):
        frame, _ = canonicalize(frame)  # feedback rows may arrive as strings
    frame = frame[frame["invoice_date"].notna()]  # e.g. merged feedback with an unreadable date
    if LABEL in frame.columns:
        frame = frame[frame[LABEL].notna()]
    return frame.sort_values("invoice_date", kind="stable").reset_index(drop=True)


def split(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Time-ordered split: invoices on or after the 80th-percentile date form the test set.

    Cutting on a date (not a row count) keeps same-day invoices on one side.
    """
    ordered = _ordered(frame)
    cut = ordered["invoice_date"].iloc[int(len(ordered) * (1 - TEST_FRACTION))]
    train = ordered[ordered["invoice_date"] < cut]
    test = ordered[ordered["invoice_date"] >= cut]
    if train.empty or test.empty:
        raise ValueError("need invoices on at least two different dates to split by time")
    return train.reset_index(drop=True), test.reset_index(drop=True)


def features_and_label(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Canonical input columns and the 0/1 label."""
    X = frame[[c for c in CANONICAL if c in frame.columns]]
    y = frame[LABEL].astype(bool).to_numpy().astype(int)
    return X, y


def fit(train: pd.DataFrame, params: Mapping[str, Any] | None = None) -> Any:
    """The fitted pipeline (features with client profiles + calibrated boosting)."""
    from threadpoolctl import threadpool_limits

    ordered = _ordered(train)
    X, y = features_and_label(ordered)
    if len(np.unique(y)) < 2:
        raise ValueError("the training data has only one class of the label")
    # One OpenMP thread: the machine is shared, and on 2 cores extra boosting threads mostly
    # wait for each other (measured: 2 s with one thread, up to 26 s with contention).
    with threadpool_limits(1, user_api="openmp"):
        return build_pipeline({**DEFAULT_PARAMS, **(params or {})}).fit(X, y)


def metrics_for(y: np.ndarray, risk: np.ndarray) -> dict[str, float]:
    """Held-out quality: ranking (ROC-AUC, AP) and calibration (Brier vs the base rate's)."""
    base_rate = float(np.mean(y))
    brier = float(brier_score_loss(y, risk))
    base_brier = base_rate * (1 - base_rate)
    two_classes = len(np.unique(y)) == 2
    return {
        "roc_auc": float(roc_auc_score(y, risk)) if two_classes else float("nan"),
        "average_precision": float(average_precision_score(y, risk)) if two_classes else float("nan"),
        "brier": brier,
        "brier_base_rate": base_brier,
        "brier_skill": 1 - brier / base_brier if base_brier > 0 else float("nan"),
        "log_loss": float(log_loss(y, np.clip(risk, 1e-6, 1 - 1e-6), labels=[0, 1])),
        "base_rate": base_rate,
        "mean_risk": float(np.mean(risk)),
        "n_test": float(len(y)),
    }


def evaluate(pipeline: Any, test: pd.DataFrame) -> Evaluation:
    """Metrics on the held-out (later) invoices, plus the calibration curve for the plots."""
    ordered = _ordered(test)
    X, y = features_and_label(ordered)
    risk = predict_risk(pipeline, X)
    metrics = metrics_for(y, risk)
    extra: dict[str, Any] = {}
    if len(np.unique(y)) == 2:
        prob_true, prob_pred = calibration_curve(y, risk, n_bins=10, strategy="quantile")
        extra["calibration"] = {"prob_pred": prob_pred.tolist(), "prob_true": prob_true.tolist()}
    return Evaluation(metrics=metrics, y_true=y.tolist(), y_score=risk.tolist(), extra=extra)


def input_example(frame: pd.DataFrame) -> pd.DataFrame:
    """A few raw canonical rows as a caller sends them (ISO date strings, no label)."""
    example = frame[[c for c in CANONICAL if c in frame.columns]].head(3).copy()
    for column in example.columns:
        if pd.api.types.is_datetime64_any_dtype(example[column]):
            example[column] = example[column].dt.strftime("%Y-%m-%d")
        elif str(example[column].dtype) == "boolean":
            example[column] = example[column].astype(object).where(example[column].notna(), None)
    return example


def _as_label(value: Any) -> bool | None:
    if isinstance(value, Mapping):
        value = value.get(LABEL, value.get("value"))
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "disputed"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "no", "0", "not_disputed"):
        return False
    return None


def feedback_rows(decisions: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Reviewer decisions on ``dispute_risk`` items -> labeled canonical invoice rows.

    The invoice is ``payload["invoice"]`` or the payload itself. ``accept`` (the reviewer
    agrees the invoice is at risk / was disputed) is a positive, ``reject`` a negative,
    ``correct`` takes ``corrected_value`` (a bool, "yes"/"no" or ``{"disputed": bool}``).
    """
    rows: list[dict[str, Any]] = []
    for decision in decisions:
        if decision.get("kind") not in (None, "dispute_risk"):
            continue
        payload = decision.get("payload") or {}
        invoice = payload.get("invoice", payload) if isinstance(payload, Mapping) else {}
        verdict = str(decision.get("decision", "")).lower()
        label: bool | None
        if verdict == "accept":
            label = True
        elif verdict == "reject":
            label = False
        elif verdict == "correct":
            label = _as_label(decision.get("corrected_value"))
        else:
            label = None
        if label is None:
            continue
        row = {c: invoice.get(c) for c in CANONICAL if c in invoice}
        if any(row.get(c) in (None, "") for c in REQUIRED):
            continue
        row[LABEL] = label
        rows.append(row)
    out = pd.DataFrame(rows, columns=[*CANONICAL, LABEL])
    if out.empty:
        return out
    out = out.dropna(axis=1, how="all")
    frame, _ = canonicalize(out)
    return frame


SPEC = ModelSpec(
    name=MODEL_NAME,
    primary_metric="roc_auc",
    load=load,
    split=split,
    fit=fit,
    evaluate=evaluate,
    input_example=input_example,
    feedback_rows=feedback_rows,
    params=DEFAULT_PARAMS,
    description=(
        "Invoice dispute risk: leak-free per-client history and invoice features, "
        "HistGradientBoosting with sigmoid calibration, per-factor reasons."
    ),
)

__all__ = [
    "SPEC",
    "canonicalize",
    "evaluate",
    "feedback_rows",
    "fit",
    "input_example",
    "load",
    "metrics_for",
    "read_for_scoring",
    "read_table",
    "split",
]
