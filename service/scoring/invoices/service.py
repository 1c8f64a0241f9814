"""Score invoices for dispute risk: validate rows, run the pipeline, attach reasons and bands.

Plain functions with plain arguments (see ARCHITECTURE.md): the HTTP router, the CLI
(``tollgate score invoices``), the review queue and the benchmarks all call
:func:`score_invoices`. A bad row never fails the batch: it is reported with its 1-based row
number and left out of the results; unreadable optional values are ignored and reported as
warnings; unknown columns are listed once for the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from service.scoring.invoices.columns import (
    BOOL_COLUMNS,
    CANONICAL,
    DATE_COLUMNS,
    LABEL,
    NUMERIC_COLUMNS,
    REQUIRED,
)
from service.scoring.invoices.features import as_columns, to_bool_float, to_days, to_float, to_text
from service.scoring.invoices.model import explain, risk_bands

REVIEW_KIND = "dispute_risk"


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
    return to_text(values) == ""


def _validate(
    cols: Mapping[str, np.ndarray], n: int
) -> tuple[np.ndarray, dict[int, list[str]], dict[int, list[str]], dict[str, np.ndarray]]:
    """Row-level checks; returns (valid mask, errors by row, warnings by row, cleaned columns).

    Cleaned columns replace unreadable optional values by missing ones, so the features see
    "unknown" rather than a wrong number.
    """
    errors: dict[int, list[str]] = {}
    warnings: dict[int, list[str]] = {}

    def add(target: dict[int, list[str]], rows: np.ndarray, message: str) -> None:
        for r in np.flatnonzero(rows).tolist():
            target.setdefault(r, []).append(message)

    clean = dict(cols)
    for column in REQUIRED:
        if column not in cols:
            add(errors, np.ones(n, dtype=bool), f"{column} is required")
            continue
        blank = _blank(cols[column])
        add(errors, blank, f"{column} is required")
        if column in DATE_COLUMNS:
            add(errors, ~blank & np.isnan(to_days(cols[column])), f"{column} is not a date")
        elif column == "amount":
            amount = to_float(cols[column])
            add(errors, ~blank & ~np.isfinite(amount), "amount is not a number")
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
                clean[column] = np.where(bad, np.nan, values)
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
    ``warnings`` are 1-based positions in ``rows``.
    """
    if high < medium:
        raise ValueError("the high cut-off must not be below the medium cut-off")
    if isinstance(rows, pd.DataFrame):
        unknown = _unknown(rows.columns)
    else:
        rows = list(rows)
        keys: set[Any] = set()
        for row in rows:
            keys.update(row.keys())
        unknown = _unknown(keys)
    cols, n = as_columns(rows)
    valid, errors, warnings, clean = _validate(cols, n)
    ids = to_text(cols["invoice_id"]) if "invoice_id" in cols else np.full(n, "", dtype=object)
    version = None if model is None else model.get("version")
    results: list[dict[str, Any]] = []
    if valid.any():
        keep = np.flatnonzero(valid)
        subset = clean if len(keep) == n else {k: v[keep] for k, v in clean.items()}
        risk, reasons = explain(pipeline, subset, top=top_reasons)
        bands = risk_bands(risk, medium, high)
        for j, r in enumerate(keep.tolist()):
            result: dict[str, Any] = {
                "invoice_id": ids[r],
                "dispute_risk": round(float(risk[j]), 4),
                "risk_band": bands[j],
                "reasons": reasons[j],
            }
            if version is not None:
                result["model_version"] = str(version)
            results.append(result)
    return ScoreBatch(
        results=results,
        errors=[
            {"row": r + 1, "invoice_id": ids[r] or None, "errors": msgs}
            for r, msgs in sorted(errors.items())
        ],
        warnings=[
            {"row": r + 1, "invoice_id": ids[r] or None, "warnings": msgs}
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
