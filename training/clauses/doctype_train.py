"""Training data and fitting for the document-type classifier (``models/document-type``).

Labels come from titles: each CUAD contract's ``Document Name`` answer is mapped through the
same title rules the service uses (``service.documents.doctype.TITLE_RULES``), and each public
federal document in ``data/doctype/`` is labeled by what its file is (PWS/SOW/SOO, NDA, other).
The classifier reads the body after the title zone, so it learns what a consulting agreement
or a statement of work *says*, for documents whose title gives nothing away.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import Pipeline

from service.documents.clause_model import drop_vectorizer_stop_words
from service.documents.doctype import DocumentBody, type_from_title
from training.clauses.dataset import PROJECT_ROOT, is_test_contract, read_contracts

FEDERAL_HEADS = PROJECT_ROOT / "data" / "doctype" / "federal_sow_heads.jsonl"


def doctype_frame(
    contracts: list[dict[str, Any]] | None = None, federal: Path | None = FEDERAL_HEADS
) -> pd.DataFrame:
    """Rows ``text``, ``label``, ``group``, ``split`` (CUAD by contract hash, federal by folder)."""
    rows: list[dict[str, str]] = []
    for record in contracts if contracts is not None else read_contracts():
        label = type_from_title(record.get("title", "")) or "other"
        split = "test" if is_test_contract(record["contract"]) else "train"
        rows.append({"text": record["text"][:6000], "label": label, "split": split})
    if federal is not None and federal.exists():
        for line in federal.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            folder = item["source"].split("/", 1)[0]
            split = "test" if is_test_contract(folder) else "train"
            rows.append({"text": item["text"], "label": item["label"], "split": split})
    return pd.DataFrame(rows)


def build_doctype_pipeline() -> Pipeline:
    """Body opening -> word TF-IDF -> balanced multinomial logistic regression."""
    return Pipeline(
        [
            ("body", DocumentBody()),
            (
                "tfidf",
                TfidfVectorizer(
                    ngram_range=(1, 2), min_df=2, max_features=20000, sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            ("clf", LogisticRegression(C=5.0, class_weight="balanced", max_iter=500)),
        ]
    )


def fit_doctype(frame: pd.DataFrame) -> Pipeline:
    """Fit on the rows given (callers pass the train split, or everything for the bundle)."""
    model = build_doctype_pipeline().fit(frame[["text"]], frame["label"])
    drop_vectorizer_stop_words(model)
    return model


def evaluate_doctype(model: Pipeline, frame: pd.DataFrame) -> dict[str, float]:
    """Accuracy and macro-F1 of the classifier alone (no title rules) on ``frame``."""
    predicted = model.predict(frame[["text"]])
    return {
        "accuracy": float(accuracy_score(frame["label"], predicted)),
        "macro_f1": float(f1_score(frame["label"], predicted, average="macro", zero_division=0)),
        "n": float(len(frame)),
    }
