"""Each deterministic check fires on its case and stays silent on the look-alike normal case."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest

from service.scoring.timesheets.checks import CODES, explain
from service.scoring.timesheets.columns import CONTEXT
from service.scoring.timesheets.features import TimesheetFeatures

START = date(2026, 1, 5)  # a Monday


def _weekdays(n: int, start: date = START) -> list[date]:
    days: list[date] = []
    day = start
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _history(
    person: str = "C1",
    *,
    n: int = 60,
    hours: Any = None,
    weekends: bool = False,
    round_logger: bool = False,
    extra: dict[str, Any] | None = None,
) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    days = _weekdays(n)
    if weekends:
        days += [START + timedelta(days=5 + 7 * k) for k in range(n // 4)]
    for k, day in enumerate(sorted(days)):
        if round_logger:
            h = 8.0
        elif hours is not None:
            h = float(hours)
        else:
            h = float(rng.choice(np.arange(3.0, 5.01, 0.25)))
        row = {
            "entry_id": f"{person}-H{k}",
            "consultant_id": person,
            "project_id": "P1",
            "work_date": day.isoformat(),
            "hours": h,
            "billable": True,
            "submitted_at": f"{(day + timedelta(days=2)).isoformat()}T17:00:00",
        }
        row.update(extra or {})
        rows.append(row)
    return pd.DataFrame(rows)


def _flags(history: pd.DataFrame, request: list[dict[str, Any]]) -> pd.DataFrame:
    features = TimesheetFeatures().fit(history)
    frame = pd.concat(
        [history.assign(**{CONTEXT: True}), pd.DataFrame(request).assign(**{CONTEXT: False})],
        ignore_index=True,
    )
    return features.transform_context(frame)


def _entry(day: date, hours: float, **extra: Any) -> dict[str, Any]:
    row = {
        "entry_id": extra.pop("entry_id", f"R-{day.isoformat()}-{hours}"),
        "consultant_id": "C1",
        "project_id": "P1",
        "work_date": day.isoformat(),
        "hours": hours,
        "billable": True,
        "submitted_at": f"{(day + timedelta(days=2)).isoformat()}T17:00:00",
    }
    row.update(extra)
    return row


LATER = _weekdays(80)[70:]  # weekdays after the history


def fired(rich: pd.DataFrame, code: str) -> list[bool]:
    return [bool(v) for v in rich[f"chk_{code}"]]


def test_duplicate_flags_the_later_copy_only() -> None:
    first = _entry(LATER[0], 4.0, entry_id="A")
    copy = {**first, "entry_id": "B", "submitted_at": f"{LATER[3].isoformat()}T09:00:00"}
    rich = _flags(_history(), [first, copy])
    assert fired(rich, "duplicate_entry") == [False, True]
    message = explain(rich, TimesheetFeatures().check_params())[1][0]["message"]
    assert "duplicates entry A" in message


def test_daily_cap_fires_over_the_cap_not_on_a_long_normal_day() -> None:
    over = [_entry(LATER[0], 9.0, entry_id="x1"), _entry(LATER[0], 6.0, entry_id="x2",
                                                          project_id="P2")]
    rich = _flags(_history(), over)
    assert any(fired(rich, "daily_hours_over_cap"))
    ok = [_entry(LATER[1], 7.0, entry_id="y1"), _entry(LATER[1], 5.5, entry_id="y2",
                                                        project_id="P2")]
    rich = _flags(_history(), ok)
    assert not any(fired(rich, "daily_hours_over_cap"))


def test_weekend_is_flagged_only_for_people_who_do_not_work_weekends() -> None:
    saturday = START + timedelta(days=5 + 7 * 12)
    assert saturday.weekday() == 5
    rich = _flags(_history(), [_entry(saturday, 4.0)])
    assert fired(rich, "off_day_work") == [True]
    assert "Saturday" in explain(rich, TimesheetFeatures().check_params())[0][0]["message"]
    rich = _flags(_history(weekends=True), [_entry(saturday, 4.0)])
    assert fired(rich, "off_day_work") == [False]


def test_holiday_flag_is_used_when_given() -> None:
    rich = _flags(_history(extra={"is_holiday": False}), [_entry(LATER[0], 4.0, is_holiday=True)])
    assert fired(rich, "off_day_work") == [True]


def test_outside_project_dates() -> None:
    end = LATER[0] - timedelta(days=10)
    rich = _flags(_history(), [_entry(LATER[0], 4.0, project_end_date=end.isoformat())])
    assert fired(rich, "outside_project_dates") == [True]
    assert "10 days after" in explain(rich, TimesheetFeatures().check_params())[0][0]["message"]
    later_end = LATER[-1] + timedelta(days=30)
    rich = _flags(_history(), [_entry(LATER[0], 4.0, project_end_date=later_end.isoformat(),
                                      project_start_date=START.isoformat())])
    assert fired(rich, "outside_project_dates") == [False]


def test_spike_against_own_baseline() -> None:
    rich = _flags(_history(), [_entry(LATER[0], 13.0)])
    assert fired(rich, "hours_spike") == [True]
    message = explain(rich, TimesheetFeatures().check_params())[0]
    spike = next(r for r in message if r["code"] == "hours_spike")
    assert "x this consultant's median of 4.0 h" in spike["message"]
    rich = _flags(_history(), [_entry(LATER[0], 5.0)])
    assert fired(rich, "hours_spike") == [False]


def test_padded_run_of_round_numbers_only_for_people_whose_hours_vary() -> None:
    run = [_entry(day, 4.0, entry_id=f"r{k}") for k, day in enumerate(LATER[:7])]
    rich = _flags(_history(), run)
    assert all(fired(rich, "padded_round_hours"))
    run8 = [_entry(day, 8.0, entry_id=f"r{k}") for k, day in enumerate(LATER[:6])]
    rich = _flags(_history(round_logger=True), run8)
    assert not any(fired(rich, "padded_round_hours"))


def test_unstaffed_from_planned_hours_or_from_history() -> None:
    rich = _flags(_history(), [_entry(LATER[0], 2.0, project_id="P9", planned_hours=0)])
    assert fired(rich, "unstaffed_project") == [True]
    rich = _flags(_history(), [_entry(LATER[0], 2.0, project_id="P9", planned_hours=120)])
    assert fired(rich, "unstaffed_project") == [False]
    rich = _flags(_history(), [_entry(LATER[0], 2.0, project_id="P9")])
    assert fired(rich, "unstaffed_project") == [True]
    rich = _flags(_history(), [_entry(LATER[0], 2.0)])  # the usual project
    assert fired(rich, "unstaffed_project") == [False]


def test_over_budget_counts_history_and_batch() -> None:
    history = _history(hours=4.0, extra={"project_budget_hours": 250.0})  # 60 x 4 = 240 h
    batch = [_entry(day, 4.0, entry_id=f"b{k}", project_budget_hours=250.0)
             for k, day in enumerate(LATER[:4])]
    rich = _flags(history, batch)
    assert fired(rich, "over_budget") == [False, False, True, True]
    roomy = _history(hours=4.0, extra={"project_budget_hours": 1000.0})
    rich = _flags(roomy, [{**b, "project_budget_hours": 1000.0} for b in batch])
    assert not any(fired(rich, "over_budget"))


def test_late_submission_against_the_persons_habit() -> None:
    late = _entry(LATER[0], 4.0, submitted_at=f"{(LATER[0] + timedelta(days=60)).isoformat()}T10:00:00")
    rich = _flags(_history(), [late])
    assert fired(rich, "late_submission") == [True]
    assert "Submitted 60 days" in explain(rich, TimesheetFeatures().check_params())[0][0]["message"]
    rich = _flags(_history(), [_entry(LATER[0], 4.0)])
    assert fired(rich, "late_submission") == [False]


@pytest.mark.parametrize("code", CODES)
def test_checks_stay_silent_without_their_optional_columns(code: str) -> None:
    history = _history()[["entry_id", "consultant_id", "project_id", "work_date", "hours"]]
    request = [
        {k: v for k, v in _entry(day, 4.0 + 0.25 * k, entry_id=f"q{k}").items()
         if k in history.columns}
        for k, day in enumerate(LATER[:3])
    ]
    rich = _flags(history, request)
    assert len(rich) == 3
    if code in ("outside_project_dates", "over_budget", "late_submission"):
        assert not any(fired(rich, code))
