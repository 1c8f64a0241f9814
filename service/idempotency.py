"""``Idempotency-Key`` for POSTs: a retry returns the first response and creates nothing twice.

The key is scoped to the caller (a hash of its credentials) and bound to the request body: the
same key with a different body is a 422. A first request reserves the key with an insert
(unique per caller), so two concurrent retries cannot both run; the loser gets 409.

Records are kept for ``idempotency_retention_hours`` (24 h by default, as payment APIs do):
after that a key is new again, and expired records are swept at most every few minutes by
whichever request reserves a key next, so the table stays bounded without a scheduler.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, LargeBinary, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.asgi_replay import replay_body
from service.db import Base, JSONType, UTCDateTime, utcnow
from service.errors import PROBLEM_MEDIA_TYPE, ProblemError

HEADER = b"idempotency-key"


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    caller: Mapped[str] = mapped_column(String(64), primary_key=True)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    headers: Mapped[Any] = mapped_column(JSONType, nullable=True)
    body: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def _problem(exc: ProblemError) -> tuple[int, bytes]:
    return exc.status, json.dumps(exc.to_problem()).encode()


class IdempotencyMiddleware:
    """Pure ASGI middleware (streams nothing it does not have to buffer)."""

    def __init__(self, app: ASGIApp, factory_getter: Any, retention_hours: float = 24.0) -> None:
        self.app = app
        self.factory_getter = factory_getter
        self.retention = timedelta(hours=retention_hours)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key_raw = headers.get(HEADER)
        if not key_raw:
            await self.app(scope, receive, send)
            return
        key = key_raw.decode("latin-1").strip()[:200]
        caller = hashlib.sha256(headers.get(b"authorization", b"")).hexdigest()

        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        request_hash = hashlib.sha256(scope["path"].encode() + b"\0" + body).hexdigest()
        factory: sessionmaker[Session] = self.factory_getter()

        from starlette.concurrency import run_in_threadpool

        outcome = await run_in_threadpool(
            _reserve, factory, key, caller, scope["method"], scope["path"], request_hash,
            headers.get(b"authorization", b"").decode("latin-1"), self.retention,
        )
        if outcome is _UNAUTHENTICATED:  # let the endpoint answer 401; remember nothing
            await self.app(scope, replay_body(body, receive), send)
            return
        if isinstance(outcome, tuple):
            status, payload, stored_headers = outcome
            await _send_raw(send, status, payload, stored_headers, replay=True)
            return
        if isinstance(outcome, ProblemError):
            status, payload = _problem(outcome)
            await _send_raw(send, status, payload, [["content-type", PROBLEM_MEDIA_TYPE]])
            return

        replay_receive = replay_body(body, receive)
        captured: dict[str, Any] = {"status": 500, "headers": [], "body": []}

        async def capture_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = [
                    [k.decode("latin-1"), v.decode("latin-1")] for k, v in message.get("headers", [])
                ]
            elif message["type"] == "http.response.body":
                captured["body"].append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_receive, capture_send)
        finally:
            status = int(captured["status"])
            payload = b"".join(captured["body"])
            keep = [h for h in captured["headers"] if h[0].lower() in ("content-type", "location")]
            await run_in_threadpool(_finish, factory, key, caller, status, payload, keep)


_UNAUTHENTICATED = object()


SWEEP_EVERY_SECONDS = 300.0
# -inf, not 0.0: time.monotonic() counts from boot, so on a machine up for less than five minutes
# a 0.0 start would put off the first sweep of a new process until then.
NEVER_SWEPT = -math.inf
_last_sweep = [NEVER_SWEPT]
_sweep_lock = threading.Lock()


def _sweep_due() -> bool:
    with _sweep_lock:
        now = time.monotonic()
        if now - _last_sweep[0] < SWEEP_EVERY_SECONDS:
            return False
        _last_sweep[0] = now
        return True


def _reserve(
    factory: sessionmaker[Session], key: str, caller: str, method: str, path: str, request_hash: str,
    authorization: str, retention: timedelta = timedelta(hours=24),
) -> tuple[int, bytes, list[list[str]]] | ProblemError | object | None:
    """Reserve ``key`` for this caller, or return what a retry should get.

    Only callers with a valid API key get a reservation, so anonymous requests cannot fill the
    table. A record older than ``retention`` no longer counts (and is replaced)."""
    from service.security import authenticate

    scheme, _, token = authorization.partition(" ")
    with factory() as session:
        if scheme.lower() != "bearer" or authenticate(session, token.strip()) is None:
            return _UNAUTHENTICATED
        cutoff = utcnow() - retention
        if _sweep_due():
            session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff))
        existing = session.execute(
            select(IdempotencyRecord).where(
                IdempotencyRecord.key == key, IdempotencyRecord.caller == caller
            )
        ).scalar_one_or_none()
        if existing is not None and existing.created_at < cutoff:
            session.delete(existing)
            session.flush()
            existing = None
        if existing is not None:
            session.rollback()
            if existing.request_hash != request_hash:
                return ProblemError(
                    "this Idempotency-Key was used with a different request",
                    status=422, type_slug="idempotency-key-reused", title="Idempotency key reused",
                )
            if existing.status_code is None:
                return ProblemError(
                    "the first request with this Idempotency-Key is still running",
                    status=409, type_slug="idempotency-in-progress", title="Request in progress",
                )
            return existing.status_code, existing.body or b"", existing.headers or []
        session.add(IdempotencyRecord(
            key=key, caller=caller, method=method, path=path, request_hash=request_hash,
            created_at=utcnow(),
        ))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return ProblemError(
                "the first request with this Idempotency-Key is still running",
                status=409, type_slug="idempotency-in-progress", title="Request in progress",
            )
    return None


def _finish(
    factory: sessionmaker[Session], key: str, caller: str, status: int, body: bytes,
    headers: list[list[str]],
) -> None:
    """Keep the response of a completed request; forget the key after a server error."""
    with factory() as session:
        if status >= 500:
            session.execute(delete(IdempotencyRecord).where(
                IdempotencyRecord.key == key, IdempotencyRecord.caller == caller))
        else:
            record = session.get(IdempotencyRecord, (key, caller))
            if record is not None:
                record.status_code = status
                record.body = body
                record.headers = headers
        session.commit()


async def _send_raw(
    send: Send, status: int, body: bytes, headers: list[list[str]], replay: bool = False
) -> None:
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    raw.append((b"content-length", str(len(body)).encode()))
    if replay:
        raw.append((b"idempotent-replay", b"true"))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
