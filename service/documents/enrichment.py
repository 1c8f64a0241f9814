"""Clauses, document type and playbook flags added to a billing-term analysis.

The analyzer core (``analysis.py``) knows nothing of models; this module supplies the
``enrich`` step with whichever clause and document-type models are served (the registry's
champions through the ModelStore, or the bundled ones when running offline), and the playbook
selected by settings.
"""

from __future__ import annotations

import logging
from typing import Any

from service.config import Settings
from service.documents.analysis import Enricher
from service.documents.document import Document

log = logging.getLogger(__name__)

CLAUSE_MODEL = "clause-classifier"
DOCTYPE_MODEL = "document-type"


def _served(store: Any, name: str) -> tuple[Any, dict[str, Any] | None]:
    """(pipeline, ref) of a served model, or (None, None) when it is not loaded."""
    if store is None:
        return None, None
    try:
        model = store.get(name)
    except LookupError:
        return None, None
    return model.pipeline, model.ref()


def _bundled(settings: Settings, name: str) -> tuple[Any, dict[str, Any] | None]:
    path = settings.models_dir / name
    if not (path / "MLmodel").exists():
        return None, None
    from service.ml.persistence import load_pipeline

    return load_pipeline(path), {"name": name, "version": "bundled", "source": "bundled"}


def enricher_for(store: Any, settings: Settings, *, playbook_path: Any = None) -> Enricher:
    """An ``enrich`` callable: served models when a store is given, bundled ones otherwise."""
    from service.documents.clauses import detect_clauses
    from service.documents.doctype import classify_document_type
    from service.documents.playbook import evaluate_playbook, load_playbook

    if store is not None:
        clause_model, clause_ref = _served(store, CLAUSE_MODEL)
        doctype_model, doctype_ref = _served(store, DOCTYPE_MODEL)
    else:
        clause_model, clause_ref = _bundled(settings, CLAUSE_MODEL)
        doctype_model, doctype_ref = _bundled(settings, DOCTYPE_MODEL)
    playbook = load_playbook(playbook_path or settings.playbook)

    def enrich(doc: Document, analysis: dict[str, Any]) -> None:
        if clause_model is None:
            analysis.setdefault("warnings", []).append(
                "clause classifier not loaded: only pattern-based clause types were checked"
            )
        clauses = detect_clauses(
            clause_model,
            doc.text,
            doc.paragraphs,
            threshold=settings.clause_threshold,
            page_of=doc.page_of,
        )
        doc_type = classify_document_type(doc.text, doctype_model)
        analysis["document"]["type"] = doc_type
        analysis["clauses"] = clauses
        analysis["flags"] = evaluate_playbook(
            playbook, analysis["billing_terms"], clauses, doc.text, doc_type.get("value")
        )
        if clause_ref:
            analysis["models"]["clause_classifier"] = clause_ref
        if doctype_ref:
            analysis["models"]["document_type"] = doctype_ref

    return enrich
