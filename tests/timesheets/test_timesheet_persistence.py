"""The whole pipeline (custom feature transformer inside) survives save_pipeline/load_pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from service.ml.persistence import load_pipeline, save_pipeline
from service.scoring.timesheets.model import score_frame
from training.timesheets.data import features_only
from training.timesheets.spec import TRUSTED_SKLEARN_TYPES, input_example

pytestmark = pytest.mark.slow


def test_round_trip_gives_identical_scores(
    trained_pipeline: Any, default_split: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path
) -> None:
    test = default_split[1]
    target = save_pipeline(
        trained_pipeline,
        tmp_path / "timesheet-anomaly",
        input_example=input_example(test),
        extra_trusted=TRUSTED_SKLEARN_TYPES,
    )
    assert (target / "MLmodel").exists()
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    assert size < 5_000_000
    loaded = load_pipeline(target)
    frame = features_only(test)
    before, _ = score_frame(trained_pipeline, frame)
    after, _ = score_frame(loaded, frame)
    np.testing.assert_allclose(before, after)
    proba = loaded.predict_proba(features_only(test.loc[~test["_context"]]).head(10))
    assert proba.shape == (10, 2)
