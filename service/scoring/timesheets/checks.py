"""Deterministic timesheet checks: one reason code per anomaly kind, with numbers in the message.

A reviewer has to see *why* an entry was held, in the terms they would use themselves
("11.5 h on 2026-03-02, 3.8x this consultant's median of 3.0 h"). Each check is a vectorized
rule over the context features (``features.py``); its flag also feeds the detector, so the
model learns how far to trust each rule, while the rule supplies the explanation.

Rules are personalized where people differ: weekend work is only flagged for people who rarely
work weekends, identical round numbers only when they are unusual for that person, lateness
against the person's own submission habit. A rule whose input column is absent stays silent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

CODES: tuple[str, ...] = (
    "duplicate_entry",
    "daily_hours_over_cap",
    "off_day_work",
    "outside_project_dates",
    "hours_spike",
    "padded_round_hours",
    "unstaffed_project",
    "over_budget",
    "late_submission",
)

# How much a firing check alone says "anomaly" (used to order reasons and, in unsupervised
# mode, to turn checks into a score); facts from the data rank above habit-based judgements.
SEVERITY: dict[str, float] = {
    "duplicate_entry": 0.9,
    "outside_project_dates": 0.9,
    "over_budget": 0.85,
    "daily_hours_over_cap": 0.8,
    "unstaffed_project": 0.7,
    "late_submission": 0.7,
    "hours_spike": 0.6,
    "off_day_work": 0.6,
    "padded_round_hours": 0.6,
}

UNUSUAL_PATTERN = "unusual_pattern"

# Columns of the feature frame the messages quote.
MESSAGE_FIELDS: tuple[str, ...] = (
    "hours", "work_date", "project_id", "dup_of", "daily_total", "daily_n", "weekend_share",
    "is_weekend", "holiday_share", "days_after_end", "project_end_date", "days_before_start",
    "project_start_date", "hours_ratio", "base_hours", "run_len", "run_first", "run_last",
    "run_q95", "planned_hours", "pair_n", "n_entries", "cum_billable", "budget", "lag_days",
    "lag_q95", "q95_daily", "weekday_share",
)  # reason code when the model alone flags an entry


@dataclass(frozen=True)
class CheckParams:
    """Thresholds of the checks (stored on the feature transformer, so they ship with the model)."""

    cap_hours: float = 13.0
    late_days: float = 30.0
    spike_ratio: float = 2.5
    spike_min_excess: float = 3.0
    run_min: int = 5
    off_day_share_max: float = 0.05
    min_history_entries: int = 30
    round_share_max: float = 0.6

    @staticmethod
    def codes() -> tuple[str, ...]:
        """Reason codes in a fixed order (the detector's feature order depends on it)."""
        return CODES


def _col(ctx: Mapping[str, Any], name: str, n: int) -> np.ndarray:
    if name in ctx:
        return np.asarray(ctx[name], dtype="float64")
    return np.full(n, np.nan)


def check_flags(ctx: Mapping[str, Any], params: CheckParams) -> dict[str, np.ndarray]:
    """Boolean mask per reason code over the rows of ``ctx`` (feature/fact name -> array)."""
    n = len(ctx["hours"])

    def v(name: str) -> np.ndarray:
        return _col(ctx, name, n)

    flags: dict[str, np.ndarray] = {}
    with np.errstate(invalid="ignore"):
        flags["duplicate_entry"] = v("dup_rank") >= 1
        weekend_off = (v("is_weekend") == 1) & (v("weekend_share") < params.off_day_share_max)
        holiday_off = (v("is_holiday") == 1) & (
            np.nan_to_num(v("holiday_share"), nan=0.0) < params.off_day_share_max
        )
        flags["off_day_work"] = weekend_off | holiday_off
        flags["outside_project_dates"] = (v("days_after_end") > 0) | (v("days_before_start") > 0)
        flags["hours_spike"] = (
            (v("hours_ratio") >= params.spike_ratio)
            & (v("hours_excess") >= params.spike_min_excess)
            & (v("daily_excess") > 0)
        )
        run_len = v("run_len")
        flags["padded_round_hours"] = (
            (v("is_round") == 1)
            & (run_len >= params.run_min)
            & (run_len > 2 * v("run_q95"))
            & (v("round_share") < params.round_share_max)
        )
        planned = v("planned_hours")
        never_booked = (
            np.isnan(planned)
            & (v("pair_n") <= 2)
            & (v("n_entries") >= params.min_history_entries)
        )
        flags["unstaffed_project"] = (planned <= 0) | never_booked
        # Over the cap: name the entry that explains the day. An entry already flagged for
        # being extra (a duplicate, outside the project, unstaffed, a spike) explains it; else
        # the entry furthest above the person's usual hours does.
        extra = (
            flags["duplicate_entry"] | flags["outside_project_dates"]
            | flags["unstaffed_project"] | flags["hours_spike"]
        )
        day_id = np.asarray(ctx["_day_id"], dtype=np.int64)
        day_explained = (
            (np.bincount(day_id, weights=extra.astype(float)) > 0)[day_id] if n else extra
        )
        over_cap = v("daily_total") > params.cap_hours
        culprit = v("day_culprit") == 1
        flags["daily_hours_over_cap"] = over_cap & (extra | (culprit & ~day_explained))
        billable = np.nan_to_num(v("billable"), nan=1.0)
        flags["over_budget"] = (billable == 1) & (v("budget_excess") > 0)
        lag_limit = np.maximum(params.late_days, 2 * np.nan_to_num(v("lag_q95"), nan=0.0))
        flags["late_submission"] = v("lag_days") > lag_limit
    return {code: np.asarray(flags[code], dtype=bool) for code in CODES}


def _d(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return "?"
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _h(value: float) -> str:
    text = f"{float(value):,.2f}"
    return f"{text[:-1] if text.endswith('0') else text} h"


def _count(value: float, one: str, many: str) -> str:
    number = int(value)
    return f"{number} {one if number == 1 else many}"


def _weekday_name(value: Any) -> str:
    return pd.Timestamp(value).day_name()


def _message(code: str, row: dict[str, Any], params: CheckParams) -> str:
    day = _d(row["work_date"])
    if code == "duplicate_entry":
        return (
            f"{_h(row['hours'])} on project {row['project_id']} on {day} duplicates entry "
            f"{row['dup_of']} (same consultant, project, date and hours)"
        )
    if code == "daily_hours_over_cap":
        return (
            f"Daily total {_h(row['daily_total'])} on {day} across {int(row['daily_n'])} "
            f"entries exceeds the {_h(params.cap_hours)} cap"
        )
    if code == "off_day_work":
        share = row["weekend_share"]
        if row.get("is_weekend") == 1:
            return (
                f"{_h(row['hours'])} on {_weekday_name(row['work_date'])} {day}; this "
                f"consultant logs {share:.0%} of working days on weekends"
            )
        hshare = row.get("holiday_share")
        hs = 0.0 if hshare is None or np.isnan(hshare) else hshare
        return f"{_h(row['hours'])} on public holiday {day}; this consultant logs {hs:.0%} of days on holidays"
    if code == "outside_project_dates":
        after = row.get("days_after_end")
        if after is not None and not np.isnan(after) and after > 0:
            return (
                f"Entry on {day} is {int(after)} days after project {row['project_id']} "
                f"ended on {_d(row['project_end_date'])}"
            )
        return (
            f"Entry on {day} is {int(row['days_before_start'])} days before project "
            f"{row['project_id']} starts on {_d(row['project_start_date'])}"
        )
    if code == "hours_spike":
        return (
            f"{_h(row['hours'])} on {day}, {row['hours_ratio']:.1f}x this consultant's median "
            f"of {_h(row['base_hours'])}"
        )
    if code == "padded_round_hours":
        return (
            f"{_h(row['hours'])} logged on {int(row['run_len'])} consecutive entries on "
            f"project {row['project_id']} ({_d(row['run_first'])} to {_d(row['run_last'])}); this "
            f"consultant's identical runs are usually at most {row['run_q95']:.0f} long"
        )
    if code == "unstaffed_project":
        planned = row.get("planned_hours")
        if planned is not None and not np.isnan(planned):
            return (
                f"{_h(row['hours'])} on project {row['project_id']} on {day}, but the consultant is "
                f"not staffed on it (planned {_h(planned)})"
            )
        return (
            f"{_h(row['hours'])} on project {row['project_id']} on {day}: "
            f"{_count(row['pair_n'], 'entry', 'entries')} on this project among the consultant's "
            f"{int(row['n_entries'])}"
        )
    if code == "over_budget":
        return (
            f"Billable hours on project {row['project_id']} reach {_h(row['cum_billable'])} with this "
            f"entry, over the {_h(row['budget'])} budget"
        )
    if code == "late_submission":
        lag_q = row.get("lag_q95")
        usual = "" if lag_q is None or np.isnan(lag_q) else (
            f"; this consultant usually submits within {lag_q:.0f} days"
        )
        return f"Submitted {row['lag_days']:.0f} days after the work date ({day}){usual}"
    raise KeyError(code)


def explain(
    rich: pd.DataFrame,
    params: CheckParams,
    rows: np.ndarray | None = None,
) -> list[list[dict[str, str]]]:
    """Reasons (code + message, most severe first) for each row of ``rich`` (or of ``rows``)."""
    flag_cols = [f"chk_{c}" for c in CODES]
    idx = np.arange(len(rich)) if rows is None else np.asarray(rows)
    out: list[list[dict[str, str]]] = [[] for _ in range(len(idx))]
    if not len(idx):
        return out
    flags = rich[flag_cols].to_numpy()[idx] > 0
    hit_rows = np.flatnonzero(flags.any(axis=1))
    if not len(hit_rows):
        return out
    order = sorted(range(len(CODES)), key=lambda k: -SEVERITY[CODES[k]])
    needed = [c for c in MESSAGE_FIELDS if c in rich.columns]
    rows_at = idx[hit_rows]
    picked: dict[str, list[Any]] = {}
    for c in needed:
        values = rich[c].to_numpy()[rows_at]
        if np.issubdtype(values.dtype, np.datetime64):
            text = np.datetime_as_string(values.astype("datetime64[D]"))
            values = np.where(np.isnat(values), "?", text)
        picked[c] = values.tolist()
    records = [dict(zip(needed, values, strict=True)) for values in zip(*picked.values(), strict=True)]
    for pos, record in zip(hit_rows, records, strict=True):
        out[pos] = [
            {"code": CODES[k], "message": _message(CODES[k], record, params)}
            for k in order
            if flags[pos, k]
        ]
    return out


def pattern_reason(row: dict[str, Any]) -> dict[str, str]:
    """A reason for entries the model flags although no single rule fires."""
    parts = [f"{_h(row['hours'])} on {_d(row['work_date'])}"]
    if row.get("hours_ratio", 1.0) >= 1.5:
        parts.append(f"{row['hours_ratio']:.1f}x this consultant's median of {_h(row['base_hours'])}")
    if row.get("daily_total", 0.0) > row.get("q95_daily", np.inf):
        parts.append(f"day total {_h(row['daily_total'])} above their usual {_h(row['q95_daily'])}")
    if row.get("weekday_share", 1.0) < 0.05:
        parts.append(f"a {_weekday_name(row['work_date'])}, which this consultant rarely works")
    if row.get("pair_n", 99) <= 3:
        parts.append(
            f"only {_count(row['pair_n'], 'entry', 'entries')} on project {row['project_id']}"
        )
    return {
        "code": UNUSUAL_PATTERN,
        "message": "Unusual for this consultant: " + "; ".join(parts),
    }
