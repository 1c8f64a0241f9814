"""The training spec's contract pieces: input example and reviewer feedback."""

from __future__ import annotations

from typing import Any

import pandas as pd

from service.scoring.invoices.columns import LABEL
from training.invoices import spec
from training.invoices.generator import generate_invoices
from training.spec import ModelSpec


def test_spec_is_complete() -> None:
    assert isinstance(spec.SPEC, ModelSpec)
    assert spec.SPEC.name == "invoice-dispute-risk"
    assert spec.SPEC.primary_metric == "roc_auc"
    assert spec.SPEC.feedback_rows is not None


def test_input_example_is_json_friendly() -> None:
    frame, _ = spec.canonicalize(generate_invoices(10, seed=1))
    example = spec.input_example(frame)
    assert LABEL not in example.columns
    assert isinstance(example["invoice_date"].iloc[0], str)
    assert example.to_json(orient="records")


def test_feedback_rows_turn_decisions_into_labels() -> None:
    invoice = {
        "invoice_id": "INV-9", "client_id": "C1", "invoice_date": "2025-01-31",
        "due_date": "2025-03-02", "amount": 1200.0, "paperless": "No",
    }
    decisions = [
        {"kind": "dispute_risk", "decision": "accept", "payload": {"invoice": invoice}},
        {"kind": "dispute_risk", "decision": "reject", "payload": {**invoice, "invoice_id": "INV-10"}},
        {"kind": "dispute_risk", "decision": "correct", "corrected_value": {"disputed": "yes"},
         "payload": {"invoice": {**invoice, "invoice_id": "INV-11"}}},
        {"kind": "dispute_risk", "decision": "correct", "corrected_value": "unsure",
         "payload": {"invoice": {**invoice, "invoice_id": "INV-12"}}},
        {"kind": "timesheet_anomaly", "decision": "accept", "payload": {"entry": {}}},
        {"kind": "dispute_risk", "decision": "accept", "payload": {"invoice_id": "INV-13"}},
    ]
    rows = spec.feedback_rows(decisions)
    assert rows["invoice_id"].tolist() == ["INV-9", "INV-10", "INV-11"]
    assert rows[LABEL].tolist() == [True, False, True]
    assert pd.api.types.is_datetime64_any_dtype(rows["invoice_date"])
    assert rows["paperless"].tolist() == [False, False, False]


def test_feedback_merges_and_retrains() -> None:
    from training.feedback import feedback_frame, merge_feedback

    frame, _ = spec.canonicalize(generate_invoices(80, seed=4))
    last = frame.iloc[-1]
    invoice = {
        "invoice_id": last["invoice_id"], "client_id": last["client_id"],
        "invoice_date": last["invoice_date"].strftime("%Y-%m-%d"), "due_date": "2030-01-01",
        "amount": float(last["amount"]), "po_number": None,
    }
    decisions: list[dict[str, Any]] = [
        {"item_id": "1", "kind": "dispute_risk", "decision": "reject", "decided_at": "2026-01-01",
         "payload": {"invoice_id": last["invoice_id"], "invoice": invoice}},
        {"item_id": "2", "kind": "dispute_risk", "decision": "correct", "decided_at": "2026-01-02",
         "corrected_value": True,
         "payload": {"invoice": {**invoice, "invoice_id": "NEW-1", "invoice_date": "bad date"}}},
    ]
    extra = feedback_frame("invoices", spec.SPEC, decisions)
    merged, report = merge_feedback(frame, extra)
    assert report["overridden"] == 1 and report["key"] == "invoice_id"
    assert merged.loc[merged["invoice_id"] == last["invoice_id"], LABEL].tolist() == [False]
    train, test = spec.split(merged)  # the row with an unreadable date is dropped, not fatal
    assert "NEW-1" not in set(train["invoice_id"]) | set(test["invoice_id"])
    model = spec.fit(train)
    assert 0.0 <= spec.evaluate(model, test).metrics["brier"] < 1.0
