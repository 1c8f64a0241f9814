"""score_entries / validate_rows: row-level errors, unknown columns, order, optional columns."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from service.scoring.timesheets.columns import REQUIRED
from service.scoring.timesheets.service import score_entries, validate_rows
from training.timesheets.evaluation import scored_part


def _rows(test_frame: pd.DataFrame, n: int = 200) -> list[dict[str, Any]]:
    rows = scored_part(test_frame).drop(columns=["is_anomaly", "anomaly_kind", "_context"])
    return rows.head(n).to_dict("records")


def test_bad_rows_are_reported_with_row_numbers_and_do_not_fail_the_batch(
    trained_pipeline: Any, default_split: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    rows = _rows(default_split[1], 50)
    rows[2]["hours"] = 25
    rows[4]["hours"] = -1
    rows[6]["work_date"] = "31/02/2026"
    rows[8]["consultant_id"] = None
    rows[10]["hours"] = "lots"
    del rows[12]["project_id"]
    rows[14]["entry_id"] = ""
    rows[16]["task"] = {"nested": "object"}
    rows[18]["project_id"] = "P" * 201
    batch = score_entries(trained_pipeline, rows)
    by_row = {e["row"]: e for e in batch.errors}
    assert sorted(by_row) == [2, 4, 6, 8, 10, 12, 14, 16, 18]
    assert by_row[16]["errors"] == ["task is not a single value (got a list or object)"]
    assert by_row[18]["errors"] == ["project_id is longer than 200 characters"]
    assert by_row[2]["errors"] == ["hours above 24"]
    assert by_row[4]["errors"] == ["hours below 0"]
    assert "not a date" in by_row[6]["errors"][0]
    assert by_row[8]["errors"] == ["missing required field 'consultant_id'"]
    assert by_row[10]["errors"] == ["hours is not a number"]
    assert by_row[12]["errors"] == ["missing required field 'project_id'"]
    assert by_row[2]["entry_id"] == str(rows[2]["entry_id"])
    assert len(batch.results) == 50 - 9
    good = [str(r["entry_id"]) for i, r in enumerate(rows) if i not in by_row]
    assert [r["entry_id"] for r in batch.results] == good  # input order


def test_results_have_the_interface_shape(
    trained_pipeline: Any, default_split: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    batch = score_entries(trained_pipeline, _rows(default_split[1], 500), threshold=0.5)
    assert len(batch.results) == 500
    for result in batch.results:
        assert set(result) == {"entry_id", "score", "anomaly", "reasons"}
        assert 0.0 <= result["score"] <= 1.0
        assert result["anomaly"] == (result["score"] >= 0.5)
        if result["anomaly"]:
            assert result["reasons"], result
        for reason in result["reasons"]:
            assert set(reason) == {"code", "message"} and reason["message"]
    body = batch.to_dict()
    assert body["model"]["name"] == "timesheet-anomaly"
    assert body["review_items"] == []


def test_unknown_columns_are_reported_never_fatal(
    trained_pipeline: Any, default_split: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    rows = _rows(default_split[1], 20)
    for row in rows:
        row["cost_center"] = "CC-1"
    rows[0]["approver"] = "jane"
    batch = score_entries(trained_pipeline, rows)
    assert batch.unknown_columns == ["cost_center", "approver"]
    assert len(batch.results) == 20 and not batch.errors


def test_only_required_columns_still_score(
    trained_pipeline: Any, default_split: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    frame = scored_part(default_split[1]).head(300)
    bare = frame[list(REQUIRED)]
    batch = score_entries(trained_pipeline, bare)
    assert len(batch.results) == 300 and not batch.errors
    labeled = frame["is_anomaly"].to_numpy()
    scores = [r["score"] for r in batch.results]
    mean_anomalous = sum(s for s, y in zip(scores, labeled, strict=True) if y) / max(labeled.sum(), 1)
    mean_normal = sum(s for s, y in zip(scores, labeled, strict=True) if not y) / (~labeled).sum()
    assert mean_anomalous > mean_normal


def test_unreadable_optional_value_is_a_warning(
    trained_pipeline: Any, default_split: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    rows = _rows(default_split[1], 5)
    rows[1]["submitted_at"] = "last tuesday"
    batch = score_entries(trained_pipeline, rows)
    assert len(batch.results) == 5
    assert batch.warnings == [
        {"row": 1, "entry_id": str(rows[1]["entry_id"]),
         "warnings": ["submitted_at could not be read; treated as missing"]}
    ]


def test_history_gives_context_but_is_not_scored(trained_pipeline: Any) -> None:
    base = {"consultant_id": "NEW1", "project_id": "P1", "hours": 6.0, "billable": True}
    history = pd.DataFrame(
        [{**base, "entry_id": f"h{k}", "work_date": f"2026-03-{k + 2:02d}"} for k in range(3)]
    )
    copy = {**base, "entry_id": "r1", "work_date": "2026-03-02"}  # duplicates h0
    batch = score_entries(trained_pipeline, [copy], history=history)
    assert [r["entry_id"] for r in batch.results] == ["r1"]
    assert batch.results[0]["reasons"][0]["code"] == "duplicate_entry"
    # re-sending an entry that is already stored does not make it its own duplicate
    again = score_entries(trained_pipeline, [{**base, "entry_id": "h0", "work_date": "2026-03-02"}],
                          history=history)
    assert all(r["code"] != "duplicate_entry" for r in again.results[0]["reasons"])


def test_validate_rows_alone() -> None:
    checked = validate_rows([{"entry_id": "a", "consultant_id": "c", "project_id": "p",
                              "work_date": "2026-01-05", "hours": "7.5"}, {"hours": 3}])
    assert len(checked.frame) == 1 and checked.frame["hours"].iloc[0] == pytest.approx(7.5)
    assert checked.errors[0]["row"] == 1
    assert len(checked.errors[0]["errors"]) == 4


@pytest.mark.parametrize(("sent", "hours"), [
    ("7:30", 7.5), ("0:45", 0.75), (" 8:00 ", 8.0), ("07:30:00", 7.5), ("1:00:36", 1.01),
    ("7,5", 7.5), ("7,25", 7.25), ("7.5", 7.5),
])
def test_hours_as_exports_write_them(sent: str, hours: float) -> None:
    """Time-tracking exports write "7:30" (hours:minutes), "07:30:00" or "7,5" (decimal comma)."""
    checked = validate_rows([{"entry_id": "a", "consultant_id": "c", "project_id": "p",
                              "work_date": "2026-01-05", "hours": sent, "planned_hours": sent}])
    assert checked.errors == [] and checked.warnings == []
    assert checked.frame["hours"].iloc[0] == pytest.approx(hours)
    assert checked.frame["planned_hours"].iloc[0] == pytest.approx(hours)


@pytest.mark.parametrize(("sent", "error"), [
    ("1,200", "hours is not a number"),  # a thousands separator or three decimals: ambiguous
    ("7:75", "hours is not a number"),
    ("7:30:75", "hours is not a number"),
    ("7h30", "hours is not a number"),
    ("25:00", "hours above 24"),
])
def test_unreadable_or_impossible_hours_stay_row_errors(sent: str, error: str) -> None:
    checked = validate_rows([{"entry_id": "a", "consultant_id": "c", "project_id": "p",
                              "work_date": "2026-01-05", "hours": sent}])
    assert checked.errors == [{"row": 0, "entry_id": "a", "errors": [error]}]


def test_a_comma_in_a_bill_rate_is_not_read_as_a_decimal() -> None:
    """Only hour columns read a decimal comma: "1,200" is no bill rate of 1.2 (it stays unread,
    with a warning, as before)."""
    checked = validate_rows([{"entry_id": "a", "consultant_id": "c", "project_id": "p",
                              "work_date": "2026-01-05", "hours": 8, "bill_rate": "1,200"}])
    assert checked.frame["bill_rate"].isna().all()
    assert checked.warnings[0]["warnings"] == ["bill_rate could not be read; treated as missing"]


def test_dotted_dates_are_day_first_and_slashed_ones_stay_errors() -> None:
    """"31.01.2026" is read (dotted dates are day first wherever they are written); "01/02/2026"
    is January in one country and February in the next, so it stays a row error."""
    base = {"consultant_id": "c", "project_id": "p", "hours": 8}
    checked = validate_rows([{**base, "entry_id": "a", "work_date": "31.01.2026",
                              "project_end_date": "30.06.2026"},
                             {**base, "entry_id": "b", "work_date": "01/02/2026"}])
    assert str(checked.frame["work_date"].iloc[0].date()) == "2026-01-31"
    assert str(checked.frame["project_end_date"].iloc[0].date()) == "2026-06-30"
    assert checked.errors == [{"row": 1, "entry_id": "b", "errors": ["work_date is not a date (YYYY-MM-DD or DD.MM.YYYY)"]}]


def test_empty_and_all_bad_batches(trained_pipeline: Any) -> None:
    assert score_entries(trained_pipeline, []).results == []
    batch = score_entries(trained_pipeline, [{"entry_id": "x"}])
    assert batch.results == [] and batch.errors[0]["row"] == 0


def test_other_consultants_history_matters_only_where_a_budget_is_stated(
    trained_pipeline: Any, default_split: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    """Why the endpoint fetches other consultants' entries only for projects whose request rows
    state a budget: without one, scores and reasons are the same with or without them."""
    from training.timesheets.evaluation import context_part

    test = default_split[1]
    rows = scored_part(test).drop(columns=["is_anomaly", "anomaly_kind", "_context"])
    consultant = rows["consultant_id"].iloc[0]
    request = rows[rows["consultant_id"] == consultant].head(60).drop(columns=["project_budget_hours"])
    history = context_part(test).drop(columns=["is_anomaly", "anomaly_kind", "_context"],
                                      errors="ignore")
    own = history[history["consultant_id"] == consultant]
    with_others = score_entries(trained_pipeline, request.to_dict("records"), history=history)
    own_only = score_entries(trained_pipeline, request.to_dict("records"), history=own)
    assert len(history) > len(own) > 0
    assert with_others.results == own_only.results
