"""Aggregates over review items and decisions, for the reviewer dashboard and document lists.

They aggregate in SQL (both SQLite and PostgreSQL) so that their cost does not grow with what
Python has to hold.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from service.review.models import FINAL_STATUSES, Decision, ReviewItem

AGE_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("< 1 hour", timedelta(hours=1)),
    ("1-24 hours", timedelta(hours=24)),
    ("1-7 days", timedelta(days=7)),
    ("> 7 days", None),
)


def decided_counts(
    session: Session,
    source_type: str,
    *,
    ids: list[str] | None = None,
    kind: str | None = None,
    limit: int | None = None,
) -> dict[str, dict[str, int]]:
    """Per source: how many of its items (of ``kind``, if given) there are and how many are decided.

    Sources come most recently queued first; ``ids`` restricts them, ``limit`` caps them.
    """
    if ids is not None and not ids:
        return {}
    final = case((ReviewItem.status.in_(FINAL_STATUSES), 1), else_=0)
    query = (
        select(ReviewItem.source_id, func.count(), func.sum(final))
        .where(ReviewItem.source_type == source_type)
        .group_by(ReviewItem.source_id)
        .order_by(func.max(ReviewItem.created_at).desc())
    )
    if ids is not None:
        query = query.where(ReviewItem.source_id.in_(ids))
    if kind is not None:
        query = query.where(ReviewItem.kind == kind)
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    return {sid: {"total": int(n), "decided": int(d or 0)} for sid, n, d in rows}


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
