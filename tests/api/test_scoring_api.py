"""Scoring endpoints with the bundled models: results in input order, bad rows reported,
anomalies and high dispute risk queued, stored timesheet history used as context."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.config import Settings
from tests.conftest import KeyMaker, auth, make_settings

ROOT = Path(__file__).resolve().parents[2]
TIMESHEETS = ROOT / "data" / "samples" / "timesheets" / "timesheets.csv"
INVOICES = ROOT / "data" / "samples" / "invoices" / "invoices.csv"
LABELS = ("is_anomaly", "anomaly_kind", "disputed")


def _rows(path: Path, n: int) -> list[dict[str, str]]:
    with path.open() as fh:
        rows = [dict(r) for _, r in zip(range(n), csv.DictReader(fh), strict=False)]
    return [{k: v for k, v in r.items() if k not in LABELS and v != ""} for r in rows]


@pytest.fixture
def scoring_client(tmp_path: Path, db_url: str) -> Iterator[TestClient]:
    from service.app import create_app

    settings: Settings = make_settings(tmp_path, db_url, load_models=True)
    with TestClient(create_app(settings)) as client:
        yield client


def test_timesheets_scored_queued_and_remembered(scoring_client: TestClient, make_key: KeyMaker) -> None:
    _, workflow = make_key("workflow")
    _, reviewer = make_key("reviewer")
    rows = _rows(TIMESHEETS, 600)
    bad = [
        {"entry_id": "bad-1", "consultant_id": "C", "project_id": "P", "work_date": "2025-13-40", "hours": 8},
        {"entry_id": "bad-2", "consultant_id": "C", "project_id": "P", "work_date": "2025-01-02", "hours": 30},
        {"entry_id": "bad-3", "project_id": "P", "work_date": "2025-01-02", "hours": 3, "colour": "red"},
        {"entry_id": "bad-4", "consultant_id": "C", "project_id": "P", "work_date": "2025-01-02",
         "hours": [8]},
    ]
    first = scoring_client.post("/v1/risk/timesheets", json={"entries": rows[:300] + bad},
                                headers=auth(workflow))
    assert first.status_code == 200, first.text
    body = first.json()
    assert [r["entry_id"] for r in body["results"]] == [r["entry_id"] for r in rows[:300]]
    assert [e["row"] for e in body["errors"]] == [300, 301, 302, 303]  # a nested value is a row error
    assert "colour" in body["unknown_columns"]
    assert body["model"]["name"] == "timesheet-anomaly"
    flagged = {r["entry_id"] for r in body["results"] if r["anomaly"]}
    assert {i["entry_id"] for i in body["review_items"]} == flagged
    for r in body["results"]:
        assert 0.0 <= r["score"] <= 1.0
        if r["anomaly"]:
            assert r["reasons"] and all(x["code"] and x["message"] for x in r["reasons"])
    queued = scoring_client.get("/v1/review/items", params={"kind": "timesheet_anomaly", "limit": 1000},
                                headers=auth(reviewer)).json()["items"]
    assert len(queued) == len(flagged)

    # A later batch for the same consultants is scored with the stored entries as context.
    second = scoring_client.post("/v1/risk/timesheets", json={"entries": rows[300:]},
                                 headers=auth(workflow))
    assert second.status_code == 200
    assert len(second.json()["results"]) == 300
    assert scoring_client.get("/v1/audit/verify", headers=auth(reviewer)).json()["ok"]


def test_timesheet_batch_limits(scoring_client: TestClient, make_key: KeyMaker) -> None:
    _, workflow = make_key("workflow")
    assert scoring_client.post("/v1/risk/timesheets", json={"entries": []},
                               headers=auth(workflow)).status_code == 422
    resp = scoring_client.post("/v1/risk/timesheets", json={"entries": "nope"}, headers=auth(workflow))
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"].startswith("entries")
    resp = scoring_client.post("/v1/risk/timesheets", json={"entries": [3]}, headers=auth(workflow))
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"].startswith("entries")
    # the documented entry schema stays in OpenAPI although entries are parsed as plain objects
    schema = scoring_client.get("/openapi.json").json()["components"]["schemas"]["TimesheetScoreRequest"]
    assert "hours" in schema["properties"]["entries"]["items"]["properties"]


def test_invoices_scored_banded_and_queued(scoring_client: TestClient, make_key: KeyMaker) -> None:
    _, workflow = make_key("workflow")
    _, reviewer = make_key("reviewer")
    rows = _rows(INVOICES, 400)
    resp = scoring_client.post("/v1/risk/invoices", json={"invoices": [*rows, {"invoice_id": "x"}]},
                               headers=auth(workflow))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert [r["invoice_id"] for r in body["results"]] == [r["invoice_id"] for r in rows]
    assert body["errors"][0]["row"] == 400
    assert body["model"]["name"] == "invoice-dispute-risk" and body["model"]["version"]
    bands = {r["risk_band"] for r in body["results"]}
    assert bands <= {"low", "medium", "high"} and "high" in bands
    high = {r["invoice_id"] for r in body["results"] if r["risk_band"] == "high"}
    assert {i["invoice_id"] for i in body["review_items"]} == high
    queued = scoring_client.get("/v1/review/items", params={"kind": "dispute_risk", "limit": 1000},
                                headers=auth(reviewer)).json()["items"]
    assert len(queued) == len(high)
    assert all(q["payload"]["reasons"] for q in queued)


def test_scoring_without_models_is_503(client: TestClient, make_key: KeyMaker) -> None:
    _, workflow = make_key("workflow")
    resp = client.post("/v1/risk/invoices", json={"invoices": [{"invoice_id": "1"}]}, headers=auth(workflow))
    assert resp.status_code == 503 and resp.json()["type"].endswith("/model-unavailable")
