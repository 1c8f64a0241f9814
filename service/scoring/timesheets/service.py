"""Scoring timesheet entries: validate rows, score in context, explain.

Plain functions (no HTTP, no database) so the router, the CLI, training and tests share them.
The caller passes the fitted pipeline and, optionally, stored history for the same consultants
and projects (earlier requests); the history gives context (baselines, duplicates across
requests, budget consumed so far) but is never scored or returned.

A bad row never fails the batch: it is reported with its row number (0-based position in the
input, i.e. ``entries[row]``) and the rest is scored. Unknown columns are reported and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from service.scoring.cells import NOT_A_SINGLE_VALUE, nested_cells
from service.scoring.timesheets.checks import explain, pattern_reason
from service.scoring.timesheets.columns import (
    CANONICAL,
    CONTEXT,
    DATETIME_COLUMNS,
    NUMERIC_COLUMNS,
    REQUIRED,
    coerce_entries,
)
from service.scoring.timesheets.model import MODEL_NAME, score_frame

MAX_HOURS = 24.0
MAX_ID_LENGTH = 200  # the stored id columns' width
_ROW = "_row"


@dataclass
class ValidatedRows:
    """Rows that can be scored (canonical columns, ``_row`` = input position) and the rest."""

    frame: pd.DataFrame
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)


@dataclass
class ScoreBatch:
    """The outcome of one scoring call, shaped like the endpoint's response."""

    results: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    unknown_columns: list[str]
    model: dict[str, str]
    warnings: list[dict[str, Any]] = field(default_factory=list)
    threshold: float = 0.5
    # the scored rows in ``coerce_entries`` form (what the service stores as history)
    frame: pd.DataFrame | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (``review_items`` is filled in by the router)."""
        return {
            "results": self.results,
            "errors": self.errors,
            "warnings": self.warnings,
            "unknown_columns": self.unknown_columns,
            "model": self.model,
            "threshold": self.threshold,
            "review_items": [],
        }


def _as_frame(rows: Sequence[Mapping[str, Any]] | pd.DataFrame) -> pd.DataFrame:
    if isinstance(rows, pd.DataFrame):
        return rows.reset_index(drop=True)
    return pd.DataFrame.from_records(list(rows))


# what ``infer_dtype`` calls a column that may hold strings (``.str`` refuses e.g. all-boolean)
_MAY_HOLD_TEXT = frozenset({"string", "empty", "mixed", "mixed-integer"})


def _blank(series: pd.Series) -> np.ndarray:
    """Missing values and empty or whitespace-only strings."""
    missing = np.array(series.isna().to_numpy(), dtype=bool)
    if (series.dtype == object or pd.api.types.is_string_dtype(series)) and (
        pd.api.types.infer_dtype(series, skipna=True) in _MAY_HOLD_TEXT
    ):
        empty = (series == "").to_numpy(dtype=bool, na_value=False)
        missing |= empty
        # whitespace-only values are rare: strip only the short strings that could be blank
        short = ~missing & (series.str.len() <= 3).to_numpy(dtype=bool, na_value=False)
        if short.any():
            stripped = series[short].astype("str").str.strip() == ""
            missing[np.flatnonzero(short)] |= stripped.to_numpy(dtype=bool, na_value=False)
    return missing


def _entry_id(frame: pd.DataFrame, row: int) -> str | None:
    if "entry_id" not in frame.columns:
        return None
    value = frame["entry_id"].iat[row]
    return None if pd.api.types.is_scalar(value) and pd.isna(value) else str(value)


def validate_rows(rows: Sequence[Mapping[str, Any]] | pd.DataFrame) -> ValidatedRows:
    """Check each row: required fields present, hours a number in 0..24, dates parseable.

    Returns the scorable rows (coerced to the canonical types) plus one error record per bad
    row (``{"row", "entry_id", "errors": [...]}``), warnings for optional values that could not
    be read (they are treated as missing), and the columns that are not in the schema.
    """
    raw = _as_frame(rows)
    unknown = [str(c) for c in raw.columns if c not in CANONICAL]
    known = raw[[c for c in raw.columns if c in CANONICAL]]
    n = len(known)
    problems: dict[int, list[str]] = {}

    def add(mask: np.ndarray, message: str) -> None:
        for i in np.flatnonzero(mask):
            problems.setdefault(int(i), []).append(message)

    for col in REQUIRED:
        if col not in known.columns:
            add(np.ones(n, dtype=bool), f"missing required field '{col}'")
        else:
            add(_blank(known[col]), f"missing required field '{col}'")
    for col in known.columns:
        nested = nested_cells(known[col])
        if nested is not None:
            add(nested, NOT_A_SINGLE_VALUE.format(column=col))
    for col in ("entry_id", "consultant_id", "project_id"):
        if col in known.columns:
            long = known[col].astype("str").str.len().to_numpy() > MAX_ID_LENGTH
            add(long, f"{col} is longer than {MAX_ID_LENGTH} characters")
    typed = coerce_entries(known)
    if "hours" in known.columns:
        given = ~_blank(known["hours"])
        hours = typed["hours"]
        add(given & hours.isna().to_numpy(), "hours is not a number")
        add(given & (hours < 0).to_numpy(), "hours below 0")
        add(given & (hours > MAX_HOURS).to_numpy(), f"hours above {MAX_HOURS:g}")
    if "work_date" in known.columns:
        given = ~_blank(known["work_date"])
        add(given & typed["work_date"].isna().to_numpy(), "work_date is not a date (YYYY-MM-DD or DD.MM.YYYY)")

    warnings: dict[int, list[str]] = {}
    for col in (*NUMERIC_COLUMNS, *DATETIME_COLUMNS, "project_start_date", "project_end_date",
                "billable", "is_holiday"):
        if col in REQUIRED or col not in known.columns:
            continue
        bad = ~_blank(known[col]) & typed[col].isna().to_numpy()
        for i in np.flatnonzero(bad):
            warnings.setdefault(int(i), []).append(f"{col} could not be read; treated as missing")

    if "entry_id" in known.columns:
        repeated = known["entry_id"].duplicated(keep="first").to_numpy() & ~_blank(known["entry_id"])
        for i in np.flatnonzero(repeated):
            warnings.setdefault(int(i), []).append("entry_id repeats an earlier row of this batch")
    errors = [
        {"row": i, "entry_id": _entry_id(known, i), "errors": problems[i]} for i in sorted(problems)
    ]
    warns = [
        {"row": i, "entry_id": _entry_id(known, i), "warnings": warnings[i]}
        for i in sorted(warnings)
    ]
    good = np.ones(n, dtype=bool)
    if problems:
        good[list(problems)] = False
    frame = typed.loc[good].copy()
    frame[_ROW] = np.flatnonzero(good)
    return ValidatedRows(frame.reset_index(drop=True), errors, warns, unknown)


def _history_frame(history: pd.DataFrame | None, request_ids: set[str]) -> pd.DataFrame | None:
    """Usable stored history: rows with the required fields readable, minus re-sent entries.

    History comes from Tollgate's own store (already validated once), so it is only coerced
    and filtered here, not reported on.
    """
    if history is None or not len(history):
        return None
    known = history[[c for c in history.columns if c in CANONICAL]]
    if any(c not in known.columns for c in REQUIRED):
        return None
    hist = coerce_entries(known)
    ok = hist[list(REQUIRED)].notna().all(axis=1) & hist["hours"].between(0, MAX_HOURS)
    if request_ids:
        ok &= ~hist["entry_id"].isin(request_ids)
    return hist.loc[ok]


def score_entries(
    pipeline: Any,
    rows: Sequence[Mapping[str, Any]] | pd.DataFrame,
    *,
    history: pd.DataFrame | None = None,
    threshold: float = 0.5,
    model: Mapping[str, str] | None = None,
) -> ScoreBatch:
    """Score entries: ``{"entry_id", "score", "anomaly", "reasons"}`` per valid row, input order.

    ``history``: earlier entries of the same consultants/projects (canonical columns); they are
    context only. Per-person baselines use a consultant's recent record once the frame holds
    40+ of their entries, and budget consumption counts only the billable hours present, so
    pass enough history (e.g. the last ~6 months of those consultants and projects).
    ``model``: ``{"name", "version"}`` reported back (defaults to the model name). Rows whose
    checks fire carry reasons even below the threshold; an anomaly always has at least one.
    """
    checked = validate_rows(rows)
    frame = checked.frame
    results: list[dict[str, Any]] = []
    stored = None
    if len(frame):
        ids = [str(v) for v in frame["entry_id"].tolist()]
        request_ids = set(ids)
        hist = _history_frame(history, request_ids)
        stored = frame.drop(columns=[_ROW])
        scored = stored.assign(**{CONTEXT: False})
        if hist is not None and len(hist):
            scored = pd.concat([hist.assign(**{CONTEXT: True}), scored], ignore_index=True)
        scores, rich = score_frame(pipeline, scored)
        params = pipeline.named_steps["features"].check_params()
        reasons = explain(rich, params)
        rounded = np.round(scores, 4)
        flagged = rounded >= threshold  # the flag agrees with the score the caller sees
        for i in np.flatnonzero(flagged):
            if not reasons[i]:
                reasons[i] = [pattern_reason(rich.iloc[int(i)].to_dict())]
        results = [
            {
                "entry_id": ids[i],
                "score": float(rounded[i]),
                "anomaly": bool(flagged[i]),
                "reasons": reasons[i],
            }
            for i in range(len(ids))
        ]
    info = dict(model) if model else {"name": MODEL_NAME, "version": "unknown"}
    return ScoreBatch(
        results=results,
        errors=checked.errors,
        unknown_columns=checked.unknown_columns,
        model=info,
        warnings=checked.warnings,
        threshold=threshold,
        frame=stored,
    )


WARM_UP_ROWS: tuple[dict[str, Any], ...] = (
    {"entry_id": "warm-up-1", "consultant_id": "warm-up", "project_id": "warm-up",
     "work_date": "2026-01-05", "hours": 8, "billable": True, "task": "delivery"},
    {"entry_id": "warm-up-2", "consultant_id": "warm-up", "project_id": "warm-up",
     "work_date": "2026-01-06", "hours": 7.5, "billable": True, "task": "delivery"},
)


def warm_up(pipeline: Any) -> None:
    """Score two made-up entries once at startup (nothing is stored): the first call through
    the validation, feature and model code costs several times a later one."""
    score_entries(pipeline, list(WARM_UP_ROWS))

