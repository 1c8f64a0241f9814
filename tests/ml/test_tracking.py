"""Tracking defaults and the guarantee that nothing leaves the machine."""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from service.config import Settings
from service.ml import tracking
from service.ml.registry import ModelStore, load_uri
from tests.ml.conftest import MlSettings
from tests.ml.toy import make_spec
from training.runner import train_and_register
from training.spec import DataOptions


def test_default_uri_is_sqlite_under_data_dir(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "var")  # type: ignore[call-arg]
    uri = tracking.configure_mlflow(settings)
    assert uri == f"sqlite:///{tmp_path / 'var' / 'mlflow.db'}"
    assert (tmp_path / "var").is_dir()
    assert tracking.artifact_root(settings) == tmp_path / "var" / "mlartifacts"
    import mlflow

    assert mlflow.get_tracking_uri() == uri
    assert mlflow.get_registry_uri() == uri


def test_any_uri_by_setting(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=tmp_path, mlflow_tracking_uri="http://127.0.0.1:5999"
    )
    assert tracking.configure_mlflow(settings) == "http://127.0.0.1:5999"
    assert not tracking.is_local_store(settings.mlflow_uri)
    assert tracking.registry_exists(settings)  # a server: we cannot know, so we ask it


def test_outbound_switches_are_forced_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLFLOW_DISABLE_TELEMETRY", "false")
    monkeypatch.setenv("MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK", "false")
    tracking.disable_outbound()
    assert os.environ["MLFLOW_DISABLE_TELEMETRY"] == "true"
    assert os.environ["DO_NOT_TRACK"] == "true"
    assert os.environ["MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK"] == "true"
    assert os.environ["MLFLOW_UV_AUTO_DETECT"] == "false"
    from mlflow.telemetry.utils import is_telemetry_disabled

    assert is_telemetry_disabled()


def _is_loopback(address: Any) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX path
        return True
    host = address[0]
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def test_train_and_load_make_no_outbound_connection_and_run_no_pip(
    ml_settings: MlSettings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = ml_settings()
    attempts: list[Any] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            attempts.append(address)
            raise OSError(f"test: outbound connection to {address!r} blocked")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            attempts.append(address)
            return 111
        return real_connect_ex(self, address)

    commands: list[Any] = []
    real_popen_init = subprocess.Popen.__init__

    def recording_popen(self: Any, args: Any, *rest: Any, **kwargs: Any) -> None:
        commands.append(args)
        real_popen_init(self, args, *rest, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(subprocess.Popen, "__init__", recording_popen)

    summary = train_and_register(make_spec(), DataOptions(), settings, progress=False)
    loaded = load_uri(settings, f"models:/toy-model/{summary['version']}")
    assert loaded.pipeline is not None
    store = ModelStore(settings, names=("toy-model",), optional=())
    store.reload()  # no champion and no bundled model: reported, not raised
    assert not store.ready

    assert attempts == []
    tokens = [
        Path(str(part)).name
        for command in commands
        for part in (command if isinstance(command, list | tuple) else str(command).split())
    ]
    for tool in ("pip", "pip3", "uv", "conda", "virtualenv"):
        assert tool not in tokens, f"{tool} was run: {commands}"
    print("subprocesses:", commands)
