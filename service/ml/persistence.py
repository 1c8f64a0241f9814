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


def _walk(root: Any) -> list[Any]:
    """Every scikit-learn/Tollgate object reachable from ``root`` (fitted attributes included)."""
    found: list[Any] = []
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        obj, depth = stack.pop()
        if id(obj) in seen or depth > 12:
            continue
        seen.add(id(obj))
        if isinstance(obj, list | tuple):
            stack.extend((item, depth + 1) for item in obj)
            continue
        if isinstance(obj, dict):
            stack.extend((item, depth + 1) for item in obj.values())
            continue
        module = type(obj).__module__
        if not module.startswith(("sklearn.", "service.", "training.")):
            continue
        found.append(obj)
        stack.extend((value, depth + 1) for value in vars(obj).values()
                     if isinstance(value, list | tuple | dict) or hasattr(value, "__dict__"))
    return found


def compact_for_skops(estimator: Any) -> Any:
    """Shrink what skops writes, in place, without changing predictions; returns ``estimator``.

    - A text vectorizer's ``vocabulary_`` holds numpy integers once ``max_features`` pruned it,
      and skops stores every numpy scalar as its own ``.npy`` member: a 40,000-term vocabulary
      becomes 40,000 files and loading takes three times longer. Python ints are equivalent.
    - ``stop_words_`` (terms pruned by df/max_features) is introspection only; scikit-learn
      documents that it can be dropped before saving.
    """
    import numpy as np

    for obj in _walk(estimator):
        vocabulary = getattr(obj, "vocabulary_", None)
        if isinstance(vocabulary, dict) and any(
            isinstance(v, np.integer) for v in vocabulary.values()
        ):
            obj.vocabulary_ = {term: int(index) for term, index in vocabulary.items()}
        if getattr(obj, "stop_words_", None):
            obj.stop_words_ = None
    return estimator


def deflate_skops(path: Path) -> None:
    """Rewrite a skops zip with compression (its JSON schema shrinks about tenfold)."""
    import zipfile

    packed = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(
        packed, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6
    ) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    packed.replace(path)


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
    compact_for_skops(pipeline)
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
    skops_file = target / "model.skops"
    if skops_file.exists():
        deflate_skops(skops_file)
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

    compact_for_skops(pipeline)
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
