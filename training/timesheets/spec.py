"""How the shared training runner trains and judges the timesheet anomaly model.

``SPEC`` is what ``tollgate train timesheets`` uses: default data is the generator's firm;
``--data`` takes any CSV/JSON Lines file or folder, mapped with ``--map``/``--label`` onto the
canonical entry schema (unknown columns are reported in the load report, never fatal). The
split is time-ordered by ``work_date`` and the held-out frame carries the earlier rows as
unlabeled ``_context`` history (see ``data.time_split``), so ``evaluate`` scores exactly as the
service does. Without a label column the detector trains unsupervised (IsolationForest + checks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from service.scoring.timesheets.columns import CANONICAL, CONTEXT, KIND, LABEL, REQUIRED
from service.scoring.timesheets.model import MODEL_NAME, build_pipeline
from training.spec import DataOptions, Evaluation, LoadedData, ModelSpec
from training.timesheets.data import (
    default_frame,
    features_only,
    map_frame,
    read_table,
    time_split,
)
from training.timesheets.evaluation import evaluate_frame, scored_part

PARAMS: dict[str, Any] = {"check_weight": 0.5, "cap_hours": 13.0, "late_days": 30.0}


def load(options: DataOptions) -> LoadedData:
    """Generator output by default, else the mapped file/folder at ``options.path``."""
    if options.path is None:
        frame = default_frame(seed=7 if options.seed == 42 else options.seed)
        return LoadedData(frame, {"source": "generator", "rows": len(frame)})
    raw = read_table(options.path)
    frame, report = map_frame(raw, options.mapping, options.label)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValueError(f"required timesheet columns missing after mapping: {missing}")
    before = len(frame)
    frame = frame.dropna(subset=list(REQUIRED)).reset_index(drop=True)
    report.update({"source": str(options.path), "rows": len(frame), "dropped_rows": before - len(frame)})
    return LoadedData(frame, report)


def split(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Time-ordered: train on the first 75 % of dates; test = train as context + the rest."""
    return time_split(frame)


def fit_pipeline(frame: pd.DataFrame, **params: Any) -> Any:
    """Fit the full pipeline on labeled (or unlabeled) canonical rows."""
    merged = {**PARAMS, **params}
    pipeline = build_pipeline(**merged)
    rows = frame.loc[~frame[CONTEXT].astype(bool)] if CONTEXT in frame.columns else frame
    y = rows[LABEL].astype(bool).to_numpy() if LABEL in rows.columns else None
    pipeline.fit(features_only(rows).reset_index(drop=True), y)
    return pipeline


def fit(frame: pd.DataFrame) -> Any:
    """``ModelSpec.fit``: the pipeline with the default parameters."""
    return fit_pipeline(frame)


def evaluate(pipeline: Any, frame: pd.DataFrame) -> Evaluation:
    """Held-out ROC-AUC, AP, precision/recall at 0.5, recall per kind, and both anchors."""
    result = evaluate_frame(pipeline, frame)
    metrics: dict[str, float] = dict(result["model"])
    for anchor in ("anchor_isolation_forest", "anchor_hand_rules"):
        for key, value in result.get(anchor, {}).items():
            metrics[f"{anchor}_{key}"] = value
    return Evaluation(
        metrics=metrics,
        y_true=list(result["y_true"]),
        y_score=list(result["y_score"]),
        extra={"threshold": 0.5},
    )


def input_example(frame: pd.DataFrame) -> pd.DataFrame:
    """A few raw canonical rows, as a caller would send them."""
    rows = scored_part(frame) if CONTEXT in frame.columns else frame
    cols = [c for c in CANONICAL if c in rows.columns]
    example = rows[cols].head(5).copy()
    for col in example.columns:
        if pd.api.types.is_datetime64_any_dtype(example[col]):
            example[col] = example[col].dt.strftime("%Y-%m-%d")
    return example


def feedback_rows(decisions: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Reviewer decisions on ``timesheet_anomaly`` items -> labeled canonical rows.

    Each decision is a mapping with ``decision`` ("accept" | "reject" | "correct") and the
    item's ``payload``; the entry is ``payload["entry"]`` or the payload itself. An accepted
    item is a positive (its kind is the first reason code), a rejected one a negative;
    ``correct`` with ``corrected_value`` true/false sets the label explicitly.
    """
    rows: list[dict[str, Any]] = []
    for decision in decisions:
        kind_of_item = decision.get("kind")
        if kind_of_item not in (None, "timesheet_anomaly"):
            continue
        payload = decision.get("payload") or {}
        entry = dict(payload.get("entry", payload))
        verdict = str(decision.get("decision", "")).lower()
        if verdict == "accept":
            label = True
        elif verdict == "reject":
            label = False
        elif verdict == "correct" and isinstance(decision.get("corrected_value"), bool):
            label = bool(decision["corrected_value"])
        else:
            continue
        reasons = payload.get("reasons") or entry.get("reasons") or []
        kind = reasons[0].get("code", "reviewer") if reasons and label else ""
        row = {c: entry.get(c) for c in CANONICAL if c in entry}
        if not all(row.get(c) is not None for c in REQUIRED):
            continue
        row[LABEL] = label
        row[KIND] = kind if label else ""
        rows.append(row)
    columns = [*CANONICAL, LABEL, KIND]
    out = pd.DataFrame(rows, columns=columns)
    return out.dropna(axis=1, how="all") if len(out) else out[[*REQUIRED, LABEL, KIND]]


SPEC = ModelSpec(
    name=MODEL_NAME,
    primary_metric="average_precision",
    load=load,
    split=split,
    fit=fit,
    evaluate=evaluate,
    input_example=input_example,
    feedback_rows=feedback_rows,
    params=PARAMS,
    description=(
        "Timesheet anomaly detector: per-consultant context features, IsolationForest + "
        "HistGradientBoosting, combined with deterministic reason checks."
    ),
)

__all__ = ["SPEC", "evaluate", "feedback_rows", "fit", "fit_pipeline", "load", "split"]

