"""The reviewer UI over HTTP (TestClient), on SQLite and PostgreSQL.

Covers sign-in/out, revoked keys, CSRF rejection, redirects for anonymous visitors, role
rules, every page rendering, the review flow with problems shown inline, bulk decisions and
the dashboard's figures.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from service.db import utcnow
from service.review.service import SORTS, queue_page
from service.security import revoke_key
from service.web.models import WebSession
from service.web.sessions import COOKIE_NAME
from tests.conftest import KeyMaker, make_settings
from tests.web.conftest import csrf_from, sample_sow, sign_in, upload


def _session_rows(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.execute(select(func.count()).select_from(WebSession)).scalar_one())


def test_anonymous_visitors_are_sent_to_sign_in(client: TestClient) -> None:
    root = client.get("/", follow_redirects=False)
    assert root.status_code == 307 and root.headers["location"] == "/ui"
    assert client.get("/ui", follow_redirects=False).headers["location"] == "/ui/login"
    for path in ("/ui/queue?kind=billing_term", "/ui/upload", "/ui/dashboard", "/ui/documents/x"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/ui/login?next=%2Fui%2F")
    login = client.get("/ui/login")
    assert 'for="api_key"' in login.text and "Content-Security-Policy" in login.headers


def test_sign_in_session_cookie_and_sign_out(
    client: TestClient, make_key: KeyMaker, factory: sessionmaker[Session]
) -> None:
    _, key = make_key("reviewer", "Rita Reviewer")
    page = client.get("/ui/login")
    bad = client.post("/ui/login", data={"api_key": "tg_nope", "csrf_token": csrf_from(page.text)})
    assert bad.status_code == 401 and "unknown or revoked" in bad.text
    page = client.get("/ui/login")
    ok = client.post("/ui/login", data={"api_key": key, "csrf_token": csrf_from(page.text),
                                        "next": "https://evil.example/"}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/ui"  # no open redirect
    cookie = ok.headers["set-cookie"]
    assert f"{COOKIE_NAME}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert key not in cookie
    assert _session_rows(factory) == 1
    queue = client.get("/ui/queue")
    assert queue.status_code == 200 and "Rita Reviewer" in queue.text
    out = client.post("/ui/logout", data={"csrf_token": csrf_from(queue.text)}, follow_redirects=False)
    assert out.status_code == 303
    assert _session_rows(factory) == 0
    assert client.get("/ui/queue", follow_redirects=False).status_code == 303


def test_login_form_needs_its_token(client: TestClient, make_key: KeyMaker) -> None:
    _, key = make_key("reviewer")
    client.get("/ui/login")
    forged = client.post("/ui/login", data={"api_key": key, "csrf_token": "forged"}, follow_redirects=False)
    assert forged.status_code == 403
    assert COOKIE_NAME not in forged.headers.get("set-cookie", "")


def test_csrf_mismatch_is_a_403_page(client: TestClient, make_key: KeyMaker,
                                     factory: sessionmaker[Session]) -> None:
    _, key = make_key("reviewer")
    sign_in(client, key)
    response = client.post("/ui/logout", data={"csrf_token": "wrong"})
    assert response.status_code == 403 and "security token" in response.text
    assert "text/html" in response.headers["content-type"]
    assert _session_rows(factory) == 1  # still signed in
    xhr = client.post("/ui/upload", files={"file": ("a.txt", b"hello", "text/plain")},
                      headers={"X-CSRF-Token": "wrong", "X-Requested-With": "XMLHttpRequest"})
    assert xhr.status_code == 403


def test_revoking_the_key_ends_its_sessions(
    client: TestClient, make_key: KeyMaker, factory: sessionmaker[Session]
) -> None:
    reviewer, key = make_key("reviewer")
    sign_in(client, key)
    with factory() as session:
        revoke_key(session, reviewer.id)
        session.commit()
    response = client.get("/ui/queue", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/ui/login")
    assert _session_rows(factory) == 0


def test_role_rules_match_the_api(client: TestClient, make_key: KeyMaker) -> None:
    _, submitter = make_key("submitter")
    sign_in(client, submitter)
    assert client.get("/ui/upload").status_code == 200
    queue = client.get("/ui/queue")
    assert queue.status_code == 403 and "may not open this page" in queue.text
    assert client.get("/ui", follow_redirects=False).headers["location"] == "/ui/documents"
    workflow_client = TestClient(client.app)
    _, workflow = make_key("workflow")
    page = workflow_client.get("/ui/login")
    workflow_client.post("/ui/login", data={"api_key": workflow, "csrf_token": csrf_from(page.text)})
    assert workflow_client.get("/ui/upload").status_code == 403
    scientist = TestClient(client.app)
    sign_in(scientist, make_key("data_scientist")[1])
    assert scientist.get("/ui/dashboard").status_code == 200
    assert scientist.get("/ui/queue").status_code == 403
    assert scientist.get("/ui/documents").status_code == 403


def test_review_flow_renders_every_page(client: TestClient, make_key: KeyMaker) -> None:
    _, submitter_key = make_key("submitter", "Sam Submitter")
    reviewer, reviewer_key = make_key("reviewer", "Rita Reviewer")
    name, data = sample_sow()
    csrf = sign_in(client, submitter_key)
    document_id = upload(client, csrf, name, data)
    again = client.post("/ui/upload", files={"file": (name, data, "text/plain")},
                        headers={"X-CSRF-Token": csrf, "X-Requested-With": "XMLHttpRequest"})
    assert again.status_code == 200 and again.json()["document_id"] == document_id
    client.post("/ui/logout", data={"csrf_token": csrf})

    csrf = sign_in(client, reviewer_key)
    doc = client.get(f"/ui/documents/{document_id}")
    assert doc.status_code == 200
    assert re.search(r'<mark class="term"[^>]*>Payment terms are Net 45', doc.text)
    assert "Payment terms (days)" in doc.text
    item_id = re.search(r'/ui/items/([0-9a-f-]{36})', doc.text).group(1)  # type: ignore[union-attr]

    queue = client.get("/ui/queue?kind=billing_term&sort=priority&limit=25")
    assert queue.status_code == 200 and item_id in queue.text
    item = client.get(f"/ui/items/{item_id}")
    assert item.status_code == 200 and 'id="decision-form"' in item.text
    assert "review_item.claimed" not in item.text  # opening an item changes nothing
    decided = client.post(f"/ui/items/{item_id}/decision",
                          data={"decision": "accept", "reason": "matches the SOW", "csrf_token": csrf},
                          follow_redirects=False)
    assert decided.status_code == 303 and "done=accepted" in decided.headers["location"]
    after = client.get(f"/ui/items/{item_id}")
    assert "review_item.decided" in after.text and "matches the SOW" in after.text
    assert "review_item.claimed" in after.text and "Rita Reviewer" in after.text  # claimed to decide
    again_decided = client.post(f"/ui/items/{item_id}/decision",
                                data={"decision": "reject", "csrf_token": csrf})
    assert again_decided.status_code == 409 and "item is already accepted" in again_decided.text

    correct_missing = client.get(queue.url)  # another pending item; correct without a value
    other = next(i for i in re.findall(r'/ui/items/([0-9a-f-]{36})', correct_missing.text) if i != item_id)
    client.get(f"/ui/items/{other}")
    bad = client.post(f"/ui/items/{other}/decision",
                      data={"decision": "correct", "corrected_value": "", "csrf_token": csrf})
    assert bad.status_code == 422 and "a correction needs corrected_value" in bad.text
    fixed = client.post(f"/ui/items/{other}/decision",
                        data={"decision": "correct", "corrected_value": '"EUR"', "csrf_token": csrf},
                        follow_redirects=False)
    assert fixed.status_code == 303

    dashboard = client.get("/ui/dashboard")
    assert dashboard.status_code == 200
    assert "billing-rules" in dashboard.text and "in review" in dashboard.text
    assert client.get("/ui/documents").status_code == 200
    assert client.get("/ui/upload").status_code == 200
    assert reviewer.role == "reviewer"


def test_segregation_of_duties_and_claims_show_inline(client: TestClient, make_key: KeyMaker) -> None:
    _, uploader_key = make_key("reviewer", "Uma Uploader")
    _, other_key = make_key("reviewer", "Otto Other")
    name, data = sample_sow()
    csrf = sign_in(client, uploader_key)
    document_id = upload(client, csrf, name, data)
    doc = client.get(f"/ui/documents/{document_id}")
    item_id = re.search(r'/ui/items/([0-9a-f-]{36})', doc.text).group(1)  # type: ignore[union-attr]
    own = client.get(f"/ui/items/{item_id}")
    assert own.status_code == 200 and "another reviewer must review it" in own.text
    assert 'id="decision-form"' not in own.text

    other = TestClient(client.app)
    other_csrf = sign_in(other, other_key)
    assert 'id="decision-form"' in other.get(f"/ui/items/{item_id}").text
    claimed = other.post(f"/ui/items/{item_id}/claim", data={"csrf_token": other_csrf},
                         follow_redirects=False)
    assert claimed.status_code == 303
    assert "Release this item" in other.get(f"/ui/items/{item_id}").text
    third_key = make_key("reviewer")[1]
    third = TestClient(client.app)
    sign_in(third, third_key)
    held = third.get(f"/ui/items/{item_id}")
    assert "another reviewer holds this item" in held.text and 'id="decision-form"' not in held.text
    taken = third.post(f"/ui/items/{item_id}/decision",
                       data={"decision": "accept", "csrf_token": csrf_from(held.text)})
    assert taken.status_code == 409 and "another reviewer holds this item" in taken.text
    not_mine = third.post(f"/ui/items/{item_id}/release", data={"csrf_token": csrf_from(held.text)})
    assert not_mine.status_code == 409 and "you do not hold a claim on this item" in not_mine.text
    released = other.post(f"/ui/items/{item_id}/release", data={"csrf_token": other_csrf},
                          follow_redirects=False)
    assert released.status_code == 303


def test_bulk_decisions_skip_what_the_reviewer_may_not_decide(client: TestClient, make_key: KeyMaker) -> None:
    _, submitter_key = make_key("submitter")
    _, reviewer_key = make_key("reviewer")
    name, data = sample_sow()
    csrf = sign_in(client, submitter_key)
    document_id = upload(client, csrf, name, data)
    reviewer = TestClient(client.app)
    csrf = sign_in(reviewer, reviewer_key)
    queue = reviewer.get(f"/ui/queue?source_type=document&source_id={document_id}")
    ids = sorted(set(re.findall(r'name="ids" value="([0-9a-f-]{36})"', queue.text)))
    assert len(ids) >= 2
    missing_reason = reviewer.post("/ui/queue/bulk", data={"decision": "accept", "ids": ids[:2], "csrf_token": csrf})
    assert missing_reason.status_code == 422 and "needs a reason" in missing_reason.text
    done = reviewer.post("/ui/queue/bulk", data={"decision": "reject", "reason": "duplicate",
                                                 "ids": [*ids[:2], "no-such-item"], "csrf_token": csrf})
    assert done.status_code == 200
    assert "2 item(s) rejected" in done.text and "no review item no-such-item" in done.text
    rejected = reviewer.get(f"/ui/queue?status=rejected&source_id={document_id}")
    assert all(i in rejected.text for i in ids[:2])


def test_queue_filters_and_cursor_pagination(
    client: TestClient, make_key: KeyMaker, factory: sessionmaker[Session]
) -> None:
    _, submitter_key = make_key("submitter")
    _, reviewer_key = make_key("reviewer")
    name, data = sample_sow()
    upload(client, sign_in(client, submitter_key), name, data)
    reviewer = TestClient(client.app)
    sign_in(reviewer, reviewer_key)
    page = reviewer.get("/ui/queue?sort=score&limit=25&status=any&kind=billing_term")
    assert page.status_code == 200 and "Billing term" in page.text
    with factory() as session:
        now = utcnow()
        for sort in SORTS:
            everything, none_left = queue_page(session, now=now, sort=sort, limit=1000, status=None)
            assert none_left is None and len(everything) > 3
            paged: list[str] = []
            cursor: str | None = None
            while True:
                items, cursor = queue_page(session, now=now, sort=sort, cursor=cursor, limit=3, status=None)
                paged += [i.id for i in items]
                if cursor is None:
                    break
            assert paged == [i.id for i in everything], sort
    bad = reviewer.get("/ui/queue?min_score=7")
    assert bad.status_code == 422 and "between 0 and 1" in bad.text
    forged = reviewer.get("/ui/queue?cursor=notacursor")
    assert "start from the first page" in forged.text


def test_review_next_claims_by_priority_and_skips_own_items(client: TestClient, make_key: KeyMaker) -> None:
    _, submitter_key = make_key("submitter")
    _, reviewer_key = make_key("reviewer")
    name, data = sample_sow()
    upload(client, sign_in(client, submitter_key), name, data)
    reviewer = TestClient(client.app)
    csrf = sign_in(reviewer, reviewer_key)
    opened = reviewer.post("/ui/queue/next", data={"q": "kind=billing_term", "csrf_token": csrf},
                           follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"].startswith("/ui/items/")
    item = reviewer.get(opened.headers["location"])
    assert 'id="decision-form"' in item.text and "Billing term" in item.text
    # The uploader (a reviewer too) finds nothing it may claim in its own document.
    uploader = TestClient(client.app)
    own_csrf = sign_in(uploader, make_key("reviewer")[1])
    other_name, other = "own.txt", data.replace(b"Net 45", b"Net 30")
    upload(uploader, own_csrf, other_name, other)
    docs = uploader.get("/ui/documents")
    own_id = re.search(r'/ui/documents/([0-9a-f-]{36})">own.txt', docs.text).group(1)  # type: ignore[union-attr]
    empty = uploader.post("/ui/queue/next", data={"q": f"source_type=document&source_id={own_id}",
                                                  "csrf_token": own_csrf})
    assert empty.status_code == 200 and 'id="queue-empty"' in empty.text


def test_upload_without_scripts_and_problems_inline(tmp_path: Path, db_url: str, make_key: KeyMaker) -> None:
    from service.app import create_app

    settings = make_settings(tmp_path, db_url, max_upload_mb=0.001)
    with TestClient(create_app(settings)) as small:
        _, key = make_key("submitter")
        csrf = sign_in(small, key)
        too_big = small.post("/ui/upload", data={"csrf_token": csrf},
                             files={"file": ("big.txt", b"x" * 5000, "text/plain")})
        assert too_big.status_code == 413 and "larger than the 0.001 MB limit" in too_big.text
        assert 'role="alert"' in too_big.text
        xhr = small.post("/ui/upload", files={"file": ("big.txt", b"x" * 5000, "text/plain")},
                         headers={"X-CSRF-Token": csrf, "X-Requested-With": "XMLHttpRequest"})
        assert xhr.status_code == 413 and xhr.json()["type"].endswith("/document-too-large")
        plain = small.post("/ui/upload", data={"csrf_token": csrf},
                           files={"file": ("sow.txt", b"Payment terms are Net 30.", "text/plain")},
                           follow_redirects=False)
        assert plain.status_code == 303 and plain.headers["location"].startswith("/ui/documents/")
        missing = small.post("/ui/upload", data={"csrf_token": csrf})
        assert missing.status_code == 422 and "choose a file" in missing.text


def test_scored_records_show_their_reasons(client: TestClient, make_key: KeyMaker,
                                           factory: sessionmaker[Session]) -> None:
    from service.review import service as review

    workflow, _ = make_key("workflow")
    _, reviewer_key = make_key("reviewer")
    with factory() as session:
        item = review.create_item(
            session, submitter=workflow, kind="timesheet_anomaly", source_type="timesheet_batch",
            source_id="batch-1", score=0.93, model_name="timesheet-anomaly", model_version="4",
            payload={"entry_id": "E-17", "score": 0.93,
                     "reasons": [{"code": "daily_hours_over_cap", "message": "14.5 hours on one day"}],
                     "entry": {"consultant_id": "C-9", "work_date": "2026-11-02", "hours": 14.5}})
        session.commit()
    csrf = sign_in(client, reviewer_key)
    queue = client.get("/ui/queue?source_type=timesheet_batch&min_score=0.9")
    assert queue.status_code == 200 and "E-17: 14.5 hours on one day" in queue.text
    assert '<option value="timesheet_batch" selected>' in queue.text
    page = client.get(f"/ui/items/{item.id}")
    assert 'id="reasons"' in page.text and "daily_hours_over_cap" in page.text
    assert "C-9" in page.text and 'id="decision-form"' in page.text
    rejected = client.post(f"/ui/items/{item.id}/decision",
                           data={"decision": "reject", "reason": "approved overtime", "csrf_token": csrf},
                           follow_redirects=False)
    assert rejected.status_code == 303 and "done=rejected" in rejected.headers["location"]
