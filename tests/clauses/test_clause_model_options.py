"""Optional clause-model variants: NB-SVM scaling (off by default) and sentence windows."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from service.documents.clause_features import CUAD_CLAUSE_TYPES
from service.documents.clause_model import (
    DEFAULT_PARAMS,
    NBLinearOVR,
    SentenceWindows,
    WindowedRows,
    build_clause_pipeline,
    sentence_spans,
)

_FILLER = (
    "The parties shall keep records of all shipments made under this agreement. "
    "Invoices are payable within thirty days of receipt by the buyer. "
    "Each notice shall be given in writing to the address stated above. "
    "The headings are for convenience only and do not affect interpretation. "
)
_COVENANT = "During the term the distributor shall not compete with the company in the territory. "


def _frame() -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    rows: list[dict[str, Any]] = []
    for c in range(12):
        for k in range(6):
            positive = k == 0 and c % 2 == 0
            text = _FILLER + (_COVENANT if positive else "") + f"Schedule {k} applies."
            if k % 2:
                text = "Invoices are payable within thirty days of receipt by the buyer."
            rows.append({"text": text, "heading": "General", "context": "", "contract": f"c{c}",
                         "non_compete": int(positive)})
    frame = pd.DataFrame(rows)
    labels = np.zeros((len(frame), len(CUAD_CLAUSE_TYPES)), dtype=np.int64)
    labels[:, CUAD_CLAUSE_TYPES.index("non_compete")] = frame["non_compete"].to_numpy()
    labels[:, CUAD_CLAUSE_TYPES.index("audit_rights")] = (
        frame.index.to_numpy() % 6 == 2
    ).astype(np.int64)
    return frame, labels, frame["contract"].to_numpy()


def test_nb_scaling_is_off_and_windows_on_by_default() -> None:
    assert DEFAULT_PARAMS["nb_scale"] is False
    assert list(DEFAULT_PARAMS["window_sizes"]) == [1, 2, 3]
    model: Any = build_clause_pipeline()
    assert isinstance(model.steps[0][1], SentenceWindows)
    assert model.steps[-1][1].nb_scale is False


def test_nb_scaling_fits_one_folded_weight_matrix() -> None:
    frame, labels, groups = _frame()
    model: Any = build_clause_pipeline({"nb_scale": True, "nb_binary": False, "nb_alpha": 0.1})
    model.fit(frame[["text", "heading", "context"]], labels, groups=groups)
    head = model.steps[-1][1]
    assert isinstance(head.model_, NBLinearOVR)
    words = model.steps[0][1].inner.named_transformers_["words"]
    assert head.model_.columns.sum() == len(words.vocabulary_)
    col = CUAD_CLAUSE_TYPES.index("non_compete")
    scores = head.decision_function(model[:-1].transform(frame[["text", "heading", "context"]]))
    positive = labels[:, col] == 1
    assert scores[positive, col].min() > scores[~positive, col].max()


def test_sentence_spans_join_short_pieces() -> None:
    text = "1.1 Term. The term is five years from the Effective Date; it renews for a year. Ok."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "1.1 Term. The term is five years from the Effective Date;",
        "it renews for a year. Ok.",
    ]


# the toy frame has only a few of the 17 types: sklearn warns about the all-negative ones
@pytest.mark.filterwarnings("ignore:Label not .* is present in all training examples")
def test_windows_max_pool_into_paragraph_margins() -> None:
    frame, labels, groups = _frame()
    inputs = frame[["text", "heading", "context"]]
    model: Any = build_clause_pipeline({"window_sizes": [1, 2], "window_min_chars": 200})
    model.fit(inputs, labels, groups=groups)
    features = model.steps[0][1]
    windowed = features.transform(inputs)
    assert isinstance(windowed, WindowedRows)
    long_rows = {i for i, t in enumerate(inputs["text"]) if len(t) >= 200}
    assert set(windowed.owners.tolist()) == long_rows
    head = model.steps[-1][1]
    pooled = head.decision_function(windowed)
    expected = head._margins(head.model_, windowed.paragraphs)
    np.maximum.at(expected, windowed.owners, head._margins(head.model_, windowed.windows))
    assert np.allclose(pooled, expected)
    # Without long paragraphs the features are exactly the plain feature step's.
    features.min_chars = 10**9
    plain = features.transform(inputs)
    assert plain.owners.size == 0
    assert abs(plain.paragraphs - features.inner.transform(inputs)).max() < 1e-6


def test_window_rows_label_windows_by_gold_overlap() -> None:
    from training.clauses.dataset import window_rows

    text = _FILLER + _COVENANT + "Schedule 1 applies to all deliveries."
    start = text.index(_COVENANT)
    frame = pd.DataFrame([{
        "text": text, "heading": "General", "context": "", "contract": "c0",
        "gold_excerpts": [("non_compete", start, start + len(_COVENANT) - 1)],
    }])
    rows = window_rows(frame, sizes=(1,), min_chars=200)
    positive = rows[rows["non_compete"] == 1]["text"].tolist()
    assert positive == [_COVENANT.strip()]
    assert len(rows) == len(sentence_spans(text))
    assert window_rows(frame.drop(columns="gold_excerpts")).empty
