"""Score invoices for dispute risk: validate rows, run the pipeline, attach reasons and bands.

Plain functions with plain arguments (see ARCHITECTURE.md): the HTTP router, the CLI
(``tollgate score invoices``), the review queue and the benchmarks all call
:func:`score_invoices`. A bad row never fails the batch: it is reported with its row index
(0-based position in the input, as for timesheets) and left out of the results; unreadable
optional values are ignored and reported as warnings; unknown columns are listed once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from service.scoring.cells import NOT_A_SINGLE_VALUE, nested_cells
from service.scoring.invoices.columns import (
    BOOL_COLUMNS,
    CANONICAL,
    DATE_COLUMNS,
    LABEL,
    NUMERIC_COLUMNS,
    REQUIRED,
)
from service.scoring.invoices.features import (
    as_columns,
    to_bool_float,
    to_datetime64,
    to_days,
    to_float,
    to_text,
)
from service.scoring.invoices.model import explain, risk_bands

REVIEW_KIND = "dispute_risk"
GC_PAUSE_MIN_ROWS = 2000


@contextmanager
def _gc_paused(active: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector while a large batch allocates its result objects.

    Scoring 20,000 invoices creates ~100,000 small dicts and lists that hold no cycles; the
    collector's full passes over them (and over the caller's input rows) cost about a third of
    the batch time. Reference counting still frees everything. The collector is re-enabled only
    if this call disabled it, so concurrent batches and callers that manage GC stay correct.
    """
    paused = active and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@dataclass
class ScoreBatch:
    """What one scoring call returns (results in input order, minus the rejected rows)."""

    results: list[dict[str, Any]]
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    model: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON body of ``POST /v1/risk/invoices``."""
        return {
            "results": self.results,
            "errors": self.errors,
            "warnings": self.warnings,
            "unknown_columns": self.unknown_columns,
            "model": self.model,
        }


def _blank(values: np.ndarray) -> np.ndarray:
    """Missing or empty (None, NaN, NA, "")."""
    if values.dtype.kind == "f":
        return np.isnan(values)
    if values.dtype.kind in "iub":
        return np.zeros(len(values), dtype=bool)
    if values.dtype.kind == "M":
        return np.isnat(values)
    missing = np.asarray(pd.isna(values), dtype=bool)
    if pd.api.types.infer_dtype(values, skipna=True) in _NON_TEXT:
        return missing
    return to_text(values) == ""


_NON_TEXT = frozenset({"floating", "integer", "mixed-integer-float", "boolean", "empty", "decimal"})


def _validate(
    cols: Mapping[str, np.ndarray], n: int
) -> tuple[np.ndarray, dict[int, list[str]], dict[int, list[str]], dict[str, np.ndarray]]:
    """Row-level checks; returns (valid mask, errors by row, warnings by row, cleaned columns).

    Cleaned columns hold the parsed values (dates, numbers, booleans as floats), with
    unreadable optional values turned into missing ones, so the features see "unknown" rather
    than a wrong number and do not parse anything twice.
    """
    errors: dict[int, list[str]] = {}
    warnings: dict[int, list[str]] = {}

    def add(target: dict[int, list[str]], rows: np.ndarray, message: str) -> None:
        for r in np.flatnonzero(rows).tolist():
            target.setdefault(r, []).append(message)

    cols = dict(cols)
    for column, values in cols.items():
        # a list or object where a value belongs: that row's error, and a missing cell for the
        # parsers below
        nested = nested_cells(values)
        if nested is not None:
            add(errors, nested, NOT_A_SINGLE_VALUE.format(column=column))
            values = values.copy()
            values[nested] = None
            cols[column] = values
    clean = dict(cols)
    for column in REQUIRED:
        if column not in cols:
            add(errors, np.ones(n, dtype=bool), f"{column} is required")
            continue
        text = to_text(cols[column]) if column in ("invoice_id", "client_id") else None
        blank = text == "" if text is not None else _blank(cols[column])
        add(errors, blank, f"{column} is required")
        if text is not None:
            clean[column] = text
        elif column in DATE_COLUMNS:
            days = to_days(cols[column])
            add(errors, ~blank & np.isnan(days), f"{column} is not a date")
            clean[column] = to_datetime64(days)
        elif column == "amount":
            amount = to_float(cols[column])
            add(errors, ~blank & ~np.isfinite(amount), "amount is not a number")
            clean[column] = amount
    for column in NUMERIC_COLUMNS:
        if column in cols and column not in REQUIRED:
            blank = _blank(cols[column])
            values = to_float(cols[column])
            bad = ~blank & ~np.isfinite(values)
            if bad.any():
                add(warnings, bad, f"{column} is not a number; ignored")
            clean[column] = np.where(bad, np.nan, values)
    for column in BOOL_COLUMNS:
        if column in cols:
            blank = _blank(cols[column])
            values = to_bool_float(cols[column])
            bad = ~blank & np.isnan(values)
            if bad.any():
                add(warnings, bad, f"{column} is not true/false; ignored")
            clean[column] = values
    valid = np.ones(n, dtype=bool)
    if errors:
        valid[list(errors)] = False
    return valid, errors, warnings, clean


def _unknown(keys: Iterable[Any]) -> list[str]:
    known = set(CANONICAL) | {LABEL}
    return sorted({str(k) for k in keys} - known)


def score_invoices(
    pipeline: Any,
    rows: list[dict[str, Any]] | pd.DataFrame,
    *,
    medium: float = 0.3,
    high: float = 0.6,
    model: Mapping[str, Any] | None = None,
    top_reasons: int = 3,
) -> ScoreBatch:
    """Dispute risk, band and reasons for each invoice, in input order.

    ``pipeline`` is the fitted dispute-risk pipeline (bundled or from the registry);
    ``medium``/``high`` are the band cut-offs (Settings.invoice_medium_threshold / _high);
    ``model`` (e.g. ``{"name", "version", "source"}``) is passed through to the batch and each
    result carries its ``version`` as ``model_version``. Row numbers in ``errors`` and
    ``warnings`` are 0-based positions in ``rows``.
    """
    if high < medium:
        raise ValueError("the high cut-off must not be below the medium cut-off")
    with _gc_paused(len(rows) >= GC_PAUSE_MIN_ROWS):
        return _score(pipeline, rows, medium, high, model, top_reasons)


def _score(
    pipeline: Any,
    rows: list[dict[str, Any]] | pd.DataFrame,
    medium: float,
    high: float,
    model: Mapping[str, Any] | None,
    top_reasons: int,
) -> ScoreBatch:
    if isinstance(rows, pd.DataFrame):
        unknown = _unknown(rows.columns)
        cols, n = as_columns(rows)
    else:
        rows = list(rows)
        keys: set[str] = set()
        for row in rows:
            keys.update(row.keys())
        unknown = _unknown(keys)
        cols, n = as_columns(rows, present=keys)
    valid, errors, warnings, clean = _validate(cols, n)
    ids: list[str] = clean["invoice_id"].tolist() if "invoice_id" in clean else [""] * n
    version = None if model is None else model.get("version")
    results: list[dict[str, Any]] = []
    if valid.any():
        keep = np.flatnonzero(valid)
        subset = clean if len(keep) == n else {k: v[keep] for k, v in clean.items()}
        risk, reasons = explain(pipeline, subset, top=top_reasons)
        bands = risk_bands(risk, medium, high)
        risks = np.round(risk, 4).tolist()
        kept_ids = [ids[r] for r in keep.tolist()]
        results = [
            {"invoice_id": i, "dispute_risk": p, "risk_band": b, "reasons": why}
            for i, p, b, why in zip(kept_ids, risks, bands, reasons, strict=True)
        ]
        if version is not None:
            for result in results:
                result["model_version"] = str(version)
    return ScoreBatch(
        results=results,
        errors=[
            {"row": r, "invoice_id": ids[r] or None, "errors": msgs}
            for r, msgs in sorted(errors.items())
        ],
        warnings=[
            {"row": r, "invoice_id": ids[r] or None, "warnings": msgs}
            for r, msgs in sorted(warnings.items())
        ],
        unknown_columns=unknown,
        model=None if model is None else dict(model),
    )


def review_candidates(batch: ScoreBatch, *, min_band: str = "high") -> list[dict[str, Any]]:
    """Results that deserve a reviewer (band at or above ``min_band``), for kind ``dispute_risk``."""
    order = {"low": 0, "medium": 1, "high": 2}
    floor = order[min_band]
    return [r for r in batch.results if order[r["risk_band"]] >= floor]


WARM_UP_ROWS: tuple[dict[str, Any], ...] = (
    {"invoice_id": "warm-up-1", "client_id": "warm-up", "invoice_date": "2026-01-05",
     "due_date": "2026-02-04", "amount": 12000, "currency": "USD"},
)


def warm_up(pipeline: Any) -> None:
    """Score one made-up invoice once at startup (nothing is stored): the first call through
    the validation, feature and model code costs several times a later one."""
    score_invoices(pipeline, list(WARM_UP_ROWS))
