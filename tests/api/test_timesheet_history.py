"""Stored timesheet history on both databases: new entries stored once, re-sent ones skipped,
and what comes back is what was sent, typed as scoring reads it."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from service.scoring.timesheets.models import TimesheetEntry
from service.scoring.timesheets.repository import history_for, store_frame
from service.scoring.timesheets.service import validate_rows


def _row(i: int, consultant: str = "C1") -> dict[str, object]:
    return {"entry_id": f"e{i}", "consultant_id": consultant, "project_id": "P1",
            "work_date": f"2025-03-{1 + i % 28:02d}", "hours": 7.5, "billable": True, "task": "dev"}


def _typed(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return validate_rows(rows).frame.drop(columns=["_row"])


def test_store_skips_known_ids_and_history_round_trips(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        assert store_frame(session, _typed([_row(i) for i in range(50)])) == 50
        session.commit()
    with factory() as session:  # half re-sent, half new, one duplicated inside the batch
        store_frame(session, _typed([_row(i) for i in range(25, 75)] + [_row(80), _row(80)]))
        session.commit()
    with factory() as session:
        count = session.execute(select(func.count()).select_from(TimesheetEntry)).scalar_one()
        assert count == 76
        hist = history_for(session, ["C1"])
        assert sorted(hist["entry_id"]) == sorted({f"e{i}" for i in [*range(75), 80]})
        assert set(hist.columns) >= {"entry_id", "consultant_id", "project_id", "work_date", "hours", "task"}
        assert history_for(session, ["nobody"], project_ids=["P1"])["entry_id"].nunique() == 76
        assert history_for(session, ["nobody"]).empty


def test_every_canonical_value_round_trips(factory: sessionmaker[Session]) -> None:
    row = {"entry_id": "x1", "consultant_id": "C9", "project_id": "P9", "work_date": "2026-02-27",
           "hours": "6.25", "billable": "no", "task": "design, review", "description": 'said "hi"\nthen left',
           "submitted_at": "2026-03-01T08:30:00+01:00", "role": "senior", "bill_rate": 180,
           "project_start_date": "2026-01-05", "project_end_date": "2026-12-18",
           "project_budget_hours": 1200, "planned_hours": 8, "is_holiday": "true", "country": "DE"}
    sparse = {"entry_id": "x2", "consultant_id": "C9", "project_id": "P9", "work_date": "2026-02-28",
              "hours": 1}
    sent = _typed([row, sparse])
    with factory() as session:
        store_frame(session, sent)
        session.commit()
    with factory() as session:
        back = history_for(session, ["C9"]).sort_values("entry_id", ignore_index=True)
    def plain(frame: pd.DataFrame) -> pd.DataFrame:  # None and NaN both mean "missing"
        return frame.astype(object).where(frame.notna(), None)

    pd.testing.assert_frame_equal(plain(back[list(sent.columns)]),
                                  plain(sent.sort_values("entry_id", ignore_index=True)))
    assert str(back.loc[0, "submitted_at"]) == "2026-03-01 07:30:00"  # stored as naive UTC
    assert back.loc[1, ["billable", "task", "project_end_date"]].isna().all()


def test_a_concurrent_store_of_the_same_ids_falls_back_to_insert_on_conflict(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: the ids were unknown when checked but stored by another request before our
    COPY (simulated by a check that sees nothing): the batch still lands, once, without error."""
    from service.db import make_engine, make_sessionmaker
    from service.scoring.timesheets import repository

    factory = make_sessionmaker(make_engine(pg_url, pool_size=2))
    with factory() as session:
        store_frame(session, _typed([_row(i) for i in range(5)]))
        session.commit()
    monkeypatch.setattr(repository, "_known_ids", lambda raw, ids: set())
    with factory() as session:
        assert store_frame(session, _typed([_row(i) for i in range(10)])) == 10
        session.commit()
    with factory() as session:
        assert session.execute(select(func.count()).select_from(TimesheetEntry)).scalar_one() == 10
        assert sorted(history_for(session, ["C1"])["entry_id"]) == sorted(f"e{i}" for i in range(10))


def test_a_number_among_text_values_is_stored_as_its_text(factory: sessionmaker[Session]) -> None:
    """Text columns are typed from their first values; a number further down (``"task": 5``)
    is stored as ``"5"``, not dropped, on both databases."""
    rows = [_row(i) for i in range(60)]
    rows[55]["task"] = 5
    rows[56]["task"] = None
    with factory() as session:
        assert store_frame(session, _typed(rows)) == 60
        session.commit()
    with factory() as session:
        tasks = history_for(session, ["C1"]).set_index("entry_id")["task"]
    assert tasks["e55"] == "5" and tasks["e0"] == "dev" and pd.isna(tasks["e56"])
