"""Every /v1 endpoint declares its roles; each role is admitted or refused exactly as declared,
requests without a key (or with a bad or revoked one) get 401."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from service.security import ALL_ROLES, revoke_key
from tests.conftest import KeyMaker, auth


def _declared_roles(route: APIRoute) -> frozenset[str] | None:
    stack: list[Any] = [route.dependant]
    while stack:
        dep = stack.pop()
        roles = getattr(dep.call, "allowed_roles", None)
        if roles is not None:
            return frozenset(roles)
        stack.extend(dep.dependencies)
    return None


def _flatten(routes: list[Any]) -> list[Any]:
    """App routes, including those of included routers (FastAPI wraps those)."""
    out: list[Any] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out.extend(_flatten(inner.routes) if inner is not None else [route])
    return out


def _v1_routes(client: TestClient) -> list[tuple[str, str, APIRoute]]:
    out = []
    for route in _flatten(client.app.routes):  # type: ignore[attr-defined]
        if isinstance(route, APIRoute) and route.path.startswith("/v1/"):
            for method in sorted(route.methods):
                out.append((method, route.path, route))
    return out


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_every_endpoint_declares_roles_and_enforces_them(client: TestClient, make_key: KeyMaker) -> None:
    keys = {role: make_key(role)[1] for role in ALL_ROLES}
    routes = _v1_routes(client)
    assert len(routes) >= 10
    for method, path, route in routes:
        roles = _declared_roles(route)
        assert roles, f"{method} {path} declares no roles"
        url = _concrete(path)
        # No key, and a malformed key: 401 with a problem body.
        for headers in ({}, {"Authorization": "Bearer tg_not-a-real-key"}, {"Authorization": "Basic x"}):
            resp = client.request(method, url, headers=headers, json={})
            assert resp.status_code == 401, (method, path, headers, resp.status_code)
            assert resp.headers["content-type"].startswith("application/problem+json")
        for role, key in keys.items():
            resp = client.request(method, url, headers=auth(key), json={})
            if role in roles:
                assert resp.status_code not in (401, 403), (method, path, role, resp.text)
            else:
                assert resp.status_code == 403, (method, path, role, resp.status_code)
                assert resp.json()["type"].endswith("/forbidden-role")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_revoked_key_is_refused(client: TestClient, make_key: KeyMaker,
                                factory: sessionmaker[Session]) -> None:
    principal, key = make_key("reviewer")
    assert client.get("/v1/review/items", headers=auth(key)).status_code == 200
    with factory() as session:
        revoke_key(session, principal.id)
        session.commit()
    resp = client.get("/v1/review/items", headers=auth(key))
    assert resp.status_code == 401 and resp.json()["type"].endswith("/invalid-credentials")
