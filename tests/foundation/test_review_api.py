"""The review queue through the HTTP API, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from service.db import utcnow
from service.review.models import ReviewItem
from tests.conftest import KeyMaker, auth

ITEM = {
    "kind": "timesheet_anomaly",
    "payload": {"entry_id": "e-1", "hours": 14},
    "evidence": {"page": None, "start": 0, "end": 5, "text": "14 h"},
    "source": {"type": "timesheet_batch", "id": "batch-1"},
    "score": 0.91,
    "model": {"name": "timesheet-anomaly", "version": "1"},
}


def _create(client: TestClient, key: str, **overrides: object) -> dict:
    body = {**ITEM, **overrides}
    resp = client.post("/v1/review/items", json=body, headers=auth(key))
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_claim_decide_conflict_and_segregation(client: TestClient, make_key: KeyMaker) -> None:
    _, workflow = make_key("workflow")
    admin_p, admin = make_key("admin")
    _, rev1 = make_key("reviewer")
    _, rev2 = make_key("reviewer")

    item = _create(client, admin)  # the admin submitted this source
    assert item["status"] == "pending" and item["priority"] == 91

    # The submitter may not claim or decide, even as admin.
    resp = client.post(f"/v1/review/items/{item['id']}/claim", headers=auth(admin))
    assert resp.status_code == 403
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["type"].endswith("/segregation-of-duties")

    resp = client.post(f"/v1/review/items/{item['id']}/claim", headers=auth(rev1))
    assert resp.status_code == 200 and resp.json()["status"] == "claimed"

    resp = client.post(f"/v1/review/items/{item['id']}/claim", headers=auth(rev2))
    assert resp.status_code == 409 and resp.json()["type"].endswith("/claimed-by-other")
    resp = client.post(f"/v1/review/items/{item['id']}/decision", headers=auth(rev2),
                       json={"decision": "accept", "reason": "fine"})
    assert resp.status_code == 409

    resp = client.post(f"/v1/review/items/{item['id']}/decision", headers=auth(admin),
                       json={"decision": "accept", "reason": "mine"})
    assert resp.status_code == 403

    resp = client.post(f"/v1/review/items/{item['id']}/decision", headers=auth(rev1),
                       json={"decision": "correct", "reason": "hours were 4", "corrected_value": {"hours": 4}})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["status"] == "corrected"
    assert body["decision"]["corrected_value"] == {"hours": 4}

    # Decided items cannot be claimed again.
    assert client.post(f"/v1/review/items/{item['id']}/claim", headers=auth(rev2)).status_code == 409

    # Every step is in the audit trail, and the chain verifies.
    events = client.get("/v1/audit/events", params={"subject": f"review_item:{item['id']}"},
                        headers=auth(rev1)).json()["events"]
    assert [e["action"] for e in events] == ["review_item.created", "review_item.claimed",
                                             "review_item.decided"]
    assert events[0]["actor"] == f"key:{admin_p.id}"
    assert client.get("/v1/audit/verify", headers=auth(rev1)).json()["ok"] is True
    del workflow


def test_next_picks_priority_then_age_and_skips_own(client: TestClient, make_key: KeyMaker) -> None:
    rev_p, rev = make_key("reviewer")
    _, workflow = make_key("workflow")
    low = _create(client, workflow, score=0.2)
    high = _create(client, workflow, score=0.95)
    high2 = _create(client, workflow, score=0.95)
    first = client.post("/v1/review/next", headers=auth(rev)).json()
    assert first["id"] == high["id"] and first["assignee"] == rev_p.id
    second = client.post("/v1/review/next", headers=auth(rev)).json()
    assert second["id"] == high2["id"]
    third = client.post("/v1/review/next", json={"kind": "timesheet_anomaly", "min_score": 0.5},
                        headers=auth(rev))
    assert third.status_code == 204  # only the low-score item is left, and it is filtered out
    fourth = client.post("/v1/review/next", headers=auth(rev)).json()
    assert fourth["id"] == low["id"]


def test_release_and_expired_lease_return_to_pending(
    client: TestClient, make_key: KeyMaker, factory: sessionmaker[Session]
) -> None:
    _, workflow = make_key("workflow")
    _, rev1 = make_key("reviewer")
    _, rev2 = make_key("reviewer")
    item = _create(client, workflow)
    client.post(f"/v1/review/items/{item['id']}/claim", headers=auth(rev1))
    resp = client.post(f"/v1/review/items/{item['id']}/release", headers=auth(rev1))
    assert resp.status_code == 200 and resp.json()["status"] == "pending"
    assert client.post(f"/v1/review/items/{item['id']}/release", headers=auth(rev1)).status_code == 409

    client.post(f"/v1/review/items/{item['id']}/claim", headers=auth(rev1))
    with factory() as session:  # the lease runs out
        row = session.get(ReviewItem, item["id"])
        assert row is not None
        row.lease_expires_at = utcnow() - timedelta(seconds=1)
        session.commit()
    listed = client.get("/v1/review/items", params={"status": "pending"}, headers=auth(rev2)).json()
    assert [i["id"] for i in listed["items"]] == [item["id"]]
    resp = client.post(f"/v1/review/items/{item['id']}/claim", headers=auth(rev2))
    assert resp.status_code == 200 and resp.json()["status"] == "claimed"


def test_listing_filters_and_cursor(client: TestClient, make_key: KeyMaker) -> None:
    _, workflow = make_key("workflow")
    _, rev = make_key("reviewer")
    ids = [_create(client, workflow, score=0.1 * (i + 1),
                   source={"type": "invoice_batch", "id": f"b{i % 2}"})["id"] for i in range(7)]
    _create(client, workflow, kind="clause_flag", score=None, confidence=0.8)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"kind": "timesheet_anomaly", "limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/review/items", params=params, headers=auth(rev)).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    hi = client.get("/v1/review/items", params={"min_score": 0.45}, headers=auth(rev)).json()
    assert {i["id"] for i in hi["items"]} == set(ids[4:]) | {
        i["id"] for i in hi["items"] if i["kind"] == "clause_flag"}
    src = client.get("/v1/review/items", params={"source_id": "b1"}, headers=auth(rev)).json()
    assert [i["id"] for i in src["items"]] == ids[1::2]
    bad = client.get("/v1/review/items", params={"cursor": "!!!"}, headers=auth(rev))
    assert bad.status_code == 422 and bad.json()["type"].endswith("/invalid-cursor")


def test_bulk_decisions(client: TestClient, make_key: KeyMaker) -> None:
    _, workflow = make_key("workflow")
    rev_p, rev = make_key("reviewer")
    for _ in range(3):
        _create(client, workflow, kind="dispute_risk", score=0.7)
    _create(client, workflow)
    # Reviewers cannot post items themselves.
    assert client.post("/v1/review/items", json=ITEM, headers=auth(rev)).status_code == 403
    resp = client.post("/v1/review/bulk", headers=auth(rev), json={
        "filters": {"kind": "dispute_risk"}, "decision": "reject", "reason": "known client, fine"})
    assert resp.status_code == 200, resp.text
    assert len(resp.json()["decided"]) == 3
    left = client.get("/v1/review/items", params={"status": "pending"}, headers=auth(rev)).json()
    assert [i["kind"] for i in left["items"]] == ["timesheet_anomaly"]
    rejected = client.get("/v1/review/items", params={"status": "rejected"}, headers=auth(rev)).json()
    assert all(i["decision"]["reason"] == "known client, fine" for i in rejected["items"])
    assert all(i["decision"]["decided_by"] == rev_p.id for i in rejected["items"])


def test_validation_errors_name_the_field(client: TestClient, make_key: KeyMaker) -> None:
    _, workflow = make_key("workflow")
    resp = client.post("/v1/review/items", json={**ITEM, "kind": "bogus", "unknown": 1},
                       headers=auth(workflow))
    assert resp.status_code == 422
    body = resp.json()
    assert resp.headers["content-type"].startswith("application/problem+json")
    fields = {e["field"] for e in body["errors"]}
    assert "kind" in fields and "unknown" in fields
    resp = client.post("/v1/review/items", content=b"{not json", headers={
        **auth(workflow), "content-type": "application/json"})
    assert resp.status_code == 422
