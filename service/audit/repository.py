"""Database access for the audit chain: lock the head, insert an event, read events."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from service.audit.chain import GENESIS_HASH
from service.audit.models import AuditEvent, AuditHead

HEAD_ID = 1


def lock_head(session: Session) -> AuditHead:
    """The chain head, locked for this transaction (created on first use).

    On PostgreSQL ``FOR UPDATE`` makes concurrent appenders wait for each other; on SQLite the
    transaction already holds the database write lock (``BEGIN IMMEDIATE``).
    """
    transaction = session.get_transaction()
    cached = session.info.get("audit_head")
    if cached is not None and cached[0] is transaction:
        # Already locked by this transaction: many events in one change cost one lock.
        head_row: AuditHead = cached[1]
        return head_row
    head = session.execute(
        select(AuditHead).where(AuditHead.id == HEAD_ID).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        # The migration seeds this row; recreate it if someone truncated the table.
        head = AuditHead(id=HEAD_ID, seq=0, hash=GENESIS_HASH)
        session.add(head)
        session.flush()
    session.info["audit_head"] = (transaction, head)
    return head


def insert_event(session: Session, event: AuditEvent) -> None:
    session.add(event)


def insert_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Many events (column dicts) in one executemany INSERT, without ORM objects."""
    session.execute(insert(cast(Table, AuditEvent.__table__)), list(rows))


def read_head(session: Session) -> tuple[int, str] | None:
    head = session.get(AuditHead, HEAD_ID)
    return None if head is None else (head.seq, head.hash)


def iter_events(session: Session, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """All events in ``seq`` order, streamed in batches (the chain may be long)."""
    last = 0
    while True:
        rows: Sequence[AuditEvent] = session.execute(
            select(AuditEvent).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(batch)
        ).scalars().all()
        if not rows:
            return
        for row in rows:
            yield event_dict(row)
        last = rows[-1].seq


def list_events(
    session: Session, *, subject: str | None, after_seq: int, limit: int
) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.seq > after_seq)
    if subject:
        query = query.where(AuditEvent.subject == subject)
    return list(session.execute(query.order_by(AuditEvent.seq).limit(limit)).scalars())


def event_dict(row: AuditEvent) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "at": row.at,
        "actor": row.actor,
        "action": row.action,
        "subject": row.subject,
        "before": row.before,
        "after": row.after,
        "request_id": row.request_id,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }
