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
    "weekend_share", "holiday_share", "round_share", "run_q95", "lag_med", "lag_q95",
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
    "is_round", "round_share", "run_len", "run_excess",
    "lag_days", "lag_excess", "lag_ratio",
    "billable", "log_n_entries",
)


def _has(frame: pd.DataFrame, col: str) -> bool:
    return col in frame.columns and bool(frame[col].notna().any())


def _row_context(frame: pd.DataFrame) -> pd.DataFrame:
    """Row-level facts that need the whole frame (same day, runs, duplicates, budget)."""
    ctx = frame.reset_index(drop=True)
    n = len(ctx)
    ctx["_order"] = np.arange(n)
    cid = ctx["consultant_id"]
    wd = ctx["work_date"]
    hours = ctx["hours"].astype("float64")
    ctx["weekday"] = wd.dt.day_of_week.astype("float64")
    ctx["is_weekend"] = (ctx["weekday"] >= 5).astype("float64")
    ctx["is_round"] = (np.mod(hours, 1.0) == 0).astype("float64")

    day_group = ctx.groupby([cid, wd], sort=False)["hours"]
    ctx["daily_total"] = day_group.transform("sum")
    ctx["daily_n"] = day_group.transform("size").astype("float64")
    ctx["same_pair_day_n"] = (
        ctx.groupby([cid, ctx["project_id"], wd], sort=False)["hours"].transform("size")
    ).astype("float64")

    # duplicates: identical consultant, project, date, hours (and task/description if given);
    # the earliest submitted copy is the original, later copies are the duplicates
    keys = ["consultant_id", "project_id", "work_date", "hours"]
    keys += [c for c in ("task", "description") if c in ctx.columns]
    sort_dup = (["submitted_at"] if _has(ctx, "submitted_at") else []) + ["_order"]
    dup_sorted = ctx.sort_values(sort_dup, kind="stable")
    dup_group = dup_sorted.groupby(keys, sort=False, dropna=False)
    rank = dup_group.cumcount()
    ctx["dup_rank"] = rank.reindex(ctx.index).astype("float64")
    ctx["dup_count"] = dup_group["hours"].transform("size").reindex(ctx.index).astype("float64")
    ctx["dup_of"] = dup_group["entry_id"].transform("first").reindex(ctx.index)

    # runs of identical hours on the same consultant/project, in date order
    run_sorted = ctx.sort_values(["consultant_id", "project_id", "work_date", "_order"],
                                 kind="stable")
    same = (
        (run_sorted["consultant_id"].to_numpy()[1:] == run_sorted["consultant_id"].to_numpy()[:-1])
        & (run_sorted["project_id"].to_numpy()[1:] == run_sorted["project_id"].to_numpy()[:-1])
        & (run_sorted["hours"].to_numpy()[1:] == run_sorted["hours"].to_numpy()[:-1])
    )
    run_id = np.concatenate([[0], np.cumsum(~same)]) if n else np.zeros(0, dtype=int)
    run_series = pd.Series(run_id, index=run_sorted.index)
    run_group = run_sorted["work_date"].groupby(run_id, sort=False)
    ctx["run_id"] = run_series.reindex(ctx.index).astype("float64")
    ctx["run_len"] = (
        pd.Series(run_group.transform("size").to_numpy(), index=run_sorted.index)
        .reindex(ctx.index).astype("float64")
    )
    ctx["run_first"] = pd.Series(run_group.transform("min").to_numpy(), index=run_sorted.index)
    ctx["run_last"] = pd.Series(run_group.transform("max").to_numpy(), index=run_sorted.index)

    if _has(ctx, "submitted_at"):
        ctx["lag_days"] = (ctx["submitted_at"] - wd) / _DAY
    else:
        ctx["lag_days"] = np.nan
    if _has(ctx, "project_end_date"):
        ctx["days_after_end"] = (wd - ctx["project_end_date"]) / _DAY
    else:
        ctx["days_after_end"] = np.nan
    if _has(ctx, "project_start_date"):
        ctx["days_before_start"] = (ctx["project_start_date"] - wd) / _DAY
    else:
        ctx["days_before_start"] = np.nan

    # budget consumption: billable hours booked to the project up to and including this entry
    billable = ctx["billable"] if "billable" in ctx.columns else pd.Series(np.nan, index=ctx.index)
    ctx["billable"] = billable.astype("float64")
    if _has(ctx, "project_budget_hours"):
        bill_hours = hours * billable.fillna(1.0)
        bud_sorted = ctx.assign(_bh=bill_hours).sort_values(
            ["project_id", "work_date", "_order"], kind="stable"
        )
        cum = bud_sorted.groupby("project_id", sort=False)["_bh"].cumsum()
        ctx["cum_billable"] = cum.reindex(ctx.index)
    else:
        ctx["cum_billable"] = np.nan
    return ctx


def _person_stats(ctx: pd.DataFrame) -> pd.DataFrame:
    """Each consultant's own baseline, from the rows in ``ctx``."""
    cid = ctx["consultant_id"]
    g = ctx.groupby(cid, sort=False)
    stats = pd.DataFrame({"n_entries": g.size().astype("float64")})
    stats["med_hours"] = g["hours"].median()
    dev = (ctx["hours"] - cid.map(stats["med_hours"])).abs()
    stats["mad_hours"] = dev.groupby(cid, sort=False).median()
    days = ctx.drop_duplicates(["consultant_id", "work_date"])
    dg = days.groupby("consultant_id", sort=False)
    stats["n_days"] = dg.size().astype("float64")
    stats["med_daily"] = dg["daily_total"].median()
    ddev = (days["daily_total"] - days["consultant_id"].map(stats["med_daily"])).abs()
    stats["mad_daily"] = ddev.groupby(days["consultant_id"], sort=False).median()
    stats["q95_daily"] = dg["daily_total"].quantile(0.95)
    stats["weekend_share"] = dg["is_weekend"].mean()
    if _has(days, "is_holiday"):
        stats["holiday_share"] = dg["is_holiday"].mean()
    else:
        stats["holiday_share"] = np.nan
    wd_counts = pd.crosstab(days["consultant_id"], days["weekday"].astype(int))
    wd_counts = wd_counts.reindex(columns=range(7), fill_value=0)
    shares = wd_counts.div(wd_counts.sum(axis=1), axis=0)
    for k in range(7):
        stats[f"wd{k}"] = shares[k]
    stats["round_share"] = g["is_round"].mean()
    runs = ctx.drop_duplicates("run_id")
    stats["run_q95"] = runs.groupby("consultant_id", sort=False)["run_len"].quantile(0.95)
    if ctx["lag_days"].notna().any():
        stats["lag_med"] = g["lag_days"].median()
        stats["lag_q95"] = g["lag_days"].quantile(0.95)
    else:
        stats["lag_med"] = np.nan
        stats["lag_q95"] = np.nan
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
    ) -> None:
        self.cap_hours = cap_hours
        self.late_days = late_days
        self.spike_ratio = spike_ratio
        self.spike_min_excess = spike_min_excess
        self.run_min = run_min
        self.off_day_share_max = off_day_share_max
        self.min_pair_entries = min_pair_entries
        self.min_history_entries = min_history_entries

    # -- fitting -----------------------------------------------------------------------
    def fit(self, X: pd.DataFrame, y: Any = None) -> TimesheetFeatures:
        """Learn per-consultant baselines and consultant/project pairs from ``X``."""
        ctx = _row_context(coerce_entries(X))
        stats = _person_stats(ctx)
        self.person_stats_: dict[str, dict[str, float]] = {
            col: {str(k): float(v) for k, v in stats[col].items() if pd.notna(v)}
            for col in PERSON_STATS
        }
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

    def _baselines(self, ctx: pd.DataFrame) -> pd.DataFrame:
        """Per-row person baselines: fitted ones for known consultants, else from the frame."""
        fitted = pd.DataFrame(self.person_stats_, columns=list(PERSON_STATS), dtype="float64")
        is_new = ~ctx["consultant_id"].isin(fitted.index)
        if is_new.any():
            local = _person_stats(ctx.loc[is_new])
            stats = pd.concat([fitted, local])
        else:
            stats = fitted
        rows = stats.reindex(ctx["consultant_id"].to_numpy())
        rows.index = ctx.index
        for col in PERSON_STATS:
            if rows[col].isna().any():
                rows[col] = rows[col].fillna(self.global_stats_[col])
        return rows

    def transform_context(self, X: pd.DataFrame) -> pd.DataFrame:
        """Features plus the facts the reason messages quote, for the non-context rows."""
        frame = coerce_entries(X)
        ctx = _row_context(frame)
        base = self._baselines(ctx)
        hours = ctx["hours"]

        key = _pair_key(ctx)
        fit_n = key.map(self.pair_n_).fillna(0.0).astype("float64")
        frame_n = key.map(key.value_counts()).astype("float64")
        pair_n = np.maximum(fit_n, frame_n)
        pair_med = key.map(self.pair_median_).where(fit_n >= self.min_pair_entries)
        local_med = ctx.groupby(key.to_numpy(), sort=False)["hours"].transform("median")
        pair_med = pair_med.fillna(local_med.where(frame_n >= self.min_pair_entries))
        base_hours = pair_med.fillna(base["med_hours"]).clip(lower=0.25)

        out = pd.DataFrame(index=ctx.index)
        out["hours"] = hours
        out["hours_ratio"] = hours / base_hours
        out["hours_z"] = (hours - base["med_hours"]) / (1.4826 * base["mad_hours"] + 0.25)
        out["hours_excess"] = hours - base_hours
        out["hours_ratio_person"] = hours / base["med_hours"].clip(lower=0.25)
        out["daily_total"] = ctx["daily_total"]
        out["daily_n"] = ctx["daily_n"]
        out["daily_ratio"] = ctx["daily_total"] / base["med_daily"].clip(lower=0.5)
        out["daily_excess"] = ctx["daily_total"] - base["q95_daily"]
        out["daily_over_cap"] = ctx["daily_total"] - self.cap_hours
        # the entry that pushed the day up: largest excess over the person's usual hours
        day_max = out["hours_excess"].groupby(
            [ctx["consultant_id"], ctx["work_date"]], sort=False
        ).transform("max")
        out["day_culprit"] = (out["hours_excess"] >= day_max).astype("float64")
        out["dup_count"] = ctx["dup_count"]
        out["dup_rank"] = ctx["dup_rank"]
        out["same_pair_day_n"] = ctx["same_pair_day_n"]
        out["weekday"] = ctx["weekday"]
        out["is_weekend"] = ctx["is_weekend"]
        wd_share = base[[f"wd{k}" for k in range(7)]].to_numpy()
        wd_idx = ctx["weekday"].fillna(0).astype(int).to_numpy()
        out["weekday_share"] = wd_share[np.arange(len(ctx)), wd_idx] if len(ctx) else 0.0
        out["weekend_share"] = base["weekend_share"]
        out["is_holiday"] = ctx["is_holiday"] if "is_holiday" in ctx.columns else np.nan
        out["holiday_share"] = base["holiday_share"]
        out["days_after_end"] = ctx["days_after_end"]
        out["days_before_start"] = ctx["days_before_start"]
        out["pair_n_log"] = np.log1p(pair_n)
        out["pair_share"] = pair_n / base["n_entries"].clip(lower=1.0)
        planned = ctx["planned_hours"] if "planned_hours" in ctx.columns else np.nan
        out["planned_log"] = np.log1p(planned)
        out["planned_zero"] = (
            (ctx["planned_hours"] <= 0).astype("float64").where(ctx["planned_hours"].notna())
            if "planned_hours" in ctx.columns else np.nan
        )
        budget = (
            ctx["project_budget_hours"] if "project_budget_hours" in ctx.columns
            else pd.Series(np.nan, index=ctx.index)
        )
        out["budget_ratio"] = ctx["cum_billable"] / budget.where(budget > 0)
        out["budget_excess"] = ctx["cum_billable"] - budget
        out["is_round"] = ctx["is_round"]
        out["round_share"] = base["round_share"]
        out["run_len"] = ctx["run_len"]
        out["run_excess"] = ctx["run_len"] - base["run_q95"]
        out["lag_days"] = ctx["lag_days"]
        out["lag_excess"] = ctx["lag_days"] - base["lag_q95"]
        out["lag_ratio"] = ctx["lag_days"] / base["lag_q95"].clip(lower=3.0)
        out["billable"] = ctx["billable"]
        out["log_n_entries"] = np.log1p(base["n_entries"])
        out = out.astype("float64")

        facts = pd.DataFrame(
            {
                "entry_id": ctx["entry_id"],
                "consultant_id": ctx["consultant_id"],
                "project_id": ctx["project_id"],
                "work_date": ctx["work_date"],
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
                "cum_billable": ctx["cum_billable"],
                "dup_of": ctx["dup_of"],
                "run_first": ctx["run_first"],
                "run_last": ctx["run_last"],
                "project_end_date": ctx.get("project_end_date"),
                "project_start_date": ctx.get("project_start_date"),
            },
            index=ctx.index,
        )
        rich = pd.concat([out, facts], axis=1)
        flags = check_flags(rich, self.check_params())
        for code, mask in flags.items():
            rich[f"chk_{code}"] = mask.astype("float64")
        if CONTEXT in ctx.columns:
            rich = rich.loc[~ctx[CONTEXT].to_numpy()]
        return rich.reset_index(drop=True)
