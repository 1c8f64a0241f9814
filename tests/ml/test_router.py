"""GET /v1/models (any role) and POST /v1/models/reload (admin only, audited)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from service.audit.service import list_events
from service.config import Settings
from service.db import make_engine, make_sessionmaker
from service.ml import tracking
from service.ml.registry import ModelStore
from service.security import ALL_ROLES
from tests.conftest import KeyMaker, auth
from tests.ml.conftest import MlSettings
from tests.ml.test_registry import _bundle
from tests.ml.toy import make_spec
from training.runner import train_and_register
from training.spec import DataOptions


@pytest.fixture
def ml_app(ml_settings: MlSettings) -> Iterator[tuple[TestClient, Settings, ModelStore]]:
    from service.app import create_app

    settings = ml_settings()  # load_models=False: the test installs its own store
    _bundle(settings)
    app = create_app(settings)
    with TestClient(app) as client:
        store = ModelStore(settings, names=("toy-model",), optional=())
        store.load_all()
        app.state.models = store
        yield client, settings, store


@pytest.fixture
def keys(ml_app: tuple[TestClient, Settings, ModelStore]) -> KeyMaker:
    from service.security import Principal, create_key

    settings = ml_app[1]
    factory = make_sessionmaker(make_engine(settings.sqlalchemy_url))

    def make(role: str, name: str | None = None) -> tuple[Principal, str]:
        with factory() as session:
            row, clear = create_key(session, name=name or f"{role}-k", role=role)
            session.commit()
            return Principal(id=row.id, name=row.name, role=row.role), clear

    return make


def test_list_models_any_role(ml_app: tuple[TestClient, Settings, ModelStore],
                              keys: KeyMaker) -> None:
    client, _, _ = ml_app
    assert client.get("/v1/models").status_code == 401
    for role in ALL_ROLES:
        _, key = keys(role, f"{role}-list")
        response = client.get("/v1/models", headers=auth(key))
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["ready"] is True
        (model,) = body["models"]
        assert model["name"] == "toy-model" and model["source"] == "bundled"
        assert model["status"] == "loaded" and model["metrics"]["roc_auc"] > 0.5


def test_reload_is_admin_only_and_audited(ml_app: tuple[TestClient, Settings, ModelStore],
                                          keys: KeyMaker) -> None:
    client, settings, _store = ml_app
    _, reviewer = keys("reviewer")
    assert client.post("/v1/models/reload", headers=auth(reviewer)).status_code == 403
    admin, key = keys("admin")
    summary = train_and_register(make_spec("good"), DataOptions(), settings, progress=False)
    tracking.client(settings).set_registered_model_alias("toy-model", "champion",
                                                         summary["version"])
    response = client.post("/v1/models/reload", headers=auth(key))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["changed"]["toy-model"]["to"]["source"] == "mlflow"
    assert body["models"]["toy-model"]["version"] == summary["version"]
    listed = client.get("/v1/models", headers=auth(key)).json()["models"][0]
    assert listed["version"] == summary["version"] and "champion" in listed["aliases"]

    factory: sessionmaker[Session] = make_sessionmaker(make_engine(settings.sqlalchemy_url))
    with factory() as session:
        events, _ = list_events(session, subject="models")
    assert [e["action"] for e in events] == ["model.reloaded"]
    assert events[0]["actor"] == admin.actor
    assert client.post("/v1/models/reload", headers=auth(key)).json()["changed"] == {}


def test_no_store_is_503(ml_settings: MlSettings, keys: KeyMaker,
                         ml_app: tuple[TestClient, Settings, ModelStore]) -> None:
    client, _, _ = ml_app
    client.app.state.models = None  # type: ignore[attr-defined]
    _, key = keys("admin", "admin-503")
    response = client.get("/v1/models", headers=auth(key))
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
