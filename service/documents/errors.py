"""Problem types raised while ingesting a document (rendered as problem+json by the app).

Each bad-input class has its own stable ``type`` slug so that clients and the review UI can tell
"give us the password" from "this is a scan" from "this is not a document at all".
"""

from __future__ import annotations

from service.errors import ProblemError


class DocumentError(ProblemError):
    """Base class for every ingestion failure (422 unless a subclass says otherwise)."""

    status = 422
    type_slug = "unreadable-document"
    title = "Unreadable document"


class EncryptedPdf(DocumentError):
    type_slug = "encrypted-pdf"
    title = "Encrypted PDF"


class UnreadableDocument(DocumentError):
    type_slug = "unreadable-document"
    title = "Unreadable document"


class NoTextLayer(DocumentError):
    type_slug = "no-text-layer"
    title = "No text layer"


class UnsupportedMediaType(DocumentError):
    status = 415
    type_slug = "unsupported-media-type"
    title = "Unsupported media type"


class DocumentTooLarge(DocumentError):
    status = 413
    type_slug = "document-too-large"
    title = "Document too large"
