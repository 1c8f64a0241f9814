"""API keys, roles and the auth dependency.

A key is ``tg_`` followed by 32 random bytes (base64url). Only its SHA-256 hash is stored; the
clear key is shown once at creation. Every endpoint declares the roles it admits with
:func:`require_roles`; a missing or unknown key is 401, a known key with the wrong role 403.

A verified key is remembered for ``auth_cache_seconds`` (5 s by default): the key lookup was a
database round trip (plus a pool checkout and ping) on every request, most of what a
single-invoice scoring request cost. Unknown keys are never cached; revoking a key clears this
process's cache at once, other server processes notice within the cache time.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from service.audit.service import append_event
from service.auth_models import ApiKey
from service.db import utcnow
from service.errors import Forbidden, InvalidInput, NotFound, Unauthorized

ADMIN = "admin"
REVIEWER = "reviewer"
SUBMITTER = "submitter"
WORKFLOW = "workflow"
DATA_SCIENTIST = "data_scientist"
ALL_ROLES: tuple[str, ...] = (ADMIN, REVIEWER, SUBMITTER, WORKFLOW, DATA_SCIENTIST)
KEY_PREFIX = "tg_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the API key's id (the actor in audit events), name and role."""

    id: str
    name: str
    role: str

    @property
    def actor(self) -> str:
        return f"key:{self.id}"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def create_key(
    session: Session, *, name: str, role: str, created_by: str = "cli"
) -> tuple[ApiKey, str]:
    """Create a key; returns the row and the clear key (shown once, never stored)."""
    if role not in ALL_ROLES:
        raise InvalidInput(f"unknown role {role!r}; choose one of {', '.join(ALL_ROLES)}",
                           type_slug="unknown-role")
    if not name.strip():
        raise InvalidInput("a key needs a name", type_slug="invalid-input")
    clear = generate_key()
    row = ApiKey(
        id=str(uuid.uuid4()),
        name=name.strip(),
        role=role,
        key_hash=hash_key(clear),
        prefix=clear[:10],
        created_at=utcnow(),
        created_by=created_by,
    )
    session.add(row)
    session.flush()
    append_event(
        session,
        actor=created_by,
        action="api_key.created",
        subject=f"api_key:{row.id}",
        after={"name": row.name, "role": row.role, "prefix": row.prefix},
    )
    return row, clear


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.execute(select(ApiKey).order_by(ApiKey.created_at)).scalars())


def key_names(session: Session, ids: list[str]) -> dict[str, str]:
    """Display names of these API keys (audit actors are ``key:<id>``); unknown ids are absent."""
    if not ids:
        return {}
    rows = session.execute(select(ApiKey.id, ApiKey.name).where(ApiKey.id.in_(ids))).all()
    return {i: name for i, name in rows}


def revoke_key(session: Session, key_id: str, *, actor: str = "cli") -> ApiKey:
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"no API key with id {key_id}")
    if row.revoked_at is None:
        principal_cache.clear()
        row.revoked_at = utcnow()
        session.flush()
        append_event(
            session,
            actor=actor,
            action="api_key.revoked",
            subject=f"api_key:{row.id}",
            before={"revoked": False},
            after={"revoked": True},
        )
    return row


def count_active_admins(session: Session) -> int:
    return int(
        session.execute(
            select(func.count()).select_from(ApiKey).where(
                ApiKey.role == ADMIN, ApiKey.revoked_at.is_(None)
            )
        ).scalar_one()
    )


def authenticate(session: Session, key: str) -> Principal | None:
    """The principal of an active key, from the database (no cache)."""
    return _lookup(session, hash_key(key))


def principal_by_id(session: Session, key_id: str) -> Principal | None:
    """The principal of an active key by its id (None: unknown or revoked)."""
    return _active(session.get(ApiKey, key_id))


def revoked_key_ids(session: Session) -> list[str]:
    """Ids of revoked keys (few: revocation is rare), for sweeping what they left behind."""
    return list(session.execute(select(ApiKey.id).where(ApiKey.revoked_at.is_not(None))).scalars())


def _lookup(session: Session, digest: str) -> Principal | None:
    return _active(session.execute(select(ApiKey).where(ApiKey.key_hash == digest)).scalar_one_or_none())


def _active(row: ApiKey | None) -> Principal | None:
    """The principal of a key row, unless it is missing or revoked."""
    if row is None or row.revoked_at is not None:
        return None
    return Principal(id=row.id, name=row.name, role=row.role)


class _PrincipalCache:
    """Key hash -> (principal, monotonic expiry); see the module docstring."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> Principal | None:
        entry = self._entries.get(digest)
        if entry is None or entry[1] <= time.monotonic():
            return None
        return entry[0]

    def put(self, digest: str, principal: Principal, ttl: float) -> None:
        if ttl <= 0:
            return
        with self._lock:
            if len(self._entries) > 10_000:  # only verified keys get here; stay bounded anyway
                self._entries.clear()
            self._entries[digest] = (principal, time.monotonic() + ttl)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


principal_cache = _PrincipalCache()


def _lookup_in_new_session(factory: sessionmaker[Session], digest: str) -> Principal | None:
    with factory() as session:
        return _lookup(session, digest)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


async def current_principal(request: Request) -> Principal:
    """The authenticated caller (401 when the key is missing, unknown or revoked).

    Async, with the lookup in a worker thread only on a cache miss: a request whose work needs
    no database (most scoring requests) then never checks out a connection."""
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    key = _bearer(request)
    if key is None:
        raise Unauthorized("send 'Authorization: Bearer <api key>'", type_slug="missing-credentials")
    digest = hash_key(key)
    principal = principal_cache.get(digest)
    if principal is None:
        principal = await run_in_threadpool(
            _lookup_in_new_session, request.app.state.sessionmaker, digest)
        if principal is None:
            raise Unauthorized("the API key is unknown or revoked", type_slug="invalid-credentials")
        principal_cache.put(digest, principal, request.app.state.settings.auth_cache_seconds)
    request.state.principal = principal
    return principal


def require_roles(*roles: str) -> Callable[..., Any]:
    """Dependency factory: admit only ``roles`` (403 otherwise). The roles are introspectable."""
    allowed = frozenset(roles)

    async def dependency(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role not in allowed:
            raise Forbidden(
                f"role {principal.role!r} may not do this; allowed: {', '.join(sorted(allowed))}",
                type_slug="forbidden-role",
            )
        return principal

    dependency.allowed_roles = allowed  # type: ignore[attr-defined]
    return dependency
