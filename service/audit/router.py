"""HTTP endpoints of the audit log: the trail and the chain check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from service.audit import schemas, service
from service.deps import SessionDep
from service.security import ADMIN, REVIEWER, Principal, require_roles

router = APIRouter(prefix="/v1/audit", tags=["audit"])
Auditor = Annotated[Principal, Depends(require_roles(ADMIN, REVIEWER))]


@router.get("/events", response_model=schemas.AuditPage)
def list_events(
    principal: Auditor,
    session: SessionDep,
    subject: str | None = None,
    cursor: Annotated[int, Query(ge=0, le=2**63 - 1, description="seq of the last event seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict:
    events, next_cursor = service.list_events(session, subject=subject, cursor=cursor, limit=limit)
    return {"events": events, "next_cursor": next_cursor}


@router.get("/verify", response_model=schemas.VerifyOut)
def verify(principal: Auditor, session: SessionDep) -> dict:
    return service.verify_chain(session).as_dict()
