"""API keys, roles and the auth dependency.

A key is ``tg_`` followed by 32 random bytes (base64url). Only its SHA-256 hash is stored; the
clear key is shown once at creation. Every endpoint declares the roles it admits with
:func:`require_roles`; a missing or unknown key is 401, a known key with the wrong role 403.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.audit.service import append_event
from service.auth_models import ApiKey
from service.db import utcnow
from service.deps import get_session
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


def revoke_key(session: Session, key_id: str, *, actor: str = "cli") -> ApiKey:
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"no API key with id {key_id}")
    if row.revoked_at is None:
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
    row = session.execute(
        select(ApiKey).where(ApiKey.key_hash == hash_key(key))
    ).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    return Principal(id=row.id, name=row.name, role=row.role)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def current_principal(
    request: Request, session: Annotated[Session, Depends(get_session)]
) -> Principal:
    """The authenticated caller (401 when the key is missing, unknown or revoked)."""
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    key = _bearer(request)
    if key is None:
        raise Unauthorized("send 'Authorization: Bearer <api key>'", type_slug="missing-credentials")
    principal = authenticate(session, key)
    if principal is None:
        raise Unauthorized("the API key is unknown or revoked", type_slug="invalid-credentials")
    request.state.principal = principal
    return principal


def require_roles(*roles: str) -> Callable[..., Any]:
    """Dependency factory: admit only ``roles`` (403 otherwise). The roles are introspectable."""
    allowed = frozenset(roles)

    def dependency(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role not in allowed:
            raise Forbidden(
                f"role {principal.role!r} may not do this; allowed: {', '.join(sorted(allowed))}",
                type_slug="forbidden-role",
            )
        return principal

    dependency.allowed_roles = allowed  # type: ignore[attr-defined]
    return dependency
