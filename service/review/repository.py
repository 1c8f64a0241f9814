"""Queries on review items. Claiming uses ``FOR UPDATE SKIP LOCKED`` on PostgreSQL so that
concurrent claimers each get a different row without waiting on each other; SQLite serializes
writers with ``BEGIN IMMEDIATE`` and ignores the locking clause."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from service.review.models import Decision, ReviewItem


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
    query = apply_filters(select(ReviewItem), now=now, **filters)
    if after is not None:
        at, item_id = after
        query = query.where(
            or_(ReviewItem.created_at > at, and_(ReviewItem.created_at == at, ReviewItem.id > item_id))
        )
    query = query.order_by(ReviewItem.created_at, ReviewItem.id).limit(limit)
    return list(session.execute(query).scalars())


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
