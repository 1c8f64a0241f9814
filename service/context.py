"""Per-request context (request id, actor) carried in context variables.

The request-id middleware sets it; structured logs and audit events read it, so a single
``X-Request-ID`` ties a client's call to its log lines and its audit entries.
"""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The request id of the HTTP request being served, if any."""
    return request_id_var.get()
