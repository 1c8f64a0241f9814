"""Problem details (RFC 9457) for every 4xx and 5xx.

Domain code raises :class:`ProblemError` (or a subclass) with a stable ``type`` slug; the app's
handlers render it as ``application/problem+json``. Clients branch on ``type``, never on the
human ``title``/``detail``.
"""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://tollgate.dev/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemError(Exception):
    """An error with an HTTP status and a stable problem type slug (e.g. ``encrypted-pdf``)."""

    status: int = 400
    type_slug: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        status: int | None = None,
        type_slug: str | None = None,
        title: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or title or self.title)
        if status is not None:
            self.status = status
        if type_slug is not None:
            self.type_slug = type_slug
        if title is not None:
            self.title = title
        self.detail = detail
        self.extra = extra

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        """The JSON body of this problem."""
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.type_slug,
            "title": self.title,
            "status": self.status,
        }
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


class NotFound(ProblemError):
    status = 404
    type_slug = "not-found"
    title = "Not found"


class Conflict(ProblemError):
    status = 409
    type_slug = "conflict"
    title = "Conflict"


class Forbidden(ProblemError):
    status = 403
    type_slug = "forbidden"
    title = "Forbidden"


class Unauthorized(ProblemError):
    status = 401
    type_slug = "unauthorized"
    title = "Unauthorized"


class InvalidInput(ProblemError):
    status = 422
    type_slug = "invalid-input"
    title = "Invalid input"
