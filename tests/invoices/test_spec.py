"""The training spec's contract pieces: input example and reviewer feedback."""

from __future__ import annotations

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
