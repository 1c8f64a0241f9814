"""The shared training run: load, split, fit, evaluate on held-out, log, register as challenger.

Every model goes through :func:`train_and_register` with its :class:`ModelSpec`, so every
registered version carries the same evidence: params, held-out metrics, the input example and
signature, the dataset's SHA-256, ROC/PR/calibration/confusion plots, the loader's report, and
the held-out split itself (``heldout/`` artifact). Promotion reloads that split to score the
champion and the challenger on exactly the same rows (service/ml/promotion.py).

Metrics are computed by ``spec.evaluate`` on the held-out frame only; nothing here ever
evaluates on the training rows.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from service.ml import tracking
from service.ml.specs import MODEL_NAMES
from training import feedback as feedback_mod
from training.spec import DataOptions, Evaluation, LoadedData, ModelSpec

if TYPE_CHECKING:
    from service.config import Settings

HELDOUT_DIR = "heldout"
CHALLENGER = "challenger"
CHAMPION = "champion"
STEPS = ("load", "split", "fit", "evaluate", "log", "register")
_MAX_PARAM = 500


class TrainingError(RuntimeError):
    """Training could not produce a registered version (bad data, empty split...)."""


def dataset_sha256(frame: pd.DataFrame) -> str:
    """SHA-256 of the canonical frame: columns sorted by name, rows in order, as CSV.

    Same rows and labels give the same hash whatever the column order of the source file, so
    two versions trained on identical data are recognisable in the registry.
    """
    canonical = frame.reindex(columns=sorted(map(str, frame.columns)))
    buffer = io.StringIO()
    canonical.to_csv(buffer, index=False, lineterminator="\n", date_format="%Y-%m-%dT%H:%M:%S")
    return hashlib.sha256(buffer.getvalue().encode("utf-8")).hexdigest()


def _param_value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, sort_keys=True)
    return text if len(text) <= _MAX_PARAM else text[: _MAX_PARAM - 3] + "..."


def _clean_metrics(metrics: Mapping[str, Any]) -> dict[str, float]:
    """Finite float metrics only (MLflow wants floats; NaN/inf would poison promotion)."""
    out: dict[str, float] = {}
    for key, value in metrics.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            continue
        if math.isfinite(number):
            out[str(key)] = number
    return out


def save_heldout(frame: pd.DataFrame, directory: Path) -> Path:
    """Write the held-out split: Parquet when the columns allow it, else JSON Lines."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "heldout.parquet"
    try:
        frame.reset_index(drop=True).to_parquet(target, index=False)
        return target
    except Exception:  # nested/mixed object columns pyarrow cannot type
        if target.exists():
            target.unlink()
    target = directory / "heldout.jsonl"
    frame.reset_index(drop=True).to_json(
        target, orient="records", lines=True, date_format="iso", default_handler=str
    )
    return target


def read_heldout(directory: Path) -> pd.DataFrame:
    """Read back what :func:`save_heldout` wrote."""
    parquet = directory / "heldout.parquet"
    if parquet.exists():
        return pd.read_parquet(parquet)
    jsonl = directory / "heldout.jsonl"
    if jsonl.exists():
        return pd.read_json(jsonl, orient="records", lines=True)
    raise FileNotFoundError(f"no held-out split in {directory}")


def load_heldout(settings: Settings, run_id: str) -> pd.DataFrame:
    """Download the held-out split a training run logged (for promotion comparisons)."""
    import mlflow.artifacts

    tracking.configure_mlflow(settings)
    with tempfile.TemporaryDirectory(prefix="tollgate-heldout-") as tmp:
        local = mlflow.artifacts.download_artifacts(
            run_id=run_id, artifact_path=HELDOUT_DIR, dst_path=tmp
        )
        return read_heldout(Path(local))


@contextmanager
def _progress(name: str, enabled: bool) -> Iterator[Any]:
    from tqdm import tqdm

    bar = tqdm(total=len(STEPS), desc=f"train {name}", file=sys.stderr, disable=not enabled,
               unit="step", leave=True)
    try:
        yield bar
    finally:
        bar.close()


def _step(bar: Any, label: str) -> None:
    bar.set_postfix_str(label, refresh=True)


def load_data(
    spec: ModelSpec, key: str, options: DataOptions, settings: Settings,
    feedback_rows: list[dict[str, Any]] | None = None,
) -> tuple[LoadedData, dict[str, Any]]:
    """The spec's data, with reviewer feedback merged in when asked for."""
    loaded = spec.load(options)
    report: dict[str, Any] = dict(loaded.report)
    if options.with_feedback:
        decisions = (
            feedback_rows if feedback_rows is not None
            else feedback_mod.export_from_database(settings)
        )
        extra = feedback_mod.feedback_frame(key, spec, decisions)
        merged, merge_report = feedback_mod.merge_feedback(loaded.frame, extra)
        report["feedback"] = merge_report
        loaded = LoadedData(frame=merged, report=report)
    return loaded, report


def skops_trusted_types(pipeline: Any) -> list[str]:
    """Every type skops would refuse to load from this pipeline's own serialization.

    We trust them because we just produced the file from a pipeline we fitted ourselves; the
    list is recorded in the MLmodel file and the loader trusts exactly that list (see
    service/ml/persistence.py), so a registry version loads without per-model knowledge.
    """
    import skops.io

    return sorted(skops.io.get_untrusted_types(data=skops.io.dumps(pipeline)))


def _deflate_if_local(client: Any, name: str, version: str) -> None:
    """Compress the registered skops file in place when the artifact store is this machine's.

    MLflow writes skops files uncompressed; a text model's JSON schema shrinks about tenfold,
    which keeps ``var/mlartifacts`` small across retrains and speeds up loading. A remote
    artifact store is left alone.
    """
    from urllib.parse import unquote, urlparse

    from service.ml.persistence import deflate_skops

    location = urlparse(str(client.get_model_version_download_uri(name, version)))
    if location.scheme not in ("file", ""):
        return
    skops_file = Path(unquote(location.path)) / "model.skops"
    if skops_file.exists():
        deflate_skops(skops_file)


def _log_evaluation(evaluation: Evaluation, spec: ModelSpec, workdir: Path) -> list[Path]:
    """Plots (when the evaluation carries arrays) and JSON extras, written under workdir."""
    from training.plots import evaluation_plots

    written: list[Path] = []
    if evaluation.y_true is not None and evaluation.y_score is not None:
        written += evaluation_plots(
            evaluation.y_true,
            evaluation.y_score,
            workdir / "plots",
            title=spec.name,
            threshold=float(evaluation.extra.get("threshold", 0.5)),
            label_names=evaluation.extra.get("label_names") or evaluation.extra.get("types"),
        )
    if evaluation.extra:
        extra_path = workdir / "evaluation_extra.json"
        extra_path.write_text(json.dumps(evaluation.extra, default=str, indent=2, sort_keys=True))
        written.append(extra_path)
    return written


def train_and_register(
    spec: ModelSpec,
    options: DataOptions,
    settings: Settings,
    *,
    progress: bool = True,
    key: str | None = None,
    feedback_rows: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Train ``spec`` on ``options``' data, register the version and alias it ``challenger``.

    ``key`` is the short model key (``timesheets``) used to pick reviewer decisions when
    ``options.with_feedback`` is set; ``feedback_rows`` supplies those decisions (an export
    file's rows); without it they are read from Tollgate's database.

    Returns ``{"run_id", "model", "version", "metrics", ...}`` (INTERFACES.md, extended with
    the primary metric, the dataset hash, split sizes and the loader's report).
    """
    import mlflow

    from service.ml.persistence import log_pipeline

    started = time.perf_counter()
    experiment_id = tracking.ensure_experiment(settings, spec.name)
    with _progress(spec.name, progress) as bar:
        _step(bar, "load")
        model_key = key or MODEL_NAMES.get(spec.name, spec.name)
        loaded, report = load_data(spec, model_key, options, settings, feedback_rows)
        frame = loaded.frame
        if frame.empty:
            raise TrainingError(f"{spec.name}: the data has no rows")
        digest = dataset_sha256(frame)
        bar.update()

        _step(bar, "split")
        train, heldout = spec.split(frame)
        if len(train) == 0 or len(heldout) == 0:
            raise TrainingError(
                f"{spec.name}: split left {len(train)} training and {len(heldout)} held-out rows"
            )
        bar.update()

        _step(bar, "fit")
        pipeline = spec.fit(train)
        bar.update()

        _step(bar, "evaluate")
        evaluation = spec.evaluate(pipeline, heldout)
        metrics = _clean_metrics(evaluation.metrics)
        if spec.primary_metric not in metrics:
            raise TrainingError(
                f"{spec.name}: evaluate() returned no finite {spec.primary_metric!r} "
                f"(got {sorted(metrics)})"
            )
        bar.update()

        _step(bar, "log")
        run_name = f"{spec.name}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
        with mlflow.start_run(experiment_id=experiment_id, run_name=run_name) as run, \
                tempfile.TemporaryDirectory(prefix="tollgate-train-") as tmp:
            workdir = Path(tmp)
            params: dict[str, Any] = {
                **{str(k): v for k, v in spec.params.items()},
                "primary_metric": spec.primary_metric,
                "dataset_sha256": digest,
                "n_rows": len(frame),
                "n_train": len(train),
                "n_heldout": len(heldout),
                "seed": options.seed,
                "data": str(options.path) if options.path else "default",
                "label": options.label or "",
                "mapping": dict(options.mapping),
                "with_feedback": options.with_feedback,
            }
            mlflow.log_params({k: _param_value(v) for k, v in params.items()})
            mlflow.set_tags({
                "tollgate.model": spec.name,
                "tollgate.dataset_sha256": digest,
                "tollgate.primary_metric": spec.primary_metric,
            })
            mlflow.log_metrics(metrics)
            (workdir / "data_report.json").write_text(
                json.dumps(report, default=str, indent=2, sort_keys=True)
            )
            mlflow.log_artifact(str(workdir / "data_report.json"))
            for path in _log_evaluation(evaluation, spec, workdir):
                artifact_dir = "plots" if path.parent.name == "plots" else None
                mlflow.log_artifact(str(path), artifact_path=artifact_dir)
            save_heldout(heldout, workdir / HELDOUT_DIR)
            mlflow.log_artifacts(str(workdir / HELDOUT_DIR), artifact_path=HELDOUT_DIR)
            bar.update()

            _step(bar, "register")
            example = spec.input_example(train)
            metadata = {
                "metrics": metrics,
                "primary_metric": spec.primary_metric,
                "dataset_sha256": digest,
                "n_train": len(train),
                "n_heldout": len(heldout),
                "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "run_id": run.info.run_id,
                "description": spec.description,
            }
            with warnings.catch_warnings():
                # MLflow's hint about integer columns in the inferred signature is noise here:
                # the service validates inputs itself before the pipeline sees them.
                warnings.filterwarnings("ignore", message="Hint: Inferred schema contains integer")
                info = log_pipeline(
                    pipeline,
                    registered_model_name=spec.name,
                    input_example=example,
                    metadata=metadata,
                    extra_trusted=skops_trusted_types(pipeline),
                )
            version = str(info.registered_model_version)
            client = tracking.client(settings)
            _deflate_if_local(client, spec.name, version)
            client.set_registered_model_alias(spec.name, CHALLENGER, version)
            client.set_model_version_tag(spec.name, version, "dataset_sha256", digest)
            client.set_model_version_tag(
                spec.name, version, spec.primary_metric, repr(metrics[spec.primary_metric])
            )
            mlflow.log_metric("train_seconds", time.perf_counter() - started)
            bar.update()
    return {
        "run_id": run.info.run_id,
        "model": spec.name,
        "version": version,
        "metrics": metrics,
        "primary_metric": spec.primary_metric,
        "dataset_sha256": digest,
        "n_train": len(train),
        "n_heldout": len(heldout),
        "data_report": report,
    }
