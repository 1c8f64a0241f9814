"""The ModelSpec contract: loading (default and foreign CSV), split, feedback rows, schemas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

from service.scoring.timesheets.schemas import MAX_ENTRIES, TimesheetScoreRequest
from training.spec import DataOptions, ModelSpec
from training.timesheets.spec import SPEC, feedback_rows, load, split

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "timesheets"


def test_spec_identity() -> None:
    assert isinstance(SPEC, ModelSpec)
    assert SPEC.name == "timesheet-anomaly"
    assert SPEC.primary_metric == "average_precision"
    assert SPEC.feedback_rows is not None


def test_foreign_csv_is_mapped_and_unknown_columns_reported(tmp_path: Path) -> None:
    sample = pd.read_csv(SAMPLE / "timesheets.csv").head(300)
    foreign = sample.rename(
        columns={"consultant_id": "Employee", "work_date": "Date", "hours": "Hours Worked",
                 "is_anomaly": "Flagged"}
    ).drop(columns=["anomaly_kind"])
    foreign["Date"] = pd.to_datetime(foreign["Date"]).dt.strftime("%m/%d/%Y")
    foreign["Flagged"] = foreign["Flagged"].map({True: "Yes", False: "No"})
    foreign["Cost Center"] = "CC-7"
    path = tmp_path / "export.csv"
    foreign.to_csv(path, index=False)
    loaded = load(DataOptions(path=path, label="Flagged",
                              mapping={"Employee": "consultant_id", "Date": "work_date",
                                       "Hours Worked": "hours"}))
    frame = loaded.frame
    assert len(frame) == 300
    assert "Cost Center" in loaded.report["unknown_columns"]
    assert frame["is_anomaly"].sum() == sample["is_anomaly"].sum()
    assert frame["work_date"].iloc[0] == pd.Timestamp(sample["work_date"].iloc[0])


def test_split_is_time_ordered_with_history_as_context() -> None:
    frame = pd.read_csv(SAMPLE / "timesheets.csv")
    train, test = split(frame)
    scored = test.loc[~test["_context"]]
    assert pd.to_datetime(train["work_date"]).max() < pd.to_datetime(scored["work_date"]).min()
    assert test["_context"].sum() == len(train)
    assert len(train) + len(scored) == len(frame)


def test_feedback_rows_turn_decisions_into_labels() -> None:
    entry = {"entry_id": "E1", "consultant_id": "C1", "project_id": "P1",
             "work_date": "2026-03-02", "hours": 11.5}
    decisions = [
        {"kind": "timesheet_anomaly", "decision": "accept",
         "payload": {"entry": entry, "reasons": [{"code": "hours_spike", "message": "..."}]}},
        {"kind": "timesheet_anomaly", "decision": "reject", "payload": {**entry, "entry_id": "E2"}},
        {"kind": "clause", "decision": "accept", "payload": {"entry": entry}},
        {"kind": "timesheet_anomaly", "decision": "accept", "payload": {"entry": {"hours": 3}}},
    ]
    rows = feedback_rows(decisions)
    assert rows["entry_id"].tolist() == ["E1", "E2"]
    assert rows["is_anomaly"].tolist() == [True, False]
    assert rows["anomaly_kind"].tolist() == ["hours_spike", ""]


def test_request_schema_limits_batch_size_but_not_row_content() -> None:
    ok = TimesheetScoreRequest.model_validate({"entries": [{"hours": "lots", "x": 1}]})
    assert ok.rows() == [{"hours": "lots", "x": 1}]
    with pytest.raises(ValidationError):
        TimesheetScoreRequest.model_validate({"entries": [{}] * (MAX_ENTRIES + 1)})
    with pytest.raises(ValidationError):
        TimesheetScoreRequest.model_validate({"entries": []})


def test_a_folder_skips_context_files_and_repeated_entries() -> None:
    loaded = load(DataOptions(path=SAMPLE))
    entries = pd.read_csv(SAMPLE / "timesheets.csv")
    assert len(loaded.frame) == len(entries)
    assert set(loaded.report["skipped_files"]) == {"consultants.csv", "projects.csv", "staffing.csv"}
    assert loaded.report["duplicate_entry_ids_dropped"] == 800  # timesheets_minimal.csv
    assert loaded.frame["is_anomaly"].sum() == entries["is_anomaly"].sum()
