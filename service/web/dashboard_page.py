"""The process-intelligence dashboard."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service.db import utcnow
from service.deps import SessionDep
from service.review import service as review
from service.web import rendering
from service.web import repository as webrepo
from service.web.ui import (
    DASHBOARD_ROLES,
    gate,
    render,
)

router = APIRouter(include_in_schema=False)



@router.get("/ui/dashboard")
def dashboard(request: Request, session: SessionDep) -> Response:
    user = gate(request, session, DASHBOARD_ROLES)
    if isinstance(user, Response):
        return user
    data = webrepo.dashboard(session, utcnow())
    peak = max((d["total"] for d in data.decisions_per_day), default=0)
    return render(request, "dashboard.html", {"data": data, "peak": peak,
                                               "depth": review.queue_depth(session),
                                               "kind_labels": rendering.KIND_LABELS}, user=user)
