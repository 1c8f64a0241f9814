"""Per-entry timesheet features computed in context, as a scikit-learn transformer.

An entry is only anomalous relative to something: the consultant's own habits (a 10 h day is
normal for some people, a Saturday is normal for others), the same day's other entries, the
project's dates, budget and staffing, and the calendar. :class:`TimesheetFeatures` therefore

- learns each consultant's baseline at ``fit`` time (median and MAD of entry hours and daily
  totals, weekday and weekend shares, holiday share, how often they log round numbers and how
  long their runs of identical hours are, their usual submission lag) and the consultant/project
  pairs they have booked to;
- at ``transform`` time computes every feature over the whole frame it is given, so a batch is
  its own context; rows flagged ``_context`` (stored history passed in by the service) take part
  in daily totals, duplicates, runs and budget consumption but are not returned;
- falls back to baselines computed from the frame itself for consultants it never saw, and to
  firm-wide medians when even that is missing;
- never fails on a missing optional column: the features that need it become NaN (the
  detector handles missing values) and the matching checks stay silent.

The deterministic checks (``checks.py``) run inside ``transform`` too, so their flags feed the
detector and training and serving share one code path.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from service.scoring.timesheets.checks import CheckParams, check_flags
from service.scoring.timesheets.columns import CONTEXT, coerce_entries

_DAY = np.timedelta64(1, "D")

PERSON_STATS: tuple[str, ...] = (
    "n_entries", "med_hours", "mad_hours", "n_days", "med_daily", "mad_daily", "q95_daily",
    "weekend_share", "holiday_share", "round_share", "run_q95", "repeat_rate", "lag_med",
    "lag_q95",
    "wd0", "wd1", "wd2", "wd3", "wd4", "wd5", "wd6",
)

FEATURES: tuple[str, ...] = (
    "hours", "hours_ratio", "hours_z", "hours_excess", "hours_ratio_person",
    "daily_total", "daily_n", "daily_ratio", "daily_excess", "daily_over_cap",
    "day_culprit",    "dup_count", "dup_rank", "same_pair_day_n",
    "weekday", "is_weekend", "weekday_share", "weekend_share", "is_holiday", "holiday_share",
    "days_after_end", "days_before_start",
    "pair_n_log", "pair_share", "planned_log", "planned_zero",
    "budget_ratio", "budget_excess",
    "is_round", "round_share", "run_len", "run_excess", "run_surprise",
    "lag_days", "lag_excess", "lag_ratio",
    "billable", "log_n_entries",
)


def _has(frame: pd.DataFrame, col: str) -> bool:
    return col in frame.columns and bool(frame[col].notna().any())


def _codes(series: pd.Series) -> np.ndarray:
    """Integer codes of a column (missing = -1); grouping on ints is far cheaper than strings."""
    return np.asarray(pd.factorize(series, use_na_sentinel=True)[0], dtype=np.int64)


def _days(series: pd.Series) -> np.ndarray:
    """Dates as integer days since the epoch (missing = a large negative sentinel)."""
    values = series.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    out = values.astype(np.int64)
    out[np.isnat(values)] = -(10**9)
    return out


def _group_starts(sorted_keys: list[np.ndarray]) -> np.ndarray:
    """Boolean 'a new group starts here' over rows already sorted by ``sorted_keys``."""
    n = len(sorted_keys[0]) if sorted_keys else 0
    change = np.zeros(n, dtype=bool)
    if n:
        change[0] = True
        for key in sorted_keys:
            change[1:] |= key[1:] != key[:-1]
    return change


def _row_context(frame: pd.DataFrame) -> pd.DataFrame:
    """Row-level facts that need the whole frame (same day, runs, duplicates, budget).

    Done on integer codes with numpy sorts rather than pandas groupbys on strings: this runs on
    every scoring call, and the per-operation overhead of pandas dominated batch latency.
    """
    ctx = frame.reset_index(drop=True)
    n = len(ctx)
    order = np.arange(n, dtype=np.int64)
    cid = _codes(ctx["consultant_id"])
    pid = _codes(ctx["project_id"])
    day = _days(ctx["work_date"])
    hours = ctx["hours"].to_numpy(dtype="float64")
    hkey = np.round(hours * 1000).astype(np.int64)
    weekday = ((day + 3) % 7).astype("float64")  # 1970-01-01 was a Thursday; Monday = 0
    new_cols: dict[str, Any] = {
        "_cid": cid,
        "weekday": weekday,
        "is_weekend": (weekday >= 5).astype("float64"),
        "is_round": (np.mod(hours, 1.0) == 0).astype("float64"),
    }

    day_id = pd.factorize(cid * 1_000_000 + (day - day.min(initial=0)))[0] if n else order
    new_cols["_day_id"] = day_id
    new_cols["daily_total"] = np.bincount(day_id, weights=hours)[day_id] if n else hours
    new_cols["daily_n"] = np.bincount(day_id)[day_id].astype("float64") if n else hours
    pair_day = pd.factorize(day_id * 100_000 + pid)[0] if n else order
    new_cols["same_pair_day_n"] = np.bincount(pair_day)[pair_day].astype("float64") if n else hours

    # duplicates: identical consultant, project, date, hours (and task/description if given);
    # the earliest submitted copy is the original, later copies are the duplicates
    keys = [cid, pid, day, hkey] + [_codes(ctx[c]) for c in ("task", "description") if c in ctx]
    submitted = (
        _days_ns(ctx["submitted_at"]) if _has(ctx, "submitted_at") else np.zeros(n, np.int64)
    )
    srt = np.lexsort([order, submitted, *keys[::-1]])
    starts = _group_starts([k[srt] for k in keys])
    group_sorted = np.cumsum(starts) - 1
    first_pos = np.flatnonzero(starts)
    rank_sorted = np.arange(n) - first_pos[group_sorted]
    size_sorted = np.bincount(group_sorted)[group_sorted] if n else order
    dup_rank = np.empty(n, dtype="float64")
    dup_count = np.empty(n, dtype="float64")
    dup_first = np.empty(n, dtype=np.int64)
    dup_rank[srt] = rank_sorted
    dup_count[srt] = size_sorted
    dup_first[srt] = srt[first_pos[group_sorted]]
    new_cols["dup_rank"] = dup_rank
    new_cols["dup_count"] = dup_count
    new_cols["dup_of"] = ctx["entry_id"].to_numpy(dtype=object)[dup_first]

    # runs of identical hours on the same consultant/project, in date order
    srt = np.lexsort([order, day, pid, cid])
    run_starts = _group_starts([cid[srt], pid[srt], hkey[srt]])
    run_sorted = np.cumsum(run_starts) - 1
    run_len_sorted = np.bincount(run_sorted)[run_sorted] if n else order
    first_idx = np.flatnonzero(run_starts)
    last_idx = np.append(first_idx[1:] - 1, n - 1) if n else first_idx
    run_id = np.empty(n, dtype=np.int64)
    run_len = np.empty(n, dtype="float64")
    run_first = np.empty(n, dtype=np.int64)
    run_last = np.empty(n, dtype=np.int64)
    run_id[srt] = run_sorted
    run_len[srt] = run_len_sorted
    run_first[srt] = day[srt][first_idx][run_sorted]
    run_last[srt] = day[srt][last_idx][run_sorted]
    new_cols["run_id"] = run_id
    new_cols["run_len"] = run_len
    new_cols["run_first"] = run_first.astype("datetime64[D]")
    new_cols["run_last"] = run_last.astype("datetime64[D]")

    wd = ctx["work_date"]
    nan = np.full(n, np.nan)
    new_cols["lag_days"] = (
        ((ctx["submitted_at"] - wd) / _DAY).to_numpy() if _has(ctx, "submitted_at") else nan
    )
    new_cols["days_after_end"] = (
        ((wd - ctx["project_end_date"]) / _DAY).to_numpy() if _has(ctx, "project_end_date")
        else nan
    )
    new_cols["days_before_start"] = (
        ((ctx["project_start_date"] - wd) / _DAY).to_numpy() if _has(ctx, "project_start_date")
        else nan
    )

    # budget consumption: billable hours booked to the project up to and including this entry
    billable = (
        ctx["billable"].to_numpy(dtype="float64") if "billable" in ctx.columns else nan
    )
    new_cols["billable"] = billable
    if _has(ctx, "project_budget_hours"):
        bill_hours = hours * np.where(np.isnan(billable), 1.0, billable)
        srt = np.lexsort([order, day, pid])
        starts = _group_starts([pid[srt]])
        csum = np.cumsum(bill_hours[srt])
        group_sorted = np.cumsum(starts) - 1
        first_pos = np.flatnonzero(starts)
        offset = csum[first_pos] - bill_hours[srt][first_pos]
        cum = np.empty(n, dtype="float64")
        cum[srt] = csum - offset[group_sorted]
        new_cols["cum_billable"] = cum
    else:
        new_cols["cum_billable"] = nan
    extra = pd.DataFrame(new_cols, index=ctx.index)
    ctx = ctx.drop(columns=[c for c in new_cols if c in ctx.columns])
    return pd.concat([ctx, extra], axis=1)


def _days_ns(series: pd.Series) -> np.ndarray:
    """Datetimes as int64 nanoseconds (missing = smallest int), for sorting."""
    values = series.to_numpy(dtype="datetime64[ns]")
    out = values.astype(np.int64)
    out[np.isnat(values)] = np.iinfo(np.int64).min
    return out


def _group_quantile(codes: np.ndarray, values: np.ndarray, q: float, m: int) -> np.ndarray:
    """Per-group quantile (linear interpolation, NaN ignored) for groups 0..m-1; NaN if empty.

    One sort instead of a pandas groupby per statistic: baselines are recomputed on every
    scoring call for consultants the model has not seen, so this is on the hot path.
    """
    keep = ~np.isnan(values)
    codes, values = codes[keep], values[keep]
    out = np.full(m, np.nan)
    if not len(values):
        return out
    order = np.lexsort((values, codes))
    codes, values = codes[order], values[order]
    counts = np.bincount(codes, minlength=m)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    present = counts > 0
    pos = starts[present] + q * (counts[present] - 1)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, starts[present] + counts[present] - 1)
    frac = pos - lo
    out[present] = values[lo] * (1 - frac) + values[hi] * frac
    return out


def _person_stats(ctx: pd.DataFrame) -> pd.DataFrame:
    """Each consultant's own baseline, from the rows in ``ctx`` (index: consultant_id)."""
    codes, ids = pd.factorize(ctx["consultant_id"])
    codes = np.asarray(codes, dtype=np.int64)
    m = len(ids)
    hours = ctx["hours"].to_numpy(dtype="float64")
    n_entries = np.bincount(codes, minlength=m).astype("float64")
    med_hours = _group_quantile(codes, hours, 0.5, m)
    mad_hours = _group_quantile(codes, np.abs(hours - med_hours[codes]), 0.5, m)

    _, first = np.unique(ctx["_day_id"].to_numpy(), return_index=True)
    dcodes = codes[first]
    daily = ctx["daily_total"].to_numpy(dtype="float64")[first]
    weekday = ctx["weekday"].to_numpy()[first].astype(np.int64)
    n_days = np.bincount(dcodes, minlength=m).astype("float64")
    med_daily = _group_quantile(dcodes, daily, 0.5, m)
    mad_daily = _group_quantile(dcodes, np.abs(daily - med_daily[dcodes]), 0.5, m)
    q95_daily = _group_quantile(dcodes, daily, 0.95, m)
    wd = np.bincount(dcodes * 7 + weekday, minlength=m * 7).reshape(m, 7)
    wd = wd / np.maximum(n_days, 1.0)[:, None]
    columns: dict[str, np.ndarray] = {
        "n_entries": n_entries,
        "med_hours": med_hours,
        "mad_hours": mad_hours,
        "n_days": n_days,
        "med_daily": med_daily,
        "mad_daily": mad_daily,
        "q95_daily": q95_daily,
        "weekend_share": wd[:, 5:].sum(axis=1),
        "holiday_share": np.full(m, np.nan),
    }
    if _has(ctx, "is_holiday"):
        hol = ctx["is_holiday"].to_numpy(dtype="float64")[first]
        known = ~np.isnan(hol)
        num = np.bincount(dcodes[known], weights=hol[known], minlength=m)
        den = np.bincount(dcodes[known], minlength=m)
        columns["holiday_share"] = np.where(den > 0, num / np.maximum(den, 1), np.nan)
    for k in range(7):
        columns[f"wd{k}"] = wd[:, k]
    columns["round_share"] = (
        np.bincount(codes, weights=ctx["is_round"].to_numpy(), minlength=m)
        / np.maximum(n_entries, 1.0)
    )
    _, run_first = np.unique(ctx["run_id"].to_numpy(), return_index=True)
    rcodes = codes[run_first]
    columns["run_q95"] = _group_quantile(
        rcodes, ctx["run_len"].to_numpy(dtype="float64")[run_first], 0.95, m
    )
    # how often an entry repeats the previous one's hours on the same project (1 - runs/entries)
    n_runs = np.bincount(rcodes, minlength=m).astype("float64")
    columns["repeat_rate"] = 1.0 - n_runs / np.maximum(n_entries, 1.0)
    lag = ctx["lag_days"].to_numpy(dtype="float64")
    columns["lag_med"] = _group_quantile(codes, lag, 0.5, m)
    columns["lag_q95"] = _group_quantile(codes, lag, 0.95, m)
    stats = pd.DataFrame(columns, index=pd.Index(ids, name="consultant_id"))
    return stats[list(PERSON_STATS)].astype("float64")


def _pair_key(ctx: pd.DataFrame) -> pd.Series:
    return ctx["consultant_id"].astype("str") + "|" + ctx["project_id"].astype("str")


class TimesheetFeatures(TransformerMixin, BaseEstimator):
    """Entry features in context; see the module docstring for what and why.

    Parameters are the deterministic checks' thresholds (they are part of the model, so a
    retrain can tune them and serving uses exactly what training used).
    """

    def __init__(
        self,
        cap_hours: float = 13.0,
        late_days: float = 30.0,
        spike_ratio: float = 2.5,
        spike_min_excess: float = 3.0,
        run_min: int = 5,
        off_day_share_max: float = 0.05,
        min_pair_entries: int = 5,
        min_history_entries: int = 30,
        min_local_entries: int = 40,
    ) -> None:
        self.cap_hours = cap_hours
        self.late_days = late_days
        self.spike_ratio = spike_ratio
        self.spike_min_excess = spike_min_excess
        self.run_min = run_min
        self.off_day_share_max = off_day_share_max
        self.min_pair_entries = min_pair_entries
        self.min_history_entries = min_history_entries
        self.min_local_entries = min_local_entries

    # -- fitting -----------------------------------------------------------------------
    def fit(self, X: pd.DataFrame, y: Any = None) -> TimesheetFeatures:
        """Learn per-consultant baselines and consultant/project pairs from ``X``."""
        ctx = _row_context(coerce_entries(X))
        stats = _person_stats(ctx)
        self.person_ids_: list[str] = [str(k) for k in stats.index]
        self.person_values_: np.ndarray = stats[list(PERSON_STATS)].to_numpy(dtype="float64")
        self.global_stats_: dict[str, float] = {
            col: float(stats[col].median()) if stats[col].notna().any() else float("nan")
            for col in PERSON_STATS
        }
        pair = ctx.groupby(_pair_key(ctx), sort=False)["hours"]
        self.pair_n_: dict[str, float] = {str(k): float(v) for k, v in pair.size().items()}
        self.pair_median_: dict[str, float] = {
            str(k): float(v) for k, v in pair.median().items()
        }
        self.feature_names_: list[str] = list(FEATURES) + [
            f"chk_{code}" for code in self.check_params().codes()
        ]
        self.n_features_in_ = len(X.columns)
        return self

    def check_params(self) -> CheckParams:
        """The checks' thresholds as one object."""
        return CheckParams(
            cap_hours=self.cap_hours,
            late_days=self.late_days,
            spike_ratio=self.spike_ratio,
            spike_min_excess=self.spike_min_excess,
            run_min=self.run_min,
            off_day_share_max=self.off_day_share_max,
            min_history_entries=self.min_history_entries,
        )

    # -- transforming ------------------------------------------------------------------
    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        """Numeric features of the non-context rows of ``X``, in input order."""
        return self.transform_context(X)[self.feature_names_]

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the columns :meth:`transform` returns."""
        return np.asarray(self.feature_names_, dtype=object)

    def _baselines(self, ctx: pd.DataFrame) -> dict[str, np.ndarray]:
        """Per-row person baselines (one array per statistic).

        A consultant with at least ``min_local_entries`` rows in the frame (their stored
        history plus the batch) is judged against that recent record: habits change, and an id
        may not mean the same person as at training time. Otherwise the fitted baseline is used
        when the consultant was seen in training, else whatever the frame has, else firm-wide
        medians.
        """
        cid = ctx["consultant_id"].to_numpy()
        pos = pd.Index(self.person_ids_).get_indexer(cid)
        values = np.full((len(ctx), len(PERSON_STATS)), np.nan)
        known = pos >= 0
        values[known] = self.person_values_[pos[known]]
        local_rows = (self._local_counts(ctx) >= self.min_local_entries) | ~known
        if local_rows.any():
            local = _person_stats(ctx.loc[local_rows])
            lpos = local.index.get_indexer(cid[local_rows])
            values[local_rows] = local.to_numpy(dtype="float64")[lpos]
        out: dict[str, np.ndarray] = {}
        for k, col in enumerate(PERSON_STATS):
            column = values[:, k]
            column[np.isnan(column)] = self.global_stats_[col]
            out[col] = column
        return out

    @staticmethod
    def _local_counts(ctx: pd.DataFrame) -> np.ndarray:
        codes = ctx["_cid"].to_numpy()
        return np.bincount(codes)[codes] if len(codes) else np.zeros(0, dtype=np.int64)

    def _pair_context(
        self, ctx: pd.DataFrame, recent: np.ndarray, med_hours: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(entries on this consultant/project pair, the pair's usual hours) per row."""
        n = len(ctx)
        cid = ctx["_cid"].to_numpy()
        pid = np.asarray(pd.factorize(ctx["project_id"])[0], dtype=np.int64)
        pair = pd.factorize(cid * 1_000_000 + pid)[0]
        first = np.unique(pair, return_index=True)[1] if n else np.zeros(0, dtype=np.int64)
        c_ids = ctx["consultant_id"].to_numpy()[first]
        p_ids = ctx["project_id"].to_numpy()[first]
        keys = [f"{c}|{p}" for c, p in zip(c_ids, p_ids, strict=True)]
        fit_n = np.array([self.pair_n_.get(k, 0.0) for k in keys], dtype="float64")[pair]
        fit_med = np.array([self.pair_median_.get(k, np.nan) for k in keys], dtype="float64")[pair]
        fit_n = np.where(recent, 0.0, fit_n)  # the consultant's own recent record wins
        frame_n = np.bincount(pair)[pair].astype("float64") if n else fit_n
        hours = ctx["hours"].to_numpy(dtype="float64")
        local_med = (
            pd.Series(hours).groupby(pair).median().to_numpy()[pair] if n else hours
        )
        pair_med = np.where(fit_n >= self.min_pair_entries, fit_med, np.nan)
        pair_med = np.where(
            np.isnan(pair_med) & (frame_n >= self.min_pair_entries), local_med, pair_med
        )
        pair_med = np.where(np.isnan(pair_med), med_hours, pair_med)
        return np.maximum(fit_n, frame_n), np.maximum(pair_med, 0.25)

    def transform_context(self, X: pd.DataFrame) -> pd.DataFrame:
        """Features plus the facts the reason messages quote, for the non-context rows.

        Plain numpy on whole columns: this runs on every scoring call, and per-operation
        pandas overhead dominated the latency of small batches.
        """
        ctx = _row_context(coerce_entries(X))
        n = len(ctx)
        base = self._baselines(ctx)
        recent = self._local_counts(ctx) >= self.min_local_entries
        pair_n, base_hours = self._pair_context(ctx, recent, base["med_hours"])
        nan = np.full(n, np.nan)

        def col(name: str) -> np.ndarray:
            if name in ctx.columns:
                return np.asarray(ctx[name].to_numpy(dtype="float64", na_value=np.nan))
            return nan

        hours = col("hours")
        daily = col("daily_total")
        weekday = col("weekday")
        planned = col("planned_hours")
        budget = col("project_budget_hours")
        cum = col("cum_billable")
        lag = col("lag_days")
        run_len = col("run_len")
        hours_excess = hours - base_hours
        day_id = ctx["_day_id"].to_numpy()
        day_max = (
            pd.Series(hours_excess).groupby(day_id).max().to_numpy()[day_id] if n else nan
        )
        wd = np.column_stack([base[f"wd{k}"] for k in range(7)]) if n else np.zeros((0, 7))
        wd_idx = np.nan_to_num(weekday, nan=0.0).astype(int)
        with np.errstate(divide="ignore", invalid="ignore"):
            features: dict[str, np.ndarray] = {
                "hours": hours,
                "hours_ratio": hours / base_hours,
                "hours_z": (hours - base["med_hours"]) / (1.4826 * base["mad_hours"] + 0.25),
                "hours_excess": hours_excess,
                "hours_ratio_person": hours / np.maximum(base["med_hours"], 0.25),
                "daily_total": daily,
                "daily_n": col("daily_n"),
                "daily_ratio": daily / np.maximum(base["med_daily"], 0.5),
                "daily_excess": daily - base["q95_daily"],
                "daily_over_cap": daily - self.cap_hours,
                "day_culprit": (hours_excess >= day_max).astype("float64"),
                "dup_count": col("dup_count"),
                "dup_rank": col("dup_rank"),
                "same_pair_day_n": col("same_pair_day_n"),
                "weekday": weekday,
                "is_weekend": col("is_weekend"),
                "weekday_share": wd[np.arange(n), wd_idx] if n else nan,
                "weekend_share": base["weekend_share"],
                "is_holiday": col("is_holiday"),
                "holiday_share": base["holiday_share"],
                "days_after_end": col("days_after_end"),
                "days_before_start": col("days_before_start"),
                "pair_n_log": np.log1p(pair_n),
                "pair_share": pair_n / np.maximum(base["n_entries"], 1.0),
                "planned_log": np.log1p(np.maximum(planned, 0.0)),
                "planned_zero": np.where(np.isnan(planned), np.nan, (planned <= 0) * 1.0),
                "budget_ratio": cum / np.where(budget > 0, budget, np.nan),
                "budget_excess": cum - budget,
                "is_round": col("is_round"),
                "round_share": base["round_share"],
                "run_len": run_len,
                "run_excess": run_len - base["run_q95"],
                # how unlikely this run is for this person: (len - 1) * -log(repeat rate)
                "run_surprise": (run_len - 1)
                * -np.log(np.clip(base["repeat_rate"], 0.02, 0.98)),
                "lag_days": lag,
                "lag_excess": lag - base["lag_q95"],
                "lag_ratio": lag / np.maximum(base["lag_q95"], 3.0),
                "billable": col("billable"),
                "log_n_entries": np.log1p(base["n_entries"]),
            }
        facts: dict[str, Any] = {
            "entry_id": pd.Series(ctx["entry_id"].to_numpy(), dtype=object),
            "consultant_id": pd.Series(ctx["consultant_id"].to_numpy(), dtype=object),
            "project_id": pd.Series(ctx["project_id"].to_numpy(), dtype=object),
            "work_date": ctx["work_date"].to_numpy(),
            "base_hours": base_hours,
            "med_hours": base["med_hours"],
            "q95_daily": base["q95_daily"],
            "n_entries": base["n_entries"],
            "run_q95": base["run_q95"],
            "lag_q95": base["lag_q95"],
            "lag_med": base["lag_med"],
            "pair_n": pair_n,
            "planned_hours": planned,
            "budget": budget,
            "cum_billable": cum,
            "dup_of": pd.Series(ctx["dup_of"].to_numpy(), dtype=object),
            "run_first": ctx["run_first"].to_numpy(),
            "run_last": ctx["run_last"].to_numpy(),
            "project_end_date": ctx["project_end_date"].to_numpy()
            if "project_end_date" in ctx.columns else nan,
            "project_start_date": ctx["project_start_date"].to_numpy()
            if "project_start_date" in ctx.columns else nan,
            "_day_id": day_id,
        }
        columns = {**features, **facts}
        flags = check_flags(columns, self.check_params())
        for code, mask in flags.items():
            columns[f"chk_{code}"] = mask.astype("float64")
        out = pd.DataFrame(columns)
        if CONTEXT in ctx.columns:
            out = out.loc[~ctx[CONTEXT].to_numpy(dtype=bool)].reset_index(drop=True)
        return out
