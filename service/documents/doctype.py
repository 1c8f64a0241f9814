"""What kind of document this is: title and heading rules first, a text classifier second.

A contract's title says what it is far more reliably than its body ("CONSULTING AGREEMENT",
"Statement of Work No. 3", "Second Amendment to ..."), so rules over the title zone decide
whenever they match. Documents whose title says nothing useful (a cover page, "General
Services Administration", a bare company name) go to a small TF-IDF + logistic regression
model trained on document openings (CUAD contracts labeled by their ``Document Name`` titles,
and public federal statements of work; see ``training/clauses/doctype_train.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

DOCUMENT_TYPES: tuple[str, ...] = (
    "statement_of_work",
    "master_services_agreement",
    "consulting_agreement",
    "change_order",
    "amendment",
    "nda",
    "order_form",
    "other",
)
BUNDLED_DOCTYPE_MODEL = Path(__file__).resolve().parents[2] / "models" / "document-type"

TITLE_ZONE_LINES = 8  # non-empty lines at the top that may hold the title
TITLE_ZONE_CHARS = 600
BODY_CHARS = 3000  # how much of the body the classifier reads

# Ordered: the first matching rule wins, so specific kinds come before the generic ones
# ("Amendment No. 2 to the Master Services Agreement" is an amendment; "Statement of Work
# under the Master Services Agreement" is a statement of work).
TITLE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("change_order", re.compile(r"\bchange\s+(?:order|request|authori[sz]ation)\b", re.I)),
    (
        "amendment",
        re.compile(
            r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
            r"\s+amendment\b|\bamendment\s+(?:no\.?|number|#|to|of)\b|^\W*amendment\b"
            r"|\bmodification\s+(?:no\.?|number|of)\b",
            re.I | re.M,
        ),
    ),
    (
        "statement_of_work",
        re.compile(
            r"\bstatement\s+of\s+(?:work|objectives)\b|\bscope\s+of\s+work\b|\bSOW\b"
            r"|\bperformance\s+work\s+statement\b|\b(?:work|task)\s+order\b",
            re.I,
        ),
    ),
    (
        "order_form",
        re.compile(r"\border\s+form\b|\b(?:purchase|service|sales|subscription)\s+order\b", re.I),
    ),
    (
        "nda",
        re.compile(
            r"\bnon[- ]?disclosure\b|\bconfidentiality\s+(?:and\s+\w+\s+)?agreement\b"
            r"|\bsecrecy\s+agreement\b|\bNDA\b",
            re.I,
        ),
    ),
    (
        "consulting_agreement",
        # "ADVISORY RETAINER AGREEMENT", "Financial Advisor Agreement": advice for a fee
        re.compile(
            r"\b(?:consult(?:ing|ant|ancy)|advis(?:ory|or|er)|retainer)\b[\w\s,&-]{0,40}?\bagreement\b",
            re.I,
        ),
    ),
    (
        "master_services_agreement",
        re.compile(
            r"\bmaster\s+(?:[\w-]+\s+){0,3}?agreement\b"
            r"|\b(?:professional\s+|consulting\s+|outsourcing\s+|management\s+)?services?\s+agreement\b",
            re.I,
        ),
    ),
)


def title_zone(text: str) -> tuple[str, int]:
    """The top of the document where its title sits, and where that zone ends in ``text``."""
    lines_seen = 0
    pos = 0
    for match in re.finditer(r"[^\n]*\n?", text):
        if match.group().strip():
            lines_seen += 1
        pos = match.end()
        if lines_seen >= TITLE_ZONE_LINES or pos >= TITLE_ZONE_CHARS or not match.group():
            break
    pos = min(pos, TITLE_ZONE_CHARS)
    return text[:pos], pos


def type_from_title(title: str) -> str | None:
    """The document type a title names, or None when no rule matches."""
    for value, pattern in TITLE_RULES:
        if pattern.search(title):
            return value
    return None


class DocumentBody(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    """Selects the opening of the body (after the title zone) as the classifier's text.

    Dropping the title makes the model learn from body wording, which is what it has to go on
    when the title rules found nothing.
    """

    def __init__(self, body_chars: int = BODY_CHARS) -> None:
        self.body_chars = body_chars

    def fit(self, X: Any, y: Any = None) -> DocumentBody:
        """Stateless."""
        return self

    def transform(self, X: Any) -> list[str]:
        """One string per document."""
        if isinstance(X, pd.DataFrame):
            X = X["text"]
        out = []
        for text in X:
            text = "" if text is None else str(text)
            _, end = title_zone(text)
            out.append(text[end : end + self.body_chars])
        return out


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Any:
    from service.ml.persistence import load_pipeline

    return load_pipeline(path)


def load_doctype_model(path: str | Path | None = None) -> Any:
    """The document-type pipeline (default: the bundled ``models/document-type``), cached."""
    return _load_cached(str(path if path is not None else BUNDLED_DOCTYPE_MODEL))


def classify_document_type(text: str, model: Any = None) -> dict[str, Any]:
    """``{"value": <one of DOCUMENT_TYPES>, "confidence": float}`` for a document's text.

    A title rule match in the title zone gives confidence 0.95; a match in a heading further
    down the first page (a title after a cover block) 0.8; otherwise the classifier's
    probability, or ``other`` at 0.5 when no model is given.
    """
    zone, _ = title_zone(text)
    value = type_from_title(zone)
    if value is not None:
        return {"value": value, "confidence": 0.95}
    # Headings further down the first page ("EXHIBIT B - STATEMENT OF WORK" after a cover).
    value = type_from_title("\n".join(_headings(text[:3000])))
    if value is not None:
        return {"value": value, "confidence": 0.8}
    if model is not None:
        proba = np.asarray(model.predict_proba(pd.DataFrame({"text": [text]})))[0]
        classes = [str(c) for c in model.classes_]
        best = int(np.argmax(proba))
        return {"value": classes[best], "confidence": round(float(proba[best]), 4)}
    return {"value": "other", "confidence": 0.5}


def _headings(text: str) -> list[str]:
    """Short, mostly upper-case or markdown-heading lines: where titles hide below a cover."""
    out = []
    for line in text.splitlines():
        stripped = line.strip().strip("#*_ ")
        letters = [c for c in stripped if c.isalpha()]
        if not letters or len(stripped) > 90:
            continue
        if line.lstrip().startswith("#") or sum(c.isupper() for c in letters) / len(letters) > 0.7:
            out.append(stripped)
    return out
