"""HTTP endpoints of the review queue (the only module here that knows HTTP)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from service.deps import SessionDep, SettingsDep
from service.review import schemas, service
from service.security import ADMIN, REVIEWER, SUBMITTER, WORKFLOW, Principal, require_roles

router = APIRouter(prefix="/v1/review", tags=["review"])

Submitter = Annotated[Principal, Depends(require_roles(WORKFLOW, SUBMITTER, ADMIN))]
Reader = Annotated[Principal, Depends(require_roles(REVIEWER, ADMIN))]
Reviewer = Annotated[Principal, Depends(require_roles(REVIEWER, ADMIN))]


@router.post("/items", status_code=status.HTTP_201_CREATED, response_model=schemas.ItemOut)
def create_item(body: schemas.ItemCreate, principal: Submitter, session: SessionDep) -> dict:
    evidence = body.evidence
    evidence_json: Any
    if isinstance(evidence, list):
        evidence_json = [e.model_dump() for e in evidence]
    elif isinstance(evidence, schemas.Evidence):
        evidence_json = evidence.model_dump()
    else:
        evidence_json = evidence
    item = service.create_item(
        session,
        submitter=principal,
        kind=body.kind,
        payload=body.payload,
        evidence=evidence_json,
        source_type=body.source.type,
        source_id=body.source.id,
        confidence=body.confidence,
        score=body.score,
        model_name=body.model.name if body.model else None,
        model_version=body.model.version if body.model else None,
        priority=body.priority,
    )
    session.commit()
    return service.item_out(item)


@router.get("/items", response_model=schemas.ItemPage)
def list_items(
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
    status_: Annotated[schemas.Status | None, Query(alias="status")] = None,
    kind: schemas.Kind | None = None,
    assignee: str | None = None,
    source_type: str | None = None,
    source_id: str | None = None,
    min_score: Annotated[float | None, Query(ge=0, le=1)] = None,
    cursor: str | None = None,
    limit: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> dict:
    items, next_cursor = service.list_items(
        session,
        cursor=cursor,
        limit=limit or settings.page_size_default,
        status=status_,
        kind=kind,
        assignee=assignee,
        source_type=source_type,
        source_id=source_id,
        min_score=min_score,
    )
    return {"items": service.items_out(session, items), "next_cursor": next_cursor}


@router.get("/items/{item_id}", response_model=schemas.ItemOut)
def get_item(item_id: str, principal: Reader, session: SessionDep) -> dict:
    item = service.get_item(session, item_id)
    return service.items_out(session, [item])[0]


@router.post("/next", response_model=schemas.ItemOut, responses={204: {"description": "queue empty"}})
def claim_next(
    principal: Reviewer,
    session: SessionDep,
    settings: SettingsDep,
    body: schemas.NextRequest | None = None,
) -> dict | Response:
    filters = body or schemas.NextRequest()
    item = service.claim_next(
        session,
        principal,
        lease=timedelta(minutes=settings.claim_lease_minutes),
        enforce_sod=settings.segregation_of_duties,
        kind=filters.kind,
        source_type=filters.source_type,
        source_id=filters.source_id,
        min_score=filters.min_score,
    )
    if item is None:
        session.rollback()
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    session.commit()
    return service.item_out(item)


@router.post("/items/{item_id}/claim", response_model=schemas.ItemOut)
def claim_item(item_id: str, principal: Reviewer, session: SessionDep, settings: SettingsDep) -> dict:
    item = service.claim(
        session,
        item_id,
        principal,
        lease=timedelta(minutes=settings.claim_lease_minutes),
        enforce_sod=settings.segregation_of_duties,
    )
    session.commit()
    return service.item_out(item)


@router.post("/items/{item_id}/release", response_model=schemas.ItemOut)
def release_item(item_id: str, principal: Reviewer, session: SessionDep) -> dict:
    item = service.release(session, item_id, principal)
    session.commit()
    return service.item_out(item)


@router.post("/items/{item_id}/decision", response_model=schemas.ItemOut)
def decide_item(
    item_id: str,
    body: schemas.DecisionIn,
    principal: Reviewer,
    session: SessionDep,
    settings: SettingsDep,
) -> dict:
    item, decision = service.decide(
        session,
        item_id,
        principal,
        decision=body.decision,
        corrected_value=body.corrected_value,
        reason=body.reason,
        enforce_sod=settings.segregation_of_duties,
    )
    session.commit()
    return service.item_out(item, decision)


@router.post("/bulk", response_model=schemas.BulkResult)
def bulk_decide(
    body: schemas.BulkDecisionIn, principal: Reviewer, session: SessionDep, settings: SettingsDep
) -> dict:
    decided, skipped = service.bulk_decide(
        session,
        principal,
        decision=body.decision,
        reason=body.reason,
        filters=body.filters.model_dump(),
        limit=body.limit,
        enforce_sod=settings.segregation_of_duties,
    )
    session.commit()
    return {"decided": decided, "skipped": skipped}
