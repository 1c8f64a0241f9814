"""Pointing MLflow at Tollgate's tracking store, with everything that reaches out switched off.

Tollgate runs on machines with no internet. MLflow, by default, sends usage telemetry, may run
``pip`` (dry-run resolution, requirement inference), probes ``uv`` and records environment
variables. :func:`disable_outbound` turns all of that off through MLflow's own environment
switches (that is MLflow's configuration mechanism, so setting them is how we configure it);
:func:`configure_mlflow` then sets the tracking and registry URI from :class:`Settings`.

The default store is ``sqlite:///<data_dir>/mlflow.db`` (the model registry needs a database
store) with artifacts in ``<data_dir>/mlartifacts``. ``TOLLGATE_MLFLOW_TRACKING_URI`` may point
at any MLflow server or database instead.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from service.config import Settings

# MLflow reads these at call time; the values keep every code path local.
OUTBOUND_SWITCHES: dict[str, str] = {
    "MLFLOW_DISABLE_TELEMETRY": "true",  # no usage telemetry
    "DO_NOT_TRACK": "true",  # the cross-tool opt-out MLflow also honours
    "MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK": "true",  # no `pip install --dry-run`
    "MLFLOW_UV_AUTO_DETECT": "false",  # no `uv export` for requirement inference
    "MLFLOW_LOG_UV_FILES": "false",
    "MLFLOW_LOCK_MODEL_DEPENDENCIES": "false",  # no `uv pip compile`
    "MLFLOW_RECORD_ENV_VARS_IN_MODEL_LOGGING": "false",
    "MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING": "false",
    "MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR": "false",
    # A remote tracking server that is down must not stall startup for minutes.
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "2",
    "MLFLOW_HTTP_REQUEST_TIMEOUT": "10",
}

EXPERIMENT_PREFIX = "tollgate"
_LOCK = threading.Lock()


def disable_outbound() -> None:
    """Force MLflow's outbound switches (telemetry, pip, uv) off for this process."""
    for key, value in OUTBOUND_SWITCHES.items():
        if key.startswith("MLFLOW_HTTP_REQUEST_"):
            os.environ.setdefault(key, value)  # an operator may tune these
        else:
            os.environ[key] = value


disable_outbound()


def is_local_store(uri: str) -> bool:
    """True when the tracking URI is a database MLflow opens directly (not an HTTP server)."""
    return not uri.startswith(("http://", "https://", "databricks"))


def sqlite_path(uri: str) -> Path | None:
    """The file behind a ``sqlite:///`` URI, else None."""
    if uri.startswith("sqlite:///"):
        return Path(uri[len("sqlite:///") :])
    return None


def artifact_root(settings: Settings) -> Path:
    """Where runs' artifacts go when the tracking store is a local database."""
    return settings.data_dir / "mlartifacts"


def configure_mlflow(settings: Settings) -> str:
    """Point MLflow (tracking and registry) at the configured store; returns the URI.

    Creates ``data_dir`` for the default SQLite store. Safe to call repeatedly.
    """
    disable_outbound()
    import mlflow

    uri = settings.mlflow_uri
    path = sqlite_path(uri)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK:
        mlflow.set_tracking_uri(uri)
        mlflow.set_registry_uri(uri)
    return uri


def client(settings: Settings) -> Any:
    """An ``MlflowClient`` bound to the configured store (tracking and registry)."""
    uri = configure_mlflow(settings)
    from mlflow import MlflowClient

    return MlflowClient(tracking_uri=uri, registry_uri=uri)


def registry_exists(settings: Settings) -> bool:
    """False when the default SQLite registry file was never created (a fresh install).

    Opening a missing SQLite store would create it and run MLflow's migrations (seconds), which
    startup must not pay just to learn there is no champion yet.
    """
    path = sqlite_path(settings.mlflow_uri)
    return path is None or path.exists()


def ensure_experiment(settings: Settings, model_name: str) -> str:
    """Get or create the experiment for ``model_name``; returns its id.

    With a local database store the experiment's artifacts live under ``data_dir/mlartifacts``
    (MLflow would otherwise write ``./mlruns`` relative to the working directory); an HTTP
    server decides its own artifact location.
    """
    mlflow_client = client(settings)
    name = f"{EXPERIMENT_PREFIX}/{model_name}"
    existing = mlflow_client.get_experiment_by_name(name)
    if existing is not None:
        return str(existing.experiment_id)
    location: str | None = None
    if is_local_store(settings.mlflow_uri):
        root = artifact_root(settings)
        root.mkdir(parents=True, exist_ok=True)
        location = (root / model_name).as_uri()
    try:
        return str(mlflow_client.create_experiment(name, artifact_location=location))
    except Exception:
        # Another process created it between our lookup and create.
        again = mlflow_client.get_experiment_by_name(name)
        if again is None:
            raise
        return str(again.experiment_id)
