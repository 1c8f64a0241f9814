"""Documents: the list, and one document's text with every term and flag highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service.audit.service import list_events
from service.deps import SessionDep
from service.documents import service as documents
from service.errors import NotFound, ProblemError
from service.review import service as review
from service.web import rendering
from service.web.ui import (
    DOCUMENT_ROLES,
    REVIEW_ROLES,
    error_page,
    gate,
    render,
)

if TYPE_CHECKING:
    from service.review.models import ReviewItem

router = APIRouter(include_in_schema=False)



@router.get("/ui/documents")
def documents_list(request: Request, session: SessionDep, cursor: str | None = None) -> Response:
    user = gate(request, session, DOCUMENT_ROLES)
    if isinstance(user, Response):
        return user
    rows = documents.list_documents(session, limit=51, before=cursor or None)
    more = len(rows) > 50
    rows = rows[:50]
    counts = review.item_counts_by_document(session, [r.id for r in rows])
    return render(request, "documents.html", {
        "documents": rows, "counts": counts,
        "next_cursor": rows[-1].id if more and rows else None,
    }, user=user)


def _suggestions(analysis: dict[str, Any], items: list[ReviewItem]) -> list[dict[str, Any]]:
    """Terms and flags of the analysis, each matched to its review item when there is one."""
    by_term = {i.payload.get("key"): i for i in items
               if i.kind == "billing_term" and isinstance(i.payload, dict)}
    flag_items = [i for i in items if i.kind == "clause_flag" and isinstance(i.payload, dict)]
    used: set[str] = set()
    out: list[dict[str, Any]] = []
    for key, term in (analysis.get("billing_terms") or {}).items():
        if not term:
            continue
        item = by_term.get(key)
        if item is not None:
            used.add(item.id)
        out.append({"key": f"term-{key}", "kind": "billing_term",
                    "label": rendering.TERM_LABELS.get(key, key),
                    "value": rendering.format_value(term.get("value")),
                    "confidence": term.get("confidence"), "severity": None,
                    "evidence": rendering.evidence_list(term.get("evidence")), "item": item})
    for n, flag in enumerate(analysis.get("flags") or []):
        ev = rendering.evidence_list(flag.get("evidence"))
        match = next((i for i in flag_items if i.id not in used
                      and i.payload.get("rule") == flag.get("rule")
                      and rendering.evidence_list(i.evidence)[:1] == ev[:1]), None)
        if match is not None:
            used.add(match.id)
        out.append({"key": f"flag-{n}", "kind": "clause_flag", "label": flag.get("rule") or "flag",
                    "value": flag.get("message") or "", "confidence": flag.get("confidence"),
                    "severity": flag.get("severity"), "evidence": ev, "item": match})
    for item in items:
        if item.id not in used:
            out.append({"key": f"item-{item.id[:8]}", "kind": item.kind,
                        "label": rendering.KIND_LABELS.get(item.kind, item.kind),
                        "value": rendering.summarize(item.kind, item.payload),
                        "confidence": item.confidence, "severity": None,
                        "evidence": rendering.evidence_list(item.evidence), "item": item})
    return out


@router.get("/ui/documents/{document_id}")
def document_view(request: Request, document_id: str, session: SessionDep) -> Response:
    user = gate(request, session, DOCUMENT_ROLES)
    if isinstance(user, Response):
        return user
    try:
        row = documents.get_document(session, document_id)
    except ProblemError as exc:
        return error_page(request, user, exc.status, exc.title, exc.detail or exc.title)
    try:
        analysis = documents.get_analysis(session, document_id)
    except NotFound:
        analysis = {}
    can_review = user.principal.role in REVIEW_ROLES
    items = review.items_for_source(session, "document", document_id) if can_review else []
    suggestions = _suggestions(analysis, items)
    spans = [
        rendering.Span(ev["start"], ev["end"], s["key"],
                       "flag" if s["kind"] == "clause_flag" else "term", s["label"])
        for s in suggestions for ev in s["evidence"]
        if rendering.valid_span(row.text, ev) is not None
    ]
    events, _ = list_events(session, subject=f"document:{document_id}", limit=50)
    return render(request, "document.html", {
        "doc": row, "analysis": analysis, "suggestions": suggestions,
        "segments": rendering.segments(row.text, spans), "can_review": can_review,
        "statuses": {i.id: review.effective_status(i) for i in items},
        "clauses": analysis.get("clauses") or [], "warnings": analysis.get("warnings") or [],
        "events": events, "doc_type": (analysis.get("document") or {}).get("type"),
    }, user=user)
