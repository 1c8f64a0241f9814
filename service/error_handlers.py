"""Render every error as ``application/problem+json`` with a stable ``type``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE, ProblemError

log = logging.getLogger("tollgate.errors")

_STATUS_SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "invalid-input",
    429: "too-many-requests",
}


def problem_response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem_response(exc.status, exc.to_problem(request.url.path), headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _field_name(err.get("loc", ())), "message": err.get("msg", ""), "type": err.get("type")}
            for err in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        return problem_response(422, {
            "type": PROBLEM_BASE + "validation-error",
            "title": "Request validation failed",
            "status": 422,
            "detail": detail,
            "instance": request.url.path,
            "errors": errors,
        })

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug = _STATUS_SLUGS.get(exc.status_code, "http-error")
        return problem_response(exc.status_code, {
            "type": PROBLEM_BASE + slug,
            "title": slug.replace("-", " ").capitalize(),
            "status": exc.status_code,
            "detail": str(exc.detail),
            "instance": request.url.path,
        }, getattr(exc, "headers", None))

    @app.exception_handler(DataError)
    async def _unstorable(request: Request, exc: DataError) -> JSONResponse:
        # the database refused a value the request carried (its transaction is rolled back)
        log.warning("database refused a value: %s", str(exc.orig).splitlines()[0] if exc.orig else exc)
        return problem_response(422, {
            "type": PROBLEM_BASE + "unstorable-value",
            "title": "Value cannot be stored",
            "status": 422,
            "detail": "the database refused a value in this request (e.g. a NUL character or an "
                      "out-of-range number); nothing was stored",
            "instance": request.url.path,
        })

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return problem_response(500, {
            "type": PROBLEM_BASE + "internal-error",
            "title": "Internal server error",
            "status": 500,
            "detail": "an unexpected error occurred; the request id identifies it in the logs",
            "instance": request.url.path,
        })
