"""Scoring service: reasons, bands, validation of bad rows, unknown columns, persistence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from service.ml.persistence import load_pipeline, save_pipeline
from service.scoring.invoices.model import risk_band, risk_bands
from service.scoring.invoices.schemas import RiskInvoicesRequest, RiskInvoicesResponse
from service.scoring.invoices.service import review_candidates, score_invoices
from training.invoices import spec
from training.invoices.build_bundled import TRUSTED_SKLEARN_TYPES

CLEAN: dict[str, Any] = {
    "invoice_id": "OK-1",
    "client_id": "CL0001",
    "invoice_date": "2025-06-30",
    "due_date": "2025-07-30",
    "amount": 24000.0,
    "currency": "USD",
    "billing_model": "time_and_materials",
    "contract_value": 400000.0,
    "billed_to_date": 120000.0,
    "po_number": "PO-12345",
    "hours_billed": 120.0,
    "bill_rate": 200.0,
    "contract_rate": 200.0,
    "line_items": 4,
    "paperless": True,
    "days_work_to_invoice": 10,
    "change_order_pending": False,
}
RISKY: dict[str, Any] = {
    **CLEAN,
    "invoice_id": "RISK-1",
    "po_number": None,
    "bill_rate": 260.0,
    "billed_to_date": 470000.0,
    "days_work_to_invoice": 120,
    "change_order_pending": True,
}


def test_obviously_risky_invoice_is_high_with_sensible_reasons(pipeline: Any) -> None:
    batch = score_invoices(pipeline, [CLEAN, RISKY])
    clean, risky = batch.results
    assert risky["risk_band"] == "high"
    assert risky["dispute_risk"] > 0.6 > clean["dispute_risk"]
    assert clean["risk_band"] == "low"
    codes = [r["code"] for r in risky["reasons"]]
    assert len(codes) == 3
    assert set(codes) <= {
        "missing_po", "rate_above_contract", "over_contract_value", "late_billing",
        "change_order_pending",
    }
    messages = " ".join(r["message"] for r in risky["reasons"])
    if "rate_above_contract" in codes:
        assert "260" in messages and "30%" in messages
    if "over_contract_value" in codes:
        assert "470,000" in messages and "400,000" in messages
    assert clean["reasons"] == []


def test_each_factor_alone_is_named(pipeline: Any) -> None:
    cases: dict[str, dict[str, Any]] = {
        "missing_po": {"po_number": ""},
        "rate_above_contract": {"bill_rate": 280.0},
        "over_contract_value": {"billed_to_date": 520000.0},
        "change_order_pending": {"change_order_pending": "yes"},
        "late_billing": {"days_work_to_invoice": 150},
    }
    rows = [{**CLEAN, "invoice_id": code, **change} for code, change in cases.items()]
    for result in score_invoices(pipeline, rows).results:
        assert result["reasons"], result
        assert result["reasons"][0]["code"] == result["invoice_id"]


def test_bands_follow_configurable_cut_offs(pipeline: Any) -> None:
    assert risk_band(0.1) == "low" and risk_band(0.3) == "medium" and risk_band(0.6) == "high"
    assert risk_bands(np.array([0.05, 0.2, 0.5]), medium=0.1, high=0.4) == ["low", "medium", "high"]
    with pytest.raises(ValueError):
        risk_band(0.5, medium=0.6, high=0.3)
    risky = score_invoices(pipeline, [RISKY], medium=0.99, high=0.999).results[0]
    assert risky["risk_band"] == "low"


def test_bad_rows_are_reported_not_fatal(pipeline: Any) -> None:
    rows = [
        CLEAN,
        {**CLEAN, "invoice_id": "NO-AMOUNT", "amount": None},
        {**CLEAN, "invoice_id": "BAD-DATE", "invoice_date": "31/31/2025"},
        {**CLEAN, "invoice_id": "BAD-RATE", "bill_rate": "lots", "paperless": "perhaps"},
        {key: value for key, value in CLEAN.items() if key != "client_id"} | {"invoice_id": "X"},
        {**RISKY, "colour": "blue", "Sales Rep": "Avery"},
    ]
    batch = score_invoices(pipeline, rows, model={"name": "invoice-dispute-risk", "version": "7"})
    assert [r["invoice_id"] for r in batch.results] == ["OK-1", "BAD-RATE", "RISK-1"]
    assert [e["row"] for e in batch.errors] == [1, 2, 4]
    assert batch.errors[0]["errors"] == ["amount is required"]
    assert batch.errors[1]["errors"] == ["invoice_date is not a date"]
    assert batch.errors[2]["errors"] == ["client_id is required"]
    assert batch.warnings == [
        {
            "row": 3,
            "invoice_id": "BAD-RATE",
            "warnings": ["bill_rate is not a number; ignored", "paperless is not true/false; ignored"],
        }
    ]
    assert batch.unknown_columns == ["Sales Rep", "colour"]
    assert all(r["model_version"] == "7" for r in batch.results)
    assert batch.model == {"name": "invoice-dispute-risk", "version": "7"}
    body = RiskInvoicesResponse.model_validate(batch.to_dict())
    assert body.results[2].risk_band == "high"
    assert [r["invoice_id"] for r in review_candidates(batch)] == ["RISK-1"]


def test_nothing_valid_still_answers(pipeline: Any) -> None:
    batch = score_invoices(pipeline, [{"invoice_id": "only-id"}])
    assert batch.results == []
    assert batch.errors[0]["row"] == 0
    assert "client_id is required" in batch.errors[0]["errors"]


def test_frame_and_json_rows_score_alike(
    pipeline: Any, generated: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    _, test = generated
    columns = spec.input_example(test).columns
    frame = test.head(40)[list(columns)].copy()
    frame["invoice_date"] = frame["invoice_date"].dt.strftime("%Y-%m-%d")
    frame["due_date"] = frame["due_date"].dt.strftime("%m/%d/%Y")  # m/d/Y accepted too
    records = [
        {k: (None if v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v) for k, v in r.items()}
        for r in frame.astype(object).to_dict("records")
    ]
    a = score_invoices(pipeline, frame).results
    b = score_invoices(pipeline, records).results
    assert [r["invoice_id"] for r in a] == frame["invoice_id"].tolist()
    assert a == b


def test_request_schema_accepts_loose_rows() -> None:
    body = RiskInvoicesRequest.model_validate({"invoices": [CLEAN, {"amount": "oops"}]})
    assert len(body.invoices) == 2
    with pytest.raises(ValueError):
        RiskInvoicesRequest.model_validate({"invoices": []})


def test_save_load_round_trip(
    pipeline: Any, generated: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path
) -> None:
    _, test = generated
    target = save_pipeline(
        pipeline,
        tmp_path / "invoice-dispute-risk",
        metadata={"model_name": "invoice-dispute-risk"},
        extra_trusted=TRUSTED_SKLEARN_TYPES,
    )
    loaded = load_pipeline(target)
    X, _ = spec.features_and_label(test.head(300))
    np.testing.assert_allclose(loaded.predict_proba(X), pipeline.predict_proba(X))
    assert score_invoices(loaded, [RISKY]).results == score_invoices(pipeline, [RISKY]).results
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    assert size < 5_000_000


def test_bundled_model_loads_and_scores() -> None:
    bundled = Path(__file__).resolve().parents[2] / "models" / "invoice-dispute-risk"
    if not bundled.exists():
        pytest.skip("bundled model not built (python -m training.invoices.build_bundled)")
    loaded = load_pipeline(bundled)
    result = score_invoices(loaded, [RISKY]).results[0]
    assert result["risk_band"] == "high"


def test_foreign_export_trains_and_scores_with_the_same_mapping() -> None:
    from training.invoices.generator import FOREIGN_LABEL, FOREIGN_MAP
    from training.spec import DataOptions

    sample = Path(__file__).resolve().parents[2] / "data" / "samples" / "invoices" / "foreign_ar_export.csv"
    loaded = spec.load(DataOptions(path=sample, label=FOREIGN_LABEL, mapping=FOREIGN_MAP))
    train, _ = spec.split(loaded.frame)
    model = spec.fit(train)
    frame, report = spec.read_for_scoring(sample, FOREIGN_MAP)
    assert "Days Late" in report["unknown_columns"]
    assert "disputed" not in frame.columns
    batch = score_invoices(model, frame)
    assert len(batch.results) == len(frame) and not batch.errors
    assert [r["invoice_id"] for r in batch.results[:3]] == frame["invoice_id"].head(3).tolist()
    assert {r["risk_band"] for r in batch.results} == {"low", "medium", "high"}
    codes = {reason["code"] for r in batch.results for reason in r["reasons"]}
    assert codes <= {"client_dispute_history", "new_client", "unusual_amount", "paper_invoice",
                     "payment_terms"}
    assert {"client_dispute_history", "unusual_amount"} <= codes


def test_export_style_values_are_read(pipeline: Any) -> None:
    styled = {
        **CLEAN,
        "amount": "$24,000.00",
        "invoice_date": "6/30/2025",
        "due_date": "7/30/2025",
        "paperless": "Yes",
        "change_order_pending": "No",
        "line_items": "4",
    }
    a, b = score_invoices(pipeline, [CLEAN, {**styled, "invoice_id": "OK-2"}]).results
    assert b["dispute_risk"] == pytest.approx(a["dispute_risk"], abs=0.02)
