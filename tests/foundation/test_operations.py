"""Operations: health, readiness, metrics, request ids, problem+json, idempotency."""

from __future__ import annotations

import json
import logging
import math

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from service.config import Settings
from tests.conftest import KeyMaker, auth

ITEM = {"kind": "dispute_risk", "payload": {"invoice_id": "INV-1"},
        "source": {"type": "invoice_batch", "id": "b-1"}, "score": 0.8}


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"] == "ok"


def test_metrics_count_requests_and_queue_depth(client: TestClient, make_key: KeyMaker) -> None:
    _, workflow = make_key("workflow")
    client.post("/v1/review/items", json=ITEM, headers=auth(workflow))
    client.get("/healthz")
    text = client.get("/metrics").text
    assert 'tollgate_review_queue_depth{status="pending"} 1.0' in text
    assert 'tollgate_http_requests_total{method="POST",route="/v1/review/items",status="201"} 1.0' in text
    assert "tollgate_http_request_duration_seconds_bucket" in text


def test_request_id_is_echoed_logged_and_audited(
    client: TestClient, make_key: KeyMaker, caplog: pytest.LogCaptureFixture
) -> None:
    _, workflow = make_key("workflow")
    _, reviewer = make_key("reviewer")
    with caplog.at_level(logging.INFO, logger="tollgate.access"):
        resp = client.post("/v1/review/items", json=ITEM,
                           headers={**auth(workflow), "X-Request-ID": "req-abc-123"})
    assert resp.headers["x-request-id"] == "req-abc-123"
    from service.observability import JsonFormatter

    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "tollgate.access"]
    assert any(line["request_id"] == "req-abc-123" and line["status"] == 201 for line in lines)
    events = client.get("/v1/audit/events", headers=auth(reviewer)).json()["events"]
    assert events[-1]["action"] == "review_item.created"
    assert events[-1]["request_id"] == "req-abc-123"
    generated = client.get("/healthz").headers["x-request-id"]
    assert len(generated) == 32


def test_unknown_path_is_problem_json(client: TestClient) -> None:
    resp = client.get("/v1/nothing-here")
    assert resp.status_code == 404
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["type"].endswith("/not-found")


def test_idempotency_key_replays_first_response(client: TestClient, make_key: KeyMaker) -> None:
    _, workflow = make_key("workflow")
    _, reviewer = make_key("reviewer")
    headers = {**auth(workflow), "Idempotency-Key": "k-1"}
    first = client.post("/v1/review/items", json=ITEM, headers=headers)
    second = client.post("/v1/review/items", json=ITEM, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers.get("idempotent-replay") == "true"
    items = client.get("/v1/review/items", headers=auth(reviewer)).json()["items"]
    assert len(items) == 1
    other = client.post("/v1/review/items", json={**ITEM, "score": 0.1}, headers=headers)
    assert other.status_code == 422 and other.json()["type"].endswith("/idempotency-key-reused")
    # Another caller's key space is separate.
    _, workflow2 = make_key("workflow")
    third = client.post("/v1/review/items", json=ITEM, headers={**auth(workflow2), "Idempotency-Key": "k-1"})
    assert third.status_code == 201 and third.json()["id"] != first.json()["id"]


def test_idempotency_keys_are_not_kept_for_unauthenticated_calls(
    client: TestClient, make_key: KeyMaker, factory: sessionmaker[Session]
) -> None:
    from sqlalchemy import func, select

    from service.idempotency import IdempotencyRecord

    for key in ("a", "b", "c"):
        resp = client.post("/v1/review/items", json=ITEM,
                           headers={"Authorization": "Bearer tg_forged", "Idempotency-Key": key})
        assert resp.status_code == 401
    resp = client.post("/v1/review/items", json=ITEM, headers={"Idempotency-Key": "d"})
    assert resp.status_code == 401
    with factory() as session:
        assert session.execute(select(func.count()).select_from(IdempotencyRecord)).scalar_one() == 0
    _, workflow = make_key("workflow")
    ok = client.post("/v1/review/items", json=ITEM, headers={**auth(workflow), "Idempotency-Key": "a"})
    assert ok.status_code == 201


def test_idempotency_records_expire_and_are_swept(
    client: TestClient, make_key: KeyMaker, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from sqlalchemy import select, update

    from service import idempotency
    from service.db import utcnow
    from service.idempotency import IdempotencyRecord

    _, workflow = make_key("workflow")
    headers = {**auth(workflow), "Idempotency-Key": "old"}
    first = client.post("/v1/review/items", json=ITEM, headers=headers)
    client.post("/v1/review/items", json=ITEM, headers={**auth(workflow), "Idempotency-Key": "stale"})
    with factory() as session:  # both records are now older than the 24 h retention
        session.execute(update(IdempotencyRecord).values(created_at=utcnow() - timedelta(hours=25)))
        session.commit()
    monkeypatch.setattr(idempotency, "_last_sweep", [-math.inf])  # a sweep is due
    again = client.post("/v1/review/items", json=ITEM, headers=headers)
    assert again.status_code == 201 and again.headers.get("idempotent-replay") is None
    assert again.json()["id"] != first.json()["id"]  # an expired key is new again
    with factory() as session:
        keys = set(session.execute(select(IdempotencyRecord.key)).scalars())
    assert keys == {"old"}  # the expired "stale" record was swept, "old" re-reserved


def test_a_new_process_sweeps_at_once_even_just_after_boot(monkeypatch: pytest.MonkeyPatch) -> None:
    """time.monotonic() counts from boot: a process started in the first five minutes of a machine
    must not wait until minute five for its first sweep (this failed on a freshly booted CI box)."""
    from service import idempotency

    monkeypatch.setattr(idempotency, "_last_sweep", [idempotency.NEVER_SWEPT])
    monkeypatch.setattr(idempotency.time, "monotonic", lambda: 42.0)  # 42 s after boot
    assert idempotency._sweep_due()
    assert not idempotency._sweep_due()  # and then not again for SWEEP_EVERY_SECONDS


def test_an_out_of_range_cursor_is_a_422_not_a_database_error(client: TestClient, make_key: KeyMaker) -> None:
    _, reviewer = make_key("reviewer")  # found by schemathesis: 2**64 overflowed SQLite's INTEGER
    resp = client.get("/v1/audit/events", params={"cursor": 2**64}, headers=auth(reviewer))
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("application/problem+json")


def test_nul_characters_are_refused_on_both_databases(
    client: TestClient, make_key: KeyMaker, factory: sessionmaker[Session]
) -> None:
    from sqlalchemy import func, select

    from service.review.models import ReviewItem

    _, workflow = make_key("workflow")
    body = json.dumps({**ITEM, "payload": {"note": "a\x00b"}})  # JSON text: "a\u0000b"
    resp = client.post("/v1/review/items", content=body,
                       headers={**auth(workflow), "Content-Type": "application/json"})
    assert resp.status_code == 422 and resp.json()["type"].endswith("/invalid-characters")
    resp = client.get("/v1/review/items", params={"kind": "a\x00b"}, headers=auth(workflow))
    assert resp.status_code == 422 and resp.json()["type"].endswith("/invalid-characters")
    with factory() as session:
        assert session.execute(select(func.count()).select_from(ReviewItem)).scalar_one() == 0
    # the six characters \u0000 written as text (an escaped backslash) are fine
    ok = client.post("/v1/review/items", content=json.dumps({**ITEM, "payload": {"note": "a\\u0000b"}}),
                     headers={**auth(workflow), "Content-Type": "application/json"})
    assert ok.status_code == 201, ok.text
    assert ok.json()["payload"]["note"] == "a\\u0000b"


def test_a_value_the_database_refuses_is_a_422(settings: Settings) -> None:
    from sqlalchemy.exc import DataError

    from service.app import create_app

    app = create_app(settings)

    @app.get("/refuse")
    def refuse() -> None:  # what psycopg raises for a NUL in a form field on PostgreSQL
        raise DataError("INSERT ...", {}, ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes"))

    with TestClient(app) as client:
        resp = client.get("/refuse")
    assert resp.status_code == 422 and resp.json()["type"].endswith("/unstorable-value")
