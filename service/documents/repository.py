"""Storage of documents: originals on disk by SHA-256, rows and analyses in the database."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.documents.models import Analysis, StoredDocument


def original_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def write_original(root: Path, sha256: str, data: bytes) -> Path:
    """Write once, atomically (temp file + rename): a crash never leaves a partial original."""
    target = original_path(root, sha256)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def by_sha(session: Session, sha256: str) -> StoredDocument | None:
    return session.execute(
        select(StoredDocument).where(StoredDocument.sha256 == sha256)
    ).scalar_one_or_none()


def latest_analysis(session: Session, document_id: str) -> Analysis | None:
    return session.execute(
        select(Analysis)
        .where(Analysis.document_id == document_id)
        .order_by(Analysis.created_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def page(session: Session, *, limit: int, before: str | None) -> list[StoredDocument]:
    query = select(StoredDocument).order_by(StoredDocument.created_at.desc(), StoredDocument.id)
    if before:
        anchor = session.get(StoredDocument, before)
        if anchor is not None:
            query = query.where(StoredDocument.created_at < anchor.created_at)
    return list(session.execute(query.limit(limit)).scalars())


def filenames(session: Session, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(StoredDocument.id, StoredDocument.filename).where(StoredDocument.id.in_(ids))
    ).all()
    return {i: name for i, name in rows}
