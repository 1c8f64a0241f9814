"""The review queue: filters, sorting, cursor pages, bulk decisions and "review the next item"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from service.db import utcnow
from service.deps import SessionDep, SettingsDep
from service.documents import service as documents
from service.errors import ProblemError
from service.review import service as review
from service.security import key_names
from service.web import rendering
from service.web.ui import (
    PAGE_SIZES,
    QUEUE_STATUSES,
    REVIEW_ROLES,
    claim_lease,
    gate,
    gate_form,
    problem_view,
    render,
)

if TYPE_CHECKING:
    from service.review.models import ReviewItem

router = APIRouter(include_in_schema=False)



def queue_params(params: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """(review filters, view options, input errors) from the queue's query string."""
    errors: list[str] = []
    status = params.get("status") or "pending"
    if status not in QUEUE_STATUSES:
        errors.append(f"unknown status {status!r}")
        status = "pending"
    kind = params.get("kind") or None
    if kind is not None and kind not in review.KINDS:
        errors.append(f"unknown kind {kind!r}")
        kind = None
    min_score: float | None = None
    raw_score = (params.get("min_score") or "").strip()
    if raw_score:
        try:
            min_score = float(raw_score)
            if not 0 <= min_score <= 1:
                raise ValueError
        except ValueError:
            errors.append("minimum score must be a number between 0 and 1")
            min_score = None
    sort = params.get("sort") or "oldest"
    if sort not in review.SORTS:
        errors.append(f"unknown sort {sort!r}")
        sort = "oldest"
    try:
        limit = int(params.get("limit") or PAGE_SIZES[0])
    except ValueError:
        limit = PAGE_SIZES[0]
    if limit not in PAGE_SIZES:
        limit = PAGE_SIZES[0]
    filters = {
        "status": None if status == "any" else status,
        "kind": kind,
        "source_type": (params.get("source_type") or "").strip() or None,
        "source_id": (params.get("source_id") or "").strip() or None,
        "min_score": min_score,
    }
    view = {"status": status, "kind": kind or "", "min_score": raw_score, "sort": sort, "limit": limit,
            "source_type": filters["source_type"] or "", "source_id": filters["source_id"] or ""}
    return filters, view, errors


def _query_string(view: dict[str, Any], **extra: Any) -> str:
    values = {k: v for k, v in {**view, **extra}.items() if v not in (None, "")}
    return urlencode(values)


def queue_context(session: Any, params: Mapping[str, str]) -> dict[str, Any]:
    filters, view, errors = queue_params(params)
    items: list[ReviewItem] = []
    next_cursor = None
    problem = None
    try:
        items, next_cursor = review.queue_page(
            session, now=utcnow(), sort=view["sort"], cursor=params.get("cursor") or None,
            limit=view["limit"], **filters)
    except ProblemError as exc:
        problem = problem_view(exc)
    decisions = review.latest_decisions(session, [i.id for i in items])
    doc_ids = [i.source_id for i in items if i.source_type == "document"]
    q = _query_string(view)
    sources = review.source_types(session)
    if view["source_type"] and view["source_type"] not in sources:
        sources.append(view["source_type"])
    assignees = [i.assignee for i in items if i.assignee]
    return {
        "source_types": sources, "assignee_names": key_names(session, assignees),
        "items": items, "decisions": decisions, "names": documents.document_names(session, doc_ids),
        "statuses": {i.id: review.effective_status(i) for i in items},
        "summaries": {i.id: rendering.summarize(i.kind, i.payload) for i in items},
        "view": view, "q": q, "errors": errors, "problem": problem,
        "next_url": f"/ui/queue?{_query_string(view, cursor=next_cursor)}" if next_cursor else None,
        "first_url": f"/ui/queue?{q}" if params.get("cursor") else None,
        "kinds": review.KINDS, "queue_statuses": QUEUE_STATUSES, "sorts": list(review.SORTS),
        "page_sizes": PAGE_SIZES, "kind_labels": rendering.KIND_LABELS, "bulk": None, "empty": False,
    }


@router.get("/ui/queue")
def queue(request: Request, session: SessionDep) -> Response:
    user = gate(request, session, REVIEW_ROLES)
    if isinstance(user, Response):
        return user
    context = queue_context(session, request.query_params)
    return render(request, "queue.html", context, user=user,
                   status_code=422 if context["errors"] else 200)


@router.post("/ui/queue/bulk")
def queue_bulk(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    ids: Annotated[list[str] | None, Form()] = None,
    q: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    user = gate_form(request, session, REVIEW_ROLES, csrf_token)
    if isinstance(user, Response):
        return user
    params = dict(parse_qsl(q))
    errors: list[str] = []
    if decision not in ("accept", "reject"):
        errors.append("choose accept or reject for the selected items")
    if not reason.strip():
        errors.append("a bulk decision needs a reason (it goes into the audit log)")
    if not ids:
        errors.append("select at least one item")
    decided: list[str] = []
    skipped: list[dict[str, str]] = []
    if not errors:
        for item_id in ids or []:
            try:
                review.claim_and_decide(
                    session, item_id, user.principal, lease=claim_lease(settings),
                    decision=decision, reason=reason.strip(),
                    enforce_sod=settings.segregation_of_duties)
                decided.append(item_id)
            except ProblemError as exc:
                skipped.append({"id": item_id, "detail": exc.detail or exc.title})
        session.commit()
    context = queue_context(session, params)
    context["bulk"] = {"decided": decided, "skipped": skipped, "decision": decision, "errors": errors}
    return render(request, "queue.html", context, user=user, status_code=422 if errors else 200)


@router.post("/ui/queue/next")
def queue_next(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Claim the highest-priority, oldest item matching the queue's filters and open it."""
    user = gate_form(request, session, REVIEW_ROLES, csrf_token)
    if isinstance(user, Response):
        return user
    filters, _view, _errors = queue_params(dict(parse_qsl(q)))
    filters.pop("status", None)
    try:
        item = review.claim_next(session, user.principal, lease=claim_lease(settings),
                                 enforce_sod=settings.segregation_of_duties, **filters)
    except ProblemError as exc:
        session.rollback()
        context = queue_context(session, dict(parse_qsl(q)))
        context["problem"] = problem_view(exc)
        return render(request, "queue.html", context, user=user, status_code=exc.status)
    if item is None:
        session.rollback()
        context = queue_context(session, dict(parse_qsl(q)))
        context["empty"] = True
        return render(request, "queue.html", context, user=user)
    session.commit()
    return RedirectResponse(f"/ui/items/{item.id}?{urlencode({'q': q})}", status_code=303)
