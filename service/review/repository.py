"""Queries on review items. Claiming uses ``FOR UPDATE SKIP LOCKED`` on PostgreSQL so that
concurrent claimers each get a different row without waiting on each other; SQLite serializes
writers with ``BEGIN IMMEDIATE`` and ignores the locking clause.

The API pages the queue by creation time only; reviewers in the web UI also sort by priority and
score, so :func:`sorted_page` pages with a keyset over (sort key, id) under the same filter rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Table, and_, func, insert, literal, or_, select
from sqlalchemy.orm import Session

from service.review.models import Decision, ReviewItem

SORTS: dict[str, tuple[str, bool]] = {
    # name: (column, descending)
    "oldest": ("created_at", False),
    "newest": ("created_at", True),
    "priority": ("priority", True),
    "score": ("score", True),
}


def claimable(now: datetime) -> ColumnElement[bool]:
    """Pending, or claimed with an expired lease (which returns the item to the queue)."""
    return or_(
        ReviewItem.status == "pending",
        and_(ReviewItem.status == "claimed", ReviewItem.lease_expires_at < now),
    )


def apply_filters(
    query: Select[Any],
    *,
    now: datetime,
    status: str | None = None,
    kind: str | None = None,
    assignee: str | None = None,
    source_type: str | None = None,
    source_id: str | None = None,
    min_score: float | None = None,
) -> Select[Any]:
    if status == "pending":
        query = query.where(claimable(now))
    elif status == "claimed":
        query = query.where(ReviewItem.status == "claimed", ReviewItem.lease_expires_at >= now)
    elif status is not None:
        query = query.where(ReviewItem.status == status)
    if kind:
        query = query.where(ReviewItem.kind == kind)
    if assignee:
        query = query.where(ReviewItem.assignee == assignee)
    if source_type:
        query = query.where(ReviewItem.source_type == source_type)
    if source_id:
        query = query.where(ReviewItem.source_id == source_id)
    if min_score is not None:
        query = query.where(func.coalesce(ReviewItem.score, ReviewItem.confidence) >= min_score)
    return query


def next_claimable(
    session: Session, *, now: datetime, exclude_submitter: str | None, **filters: Any
) -> ReviewItem | None:
    query = apply_filters(select(ReviewItem), now=now, status="pending", **filters)
    if exclude_submitter is not None:
        query = query.where(ReviewItem.submitted_by != exclude_submitter)
    query = (
        query.order_by(ReviewItem.priority.desc(), ReviewItem.created_at, ReviewItem.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return session.execute(query).scalar_one_or_none()


def insert_items(session: Session, rows: list[dict[str, Any]]) -> None:
    """Many new items (column dicts) in one executemany INSERT, without ORM objects."""
    session.execute(insert(cast(Table, ReviewItem.__table__)), rows)


def get_for_update(session: Session, item_id: str) -> ReviewItem | None:
    return session.execute(
        select(ReviewItem).where(ReviewItem.id == item_id).with_for_update()
    ).scalar_one_or_none()


def page(
    session: Session,
    *,
    now: datetime,
    after: tuple[datetime, str] | None,
    limit: int,
    **filters: Any,
) -> list[ReviewItem]:
    return sorted_page(session, now=now, sort="oldest", after=after, limit=limit, **filters)


def sort_column(sort: str) -> ColumnElement[Any]:
    """The SQL key of a ``SORTS`` entry; an item without a score sorts by its confidence."""
    if sort == "score":
        return func.coalesce(ReviewItem.score, ReviewItem.confidence, literal(-1.0))
    column: ColumnElement[Any] = getattr(ReviewItem, SORTS[sort][0])
    return column


def sort_value(item: ReviewItem, sort: str) -> Any:
    """The value :func:`sort_column` gives ``item`` (what a cursor after it must hold)."""
    if sort == "score":
        if item.score is not None:
            return item.score
        return item.confidence if item.confidence is not None else -1.0
    return getattr(item, SORTS[sort][0])


def sorted_page(
    session: Session,
    *,
    now: datetime,
    sort: str,
    after: tuple[Any, str] | None,
    limit: int,
    **filters: Any,
) -> list[ReviewItem]:
    """Up to ``limit`` items in ``sort`` order, strictly after ``after`` = (sort value, id)."""
    key = sort_column(sort)
    descending = SORTS[sort][1]
    query = apply_filters(select(ReviewItem), now=now, **filters)
    if after is not None:
        value, last_id = after
        beyond = key < value if descending else key > value
        query = query.where(or_(beyond, and_(key == value, ReviewItem.id > last_id)))
    query = query.order_by(key.desc() if descending else key.asc(), ReviewItem.id).limit(limit)
    return list(session.execute(query).scalars())


def neighbours(
    session: Session,
    item: ReviewItem,
    *,
    now: datetime,
    exclude_submitter: str | None = None,
    **filters: Any,
) -> tuple[str | None, str | None]:
    """Ids of the items just before and after ``item`` in creation order, under ``filters``."""
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


def for_source(session: Session, source_type: str, source_id: str) -> list[ReviewItem]:
    return list(session.execute(
        select(ReviewItem)
        .where(ReviewItem.source_type == source_type, ReviewItem.source_id == source_id)
        .order_by(ReviewItem.created_at, ReviewItem.id)
    ).scalars())


def source_types(session: Session) -> list[str]:
    rows = session.execute(select(ReviewItem.source_type).distinct().order_by(ReviewItem.source_type))
    return [str(r) for r in rows.scalars()]


def latest_decisions(session: Session, item_ids: list[str]) -> dict[str, Decision]:
    if not item_ids:
        return {}
    rows = session.execute(
        select(Decision).where(Decision.item_id.in_(item_ids)).order_by(Decision.decided_at)
    ).scalars()
    return {d.item_id: d for d in rows}


def count_by_status(session: Session, now: datetime) -> dict[str, int]:
    """Queue depth by effective status (expired claims count as pending)."""
    rows = session.execute(
        select(ReviewItem.status, func.count()).where(ReviewItem.status != "claimed").group_by(ReviewItem.status)
    ).all()
    counts = {status: int(n) for status, n in rows}
    active = session.execute(
        select(func.count()).select_from(ReviewItem).where(
            ReviewItem.status == "claimed", ReviewItem.lease_expires_at >= now
        )
    ).scalar_one()
    expired = session.execute(
        select(func.count()).select_from(ReviewItem).where(
            ReviewItem.status == "claimed", ReviewItem.lease_expires_at < now
        )
    ).scalar_one()
    counts["claimed"] = int(active)
    counts["pending"] = counts.get("pending", 0) + int(expired)
    return counts


def decisions_for_export(session: Session) -> list[tuple[ReviewItem, Decision]]:
    rows = session.execute(
        select(ReviewItem, Decision).join(Decision, Decision.item_id == ReviewItem.id).order_by(Decision.decided_at)
    ).all()
    return [(item, decision) for item, decision in rows]
