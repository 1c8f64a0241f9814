"""A real `mlflow server` on loopback with a PostgreSQL backend store: train, register, promote,
serve. The server gets its own throwaway database, dropped afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.ml import tracking
from service.ml.promotion import promote
from service.ml.registry import ModelStore, list_versions
from tests.conftest import PG_ADMIN_URL, SKIP_PG
from tests.ml.conftest import MlSettings
from tests.ml.test_registry import _bundle
from tests.ml.toy import make_spec
from training.runner import train_and_register
from training.spec import DataOptions

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def mlflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if SKIP_PG:
        pytest.skip("TOLLGATE_TEST_SKIP_POSTGRES=1")
    import psycopg

    name = f"tollgate_mlflow_{uuid.uuid4().hex[:10]}"
    admin_info = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        admin = psycopg.connect(admin_info, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL unreachable at {PG_ADMIN_URL}: {exc}", pytrace=False)
    admin.execute(f'CREATE DATABASE "{name}"')
    backend = f"{PG_ADMIN_URL.rpartition('/')[0]}/{name}"
    work = tmp_path_factory.mktemp("mlflow-server")
    port = _free_port()
    env = {**os.environ, **tracking.OUTBOUND_SWITCHES}
    log = (work / "server.log").open("wb")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "mlflow"), "server",
            "--backend-store-uri", backend,
            "--artifacts-destination", (work / "artifacts").as_uri(),
            "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
        ],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail("mlflow server exited:\n" + (work / "server.log").read_text()[-3000:])
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("mlflow server did not start:\n"
                            + (work / "server.log").read_text()[-3000:])
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_train_register_promote_and_serve_through_a_postgres_backed_server(
    mlflow_server: str, ml_settings: MlSettings
) -> None:
    settings = ml_settings(mlflow_tracking_uri=mlflow_server)
    assert tracking.configure_mlflow(settings) == mlflow_server
    _bundle(settings)

    summary = train_and_register(make_spec("good"), DataOptions(), settings, progress=False)
    client = tracking.client(settings)
    version = client.get_model_version_by_alias("toy-model", "challenger")
    assert str(version.version) == summary["version"]
    run = client.get_run(summary["run_id"])
    assert run.data.metrics["roc_auc"] == pytest.approx(summary["metrics"]["roc_auc"])
    artifacts = {a.path for a in client.list_artifacts(summary["run_id"])}
    assert {"plots", "heldout"} <= artifacts

    result = promote("toy-model", settings, spec=make_spec("good"), actor="test")
    assert result.promoted and result.heldout_rows

    store = ModelStore(settings, names=("toy-model",), optional=())
    store.load_all()
    served = store.get("toy-model")
    assert (served.source, served.version) == ("mlflow", summary["version"])
    assert "champion" in served.aliases
    rows = [r for r in list_versions(settings) if r["source"] == "mlflow"]
    assert rows[0]["name"] == "toy-model" and "champion" in rows[0]["aliases"]
