"""Stored timesheet history: the context later requests are scored against."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.db import utcnow
from service.scoring.timesheets.models import TimesheetEntry

HISTORY_DAYS = 400  # about a year of a consultant's own pattern, plus a margin


def history_for(
    session: Session,
    consultant_ids: Iterable[str],
    *,
    project_ids: Iterable[str] = (),
    since: date | None = None,
) -> pd.DataFrame:
    """Earlier entries (as first received) of these consultants, for their own baselines, and
    of these projects, for budget consumption; from ``HISTORY_DAYS`` before ``since`` on."""
    rows: dict[str, dict[str, Any]] = {}
    for column, values in ((TimesheetEntry.consultant_id, consultant_ids),
                           (TimesheetEntry.project_id, project_ids)):
        ids = sorted({str(v) for v in values})
        for start in range(0, len(ids), 500):  # keep IN lists modest
            query = select(TimesheetEntry.entry_id, TimesheetEntry.row).where(
                column.in_(ids[start:start + 500]))
            if since is not None:
                query = query.where(TimesheetEntry.work_date >= since - timedelta(days=HISTORY_DAYS))
            rows.update((entry_id, row) for entry_id, row in session.execute(query))
    return pd.DataFrame.from_records(list(rows.values())) if rows else pd.DataFrame()


def store_entries(session: Session, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert entries not seen before (by ``entry_id``); returns how many distinct ids were sent.

    One multi-row INSERT that skips known ids (ON CONFLICT DO NOTHING on both databases):
    a batch of 10,000 entries costs one round trip, not 10,000 ORM objects.
    """
    if not rows:
        return 0
    now = utcnow()
    values: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry_id = str(row["entry_id"])
        values.setdefault(entry_id, {
            "entry_id": entry_id, "consultant_id": str(row["consultant_id"]),
            "project_id": str(row["project_id"]),
            "work_date": date.fromisoformat(str(row["work_date"])[:10]),
            "hours": float(row["hours"]), "row": dict(row), "received_at": now,
        })
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(TimesheetEntry).on_conflict_do_nothing(index_elements=["entry_id"])
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(TimesheetEntry).on_conflict_do_nothing(index_elements=["entry_id"])
    session.execute(stmt, list(values.values()))
    return len(values)
