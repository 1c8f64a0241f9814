"""Plumbing shared by the reviewer UI's pages: templates, sessions, CSRF, roles, inline problems.

The pages (``signin``, ``upload``, ``document_pages``, ``queue_pages``, ``item_pages``,
``dashboard_page``) are the UI's only HTTP modules and ``routes`` gathers them. Every page goes
through :func:`gate` (signed in, right role) and every form through :func:`csrf_failed`; problems
raised by domain services are turned into :func:`problem_view` dicts that templates show inline.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from service.config import Settings
from service.errors import ProblemError
from service.review.service import FINAL_STATUSES
from service.security import ADMIN, DATA_SCIENTIST, REVIEWER, SUBMITTER
from service.web import rendering, sessions
from service.web.sessions import COOKIE_NAME, SignedIn

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



def nav_links(user: SignedIn | None) -> list[dict[str, str]]:
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


def render(
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
        "nav": nav_links(user),
        "flash": DONE_MESSAGES.get(done or ""),
    }
    base.update(context)
    response = TEMPLATES.TemplateResponse(request, name, base, status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    return response


def problem_view(exc: ProblemError) -> dict[str, Any]:
    """What a template needs to show a problem inline."""
    return {"status": exc.status, "title": exc.title, "detail": exc.detail or exc.title,
            "type": exc.type_slug}


def error_page(request: Request, user: SignedIn | None, status: int, title: str, detail: str) -> HTMLResponse:
    return render(request, "error.html", {"problem": {"status": status, "title": title, "detail": detail}},
                   user=user, status_code=status)


def signed_in(request: Request, session: Any) -> SignedIn | None:
    token = request.cookies.get(COOKIE_NAME)
    user = sessions.resolve(session, token)
    if user is None and token:
        session.commit()  # persist the removal of an expired or revoked session
    return user


def gate(request: Request, session: Any, roles: frozenset[str]) -> SignedIn | Response:
    """The signed-in user, or a redirect to sign in, or a 403 page for the wrong role."""
    user = signed_in(request, session)
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/ui/login?next={quote(target, safe='')}", status_code=303)
    if user.principal.role not in roles:
        return error_page(
            request, user, 403, "Forbidden",
            f"role {user.principal.role!r} may not open this page; allowed: {', '.join(sorted(roles))}",
        )
    return user


def csrf_failed(request: Request, user: SignedIn, supplied: str | None) -> HTMLResponse | None:
    supplied = supplied or request.headers.get(CSRF_HEADER)
    if sessions.csrf_ok(user.csrf_token, supplied):
        return None
    return error_page(request, user, 403, "Form expired or forged",
                       "the form's security token does not match your session; reload the page and try again")


def gate_form(
    request: Request, session: Any, roles: frozenset[str], csrf_token: str | None
) -> SignedIn | Response:
    """``gate`` for a form post: also refuses a missing or wrong CSRF token (403 page)."""
    user = gate(request, session, roles)
    if isinstance(user, Response):
        return user
    return csrf_failed(request, user, csrf_token) or user


def safe_next(target: str | None) -> str:
    """Only local UI paths are followed after sign-in (no open redirect)."""
    if target and target.startswith("/ui") and not target.startswith("//"):
        return target
    return "/ui"


def claim_lease(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.claim_lease_minutes)

