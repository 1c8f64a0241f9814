"""Appending to and verifying the audit log.

``append_event`` must be called inside the same transaction as the change it records: if the
change rolls back, so does its event, and the event cannot exist without the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from service.audit import repository
from service.audit.chain import VerifyResult, canonical_json, event_hash, verify_events
from service.audit.models import AuditEvent, AuditHead
from service.context import current_request_id
from service.db import utcnow


def _jsonable(value: Any) -> Any:
    """Round-trip through canonical JSON so that the hashed value is what the DB stores."""
    import json

    if value is None:
        return None
    return json.loads(canonical_json(value))


@dataclass(frozen=True)
class EventSpec:
    """One event for :func:`append_events`: what happened to which subject, before and after."""

    action: str
    subject: str
    before: Any = None
    after: Any = None


def _link(head: AuditHead, actor: str, spec: EventSpec, request_id: str | None) -> dict[str, Any]:
    """The columns of the event after ``head``, hashed onto it; moves ``head`` to that event."""
    fields: dict[str, Any] = {
        "seq": head.seq + 1,
        "at": utcnow(),
        "actor": actor,
        "action": spec.action,
        "subject": spec.subject,
        "before": _jsonable(spec.before),
        "after": _jsonable(spec.after),
        "request_id": request_id,
    }
    digest = event_hash(fields, head.hash)
    row = {**fields, "prev_hash": head.hash, "hash": digest}
    head.seq, head.hash = fields["seq"], digest
    return row


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
    spec = EventSpec(action, subject, before, after)
    rid = request_id if request_id is not None else current_request_id()
    event = AuditEvent(**_link(head, actor, spec, rid))
    repository.insert_event(session, event)
    return event


def append_events(session: Session, *, actor: str, events: Sequence[EventSpec]) -> int:
    """Append many events of one change (e.g. a scoring batch queuing its anomalies) with one
    INSERT (through the ORM, each event was a unit-of-work object and a row flushed at commit).
    Same chain, same transaction rule as :func:`append_event`; returns how many."""
    if not events:
        return 0
    head = repository.lock_head(session)
    request_id = current_request_id()
    repository.insert_events(session, [_link(head, actor, spec, request_id) for spec in events])
    return len(events)


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
