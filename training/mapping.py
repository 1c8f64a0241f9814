"""Map a foreign CSV (an accounts-receivable export, a timesheet dump) onto a canonical schema.

Real exports never use Tollgate's column names, spell booleans as "Yes"/"No" and write dates as
m/d/Y. ``tollgate train ... --map SRC=DST --label COL`` and ``tollgate score ... --map`` both go
through :func:`apply_mapping`, so training and scoring read a file the same way. Nothing here
is fatal: unknown columns are dropped and reported, values that do not coerce become missing
and are counted in the report, so the caller decides what is worth failing on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

TRUE_STRINGS = frozenset({"yes", "y", "true", "t", "1", "1.0", "on", "x"})
FALSE_STRINGS = frozenset({"no", "n", "false", "f", "0", "0.0", "off"})
_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y")
_MAX_EXAMPLES = 5


def parse_map_args(items: Iterable[str]) -> dict[str, str]:
    """Turn repeated ``--map SRC=DST`` command-line values into a rename mapping.

    The split is on the last ``=`` so that source names containing ``=`` still work.
    """
    mapping: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--map expects SRC=DST, got {item!r}")
        src, dst = item.rsplit("=", 1)
        src, dst = src.strip(), dst.strip()
        if not src or not dst:
            raise ValueError(f"--map expects SRC=DST, got {item!r}")
        mapping[src] = dst
    return mapping


def normalize_name(name: str) -> str:
    """Lower-case a header and turn spaces/dashes into underscores ("Due Date" -> "due_date")."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and np.isnan(value)


def coerce_bool_value(value: Any) -> bool | None:
    """One value to True/False, None when missing; raises ValueError when it is not a boolean."""
    if _is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer | float | np.floating):
        if value in (0, 1):
            return bool(value)
        raise ValueError(value)
    text = str(value).strip().lower()
    if not text:
        return None
    if text in TRUE_STRINGS:
        return True
    if text in FALSE_STRINGS:
        return False
    raise ValueError(value)


def coerce_bool_series(series: pd.Series) -> tuple[pd.Series, list[Any]]:
    """A column to pandas' nullable boolean dtype; returns the values that would not coerce."""
    if pd.api.types.is_bool_dtype(series) and not isinstance(series.dtype, pd.CategoricalDtype):
        return series.astype("boolean"), []
    out: list[bool | None] = []
    bad: list[Any] = []
    for value in series.tolist():
        try:
            out.append(coerce_bool_value(value))
        except ValueError:
            out.append(None)
            bad.append(value)
    return pd.Series(pd.array(out, dtype="boolean"), index=series.index, name=series.name), bad


def coerce_date_series(series: pd.Series) -> tuple[pd.Series, list[Any]]:
    """ISO dates (or datetimes) or m/d/Y dates to ``datetime64``; returns unparseable values.

    Each value is tried as ISO 8601 first and then as m/d/Y (US exports), so a column mixing
    both still parses; a value that fits neither becomes NaT and is reported.
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        parsed = series
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert(None)
        return parsed.astype("datetime64[ns]"), []
    text = series.astype("object").where(series.notna(), None)
    text = text.map(lambda v: None if v is None else str(v).strip() or None)
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True).dt.tz_convert(None)
    for fmt in _DATE_FORMATS:
        todo = parsed.isna() & text.notna()
        if not todo.any():
            break
        parsed = parsed.where(~todo, pd.to_datetime(text[todo], format=fmt, errors="coerce"))
    failed = parsed.isna() & text.notna()
    return parsed.astype("datetime64[ns]"), text[failed].tolist()


def coerce_numeric_series(series: pd.Series) -> tuple[pd.Series, list[Any]]:
    """Numbers, tolerating currency symbols and thousands separators ("$1,200.50")."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.astype("float64"), []
    text = series.astype("object").where(series.notna(), None)
    cleaned = text.map(
        lambda v: None if v is None else re.sub(r"[,\s$€£]", "", str(v)) or None
    )
    parsed = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    failed = parsed.isna() & cleaned.notna()
    return parsed, text[failed].tolist()


def apply_mapping(
    df: pd.DataFrame,
    mapping: Mapping[str, str],
    *,
    label: str | None,
    canonical: Sequence[str],
    label_target: str,
    date_columns: Sequence[str] = (),
    bool_columns: Sequence[str] = (),
    numeric_columns: Sequence[str] = (),
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Rename, select and coerce ``df`` into the canonical schema.

    - ``mapping`` renames foreign columns (``SRC -> DST``); columns already named canonically
      (exactly, or after :func:`normalize_name`) are kept without being mapped.
    - ``label`` is the foreign label column; it becomes ``label_target`` and is coerced to bool.
    - Columns that end up neither canonical nor the label are dropped and listed under
      ``unknown_columns``; canonical columns nobody supplied are listed under ``missing``.
    - Date, bool and numeric columns are coerced; failures become missing values and are
      counted under ``coercion`` with a few examples. Returns ``(frame, report)``.
    """
    canonical_set = list(dict.fromkeys(canonical))
    wanted = set(canonical_set) | {label_target}
    report: dict[str, Any] = {
        "mapped": {},
        "auto_mapped": {},
        "unknown_columns": [],
        "missing_sources": [],
        "missing": [],
        "coercion": {},
        "label": None,
    }
    renames: dict[str, str] = {}
    for src, dst in mapping.items():
        if src not in df.columns:
            report["missing_sources"].append(src)
            continue
        renames[src] = dst
        report["mapped"][src] = dst
    if label is not None:
        if label in df.columns:
            renames[label] = label_target
            report["label"] = label
        else:
            report["missing_sources"].append(label)
    taken = set(renames.values())
    by_normal = {normalize_name(c): c for c in wanted}
    for column in df.columns:
        if column in renames:
            continue
        target = column if column in wanted else by_normal.get(normalize_name(column))
        if target is not None and target not in taken:
            renames[column] = target
            taken.add(target)
            if target != column:
                report["auto_mapped"][column] = target
        else:
            report["unknown_columns"].append(str(column))
    unknown_targets = sorted({dst for dst in renames.values() if dst not in wanted})
    for dst in unknown_targets:
        report["unknown_columns"].append(f"{dst} (mapped target is not a canonical column)")
    keep = {src: dst for src, dst in renames.items() if dst in wanted}
    out = df[list(keep)].rename(columns=keep).copy()
    out = out.loc[:, ~out.columns.duplicated()]
    report["missing"] = [c for c in canonical_set if c not in out.columns]

    def note(column: str, kind: str, bad: list[Any]) -> None:
        if bad:
            report["coercion"][column] = {
                "kind": kind,
                "failed": len(bad),
                "examples": [str(b) for b in bad[:_MAX_EXAMPLES]],
            }

    for column in date_columns:
        if column in out.columns:
            out[column], bad = coerce_date_series(out[column])
            note(column, "date", bad)
    bool_targets = list(bool_columns) + ([label_target] if label_target in out.columns else [])
    for column in dict.fromkeys(bool_targets):
        if column in out.columns:
            out[column], bad = coerce_bool_series(out[column])
            note(column, "bool", bad)
    for column in numeric_columns:
        if column in out.columns:
            out[column], bad = coerce_numeric_series(out[column])
            note(column, "number", bad)
    return out, report


def format_report(report: Mapping[str, Any]) -> list[str]:
    """Human-readable lines for a mapping report (printed by the CLI, never fatal)."""
    lines: list[str] = []
    if report.get("mapped"):
        lines.append("mapped: " + ", ".join(f"{s} -> {d}" for s, d in report["mapped"].items()))
    if report.get("auto_mapped"):
        pairs = report["auto_mapped"].items()
        lines.append("matched by name: " + ", ".join(f"{s} -> {d}" for s, d in pairs))
    if report.get("unknown_columns"):
        lines.append("ignored unknown columns: " + ", ".join(report["unknown_columns"]))
    if report.get("missing_sources"):
        lines.append("not in the file: " + ", ".join(report["missing_sources"]))
    for column, info in (report.get("coercion") or {}).items():
        lines.append(
            f"{column}: {info['failed']} value(s) are not a valid {info['kind']} "
            f"(e.g. {', '.join(info['examples'])}); treated as missing"
        )
    return lines
