"""Timesheet entries seen in earlier scoring requests: each consultant's own history.

Scoring a new batch uses these rows as context (a consultant's baseline, same-day entries
submitted earlier), so a workflow can send one week at a time.

Entries are stored as typed canonical columns (the values after ``columns.coerce_entries``),
not as the JSON that was sent: history is read back on every scoring request, and decoding
thousands of JSON rows per request was the endpoint's largest cost. Unknown fields are reported
to the caller and not kept.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, UTCDateTime, utcnow


class TimesheetEntry(Base):
    __tablename__ = "timesheet_entries"
    __table_args__ = (
        Index("ix_timesheet_entries_consultant_date", "consultant_id", "work_date"),
        Index("ix_timesheet_entries_project_date", "project_id", "work_date"),
    )

    # the caller's id: one stored row per entry, however often it is re-sent
    entry_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    consultant_id: Mapped[str] = mapped_column(String(200))
    project_id: Mapped[str] = mapped_column(String(200))
    work_date: Mapped[date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float)
    billable: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    task: Mapped[str | None] = mapped_column(Text, nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)  # naive UTC
    role: Mapped[str | None] = mapped_column(Text, nullable=True)
    bill_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    project_start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    project_end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    project_budget_hours: Mapped[float | None] = mapped_column(Float, nullable=True)
    planned_hours: Mapped[float | None] = mapped_column(Float, nullable=True)
    is_holiday: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    country: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
