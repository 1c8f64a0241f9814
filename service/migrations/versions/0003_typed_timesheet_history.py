"""typed timesheet history: canonical columns instead of the JSON row, project index.

Every scoring request reads back the history of its consultants and projects; decoding the
stored JSON rows was the endpoint's largest cost. Entries now keep the canonical columns typed
(the ``coerce_entries`` form); existing rows are converted here. Unknown fields that the JSON
kept are dropped (they were reported to the caller and never used). The new
``(project_id, work_date)`` index serves the budget-consumption half of the history query.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 19:40:00.000000
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEW: tuple[tuple[str, Any], ...] = (
    ("billable", sa.Boolean()),
    ("task", sa.Text()),
    ("description", sa.Text()),
    ("submitted_at", sa.DateTime()),
    ("role", sa.Text()),
    ("bill_rate", sa.Float()),
    ("project_start_date", sa.Date()),
    ("project_end_date", sa.Date()),
    ("project_budget_hours", sa.Float()),
    ("planned_hours", sa.Float()),
    ("is_holiday", sa.Boolean()),
    ("country", sa.Text()),
)
_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_BATCH = 5000


def _typed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored JSON rows -> the new columns' values, through the service's own coercion (so old
    rows mean what new ones do); unreadable optional values become NULL, as at scoring time."""
    import pandas as pd

    from service.scoring.timesheets.columns import CANONICAL, coerce_entries

    frame = coerce_entries(pd.DataFrame.from_records(rows))
    out: list[dict[str, Any]] = []
    for record in frame.to_dict(orient="records"):
        values: dict[str, Any] = {"_id": record["_id"]}
        for name, kind in _NEW:
            value = record.get(name) if name in CANONICAL else None
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                values[name] = None
            elif isinstance(kind, sa.Boolean):
                values[name] = bool(value)
            elif isinstance(kind, sa.Date):
                values[name] = pd.Timestamp(value).date()
            elif isinstance(kind, sa.DateTime):
                values[name] = pd.Timestamp(value).to_pydatetime()
            elif isinstance(kind, sa.Float):
                values[name] = float(value)
            else:
                values[name] = str(value)
        out.append(values)
    return out


def upgrade() -> None:
    with op.batch_alter_table("timesheet_entries", schema=None) as batch_op:
        for name, kind in _NEW:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
        batch_op.create_index(
            "ix_timesheet_entries_project_date", ["project_id", "work_date"], unique=False
        )
    bind = op.get_bind()
    table = sa.table("timesheet_entries", sa.column("id", sa.Integer()), sa.column("row", _JSON),
                     *(sa.column(name, kind) for name, kind in _NEW))
    last = 0
    while True:
        chunk = bind.execute(
            sa.select(table.c.id, table.c.row).where(table.c.id > last).order_by(table.c.id).limit(_BATCH)
        ).all()
        if not chunk:
            break
        last = chunk[-1][0]
        rows = [{**(r if isinstance(r, dict) else json.loads(r)), "_id": i} for i, r in chunk]
        update = table.update().where(table.c.id == sa.bindparam("_id")).values(
            {name: sa.bindparam(name) for name, _ in _NEW})
        bind.execute(update, _typed(rows))
    with op.batch_alter_table("timesheet_entries", schema=None) as batch_op:
        batch_op.drop_column("row")


def downgrade() -> None:
    with op.batch_alter_table("timesheet_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("row", _JSON, nullable=True))
    bind = op.get_bind()
    typed = (("entry_id", sa.String()), ("consultant_id", sa.String()), ("project_id", sa.String()),
             ("work_date", sa.Date()), ("hours", sa.Float()), *_NEW)
    names = tuple(n for n, _ in typed)
    table = sa.table("timesheet_entries", sa.column("id", sa.Integer()), sa.column("row", _JSON),
                     *(sa.column(n, kind) for n, kind in typed))
    records = bind.execute(sa.select(table.c.id, *(table.c[n] for n in names))).all()
    if records:
        update = table.update().where(table.c.id == sa.bindparam("_id")).values(row=sa.bindparam("row"))
        bind.execute(update, [
            {"_id": r[0], "row": {n: (v.isoformat() if hasattr(v, "isoformat") else v)
                                  for n, v in zip(names, r[1:], strict=True) if v is not None}}
            for r in records
        ])
    with op.batch_alter_table("timesheet_entries", schema=None) as batch_op:
        batch_op.alter_column("row", existing_type=_JSON, nullable=False)
        batch_op.drop_index("ix_timesheet_entries_project_date")
        for name, _ in reversed(_NEW):
            batch_op.drop_column(name)
