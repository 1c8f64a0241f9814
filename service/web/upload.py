"""The upload page: drag and drop with progress (XHR), or a plain form without scripts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from service.deps import SessionDep, SettingsDep
from service.documents import service as documents
from service.documents.enrichment import enricher_for
from service.documents.errors import DocumentTooLarge
from service.documents.llm_factory import llm_from_settings
from service.documents.workers import run_analysis
from service.errors import PROBLEM_MEDIA_TYPE, ProblemError
from service.web.ui import (
    UPLOAD_ROLES,
    csrf_failed,
    gate,
    problem_view,
    render,
)

router = APIRouter(include_in_schema=False)



@router.get("/ui/upload")
def upload_form(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    user = gate(request, session, UPLOAD_ROLES)
    if isinstance(user, Response):
        return user
    return render(request, "upload.html", {"max_mb": settings.max_upload_mb, "problem": None},
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
    user = await run_in_threadpool(gate, request, session, UPLOAD_ROLES)
    if isinstance(user, Response):
        if wants_json:
            status = 401 if isinstance(user, RedirectResponse) else 403
            return JSONResponse({"title": "Not allowed", "status": status,
                                 "detail": "sign in with a key that may upload documents"},
                                status_code=status, media_type=PROBLEM_MEDIA_TYPE)
        return user
    failed = csrf_failed(request, user, csrf_token)
    if failed is not None:
        if wants_json:
            return JSONResponse({"title": "Form expired or forged", "status": 403,
                                 "detail": "reload the page and try again"},
                                status_code=403, media_type=PROBLEM_MEDIA_TYPE)
        return failed
    # End the sign-in lookup's transaction: on SQLite it holds the write lock, which must not
    # stay taken while the file streams in.
    session.rollback()

    def fail(exc: ProblemError) -> Response:
        if wants_json:
            return JSONResponse(exc.to_problem(request.url.path), status_code=exc.status,
                                media_type=PROBLEM_MEDIA_TYPE)
        return render(request, "upload.html", {"max_mb": settings.max_upload_mb,
                                                "problem": problem_view(exc)},
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
            enrich=enricher_for(request.app.state.models, settings), llm=llm_from_settings(settings),
        )
        session.commit()
        return result

    try:
        result = await run_analysis(work, settings.analysis_threads)
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
    limit = int(max_mb * 1024 * 1024)
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise DocumentTooLarge(f"the file is larger than the {max_mb:g} MB limit")
        chunks.append(chunk)
    return b"".join(chunks)
