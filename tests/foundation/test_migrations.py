"""Migrations on both databases: 0003 converts stored JSON timesheet rows to typed columns (and
back on downgrade), 0004 keys them by entry_id (and back), and the models match the head schema."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from service.db import Base, make_engine, make_sessionmaker
from service.migrate import alembic_config
from tests.conftest import PG_ADMIN_URL, SKIP_PG, _pg_admin_conninfo


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    if SKIP_PG:
        pytest.skip("TOLLGATE_TEST_SKIP_POSTGRES=1")
    import psycopg

    name = f"tollgate_mig_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_pg_admin_conninfo(), autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_ADMIN_URL.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(_pg_admin_conninfo(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_OLD_ROWS = [
    {"entry_id": "e1", "consultant_id": "C1", "project_id": "P1", "work_date": "2026-03-02",
     "hours": 7.5, "billable": "yes", "task": "dev", "submitted_at": "2026-03-03T09:00:00Z",
     "project_end_date": "2026-06-30", "project_budget_hours": "400", "is_holiday": False,
     "ticket": "JIRA-1"},
    {"entry_id": "e2", "consultant_id": "C1", "project_id": "P2", "work_date": "2026-03-03",
     "hours": 4, "billable": "maybe", "bill_rate": "n/a"},
]


def test_0003_converts_json_rows_to_typed_columns_and_back(empty_url: str) -> None:
    from alembic import command

    cfg = alembic_config(empty_url)
    command.upgrade(cfg, "0002")
    engine = make_engine(empty_url, pool_size=1)
    insert = text("INSERT INTO timesheet_entries (entry_id, consultant_id, project_id, work_date, "
                  "hours, row, received_at) VALUES (:e, :c, :p, :d, :h, :row, CURRENT_TIMESTAMP)")
    with engine.begin() as conn:
        for r in _OLD_ROWS:
            conn.execute(insert, {"e": r["entry_id"], "c": r["consultant_id"], "p": r["project_id"],
                                  "d": r["work_date"], "h": r["hours"], "row": json.dumps(r)})
    command.upgrade(cfg, "head")

    from service.scoring.timesheets.repository import history_for

    with make_sessionmaker(engine)() as session:
        hist = history_for(session, ["C1"]).set_index("entry_id")
    assert hist.loc["e1", "billable"] == 1.0 and hist.loc["e1", "task"] == "dev"
    assert str(hist.loc["e1", "submitted_at"]) == "2026-03-03 09:00:00"  # naive UTC
    assert str(hist.loc["e1", "project_end_date"].date()) == "2026-06-30"
    assert hist.loc["e1", "project_budget_hours"] == 400.0 and hist.loc["e1", "is_holiday"] == 0.0
    # unreadable optional values are missing, as they were at scoring time
    assert hist.loc["e2", "billable"] != hist.loc["e2", "billable"]  # NaN
    assert hist.loc["e2", "bill_rate"] != hist.loc["e2", "bill_rate"]
    assert "ticket" not in hist.columns

    command.downgrade(cfg, "0002")
    with engine.connect() as conn:
        rows = {r[0]: (r[1] if isinstance(r[1], dict) else json.loads(r[1]))
                for r in conn.execute(text("SELECT entry_id, row FROM timesheet_entries"))}
    assert rows["e1"]["task"] == "dev" and rows["e1"]["billable"] is True
    assert rows["e2"]["hours"] == 4.0 and "billable" not in rows["e2"]
    engine.dispose()


def test_0004_keys_history_by_entry_id_and_back(empty_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    cfg = alembic_config(empty_url)
    command.upgrade(cfg, "0003")
    engine = make_engine(empty_url, pool_size=1)
    insert = text("INSERT INTO timesheet_entries (entry_id, consultant_id, project_id, work_date, "
                  "hours, task, received_at) VALUES (:e, 'C1', 'P1', '2026-03-02', 7.5, :t, "
                  "CURRENT_TIMESTAMP)")
    with engine.begin() as conn:
        for i in range(3):
            conn.execute(insert, {"e": f"e{i}", "t": f"task {i}"})

    command.upgrade(cfg, "head")
    shape = inspect(engine)
    assert shape.get_pk_constraint("timesheet_entries")["constrained_columns"] == ["entry_id"]
    assert "id" not in {c["name"] for c in shape.get_columns("timesheet_entries")}
    with engine.connect() as conn:
        assert sorted(conn.execute(text("SELECT entry_id, task FROM timesheet_entries")).all()) == [
            ("e0", "task 0"), ("e1", "task 1"), ("e2", "task 2")]

    command.downgrade(cfg, "0003")
    shape = inspect(engine)
    assert shape.get_pk_constraint("timesheet_entries")["constrained_columns"] == ["id"]
    assert any(ix["name"] == "uq_timesheet_entries_entry" and ix["unique"]
               for ix in shape.get_indexes("timesheet_entries"))
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM timesheet_entries"))]
    assert len(set(ids)) == 3 and None not in ids
    command.upgrade(cfg, "head")
    engine.dispose()


def test_models_match_the_head_schema(empty_url: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(empty_url), "head")
    engine = make_engine(empty_url, pool_size=1)
    import service.app  # noqa: F401  (registers every table on Base.metadata)

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []
