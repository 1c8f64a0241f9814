"""A tiny, fast ModelSpec for the ML-platform tests (no dependence on the real models).

Rows have a date, a strong feature, a weak feature and a binary label driven by the strong
one. ``quality`` picks the features the pipeline sees, so tests can train a worse or a better
challenger on the same data and the same time-ordered held-out split.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.pipeline import Pipeline

from training.spec import DataOptions, Evaluation, LoadedData, ModelSpec

FEATURES = {"good": ["strong", "weak"], "weak": ["weak"], "noise": ["noise"]}


def make_frame(n: int = 240, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    strong = rng.normal(size=n)
    weak = 0.35 * strong + rng.normal(size=n)
    label = (strong + 0.4 * rng.normal(size=n)) > 0.2
    return pd.DataFrame({
        "row_id": [f"r{i:04d}" for i in range(n)],
        "day": pd.date_range("2025-01-01", periods=n, freq="D"),
        "strong": strong,
        "weak": weak,
        "noise": rng.normal(size=n),
        "label": label,
    })


def split(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    ordered = frame.sort_values("day", kind="stable")
    cut = int(len(ordered) * 0.75)
    return ordered.iloc[:cut], ordered.iloc[cut:]


def evaluate(pipeline: Any, heldout: pd.DataFrame) -> Evaluation:
    truth = heldout["label"].astype(int).to_numpy()
    score = pipeline.predict_proba(heldout)[:, 1]
    return Evaluation(
        metrics={
            "roc_auc": float(roc_auc_score(truth, score)),
            "average_precision": float(average_precision_score(truth, score)),
        },
        y_true=truth.tolist(),
        y_score=score.tolist(),
        extra={"threshold": 0.5},
    )


def feedback_rows(decisions: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    rows = []
    for row in decisions:
        payload = dict(row.get("payload") or {})
        payload["label"] = row["decision"] == "accept"
        rows.append(payload)
    return pd.DataFrame(rows)


def make_spec(quality: str = "good", name: str = "toy-model", n: int = 240) -> ModelSpec:
    columns = FEATURES[quality]

    def load(options: DataOptions) -> LoadedData:
        frame = pd.read_csv(options.path, parse_dates=["day"]) if options.path else make_frame(n)
        return LoadedData(frame=frame, report={"rows": len(frame), "unknown_columns": []})

    def fit(train: pd.DataFrame) -> Pipeline:
        pipeline = Pipeline([
            ("select", ColumnTransformer([("num", "passthrough", columns)])),
            ("clf", LogisticRegression()),
        ])
        return pipeline.fit(train, train["label"].astype(int))

    def input_example(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[["strong", "weak", "noise"]].head(3)

    return ModelSpec(
        name=name,
        primary_metric="roc_auc",
        load=load,
        split=split,
        fit=fit,
        evaluate=evaluate,
        input_example=input_example,
        feedback_rows=feedback_rows,
        params={"quality": quality, "features": columns},
        description=f"toy model ({quality} features)",
    )
