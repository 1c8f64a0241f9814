"""Stored timesheet history: the context later requests are scored against.

Rows go in and come out as typed canonical columns (see ``models.TimesheetEntry``): a request
of 1,000 entries may read back thousands of history rows, so both directions move whole
columns (COPY on PostgreSQL, one multi-row statement on SQLite) instead of per-row JSON.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.db import utcnow
from service.scoring.timesheets.columns import (
    BOOL_COLUMNS,
    CANONICAL,
    DATE_COLUMNS,
    DATETIME_COLUMNS,
    NUMERIC_COLUMNS,
    TEXT_COLUMNS,
)
from service.scoring.timesheets.models import TimesheetEntry

HISTORY_DAYS = 400  # about a year of a consultant's own pattern, plus a margin
_CHUNK = 500  # ids per IN list
_TABLE = TimesheetEntry.__table__


def history_for(
    session: Session,
    consultant_ids: Iterable[str],
    *,
    project_ids: Iterable[str] = (),
    since: date | None = None,
) -> pd.DataFrame:
    """Earlier entries of these consultants (their own baselines) and of these projects (budget
    consumption), from ``HISTORY_DAYS`` before ``since`` on, as a typed frame: dates as
    ``datetime64``, flags as 1.0/0.0/NaN, numbers as floats (``coerce_entries`` form)."""
    consultants = sorted({str(v) for v in consultant_ids})
    projects = sorted({str(v) for v in project_ids})
    earliest = since - timedelta(days=HISTORY_DAYS) if since is not None else None
    read = _copy_out if session.get_bind().dialect.name == "postgresql" else _select_rows
    parts = [
        read(session, consultants[start:start + _CHUNK], projects[start:start + _CHUNK], earliest)
        for start in range(0, max(len(consultants), len(projects)), _CHUNK)
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame()
    frame = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True).drop_duplicates(
        "entry_id", ignore_index=True)
    return frame


def _select_rows(session: Session, consultants: list[str], projects: list[str],
                 earliest: date | None) -> pd.DataFrame:
    """SQLite: the history rows through a plain SELECT, typed."""
    conditions = []
    if consultants:
        conditions.append(TimesheetEntry.consultant_id.in_(consultants))
    if projects:
        conditions.append(TimesheetEntry.project_id.in_(projects))
    query = select(*(_TABLE.c[name] for name in CANONICAL)).where(or_(*conditions))
    if earliest is not None:
        query = query.where(TimesheetEntry.work_date >= earliest)
    rows = list(session.execute(query).tuples())
    return _typed(pd.DataFrame.from_records(rows, columns=list(CANONICAL)))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Stored values (Python ``date``/``datetime``/``bool`` objects, as SQLite's driver returns
    them) in ``coerce_entries`` form."""
    for col in DATE_COLUMNS + DATETIME_COLUMNS:
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    for col in BOOL_COLUMNS:
        frame[col] = frame[col].map({True: 1.0, False: 0.0}).astype("float64")
    for col in NUMERIC_COLUMNS:
        frame[col] = frame[col].astype("float64")
    return frame


def _numeric_select(name: str) -> str:
    """The column as PostgreSQL sends it to :func:`_copy_out`: dates as days since 1970,
    timestamps as microseconds, booleans as 0/1, so that pandas' C reader parses every
    non-text column as a number (parsing ISO date text cost more than the COPY itself)."""
    if name in DATE_COLUMNS:
        return f"({name} - DATE '1970-01-01')"
    if name in DATETIME_COLUMNS:
        return f"(EXTRACT(EPOCH FROM {name}) * 1000000)::bigint"
    if name in BOOL_COLUMNS:
        return f"{name}::int"
    return name


def _copy_out(session: Session, consultants: list[str], projects: list[str],
              earliest: date | None) -> pd.DataFrame:
    """PostgreSQL: the history rows through ``COPY ... TO STDOUT`` (CSV), parsed by pandas' C
    reader; several times faster than building thousands of row tuples in Python. The ids
    are bound by psycopg (client-side, as COPY takes no server parameters), never spliced."""
    sql = (f"COPY (SELECT {', '.join(_numeric_select(c) for c in CANONICAL)} FROM timesheet_entries "
           "WHERE (consultant_id = ANY(%(c)s) OR project_id = ANY(%(p)s))"
           + (" AND work_date >= %(since)s" if earliest is not None else "")
           + ") TO STDOUT WITH (FORMAT csv)")
    raw = session.connection().connection.driver_connection
    buffer = io.BytesIO()
    with raw.cursor() as cursor, cursor.copy(  # type: ignore[union-attr]
        sql, {"c": consultants, "p": projects, "since": earliest}
    ) as copy:
        for chunk in copy:
            buffer.write(chunk)
    if not buffer.getbuffer().nbytes:
        return pd.DataFrame()
    buffer.seek(0)
    dtypes: dict[str, Any] = {c: object for c in TEXT_COLUMNS}
    dtypes.update({c: "float64" for c in CANONICAL if c not in TEXT_COLUMNS})
    frame = pd.read_csv(buffer, header=None, names=list(CANONICAL), dtype=dtypes,
                        keep_default_na=False, na_values=[""], engine="c")
    for col in DATE_COLUMNS:
        frame[col] = _from_epoch(frame[col], "D")
    for col in DATETIME_COLUMNS:
        frame[col] = _from_epoch(frame[col], "us")
    return frame


def _from_epoch(values: pd.Series, unit: str) -> pd.Series:
    """Float days or microseconds since 1970 (NaN = missing) to ``datetime64[ns]``."""
    array = values.to_numpy()
    missing = np.isnan(array)
    stamps = np.where(missing, 0, array).astype("int64").astype(f"datetime64[{unit}]")
    stamps = stamps.astype("datetime64[ns]")
    stamps[missing] = np.datetime64("NaT")
    return pd.Series(stamps, index=values.index)


def store_frame(session: Session, frame: pd.DataFrame) -> int:
    """Insert entries not seen before (by ``entry_id``); returns how many distinct ids were sent.

    ``frame`` holds validated rows in ``coerce_entries`` form (absent optional columns are
    stored as NULL). PostgreSQL: COPY of the unknown ids; SQLite: one multi-row
    INSERT ... ON CONFLICT DO NOTHING. Either way a batch of 10,000 entries is one statement.
    """
    if not len(frame):
        return 0
    rows = frame.drop_duplicates("entry_id")
    if session.get_bind().dialect.name == "postgresql":
        _copy_new_postgres(session, rows)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(TimesheetEntry).on_conflict_do_nothing(index_elements=["entry_id"])
        session.execute(stmt, _records(_stored_columns(rows)))
    return len(rows)


def _stored_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Every stored column, typed: datetime64 dates, nullable booleans, floats, text."""
    out = pd.DataFrame(index=frame.index)
    for name in CANONICAL:
        col = frame[name] if name in frame.columns else pd.Series(np.nan, index=frame.index)
        if name in DATE_COLUMNS + DATETIME_COLUMNS:
            col = pd.to_datetime(col).astype("datetime64[ns]")
        elif name in BOOL_COLUMNS:
            col = col.astype("float64").map({1.0: True, 0.0: False}).astype("boolean")
        elif name in NUMERIC_COLUMNS:
            col = col.astype("float64")
        out[name] = col
    out["received_at"] = pd.Timestamp(utcnow())
    return out.reset_index(drop=True)


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as Python values for an executemany (dates as ``date``, missing as None)."""
    columns: dict[str, list[Any]] = {}
    for name in table.columns:
        missing = table[name].isna().to_numpy()
        values = table[name].astype(object).tolist()
        if name in DATE_COLUMNS:
            values = [v.date() if not m else None for v, m in zip(values, missing, strict=True)]
        elif name in DATETIME_COLUMNS or name == "received_at":
            values = [v.to_pydatetime() if not m else None for v, m in zip(values, missing, strict=True)]
        else:
            values = [v if not m else None for v, m in zip(values, missing, strict=True)]
        columns[str(name)] = values
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _csv(frame: pd.DataFrame) -> bytes:
    """The rows (``coerce_entries`` form) as COPY CSV for every stored column, written by
    Arrow's C++ CSV writer: text always quoted, missing values as empty unquoted fields (NULL
    to COPY), non-finite numbers as NULL. Formatting in Python cost a tenth of a 1,000-entry
    request."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    n = len(frame)
    arrays: dict[str, pa.Array] = {}
    for name in CANONICAL:
        present = name in frame.columns
        if name in TEXT_COLUMNS:
            values = frame[name].to_numpy(dtype=object) if present else np.full(n, None, dtype=object)
            try:
                arrays[name] = pa.array(values, type=pa.string(), from_pandas=True)
            except (pa.ArrowTypeError, pa.ArrowInvalid):  # a number among the text: store its text
                arrays[name] = pa.array([v if isinstance(v, str) or pd.isna(v) else str(v)
                                         for v in values], type=pa.string(), from_pandas=True)
            continue
        if name in DATE_COLUMNS or name in DATETIME_COLUMNS:
            unit = "D" if name in DATE_COLUMNS else "us"
            stamps = (frame[name].to_numpy(dtype=f"datetime64[{unit}]") if present
                      else np.full(n, np.datetime64("NaT"), dtype=f"datetime64[{unit}]"))
            arrays[name] = pa.array(stamps, from_pandas=True)
            continue
        numbers = frame[name].to_numpy(dtype="float64") if present else np.full(n, np.nan)
        missing = ~np.isfinite(numbers)
        if name in BOOL_COLUMNS:
            arrays[name] = pa.array(numbers == 1.0, mask=missing | ~np.isin(numbers, (0.0, 1.0)))
        else:
            arrays[name] = pa.array(numbers, mask=missing)
    received = np.datetime64(utcnow().replace(tzinfo=None), "us")
    arrays["received_at"] = pa.array(np.full(n, received))
    buffer = io.BytesIO()
    pa_csv.write_csv(pa.table(arrays), buffer, pa_csv.WriteOptions(include_header=False))
    return buffer.getvalue()


def _known_ids(raw: Any, ids: list[str]) -> set[str]:
    """Which of ``ids`` are stored already (PostgreSQL driver connection)."""
    with raw.cursor() as cursor:
        cursor.execute("SELECT entry_id FROM timesheet_entries WHERE entry_id = ANY(%s)", [ids])
        return {row[0] for row in cursor.fetchall()}


def _copy_new_postgres(session: Session, table: pd.DataFrame) -> None:
    """COPY the entries whose ids are not stored yet (an order of magnitude faster than a
    multi-row INSERT).

    A batch is usually new, so it is COPYed as it is, in a savepoint. If some ids are stored
    already (a re-sent batch), the COPY fails on the unique index, and the unknown ids are
    COPYed instead; if a concurrent request stores one of those first, the last resort is
    INSERT ... ON CONFLICT DO NOTHING. (psycopg raises its own ``UniqueViolation`` from a raw
    COPY, not SQLAlchemy's ``IntegrityError``: both are caught.)
    """
    from psycopg.errors import UniqueViolation
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    from sqlalchemy.exc import IntegrityError

    raw = session.connection().connection.driver_connection

    def copy(rows: pd.DataFrame) -> bool:
        try:
            with session.begin_nested():
                # SQLAlchemy emits SAVEPOINT lazily, on its next use of the connection: force
                # it now, or a failed raw COPY would abort the whole transaction
                session.connection()
                with raw.cursor() as cursor, cursor.copy(  # type: ignore[union-attr]
                    f"COPY timesheet_entries ({', '.join((*CANONICAL, 'received_at'))}) "
                    "FROM STDIN WITH (FORMAT csv)"
                ) as stream:
                    stream.write(_csv(rows))
        except (UniqueViolation, IntegrityError):
            return False
        return True

    if copy(table):
        return
    new = table[~table["entry_id"].isin(_known_ids(raw, table["entry_id"].tolist()))]
    if not len(new) or copy(new):
        return
    stmt = pg_insert(TimesheetEntry).on_conflict_do_nothing(index_elements=["entry_id"])
    session.execute(stmt, _records(_stored_columns(new)))
