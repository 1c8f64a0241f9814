"""The process-intelligence dashboard.

The figures come from the review service; billing readiness joins its per-document counts to
file names from the documents service here, so no domain reads another's tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from service.db import utcnow
from service.deps import SessionDep
from service.documents import service as documents
from service.review import service as review
from service.web import rendering
from service.web.ui import (
    DASHBOARD_ROLES,
    gate,
    render,
)

router = APIRouter(include_in_schema=False)


@dataclass
class Dashboard:
    """Everything the process-intelligence page shows."""

    buckets: list[str]
    backlog: list[dict[str, Any]]
    decisions_per_day: list[dict[str, Any]]
    agreement: list[dict[str, Any]]
    readiness: list[dict[str, Any]]


def billing_readiness(session: Session, limit: int = 100) -> list[dict[str, Any]]:
    """Documents with billing-term suggestions: how many are decided, ready when all are."""
    progress = review.billing_term_progress(session, limit)
    names = documents.document_names(session, list(progress))
    return [{"document_id": doc_id, "filename": names.get(doc_id, doc_id), "terms": n["total"],
             "decided": n["decided"], "ready": n["decided"] == n["total"]}
            for doc_id, n in progress.items()]


def build_dashboard(session: Session, now: datetime) -> Dashboard:
    return Dashboard(
        buckets=list(review.AGE_BUCKETS),
        backlog=review.backlog_by_kind_and_age(session, now),
        decisions_per_day=review.decisions_per_day(session, now),
        agreement=review.agreement_by_model(session),
        readiness=billing_readiness(session),
    )


@router.get("/ui/dashboard")
def dashboard(request: Request, session: SessionDep) -> Response:
    user = gate(request, session, DASHBOARD_ROLES)
    if isinstance(user, Response):
        return user
    data = build_dashboard(session, utcnow())
    peak = max((d["total"] for d in data.decisions_per_day), default=0)
    return render(request, "dashboard.html", {"data": data, "peak": peak,
                                               "depth": review.queue_depth(session),
                                               "kind_labels": rendering.KIND_LABELS}, user=user)
