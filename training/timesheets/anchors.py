"""The two reference detectors the timesheet model has to beat, computed on the same split.

- :func:`isolation_forest_anchor`: a plain IsolationForest on hours, weekday, daily total and
  the person's z-score (mean/std over all rows the scorer can see), the usual first attempt.
- :func:`hand_rules_anchor`: a quick set of firm-wide domain rules (no per-person learning):
  long days, weekends/holidays, exact duplicates (both copies), big entries, late submission,
  dates outside the project, budget overrun, unstaffed, runs of identical round numbers.
  The score is the number of rules that fire, with hours as a tie-breaker.

Both take a training frame and a test frame (which may carry ``_context`` history rows) and
return scores for the test frame's non-context rows, so they are judged exactly like the model.
They use plain pandas on purpose, sharing no code with the model's features.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest

from service.scoring.timesheets.columns import CONTEXT, coerce_entries


def _scored_mask(frame: pd.DataFrame) -> np.ndarray:
    if CONTEXT in frame.columns:
        return ~frame[CONTEXT].fillna(False).astype(bool).to_numpy()
    return np.ones(len(frame), dtype=bool)


def _if_features(frame: pd.DataFrame) -> np.ndarray:
    df = coerce_entries(frame)
    daily = df.groupby(["consultant_id", "work_date"])["hours"].transform("sum")
    mean = df.groupby("consultant_id")["hours"].transform("mean")
    std = df.groupby("consultant_id")["hours"].transform("std").fillna(1.0).clip(lower=0.1)
    return np.column_stack(
        [
            df["hours"].to_numpy(),
            df["work_date"].dt.day_of_week.to_numpy(),
            daily.to_numpy(),
            ((df["hours"] - mean) / std).to_numpy(),
        ]
    )


def isolation_forest_anchor(train: pd.DataFrame, test: pd.DataFrame, seed: int = 0) -> np.ndarray:
    """Scores (higher = more anomalous) of the plain IsolationForest anchor."""
    forest = IsolationForest(n_estimators=100, random_state=seed, n_jobs=1)
    forest.fit(_if_features(train))
    scores = -forest.score_samples(_if_features(test))
    return np.asarray(scores[_scored_mask(test)])


def hand_rules_anchor(train: pd.DataFrame, test: pd.DataFrame) -> np.ndarray:
    """Scores of the firm-wide hand rules (``train`` only sets the 'big entry' level)."""
    del train
    df = coerce_entries(test).reset_index(drop=True)
    rules: list[pd.Series] = []
    daily = df.groupby(["consultant_id", "work_date"])["hours"].transform("sum")
    rules.append(daily > 12)
    weekend = df["work_date"].dt.day_of_week >= 5
    if "is_holiday" in df.columns:
        weekend = weekend | (df["is_holiday"] == 1)
    rules.append(weekend)
    keys = ["consultant_id", "project_id", "work_date", "hours"]
    rules.append(df.duplicated(keys, keep=False))
    rules.append(df["hours"] > 2 * df["hours"].median())
    if "submitted_at" in df.columns:
        rules.append((df["submitted_at"] - df["work_date"]).dt.days > 14)
    if "project_end_date" in df.columns:
        rules.append(df["work_date"] > df["project_end_date"])
    if "project_start_date" in df.columns:
        rules.append(df["work_date"] < df["project_start_date"])
    if "project_budget_hours" in df.columns:
        ordered = df.sort_values(["project_id", "work_date"], kind="stable")
        cum = ordered.groupby("project_id")["hours"].cumsum().reindex(df.index)
        rules.append(cum > df["project_budget_hours"])
    if "planned_hours" in df.columns:
        rules.append(df["planned_hours"] == 0)
    ordered = df.sort_values(["consultant_id", "project_id", "work_date"], kind="stable")
    change = (ordered[["consultant_id", "project_id", "hours"]].shift() != ordered[
        ["consultant_id", "project_id", "hours"]
    ]).any(axis=1)
    run_len = ordered.groupby(change.cumsum())["hours"].transform("size").reindex(df.index)
    rules.append((run_len >= 5) & (np.mod(df["hours"], 1) == 0))
    fired = np.column_stack([r.fillna(False).to_numpy(dtype=bool) for r in rules]).sum(axis=1)
    score = fired + df["hours"].to_numpy() / 1000.0
    return np.asarray(score[_scored_mask(df)])
