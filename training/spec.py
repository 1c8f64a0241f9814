"""The contract between a model's own training code and the shared MLflow machinery.

Each trainable model (clauses, timesheets, invoices) exposes one :class:`ModelSpec`. The shared
runner (``training/runner.py``) loads data through it, splits, fits, evaluates on the held-out
part only, logs everything to MLflow, registers a version and sets the ``challenger`` alias.
Promotion recomputes both champion and challenger metrics with ``evaluate`` on the same
held-out frame.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class DataOptions:
    """What the user said about the data on the command line."""

    path: Path | None = None  # None: the model's default data (generator output or repo data)
    label: str | None = None  # the foreign column holding the label
    mapping: Mapping[str, str] = field(default_factory=dict)  # SRC=DST column renames
    with_feedback: bool = False
    seed: int = 42


@dataclass
class LoadedData:
    """Canonical training rows plus what the loader noticed (unmapped columns, coercions)."""

    frame: pd.DataFrame
    report: dict[str, Any] = field(default_factory=dict)


@dataclass
class Evaluation:
    """Held-out evaluation: scalar metrics and the raw arrays the plots are drawn from."""

    metrics: dict[str, float]
    y_true: Sequence[Any] | None = None  # binary (or n x k multi-label) truth
    y_score: Sequence[Any] | None = None  # probabilities / scores matching y_true
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelSpec:
    """How to train and judge one model."""

    name: str  # registry name, e.g. "timesheet-anomaly"
    primary_metric: str  # the metric promotion compares; higher is better
    load: Callable[[DataOptions], LoadedData]
    split: Callable[[pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]]
    fit: Callable[[pd.DataFrame], Any]  # returns a fitted sklearn Pipeline (features inside)
    evaluate: Callable[[Any, pd.DataFrame], Evaluation]
    input_example: Callable[[pd.DataFrame], pd.DataFrame]  # a few raw input rows
    feedback_rows: Callable[[Sequence[Mapping[str, Any]]], pd.DataFrame] | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
