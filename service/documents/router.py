"""HTTP endpoints for documents: upload (multipart) and read-back."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from service.deps import SessionDep, SettingsDep
from service.documents import schemas, service
from service.documents.enrichment import enricher_for
from service.documents.errors import DocumentTooLarge
from service.documents.llm_factory import llm_from_settings
from service.documents.workers import run_analysis
from service.security import ADMIN, REVIEWER, SUBMITTER, Principal, require_roles

router = APIRouter(prefix="/v1/documents", tags=["documents"])
Uploader = Annotated[Principal, Depends(require_roles(SUBMITTER, REVIEWER, ADMIN))]
Reader = Annotated[Principal, Depends(require_roles(REVIEWER, SUBMITTER, ADMIN))]
CHUNK = 1024 * 1024


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    """Read the upload, refusing (413) as soon as it passes the limit."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise DocumentTooLarge(
                f"the file is larger than the {limit // (1024 * 1024)} MB limit "
                "(TOLLGATE_MAX_UPLOAD_MB)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "", status_code=201, responses={200: {"description": "the same bytes were uploaded before"}}
)
async def upload(
    request: Request,
    principal: Uploader,
    session: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="PDF, DOCX, text, Markdown or HTML")],
) -> JSONResponse:
    data = await _read_limited(file, int(settings.max_upload_mb * 1024 * 1024))
    filename = file.filename or "upload"
    def work() -> service.UploadResult:
        result = service.upload_document(
            session,
            settings,
            principal,
            data,
            filename,
            enrich=enricher_for(request.app.state.models, settings),
            llm=llm_from_settings(settings),
        )
        session.commit()
        return result

    result = await run_analysis(work, settings.analysis_threads)
    return JSONResponse(
        _jsonable(result.analysis),
        status_code=201 if result.created else 200,
        headers={"Location": f"/v1/documents/{result.document.id}"},
    )


def _jsonable(value: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value)


@router.get("", response_model=schemas.DocumentPage)
def list_documents(
    principal: Reader,
    session: SessionDep,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    rows = service.list_documents(session, limit=limit + 1, before=cursor)
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "documents": [service.document_out(r) for r in rows],
        "next_cursor": rows[-1].id if more and rows else None,
    }


@router.get("/{document_id}", response_model=schemas.DocumentOut)
def get_document(document_id: str, principal: Reader, session: SessionDep) -> dict[str, Any]:
    return service.document_out(service.get_document(session, document_id))


@router.get("/{document_id}/text", response_class=PlainTextResponse)
def get_text(document_id: str, principal: Reader, session: SessionDep) -> PlainTextResponse:
    return PlainTextResponse(service.get_document(session, document_id).text)


@router.get("/{document_id}/analysis")
def get_analysis(document_id: str, principal: Reader, session: SessionDep) -> JSONResponse:
    return JSONResponse(_jsonable(service.get_analysis(session, document_id)))


@router.get("/{document_id}/original")
def get_original(
    document_id: str, principal: Reader, session: SessionDep, settings: SettingsDep
) -> Response:
    row = service.get_document(session, document_id)
    safe = row.filename.replace('"', "").replace("\n", " ")
    return Response(
        service.read_original(settings, row),
        media_type=row.media_type,
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
