"""Document upload through the API on both databases: storage, analysis, review items, audit,
and bad input that stores nothing."""

from __future__ import annotations

import io
from pathlib import Path

from fastapi.testclient import TestClient
from pypdf import PdfWriter

from service.config import Settings
from tests.conftest import KeyMaker, auth, make_settings

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples" / "documents"


def _counts(client: TestClient, key: str) -> tuple[int, int]:
    docs = client.get("/v1/documents", headers=auth(key)).json()["documents"]
    events = client.get("/v1/audit/events", params={"limit": 1000}, headers=auth(key)).json()["events"]
    return len(docs), len(events)


def test_upload_analyze_queue_and_read_back(client: TestClient, make_key: KeyMaker) -> None:
    submitter_p, submitter = make_key("submitter")
    _, reviewer = make_key("reviewer")
    data = (SAMPLES / "sow_tm_rate_card.pdf").read_bytes()
    resp = client.post("/v1/documents", files={"file": ("rate card.pdf", data, "application/pdf")},
                       headers=auth(submitter))
    assert resp.status_code == 201, resp.text
    analysis = resp.json()
    doc_id = analysis["document"]["id"]
    assert analysis["document"]["media_type"] == "application/pdf"
    assert resp.headers["location"] == f"/v1/documents/{doc_id}"

    text = client.get(f"/v1/documents/{doc_id}/text", headers=auth(reviewer)).text
    terms = {k: v for k, v in analysis["billing_terms"].items() if v is not None}
    assert "rates" in terms and "payment_terms_days" in terms
    for term in terms.values():
        ev = term["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]
    assert client.get(f"/v1/documents/{doc_id}/analysis", headers=auth(reviewer)).json() == {
        k: v for k, v in analysis.items() if k != "review_items"}
    assert client.get(f"/v1/documents/{doc_id}/original", headers=auth(reviewer)).content == data
    meta = client.get(f"/v1/documents/{doc_id}", headers=auth(submitter)).json()
    assert meta["sha256"] == analysis["document"]["sha256"] and meta["submitted_by"] == submitter_p.id

    items = client.get("/v1/review/items", params={"source_id": doc_id, "limit": 200},
                       headers=auth(reviewer)).json()["items"]
    billing = [i for i in items if i["kind"] == "billing_term"]
    assert sorted(i["payload"]["key"] for i in billing) == sorted(terms)
    flags = [i for i in items if i["kind"] == "clause_flag"]
    assert len(flags) == len(analysis["flags"])
    assert all(i["submitted_by"] == submitter_p.id for i in items)

    # The same bytes again: the existing document, nothing new queued.
    again = client.post("/v1/documents", files={"file": ("copy.pdf", data, "application/pdf")},
                        headers=auth(submitter))
    assert again.status_code == 200 and again.json()["document"]["id"] == doc_id
    after = client.get("/v1/review/items", params={"source_id": doc_id, "limit": 200},
                       headers=auth(reviewer)).json()["items"]
    assert len(after) == len(items)
    assert client.get("/v1/audit/verify", headers=auth(reviewer)).json()["ok"]


def test_uploader_cannot_review_own_document(client: TestClient, make_key: KeyMaker) -> None:
    _, uploader = make_key("reviewer")
    _, other = make_key("reviewer")
    data = (SAMPLES / "sow_retainer.txt").read_bytes()
    doc = client.post("/v1/documents", files={"file": ("r.txt", data, "text/plain")},
                      headers=auth(uploader)).json()
    assert client.post("/v1/review/next", json={"source_id": doc["document"]["id"]},
                       headers=auth(uploader)).status_code == 204
    item = client.post("/v1/review/next", json={"source_id": doc["document"]["id"]},
                       headers=auth(other))
    assert item.status_code == 200
    blocked = client.post(f"/v1/review/items/{item.json()['id']}/claim", headers=auth(uploader))
    assert blocked.status_code == 403


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_bad_input_is_problem_json_and_stores_nothing(client: TestClient, make_key: KeyMaker) -> None:
    _, submitter = make_key("submitter")
    _, admin = make_key("admin")
    good = (SAMPLES / "sow_retainer.txt").read_bytes()
    assert client.post("/v1/documents", files={"file": ("ok.txt", good, "text/plain")},
                       headers=auth(submitter)).status_code == 201
    before = _counts(client, admin)
    cases = [
        (("locked.pdf", _encrypted_pdf(), "application/pdf"), 422, "encrypted-pdf"),
        (("broken.pdf", b"%PDF-1.7\n1 0 obj <<garbage", "application/pdf"), 422, "unreadable-document"),
        (("blank.pdf", _blank_pdf(), "application/pdf"), 422, "no-text-layer"),
        (("x.exe", b"MZ\x90\x00" + bytes(range(256)) * 4, "application/octet-stream"), 415,
         "unsupported-media-type"),
    ]
    for file, status, slug in cases:
        resp = client.post("/v1/documents", files={"file": file}, headers=auth(submitter))
        assert resp.status_code == status, (file[0], resp.text)
        assert resp.headers["content-type"].startswith("application/problem+json")
        assert resp.json()["type"].endswith("/" + slug), resp.json()
    missing = client.post("/v1/documents", headers=auth(submitter))
    assert missing.status_code == 422 and "file" in {e["field"] for e in missing.json()["errors"]}
    assert _counts(client, admin) == before
    assert client.get("/v1/audit/verify", headers=auth(admin)).json()["ok"]


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=300, height=300)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_upload_over_the_size_limit_is_413(tmp_path: Path, sqlite_url: str, make_key_sqlite: KeyMaker) -> None:
    from service.app import create_app

    settings: Settings = make_settings(tmp_path, sqlite_url, max_upload_mb=0.001)
    _, submitter = make_key_sqlite("submitter")
    with TestClient(create_app(settings)) as client:
        resp = client.post("/v1/documents", files={"file": ("big.txt", b"x" * 5000, "text/plain")},
                           headers=auth(submitter))
    assert resp.status_code == 413 and resp.json()["type"].endswith("/document-too-large")
