"""Dashboard figures, session expiry, escaping and the 0002 migration, on both databases."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from service.db import utcnow
from service.review import service as review
from service.review.models import ReviewItem
from service.security import Principal
from service.web.dashboard_page import build_dashboard
from service.web.models import WebSession
from tests.conftest import KeyMaker
from tests.web.conftest import sign_in, upload


def _item(session: Session, who: Principal, kind: str, source: str, model: tuple[str, str],
          age: timedelta) -> ReviewItem:
    item = review.create_item(session, submitter=who, kind=kind, payload={"key": "currency", "value": "USD"},
                              source_type="document", source_id=source, confidence=0.9,
                              model_name=model[0], model_version=model[1])
    item.created_at = utcnow() - age
    return item


def test_dashboard_figures(factory: sessionmaker[Session], make_key: KeyMaker) -> None:
    submitter, _ = make_key("submitter")
    reviewer, _ = make_key("reviewer")
    lease = timedelta(minutes=5)
    with factory() as session:
        fresh = _item(session, submitter, "billing_term", "doc-a", ("rules", "1"), timedelta(minutes=5))
        _item(session, submitter, "billing_term", "doc-a", ("rules", "1"), timedelta(hours=3))
        _item(session, submitter, "clause_flag", "doc-b", ("clf", "2"), timedelta(days=3))
        _item(session, submitter, "clause_flag", "doc-b", ("clf", "2"), timedelta(days=30))
        done = [_item(session, submitter, "billing_term", "doc-c", ("rules", "2"), timedelta(hours=1, minutes=1))
                for _ in range(3)]
        session.commit()
        for item, decision in zip(done, ("accept", "accept", "reject"), strict=True):
            review.claim(session, item.id, reviewer, lease=lease)
            review.decide(session, item.id, reviewer, decision=decision)
        review.claim(session, fresh.id, reviewer, lease=lease)
        review.decide(session, fresh.id, reviewer, decision="correct", corrected_value="EUR")
        session.commit()

        data = build_dashboard(session, utcnow())
    backlog = {row["kind"]: row for row in data.backlog}
    assert backlog["billing_term"]["1-24 hours"] == 1 and backlog["billing_term"]["total"] == 1
    assert backlog["clause_flag"]["1-7 days"] == 1 and backlog["clause_flag"]["> 7 days"] == 1
    assert data.decisions_per_day == [{"day": utcnow().date().isoformat(), "accept": 2, "reject": 1,
                                       "correct": 1, "total": 4}]
    agreement = {(r["model_name"], r["model_version"]): r for r in data.agreement}
    assert agreement[("rules", "2")]["decided"] == 3
    assert abs(agreement[("rules", "2")]["agreement"] - 2 / 3) < 1e-9
    assert agreement[("rules", "1")]["agreement"] == 0.0 and agreement[("rules", "1")]["corrected"] == 1
    assert ("clf", "2") not in agreement  # nothing decided yet
    ready = {r["document_id"]: r for r in data.readiness}
    assert ready["doc-c"]["ready"] and ready["doc-c"]["terms"] == 3
    assert not ready["doc-a"]["ready"] and ready["doc-a"]["decided"] == 1
    assert "doc-b" not in ready  # clause flags only: no billing terms to set up


def test_expired_sessions_sign_out(client: TestClient, make_key: KeyMaker,
                                   factory: sessionmaker[Session]) -> None:
    _, key = make_key("reviewer")
    sign_in(client, key)
    with factory() as session:
        session.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
        session.commit()
    response = client.get("/ui/dashboard", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/ui/login?next=%2Fui%2Fdashboard"
    with factory() as session:
        assert session.query(WebSession).count() == 0


def test_document_text_is_escaped_and_submitters_see_no_review_links(
    client: TestClient, make_key: KeyMaker
) -> None:
    _, key = make_key("submitter")
    csrf = sign_in(client, key)
    text = b"STATEMENT OF WORK\n<script>alert('x')</script>\nPayment terms are Net 30 from the date of invoice.\n"
    document_id = upload(client, csrf, "evil.txt", text)
    page = client.get(f"/ui/documents/{document_id}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert" in page.text
    assert '<mark class="term"' in page.text and "/ui/items/" not in page.text
    assert client.get("/ui/documents/no-such-doc").status_code == 404


def test_migration_0002_matches_the_model_and_downgrades(db_url: str) -> None:
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    from service.db import make_engine
    from service.migrate import alembic_config, upgrade_url
    from service.models_registry import metadata

    engine = make_engine(db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), metadata)
        assert [d for d in diffs if "web_sessions" in str(d)] == []
        command.downgrade(alembic_config(db_url), "0001")
        assert "web_sessions" not in inspect(engine).get_table_names()
        upgrade_url(db_url)
        assert "web_sessions" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_signing_in_sweeps_dead_sessions(client: TestClient, make_key: KeyMaker,
                                         factory: sessionmaker[Session]) -> None:
    from service.security import revoke_key

    gone, gone_key = make_key("reviewer")
    _, live_key = make_key("reviewer")
    sign_in(client, gone_key)
    with factory() as session:
        revoke_key(session, gone.id)
        session.commit()
    sign_in(TestClient(client.app), live_key)  # the revoked key's session is never visited again
    with factory() as session:
        assert session.query(WebSession).filter(WebSession.api_key_id == gone.id).count() == 0
        assert session.query(WebSession).count() == 1
