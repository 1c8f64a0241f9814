"""Offline analysis: bytes in, ``(Document, analysis dict)`` out, no database, no network.

This is the seam the HTTP upload and ``tollgate analyze`` share. Clause detection, playbook
flags and document typing come from other modules; the lead plugs them in through ``enrich``
(called with the Document and the analysis dict, free to fill ``clauses``/``flags``/``models``/
``document.type``) so this module never imports them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from service.config import Settings
from service.documents.document import Document, Page
from service.documents.extraction.terms import extract_billing_terms
from service.documents.parsing import ParsedPages, parse_bytes
from service.documents.segmenting import segment

PAGE_SEPARATOR = "\n"

Enricher = Callable[[Document, dict[str, Any]], None]


LLM_UNAVAILABLE = "LLM extractor unavailable, rule-based terms only"


def build_document(parsed: ParsedPages) -> Document:
    """Join page texts (one newline between pages) and segment the result."""
    pieces: list[str] = []
    pages: list[Page] = []
    position = 0
    empty = set(parsed.empty_pages)
    for number, page_text in enumerate(parsed.pages, start=1):
        if pieces:
            pieces.append(PAGE_SEPARATOR)
            position += len(PAGE_SEPARATOR)
        pieces.append(page_text)
        pages.append(Page(number, position, position + len(page_text), number not in empty))
        position += len(page_text)
    text = "".join(pieces)
    segmentation = segment(text)
    return Document(
        text=text,
        media_type=parsed.media_type,
        pages=pages,
        sections=segmentation.sections,
        paragraphs=segmentation.paragraphs,
        sentences=segmentation.sentences,
        warnings=list(parsed.warnings),
    )


def load_document(data: bytes, filename: str, settings: Settings) -> Document:
    """Parse and segment ``data`` with the limits and backend of ``settings``."""
    parsed = parse_bytes(
        data,
        filename,
        max_bytes=int(settings.max_upload_mb * 1024 * 1024),
        max_pages=settings.max_pages,
        ocr=settings.ocr_enabled,
        ocr_max_pages=settings.ocr_max_pages,
    )
    return build_document(parsed)


def analyze_document(
    doc: Document,
    *,
    filename: str,
    sha256: str,
    llm: Any = None,
    enrich: Enricher | None = None,
) -> dict[str, Any]:
    """The INTERFACES analysis dict for an already parsed Document."""
    terms = extract_billing_terms(doc)
    models: dict[str, Any] = {}
    warnings = list(doc.warnings)
    if llm is not None:
        from service.documents.llm import LlmError, merge_terms

        try:
            llm_terms = llm.extract(doc.text)
            terms = merge_terms(doc, terms, llm_terms)
            models["billing_llm"] = {"name": getattr(llm, "model_name", "llm"), "source": "llm"}
        except LlmError as exc:
            warnings.append(f"{LLM_UNAVAILABLE}: {exc}")
    analysis: dict[str, Any] = {
        "document": {
            "filename": filename,
            "sha256": sha256,
            "media_type": doc.media_type,
            "pages": len(doc.pages),
            "type": None,
        },
        "billing_terms": terms,
        "clauses": [],
        "flags": [],
        "models": models,
        "warnings": warnings,
    }
    if enrich is not None:
        enrich(doc, analysis)
    return analysis


def analyze_bytes(
    data: bytes,
    filename: str,
    settings: Settings,
    *,
    llm: Any = None,
    enrich: Enricher | None = None,
) -> tuple[Document, dict[str, Any]]:
    """Parse, segment and extract; raises :class:`service.documents.errors.DocumentError`."""
    doc = load_document(data, filename, settings)
    analysis = analyze_document(
        doc, filename=filename, sha256=hashlib.sha256(data).hexdigest(), llm=llm, enrich=enrich
    )
    return doc, analysis
