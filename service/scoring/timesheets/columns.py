"""The canonical timesheet entry schema (INTERFACES.md) and its coercion to typed columns.

Training, the feature transformer and the scoring service all read entries through
:func:`coerce_entries`, so a value means the same thing everywhere: dates become
``datetime64``, booleans become 1.0/0.0 floats with NaN for "not stated", numbers become floats.
Optional columns that are absent are simply absent; the features treat them as unknown.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

REQUIRED: tuple[str, ...] = ("entry_id", "consultant_id", "project_id", "work_date", "hours")
OPTIONAL: tuple[str, ...] = (
    "billable",
    "task",
    "description",
    "submitted_at",
    "role",
    "bill_rate",
    "project_start_date",  # Tollgate extension of INTERFACES.md; optional like project_end_date
    "project_end_date",
    "project_budget_hours",
    "planned_hours",
    "is_holiday",
    "country",
)
CANONICAL: tuple[str, ...] = REQUIRED + OPTIONAL
LABEL = "is_anomaly"
KIND = "anomaly_kind"
CONTEXT = "_context"  # internal: True for stored-history rows that give context but are not scored

DATE_COLUMNS: tuple[str, ...] = ("work_date", "project_start_date", "project_end_date")
DATETIME_COLUMNS: tuple[str, ...] = ("submitted_at",)
BOOL_COLUMNS: tuple[str, ...] = ("billable", "is_holiday")
NUMERIC_COLUMNS: tuple[str, ...] = ("hours", "bill_rate", "project_budget_hours", "planned_hours")
TEXT_COLUMNS: tuple[str, ...] = (
    "entry_id", "consultant_id", "project_id", "task", "description", "role", "country",
)

_TRUE = frozenset({"true", "t", "yes", "y", "1", "1.0"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "0.0"})


_DATE_LIKE = frozenset({"string", "empty", "date", "datetime", "datetime64"})


def _to_datetime(series: pd.Series, plain: str = "%Y-%m-%d") -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        out = series
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_convert(None)
        return out.astype("datetime64[ns]")
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")  # not a date
    if pd.api.types.infer_dtype(series, skipna=True) not in _DATE_LIKE:
        # numbers, booleans, lists... mixed in: only text and date objects can be dates
        series = series.where(series.map(lambda v: isinstance(v, (str, date, datetime))), None)
    # fast path: the plain format (the common case); anything else is parsed as ISO 8601 with
    # offsets normalized to UTC
    parsed = pd.to_datetime(series, errors="coerce", format=plain).astype("datetime64[ns]")
    retry = parsed.isna() & series.notna()
    if retry.any():
        full = pd.to_datetime(series[retry], errors="coerce", format="ISO8601", utc=True)
        parsed = parsed.where(~retry, full.dt.tz_convert(None).astype("datetime64[ns]"))
        retry = parsed.isna() & series.notna()
    if retry.any() and plain == "%Y-%m-%d":
        # "31.01.2026": dotted dates are day first wherever they are written (slashed ones are
        # not read: 01/02/2026 is January in one country and February in the next)
        dotted = pd.to_datetime(series[retry], errors="coerce", format="%d.%m.%Y")
        parsed = parsed.where(~retry, dotted.astype("datetime64[ns]"))
    return parsed


def _to_flag(series: pd.Series) -> pd.Series:
    """Booleans (or "yes"/"no", 1/0) to 1.0/0.0, anything else NaN."""
    if pd.api.types.is_bool_dtype(series):
        return series.astype("float64")
    if pd.api.types.is_numeric_dtype(series):
        return series.astype("float64").where(series.isin([0, 1]))
    text = series.astype("object").map(lambda v: str(v).strip().lower() if v is not None else "")
    out = np.where(text.isin(_TRUE), 1.0, np.where(text.isin(_FALSE), 0.0, np.nan))
    return pd.Series(out, index=series.index, dtype="float64")


# Durations as time-tracking exports write them: "7:30" (hours:minutes), "07:30:00" (with
# seconds, as Toggl writes durations) and "7,5" or "7,25" (a decimal comma). Only the hour
# columns are read this way, and only with one or two digits after the comma: in amounts (and
# in "1,200") a comma may separate thousands.
_HOURS_COLUMNS = frozenset({"hours", "planned_hours"})
_CLOCK = r"^\s*(?P<h>\d{1,2}):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*$"
_DECIMAL_COMMA = r"^\s*(?P<i>\d{1,2}),(?P<f>\d{1,2})\s*$"


def _to_hours(series: pd.Series) -> pd.Series:
    """Hours as floats; besides plain numbers, "7:30", "07:30:00" and "7,5" are 7.5."""
    numbers = pd.to_numeric(series, errors="coerce").astype("float64")
    if series.dtype != object and not pd.api.types.is_string_dtype(series):
        return numbers
    text = series[numbers.isna() & series.map(lambda v: isinstance(v, str))].astype(str)
    if not len(text):
        return numbers
    clock = text.str.extract(_CLOCK).astype("float64")
    comma = pd.to_numeric(text.str.replace(",", ".", regex=False).where(
        text.str.match(_DECIMAL_COMMA)), errors="coerce")
    read = (clock["h"] + clock["m"] / 60.0 + clock["s"].fillna(0.0) / 3600.0).fillna(comma)
    return numbers.fillna(read)


def _all_str_or_missing(series: pd.Series) -> bool:
    sample = series.iloc[:50].dropna()
    return all(isinstance(v, str) for v in sample)


def coerce_entries(frame: pd.DataFrame) -> pd.DataFrame:
    """A typed copy of ``frame`` (canonical columns coerced; invalid values become missing)."""
    out = frame.copy()
    for col in DATE_COLUMNS + DATETIME_COLUMNS:
        if col in out.columns:
            if out[col].dtype == "datetime64[ns]" and col in DATETIME_COLUMNS:
                continue
            plain = "%Y-%m-%d" if col in DATE_COLUMNS else "%Y-%m-%dT%H:%M:%S"
            out[col] = _to_datetime(out[col], plain)
            if col in DATE_COLUMNS:
                out[col] = out[col].dt.normalize()
    for col in BOOL_COLUMNS:
        if col in out.columns:
            out[col] = _to_flag(out[col])
    for col in NUMERIC_COLUMNS:
        if col in out.columns and out[col].dtype != "float64":
            if col in _HOURS_COLUMNS:
                out[col] = _to_hours(out[col])
            else:
                out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    for col in TEXT_COLUMNS:
        if col in out.columns:
            # plain Python strings (object dtype): per-row access to Arrow-backed strings was a
            # large share of scoring time; missing stays missing
            series = out[col]
            if series.dtype != object or not _all_str_or_missing(series):
                series = series.astype("str")
            out[col] = series.astype(object)
    if CONTEXT in out.columns:
        out[CONTEXT] = out[CONTEXT].fillna(False).astype(bool)
    return out
