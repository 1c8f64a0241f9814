"""Upload and read-back of documents: the flow ARCHITECTURE.md draws.

store original (sha256) -> parse -> Document -> billing terms (+ optional LLM) -> clauses ->
playbook -> analysis stored -> one review item per term and flag -> audit events, all in one
transaction. Analysis happens before anything is written, so bad input (a 4xx) stores nothing,
and the same bytes uploaded again return the existing document.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.audit.service import append_event
from service.config import Settings
from service.db import utcnow
from service.documents import repository
from service.documents.analysis import Enricher, analyze_bytes
from service.documents.models import Analysis, StoredDocument
from service.errors import NotFound
from service.review import service as review
from service.security import Principal

SEVERITY_PRIORITY = {"high": 90, "medium": 60, "low": 30}
RULES_MODEL = {"name": "billing-rules", "version": "1"}


@dataclass
class UploadResult:
    document: StoredDocument
    analysis: dict[str, Any]
    created: bool
    review_item_ids: list[str]


def _queue_suggestions(
    session: Session, submitter: Principal, document_id: str, analysis: dict[str, Any]
) -> list[str]:
    """One review item per extracted billing term and per playbook flag."""
    items: list[review.NewItem] = []
    terms_model = analysis.get("models", {}).get("billing_llm") or RULES_MODEL
    for key, term in (analysis.get("billing_terms") or {}).items():
        if term is None:
            continue
        payload = {"key": key, "value": term.get("value")}
        if term.get("candidates"):
            payload["candidates"] = term["candidates"]
        items.append(review.NewItem(
            kind="billing_term",
            payload=payload,
            evidence=term.get("evidence"),
            source_type="document",
            source_id=document_id,
            confidence=term.get("confidence"),
            model_name=terms_model.get("name"),
            model_version=str(terms_model.get("version") or ""),
        ))
    clause_model = analysis.get("models", {}).get("clause_classifier") or {}
    for flag in analysis.get("flags") or []:
        items.append(review.NewItem(
            kind="clause_flag",
            payload=flag,
            evidence=flag.get("evidence"),
            source_type="document",
            source_id=document_id,
            confidence=flag.get("confidence"),
            model_name=clause_model.get("name") or "playbook",
            model_version=str(clause_model.get("version") or ""),
            priority=SEVERITY_PRIORITY.get(str(flag.get("severity")), 50),
        ))
    return review.create_items(session, submitter=submitter, items=items)


def upload_document(
    session: Session,
    settings: Settings,
    submitter: Principal,
    data: bytes,
    filename: str,
    *,
    enrich: Enricher | None = None,
    llm: Any = None,
) -> UploadResult:
    """Store, analyze and queue a document; the caller commits (the same bytes return the existing one)."""
    sha = hashlib.sha256(data).hexdigest()
    existing = repository.by_sha(session, sha)
    if existing is not None:
        return _existing(session, existing)
    doc, analysis = analyze_bytes(data, filename, settings, llm=llm, enrich=enrich)
    repository.write_original(settings.originals_dir, sha, data)
    row = StoredDocument(
        id=str(uuid.uuid4()),
        sha256=sha,
        filename=filename[:500],
        media_type=doc.media_type,
        size_bytes=len(data),
        pages=len(doc.pages) or None,
        text=doc.text,
        submitted_by=submitter.id,
        created_at=utcnow(),
    )
    analysis["document"]["id"] = row.id
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # a concurrent upload of the same bytes won the race
        session.rollback()
        winner = repository.by_sha(session, sha)
        if winner is None:
            raise
        return _existing(session, winner)
    session.add(
        Analysis(id=str(uuid.uuid4()), document_id=row.id, result=dict(analysis), created_at=utcnow())
    )
    append_event(
        session,
        actor=submitter.actor,
        action="document.uploaded",
        subject=f"document:{row.id}",
        after={
            "filename": row.filename,
            "sha256": sha,
            "media_type": row.media_type,
            "pages": row.pages,
            "size_bytes": row.size_bytes,
        },
    )
    item_ids = _queue_suggestions(session, submitter, row.id, analysis)
    analysis["review_items"] = item_ids
    return UploadResult(row, analysis, True, item_ids)


def _existing(session: Session, row: StoredDocument) -> UploadResult:
    stored = repository.latest_analysis(session, row.id)
    analysis = dict(stored.result) if stored else {}
    return UploadResult(row, analysis, False, [])


def get_document(session: Session, document_id: str) -> StoredDocument:
    row = session.get(StoredDocument, document_id)
    if row is None:
        raise NotFound(f"no document {document_id}")
    return row


def get_analysis(session: Session, document_id: str) -> dict[str, Any]:
    get_document(session, document_id)
    stored = repository.latest_analysis(session, document_id)
    if stored is None:
        raise NotFound(f"document {document_id} has no analysis")
    result: dict[str, Any] = stored.result
    return result


def read_original(settings: Settings, row: StoredDocument) -> bytes:
    path = repository.original_path(settings.originals_dir, row.sha256)
    if not path.exists():
        raise NotFound(
            f"the original of document {row.id} is missing from {settings.originals_dir}",
            type_slug="original-missing",
        )
    return path.read_bytes()


def document_out(row: StoredDocument) -> dict[str, Any]:
    return {
        "id": row.id,
        "filename": row.filename,
        "sha256": row.sha256,
        "media_type": row.media_type,
        "pages": row.pages,
        "size_bytes": row.size_bytes,
        "submitted_by": row.submitted_by,
        "created_at": row.created_at,
    }


def list_documents(
    session: Session, *, limit: int = 50, before: str | None = None
) -> list[StoredDocument]:
    return repository.page(session, limit=limit, before=before)


def document_names(session: Session, ids: list[str]) -> dict[str, str]:
    """The file name of each of these documents (unknown ids are absent)."""
    return repository.filenames(session, ids)


WARM_UP_TEXT = """STATEMENT OF WORK

1. Fees. Client shall pay Consultant a fixed fee of $12,000 (twelve thousand dollars), invoiced
monthly. Invoices are due within thirty (30) days. Late payments bear interest at 1.5% per month.

2. Term. This SOW runs from January 1, 2026 to March 31, 2026. Either party may terminate it for
convenience on thirty (30) days' notice.
"""


def warm_up(settings: Settings, models: Any) -> None:
    """Analyze a short built-in SOW once, at startup and without storing anything.

    The first analysis in a process builds the spaCy pipeline and its patterns, loads the
    playbook and makes the models' first calls: about a second that the first upload after a
    start would otherwise wait. The PDF and DOCX readers are imported here for the same reason.
    """
    import importlib

    from service.documents.analysis import analyze_bytes
    from service.documents.enrichment import enricher_for

    for module in ("pypdf", "docx"):
        importlib.import_module(module)
    analyze_bytes(WARM_UP_TEXT.encode(), "warm-up.txt", settings, enrich=enricher_for(models, settings))

