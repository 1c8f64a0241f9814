"""The shared training run on a toy spec: what gets logged, registered and returned."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from service.ml import tracking
from service.ml.registry import load_uri
from tests.ml.conftest import MlSettings
from tests.ml.toy import make_frame, make_spec, split
from training.runner import (
    TrainingError,
    dataset_sha256,
    load_heldout,
    read_heldout,
    save_heldout,
    train_and_register,
)
from training.spec import DataOptions


def test_train_logs_everything_and_registers_challenger(ml_settings: MlSettings) -> None:
    settings = ml_settings()
    spec = make_spec("good")
    summary = train_and_register(spec, DataOptions(), settings, progress=False)

    assert set(summary) >= {"run_id", "model", "version", "metrics"}
    assert summary["model"] == "toy-model"
    assert summary["version"] == "1"

    # Metrics are the held-out metrics: recompute them on the same split independently.
    train, heldout = split(make_frame())
    assert summary["n_train"] == len(train) and summary["n_heldout"] == len(heldout)
    expected = spec.evaluate(spec.fit(train), heldout).metrics
    assert summary["metrics"]["roc_auc"] == pytest.approx(expected["roc_auc"])
    assert 0.5 < summary["metrics"]["roc_auc"] <= 1.0

    client = tracking.client(settings)
    assert str(client.get_model_version_by_alias("toy-model", "challenger").version) == "1"
    run = client.get_run(summary["run_id"])
    assert run.data.params["dataset_sha256"] == dataset_sha256(make_frame())
    assert run.data.params["primary_metric"] == "roc_auc"
    assert run.data.metrics["roc_auc"] == pytest.approx(summary["metrics"]["roc_auc"])
    artifacts = {a.path for a in client.list_artifacts(summary["run_id"])}
    assert {"plots", "heldout", "data_report.json"} <= artifacts
    plots = {Path(a.path).name for a in client.list_artifacts(summary["run_id"], "plots")}
    assert plots == {"roc_curve.png", "pr_curve.png", "calibration.png", "confusion_matrix.png"}
    for artifact in client.list_artifacts(summary["run_id"], "plots"):
        assert artifact.file_size and artifact.file_size > 1000  # a real PNG, not a stub

    # The held-out split comes back identical, for promotion comparisons.
    restored = load_heldout(settings, summary["run_id"])
    pd.testing.assert_frame_equal(
        restored.reset_index(drop=True), heldout.reset_index(drop=True), check_dtype=False
    )

    # The registered model has a signature and an input example, and carries its metrics.
    from mlflow.models import get_model_info

    info = get_model_info("models:/toy-model/1")
    assert info.signature is not None
    assert [c.name for c in info.signature.inputs.inputs] == ["strong", "weak", "noise"]
    assert info.saved_input_example_info is not None
    assert info.metadata["metrics"]["roc_auc"] == pytest.approx(summary["metrics"]["roc_auc"])
    import zipfile
    from urllib.parse import urlparse

    stored = Path(urlparse(client.get_model_version_download_uri("toy-model", "1")).path)
    with zipfile.ZipFile(stored / "model.skops") as archive:  # compressed in place
        assert all(m.compress_type == zipfile.ZIP_DEFLATED for m in archive.infolist())
    loaded = load_uri(settings, "models:/toy-model@challenger")
    assert loaded.version == "1" and "challenger" in loaded.aliases
    assert loaded.pipeline.predict_proba(heldout).shape == (len(heldout), 2)

    second = train_and_register(spec, DataOptions(), settings, progress=False)
    assert second["version"] == "2"
    assert str(client.get_model_version_by_alias("toy-model", "challenger").version) == "2"


def test_train_from_a_file(ml_settings: MlSettings, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    make_frame(120, seed=3).to_csv(path, index=False)
    summary = train_and_register(
        make_spec("good"), DataOptions(path=path), ml_settings(), progress=False
    )
    assert summary["n_train"] + summary["n_heldout"] == 120
    assert summary["dataset_sha256"] != dataset_sha256(make_frame())


def test_dataset_hash_ignores_column_order_but_not_values() -> None:
    frame = make_frame(30)
    assert dataset_sha256(frame) == dataset_sha256(frame[list(reversed(frame.columns))])
    changed = frame.copy()
    changed.loc[3, "label"] = not changed.loc[3, "label"]
    assert dataset_sha256(frame) != dataset_sha256(changed)


def test_heldout_with_nested_values_falls_back_to_jsonl(tmp_path: Path) -> None:
    frame = pd.DataFrame({"text": ["a", "b"], "labels": [["x", 1], {"k": "v"}]})
    written = save_heldout(frame, tmp_path)
    back = read_heldout(tmp_path)
    assert len(back) == 2 and list(back.columns) == ["text", "labels"]
    assert written.suffix in (".parquet", ".jsonl")


def test_empty_data_is_a_clear_error(ml_settings: MlSettings, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    make_frame(5).iloc[0:0].to_csv(path, index=False)
    with pytest.raises(TrainingError, match="no rows"):
        train_and_register(make_spec(), DataOptions(path=path), ml_settings(), progress=False)


def test_progress_bar_goes_to_stderr(
    ml_settings: MlSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    train_and_register(make_spec(), DataOptions(), ml_settings(), progress=True)
    captured = capsys.readouterr()
    assert "train toy-model" in captured.err
    assert "train toy-model" not in captured.out
    json.dumps({"ok": True})
