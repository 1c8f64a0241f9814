"""Shared fixtures: one pipeline trained per test session on the default firm's first 75 %."""

from __future__ import annotations

import os

import pandas as pd
import pytest

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")


@pytest.fixture(scope="session")
def default_split() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The default firm split by time: (train rows, test frame with history as context)."""
    from training.timesheets.data import default_frame, time_split

    return time_split(default_frame())


@pytest.fixture(scope="session")
def trained_pipeline(default_split: tuple[pd.DataFrame, pd.DataFrame]) -> object:
    """The production pipeline fitted on the training part of the default firm."""
    from training.timesheets.spec import fit_pipeline

    return fit_pipeline(default_split[0])
