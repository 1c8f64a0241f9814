"""The reviewer UI's server-side sessions.

A browser holds only a random token in an HttpOnly cookie; the table keeps its SHA-256 (so a
leaked database row cannot be replayed as a cookie), the API key it stands for, when it ends,
and the per-session CSRF token that every form must echo.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import Base, UTCDateTime, utcnow


class WebSession(Base):
    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    api_key_id: Mapped[str] = mapped_column(ForeignKey("api_keys.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
