"""Appending to and verifying the audit log.

``append_event`` must be called inside the same transaction as the change it records: if the
change rolls back, so does its event, and the event cannot exist without the change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from service.audit import repository
from service.audit.chain import VerifyResult, canonical_json, event_hash, verify_events
from service.audit.models import AuditEvent
from service.context import current_request_id
from service.db import utcnow


def _jsonable(value: Any) -> Any:
    """Round-trip through canonical JSON so that the hashed value is what the DB stores."""
    import json

    if value is None:
        return None
    return json.loads(canonical_json(value))


def append_event(
    session: Session,
    *,
    actor: str,
    action: str,
    subject: str,
    before: Any = None,
    after: Any = None,
    request_id: str | None = None,
) -> AuditEvent:
    """Append one event to the chain within the caller's transaction."""
    head = repository.lock_head(session)
    seq = head.seq + 1
    fields: dict[str, Any] = {
        "seq": seq,
        "at": utcnow(),
        "actor": actor,
        "action": action,
        "subject": subject,
        "before": _jsonable(before),
        "after": _jsonable(after),
        "request_id": request_id if request_id is not None else current_request_id(),
    }
    digest = event_hash(fields, head.hash)
    event = AuditEvent(**fields, prev_hash=head.hash, hash=digest)
    repository.insert_event(session, event)
    head.seq = seq
    head.hash = digest
    return event


def verify_chain(session: Session) -> VerifyResult:
    """Recompute every hash and link; name the first broken ``seq``."""
    return verify_events(repository.iter_events(session), repository.read_head(session))


def list_events(
    session: Session, *, subject: str | None = None, cursor: int = 0, limit: int = 100
) -> tuple[list[dict[str, Any]], int | None]:
    """A page of events after ``cursor`` (a seq), and the next cursor if more may follow."""
    rows = repository.list_events(session, subject=subject, after_seq=cursor, limit=limit)
    items = [repository.event_dict(r) for r in rows]
    next_cursor = rows[-1].seq if len(rows) == limit else None
    return items, next_cursor
