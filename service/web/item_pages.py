"""One review item: shown, claimed, decided with a reason, released; its audit history.

Opening an item changes nothing (a GET must not: link prefetchers and a reviewer browsing the
queue would otherwise lock items for the lease time). Deciding an item nobody holds claims and
decides it in one transaction, so open-then-decide still takes one click; "Claim" holds it
while reading a long document."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service.audit.service import list_events
from service.config import Settings
from service.db import utcnow
from service.deps import SessionDep, SettingsDep
from service.documents import service as documents
from service.errors import NotFound, ProblemError
from service.review import service as review
from service.security import key_names
from service.web import rendering
from service.web.queue_pages import queue_params
from service.web.sessions import SignedIn
from service.web.ui import (
    REVIEW_ROLES,
    claim_lease,
    error_page,
    gate,
    gate_form,
    problem_view,
    render,
)

if TYPE_CHECKING:
    from service.review.models import ReviewItem

router = APIRouter(include_in_schema=False)



def _skip_own(user: SignedIn, settings: Settings) -> str | None:
    """Whose items to leave out when walking the queue (one's own, under segregation of duties)."""
    return user.principal.id if settings.segregation_of_duties else None


def _item_context(
    session: Any, item: ReviewItem, q: str, *, exclude_submitter: str | None,
    problem: dict[str, Any] | None = None,
) -> dict[str, Any]:
    filters, _view, _errors = queue_params(dict(parse_qsl(q)))
    prev_id, next_id = review.neighbours(session, item, now=utcnow(),
                                          exclude_submitter=exclude_submitter, **filters)
    events, _ = list_events(session, subject=f"review_item:{item.id}", limit=500)
    decision = review.latest_decisions(session, [item.id]).get(item.id)
    evidence = []
    text = ""
    doc_name = None
    if item.source_type == "document":
        try:
            doc = documents.get_document(session, item.source_id)
            text, doc_name = doc.text, doc.filename
        except NotFound:
            pass
    for ev in rendering.evidence_list(item.evidence):
        span = rendering.valid_span(text, ev) if text else None
        if span is not None:
            before, middle, after = rendering.context_snippet(text, *span)
        else:
            before, middle, after = "", str(ev.get("text") or ""), ""
        evidence.append({"page": ev.get("page"), "before": before, "text": middle, "after": after})
    payload = item.payload if isinstance(item.payload, dict) else {}
    value = payload.get("value", item.payload)
    record = next((payload[k] for k in ("entry", "invoice") if isinstance(payload.get(k), dict)), None)
    reasons = [r for r in payload.get("reasons") or [] if isinstance(r, dict)]
    actors = {e["actor"].removeprefix("key:") for e in events}
    return {
        "item": item, "status": review.effective_status(item), "decision": decision,
        "summary": rendering.summarize(item.kind, item.payload), "evidence": evidence,
        "payload_json": json.dumps(item.payload, indent=2, default=str),
        "value_json": json.dumps(value, indent=2, default=str),
        "events": events, "actor_names": key_names(session, list(actors)),
        "doc_name": doc_name, "prev_id": prev_id, "next_id": next_id, "q": q,
        "record": record, "reasons": reasons,
        "kind_label": rendering.KIND_LABELS.get(item.kind, item.kind), "problem": problem,
    }


def _item_page(
    request: Request, session: Any, user: SignedIn, item: ReviewItem, q: str,
    problem: dict[str, Any] | None = None, status_code: int = 200,
) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    context = _item_context(session, item, q, exclude_submitter=_skip_own(user, settings),
                            problem=problem)
    context["holds_claim"] = review.holds_claim(item, user.principal)
    blocked = review.claim_problem(item, user.principal, settings.segregation_of_duties)
    context["can_decide"] = context["holds_claim"] or blocked is None
    if problem is None and blocked is not None and context["status"] not in review.FINAL_STATUSES:
        context["problem"] = problem_view(blocked)
    return render(request, "item.html", context, user=user, status_code=status_code)


def _refused(
    request: Request, session: Any, user: SignedIn, item_id: str, q: str, exc: ProblemError
) -> Response:
    """A claim, decision or release that failed: roll back and show the item with the problem
    inline (or the error page if the item itself is gone)."""
    session.rollback()
    try:
        item = review.get_item(session, item_id)
    except ProblemError as missing:
        return error_page(request, user, missing.status, missing.title, missing.detail or "")
    return _item_page(request, session, user, item, q, problem_view(exc), exc.status)


@router.get("/ui/items/{item_id}")
def item_view(
    request: Request, item_id: str, session: SessionDep, settings: SettingsDep, q: str = ""
) -> Response:
    """Show an item (read-only); why the viewer can't take it (403/409) is shown inline."""
    user = gate(request, session, REVIEW_ROLES)
    if isinstance(user, Response):
        return user
    try:
        item = review.get_item(session, item_id)
    except ProblemError as exc:
        return error_page(request, user, exc.status, exc.title, exc.detail or exc.title)
    return _item_page(request, session, user, item, q)


@router.post("/ui/items/{item_id}/claim")
def item_claim(
    request: Request,
    item_id: str,
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Hold the item for the lease time while reading it."""
    user = gate_form(request, session, REVIEW_ROLES, csrf_token)
    if isinstance(user, Response):
        return user
    try:
        review.claim(session, item_id, user.principal, lease=claim_lease(settings),
                     enforce_sod=settings.segregation_of_duties)
        session.commit()
    except ProblemError as exc:
        return _refused(request, session, user, item_id, q, exc)
    suffix = f"?{urlencode({'q': q})}" if q else ""
    return RedirectResponse(f"/ui/items/{item_id}{suffix}", status_code=303)


@router.post("/ui/items/{item_id}/decision")
def item_decide(
    request: Request,
    item_id: str,
    session: SessionDep,
    settings: SettingsDep,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    corrected_value: Annotated[str, Form()] = "",
    q: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    user = gate_form(request, session, REVIEW_ROLES, csrf_token)
    if isinstance(user, Response):
        return user
    corrected: Any = None
    if decision == "correct" and corrected_value.strip():
        try:
            corrected = json.loads(corrected_value)
        except ValueError:
            corrected = corrected_value.strip()
    try:
        item, _row = review.claim_and_decide(
            session, item_id, user.principal, lease=claim_lease(settings), decision=decision,
            corrected_value=corrected, reason=reason.strip() or None,
            enforce_sod=settings.segregation_of_duties)
        filters, _view, _errors = queue_params(dict(parse_qsl(q)))
        _prev, next_id = review.neighbours(session, item, now=utcnow(),
                                            exclude_submitter=_skip_own(user, settings), **filters)
        session.commit()
    except ProblemError as exc:
        return _refused(request, session, user, item_id, q, exc)
    done = {"done": item.status, "last": item.id}
    if q:
        done["q"] = q
    if next_id is not None:
        return RedirectResponse(f"/ui/items/{next_id}?{urlencode(done)}", status_code=303)
    return RedirectResponse(f"/ui/queue?{q + '&' if q else ''}{urlencode(done)}", status_code=303)


@router.post("/ui/items/{item_id}/release")
def item_release(
    request: Request,
    item_id: str,
    session: SessionDep,
    q: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    user = gate_form(request, session, REVIEW_ROLES, csrf_token)
    if isinstance(user, Response):
        return user
    try:
        review.release(session, item_id, user.principal)
        session.commit()
    except ProblemError as exc:
        return _refused(request, session, user, item_id, q, exc)
    return RedirectResponse(f"/ui/queue?{q + '&' if q else ''}done=released", status_code=303)
