"""Sign-in sessions of the reviewer UI: an API key exchanged for a server-side session.

The cookie carries a random token; only its SHA-256 is stored, so the table alone cannot sign
anyone in. Every lookup re-checks the API key, so revoking a key ends its browser sessions at
the next request, and an expired session is deleted when it is seen. Signing in and out are
audited like any other write.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from service.audit.service import append_event
from service.db import utcnow
from service.security import Principal, authenticate, principal_by_id, revoked_key_ids
from service.web.models import WebSession

COOKIE_NAME = "tg_session"
DEFAULT_LIFETIME = timedelta(hours=8)


@dataclass(frozen=True)
class SignedIn:
    """The principal behind a browser session and that session's CSRF token."""

    principal: Principal
    session_id: str
    csrf_token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sign_in(
    session: Session, api_key: str, *, lifetime: timedelta = DEFAULT_LIFETIME
) -> tuple[str, SignedIn] | None:
    """Exchange a valid API key for a new session; returns (cookie token, session) or None.

    The caller commits. Expired sessions, and those of revoked keys, are swept here, where a
    write happens anyway.
    """
    principal = authenticate(session, api_key.strip())
    if principal is None:
        return None
    now = utcnow()
    session.execute(delete(WebSession).where(
        or_(WebSession.expires_at < now, WebSession.api_key_id.in_(revoked_key_ids(session)))))
    token = secrets.token_urlsafe(32)
    row = WebSession(
        id=token_hash(token),
        api_key_id=principal.id,
        created_at=now,
        expires_at=now + lifetime,
        csrf_token=secrets.token_urlsafe(32),
    )
    session.add(row)
    session.flush()
    append_event(
        session, actor=principal.actor, action="web_session.signed_in",
        subject=f"api_key:{principal.id}", after={"expires_at": row.expires_at.isoformat()},
    )
    return token, SignedIn(principal, row.id, row.csrf_token)


def resolve(session: Session, token: str | None) -> SignedIn | None:
    """The signed-in principal for a cookie token, or None (unknown, expired or revoked key).

    Ending a dead session is staged in ``session``; the caller commits if it wants it gone now
    (it is harmless to leave: the row can never resolve again).
    """
    if not token:
        return None
    web = session.get(WebSession, token_hash(token))
    if web is None:
        return None
    principal = principal_by_id(session, web.api_key_id)  # the key's owner: security
    if principal is None:  # revoked (or gone)
        session.execute(delete(WebSession).where(WebSession.api_key_id == web.api_key_id))
        return None
    if web.expires_at < utcnow():
        session.execute(delete(WebSession).where(WebSession.id == web.id))
        return None
    return SignedIn(principal, web.id, web.csrf_token)


def sign_out(session: Session, signed_in: SignedIn) -> None:
    """Delete the session (the caller commits and clears the cookie)."""
    session.execute(delete(WebSession).where(WebSession.id == signed_in.session_id))
    append_event(
        session, actor=signed_in.principal.actor, action="web_session.signed_out",
        subject=f"api_key:{signed_in.principal.id}",
    )


def csrf_ok(expected: str, supplied: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the one a form sent."""
    return bool(supplied) and secrets.compare_digest(expected, supplied or "")
