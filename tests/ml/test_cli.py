"""`tollgate train ...` and `tollgate models list|promote` through Typer."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from service.ml.cli import models_app
from tests.ml.conftest import MlSettings
from tests.ml.toy import make_frame, make_spec
from training.cli import train_app

runner = CliRunner()


@pytest.fixture
def wired(ml_settings: MlSettings, monkeypatch: pytest.MonkeyPatch) -> MlSettings:
    settings = ml_settings()
    monkeypatch.setattr("service.config.get_settings", lambda: settings)
    monkeypatch.setattr("training.cli.load_spec", lambda key: make_spec())
    monkeypatch.setattr("service.ml.promotion.load_spec", lambda key: make_spec())
    return lambda **_: settings


def test_train_json_then_promote_and_list(wired: MlSettings, tmp_path: object) -> None:
    result = runner.invoke(train_app, ["timesheets", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["model"] == "toy-model" and summary["version"] == "1"
    assert set(summary["metrics"]) == {"roc_auc", "average_precision"}

    promoted = runner.invoke(models_app, ["promote", "toy-model", "--json"])
    assert promoted.exit_code == 0, promoted.output
    assert json.loads(promoted.stdout.strip().splitlines()[-1])["promoted"] is True

    listed = runner.invoke(models_app, ["list", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.stdout.strip().splitlines()]
    assert rows[0]["name"] == "toy-model"
    assert set(rows[0]["aliases"]) == {"champion", "challenger"}

    again = runner.invoke(models_app, ["promote", "toy-model"])
    assert again.exit_code == 0 and "already the champion" in again.output
    runner.invoke(train_app, ["timesheets", "--json"])
    no_reason = runner.invoke(models_app, ["promote", "toy-model", "--force"])
    assert no_reason.exit_code == 1 and "reason" in no_reason.output
    # a challenger that does not win exits 3, so a retraining script can tell
    lost = runner.invoke(models_app, ["promote", "toy-model", "--min-delta", "0.99", "--json"])
    assert lost.exit_code == 3, lost.output
    assert json.loads(lost.stdout.strip().splitlines()[-1])["promoted"] is False


def test_train_with_a_foreign_file_and_map(wired: MlSettings, tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "foreign.csv"
    make_frame(100).rename(columns={"label": "Outcome"}).to_csv(path, index=False)
    bad = runner.invoke(train_app, ["timesheets", "--data", str(path), "--map", "nonsense"])
    assert bad.exit_code == 1 and "SRC=DST" in bad.output
    missing = runner.invoke(train_app, ["timesheets", "--data", str(path) + ".nope"])
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_missing_model_code_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.ml import specs

    monkeypatch.setitem(specs.SPEC_PATHS, "timesheets", "training.not_landed_yet.spec:SPEC")
    result = runner.invoke(train_app, ["timesheets"])
    assert result.exit_code == 1
    assert "no training code yet" in result.output
    with pytest.raises(specs.SpecNotAvailable, match="unknown model"):
        specs.load_spec("nope")


def test_with_feedback_reads_the_database(wired: MlSettings) -> None:
    result = runner.invoke(train_app, ["timesheets", "--with-feedback", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["data_report"]["feedback"]["feedback_rows"] == 0  # nobody decided anything
