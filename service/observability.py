"""Structured JSON logs, request ids and Prometheus metrics.

Every request gets an ``X-Request-ID`` (the client's, or a new one). It is set in a context
variable that log records and audit events read, and echoed in the response.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.context import request_id_var

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,100}$")


_base_factory = logging.getLogRecordFactory()


def _record_with_request_id(*args: Any, **kwargs: Any) -> logging.LogRecord:
    """Stamp each record with the request id when it is created (formatting may happen later)."""
    record = _base_factory(*args, **kwargs)
    record.request_id = request_id_var.get()
    return record


logging.setLogRecordFactory(_record_with_request_id)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and extras."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key in ("method", "path", "status", "duration_ms", "actor"):
            if hasattr(record, key):
                payload[key] = getattr(record, key)
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


def configure_logging(level: str = "INFO") -> None:
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.handlers = [handler]
    root.setLevel(level.upper())
    logging.getLogger("uvicorn.access").disabled = True


class Metrics:
    """The app's own Prometheus registry (one per app, so tests don't collide)."""

    def __init__(self, queue_depth: Callable[[], dict[str, int]] | None = None) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "tollgate_http_requests_total", "HTTP requests", ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "tollgate_http_request_duration_seconds", "HTTP request latency", ["method", "route"],
            registry=self.registry,
        )
        if queue_depth is not None:
            self.registry.register(_QueueDepthCollector(queue_depth))


class _QueueDepthCollector(Collector):
    def __init__(self, source: Callable[[], dict[str, int]]) -> None:
        self.source = source

    def collect(self) -> Any:
        gauge = GaugeMetricFamily("tollgate_review_queue_depth", "Review items by status", labels=["status"])
        try:
            counts = self.source()
        except Exception:  # the database may be down; /readyz reports that
            counts = {}
        for status in ("pending", "claimed", "accepted", "rejected", "corrected"):
            gauge.add_metric([status], counts.get(status, 0))
        yield gauge


class RequestContextMiddleware:
    """Request id, access log line and metrics for every HTTP request."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self.log = logging.getLogger("tollgate.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming or "") else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        status_holder = {"status": 500}
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], template, str(status_holder["status"])).inc()
            self.metrics.latency.labels(scope["method"], template).observe(elapsed)
            self.log.info(
                "request",
                extra={"method": scope["method"], "path": scope["path"],
                       "status": status_holder["status"], "duration_ms": round(elapsed * 1000, 2)},
            )
            request_id_var.reset(token)
