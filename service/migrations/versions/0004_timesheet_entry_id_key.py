"""timesheet history keyed by entry_id: the unused surrogate ``id`` column goes.

``entry_id`` was already unique (its own index) and is what every lookup and the
``ON CONFLICT`` fallback use; the surrogate key cost an extra index and a sequence value on
every stored row, about a fifth of the server's COPY time for a 1,000-entry batch.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 22:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("timesheet_entries", schema=None, recreate="auto") as batch_op:
        batch_op.drop_index("uq_timesheet_entries_entry")
        batch_op.drop_constraint("pk_timesheet_entries", type_="primary")
        batch_op.drop_column("id")
        batch_op.create_primary_key("pk_timesheet_entries", ["entry_id"])


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("timesheet_entries", schema=None) as batch_op:
        batch_op.drop_constraint("pk_timesheet_entries", type_="primary")
    if bind.dialect.name == "postgresql":
        # a serial column numbers the existing rows as it is added
        op.execute("ALTER TABLE timesheet_entries ADD COLUMN id SERIAL")
        op.create_primary_key("pk_timesheet_entries", "timesheet_entries", ["id"])
    else:
        with op.batch_alter_table("timesheet_entries", schema=None) as batch_op:
            batch_op.add_column(sa.Column("id", sa.Integer(), nullable=True))
        op.execute("UPDATE timesheet_entries SET id = rowid")
        with op.batch_alter_table("timesheet_entries", schema=None) as batch_op:
            batch_op.alter_column("id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_primary_key("pk_timesheet_entries", ["id"])
    op.create_index("uq_timesheet_entries_entry", "timesheet_entries", ["entry_id"], unique=True)
