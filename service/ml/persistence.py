"""Saving and loading Tollgate's scikit-learn pipelines as MLflow models.

Every model (bundled in ``models/NAME`` or logged to the registry) is an MLflow model of the
``sklearn`` flavor, serialized with skops. Skops refuses to load types it was not told to trust;
the pipelines carry Tollgate's own feature transformers, so each save records them as trusted
types, and the loader trusts exactly what the MLmodel file lists. Loading never runs pip and
never reaches the network.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

# Runtime requirements recorded with each model; explicit so MLflow never infers them
# (inference costs seconds and probes the network).
PIP_REQUIREMENTS = ["scikit-learn", "skops", "numpy", "pandas", "tollgate"]


def tollgate_types(estimator: Any) -> list[str]:
    """Fully qualified names of Tollgate classes inside a fitted estimator (for skops)."""
    found: set[str] = set()

    def visit(obj: Any, depth: int = 0) -> None:
        if depth > 8:
            return
        cls = type(obj)
        if cls.__module__.startswith(("service.", "training.")):
            found.add(f"{cls.__module__}.{cls.__qualname__}")
        if hasattr(obj, "get_params"):
            for value in obj.get_params(deep=False).values():
                visit(value, depth + 1)
        if isinstance(obj, list | tuple):
            for item in obj:
                visit(item, depth + 1)
        for attr in ("steps", "transformers", "transformers_", "estimators_", "estimator_"):
            value = getattr(obj, attr, None)
            if value is not None:
                visit(value, depth + 1)
        named = getattr(obj, "named_steps", None)
        if named is not None:
            for value in named.values():
                visit(value, depth + 1)

    visit(estimator)
    return sorted(found)


def save_pipeline(
    pipeline: Any,
    path: str | Path,
    *,
    input_example: Any = None,
    metadata: Mapping[str, Any] | None = None,
    extra_trusted: Iterable[str] = (),
) -> Path:
    """Save ``pipeline`` as an MLflow sklearn model directory at ``path`` (replacing it)."""
    import shutil

    import mlflow.sklearn

    target = Path(path)
    if target.exists():
        shutil.rmtree(target)
    trusted = sorted(set(tollgate_types(pipeline)) | set(extra_trusted))
    mlflow.sklearn.save_model(
        pipeline,
        str(target),
        serialization_format="skops",
        skops_trusted_types=trusted or None,
        input_example=input_example,
        pip_requirements=PIP_REQUIREMENTS,
        metadata=dict(metadata or {}),
    )
    return target


def log_pipeline(
    pipeline: Any,
    *,
    name: str = "model",
    registered_model_name: str | None = None,
    input_example: Any = None,
    metadata: Mapping[str, Any] | None = None,
    extra_trusted: Iterable[str] = (),
) -> Any:
    """Log ``pipeline`` to the active MLflow run; returns MLflow's ModelInfo."""
    import mlflow.sklearn

    trusted = sorted(set(tollgate_types(pipeline)) | set(extra_trusted))
    return mlflow.sklearn.log_model(
        pipeline,
        name=name,
        serialization_format="skops",
        skops_trusted_types=trusted or None,
        input_example=input_example,
        pip_requirements=PIP_REQUIREMENTS,
        registered_model_name=registered_model_name,
        metadata=dict(metadata or {}),
    )


def load_pipeline(uri: str | Path) -> Any:
    """Load a pipeline from a directory or any MLflow model URI (models:/, runs:/)."""
    import mlflow.sklearn

    return mlflow.sklearn.load_model(str(uri))
