"""``POST /v1/risk/invoices``: dispute risk of invoices before they go out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from service.deps import SessionDep, SettingsDep
from service.scoring import intake
from service.scoring.invoices.schemas import RiskInvoicesRequest
from service.scoring.served import served_model
from service.security import ADMIN, WORKFLOW, Principal, require_roles

router = APIRouter(prefix="/v1/risk", tags=["scoring"])
Workflow = Annotated[Principal, Depends(require_roles(WORKFLOW, ADMIN))]


@router.post("/invoices")
async def score_invoices(
    body: RiskInvoicesRequest,
    request: Request,
    principal: Workflow,
    session: SessionDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Calibrated dispute probability, risk band and reasons per invoice, with the model version;
    high-risk invoices become review items (``review_items``)."""
    model = served_model(request, intake.INVOICE_MODEL)

    def work() -> dict[str, Any]:
        out = intake.score_invoices(session, settings, principal, body.invoices, model)
        session.commit()
        return out

    return await run_in_threadpool(work)
