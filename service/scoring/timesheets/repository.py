"""Stored timesheet history: the context later requests are scored against."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Text, cast, select
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
    # Rows come back as JSON text and are decoded in one call: per-row decoding of thousands of
    # history rows was the endpoint's largest cost.
    texts: dict[str, str] = {}
    for column, values in ((TimesheetEntry.consultant_id, consultant_ids),
                           (TimesheetEntry.project_id, project_ids)):
        ids = sorted({str(v) for v in values})
        for start in range(0, len(ids), 500):  # keep IN lists modest
            query = select(TimesheetEntry.entry_id, cast(TimesheetEntry.row, Text)).where(
                column.in_(ids[start:start + 500]))
            if since is not None:
                query = query.where(TimesheetEntry.work_date >= since - timedelta(days=HISTORY_DAYS))
            texts.update((entry_id, text) for entry_id, text in session.execute(query))
    if not texts:
        return pd.DataFrame()
    return pd.DataFrame.from_records(json.loads("[" + ",".join(texts.values()) + "]"))


def store_entries(session: Session, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert entries not seen before (by ``entry_id``); returns how many distinct ids were sent.

    PostgreSQL: COPY of the unknown ids; SQLite: one multi-row INSERT ... ON CONFLICT DO NOTHING.
    Either way a batch of 10,000 entries is one statement, not 10,000 ORM objects.
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
    if session.get_bind().dialect.name == "postgresql":
        _copy_new_postgres(session, values)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(TimesheetEntry).on_conflict_do_nothing(index_elements=["entry_id"])
        session.execute(stmt, list(values.values()))
    return len(values)


_COPY_COLUMNS = ("entry_id", "consultant_id", "project_id", "work_date", "hours", "row", "received_at")


def _copy_new_postgres(session: Session, values: Mapping[str, Mapping[str, Any]]) -> None:
    """COPY the entries whose ids are not stored yet (an order of magnitude faster than a
    multi-row INSERT of JSON rows). If a concurrent request stores one of them first, the COPY
    fails inside a savepoint and the batch falls back to INSERT ... ON CONFLICT DO NOTHING."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    from sqlalchemy.exc import IntegrityError

    ids = list(values)
    known: set[str] = set()
    for start in range(0, len(ids), 1000):
        known.update(session.execute(
            select(TimesheetEntry.entry_id).where(TimesheetEntry.entry_id.in_(ids[start:start + 1000]))
        ).scalars())
    new = [v for k, v in values.items() if k not in known]
    if not new:
        return
    try:
        with session.begin_nested():
            raw = session.connection().connection.driver_connection
            with raw.cursor() as cursor, cursor.copy(  # type: ignore[union-attr]
                f"COPY timesheet_entries ({', '.join(_COPY_COLUMNS)}) FROM STDIN"
            ) as copy:
                for v in new:
                    copy.write_row([
                        v["entry_id"], v["consultant_id"], v["project_id"], v["work_date"],
                        v["hours"], json.dumps(v["row"], default=str), v["received_at"],
                    ])
    except IntegrityError:
        stmt = pg_insert(TimesheetEntry).on_conflict_do_nothing(index_elements=["entry_id"])
        session.execute(stmt, new)
