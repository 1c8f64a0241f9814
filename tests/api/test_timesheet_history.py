"""Stored timesheet history on both databases: new entries stored once, re-sent ones skipped,
and what comes back is what was sent."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from service.scoring.timesheets.models import TimesheetEntry
from service.scoring.timesheets.repository import history_for, store_entries


def _row(i: int, consultant: str = "C1") -> dict[str, object]:
    return {"entry_id": f"e{i}", "consultant_id": consultant, "project_id": "P1",
            "work_date": f"2025-03-{1 + i % 28:02d}", "hours": 7.5, "billable": True, "task": "dev"}


def test_store_skips_known_ids_and_history_round_trips(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        assert store_entries(session, [_row(i) for i in range(50)]) == 50
        session.commit()
    with factory() as session:  # half re-sent, half new, one duplicated inside the batch
        store_entries(session, [_row(i) for i in range(25, 75)] + [_row(80), _row(80)])
        session.commit()
    with factory() as session:
        count = session.execute(select(func.count()).select_from(TimesheetEntry)).scalar_one()
        assert count == 76
        hist = history_for(session, ["C1"])
        assert sorted(hist["entry_id"]) == sorted({f"e{i}" for i in [*range(75), 80]})
        assert set(hist.columns) >= {"entry_id", "consultant_id", "project_id", "work_date", "hours", "task"}
        assert history_for(session, ["nobody"], project_ids=["P1"])["entry_id"].nunique() == 76
        assert history_for(session, ["nobody"]).empty
