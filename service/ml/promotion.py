"""Champion/challenger promotion, judged on one held-out split and recorded in the audit log.

``tollgate models promote NAME`` loads the held-out split the challenger's training run logged,
scores *both* the challenger and the current champion on it with the model's own
``spec.evaluate`` (the champion's metric is recomputed, never copied from its old run), and
moves the ``champion`` alias only when the challenger is better on ``spec.primary_metric`` by
at least ``min_delta`` (``settings.promote_min_delta``). ``force`` skips the comparison but
requires a reason, which lands in the audit event. Every promotion appends a
``model.promoted`` event in the same database transaction; if moving the alias fails the event
rolls back, and if the commit fails the alias is moved back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from service.ml import tracking
from service.ml.registry import CHAMPION
from service.ml.specs import load_spec

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from service.config import Settings
    from training.spec import ModelSpec

CHALLENGER = "challenger"
PROMOTED_ACTION = "model.promoted"


class PromotionError(RuntimeError):
    """Promotion cannot be decided (no challenger, missing reason, evaluation failed)."""


@dataclass
class PromotionResult:
    """What was compared and what happened."""

    model: str
    promoted: bool
    forced: bool
    metric: str
    min_delta: float
    challenger_version: str
    challenger_metric: float | None
    champion_version: str | None
    champion_metric: float | None
    heldout_run_id: str | None
    heldout_rows: int | None
    reason: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _alias_version(client: Any, name: str, alias: str) -> Any | None:
    from mlflow.exceptions import MlflowException

    try:
        return client.get_model_version_by_alias(name, alias)
    except MlflowException:
        return None


def _metric(spec: ModelSpec, pipeline: Any, heldout: Any, who: str) -> float:
    try:
        metrics = spec.evaluate(pipeline, heldout).metrics
    except Exception as exc:
        raise PromotionError(
            f"{spec.name}: evaluating the {who} on the held-out split failed "
            f"({type(exc).__name__}: {exc}); use --force --reason to override"
        ) from exc
    if spec.primary_metric not in metrics:
        raise PromotionError(f"{spec.name}: evaluate() gave no {spec.primary_metric!r}")
    return float(metrics[spec.primary_metric])


def compare(
    settings: Settings, spec: ModelSpec, challenger: Any, champion: Any | None
) -> tuple[float, float | None, int]:
    """Primary metric of challenger and champion on the challenger run's held-out split."""
    from service.ml.registry import load_registered
    from training.runner import load_heldout

    client = tracking.client(settings)
    try:
        heldout = load_heldout(settings, challenger.run_id)
    except Exception as exc:
        raise PromotionError(
            f"{spec.name} v{challenger.version}: its run logged no held-out split "
            f"({type(exc).__name__}); retrain with `tollgate train` or use --force --reason"
        ) from exc
    challenger_model = load_registered(settings, spec.name, str(challenger.version), client=client)
    challenger_metric = _metric(spec, challenger_model.pipeline, heldout, "challenger")
    champion_metric: float | None = None
    if champion is not None:
        champion_model = load_registered(settings, spec.name, str(champion.version), client=client)
        champion_metric = _metric(spec, champion_model.pipeline, heldout, "champion")
    return challenger_metric, champion_metric, len(heldout)


def _default_factory(settings: Settings) -> sessionmaker[Session]:
    from service.db import make_engine, make_sessionmaker

    return make_sessionmaker(make_engine(settings.sqlalchemy_url, pool_size=settings.db_pool_size))


def promote(
    name: str,
    settings: Settings,
    *,
    actor: str = "cli",
    force: bool = False,
    reason: str | None = None,
    min_delta: float | None = None,
    session_factory: sessionmaker[Session] | None = None,
    spec: ModelSpec | None = None,
) -> PromotionResult:
    """Move ``champion`` to the challenger of ``name`` if it wins (or if forced with a reason).

    ``name`` is the registry name or the short key (``timesheets``). ``session_factory`` is
    the Tollgate database the audit event goes to (default: ``settings.sqlalchemy_url``, whose
    migrations the caller has applied).
    """
    if force and not (reason and reason.strip()):
        raise PromotionError("--force needs --reason: the reason goes into the audit log")
    spec = spec or load_spec(name)
    delta = settings.promote_min_delta if min_delta is None else float(min_delta)
    client = tracking.client(settings)
    challenger = _alias_version(client, spec.name, CHALLENGER)
    if challenger is None:
        raise PromotionError(
            f"{spec.name}: no version has alias 'challenger'; run `tollgate train` first"
        )
    champion = _alias_version(client, spec.name, CHAMPION)
    base: dict[str, Any] = {
        "model": spec.name, "forced": force, "metric": spec.primary_metric, "min_delta": delta,
        "challenger_version": str(challenger.version),
        "champion_version": str(champion.version) if champion is not None else None,
        "reason": reason,
    }
    if champion is not None and str(champion.version) == str(challenger.version):
        return PromotionResult(
            **base, promoted=False, challenger_metric=None, champion_metric=None,
            heldout_run_id=challenger.run_id, heldout_rows=None,
            message=f"{spec.name} v{challenger.version} is already the champion",
        )
    challenger_metric: float | None = None
    champion_metric: float | None = None
    rows: int | None = None
    if force:
        wins = True
        message = f"forced: {reason}"
    else:
        challenger_metric, champion_metric, rows = compare(settings, spec, challenger, champion)
        if champion_metric is None:
            wins = True
            message = "no champion yet; the challenger becomes champion"
        else:
            gain = challenger_metric - champion_metric
            wins = gain > 0 and gain >= delta
            verdict = "beats" if wins else "does not beat"
            message = (
                f"challenger v{challenger.version} {verdict} champion v{base['champion_version']}: "
                f"{spec.primary_metric} {challenger_metric:.4f} vs {champion_metric:.4f} "
                f"(gain {gain:+.4f}, required > 0 and >= {delta:g})"
            )
    result = PromotionResult(
        **base, promoted=wins, challenger_metric=challenger_metric,
        champion_metric=champion_metric, heldout_run_id=challenger.run_id, heldout_rows=rows,
        message=message,
    )
    if wins:
        _record_and_move(settings, client, spec.name, result, actor, session_factory)
    return result


def _record_and_move(
    settings: Settings,
    client: Any,
    name: str,
    result: PromotionResult,
    actor: str,
    session_factory: sessionmaker[Session] | None,
) -> None:
    """Audit event and alias move as one unit (see module docstring)."""
    from service.audit.service import append_event
    from service.db import transaction

    factory = session_factory or _default_factory(settings)
    before = {"champion": result.champion_version, "metric": result.champion_metric}
    after = {
        "champion": result.challenger_version,
        "metric": result.challenger_metric,
        "primary_metric": result.metric,
        "min_delta": result.min_delta,
        "forced": result.forced,
        "reason": result.reason,
        "heldout_run_id": result.heldout_run_id,
        "heldout_rows": result.heldout_rows,
    }
    moved = False
    try:
        with transaction(factory) as session:
            append_event(
                session, actor=actor, action=PROMOTED_ACTION, subject=f"model:{name}",
                before=before, after=after, request_id=None,
            )
            client.set_registered_model_alias(name, CHAMPION, result.challenger_version)
            moved = True
    except Exception:
        if moved:  # the event did not commit: put the alias back where it was
            if result.champion_version is not None:
                client.set_registered_model_alias(name, CHAMPION, result.champion_version)
            else:
                client.delete_registered_model_alias(name, CHAMPION)
        raise
