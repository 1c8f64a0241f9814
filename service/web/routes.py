"""The reviewer web UI: server-rendered pages under ``/ui`` (and ``/`` redirecting there).

This is the UI's only HTTP module. It signs a browser in with an API key (a server-side session
in an HttpOnly cookie), checks each form's CSRF token, and calls the same domain service
functions as the API with the session's principal, so role rules, segregation of duties, leases
and audit events are exactly the API's. Problems raised by those functions are rendered inline
on the page with their message instead of as problem+json.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from service.audit.service import list_events
from service.config import Settings
from service.db import utcnow
from service.deps import SessionDep, SettingsDep
from service.documents import service as documents
from service.errors import PROBLEM_MEDIA_TYPE, NotFound, ProblemError
from service.review import service as review
from service.review.models import FINAL_STATUSES, KINDS, ReviewItem
from service.security import ADMIN, DATA_SCIENTIST, REVIEWER, SUBMITTER
from service.web import rendering, sessions
from service.web import repository as webrepo
from service.web.sessions import COOKIE_NAME, SignedIn

log = logging.getLogger("tollgate.web")

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.filters["fmt"] = rendering.format_value
STATIC_DIR = HERE / "static"
STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}
LOGIN_CSRF_COOKIE = "tg_login_csrf"
CSRF_HEADER = "x-csrf-token"

UPLOAD_ROLES = frozenset({SUBMITTER, REVIEWER, ADMIN})
DOCUMENT_ROLES = frozenset({SUBMITTER, REVIEWER, ADMIN})
REVIEW_ROLES = frozenset({REVIEWER, ADMIN})
DASHBOARD_ROLES = frozenset({REVIEWER, ADMIN, DATA_SCIENTIST})
PAGE_SIZES = (25, 50, 100)
QUEUE_STATUSES = ("pending", "claimed", *FINAL_STATUSES, "any")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
DONE_MESSAGES = {
    "accepted": "Accepted.",
    "rejected": "Rejected.",
    "corrected": "Corrected.",
    "released": "Released back to the queue.",
    "signed_out": "You are signed out.",
    "uploaded": "Document uploaded and analyzed.",
    "existing": "This document was uploaded before; here is its analysis.",
}


# --- plumbing ----------------------------------------------------------------------------


def _nav(user: SignedIn | None) -> list[dict[str, str]]:
    if user is None:
        return []
    role = user.principal.role
    links = []
    if role in REVIEW_ROLES:
        links.append({"href": "/ui/queue", "label": "Queue", "id": "queue"})
    if role in DOCUMENT_ROLES:
        links.append({"href": "/ui/documents", "label": "Documents", "id": "documents"})
    if role in UPLOAD_ROLES:
        links.append({"href": "/ui/upload", "label": "Upload", "id": "upload"})
    if role in DASHBOARD_ROLES:
        links.append({"href": "/ui/dashboard", "label": "Dashboard", "id": "dashboard"})
    return links


def _render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    user: SignedIn | None,
    status_code: int = 200,
) -> HTMLResponse:
    done = request.query_params.get("done")
    base = {
        "user": user,
        "csrf": user.csrf_token if user else "",
        "nav": _nav(user),
        "flash": DONE_MESSAGES.get(done or ""),
    }
    base.update(context)
    response = TEMPLATES.TemplateResponse(request, name, base, status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    return response


def _problem_view(exc: ProblemError) -> dict[str, Any]:
    """What a template needs to show a problem inline."""
    return {"status": exc.status, "title": exc.title, "detail": exc.detail or exc.title,
            "type": exc.type_slug}


def _error_page(request: Request, user: SignedIn | None, status: int, title: str, detail: str) -> HTMLResponse:
    return _render(request, "error.html", {"problem": {"status": status, "title": title, "detail": detail}},
                   user=user, status_code=status)


def _signed_in(request: Request, session: Any) -> SignedIn | None:
    token = request.cookies.get(COOKIE_NAME)
    user = sessions.resolve(session, token)
    if user is None and token:
        session.commit()  # persist the removal of an expired or revoked session
    return user


def _gate(request: Request, session: Any, roles: frozenset[str]) -> SignedIn | Response:
    """The signed-in user, or a redirect to sign in, or a 403 page for the wrong role."""
    user = _signed_in(request, session)
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/ui/login?next={quote(target, safe='')}", status_code=303)
    if user.principal.role not in roles:
        return _error_page(
            request, user, 403, "Forbidden",
            f"role {user.principal.role!r} may not open this page; allowed: {', '.join(sorted(roles))}",
        )
    return user


def _csrf_failed(request: Request, user: SignedIn, supplied: str | None) -> HTMLResponse | None:
    supplied = supplied or request.headers.get(CSRF_HEADER)
    if sessions.csrf_ok(user.csrf_token, supplied):
        return None
    return _error_page(request, user, 403, "Form expired or forged",
                       "the form's security token does not match your session; reload the page and try again")


def _safe_next(target: str | None) -> str:
    """Only local UI paths are followed after sign-in (no open redirect)."""
    if target and target.startswith("/ui") and not target.startswith("//"):
        return target
    return "/ui"


def _lease(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.claim_lease_minutes)


# --- entry points and static files --------------------------------------------------------


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui", status_code=307)


@router.get("/ui")
def home(request: Request, session: SessionDep) -> Response:
    user = _signed_in(request, session)
    if user is None:
        return RedirectResponse("/ui/login", status_code=303)
    links = _nav(user)
    if not links:
        return _error_page(request, user, 403, "Nothing to show",
                           f"role {user.principal.role!r} has no pages in the reviewer UI")
    return RedirectResponse(links[0]["href"], status_code=303)


@router.get("/ui/static/{name}")
def static(name: str) -> Response:
    path = STATIC_DIR / name
    suffix = path.suffix
    if "/" in name or name.startswith(".") or suffix not in STATIC_TYPES or not path.is_file():
        raise NotFound(f"no static file {name}")
    return FileResponse(path, media_type=STATIC_TYPES[suffix],
                        headers={"Cache-Control": "public, max-age=300",
                                 "X-Content-Type-Options": "nosniff"})


# --- sign in / out -------------------------------------------------------------------------


def _login_page(request: Request, next_url: str, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    import secrets

    token = secrets.token_urlsafe(24)
    response = _render(request, "login.html", {"next": next_url, "login_csrf": token, "error": error},
                       user=None, status_code=status_code)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/ui/login", max_age=3600)
    return response


@router.get("/ui/login")
def login_form(request: Request, session: SessionDep, next: str | None = None) -> Response:
    if _signed_in(request, session) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, _safe_next(next))


@router.post("/ui/login")
def login(
    request: Request,
    session: SessionDep,
    api_key: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/ui",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if not expected or not sessions.csrf_ok(expected, csrf_token):
        return _login_page(request, _safe_next(next),
                           "The sign-in form expired; please enter your key again.", 403)
    if not api_key.strip():
        return _login_page(request, _safe_next(next), "Enter your API key.", 422)
    outcome = sessions.sign_in(session, api_key)
    if outcome is None:
        session.rollback()
        return _login_page(request, _safe_next(next), "That API key is unknown or revoked.", 401)
    session.commit()
    token, _user = outcome
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE_NAME, token, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/",
                        max_age=int(sessions.DEFAULT_LIFETIME.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/ui/login")
    return response


@router.post("/ui/logout")
def logout(request: Request, session: SessionDep, csrf_token: Annotated[str, Form()] = "") -> Response:
    user = _signed_in(request, session)
    if user is None:
        return RedirectResponse("/ui/login", status_code=303)
    failed = _csrf_failed(request, user, csrf_token)
    if failed is not None:
        return failed
    sessions.sign_out(session, user)
    session.commit()
    response = RedirectResponse("/ui/login?done=signed_out", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


# --- upload --------------------------------------------------------------------------------


def _enricher(request: Request, settings: Settings) -> Any:
    """The documents router's enrichment; None (billing terms only) while a part is missing."""
    from service.documents.enrichment import enricher_for

    try:
        return enricher_for(request.app.state.models, settings)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("service."):
            raise
        log.warning("document enrichment unavailable (%s); analyzing billing terms only", exc.name)
        return None


@router.get("/ui/upload")
def upload_form(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    user = _gate(request, session, UPLOAD_ROLES)
    if isinstance(user, Response):
        return user
    return _render(request, "upload.html", {"max_mb": settings.max_upload_mb, "problem": None},
                   user=user)


@router.post("/ui/upload")
async def upload(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile | None, File()] = None,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    wants_json = request.headers.get("x-requested-with") == "XMLHttpRequest"
    user = await run_in_threadpool(_gate, request, session, UPLOAD_ROLES)
    if isinstance(user, Response):
        if wants_json:
            status = 401 if isinstance(user, RedirectResponse) else 403
            return JSONResponse({"title": "Not allowed", "status": status,
                                 "detail": "sign in with a key that may upload documents"},
                                status_code=status, media_type=PROBLEM_MEDIA_TYPE)
        return user
    failed = _csrf_failed(request, user, csrf_token)
    if failed is not None:
        if wants_json:
            return JSONResponse({"title": "Form expired or forged", "status": 403,
                                 "detail": "reload the page and try again"},
                                status_code=403, media_type=PROBLEM_MEDIA_TYPE)
        return failed

    def fail(exc: ProblemError) -> Response:
        if wants_json:
            return JSONResponse(exc.to_problem(request.url.path), status_code=exc.status,
                                media_type=PROBLEM_MEDIA_TYPE)
        return _render(request, "upload.html", {"max_mb": settings.max_upload_mb,
                                                "problem": _problem_view(exc)},
                       user=user, status_code=exc.status)

    if file is None or not file.filename:
        return fail(ProblemError("choose a file to upload", status=422, type_slug="invalid-input",
                                 title="No file"))
    try:
        data = await _read_limited(file, settings.max_upload_mb)
    except ProblemError as exc:
        return fail(exc)
    principal = user.principal
    filename = file.filename

    def work() -> documents.UploadResult:
        result = documents.upload_document(
            session, settings, principal, data, filename,
            enrich=_enricher(request, settings), llm=_llm(settings),
        )
        session.commit()
        return result

    try:
        result = await run_in_threadpool(work)
    except ProblemError as exc:
        session.rollback()
        return fail(exc)
    url = f"/ui/documents/{result.document.id}?done={'uploaded' if result.created else 'existing'}"
    if wants_json:
        return JSONResponse({"document_id": result.document.id, "url": url, "created": result.created,
                             "review_items": len(result.review_item_ids)},
                            status_code=201 if result.created else 200)
    return RedirectResponse(url, status_code=303)


async def _read_limited(upload: UploadFile, max_mb: float) -> bytes:
    """Read the upload, refusing (413) as soon as it passes the limit, as the API does."""
    from service.documents.errors import DocumentTooLarge

    limit = int(max_mb * 1024 * 1024)
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise DocumentTooLarge(f"the file is larger than the {max_mb:g} MB limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _llm(settings: Settings) -> Any:
    from service.documents.llm_factory import llm_from_settings

    return llm_from_settings(settings)


# --- documents -----------------------------------------------------------------------------


@router.get("/ui/documents")
def documents_list(request: Request, session: SessionDep, cursor: str | None = None) -> Response:
    user = _gate(request, session, DOCUMENT_ROLES)
    if isinstance(user, Response):
        return user
    rows = documents.list_documents(session, limit=51, before=cursor or None)
    more = len(rows) > 50
    rows = rows[:50]
    counts = webrepo.item_counts_by_document(session, [r.id for r in rows])
    return _render(request, "documents.html", {
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
    user = _gate(request, session, DOCUMENT_ROLES)
    if isinstance(user, Response):
        return user
    try:
        row = documents.get_document(session, document_id)
    except ProblemError as exc:
        return _error_page(request, user, exc.status, exc.title, exc.detail or exc.title)
    try:
        analysis = documents.get_analysis(session, document_id)
    except NotFound:
        analysis = {}
    can_review = user.principal.role in REVIEW_ROLES
    items = webrepo.items_for_source(session, "document", document_id) if can_review else []
    suggestions = _suggestions(analysis, items)
    spans = [
        rendering.Span(ev["start"], ev["end"], s["key"],
                       "flag" if s["kind"] == "clause_flag" else "term", s["label"])
        for s in suggestions for ev in s["evidence"]
        if rendering.valid_span(row.text, ev) is not None
    ]
    events, _ = list_events(session, subject=f"document:{document_id}", limit=50)
    return _render(request, "document.html", {
        "doc": row, "analysis": analysis, "suggestions": suggestions,
        "segments": rendering.segments(row.text, spans), "can_review": can_review,
        "statuses": {i.id: review.effective_status(i) for i in items},
        "clauses": analysis.get("clauses") or [], "warnings": analysis.get("warnings") or [],
        "events": events, "doc_type": (analysis.get("document") or {}).get("type"),
    }, user=user)


# --- queue ---------------------------------------------------------------------------------


def _queue_params(params: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """(review filters, view options, input errors) from the queue's query string."""
    errors: list[str] = []
    status = params.get("status") or "pending"
    if status not in QUEUE_STATUSES:
        errors.append(f"unknown status {status!r}")
        status = "pending"
    kind = params.get("kind") or None
    if kind is not None and kind not in KINDS:
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
    if sort not in webrepo.SORTS:
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


def _queue_context(session: Any, params: Mapping[str, str]) -> dict[str, Any]:
    filters, view, errors = _queue_params(params)
    items: list[ReviewItem] = []
    next_cursor = None
    problem = None
    try:
        items, next_cursor = webrepo.queue_page(
            session, now=utcnow(), sort=view["sort"], cursor=params.get("cursor") or None,
            limit=view["limit"], **filters)
    except ProblemError as exc:
        problem = _problem_view(exc)
    decisions = webrepo.latest_decisions(session, [i.id for i in items])
    doc_ids = [i.source_id for i in items if i.source_type == "document"]
    q = _query_string(view)
    sources = webrepo.source_types(session)
    if view["source_type"] and view["source_type"] not in sources:
        sources.append(view["source_type"])
    assignees = [i.assignee for i in items if i.assignee]
    return {
        "source_types": sources, "assignee_names": webrepo.key_names(session, assignees),
        "items": items, "decisions": decisions, "names": webrepo.document_names(session, doc_ids),
        "statuses": {i.id: review.effective_status(i) for i in items},
        "summaries": {i.id: rendering.summarize(i.kind, i.payload) for i in items},
        "view": view, "q": q, "errors": errors, "problem": problem,
        "next_url": f"/ui/queue?{_query_string(view, cursor=next_cursor)}" if next_cursor else None,
        "first_url": f"/ui/queue?{q}" if params.get("cursor") else None,
        "kinds": KINDS, "queue_statuses": QUEUE_STATUSES, "sorts": list(webrepo.SORTS),
        "page_sizes": PAGE_SIZES, "kind_labels": rendering.KIND_LABELS, "bulk": None, "empty": False,
    }


@router.get("/ui/queue")
def queue(request: Request, session: SessionDep) -> Response:
    user = _gate(request, session, REVIEW_ROLES)
    if isinstance(user, Response):
        return user
    context = _queue_context(session, request.query_params)
    return _render(request, "queue.html", context, user=user,
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
    user = _gate(request, session, REVIEW_ROLES)
    if isinstance(user, Response):
        return user
    failed = _csrf_failed(request, user, csrf_token)
    if failed is not None:
        return failed
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
                item = review.get_item(session, item_id)
                if not (item.status == "claimed" and item.assignee == user.principal.id
                        and review.effective_status(item) == "claimed"):
                    review.claim(session, item_id, user.principal, lease=_lease(settings),
                                 enforce_sod=settings.segregation_of_duties)
                review.decide(session, item_id, user.principal, decision=decision,
                              reason=reason.strip(), enforce_sod=settings.segregation_of_duties)
                decided.append(item_id)
            except ProblemError as exc:
                skipped.append({"id": item_id, "detail": exc.detail or exc.title})
        session.commit()
    context = _queue_context(session, params)
    context["bulk"] = {"decided": decided, "skipped": skipped, "decision": decision, "errors": errors}
    return _render(request, "queue.html", context, user=user, status_code=422 if errors else 200)


@router.post("/ui/queue/next")
def queue_next(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Claim the highest-priority, oldest item matching the queue's filters and open it."""
    user = _gate(request, session, REVIEW_ROLES)
    if isinstance(user, Response):
        return user
    failed = _csrf_failed(request, user, csrf_token)
    if failed is not None:
        return failed
    filters, _view, _errors = _queue_params(dict(parse_qsl(q)))
    filters.pop("status", None)
    try:
        item = review.claim_next(session, user.principal, lease=_lease(settings),
                                 enforce_sod=settings.segregation_of_duties, **filters)
    except ProblemError as exc:
        session.rollback()
        context = _queue_context(session, dict(parse_qsl(q)))
        context["problem"] = _problem_view(exc)
        return _render(request, "queue.html", context, user=user, status_code=exc.status)
    if item is None:
        session.rollback()
        context = _queue_context(session, dict(parse_qsl(q)))
        context["empty"] = True
        return _render(request, "queue.html", context, user=user)
    session.commit()
    return RedirectResponse(f"/ui/items/{item.id}?{urlencode({'q': q})}", status_code=303)


# --- one item ------------------------------------------------------------------------------


def _skip_own(user: SignedIn, settings: Settings) -> str | None:
    """Whose items to leave out when walking the queue (one's own, under segregation of duties)."""
    return user.principal.id if settings.segregation_of_duties else None


def _item_context(
    session: Any, item: ReviewItem, q: str, *, exclude_submitter: str | None,
    problem: dict[str, Any] | None = None,
) -> dict[str, Any]:
    filters, _view, _errors = _queue_params(dict(parse_qsl(q)))
    prev_id, next_id = webrepo.neighbours(session, item, now=utcnow(),
                                          exclude_submitter=exclude_submitter, **filters)
    events, _ = list_events(session, subject=f"review_item:{item.id}", limit=500)
    decision = webrepo.latest_decisions(session, [item.id]).get(item.id)
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
        "events": events, "actor_names": webrepo.key_names(session, list(actors)),
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
    context["holds_claim"] = (context["status"] == "claimed" and item.assignee == user.principal.id)
    return _render(request, "item.html", context, user=user, status_code=status_code)


@router.get("/ui/items/{item_id}")
def item_view(
    request: Request, item_id: str, session: SessionDep, settings: SettingsDep, q: str = ""
) -> Response:
    """Show an item and claim it for the viewer (problems such as 403/409 are shown inline)."""
    user = _gate(request, session, REVIEW_ROLES)
    if isinstance(user, Response):
        return user
    try:
        item = review.get_item(session, item_id)
    except ProblemError as exc:
        return _error_page(request, user, exc.status, exc.title, exc.detail or exc.title)
    status = review.effective_status(item)
    problem = None
    held_by_me = status == "claimed" and item.assignee == user.principal.id
    if status not in FINAL_STATUSES and not held_by_me:
        try:
            item = review.claim(session, item_id, user.principal, lease=_lease(settings),
                                enforce_sod=settings.segregation_of_duties)
            session.commit()
        except ProblemError as exc:
            session.rollback()
            problem = _problem_view(exc)
            item = review.get_item(session, item_id)
    return _item_page(request, session, user, item, q, problem)


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
    user = _gate(request, session, REVIEW_ROLES)
    if isinstance(user, Response):
        return user
    failed = _csrf_failed(request, user, csrf_token)
    if failed is not None:
        return failed
    corrected: Any = None
    if decision == "correct" and corrected_value.strip():
        try:
            corrected = json.loads(corrected_value)
        except ValueError:
            corrected = corrected_value.strip()
    try:
        item, _row = review.decide(
            session, item_id, user.principal, decision=decision, corrected_value=corrected,
            reason=reason.strip() or None, enforce_sod=settings.segregation_of_duties)
        filters, _view, _errors = _queue_params(dict(parse_qsl(q)))
        _prev, next_id = webrepo.neighbours(session, item, now=utcnow(),
                                            exclude_submitter=_skip_own(user, settings), **filters)
        session.commit()
    except ProblemError as exc:
        session.rollback()
        try:
            item = review.get_item(session, item_id)
        except ProblemError as missing:
            return _error_page(request, user, missing.status, missing.title, missing.detail or "")
        return _item_page(request, session, user, item, q, _problem_view(exc), exc.status)
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
    user = _gate(request, session, REVIEW_ROLES)
    if isinstance(user, Response):
        return user
    failed = _csrf_failed(request, user, csrf_token)
    if failed is not None:
        return failed
    try:
        review.release(session, item_id, user.principal)
        session.commit()
    except ProblemError as exc:
        session.rollback()
        try:
            item = review.get_item(session, item_id)
        except ProblemError as missing:
            return _error_page(request, user, missing.status, missing.title, missing.detail or "")
        return _item_page(request, session, user, item, q, _problem_view(exc), exc.status)
    return RedirectResponse(f"/ui/queue?{q + '&' if q else ''}done=released", status_code=303)


# --- dashboard -----------------------------------------------------------------------------


@router.get("/ui/dashboard")
def dashboard(request: Request, session: SessionDep) -> Response:
    user = _gate(request, session, DASHBOARD_ROLES)
    if isinstance(user, Response):
        return user
    data = webrepo.dashboard(session, utcnow())
    peak = max((d["total"] for d in data.decisions_per_day), default=0)
    return _render(request, "dashboard.html", {"data": data, "peak": peak,
                                               "depth": review.queue_depth(session),
                                               "kind_labels": rendering.KIND_LABELS}, user=user)
