"""Startup warm-up: every loaded model's code path runs once before serving, nothing is stored,
and a failing warm-up is logged without stopping the service."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from service.audit.models import AuditEvent
from service.db import make_engine, make_sessionmaker
from service.documents.models import StoredDocument
from service.review.models import ReviewItem
from service.scoring.timesheets.models import TimesheetEntry
from tests.conftest import make_settings


class _Messages(logging.Handler):
    """Records the app logger's messages (the app replaces the root handlers, so caplog's
    handler may be gone by the time the app logs)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def app_log() -> Iterator[_Messages]:
    logger = logging.getLogger("tollgate.app")
    handler = _Messages()
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def test_startup_warms_every_path_and_stores_nothing(
    tmp_path: Path, db_url: str, app_log: _Messages
) -> None:
    from service.app import create_app

    settings = make_settings(tmp_path, db_url, load_models=True, warm_up=True)
    with TestClient(create_app(settings)) as client:
        assert client.get("/readyz").status_code == 200
    warmed = {m.split(" in ")[0] for m in app_log.messages if m.startswith("warmed up")}
    assert warmed == {"warmed up documents", "warmed up timesheet-anomaly", "warmed up invoice-dispute-risk"}
    with make_sessionmaker(make_engine(db_url, pool_size=1))() as session:
        for table in (StoredDocument, ReviewItem, TimesheetEntry, AuditEvent):
            assert session.execute(select(func.count()).select_from(table)).scalar_one() == 0


def test_a_failing_warm_up_is_logged_and_the_service_still_starts(
    tmp_path: Path, sqlite_url: str, app_log: _Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.app import create_app
    from service.documents import service as documents

    def broken(*args: object) -> None:
        raise RuntimeError("spaCy went missing")

    monkeypatch.setattr(documents, "warm_up", broken)
    settings = make_settings(tmp_path, sqlite_url, load_models=True, warm_up=True)
    with TestClient(create_app(settings)) as client:
        assert client.get("/readyz").status_code == 200
    messages = app_log.messages
    assert "warm-up of documents failed: spaCy went missing" in messages
    assert any(m.startswith("warmed up timesheet-anomaly") for m in messages)


def test_a_hot_reload_warms_the_models_it_changed(
    tmp_path: Path, sqlite_url: str, app_log: _Messages
) -> None:
    from service.app import create_app

    settings = make_settings(tmp_path, sqlite_url, load_models=True, warm_up=True)
    with TestClient(create_app(settings)) as client:
        store = client.app.state.models  # type: ignore[attr-defined]
        assert store.on_change is not None
        app_log.messages.clear()
        store.on_change({"invoice-dispute-risk"})
        warmed = {m.split(" in ")[0] for m in app_log.messages if m.startswith("warmed up")}
        assert warmed == {"warmed up invoice-dispute-risk"}
        app_log.messages.clear()
        store.on_change({"document-type"})
        warmed = {m.split(" in ")[0] for m in app_log.messages if m.startswith("warmed up")}
        assert warmed == {"warmed up documents"}
