"""ModelStore: bundled fallback, champions from the registry, atomic reload, URIs."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from service.config import Settings
from service.ml import tracking
from service.ml.persistence import save_pipeline
from service.ml.registry import ModelStore, ModelUnavailable, load_uri, resolve_uri
from tests.ml.conftest import MlSettings
from tests.ml.toy import make_frame, make_spec, split
from training.runner import train_and_register
from training.spec import DataOptions


def _bundle(settings: Settings, name: str = "toy-model", quality: str = "weak") -> None:
    spec = make_spec(quality)
    train, heldout = split(make_frame())
    pipeline = spec.fit(train)
    metrics = spec.evaluate(pipeline, heldout).metrics
    save_pipeline(pipeline, settings.models_dir / name, metadata={"metrics": metrics})


def _store(settings: Settings) -> ModelStore:
    store = ModelStore(settings, names=("toy-model",), optional=("toy-optional",))
    store.load_all()
    return store


def test_fresh_install_serves_bundled_without_creating_a_registry(
    ml_settings: MlSettings, tmp_path: Path
) -> None:
    settings = ml_settings(mlflow_tracking_uri=f"sqlite:///{tmp_path / 'never' / 'mlflow.db'}")
    _bundle(settings)
    store = _store(settings)
    model = store.get("toy-model")
    assert model.source == "bundled" and model.version == "bundled"
    assert model.metrics["roc_auc"] > 0.5
    assert store.ready and store.readiness() == "ok"
    assert not (tmp_path / "never" / "mlflow.db").exists()
    described = store.describe()
    assert [d["name"] for d in described] == ["toy-model"]  # absent optional model: not listed


def test_missing_bundled_model_is_reported_not_raised(ml_settings: MlSettings) -> None:
    store = _store(ml_settings())
    assert not store.ready
    assert "no bundled model" in store.readiness()
    with pytest.raises(ModelUnavailable, match="make models"):
        store.get("toy-model")
    assert store.describe()[0]["status"] == "unavailable"


def test_champion_wins_over_bundled_and_reload_picks_up_new_champion(
    ml_settings: MlSettings,
) -> None:
    settings = ml_settings()
    _bundle(settings)
    first = train_and_register(make_spec("good"), DataOptions(), settings, progress=False)
    client = tracking.client(settings)
    store = _store(settings)
    assert store.get("toy-model").source == "bundled"  # a challenger is not served

    client.set_registered_model_alias("toy-model", "champion", first["version"])
    report = store.reload()
    served = store.get("toy-model")
    assert (served.source, served.version) == ("mlflow", first["version"])
    assert set(served.aliases) == {"champion", "challenger"}
    assert served.metrics["roc_auc"] == pytest.approx(first["metrics"]["roc_auc"])
    assert report["changed"]["toy-model"]["to"] == served.ref()

    unchanged = store.reload()  # same champion: the loaded object is reused
    assert unchanged["changed"] == {} and store.get("toy-model") is served

    second = train_and_register(make_spec("good"), DataOptions(seed=3), settings, progress=False)
    client.set_registered_model_alias("toy-model", "champion", second["version"])
    store.reload()
    assert store.get("toy-model").version == second["version"]

    client.delete_registered_model_alias("toy-model", "champion")
    store.reload()
    assert store.get("toy-model").source == "bundled"


def test_unreachable_registry_falls_back_to_bundled(
    ml_settings: MlSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    settings = ml_settings(mlflow_tracking_uri=f"http://127.0.0.1:{port}")
    _bundle(settings)
    store = _store(settings)
    assert store.get("toy-model").source == "bundled"
    assert "unreachable" in store.describe()[0]["note"]


@pytest.mark.parametrize("path", ["sqlite", "mlflow-client"])
def test_fast_sqlite_lookup_matches_mlflow(
    ml_settings: MlSettings, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    from service.ml.registry import sqlite_champions

    settings = ml_settings()
    _bundle(settings)
    summary = train_and_register(make_spec("good"), DataOptions(), settings, progress=False)
    client = tracking.client(settings)
    client.set_registered_model_alias("toy-model", "champion", summary["version"])
    champions = sqlite_champions(settings)
    assert champions is not None and set(champions) == {"toy-model"}
    champion = champions["toy-model"]
    expected = client.get_model_version_by_alias("toy-model", "champion")
    assert champion.version == str(expected.version)
    assert set(champion.aliases) == set(expected.aliases) == {"champion", "challenger"}
    assert champion.run_id == expected.run_id and champion.local_dir is not None
    if path == "mlflow-client":
        monkeypatch.setattr("service.ml.registry.sqlite_champions", lambda settings: None)
    store = _store(settings)
    served = store.get("toy-model")
    assert (served.source, served.version) == ("mlflow", summary["version"])
    assert set(served.aliases) == {"champion", "challenger"}
    assert served.metrics["roc_auc"] == pytest.approx(summary["metrics"]["roc_auc"])


def test_reload_under_concurrent_readers_drops_nothing(ml_settings: MlSettings) -> None:
    settings = ml_settings()
    _bundle(settings)
    client = tracking.client(settings)
    versions = [
        train_and_register(make_spec("good"), DataOptions(seed=s), settings, progress=False)
        ["version"]
        for s in (1, 2)
    ]
    store = _store(settings)
    rows = make_frame(20)
    stop = threading.Event()
    served: list[str | None] = []
    failures: list[BaseException] = []

    def reader() -> None:
        while not stop.is_set():
            try:
                model = store.get("toy-model")  # one reference per "request"
                scores = model.pipeline.predict_proba(rows)[:, 1]
                assert len(scores) == len(rows)
                served.append(model.version)
            except BaseException as exc:
                failures.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for thread in threads:
        thread.start()
    try:
        for version in [*versions, *versions]:
            client.set_registered_model_alias("toy-model", "champion", version)
            store.reload()
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert len(served) > 100
    assert {"bundled", *versions} <= set(served)
    assert store.generation == 5


def test_resolve_uris(ml_settings: MlSettings, tmp_path: Path) -> None:
    settings = ml_settings()
    _bundle(settings)
    summary = train_and_register(make_spec("good"), DataOptions(), settings, progress=False)
    version = summary["version"]
    frame = make_frame(5)

    assert load_uri(settings, "bundled", name="toy-model").source == "bundled"
    by_version = load_uri(settings, f"models:/toy-model/{version}")
    assert (by_version.source, by_version.version) == ("mlflow", version)
    assert load_uri(settings, "models:/toy-model@challenger").version == version
    by_run = resolve_uri(f"runs:/{summary['run_id']}/model", settings=settings)
    assert by_run.predict_proba(frame).shape == (5, 2)
    path = load_uri(settings, str(settings.models_dir / "toy-model"))
    assert path.source == "path"
    assert resolve_uri("bundled", name="toy-model", settings=settings).predict(frame).shape == (5,)
    with pytest.raises(ModelUnavailable):
        load_uri(settings, "models:/toy-model@nope")
    with pytest.raises(ModelUnavailable):
        load_uri(settings, "bundled")
    store = _store(settings)
    assert store.resolve_uri(None, "toy-model") is store.get("toy-model")


def test_reload_notices_a_rebuilt_bundled_model(ml_settings: MlSettings) -> None:
    settings = ml_settings()
    _bundle(settings, quality="weak")
    store = _store(settings)
    before = store.get("toy-model")
    assert store.reload()["changed"] == {} and store.get("toy-model") is before
    time.sleep(0.01)
    _bundle(settings, quality="good")  # `make models` rewrote the folder
    report = store.reload()
    assert "toy-model" in report["changed"]
    after = store.get("toy-model")
    assert after is not before and after.metrics["roc_auc"] > before.metrics["roc_auc"]


def test_reload_calls_the_change_hook_with_the_changed_models_only(ml_settings: MlSettings) -> None:
    settings = ml_settings()
    _bundle(settings, quality="weak")
    store = _store(settings)
    seen: list[set[str]] = []
    store.on_change = seen.append
    store.reload()
    assert seen == []  # nothing changed: nothing to warm
    time.sleep(0.01)
    _bundle(settings, quality="good")
    store.reload()
    assert seen == [{"toy-model"}]

    def broken(names: set[str]) -> None:
        raise RuntimeError("warm-up exploded")

    store.on_change = broken
    time.sleep(0.01)
    _bundle(settings, quality="weak")
    report = store.reload()  # a failing warm-up never fails the reload
    assert "toy-model" in report["changed"] and report["errors"] == {}
