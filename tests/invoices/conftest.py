"""Fixtures for the invoice dispute-risk tests: one generated dataset and one trained model.

Training takes a few seconds on one core, so the model is fitted once per session and shared;
tests that need a different model train their own small one.
"""

from __future__ import annotations

import os

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

from typing import Any

import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

from training.invoices import spec
from training.spec import DataOptions


@pytest.fixture(scope="session", autouse=True)
def _one_thread() -> Any:
    """The machine is shared: keep OpenMP (boosting) to one thread, like the service."""
    with threadpool_limits(1):
        yield


@pytest.fixture(scope="session")
def generated() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The default training data, split by time into (train, test)."""
    loaded = spec.load(DataOptions(seed=42))
    return spec.split(loaded.frame)


@pytest.fixture(scope="session")
def pipeline(generated: tuple[pd.DataFrame, pd.DataFrame]) -> Any:
    """The dispute-risk pipeline fitted on the training part only."""
    train, _ = generated
    return spec.fit(train)
