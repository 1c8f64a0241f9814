"""Seeded generator of a consulting firm's timesheets with labeled, injected anomalies.

There is no public timesheet log with labeled anomalies, so the model is trained and judged on a
simulated firm. The simulation is built to make *precision* hard, the way real logs do: some
consultants regularly work weekends, some log long days, some always log the same round number,
some habitually submit late, people move between projects and join new ones. A detector that
flags "weekend" or "8.0 h again" without learning the person's own habits drowns in false alarms.

Anomalies are injected on top with a label (``is_anomaly``) and a kind (``anomaly_kind``, one
of :data:`ANOMALY_KINDS`). Different :class:`FirmConfig` values (seed, size, country mix, habit
shares) give different firms, which is how the cross-firm evaluation is done.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from service.scoring.timesheets.checks import CODES

# One kind per timesheet check: the simulation plants exactly what the checks are meant to find,
# so a check added to the service without a generator for it fails the generator tests.
ANOMALY_KINDS: tuple[str, ...] = CODES

ROLES: dict[str, tuple[float, float]] = {  # role -> (share of staff, base hourly rate USD)
    "analyst": (0.30, 120.0),
    "consultant": (0.30, 165.0),
    "senior_consultant": (0.20, 210.0),
    "manager": (0.15, 260.0),
    "partner": (0.05, 380.0),
}

# Fixed-date public holidays per country (month, day); good enough for a simulated calendar.
HOLIDAYS: dict[str, tuple[tuple[int, int], ...]] = {
    "US": ((1, 1), (1, 20), (5, 26), (7, 4), (9, 1), (11, 27), (12, 25)),
    "GB": ((1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)),
    "DE": ((1, 1), (4, 18), (4, 21), (5, 1), (5, 29), (10, 3), (12, 25), (12, 26)),
    "FR": ((1, 1), (4, 21), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)),
    "IN": ((1, 26), (3, 14), (8, 15), (10, 2), (10, 20), (11, 5), (12, 25)),
    "NL": ((1, 1), (4, 21), (4, 27), (5, 5), (5, 29), (12, 25), (12, 26)),
}

TASKS: dict[str, tuple[str, ...]] = {
    "analysis": ("Data analysis", "Model review", "Requirements analysis", "Process mapping"),
    "delivery": ("Build and test", "Deliverable drafting", "Implementation support"),
    "meetings": ("Client meeting", "Steering committee", "Status call", "Workshop"),
    "travel": ("Travel to client site", "Return travel"),
    "admin": ("Timesheets and admin", "Internal review", "Knowledge sharing"),
}


@dataclass(frozen=True)
class FirmConfig:
    """Everything that makes one simulated firm different from another."""

    name: str = "northwind"
    seed: int = 42
    n_consultants: int = 60
    n_projects: int = 36
    start: date = date(2025, 1, 6)
    days: int = 364
    countries: tuple[str, ...] = ("US", "GB", "DE", "IN")
    anomaly_rate: float = 0.04  # anomalous rows / normal rows
    weekend_worker_share: float = 0.15
    long_day_share: float = 0.15
    round_logger_share: float = 0.20
    late_submitter_share: float = 0.10
    part_time_share: float = 0.08
    busy_months: tuple[int, ...] = (3, 6, 9, 12)
    busy_factor: float = 1.12
    stray_weekend_rate: float = 0.004  # chance a non-weekend worker logs a given weekend day
    id_prefix: str = ""


@dataclass
class GeneratedFirm:
    """The generator's output: entries (canonical columns + labels) and the firm's context."""

    entries: pd.DataFrame
    projects: pd.DataFrame
    staffing: pd.DataFrame
    consultants: pd.DataFrame
    config: FirmConfig = field(default_factory=FirmConfig)


@dataclass
class _Consultant:
    cid: str
    role: str
    country: str
    base: float
    sd: float
    granularity: float
    weekend_p: float
    workdays: tuple[int, ...]
    round_logger: bool
    lag_extra: float
    leave: set[date]


@dataclass
class _Project:
    pid: str
    client: str
    start: date
    end: date
    billable: bool
    rate_mult: float
    staff: dict[str, float]  # consultant -> allocation weight


def _holiday_set(countries: tuple[str, ...], start: date, days: int) -> dict[str, set[date]]:
    years = {(start + timedelta(days=d)).year for d in (0, days)}
    out: dict[str, set[date]] = {}
    for c in countries:
        out[c] = {date(y, m, d) for y in years for (m, d) in HOLIDAYS.get(c, ())}
    return out


def _make_consultants(cfg: FirmConfig, rng: np.random.Generator) -> list[_Consultant]:
    roles = list(ROLES)
    shares = np.array([ROLES[r][0] for r in roles])
    out: list[_Consultant] = []
    for i in range(cfg.n_consultants):
        role = str(rng.choice(roles, p=shares / shares.sum()))
        country = str(rng.choice(cfg.countries))
        long_day = rng.random() < cfg.long_day_share
        part_time = not long_day and rng.random() < cfg.part_time_share
        base = rng.uniform(10.0, 11.5) if long_day else rng.uniform(7.4, 8.6)
        workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
        if part_time:
            base = rng.uniform(4.5, 6.5)
            workdays = tuple(sorted(rng.choice(5, size=int(rng.integers(3, 5)), replace=False)))
        round_logger = rng.random() < cfg.round_logger_share
        weekend_p = rng.uniform(0.2, 0.6) if rng.random() < cfg.weekend_worker_share else 0.0
        lag_extra = rng.uniform(8, 20) if rng.random() < cfg.late_submitter_share else 0.0
        leave: set[date] = set()
        for _ in range(int(rng.integers(2, 5))):
            first = cfg.start + timedelta(days=int(rng.integers(0, cfg.days - 14)))
            leave.update(first + timedelta(days=k) for k in range(int(rng.integers(3, 12))))
        out.append(
            _Consultant(
                cid=f"{cfg.id_prefix}C{i + 1:04d}",
                role=role,
                country=country,
                base=float(round(base)) if round_logger else float(base),
                sd=0.0 if round_logger else float(rng.uniform(0.4, 1.1)),
                granularity=1.0 if round_logger else float(rng.choice([0.25, 0.5])),
                weekend_p=float(weekend_p),
                workdays=workdays,
                round_logger=round_logger,
                lag_extra=float(lag_extra),
                leave=leave,
            )
        )
    return out


def _make_projects(
    cfg: FirmConfig, rng: np.random.Generator, people: list[_Consultant]
) -> list[_Project]:
    projects: list[_Project] = []
    end_of_window = cfg.start + timedelta(days=cfg.days)
    for j in range(cfg.n_projects):
        start = cfg.start + timedelta(days=int(rng.integers(-120, int(cfg.days * 0.8))))
        length = int(rng.integers(60, 300))
        end = start + timedelta(days=length)
        n_staff = int(np.clip(rng.poisson(6), 2, 12))
        staff_ids = rng.choice(len(people), size=n_staff, replace=False)
        staff = {people[k].cid: float(rng.uniform(0.3, 1.0)) for k in staff_ids}
        projects.append(
            _Project(
                pid=f"{cfg.id_prefix}P{j + 1:03d}",
                client=f"{cfg.id_prefix}CL{int(rng.integers(1, cfg.n_projects // 2 + 2)):03d}",
                start=start,
                end=min(end, end_of_window + timedelta(days=200)),
                billable=True,
                rate_mult=float(rng.uniform(0.85, 1.25)),
                staff=staff,
            )
        )
    # One internal, non-billable project everyone may book to (bench time, training, admin).
    projects.append(
        _Project(
            pid=f"{cfg.id_prefix}INT01",
            client="internal",
            start=cfg.start - timedelta(days=365),
            end=end_of_window + timedelta(days=365),
            billable=False,
            rate_mult=0.0,
            staff={p.cid: 0.15 for p in people},
        )
    )
    return projects


def _round_to(value: float, step: float) -> float:
    return float(round(value / step) * step)


def _submitted_at(rng: np.random.Generator, work_date: date, person: _Consultant) -> datetime:
    to_friday = (4 - work_date.weekday()) % 7
    habit = round(person.lag_extra * rng.uniform(0.6, 1.3))
    lag = to_friday + int(rng.geometric(0.6)) - 1 + habit
    hour = int(rng.integers(8, 20))
    minute = int(rng.integers(0, 60))
    day = work_date + timedelta(days=int(lag))
    return datetime(day.year, day.month, day.day, hour, minute)


def _normal_entries(
    cfg: FirmConfig,
    rng: np.random.Generator,
    people: list[_Consultant],
    projects: list[_Project],
    holidays: dict[str, set[date]],
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    by_person: dict[str, list[_Project]] = {p.cid: [] for p in people}
    for proj in projects:
        for cid in proj.staff:
            by_person[cid].append(proj)
    # Round loggers keep a fixed integer split per project combination, so long identical
    # runs are their normal behaviour (a hard negative for the padded-run check).
    for day_index in range(cfg.days):
        day = cfg.start + timedelta(days=day_index)
        weekday = day.weekday()
        busy = cfg.busy_factor if day.month in cfg.busy_months else 1.0
        for person in people:
            if day in person.leave:
                continue
            holiday = day in holidays[person.country]
            if weekday >= 5:
                p_work = person.weekend_p if person.weekend_p > 0 else cfg.stray_weekend_rate
                if rng.random() >= p_work:
                    continue
                total = rng.uniform(1.5, 6.0)
            elif holiday:
                if person.weekend_p <= 0 or rng.random() >= person.weekend_p * 0.5:
                    continue
                total = rng.uniform(2.0, 6.0)
            else:
                if weekday not in person.workdays:
                    continue
                total = person.base * busy + rng.normal(0, person.sd) if person.sd else person.base
            total = float(np.clip(total, 1.0, 12.5))
            active = [p for p in by_person[person.cid] if p.start <= day <= p.end]
            client = [p for p in active if p.billable]
            if not client:
                chosen = [p for p in active if not p.billable]
                weights = np.array([1.0])
            else:
                k = min(len(client), 1 + int(rng.random() < 0.35) + int(rng.random() < 0.1))
                if person.round_logger:
                    client = sorted(client, key=lambda p: -p.staff[person.cid])
                    chosen = client[: min(len(client), 2)]
                else:
                    w = np.array([p.staff[person.cid] for p in client])
                    idx = rng.choice(len(client), size=k, replace=False, p=w / w.sum())
                    chosen = [client[i] for i in idx]
                weights = np.array([p.staff[person.cid] for p in chosen])
                if rng.random() < 0.12 and not person.round_logger:
                    chosen.append(next(p for p in active if not p.billable))
                    weights = np.append(weights, 0.15)
            if person.round_logger:
                shares = weights / weights.sum()
                hours = [max(1.0, float(round(total * s))) for s in shares]
            else:
                shares = rng.dirichlet(weights * 8)
                hours = [_round_to(total * s, person.granularity) for s in shares]
            for proj, h in zip(chosen, hours, strict=True):
                if h < person.granularity or h <= 0:
                    continue
                task = str(rng.choice(list(TASKS)))
                rows.append(
                    {
                        "consultant_id": person.cid,
                        "project_id": proj.pid,
                        "work_date": day,
                        "hours": float(h),
                        "billable": proj.billable,
                        "task": task,
                        "description": str(rng.choice(TASKS[task])),
                        "submitted_at": _submitted_at(rng, day, person),
                        "role": person.role,
                        "country": person.country,
                        "is_holiday": holiday,
                        "is_anomaly": False,
                        "anomaly_kind": "",
                    }
                )
    return rows


def _inject(
    cfg: FirmConfig,
    rng: np.random.Generator,
    df: pd.DataFrame,
    people: list[_Consultant],
    projects: list[_Project],
    holidays: dict[str, set[date]],
) -> pd.DataFrame:
    """Add labeled anomalies of every kind; budgets are set last (over_budget needs totals)."""
    n_target = int(len(df) * cfg.anomaly_rate)
    per_kind = max(3, n_target // len(ANOMALY_KINDS))
    person_of = {p.cid: p for p in people}
    proj_of = {p.pid: p for p in projects}
    by_person: dict[str, list[_Project]] = {p.cid: [] for p in people}
    for proj in projects:
        for cid in proj.staff:
            by_person[cid].append(proj)
    df = df.copy()
    new_rows: list[dict[str, Any]] = []
    end_of_window = cfg.start + timedelta(days=cfg.days - 1)
    medians = df.groupby(["consultant_id", "project_id"])["hours"].median().to_dict()

    def clean_pick(mask: pd.Series | None = None) -> int:
        ok = ~df["is_anomaly"]
        if mask is not None:
            ok &= mask
        candidates = np.flatnonzero(ok.to_numpy())
        return int(df.index[int(rng.choice(candidates))])

    def label(i: int, kind: str) -> None:
        df.loc[i, "is_anomaly"] = True
        df.loc[i, "anomaly_kind"] = kind

    def add(base: dict[str, Any], kind: str, **changes: Any) -> None:
        row = dict(base)
        row.update(changes)
        row["is_anomaly"] = True
        row["anomaly_kind"] = kind
        new_rows.append(row)

    # padded runs of identical round numbers by people whose hours normally vary (first, so
    # that no later injection breaks a run)
    varied = [p.cid for p in people if not p.round_logger]
    made = 0
    attempts = 0
    while made < per_kind and attempts < 500:
        attempts += 1
        cid = str(rng.choice(varied))
        mine = df[df["consultant_id"] == cid]
        pid = str(rng.choice(mine["project_id"].unique()))
        run = mine[mine["project_id"] == pid].sort_values("work_date", kind="stable")
        n = int(rng.integers(5, 9))
        if len(run) < n + 2:
            continue
        first = int(rng.integers(0, len(run) - n))
        window = run.iloc[first : first + n]
        if window["is_anomaly"].any():
            continue
        value = float(max(1.0, round(float(run["hours"].median()))))
        df.loc[window.index, "hours"] = value
        df.loc[window.index, "is_anomaly"] = True
        df.loc[window.index, "anomaly_kind"] = "padded_round_hours"
        made += n
    weekday_mask = pd.to_datetime(df["work_date"]).dt.day_of_week < 5
    # duplicate entries: a second copy, resubmitted a little later
    for _ in range(per_kind):
        i = clean_pick()
        row = df.loc[i].to_dict()
        add(row, "duplicate_entry",
            submitted_at=row["submitted_at"] + timedelta(hours=float(rng.uniform(1, 240))))
    # daily total over the cap
    daily = df.groupby(["consultant_id", "work_date"])["hours"].transform("sum")
    for _ in range(per_kind):
        i = clean_pick(weekday_mask)
        target = float(rng.uniform(14.0, 20.0))
        extra = _round_to(max(target - float(daily.loc[i]), 2.0), 0.5)
        df.loc[i, "hours"] = float(df.loc[i, "hours"]) + extra
        label(i, "daily_hours_over_cap")
    # spikes against the person's own baseline (kept under the cap where possible)
    steady = df["consultant_id"].map(lambda c: person_of[c].base < 9.5)
    for _ in range(per_kind):
        i = clean_pick(weekday_mask & steady)
        med = float(medians[(df.loc[i, "consultant_id"], df.loc[i, "project_id"])])
        new = max(med * float(rng.uniform(2.5, 4.0)), med + 4.0)
        df.loc[i, "hours"] = min(_round_to(new, 0.5), 13.0 if med < 3.5 else 16.0)
        label(i, "hours_spike")
    # late submissions, long after the work date
    for _ in range(per_kind):
        i = clean_pick()
        wd = df.loc[i, "work_date"]
        lag = int(rng.integers(35, 120))
        df.loc[i, "submitted_at"] = datetime(wd.year, wd.month, wd.day, 10) + timedelta(days=lag)
        label(i, "late_submission")
    # weekend or holiday entries by people who do not work then
    regular = [p for p in people if p.weekend_p == 0]
    for _ in range(per_kind):
        person = regular[int(rng.integers(len(regular)))]
        for _try in range(50):
            day = cfg.start + timedelta(days=int(rng.integers(0, cfg.days)))
            if day.weekday() >= 5 or day in holidays[person.country]:
                break
        active = [p for p in by_person[person.cid] if p.start <= day <= p.end and p.billable]
        proj = active[0] if active else next(p for p in by_person[person.cid] if not p.billable)
        task = str(rng.choice(list(TASKS)))
        add(
            _row(person, proj, day, _round_to(rng.uniform(2, 8), person.granularity), task, rng,
                 day in holidays[person.country]),
            "off_day_work",
        )
    # entries after a project's end date or before its start
    closed = [p for p in projects if p.billable and cfg.start + timedelta(days=20) < p.end
              < end_of_window - timedelta(days=10)]
    opened = [p for p in projects if p.billable and p.start > cfg.start + timedelta(days=30)]
    for k in range(per_kind):
        after = k % 3 != 2 or not opened
        proj = closed[int(rng.integers(len(closed)))] if after else opened[int(rng.integers(len(opened)))]
        cid = str(rng.choice(list(proj.staff)))
        person = person_of[cid]
        for _try in range(50):
            delta = int(rng.integers(3, 60))
            day = proj.end + timedelta(days=delta) if after else proj.start - timedelta(days=delta)
            if day.weekday() < 5 and cfg.start <= day <= end_of_window:
                break
        else:
            continue
        add(_row(person, proj, day, _round_to(rng.uniform(2, 7), person.granularity), "delivery",
                 rng, day in holidays[person.country]), "outside_project_dates")
    # hours on a project the person is not staffed on
    for _ in range(per_kind):
        person = people[int(rng.integers(len(people)))]
        for _try in range(50):
            day = cfg.start + timedelta(days=int(rng.integers(0, cfg.days)))
            if day.weekday() >= 5:
                continue
            others = [p for p in projects if p.billable and person.cid not in p.staff
                      and p.start <= day <= p.end]
            if others:
                break
        else:
            continue
        proj = others[int(rng.integers(len(others)))]
        add(_row(person, proj, day, _round_to(rng.uniform(1, 5), person.granularity), "analysis",
                 rng, day in holidays[person.country]), "unstaffed_project")

    if new_rows:
        df = pd.concat([df, pd.DataFrame(new_rows)], ignore_index=True)
    df = df.sort_values(["work_date", "consultant_id", "submitted_at"], kind="stable")
    df = df.reset_index(drop=True)

    # budgets: comfortable for most projects, tight for a few (their last entries go over)
    billable = df[df["billable"]]
    budgets: dict[str, float] = {}
    over_projects = [p for p in projects if p.billable and cfg.start < p.end < end_of_window]
    rng.shuffle(over_projects)  # type: ignore[arg-type]
    n_over_rows = 0
    tight: set[str] = set()
    for proj in over_projects:
        if n_over_rows >= per_kind:
            break
        rows = billable[billable["project_id"] == proj.pid]
        if len(rows) < 40:
            continue
        k = int(rng.integers(4, 10))
        cum = rows["hours"].cumsum()
        budgets[proj.pid] = float(np.floor(float(cum.iloc[-k - 1]) / 10) * 10)
        tight.add(proj.pid)
        n_over_rows += k
    totals = billable.groupby("project_id")["hours"].sum()
    for proj in projects:
        if proj.pid in budgets:
            continue
        if not proj.billable:
            continue
        total = float(totals.get(proj.pid, 0.0))
        # scale to the whole project life, not just the part inside the window
        life = max((proj.end - proj.start).days, 1)
        inside = max((min(proj.end, end_of_window) - max(proj.start, cfg.start)).days, 1)
        budgets[proj.pid] = float(np.ceil(total * life / inside * rng.uniform(1.15, 1.5) / 10) * 10)
    df["project_budget_hours"] = df["project_id"].map(budgets)
    cum_all = df["hours"].where(df["billable"], 0.0).groupby(df["project_id"]).cumsum()
    over = df["billable"] & df["project_id"].isin(tight) & (cum_all > df["project_budget_hours"])
    fresh = over & ~df["is_anomaly"]
    df.loc[fresh, "anomaly_kind"] = "over_budget"
    df.loc[over, "is_anomaly"] = True

    # context columns
    df["project_start_date"] = df["project_id"].map({p.pid: p.start for p in projects})
    df["project_end_date"] = df["project_id"].map({p.pid: p.end for p in projects})
    rate = {p.pid: p.rate_mult for p in projects}
    df["bill_rate"] = [
        round(ROLES[r][1] * rate[pid], 2) if b else 0.0
        for r, pid, b in zip(df["role"], df["project_id"], df["billable"], strict=True)
    ]
    planned: dict[tuple[str, str], float] = {}
    for proj in projects:
        if not proj.billable:
            continue
        workdays = max(int(np.busday_count(proj.start, proj.end)), 1)
        for cid, w in proj.staff.items():
            planned[(cid, proj.pid)] = float(round(workdays * 8 * w * 0.6 / 10) * 10)
    df["planned_hours"] = [
        planned.get((c, p), 0.0) if proj_of[p].billable else np.nan
        for c, p in zip(df["consultant_id"], df["project_id"], strict=True)
    ]
    df.insert(0, "entry_id", [f"{cfg.id_prefix}E{i + 1:07d}" for i in range(len(df))])
    return df


def _row(
    person: _Consultant,
    proj: _Project,
    day: date,
    hours: float,
    task: str,
    rng: np.random.Generator,
    holiday: bool,
) -> dict[str, Any]:
    return {
        "consultant_id": person.cid,
        "project_id": proj.pid,
        "work_date": day,
        "hours": float(max(hours, 0.5)),
        "billable": proj.billable,
        "task": task,
        "description": str(rng.choice(TASKS.get(task, TASKS["delivery"]))),
        "submitted_at": _submitted_at(rng, day, person),
        "role": person.role,
        "country": person.country,
        "is_holiday": holiday,
    }


COLUMNS: tuple[str, ...] = (
    "entry_id", "consultant_id", "project_id", "work_date", "hours", "billable", "task",
    "description", "submitted_at", "role", "bill_rate", "project_start_date", "project_end_date",
    "project_budget_hours", "planned_hours", "is_holiday", "country", "is_anomaly",
    "anomaly_kind",
)


def generate(config: FirmConfig | None = None) -> GeneratedFirm:
    """Simulate one firm; the same config always gives the same frames."""
    cfg = config or FirmConfig()
    rng = np.random.default_rng(cfg.seed)
    people = _make_consultants(cfg, rng)
    projects = _make_projects(cfg, rng, people)
    holidays = _holiday_set(cfg.countries, cfg.start, cfg.days)
    rows = _normal_entries(cfg, rng, people, projects, holidays)
    df = pd.DataFrame(rows)
    df = _inject(cfg, rng, df, people, projects, holidays)
    df["work_date"] = pd.to_datetime(df["work_date"]).dt.strftime("%Y-%m-%d")
    for col in ("project_start_date", "project_end_date"):
        df[col] = pd.to_datetime(df[col]).dt.strftime("%Y-%m-%d")
    df["submitted_at"] = pd.to_datetime(df["submitted_at"]).dt.strftime("%Y-%m-%dT%H:%M:%S")
    df["anomaly_kind"] = df["anomaly_kind"].where(df["is_anomaly"], "")
    entries = df[list(COLUMNS)].copy()
    projects_df = pd.DataFrame(
        {
            "project_id": [p.pid for p in projects],
            "client_id": [p.client for p in projects],
            "start_date": [p.start.isoformat() for p in projects],
            "end_date": [p.end.isoformat() for p in projects],
            "billable": [p.billable for p in projects],
            "budget_hours": [
                float(entries.loc[entries["project_id"] == p.pid, "project_budget_hours"].max())
                if p.billable else np.nan
                for p in projects
            ],
        }
    )
    staffing_df = pd.DataFrame(
        [
            {"project_id": p.pid, "consultant_id": cid, "allocation": round(w, 3)}
            for p in projects
            for cid, w in p.staff.items()
        ]
    )
    consultants_df = pd.DataFrame(
        {
            "consultant_id": [p.cid for p in people],
            "role": [p.role for p in people],
            "country": [p.country for p in people],
            "weekend_worker": [p.weekend_p > 0 for p in people],
            "long_days": [p.base >= 9.5 for p in people],
            "round_logger": [p.round_logger for p in people],
            "late_submitter": [p.lag_extra > 0 for p in people],
        }
    )
    return GeneratedFirm(entries, projects_df, staffing_df, consultants_df, cfg)


# A second firm, different in seed, size, countries and habits: the cross-firm evaluation.
OTHER_FIRM = FirmConfig(
    name="bluefjord",
    seed=2024,
    n_consultants=45,
    n_projects=28,
    start=date(2025, 7, 7),
    days=280,
    countries=("FR", "NL", "US", "IN"),
    anomaly_rate=0.03,
    weekend_worker_share=0.25,
    long_day_share=0.22,
    round_logger_share=0.30,
    late_submitter_share=0.18,
    part_time_share=0.12,
    busy_months=(1, 11),
    id_prefix="B",
)

# A harder firm: rarer anomalies, more stray weekend work and more people whose normal habits
# look anomalous elsewhere (weekend workers, long days, late submitters).
STRESS_FIRM = replace(
    OTHER_FIRM,
    name="stress",
    seed=77,
    stray_weekend_rate=0.012,
    weekend_worker_share=0.3,
    long_day_share=0.3,
    anomaly_rate=0.015,
    late_submitter_share=0.25,
    id_prefix="H",
)

SAMPLE_FIRM = replace(FirmConfig(), name="sample", seed=11, n_consultants=14, n_projects=10,
                      days=182, id_prefix="S")


def write_samples(target: Path) -> dict[str, int]:
    """Write the small sample CSVs committed under ``data/samples/timesheets``."""
    target.mkdir(parents=True, exist_ok=True)
    firm = generate(SAMPLE_FIRM)
    firm.entries.to_csv(target / "timesheets.csv", index=False)
    firm.projects.to_csv(target / "projects.csv", index=False)
    firm.staffing.to_csv(target / "staffing.csv", index=False)
    firm.consultants.to_csv(target / "consultants.csv", index=False)
    minimal = firm.entries[
        ["entry_id", "consultant_id", "project_id", "work_date", "hours", "billable", "task",
         "submitted_at", "is_anomaly", "anomaly_kind"]
    ].head(800)
    minimal.to_csv(target / "timesheets_minimal.csv", index=False)
    return {"timesheets": len(firm.entries), "minimal": len(minimal)}


def main() -> None:
    """``python -m training.timesheets.generator [--out DIR]``: regenerate the sample CSVs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("data/samples/timesheets"))
    args = parser.parse_args()
    print(write_samples(args.out))


if __name__ == "__main__":
    main()
