"""Entry points, static files, and signing in and out with an API key."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from service.deps import SessionDep
from service.errors import NotFound
from service.web import sessions
from service.web.sessions import COOKIE_NAME
from service.web.ui import (
    LOGIN_CSRF_COOKIE,
    STATIC_DIR,
    STATIC_TYPES,
    csrf_failed,
    error_page,
    nav_links,
    render,
    safe_next,
    signed_in,
)

router = APIRouter(include_in_schema=False)



@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui", status_code=307)


@router.get("/ui")
def home(request: Request, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if user is None:
        return RedirectResponse("/ui/login", status_code=303)
    links = nav_links(user)
    if not links:
        return error_page(request, user, 403, "Nothing to show",
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



def _login_page(request: Request, next_url: str, error: str | None = None, status_code: int = 200) -> HTMLResponse:

    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", {"next": next_url, "login_csrf": token, "error": error},
                       user=None, status_code=status_code)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/ui/login", max_age=3600)
    return response


@router.get("/ui/login")
def login_form(request: Request, session: SessionDep, next: str | None = None) -> Response:
    if signed_in(request, session) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, safe_next(next))


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
        return _login_page(request, safe_next(next),
                           "The sign-in form expired; please enter your key again.", 403)
    if not api_key.strip():
        return _login_page(request, safe_next(next), "Enter your API key.", 422)
    outcome = sessions.sign_in(session, api_key)
    if outcome is None:
        session.rollback()
        return _login_page(request, safe_next(next), "That API key is unknown or revoked.", 401)
    session.commit()
    token, _user = outcome
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(COOKIE_NAME, token, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/",
                        max_age=int(sessions.DEFAULT_LIFETIME.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/ui/login")
    return response


@router.post("/ui/logout")
def logout(request: Request, session: SessionDep, csrf_token: Annotated[str, Form()] = "") -> Response:
    user = signed_in(request, session)
    if user is None:
        return RedirectResponse("/ui/login", status_code=303)
    failed = csrf_failed(request, user, csrf_token)
    if failed is not None:
        return failed
    sessions.sign_out(session, user)
    session.commit()
    response = RedirectResponse("/ui/login?done=signed_out", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/")
    return response
