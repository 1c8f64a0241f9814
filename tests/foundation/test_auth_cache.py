"""The verified-key cache: revocation through Tollgate takes effect at once; a revocation the
server did not see (another process) within ``auth_cache_seconds``; unknown keys never cached."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from service.auth_models import ApiKey
from service.db import utcnow
from service.security import principal_cache, revoke_key
from tests.conftest import KeyMaker, auth, make_settings


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    principal_cache.clear()
    yield
    principal_cache.clear()


def _client(tmp_path: Path, db_url: str, ttl: float) -> TestClient:
    from service.app import create_app

    return TestClient(create_app(make_settings(tmp_path, db_url, auth_cache_seconds=ttl)))


def _revoke_behind_the_servers_back(factory: sessionmaker[Session], key_id: str) -> None:
    with factory() as session:
        session.execute(update(ApiKey).where(ApiKey.id == key_id).values(revoked_at=utcnow()))
        session.commit()


def test_revoking_through_tollgate_takes_effect_at_once(
    tmp_path: Path, db_url: str, factory: sessionmaker[Session], make_key: KeyMaker
) -> None:
    principal, key = make_key("reviewer")
    with _client(tmp_path, db_url, ttl=60) as client:
        assert client.get("/v1/review/items", headers=auth(key)).status_code == 200
        with factory() as session:
            revoke_key(session, principal.id, actor="test")
            session.commit()
        assert client.get("/v1/review/items", headers=auth(key)).status_code == 401


def test_a_revocation_elsewhere_is_seen_within_the_cache_time(
    tmp_path: Path, db_url: str, factory: sessionmaker[Session], make_key: KeyMaker
) -> None:
    cached_principal, cached_key = make_key("reviewer")
    uncached_principal, uncached_key = make_key("reviewer")
    with _client(tmp_path, db_url, ttl=60) as client:
        assert client.get("/v1/review/items", headers=auth(cached_key)).status_code == 200
        _revoke_behind_the_servers_back(factory, cached_principal.id)
        # still trusted from the cache: the documented window
        assert client.get("/v1/review/items", headers=auth(cached_key)).status_code == 200
    principal_cache.clear()
    with _client(tmp_path, db_url, ttl=0) as client:  # 0 = look the key up on every request
        assert client.get("/v1/review/items", headers=auth(uncached_key)).status_code == 200
        _revoke_behind_the_servers_back(factory, uncached_principal.id)
        assert client.get("/v1/review/items", headers=auth(uncached_key)).status_code == 401
        assert client.get("/v1/review/items", headers=auth(cached_key)).status_code == 401


def test_unknown_keys_are_never_cached(tmp_path: Path, db_url: str) -> None:
    with _client(tmp_path, db_url, ttl=60) as client:
        for _ in range(2):
            assert client.get("/v1/review/items", headers=auth("tg_" + "x" * 43)).status_code == 401
    assert principal_cache._entries == {}
