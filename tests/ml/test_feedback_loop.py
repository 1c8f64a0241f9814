"""The whole feedback loop through the real service: score timesheets with the bundled model,
reviewers decide the flagged entries, export, retrain with feedback, a new version is
registered, promoted (audited), reloaded and served."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from service.audit.service import list_events
from service.config import Settings
from service.db import make_engine, make_sessionmaker
from service.ml.promotion import promote
from service.ml.registry import ModelStore
from service.ml.specs import SpecNotAvailable, load_spec
from service.review.service import export_decisions
from service.security import Principal, create_key
from tests.conftest import auth
from tests.ml.conftest import MlSettings
from training.runner import train_and_register
from training.spec import DataOptions

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples" / "timesheets" / "timesheets.csv"
NAME = "timesheet-anomaly"

pytestmark = pytest.mark.slow


@pytest.fixture
def loop_app(ml_settings: MlSettings) -> Iterator[tuple[TestClient, Settings]]:
    if not (ROOT / "models" / NAME / "MLmodel").exists() or not SAMPLES.exists():
        pytest.skip("the bundled timesheet model or its sample data has not landed")
    try:
        load_spec("timesheets")
    except SpecNotAvailable as exc:
        pytest.skip(str(exc))
    import shutil

    from service.app import create_app

    settings = ml_settings()  # a private copy: a concurrent `make models` cannot disturb it
    shutil.copytree(ROOT / "models" / NAME, settings.models_dir / NAME)
    app = create_app(settings)
    with TestClient(app) as client:
        store = ModelStore(settings, names=(NAME,), optional=())
        store.load_all()
        app.state.models = store
        yield client, settings


def test_score_review_export_retrain_promote_serve(
    loop_app: tuple[TestClient, Settings],
) -> None:
    client, settings = loop_app
    factory = make_sessionmaker(make_engine(settings.sqlalchemy_url))

    def key(role: str) -> tuple[Principal, str]:
        with factory() as session:
            row, clear = create_key(session, name=f"{role}-loop", role=role)
            session.commit()
            return Principal(id=row.id, name=row.name, role=row.role), clear

    _, workflow = key("workflow")
    _, reviewer = key("reviewer")
    admin, admin_key = key("admin")

    # 1. Score a batch with the bundled model; anomalies become review items.
    sample = pd.read_csv(SAMPLES)
    batch = sample.drop(columns=["is_anomaly", "anomaly_kind"]).head(600)
    entries = batch.astype(object).where(batch.notna(), None).to_dict(orient="records")
    scored = client.post("/v1/risk/timesheets", json={"entries": entries}, headers=auth(workflow))
    assert scored.status_code == 200, scored.text
    body = scored.json()
    assert body["review_items"], "the sample batch should contain flagged entries"
    assert client.get("/v1/models", headers=auth(admin_key)).json()["models"][0]["source"] == (
        "bundled"
    )

    # 2. Reviewers decide: the truth says which flags were real.
    truth = dict(zip(sample["entry_id"].astype(str), sample["is_anomaly"].astype(bool), strict=True))
    decided = {}
    for item in body["review_items"][:12]:
        item_id = item["review_item_id"]
        assert client.post(f"/v1/review/items/{item_id}/claim",
                           headers=auth(reviewer)).status_code == 200
        verdict = "accept" if truth[str(item["entry_id"])] else "reject"
        response = client.post(f"/v1/review/items/{item_id}/decision", headers=auth(reviewer),
                               json={"decision": verdict, "reason": "checked against the plan"})
        assert response.status_code == 200, response.text
        decided[str(item["entry_id"])] = verdict

    # 3. Export (what `tollgate review export` prints) and retrain with the feedback merged.
    with factory() as session:
        exported = export_decisions(session)
    assert {row["payload"]["entry_id"] for row in exported} == set(decided)
    summary = train_and_register(
        load_spec("timesheets"),
        DataOptions(path=SAMPLES, label="is_anomaly", with_feedback=True),
        settings, progress=False, key="timesheets", feedback_rows=exported,
    )
    assert summary["model"] == NAME and summary["version"] == "1"
    feedback = summary["data_report"]["feedback"]
    assert feedback["feedback_rows"] == len(decided)
    assert feedback["overridden"] == len(decided)  # same entry ids: reviewer labels replace

    # 4. Promote (no champion yet: the challenger wins) — audited.
    result = promote("timesheets", settings, session_factory=factory, actor=admin.actor)
    assert result.promoted, result.message
    with factory() as session:
        events, _ = list_events(session, subject=f"model:{NAME}")
    assert [e["action"] for e in events] == ["model.promoted"]

    # 5. Reload without a restart; the next batch is scored by the new champion.
    reloaded = client.post("/v1/models/reload", headers=auth(admin_key))
    assert reloaded.status_code == 200, reloaded.text
    assert reloaded.json()["models"][NAME] == {"name": NAME, "version": "1", "source": "mlflow"}
    again = client.post("/v1/risk/timesheets", json={"entries": entries[:50]},
                        headers=auth(workflow))
    assert again.status_code == 200, again.text
    assert again.json()["model"]["source"] == "mlflow"
