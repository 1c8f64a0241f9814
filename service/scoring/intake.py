"""Scoring requests from approval workflows: score with the served model, keep what later
requests need as context, queue what crosses the threshold for a reviewer, audit it all.

Shared by the HTTP routers (and usable from any other caller holding a session); the pure
scoring functions live in ``scoring/timesheets/service.py`` and ``scoring/invoices/service.py``.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from service.audit.service import append_event
from service.config import Settings
from service.review import service as review
from service.security import Principal

TIMESHEET_MODEL = "timesheet-anomaly"
INVOICE_MODEL = "invoice-dispute-risk"


def _plain(value: Any) -> Any:
    """JSON-safe scalars (NaN becomes None) for payloads stored in JSON columns."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return json.loads(json.dumps(value, default=str))


def score_timesheets(
    session: Session,
    settings: Settings,
    submitter: Principal,
    rows: Sequence[Mapping[str, Any]],
    loaded_model: Any,
) -> dict[str, Any]:
    """Score a batch with stored history as context; queue anomalies; store the batch."""
    from service.scoring.timesheets import repository
    from service.scoring.timesheets.service import score_entries

    consultants = {str(r.get("consultant_id")) for r in rows if r.get("consultant_id") is not None}
    dates = []
    for r in rows:
        try:
            dates.append(date.fromisoformat(str(r.get("work_date"))[:10]))
        except ValueError:
            continue
    # Other consultants' entries on a project matter only for budget consumption, which is
    # computed only for rows that state a budget: fetch them only for those projects.
    projects = {str(r.get("project_id")) for r in rows
                if r.get("project_id") is not None and r.get("project_budget_hours") not in (None, "")}
    history = repository.history_for(session, consultants, project_ids=projects,
                                     since=min(dates) if dates else None)
    batch = score_entries(
        loaded_model.pipeline, rows, history=history if len(history) else None,
        threshold=settings.timesheet_threshold, model=loaded_model.ref(),
    )
    out = batch.to_dict()
    batch_id = str(uuid.uuid4())
    by_id = {str(r.get("entry_id")): r for r in rows}
    stored = repository.store_frame(session, batch.frame) if batch.frame is not None else 0
    anomalies = [result for result in batch.results if result["anomaly"]]
    item_ids = review.create_items(session, submitter=submitter, items=[
        review.NewItem(
            kind="timesheet_anomaly",
            payload={"entry_id": result["entry_id"], "score": result["score"],
                     "reasons": result["reasons"], "entry": _plain(by_id.get(result["entry_id"], {}))},
            source_type="timesheet_batch", source_id=batch_id, score=float(result["score"]),
            model_name=loaded_model.name, model_version=str(loaded_model.version or ""),
        )
        for result in anomalies
    ])
    items = [{"entry_id": result["entry_id"], "review_item_id": item_id}
             for result, item_id in zip(anomalies, item_ids, strict=True)]
    append_event(
        session, actor=submitter.actor, action="timesheets.scored", subject=f"timesheet_batch:{batch_id}",
        after={"entries": len(rows), "scored": len(batch.results), "anomalies": len(items),
               "errors": len(batch.errors), "history_rows_sent": stored, "model": loaded_model.ref()},
    )
    out["batch_id"] = batch_id
    out["review_items"] = items
    return out


def score_invoices(
    session: Session,
    settings: Settings,
    submitter: Principal,
    rows: Sequence[Mapping[str, Any]],
    loaded_model: Any,
) -> dict[str, Any]:
    """Score invoices; queue the high-risk ones with their reasons."""
    from service.scoring.invoices.service import score_invoices as score

    batch = score(
        loaded_model.pipeline, [dict(r) for r in rows], medium=settings.invoice_medium_threshold,
        high=settings.invoice_high_threshold, model=loaded_model.ref(),
    )
    out: dict[str, Any] = batch.to_dict()
    batch_id = str(uuid.uuid4())
    by_id = {str(r.get("invoice_id")): r for r in rows}
    items = []
    for result in out["results"]:
        if result["risk_band"] != "high":
            continue
        item = review.create_item(
            session, submitter=submitter, kind="dispute_risk",
            payload={"invoice_id": result["invoice_id"], "dispute_risk": result["dispute_risk"],
                     "risk_band": result["risk_band"], "reasons": result["reasons"],
                     "invoice": _plain(by_id.get(str(result["invoice_id"]), {}))},
            evidence=None, source_type="invoice_batch", source_id=batch_id,
            score=float(result["dispute_risk"]), model_name=loaded_model.name,
            model_version=str(loaded_model.version or ""),
        )
        items.append({"invoice_id": result["invoice_id"], "review_item_id": item.id})
    # Scoring alone changes nothing; the review items it queued carry their own audit events.
    out["batch_id"] = batch_id
    out["review_items"] = items
    return out
