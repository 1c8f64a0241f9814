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

import numpy as np
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

# Tree node storage of the detector's forest and booster. skops asks for these to be named
# explicitly; we trust them because we produce these files ourselves (bundled or via our runner).
TRUSTED_SKLEARN_TYPES: tuple[str, ...] = (
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn.tree._tree.Tree",
)

PARAMS: dict[str, Any] = {"check_weight": 0.6, "cap_hours": 13.0, "late_days": 30.0}


def load(options: DataOptions) -> LoadedData:
    """Generator output by default, else the mapped file/folder at ``options.path``."""
    if options.path is None:
        frame = default_frame(seed=options.seed)
        return LoadedData(frame, {"source": "generator", "rows": len(frame)})
    files = (
        sorted([*options.path.glob("*.csv"), *options.path.glob("*.jsonl")])
        if options.path.is_dir() else [options.path]
    )
    frames: list[pd.DataFrame] = []
    report: dict[str, Any] = {"files": [], "skipped_files": {}}
    for file in files:
        mapped, file_report = map_frame(read_table(file), options.mapping, options.label)
        missing = [c for c in REQUIRED if c not in mapped.columns]
        if missing:
            # a folder may hold context files (projects, staffing): not entries, skip them
            report["skipped_files"][file.name] = f"no {', '.join(missing)}"
            continue
        report["files"].append(file.name)
        for key, value in file_report.items():
            if isinstance(value, list):
                report.setdefault(key, [])
                report[key] += [v for v in value if v not in report[key]]
            elif isinstance(value, dict):
                report.setdefault(key, {}).update(value)
            elif value is not None:
                report.setdefault(key, value)
        frames.append(mapped)
    if not frames:
        raise ValueError(
            f"no timesheet entries in {options.path}: every file lacks a required column "
            f"({', '.join(REQUIRED)}); use --map SRC=DST"
        )
    frame = pd.concat(frames, ignore_index=True)
    before = len(frame)
    frame = frame.dropna(subset=list(REQUIRED))
    dropped = before - len(frame)
    before = len(frame)
    frame = frame.drop_duplicates(subset=["entry_id"], keep="first").reset_index(drop=True)
    report["missing"] = [c for c in CANONICAL if c not in frame.columns]
    report.update(
        {
            "source": str(options.path),
            "rows": len(frame),
            "dropped_rows": dropped,
            "duplicate_entry_ids_dropped": before - len(frame),
        }
    )
    return LoadedData(frame, report)


def split(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Time-ordered: train on the first 75 % of dates; test = train as context + the rest."""
    return time_split(frame)


# Columns a bare export often lacks; the detector is also trained on a copy without them so
# that it keeps working (on the remaining signals) when a firm cannot send them.
CONTEXT_COLUMNS: tuple[str, ...] = (
    "project_start_date", "project_end_date", "project_budget_hours", "planned_hours",
    "is_holiday", "country", "role", "bill_rate",
)


def fit_pipeline(frame: pd.DataFrame, *, augment_bare: bool = True, **params: Any) -> Any:
    """Fit the full pipeline on labeled (or unlabeled) canonical rows.

    The feature step learns baselines from the full rows. With labels and ``augment_bare``,
    the detector is fitted on the features of the rows twice: as given, and with the optional
    project/calendar columns removed, so missing columns at scoring time are a situation the
    model has seen rather than a shift it never trained on.
    """
    merged = {**PARAMS, **params}
    pipeline = build_pipeline(**merged)
    rows = frame.loc[~frame[CONTEXT].astype(bool)] if CONTEXT in frame.columns else frame
    rows = rows.reset_index(drop=True)
    y = rows[LABEL].astype(bool).to_numpy() if LABEL in rows.columns else None
    X = features_only(rows)
    if y is None or not augment_bare:
        pipeline.fit(X, y)
        return pipeline
    features = pipeline.named_steps["features"].fit(X)
    bare = X.drop(columns=[c for c in CONTEXT_COLUMNS if c in X.columns])
    if bare.shape[1] == X.shape[1]:
        Xt, yt = features.transform(X), y
    else:
        Xt = pd.concat([features.transform(X), features.transform(bare)], ignore_index=True)
        yt = np.concatenate([y, y])
    pipeline.named_steps["detector"].fit(Xt, yt)
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

