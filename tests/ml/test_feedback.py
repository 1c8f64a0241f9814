"""Reviewer decisions -> training rows -> merged data where reviewers override old labels."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.ml.conftest import MlSettings
from tests.ml.toy import make_frame, make_spec
from training.feedback import (
    FeedbackError,
    decision_label,
    decisions_for,
    feedback_frame,
    merge_feedback,
    read_export,
)
from training.runner import train_and_register
from training.spec import DataOptions


def _decision(item: str, kind: str, decision: str, at: str, **payload: Any) -> dict[str, Any]:
    return {
        "item_id": item, "kind": kind, "payload": payload, "evidence": None,
        "source": {"type": "timesheet", "id": "batch-1"},
        "model": {"name": "timesheet-anomaly", "version": "1"},
        "decision": decision, "corrected_value": None, "reason": "checked",
        "decided_at": at, "decided_by": "key:rev",
    }


def test_decision_labels() -> None:
    assert decision_label({"decision": "accept"}) is True
    assert decision_label({"decision": "reject"}) is False
    assert decision_label({"decision": "correct", "corrected_value": "auto_renewal"}) == (
        "auto_renewal"
    )
    with pytest.raises(FeedbackError):
        decision_label({"decision": "maybe"})


def test_decisions_are_routed_by_kind_and_latest_wins() -> None:
    rows = [
        _decision("i1", "timesheet_anomaly", "accept", "2026-01-01T10:00:00"),
        _decision("i1", "timesheet_anomaly", "reject", "2026-01-02T10:00:00"),
        _decision("i2", "dispute_risk", "accept", "2026-01-01T10:00:00"),
        _decision("i3", "clause_flag", "correct", "2026-01-01T10:00:00"),
        _decision("i4", "billing_term", "accept", "2026-01-01T10:00:00"),
    ]
    timesheets = decisions_for("timesheets", rows)
    assert [(r["item_id"], r["decision"]) for r in timesheets] == [("i1", "reject")]
    assert [r["item_id"] for r in decisions_for("invoices", rows)] == ["i2"]
    assert [r["item_id"] for r in decisions_for("clauses", rows)] == ["i3", "i4"]


def test_read_export_jsonl_and_csv_agree(tmp_path: Path) -> None:
    rows = [_decision("i1", "timesheet_anomaly", "accept", "2026-01-01", row_id="r0001")]
    jsonl = tmp_path / "export.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    path = tmp_path / "export.csv"
    with path.open("w", newline="") as handle:  # the shape `tollgate review export --format csv`
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: json.dumps(v) if isinstance(v, dict | list) else v
                             for k, v in row.items()})
    assert read_export(jsonl) == rows
    from_csv = read_export(path)
    assert from_csv[0]["payload"] == {"row_id": "r0001"}
    assert from_csv[0]["source"] == rows[0]["source"]
    with pytest.raises(FeedbackError):
        read_export(tmp_path / "missing.jsonl")


def test_reviewer_labels_override_older_labels() -> None:
    frame = make_frame(10)
    original = bool(frame.loc[2, "label"])
    changed = frame.loc[2].to_dict()
    changed["day"] = str(changed["day"].date())
    decision = "reject" if original else "accept"
    rows = [_decision("i1", "timesheet_anomaly", decision, "2026-01-01", **changed)]
    extra = feedback_frame("timesheets", make_spec(), rows)
    merged, report = merge_feedback(frame, extra)
    assert report["key"] == "row_id" and report["overridden"] == 1
    assert len(merged) == 10
    assert merged.set_index("row_id").loc[frame.loc[2, "row_id"], "label"] == (not original)

    brand_new = dict(changed, row_id="new-1")
    merged2, report2 = merge_feedback(
        frame, feedback_frame("timesheets", make_spec(), [
            _decision("i2", "timesheet_anomaly", "accept", "2026-01-01", **brand_new)
        ])
    )
    assert len(merged2) == 11 and report2["overridden"] == 0


def test_train_with_feedback_merges_rows(ml_settings: MlSettings) -> None:
    frame = make_frame()
    flipped = frame.iloc[:5].copy()
    decisions = []
    for i, row in flipped.iterrows():
        payload = row.to_dict()
        payload["day"] = payload["day"].isoformat()
        verdict = "reject" if row["label"] else "accept"
        decisions.append(_decision(f"i{i}", "timesheet_anomaly", verdict, "2026-01-01", **payload))
    summary = train_and_register(
        make_spec(), DataOptions(with_feedback=True), ml_settings(), progress=False,
        key="timesheets", feedback_rows=decisions,
    )
    assert summary["data_report"]["feedback"]["overridden"] == 5
    assert summary["n_train"] + summary["n_heldout"] == len(frame)


def test_model_without_feedback_support_says_so() -> None:
    from dataclasses import replace

    spec = replace(make_spec(), feedback_rows=None)
    with pytest.raises(FeedbackError, match="does not learn"):
        feedback_frame("timesheets", spec, [])
    assert feedback_frame("timesheets", make_spec(), []).empty
    assert isinstance(feedback_frame("timesheets", make_spec(), []), pd.DataFrame)
