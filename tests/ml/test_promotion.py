"""Champion/challenger: a better challenger moves champion, a worse one does not, --force with
a reason does, and every promotion lands in the audit chain."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from service.audit.service import list_events, verify_chain
from service.db import make_engine, make_sessionmaker
from service.ml import tracking
from service.ml.promotion import PromotionError, promote
from service.ml.registry import load_registered
from tests.ml.conftest import MlSettings
from tests.ml.toy import make_spec
from training.runner import load_heldout, train_and_register
from training.spec import DataOptions


def _events(factory: sessionmaker[Session]) -> list[dict]:
    with factory() as session:
        events, _ = list_events(session, subject="model:toy-model")
        return events


def _champion(settings: object) -> str:
    client = tracking.client(settings)  # type: ignore[arg-type]
    return str(client.get_model_version_by_alias("toy-model", "champion").version)


def test_promotion_flow_with_audit(ml_settings: MlSettings) -> None:
    settings = ml_settings()
    factory = make_sessionmaker(make_engine(settings.sqlalchemy_url))

    # v1 (weak features): no champion yet, so it becomes champion.
    weak = train_and_register(make_spec("weak"), DataOptions(), settings, progress=False)
    first = promote("toy-model", settings, spec=make_spec("weak"), session_factory=factory,
                    actor="test")
    assert first.promoted and first.champion_version is None
    assert _champion(settings) == weak["version"]

    # v2 (strong features): beats v1 on v2's held-out split; v1's metric is recomputed.
    spec = make_spec("good")
    good = train_and_register(spec, DataOptions(), settings, progress=False)
    second = promote("toy-model", settings, spec=spec, session_factory=factory, actor="test")
    assert second.promoted, second.message
    assert _champion(settings) == good["version"]
    heldout = load_heldout(settings, good["run_id"])
    v1 = load_registered(settings, "toy-model", weak["version"]).pipeline
    assert second.champion_metric == pytest.approx(spec.evaluate(v1, heldout).metrics["roc_auc"])
    assert second.challenger_metric == pytest.approx(good["metrics"]["roc_auc"])
    assert second.challenger_metric > second.champion_metric  # type: ignore[operator]

    # v3 (noise only): worse, so champion stays at v2 and nothing is audited.
    noise = train_and_register(make_spec("noise"), DataOptions(), settings, progress=False)
    third = promote("toy-model", settings, spec=spec, session_factory=factory, actor="test")
    assert not third.promoted
    assert third.challenger_metric < third.champion_metric  # type: ignore[operator]
    assert _champion(settings) == good["version"]
    assert len(_events(factory)) == 2

    # A min delta larger than any gain blocks even a better challenger.
    again = train_and_register(spec, DataOptions(seed=1), settings, progress=False)
    blocked = promote("toy-model", settings, spec=spec, session_factory=factory, min_delta=0.5)
    assert not blocked.promoted and _champion(settings) == good["version"]

    # --force needs a reason; with one it moves champion and records the reason.
    tracking.client(settings).set_registered_model_alias("toy-model", "challenger",
                                                         noise["version"])
    with pytest.raises(PromotionError, match="reason"):
        promote("toy-model", settings, spec=spec, session_factory=factory, force=True)
    forced = promote("toy-model", settings, spec=spec, session_factory=factory, force=True,
                     reason="rollback drill", actor="key:admin1")
    assert forced.promoted and forced.forced
    assert _champion(settings) == noise["version"]
    assert again["version"] != noise["version"]

    events = _events(factory)
    assert [e["action"] for e in events] == ["model.promoted"] * 3
    last = events[-1]
    assert last["actor"] == "key:admin1"
    assert last["before"]["champion"] == good["version"]
    assert last["after"]["champion"] == noise["version"]
    assert last["after"]["reason"] == "rollback drill" and last["after"]["forced"] is True
    assert events[1]["after"]["metric"] == pytest.approx(second.challenger_metric)
    with factory() as session:
        assert verify_chain(session).ok


def test_promote_without_challenger_is_a_clear_error(ml_settings: MlSettings) -> None:
    with pytest.raises(PromotionError, match="challenger"):
        promote("toy-model", ml_settings(), spec=make_spec())


def test_failed_audit_leaves_alias_untouched(
    ml_settings: MlSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = ml_settings()
    factory = make_sessionmaker(make_engine(settings.sqlalchemy_url))
    train_and_register(make_spec(), DataOptions(), settings, progress=False)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr("service.audit.service.append_event", broken)
    with pytest.raises(RuntimeError, match="audit store down"):
        promote("toy-model", settings, spec=make_spec(), session_factory=factory)
    client = tracking.client(settings)
    from mlflow.exceptions import MlflowException

    with pytest.raises(MlflowException):
        client.get_model_version_by_alias("toy-model", "champion")
