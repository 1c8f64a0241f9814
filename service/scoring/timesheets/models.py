"""Timesheet entries seen in earlier scoring requests: each consultant's own history.

Scoring a new batch uses these rows as context (a consultant's baseline, same-day entries
submitted earlier), so a workflow can send one week at a time.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, JSONType, UTCDateTime, utcnow


class TimesheetEntry(Base):
    __tablename__ = "timesheet_entries"
    __table_args__ = (
        Index("ix_timesheet_entries_consultant_date", "consultant_id", "work_date"),
        Index("uq_timesheet_entries_entry", "entry_id", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(200))
    consultant_id: Mapped[str] = mapped_column(String(200))
    project_id: Mapped[str] = mapped_column(String(200))
    work_date: Mapped[date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float)
    row: Mapped[Any] = mapped_column(JSONType)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
