"""The models the service serves: registry champions, else the bundled models, swapped atomically.

At startup :class:`ModelStore` loads ``models:/NAME@champion`` for every served model. Where the
registry has no champion (a fresh install) or cannot be reached, it loads the bundled MLflow
model directory ``settings.models_dir / NAME`` that ships with the repository, so the service
works offline from the first run. A model that can be loaded from neither is reported (readiness
false, ``GET /v1/models`` says why), never a crash.

:meth:`ModelStore.reload` builds every new model object completely, then swaps one reference
under a lock. Request handlers call :meth:`ModelStore.get` once per request and keep the
:class:`LoadedModel` they got, so a request that started before a reload finishes on the old
model and nothing in flight fails. Loading reads local files (or the configured tracking
server); it never runs pip and never reaches the internet (see service/ml/tracking.py).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from service.config import Settings
from service.ml import tracking

log = logging.getLogger("tollgate.models")

CHAMPION = "champion"
SERVED_MODELS: tuple[str, ...] = ("clause-classifier", "timesheet-anomaly", "invoice-dispute-risk")
OPTIONAL_MODELS: tuple[str, ...] = ("document-type",)
Source = Literal["mlflow", "bundled", "path"]

_MODELS_URI = re.compile(r"^models:/(?P<name>[^/@]+)(?:/(?P<version>\d+)|@(?P<alias>[\w-]+))?/?$")


class ModelUnavailable(LookupError):
    """No usable model under that name (not bundled, not registered, failed to load)."""


@dataclass(frozen=True)
class LoadedModel:
    """One loaded pipeline and what we know about where it came from."""

    name: str
    version: str | None
    source: Source
    uri: str
    pipeline: Any = field(repr=False, compare=False)
    aliases: tuple[str, ...] = ()
    metrics: Mapping[str, float] = field(default_factory=dict)
    run_id: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    stamp: str | None = None  # bundled: the MLmodel file's mtime, so a rebuild is noticed
    loaded_at: datetime = field(default_factory=lambda: datetime.now(UTC), compare=False)

    @property
    def identity(self) -> tuple[str, str | None, str, str | None]:
        """What makes two loads "the same model" (a reload may then reuse the object)."""
        return (self.source, self.version, self.uri, self.stamp)

    def describe(self) -> dict[str, Any]:
        """JSON-ready summary (no pipeline) for ``GET /v1/models`` and ``models list``."""
        return {
            "name": self.name,
            "version": self.version,
            "source": self.source,
            "aliases": list(self.aliases),
            "metrics": dict(self.metrics),
            "run_id": self.run_id,
            "uri": self.uri,
            "loaded_at": self.loaded_at.isoformat(timespec="seconds"),
        }

    def ref(self) -> dict[str, Any]:
        """The ``{"name", "version", "source"}`` triple analysis and scoring results carry."""
        return {"name": self.name, "version": self.version, "source": self.source}


def _float_metrics(raw: Any) -> dict[str, float]:
    out: dict[str, float] = {}
    if isinstance(raw, Mapping):
        for key, value in raw.items():
            try:
                out[str(key)] = float(value)
            except (TypeError, ValueError):
                continue
    return out


def _mlmodel(directory: Path) -> dict[str, Any]:
    """The parsed MLmodel file of a local model directory."""
    import yaml

    with (directory / "MLmodel").open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    return dict(loaded or {})


def _read_mlmodel(directory: Path) -> dict[str, Any]:
    """The MLmodel file's ``metadata`` section (training metrics, version) of a local model."""
    return dict(_mlmodel(directory).get("metadata") or {})


def load_local(directory: Path) -> Any:
    """Load a local sklearn/skops MLflow model directory without importing MLflow.

    Startup loads every served model; importing MLflow only to read a YAML file and call
    ``skops.io.load`` costs about a second on this hardware. The trusted types are exactly the
    ones the MLmodel file lists (as MLflow's own loader does); anything that is not a skops
    sklearn model goes through MLflow.
    """
    flavor = (_mlmodel(directory).get("flavors") or {}).get("sklearn") or {}
    if flavor.get("serialization_format") != "skops" or not flavor.get("pickled_model"):
        from service.ml.persistence import load_pipeline

        return load_pipeline(directory)
    import skops.io

    return skops.io.load(
        directory / str(flavor["pickled_model"]), trusted=flavor.get("skops_trusted_types")
    )


def _metrics_from_metadata(metadata: Mapping[str, Any]) -> dict[str, float]:
    for key in ("metrics", "heldout_metrics", "test_metrics"):
        if isinstance(metadata.get(key), Mapping):
            return _float_metrics(metadata[key])
    return {}


def _stamp(directory: Path) -> str | None:
    try:
        return str((directory / "MLmodel").stat().st_mtime_ns)
    except OSError:
        return None


def load_bundled(settings: Settings, name: str) -> LoadedModel:
    """Load the bundled model directory ``models_dir / name``."""

    directory = settings.models_dir / name
    if not (directory / "MLmodel").exists():
        raise ModelUnavailable(
            f"{name}: no bundled model at {directory} (run `make models`) and no champion "
            "in the registry"
        )
    metadata = _read_mlmodel(directory)
    pipeline = load_local(directory)
    version = metadata.get("version")
    return LoadedModel(
        name=name,
        version=str(version) if version is not None else "bundled",
        source="bundled",
        uri=str(directory),
        pipeline=pipeline,
        metrics=_metrics_from_metadata(metadata),
        run_id=metadata.get("run_id") if isinstance(metadata.get("run_id"), str) else None,
        metadata=metadata,
        stamp=_stamp(directory),
    )


def _version_info(client: Any, name: str, version: str) -> tuple[tuple[str, ...], str | None]:
    model_version = client.get_model_version(name, version)
    return tuple(sorted(model_version.aliases or ())), model_version.run_id


def load_registered(
    settings: Settings, name: str, version: str, *, client: Any = None
) -> LoadedModel:
    """Load version ``version`` of registered model ``name`` with its aliases and metrics."""
    import mlflow.artifacts


    mlflow_client = client or tracking.client(settings)
    aliases, run_id = _version_info(mlflow_client, name, version)
    uri = f"models:/{name}/{version}"
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tollgate-model-") as tmp:
        local = Path(mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=tmp))
        metadata = _read_mlmodel(local)
        pipeline = load_local(local)
    metrics = _metrics_from_metadata(metadata)
    if not metrics and run_id:
        try:
            metrics = _float_metrics(mlflow_client.get_run(run_id).data.metrics)
        except Exception:
            metrics = {}
    return LoadedModel(
        name=name,
        version=str(version),
        source="mlflow",
        uri=uri,
        pipeline=pipeline,
        aliases=aliases,
        metrics=metrics,
        run_id=run_id,
        metadata=metadata,
    )


def champion_version(settings: Settings, name: str, *, client: Any = None) -> str | None:
    """The registry's champion version of ``name``; None when there is none (or no registry).

    Raises only when the registry exists but cannot be queried (e.g. the server is down); the
    caller then falls back to the bundled model.
    """
    if not tracking.registry_exists(settings):
        return None
    from mlflow.exceptions import MlflowException

    mlflow_client = client or tracking.client(settings)
    try:
        return str(mlflow_client.get_model_version_by_alias(name, CHAMPION).version)
    except MlflowException as exc:
        code = getattr(exc, "error_code", "")
        if code in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE", "NOT_FOUND"):
            return None
        raise


@dataclass(frozen=True)
class Champion:
    """A registry champion as the local SQLite store records it."""

    version: str
    aliases: tuple[str, ...]
    run_id: str | None
    local_dir: Path | None  # the model's artifact folder when it is on this machine


def _local_dir(location: str | None) -> Path | None:
    from urllib.parse import unquote, urlparse

    if not location:
        return None
    parsed = urlparse(location)
    if parsed.scheme not in ("file", ""):
        return None
    directory = Path(unquote(parsed.path))
    return directory if (directory / "MLmodel").exists() else None


def sqlite_champions(settings: Settings) -> dict[str, Champion] | None:
    """Champions read straight from the default SQLite registry, without importing MLflow.

    Importing MLflow and opening its store costs about two seconds of CPU, more than loading
    the models themselves; for the default local store two read-only queries suffice. Returns
    ``{}`` when there is no registry file yet and None when the store is not local SQLite or
    its schema is not the expected one, in which case the caller asks MLflow.
    """
    import sqlite3
    from contextlib import closing

    path = tracking.sqlite_path(settings.mlflow_uri)
    if path is None:
        return None
    if not path.exists():
        return {}
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as conn:
            aliases: dict[tuple[str, str], list[str]] = {}
            for name, version, alias in conn.execute(
                "SELECT name, version, alias FROM registered_model_aliases "
                "WHERE workspace = 'default'"
            ):
                aliases.setdefault((name, str(version)), []).append(alias)
            rows = conn.execute(
                "SELECT a.name, a.version, v.run_id, v.storage_location "
                "FROM registered_model_aliases a JOIN model_versions v "
                "ON v.name = a.name AND v.version = a.version AND v.workspace = a.workspace "
                "WHERE a.alias = ? AND a.workspace = 'default'",
                (CHAMPION,),
            ).fetchall()
    except sqlite3.Error:
        return None
    return {
        name: Champion(
            version=str(version),
            aliases=tuple(sorted(aliases.get((name, str(version)), []))),
            run_id=run_id,
            local_dir=_local_dir(location),
        )
        for name, version, run_id, location in rows
    }


def load_champion(name: str, champion: Champion) -> LoadedModel:
    """Load a champion whose artifacts are local (see :func:`sqlite_champions`)."""
    if champion.local_dir is None:
        raise ModelUnavailable(f"{name} v{champion.version}: artifacts are not local")
    metadata = _read_mlmodel(champion.local_dir)
    return LoadedModel(
        name=name,
        version=champion.version,
        source="mlflow",
        uri=f"models:/{name}/{champion.version}",
        pipeline=load_local(champion.local_dir),
        aliases=champion.aliases,
        metrics=_metrics_from_metadata(metadata),
        run_id=champion.run_id,
        metadata=metadata,
    )


class _LazyClient:
    """One MlflowClient per reload, created only if some model needs it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: Any = None
        self.failed = False

    def get(self) -> Any:
        if self._client is None and not self.failed:
            try:
                self._client = tracking.client(self.settings)
            except Exception:
                self.failed = True
        return self._client


class ModelStore:
    """The served models by name; readers never block, reloads swap atomically."""

    def __init__(
        self,
        settings: Settings,
        *,
        names: Iterable[str] = SERVED_MODELS,
        optional: Iterable[str] = OPTIONAL_MODELS,
    ) -> None:
        self.settings = settings
        self.names: tuple[str, ...] = tuple(names)
        self.optional: tuple[str, ...] = tuple(n for n in optional if n not in self.names)
        self._models: Mapping[str, LoadedModel] = MappingProxyType({})
        self._errors: Mapping[str, str] = MappingProxyType({})
        self._notes: Mapping[str, str] = MappingProxyType({})
        self._swap_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self.generation = 0
        self.last_load_seconds: float | None = None
        # Called after a reload swapped in changed models, with their names (inside the reload
        # lock, so the reload returns once they are warm). The app sets it: warming calls the
        # domains' code, which this package must not import.
        self.on_change: Callable[[set[str]], None] | None = None

    @classmethod
    def create(cls, settings: Settings, **kwargs: Any) -> ModelStore:
        """A store with every model loaded (unless ``settings.load_models`` is off)."""
        store = cls(settings, **kwargs)
        if settings.load_models:
            store.reload()
        return store

    # ---- reading (lock-free: one reference read) ----------------------------------------
    def get(self, name: str) -> LoadedModel:
        """The model currently served as ``name``; keep the result for the whole request."""
        model = self._models.get(name)
        if model is None:
            reason = self._errors.get(name) or f"model {name!r} is not loaded"
            raise ModelUnavailable(reason)
        return model

    def pipeline(self, name: str) -> Any:
        """Shortcut for ``get(name).pipeline``."""
        return self.get(name).pipeline

    def snapshot(self) -> Mapping[str, LoadedModel]:
        """All loaded models, as one consistent read-only mapping."""
        return self._models

    @property
    def errors(self) -> Mapping[str, str]:
        """Why each unavailable model is unavailable."""
        return self._errors

    @property
    def ready(self) -> bool:
        """Every required model is loaded (readiness)."""
        models = self._models
        return all(name in models for name in self.names)

    def readiness(self) -> str:
        """``"ok"`` when every required model is loaded, else which are missing and why."""
        models, errors = self._models, self._errors
        missing = [name for name in self.names if name not in models]
        if not missing:
            return "ok"
        return "missing: " + "; ".join(errors.get(name) or name for name in missing)

    def describe(self) -> list[dict[str, Any]]:
        """One entry per model: the loaded one's summary, or the reason it is missing."""
        models, errors, notes = self._models, self._errors, self._notes
        out: list[dict[str, Any]] = []
        for name in (*self.names, *self.optional):
            model = models.get(name)
            if model is not None:
                entry = model.describe()
                entry["status"] = "loaded"
                if name in notes:
                    entry["note"] = notes[name]
                out.append(entry)
            elif name in self.names:
                out.append({
                    "name": name, "version": None, "source": None, "aliases": [],
                    "metrics": {}, "status": "unavailable", "error": errors.get(name),
                })
        return out

    # ---- loading ------------------------------------------------------------------------
    def _load_one(
        self,
        name: str,
        current: LoadedModel | None,
        fast: dict[str, Champion] | None,
        lazy: _LazyClient,
    ) -> tuple[LoadedModel, str | None]:
        """Champion if the registry has one, else bundled; reuses ``current`` if unchanged."""
        note: str | None = None
        champion = fast.get(name) if fast is not None else None
        if champion is not None and champion.local_dir is not None:
            if current is not None and current.source == "mlflow" and (
                current.version == champion.version
            ):
                if current.aliases == champion.aliases:
                    return current, None
                return _with_aliases(current, champion.aliases), None
            try:
                return load_champion(name, champion), None
            except Exception as exc:
                note = f"champion v{champion.version} failed to load ({type(exc).__name__}: {exc})"
        elif fast is None or champion is not None:  # a server, or artifacts elsewhere: MLflow
            client = lazy.get()
            version: str | None = None
            if client is None:
                note = "registry unreachable; serving bundled"
            else:
                try:
                    version = champion_version(self.settings, name, client=client)
                except Exception as exc:
                    note = f"registry unreachable ({type(exc).__name__}); serving bundled"
            if version is not None:
                if current is not None and current.source == "mlflow" and (
                    current.version == version
                ):
                    aliases, _ = _version_info(client, name, version)
                    if aliases == current.aliases:
                        return current, None
                    return _with_aliases(current, aliases), None
                try:
                    return load_registered(self.settings, name, version, client=client), None
                except Exception as exc:
                    note = f"champion v{version} failed to load ({type(exc).__name__}: {exc})"
        if (
            current is not None
            and current.source == "bundled"
            and current.stamp == _stamp(self.settings.models_dir / name)
        ):
            return current, note
        return load_bundled(self.settings, name), note

    def reload(self) -> dict[str, Any]:
        """Load the current champions (else bundled) and swap them in atomically.

        A model that fails to load keeps serving its previous version; a model that never
        loaded is recorded in :attr:`errors`. Returns what changed, per model.
        """
        with self._reload_lock:
            started = time.perf_counter()
            previous = self._models
            fast = sqlite_champions(self.settings)
            lazy = _LazyClient(self.settings)
            fresh: dict[str, LoadedModel] = {}
            errors: dict[str, str] = {}
            notes: dict[str, str] = {}
            changed: dict[str, dict[str, Any]] = {}
            for name in (*self.names, *self.optional):
                current = previous.get(name)
                try:
                    model, note = self._load_one(name, current, fast, lazy)
                except ModelUnavailable as exc:
                    if name in self.names:
                        errors[name] = str(exc)
                    if current is not None:
                        fresh[name] = current
                    continue
                except Exception as exc:
                    if name in self.names or current is not None:
                        errors[name] = f"{name}: failed to load ({type(exc).__name__}: {exc})"
                    if current is not None:
                        fresh[name] = current
                    continue
                fresh[name] = model
                if note:
                    notes[name] = note
                if current is None or current.identity != model.identity:
                    changed[name] = {
                        "from": current.ref() if current else None,
                        "to": model.ref(),
                    }
            with self._swap_lock:
                self._models = MappingProxyType(fresh)
                self._errors = MappingProxyType(errors)
                self._notes = MappingProxyType(notes)
                self.generation += 1
            hook = self.on_change
            if hook is not None and changed:
                try:
                    hook(set(changed))
                except Exception as exc:  # warming is an optimization: never fail a reload
                    log.warning("warm-up after reload failed: %s", exc)
            self.last_load_seconds = time.perf_counter() - started
            return {
                "changed": changed,
                "models": {name: model.ref() for name, model in fresh.items()},
                "errors": errors,
                "seconds": round(self.last_load_seconds, 3),
            }

    def load_all(self) -> dict[str, Any]:
        """Startup load (same as :meth:`reload`; the app's lifespan calls this)."""
        return self.reload()

    def resolve_uri(self, uri: str | None, name: str | None = None) -> LoadedModel:
        """The model a ``--model`` option names (None/"champion": the served one)."""
        if uri in (None, "", CHAMPION):
            if name is None:
                raise ModelUnavailable("a model name is needed to use the served champion")
            return self.get(name)
        return load_uri(self.settings, uri, name=name)


def _with_aliases(model: LoadedModel, aliases: tuple[str, ...]) -> LoadedModel:
    from dataclasses import replace

    return replace(model, aliases=aliases)


def load_uri(settings: Settings, uri: str, *, name: str | None = None) -> LoadedModel:
    """Load any model reference: ``bundled``, a directory, ``models:/NAME/3``,
    ``models:/NAME@alias`` or ``runs:/RUN/PATH`` (and anything else MLflow resolves)."""
    from service.ml.persistence import load_pipeline

    tracking.configure_mlflow(settings)
    if uri == "bundled":
        if name is None:
            raise ModelUnavailable("'bundled' needs to know which model")
        return load_bundled(settings, name)
    if not uri.startswith(("models:/", "runs:/")) and Path(uri).is_dir():
        directory = Path(uri)
        metadata = _read_mlmodel(directory)
        return LoadedModel(
            name=name or directory.name, version=str(metadata.get("version") or "local"),
            source="path", uri=str(directory), pipeline=load_pipeline(directory),
            metrics=_metrics_from_metadata(metadata), metadata=metadata,
        )
    match = _MODELS_URI.match(uri)
    if match is not None:
        client = tracking.client(settings)
        model_name = match["name"]
        version = match["version"]
        if version is None:
            alias = match["alias"] or CHAMPION
            try:
                version = str(client.get_model_version_by_alias(model_name, alias).version)
            except Exception as exc:
                raise ModelUnavailable(f"{uri}: no such alias ({exc})") from exc
        try:
            return load_registered(settings, model_name, version, client=client)
        except Exception as exc:
            raise ModelUnavailable(f"{uri}: cannot load ({type(exc).__name__}: {exc})") from exc
    try:
        pipeline = load_pipeline(uri)
    except Exception as exc:
        raise ModelUnavailable(f"{uri}: cannot load ({type(exc).__name__}: {exc})") from exc
    run_id = uri.split("/")[1] if uri.startswith("runs:/") else None
    return LoadedModel(
        name=name or uri, version=None, source="mlflow", uri=uri, pipeline=pipeline, run_id=run_id,
    )


def resolve_uri(
    uri_or_bundled: str, *, name: str | None = None, settings: Settings | None = None
) -> Any:
    """The pipeline behind ``--model URI`` (``bundled`` needs ``name``)."""
    if settings is None:
        from service.config import get_settings

        settings = get_settings()
    return load_uri(settings, uri_or_bundled, name=name).pipeline


def list_versions(settings: Settings, *, include_bundled: bool = True) -> list[dict[str, Any]]:
    """Every registered version of Tollgate's models (newest first) plus the bundled ones.

    Used by ``tollgate models list``; the metrics are each version's held-out metrics as its
    training run logged them.
    """
    rows: list[dict[str, Any]] = []
    if tracking.registry_exists(settings):
        client = tracking.client(settings)
        for registered in client.search_registered_models():
            versions = client.search_model_versions(f"name = '{registered.name}'")
            # search results carry no aliases; the registered model maps alias -> version.
            by_version: dict[str, list[str]] = {}
            aliases = client.get_registered_model(registered.name).aliases or {}
            for alias, version in aliases.items():
                by_version.setdefault(str(version), []).append(alias)
            for model_version in sorted(versions, key=lambda v: -int(v.version)):
                metrics: dict[str, float] = {}
                if model_version.run_id:
                    try:
                        metrics = _float_metrics(client.get_run(model_version.run_id).data.metrics)
                    except Exception:
                        metrics = {}
                rows.append({
                    "name": registered.name,
                    "version": str(model_version.version),
                    "source": "mlflow",
                    "aliases": sorted(by_version.get(str(model_version.version), [])),
                    "run_id": model_version.run_id,
                    "created_at": datetime.fromtimestamp(
                        model_version.creation_timestamp / 1000, UTC
                    ).isoformat(timespec="seconds"),
                    "metrics": metrics,
                })
    if include_bundled:
        for name in (*SERVED_MODELS, *OPTIONAL_MODELS):
            directory = settings.models_dir / name
            if (directory / "MLmodel").exists():
                metadata = _read_mlmodel(directory)
                rows.append({
                    "name": name,
                    "version": str(metadata.get("version") or "bundled"),
                    "source": "bundled",
                    "aliases": [],
                    "run_id": None,
                    "created_at": None,
                    "metrics": _metrics_from_metadata(metadata),
                    "path": str(directory),
                })
    return rows
