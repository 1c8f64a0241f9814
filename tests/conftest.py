"""Shared fixtures: databases (SQLite and PostgreSQL), settings, the app and API keys.

PostgreSQL is not optional: the storage, queue and audit suites run against it, and an
unreachable server fails the run (set TOLLGATE_TEST_SKIP_POSTGRES=1 to run SQLite only, locally).
Each test gets a clean database: a fresh SQLite file, or the session's PostgreSQL database with
every table truncated.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from service.config import Settings
from service.db import make_engine, make_sessionmaker
from service.migrate import upgrade_url
from service.security import Principal, create_key

PG_ADMIN_URL = os.environ.get(
    "TOLLGATE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SKIP_PG = os.environ.get("TOLLGATE_TEST_SKIP_POSTGRES") == "1" and os.environ.get("CI") != "true"


def _pg_admin_conninfo() -> str:
    return PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test session, migrated to head."""
    if SKIP_PG:
        pytest.skip("TOLLGATE_TEST_SKIP_POSTGRES=1")
    import psycopg

    name = f"tollgate_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(_pg_admin_conninfo(), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:  # fail, never skip: CI must have PostgreSQL
        pytest.fail(f"PostgreSQL unreachable at {PG_ADMIN_URL}: {exc}", pytrace=False)
    admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = PG_ADMIN_URL.rpartition("/")
    url = f"{base}/{name}"
    try:
        upgrade_url(url)
        yield url
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _truncate_pg(url: str) -> None:
    engine = make_engine(url, pool_size=1)
    with engine.begin() as conn:
        conn.execute(text("SET session_replication_role = replica"))  # bypass the audit trigger
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )).scalars().all()
        if tables:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE"))
        conn.execute(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, :h)"), {"h": "0" * 64})
        conn.execute(text("SET session_replication_role = DEFAULT"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A clean, migrated database of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tollgate.db'}"
        upgrade_url(url)
        return url
    url = request.getfixturevalue("pg_database")
    _truncate_pg(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'tollgate.db'}"
    upgrade_url(url)
    return url


@pytest.fixture
def pg_url(pg_database: str) -> str:
    _truncate_pg(pg_database)
    return pg_database


def make_settings(tmp_path: Path, url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": tmp_path / "var",
        "database_url": url,
        "load_models": False,
        "warm_up": False,  # tests/foundation/test_warm_up.py covers it; elsewhere it only costs time
        "mlflow_tracking_uri": f"sqlite:///{tmp_path / 'mlflow.db'}",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    return make_settings(tmp_path, db_url)


@pytest.fixture
def factory(settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(settings.sqlalchemy_url, pool_size=12)
    yield make_sessionmaker(engine)
    engine.dispose()


KeyMaker = Callable[..., tuple[Principal, str]]


@pytest.fixture
def make_key(factory: sessionmaker[Session]) -> KeyMaker:
    """Create an API key of a role; returns (principal, clear key)."""

    def _make(role: str, name: str | None = None) -> tuple[Principal, str]:
        with factory() as session:
            row, clear = create_key(session, name=name or f"{role}-{uuid.uuid4().hex[:6]}", role=role)
            session.commit()
            return Principal(id=row.id, name=row.name, role=row.role), clear

    return _make


@pytest.fixture
def make_key_sqlite(sqlite_url: str) -> Iterator[KeyMaker]:
    """``make_key`` for tests that build their own app on ``sqlite_url``."""
    engine = make_engine(sqlite_url, pool_size=2)
    factory = make_sessionmaker(engine)

    def _make(role: str, name: str | None = None) -> tuple[Principal, str]:
        with factory() as session:
            row, clear = create_key(session, name=name or f"{role}-{uuid.uuid4().hex[:6]}", role=role)
            session.commit()
            return Principal(id=row.id, name=row.name, role=row.role), clear

    yield _make
    engine.dispose()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    from service.app import create_app

    with TestClient(create_app(settings)) as test_client:
        yield test_client


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
