"""Read-only queries behind the reviewer UI: the sortable queue and the dashboard.

The review service pages the queue by creation time only; reviewers also sort by priority and
score, so this module pages with a keyset cursor over (sort key, id) using the review domain's
own filter rules. The dashboard aggregates in SQL (both SQLite and PostgreSQL) so that its cost
does not grow with what Python has to hold.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from service.auth_models import ApiKey
from service.documents.models import StoredDocument
from service.errors import InvalidInput
from service.review.models import FINAL_STATUSES, Decision, ReviewItem
from service.review.repository import apply_filters

SORTS: dict[str, tuple[str, bool]] = {
    # name: (column, descending)
    "oldest": ("created_at", False),
    "newest": ("created_at", True),
    "priority": ("priority", True),
    "score": ("score", True),
}
AGE_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("< 1 hour", timedelta(hours=1)),
    ("1-24 hours", timedelta(hours=24)),
    ("1-7 days", timedelta(days=7)),
    ("> 7 days", None),
)


def _sort_column(name: str) -> ColumnElement[Any]:
    if name == "score":
        return func.coalesce(ReviewItem.score, ReviewItem.confidence, literal(-1.0))
    column: ColumnElement[Any] = getattr(ReviewItem, SORTS[name][0])
    return column


def _encode(value: Any, item_id: str) -> str:
    raw = json.dumps([value.isoformat() if isinstance(value, datetime) else value, item_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, sort: str) -> tuple[Any, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, item_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if SORTS[sort][0] == "created_at":
            value = datetime.fromisoformat(value)
        return value, str(item_id)
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidInput("the page link is not one this page made; start from the first page",
                           type_slug="invalid-cursor", field="cursor") from exc


def _sort_value(item: ReviewItem, sort: str) -> Any:
    if sort == "score":
        if item.score is not None:
            return item.score
        return item.confidence if item.confidence is not None else -1.0
    return getattr(item, SORTS[sort][0])


def queue_page(
    session: Session,
    *,
    now: datetime,
    sort: str = "oldest",
    cursor: str | None = None,
    limit: int = 25,
    **filters: Any,
) -> tuple[list[ReviewItem], str | None]:
    """One page of review items matching the review filters, in ``sort`` order."""
    if sort not in SORTS:
        raise InvalidInput(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}",
                           type_slug="invalid-input", field="sort")
    key = _sort_column(sort)
    descending = SORTS[sort][1]
    query = apply_filters(select(ReviewItem), now=now, **filters)
    if cursor:
        value, last_id = _decode(cursor, sort)
        beyond = key < value if descending else key > value
        query = query.where(or_(beyond, and_(key == value, ReviewItem.id > last_id)))
    query = query.order_by(key.desc() if descending else key.asc(), ReviewItem.id).limit(limit + 1)
    items = list(session.execute(query).scalars())
    next_cursor = None
    if len(items) > limit:
        last = items[limit - 1]
        next_cursor = _encode(_sort_value(last, sort), last.id)
    return items[:limit], next_cursor


def neighbours(
    session: Session,
    item: ReviewItem,
    *,
    now: datetime,
    exclude_submitter: str | None = None,
    **filters: Any,
) -> tuple[str | None, str | None]:
    """Ids of the items just before and after ``item`` in creation order, under ``filters``.

    ``exclude_submitter`` skips items the reviewer submitted (segregation of duties forbids
    deciding them), so walking from item to item never lands on one they cannot review.
    """
    base = apply_filters(select(ReviewItem.id), now=now, **filters).where(ReviewItem.id != item.id)
    if exclude_submitter is not None:
        base = base.where(ReviewItem.submitted_by != exclude_submitter)
    at, item_id = item.created_at, item.id
    after = base.where(or_(ReviewItem.created_at > at,
                           and_(ReviewItem.created_at == at, ReviewItem.id > item_id)))
    before = base.where(or_(ReviewItem.created_at < at,
                            and_(ReviewItem.created_at == at, ReviewItem.id < item_id)))
    next_id = session.execute(
        after.order_by(ReviewItem.created_at, ReviewItem.id).limit(1)).scalar_one_or_none()
    prev_id = session.execute(
        before.order_by(ReviewItem.created_at.desc(), ReviewItem.id.desc()).limit(1)
    ).scalar_one_or_none()
    return prev_id, next_id


def items_for_source(session: Session, source_type: str, source_id: str) -> list[ReviewItem]:
    return list(session.execute(
        select(ReviewItem)
        .where(ReviewItem.source_type == source_type, ReviewItem.source_id == source_id)
        .order_by(ReviewItem.created_at, ReviewItem.id)
    ).scalars())


def document_names(session: Session, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(StoredDocument.id, StoredDocument.filename).where(StoredDocument.id.in_(ids))
    ).all()
    return {i: name for i, name in rows}


def source_types(session: Session) -> list[str]:
    """The kinds of source that have queued items (documents, timesheet and invoice batches)."""
    rows = session.execute(select(ReviewItem.source_type).distinct().order_by(ReviewItem.source_type))
    return [str(r) for r in rows.scalars()]


def key_names(session: Session, ids: list[str]) -> dict[str, str]:
    """Display names of API keys (audit actors are ``key:<id>``)."""
    if not ids:
        return {}
    rows = session.execute(select(ApiKey.id, ApiKey.name).where(ApiKey.id.in_(ids))).all()
    return {i: name for i, name in rows}


def item_counts_by_document(session: Session, ids: list[str]) -> dict[str, dict[str, int]]:
    """Per document: how many of its review items are open and how many are decided."""
    if not ids:
        return {}
    final = ReviewItem.status.in_(FINAL_STATUSES)
    rows = session.execute(
        select(
            ReviewItem.source_id,
            func.count(),
            func.sum(case((final, 1), else_=0)),
        )
        .where(ReviewItem.source_type == "document", ReviewItem.source_id.in_(ids))
        .group_by(ReviewItem.source_id)
    ).all()
    return {sid: {"total": int(n), "decided": int(d or 0)} for sid, n, d in rows}



@dataclass
class Dashboard:
    """Everything the process-intelligence page shows."""

    buckets: list[str]
    backlog: list[dict[str, Any]]
    decisions_per_day: list[dict[str, Any]]
    agreement: list[dict[str, Any]]
    readiness: list[dict[str, Any]]


def backlog_by_kind_and_age(session: Session, now: datetime) -> list[dict[str, Any]]:
    """Open items (pending or claimed) per kind, counted in age buckets since creation."""
    whens = []
    for label, span in AGE_BUCKETS:
        if span is not None:
            whens.append((ReviewItem.created_at >= now - span, literal(label)))
    bucket = case(*whens, else_=literal(AGE_BUCKETS[-1][0]))
    # Bucket in a subquery: grouping by a parameterised CASE would bind its values twice,
    # which PostgreSQL does not recognise as the same expression.
    open_items = (
        select(ReviewItem.kind.label("kind"), bucket.label("bucket"))
        .where(ReviewItem.status.not_in(FINAL_STATUSES))
        .subquery()
    )
    rows = session.execute(
        select(open_items.c.kind, open_items.c.bucket, func.count())
        .group_by(open_items.c.kind, open_items.c.bucket)
    ).all()
    table: dict[str, dict[str, Any]] = {}
    for kind, label, n in rows:
        row = table.setdefault(kind, {"kind": kind, "total": 0, **{b: 0 for b, _ in AGE_BUCKETS}})
        row[label] += int(n)
        row["total"] += int(n)
    return sorted(table.values(), key=lambda r: (-r["total"], r["kind"]))


def decisions_per_day(session: Session, now: datetime, days: int = 30) -> list[dict[str, Any]]:
    """Decisions taken per UTC day over the last ``days`` days, split by decision."""
    day = func.date(Decision.decided_at)
    rows = session.execute(
        select(day.label("day"), Decision.decision, func.count())
        .where(Decision.decided_at >= now - timedelta(days=days))
        .group_by(day, Decision.decision)
    ).all()
    table: dict[str, dict[str, Any]] = {}
    for raw_day, decision, n in rows:
        key = str(raw_day)[:10]
        row = table.setdefault(key, {"day": key, "accept": 0, "reject": 0, "correct": 0, "total": 0})
        row[decision] = row.get(decision, 0) + int(n)
        row["total"] += int(n)
    return [table[k] for k in sorted(table)]


def agreement_by_model(session: Session) -> list[dict[str, Any]]:
    """How often reviewers accepted each model version's suggestions, among decided ones."""
    accepted = func.sum(case((ReviewItem.status == "accepted", 1), else_=0))
    corrected = func.sum(case((ReviewItem.status == "corrected", 1), else_=0))
    rows = session.execute(
        select(ReviewItem.model_name, ReviewItem.model_version, func.count(), accepted, corrected)
        .where(ReviewItem.status.in_(FINAL_STATUSES))
        .group_by(ReviewItem.model_name, ReviewItem.model_version)
    ).all()
    out = []
    for name, version, n, acc, corr in rows:
        decided = int(n)
        out.append({
            "model_name": name or "(none)",
            "model_version": version or "",
            "decided": decided,
            "accepted": int(acc or 0),
            "corrected": int(corr or 0),
            "agreement": (int(acc or 0) / decided) if decided else None,
        })
    return sorted(out, key=lambda r: (r["model_name"], r["model_version"]))


def billing_readiness(session: Session, limit: int = 100) -> list[dict[str, Any]]:
    """Documents with billing-term suggestions: how many are decided, ready when all are."""
    final = case((ReviewItem.status.in_(FINAL_STATUSES), 1), else_=0)
    rows = session.execute(
        select(ReviewItem.source_id, func.count(), func.sum(final), func.max(ReviewItem.created_at))
        .where(ReviewItem.source_type == "document", ReviewItem.kind == "billing_term")
        .group_by(ReviewItem.source_id)
        .order_by(func.max(ReviewItem.created_at).desc())
        .limit(limit)
    ).all()
    names = document_names(session, [r[0] for r in rows])
    out = []
    for doc_id, n, decided, _latest in rows:
        total, done = int(n), int(decided or 0)
        out.append({"document_id": doc_id, "filename": names.get(doc_id, doc_id), "terms": total,
                    "decided": done, "ready": done == total})
    return out


def dashboard(session: Session, now: datetime) -> Dashboard:
    return Dashboard(
        buckets=[label for label, _ in AGE_BUCKETS],
        backlog=backlog_by_kind_and_age(session, now),
        decisions_per_day=decisions_per_day(session, now),
        agreement=agreement_by_model(session),
        readiness=billing_readiness(session),
    )
