"""Fixtures for the ML-platform tests: isolated MLflow stores, settings, the toy spec."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from service.config import Settings
from service.ml import tracking
from tests.conftest import make_settings


@pytest.fixture(scope="session")
def empty_mlflow_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, empty MLflow SQLite store; tests copy it (creating one costs seconds)."""
    base = tmp_path_factory.mktemp("mlflow-template")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=base, mlflow_tracking_uri=f"sqlite:///{base / 'mlflow.db'}"
    )
    tracking.client(settings).search_experiments()
    return base / "mlflow.db"


MlSettings = Callable[..., Settings]


@pytest.fixture
def ml_settings(tmp_path: Path, sqlite_url: str, empty_mlflow_db: Path) -> MlSettings:
    """Settings on a private SQLite app DB, a private MLflow store and a private models dir."""

    def make(**overrides: object) -> Settings:
        db = tmp_path / "mlflow.db"
        if not db.exists():
            shutil.copy(empty_mlflow_db, db)
        values: dict[str, object] = {
            "mlflow_tracking_uri": f"sqlite:///{db}",
            "models_dir": tmp_path / "models",
        }
        values.update(overrides)
        return make_settings(tmp_path, sqlite_url, **values)

    return make
