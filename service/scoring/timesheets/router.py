"""``POST /v1/risk/timesheets``: score a batch for an approval workflow."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from service.deps import SessionDep, SettingsDep
from service.errors import InvalidInput
from service.scoring import intake
from service.scoring.served import served_model
from service.scoring.timesheets.schemas import TimesheetScoreRequest
from service.security import ADMIN, WORKFLOW, Principal, require_roles

router = APIRouter(prefix="/v1/risk", tags=["scoring"])
Workflow = Annotated[Principal, Depends(require_roles(WORKFLOW, ADMIN))]


@router.post("/timesheets")
async def score_timesheets(
    body: TimesheetScoreRequest,
    request: Request,
    principal: Workflow,
    session: SessionDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Scores entries in input order; anomalies become review items (listed in ``review_items``);
    bad rows come back under ``errors`` with their row number and do not fail the batch."""
    if len(body.entries) > settings.max_timesheet_batch:
        raise InvalidInput(f"at most {settings.max_timesheet_batch} entries per request",
                           type_slug="batch-too-large", field="entries")
    model = served_model(request, intake.TIMESHEET_MODEL)

    def work() -> dict[str, Any]:
        out = intake.score_timesheets(session, settings, principal, body.rows(), model)
        session.commit()
        return out

    return await run_in_threadpool(work)
