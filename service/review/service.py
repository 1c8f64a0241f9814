"""Queue rules: creation, leases, segregation of duties, decisions, bulk actions, export.

Every function stages its change and its audit event in the caller's session; the caller
commits once. Functions raise :mod:`service.errors` problems that the HTTP layer renders and the
CLI prints.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from service.audit.service import EventSpec, append_event, append_events
from service.db import utcnow
from service.errors import Conflict, Forbidden, InvalidInput, NotFound, ProblemError
from service.review import repository, stats
from service.review.models import FINAL_STATUSES, Decision, ReviewItem
from service.review.models import KINDS as KINDS  # re-exported: callers outside review use these
from service.security import Principal

DECISION_STATUS = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
SORTS: tuple[str, ...] = tuple(repository.SORTS)
AGE_BUCKETS: tuple[str, ...] = tuple(label for label, _ in stats.AGE_BUCKETS)


def _subject(item: ReviewItem) -> str:
    return f"review_item:{item.id}"


def effective_status(item: ReviewItem, now: datetime | None = None) -> str:
    """A claim whose lease ran out counts as pending again."""
    now = now or utcnow()
    if item.status == "claimed" and item.lease_expires_at is not None and item.lease_expires_at < now:
        return "pending"
    return item.status


def holds_claim(item: ReviewItem, principal: Principal, now: datetime | None = None) -> bool:
    """Whether ``principal`` holds a live (unexpired) claim on ``item``."""
    return effective_status(item, now) == "claimed" and item.assignee == principal.id


@dataclass(frozen=True)
class NewItem:
    """A suggestion to queue: its kind, what a reviewer sees, where it came from, and the model
    behind it. ``priority`` defaults from the score (or from the lack of confidence)."""

    kind: str
    payload: Any
    source_type: str
    source_id: str
    evidence: Any = None
    confidence: float | None = None
    score: float | None = None
    model_name: str | None = None
    model_version: str | None = None
    priority: int | None = None

    def row(self, submitter: Principal) -> dict[str, Any]:
        """The item's columns, pending, with a new id."""
        priority = self.priority
        if priority is None:
            basis = (self.score if self.score is not None
                     else (1.0 - self.confidence if self.confidence is not None else 0.5))
            priority = max(0, min(100, round(basis * 100)))
        return {
            "id": str(uuid.uuid4()), "kind": self.kind, "payload": self.payload,
            "evidence": self.evidence, "source_type": self.source_type,
            "source_id": self.source_id, "model_name": self.model_name,
            "model_version": self.model_version, "confidence": self.confidence,
            "score": self.score, "priority": priority, "submitted_by": submitter.id,
            "submitted_by_name": submitter.name, "created_at": utcnow(), "status": "pending",
        }

    def created_event(self, item_id: str) -> EventSpec:
        """The audit event that records the item's creation."""
        return EventSpec(
            "review_item.created", f"review_item:{item_id}",
            after={"kind": self.kind, "source": f"{self.source_type}:{self.source_id}",
                   "status": "pending", "model": self.model_name,
                   "model_version": self.model_version},
        )


def create_item(
    session: Session,
    *,
    submitter: Principal,
    kind: str,
    payload: Any,
    source_type: str,
    source_id: str,
    evidence: Any = None,
    confidence: float | None = None,
    score: float | None = None,
    model_name: str | None = None,
    model_version: str | None = None,
    priority: int | None = None,
) -> ReviewItem:
    """Queue one suggestion; ``submitter`` is who submitted its source (for segregation of duties)."""
    spec = NewItem(kind=kind, payload=payload, source_type=source_type, source_id=source_id,
                   evidence=evidence, confidence=confidence, score=score, model_name=model_name,
                   model_version=model_version, priority=priority)
    item = ReviewItem(**spec.row(submitter))
    session.add(item)
    event = spec.created_event(item.id)
    append_event(session, actor=submitter.actor, action=event.action, subject=event.subject,
                 after=event.after)
    return item


def create_items(session: Session, *, submitter: Principal, items: Sequence[NewItem]) -> list[str]:
    """Queue many suggestions of one source (a scoring batch's anomalies) with one INSERT for
    the items and one for their audit events; returns their ids in order. Through the ORM, 50
    items and their events took ~21 ms on PostgreSQL; this way ~12 ms."""
    rows = [spec.row(submitter) for spec in items]
    if not rows:
        return []
    repository.insert_items(session, rows)
    append_events(session, actor=submitter.actor,
                  events=[spec.created_event(row["id"]) for spec, row in zip(items, rows, strict=True)])
    return [row["id"] for row in rows]


def _check_sod(item: ReviewItem, principal: Principal, enforce: bool) -> None:
    if enforce and item.submitted_by == principal.id:
        raise Forbidden(
            "you submitted the source of this item; another reviewer must review it",
            type_slug="segregation-of-duties",
        )


def _claim(session: Session, item: ReviewItem, principal: Principal, lease: timedelta) -> ReviewItem:
    now = utcnow()
    before = {"status": effective_status(item, now), "assignee": item.assignee}
    item.status = "claimed"
    item.assignee = principal.id
    item.claimed_at = now
    item.lease_expires_at = now + lease
    session.flush()
    append_event(
        session,
        actor=principal.actor,
        action="review_item.claimed",
        subject=_subject(item),
        before=before,
        after={"status": "claimed", "assignee": principal.id,
               "lease_expires_at": item.lease_expires_at.isoformat()},
    )
    return item


def claim_next(
    session: Session,
    principal: Principal,
    *,
    lease: timedelta,
    enforce_sod: bool = True,
    kind: str | None = None,
    source_type: str | None = None,
    source_id: str | None = None,
    min_score: float | None = None,
) -> ReviewItem | None:
    """Claim the highest-priority, oldest claimable item matching the filters (None if none)."""
    item = repository.next_claimable(
        session,
        now=utcnow(),
        exclude_submitter=principal.id if enforce_sod else None,
        kind=kind,
        source_type=source_type,
        source_id=source_id,
        min_score=min_score,
    )
    if item is None:
        return None
    return _claim(session, item, principal, lease)


def _locked(session: Session, item_id: str) -> ReviewItem:
    """The item, row-locked for this transaction (404 when it does not exist)."""
    item = repository.get_for_update(session, item_id)
    if item is None:
        raise NotFound(f"no review item {item_id}")
    return item


def get_item(session: Session, item_id: str) -> ReviewItem:
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise NotFound(f"no review item {item_id}")
    return item


def claim_problem(item: ReviewItem, principal: Principal, enforce_sod: bool = True) -> ProblemError | None:
    """Why ``principal`` could not claim ``item`` now (None: it could), without changing it.

    Pages use it to say so before anyone tries; :func:`claim` raises the same problem."""
    try:
        _check_sod(item, principal, enforce_sod)
    except ProblemError as exc:
        return exc
    status = effective_status(item)
    if status in FINAL_STATUSES:
        return Conflict(f"item is already {status}", type_slug="already-decided")
    if status == "claimed" and item.assignee != principal.id:
        return Conflict("another reviewer holds this item", type_slug="claimed-by-other",
                        lease_expires_at=item.lease_expires_at.isoformat() if item.lease_expires_at else None)
    return None


def claim(
    session: Session, item_id: str, principal: Principal, *, lease: timedelta, enforce_sod: bool = True
) -> ReviewItem:
    """Claim one item: 409 if someone else holds it or it is decided, 403 for its submitter."""
    item = _locked(session, item_id)
    problem = claim_problem(item, principal, enforce_sod)
    if problem is not None:
        raise problem
    return _claim(session, item, principal, lease)


def release(session: Session, item_id: str, principal: Principal) -> ReviewItem:
    item = _locked(session, item_id)
    if item.status != "claimed" or item.assignee != principal.id:
        raise Conflict("you do not hold a claim on this item", type_slug="not-claimed")
    item.status = "pending"
    item.assignee = None
    item.claimed_at = None
    item.lease_expires_at = None
    session.flush()
    append_event(
        session,
        actor=principal.actor,
        action="review_item.released",
        subject=_subject(item),
        before={"status": "claimed", "assignee": principal.id},
        after={"status": "pending", "assignee": None},
    )
    return item


def _record_decision(
    session: Session,
    item: ReviewItem,
    principal: Principal,
    decision: str,
    corrected_value: Any,
    reason: str | None,
) -> Decision:
    now = utcnow()
    before = {"status": effective_status(item, now), "assignee": item.assignee}
    row = Decision(
        id=str(uuid.uuid4()),
        item_id=item.id,
        decision=decision,
        corrected_value=corrected_value,
        reason=reason,
        decided_by=principal.id,
        decided_at=now,
    )
    session.add(row)
    item.status = DECISION_STATUS[decision]
    item.decided_at = now
    item.lease_expires_at = None
    item.assignee = principal.id
    session.flush()
    append_event(
        session,
        actor=principal.actor,
        action="review_item.decided",
        subject=_subject(item),
        before=before,
        after={"status": item.status, "decision": decision, "reason": reason,
               "corrected_value": corrected_value},
    )
    return row


def decide(
    session: Session,
    item_id: str,
    principal: Principal,
    *,
    decision: str,
    corrected_value: Any = None,
    reason: str | None = None,
    enforce_sod: bool = True,
) -> tuple[ReviewItem, Decision]:
    """Accept, reject or correct an item the caller has claimed."""
    if decision not in DECISION_STATUS:
        raise InvalidInput(f"unknown decision {decision!r}", type_slug="invalid-input", field="decision")
    if decision == "correct" and corrected_value is None:
        raise InvalidInput("a correction needs corrected_value", type_slug="invalid-input",
                           field="corrected_value")
    item = _locked(session, item_id)
    _check_sod(item, principal, enforce_sod)
    if item.status in FINAL_STATUSES:
        raise Conflict(f"item is already {item.status}", type_slug="already-decided")
    if item.status != "claimed" or item.assignee != principal.id:
        status = effective_status(item)
        if status == "claimed":
            raise Conflict("another reviewer holds this item", type_slug="claimed-by-other")
        raise Conflict("claim the item before deciding it", type_slug="not-claimed")
    row = _record_decision(session, item, principal, decision, corrected_value, reason)
    return item, row


def claim_and_decide(
    session: Session,
    item_id: str,
    principal: Principal,
    *,
    lease: timedelta,
    decision: str,
    corrected_value: Any = None,
    reason: str | None = None,
    enforce_sod: bool = True,
) -> tuple[ReviewItem, Decision]:
    """:func:`decide`, claiming the item first unless the caller already holds it (the web UI's
    one-step decision); both steps are audited, in the caller's transaction."""
    if not holds_claim(get_item(session, item_id), principal):
        claim(session, item_id, principal, lease=lease, enforce_sod=enforce_sod)
    return decide(session, item_id, principal, decision=decision, corrected_value=corrected_value,
                  reason=reason, enforce_sod=enforce_sod)


def bulk_decide(
    session: Session,
    principal: Principal,
    *,
    decision: str,
    reason: str,
    filters: dict[str, Any],
    limit: int,
    enforce_sod: bool = True,
) -> tuple[list[str], list[dict[str, str]]]:
    """Accept or reject every claimable item matching ``filters`` (up to ``limit``)."""
    filters = {k: v for k, v in filters.items() if v is not None}
    filters.pop("status", None)
    filters.pop("assignee", None)
    decided: list[str] = []
    skipped: list[dict[str, str]] = []
    now = utcnow()
    items = repository.page(session, now=now, after=None, limit=limit, status="pending", **filters)
    for item in items:
        if enforce_sod and item.submitted_by == principal.id:
            skipped.append({"id": item.id, "reason": "segregation-of-duties"})
            continue
        _record_decision(session, item, principal, decision, None, reason)
        decided.append(item.id)
    return decided, skipped


def _pack(value: Any, item_id: str) -> str:
    raw = json.dumps([value.isoformat() if isinstance(value, datetime) else value, item_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _unpack(cursor: str, *, is_datetime: bool, problem: str) -> tuple[Any, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, item_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return (datetime.fromisoformat(value) if is_datetime else value), str(item_id)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(problem, type_slug="invalid-cursor", field="cursor") from exc


def encode_cursor(item: ReviewItem) -> str:
    return _pack(item.created_at, item.id)


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    at, item_id = _unpack(cursor, is_datetime=True, problem="cursor is not one this API returned")
    return at, item_id


def list_items(
    session: Session, *, cursor: str | None, limit: int, **filters: Any
) -> tuple[list[ReviewItem], str | None]:
    after = decode_cursor(cursor) if cursor else None
    items = repository.page(session, now=utcnow(), after=after, limit=limit + 1, **filters)
    next_cursor = encode_cursor(items[limit - 1]) if len(items) > limit else None
    return items[:limit], next_cursor


def queue_depth(session: Session) -> dict[str, int]:
    return repository.count_by_status(session, utcnow())


def queue_page(
    session: Session,
    *,
    now: datetime,
    sort: str = "oldest",
    cursor: str | None = None,
    limit: int = 25,
    **filters: Any,
) -> tuple[list[ReviewItem], str | None]:
    """One page of items matching the filters in ``sort`` order (one of ``SORTS``) and the
    cursor of the next page. The cursor holds the last item's sort value and id."""
    if sort not in SORTS:
        raise InvalidInput(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}",
                           type_slug="invalid-input", field="sort")
    after = None
    if cursor:
        after = _unpack(cursor, is_datetime=repository.SORTS[sort][0] == "created_at",
                        problem="the page link is not one this page made; start from the first page")
    items = repository.sorted_page(session, now=now, sort=sort, after=after, limit=limit + 1, **filters)
    next_cursor = None
    if len(items) > limit:
        last = items[limit - 1]
        next_cursor = _pack(repository.sort_value(last, sort), last.id)
    return items[:limit], next_cursor


def neighbours(
    session: Session, item: ReviewItem, *, now: datetime, **filters: Any
) -> tuple[str | None, str | None]:
    """Ids of the items just before and after ``item`` in creation order, under ``filters``.

    ``exclude_submitter=<key id>`` skips items the reviewer submitted (segregation of duties
    forbids deciding them), so walking from item to item never lands on one they cannot review.
    """
    return repository.neighbours(session, item, now=now, **filters)


def items_for_source(session: Session, source_type: str, source_id: str) -> list[ReviewItem]:
    """Every item queued from one source, oldest first."""
    return repository.for_source(session, source_type, source_id)


def source_types(session: Session) -> list[str]:
    """The kinds of source that have queued items (documents, timesheet and invoice batches)."""
    return repository.source_types(session)


def item_counts_by_document(session: Session, ids: list[str]) -> dict[str, dict[str, int]]:
    """Per document: how many review items it has (``total``) and how many are ``decided``."""
    return stats.decided_counts(session, "document", ids=ids)


def billing_term_progress(session: Session, limit: int = 100) -> dict[str, dict[str, int]]:
    """Documents with billing-term items, most recently queued first: ``total`` and ``decided``."""
    return stats.decided_counts(session, "document", kind="billing_term", limit=limit)


def backlog_by_kind_and_age(session: Session, now: datetime) -> list[dict[str, Any]]:
    """Open items per kind, counted in the ``AGE_BUCKETS`` since creation."""
    return stats.backlog_by_kind_and_age(session, now)


def decisions_per_day(session: Session, now: datetime, days: int = 30) -> list[dict[str, Any]]:
    """Decisions per UTC day over the last ``days`` days, split by decision."""
    return stats.decisions_per_day(session, now, days)


def agreement_by_model(session: Session) -> list[dict[str, Any]]:
    """Per model version: decided items, accepted and corrected ones, and the accepted share."""
    return stats.agreement_by_model(session)


def export_decisions(session: Session) -> list[dict[str, Any]]:
    """Reviewer decisions as labeled rows (the feedback loop's input)."""
    out = []
    for item, decision in repository.decisions_for_export(session):
        out.append({
            "item_id": item.id,
            "kind": item.kind,
            "payload": item.payload,
            "evidence": item.evidence,
            "source": {"type": item.source_type, "id": item.source_id},
            "model": {"name": item.model_name, "version": item.model_version},
            "score": item.score,
            "confidence": item.confidence,
            "decision": decision.decision,
            "corrected_value": decision.corrected_value,
            "reason": decision.reason,
            "decided_at": decision.decided_at.isoformat(),
            "decided_by": decision.decided_by,
        })
    return out


def latest_decisions(session: Session, item_ids: list[str]) -> dict[str, Decision]:
    """The most recent decision of each of these items (items without one are absent)."""
    return repository.latest_decisions(session, item_ids)


def items_out(session: Session, items: list[ReviewItem]) -> list[dict[str, Any]]:
    """Items as the API shows them, each with its latest decision (one query for all)."""
    decisions = repository.latest_decisions(session, [i.id for i in items])
    return [item_out(i, decisions.get(i.id)) for i in items]


def item_out(item: ReviewItem, decision: Decision | None = None) -> dict[str, Any]:
    """The API shape of an item (status is the effective one)."""
    return {
        "id": item.id,
        "kind": item.kind,
        "payload": item.payload,
        "evidence": item.evidence,
        "source": {"type": item.source_type, "id": item.source_id},
        "model": {"name": item.model_name, "version": item.model_version} if item.model_name else None,
        "confidence": item.confidence,
        "score": item.score,
        "priority": item.priority,
        "submitted_by": item.submitted_by,
        "created_at": item.created_at,
        "status": effective_status(item),
        "assignee": item.assignee if effective_status(item) != "pending" else None,
        "lease_expires_at": item.lease_expires_at,
        "decided_at": item.decided_at,
        "decision": None if decision is None else {
            "decision": decision.decision,
            "corrected_value": decision.corrected_value,
            "reason": decision.reason,
            "decided_by": decision.decided_by,
            "decided_at": decision.decided_at.isoformat(),
        },
    }
