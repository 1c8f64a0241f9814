"""Response shapes of the documents API (the analysis itself is the INTERFACES dict)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class DocumentOut(BaseModel):
    id: str
    filename: str
    sha256: str
    media_type: str
    pages: int | None
    size_bytes: int
    submitted_by: str
    created_at: datetime


class DocumentPage(BaseModel):
    documents: list[DocumentOut]
    next_cursor: str | None
