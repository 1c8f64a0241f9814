"""Saved pipelines stay small and fast to load (skops), with identical predictions."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from service.ml.persistence import compact_for_skops, load_pipeline, save_pipeline


def _text_pipeline() -> tuple[object, list[str]]:
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(3000)]
    docs = [" ".join(rng.choice(words, size=30)) for _ in range(400)]
    labels = [int("w1 " in d or "w2 " in d) for d in docs]
    pipeline = make_pipeline(TfidfVectorizer(max_features=2000), LogisticRegression())
    return pipeline.fit(docs, labels), docs


def test_compacted_vocabulary_keeps_predictions_and_drops_files(tmp_path: Path) -> None:
    pipeline, docs = _text_pipeline()
    vectorizer = pipeline.steps[0][1]  # type: ignore[attr-defined]
    assert any(isinstance(v, np.integer) for v in vectorizer.vocabulary_.values())
    before = pipeline.predict_proba(docs)  # type: ignore[attr-defined]

    target = save_pipeline(pipeline, tmp_path / "text-model")
    with zipfile.ZipFile(target / "model.skops") as archive:
        members = archive.infolist()
    assert len(members) < 50  # not one .npy per vocabulary entry
    assert all(m.compress_type == zipfile.ZIP_DEFLATED for m in members)

    loaded = load_pipeline(target)
    np.testing.assert_allclose(loaded.predict_proba(docs), before)
    assert all(type(v) is int for v in loaded.steps[0][1].vocabulary_.values())
    assert getattr(loaded.steps[0][1], "stop_words_", None) is None


def test_compact_is_harmless_on_other_estimators() -> None:
    frame = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0], "b": [1.0, 0.0, 1.0, 0.0]})
    model = LogisticRegression().fit(frame, [0, 0, 1, 1])
    assert compact_for_skops(model) is model
    assert list(model.predict(frame)) == [0, 0, 1, 1]
