"""The clause classifier as one scikit-learn pipeline: features, then a named multi-label head.

``build_clause_pipeline`` is the single definition training, tests and the bundled model use.
The head (:class:`MultiLabelClauseClassifier`) remembers which clause type each output column
is and turns linear margins into calibrated probabilities (Platt scaling on out-of-fold
margins, folds grouped by contract), at two levels: the paragraph and the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import GroupKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from service.documents.clause_features import (
    CUAD_CLAUSE_TYPES,
    ClauseCueFeatures,
    LegalPhraseFeatures,
    SentenceCueFeatures,
)

# Chosen on a validation split carved out of the training contracts (never the held-out
# contracts): a linear SVM beat logistic regression on paragraph mAP and contract macro-F1;
# class weighting, word trigrams, previous-paragraph context and a document-level stack over
# all types' scores did not help (see training/clauses/README.md). ``extra_cues`` (the second
# wording-cue set) and ``excerpt_rows`` (gold excerpts as extra training positives, see
# ``training.clauses.dataset.excerpt_rows``) won in grouped cross-validation over the training
# contracts, and so did ``sentence_cues`` (``SentenceCueFeatures``: termination on notice or at
# will with no condition in the same sentence).
DEFAULT_PARAMS: dict[str, Any] = {
    "estimator": "svm",
    "C": 0.3,
    "class_weight": None,
    "word_max_features": 40000,
    "word_ngrams": 2,
    "heading_max_features": 4000,
    "char_max_features": 0,
    "context_max_features": 0,
    "phrases": True,
    "cues": True,
    "cue_weight": 1.0,
    "extra_cues": True,
    "sentence_cues": True,
    "excerpt_rows": True,
    "calibration_folds": 3,
    "tune_thresholds": True,
    "threshold_min_gain": 0.2,
}

# Candidate document-level cuts for ``document_thresholds_`` (see ``choose_thresholds``).
THRESHOLD_GRID: tuple[float, ...] = tuple(round(0.15 + 0.05 * i, 2) for i in range(10))


class MultiLabelClauseClassifier(BaseEstimator, ClassifierMixin):  # type: ignore[misc]
    """One-vs-rest linear head over named clause types, calibrated twice per type.

    ``fit(X, Y, groups=...)``: ``Y`` is an (n, k) 0/1 matrix in ``clause_types`` order and
    ``groups`` names each row's document. Out-of-fold margins (folds grouped by document, so no
    document calibrates itself) fit two Platt scalings per type:

    - ``predict_proba``: the probability that *this paragraph* carries the clause;
    - ``document_proba``: the probability that *the document* contains the clause when this
      paragraph is its best-scoring one for the type (fitted on per-document maxima). This is
      the question a reviewer asks first ("does this contract cap liability, and where?").
    """

    def __init__(
        self,
        estimator: Any = None,
        clause_types: Sequence[str] = CUAD_CLAUSE_TYPES,
        calibration_folds: int = 3,
        tune_thresholds: bool = False,
        threshold_min_gain: float = 0.2,
    ) -> None:
        self.estimator = estimator
        self.clause_types = clause_types
        self.calibration_folds = calibration_folds
        self.tune_thresholds = tune_thresholds
        self.threshold_min_gain = threshold_min_gain

    def _base(self) -> Any:
        base = self.estimator if self.estimator is not None else LogisticRegression(C=10.0)
        return OneVsRestClassifier(clone(base))

    def fit(
        self, X: Any, Y: Any, groups: Any = None, calibrate: Any = None
    ) -> MultiLabelClauseClassifier:
        """Fit the head on all rows; fit both calibrations on grouped out-of-fold margins.

        ``calibrate`` (optional 0/1 per row) marks the rows that are real paragraphs: extra
        training rows (excerpt positives) help fit the margins but must not calibrate them,
        since no document ever presents them.
        """
        Y = np.asarray(Y, dtype=np.int64)
        self.classes_ = np.asarray(list(self.clause_types), dtype=object)
        self.model_ = self._base().fit(X, Y)
        k = Y.shape[1]
        if groups is None:
            groups = np.arange(Y.shape[0]) // 200  # no documents given: pseudo-documents
        groups = np.asarray(groups)
        n_groups = len(np.unique(groups))
        folds = GroupKFold(n_splits=max(2, min(self.calibration_folds, n_groups)))
        oof = np.zeros(Y.shape, dtype=np.float64)
        for train_idx, test_idx in folds.split(X, Y, groups):
            part = self._base().fit(X[train_idx], Y[train_idx])
            oof[test_idx] = np.asarray(part.decision_function(X[test_idx])).reshape(
                len(test_idx), k
            )
        if calibrate is not None:
            keep = np.asarray(calibrate, dtype=bool)
            oof, Y, groups = oof[keep], Y[keep], groups[keep]
        self.paragraph_calibration_ = _platt(oof, Y)
        doc_scores, doc_labels = _group_max(oof, groups), _group_max(Y, groups)
        self.document_calibration_ = _platt(doc_scores, doc_labels)
        # Per-type cuts on the same out-of-fold document scores: the training contracts pick
        # them, so the held-out contracts never do.
        self.document_thresholds_ = (
            choose_thresholds(
                _sigmoid(doc_scores, self.document_calibration_),
                doc_labels,
                min_gain=self.threshold_min_gain,
            )
            if self.tune_thresholds
            else np.full(k, 0.5)
        )
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Raw one-vs-rest margins, one column per clause type."""
        return np.asarray(self.model_.decision_function(X)).reshape(X.shape[0], -1)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probability that each paragraph (row) carries each clause type (column)."""
        return _sigmoid(self.decision_function(X), self.paragraph_calibration_)

    def document_proba(self, X: Any) -> np.ndarray:
        """Calibrated probability that the document holds the type, if this row is its best."""
        return _sigmoid(self.decision_function(X), self.document_calibration_)

    def predict(self, X: Any) -> np.ndarray:
        """0/1 matrix at paragraph probability 0.5."""
        return (self.predict_proba(X) >= 0.5).astype(np.int64)


def choose_thresholds(
    proba: np.ndarray,
    labels: np.ndarray,
    grid: Sequence[float] = THRESHOLD_GRID,
    min_gain: float = 0.0,
) -> np.ndarray:
    """Per-column cut on document-level probabilities that maximises contract-level F1.

    Calibrated probabilities are honest about frequency, not about F1: for a rare type the
    F1-optimal cut lies below 0.5 (at about F1*/2), so a uniform 0.5 under-detects rare clauses
    such as most-favoured-nation. F1 is smoothed over neighbouring grid points (a 3-point mean)
    so a few contracts cannot pull the cut to an isolated spike; ties go to the cut nearest 0.5.
    A type keeps 0.5 unless the best cut beats 0.5's smoothed F1 by ``min_gain``: every extra
    detection of a frequent type that is wrong also costs span precision, so only types whose
    0.5 cut is badly placed (the rare ones) move.
    """
    grid_arr = np.asarray(grid, dtype=np.float64)
    out = np.full(proba.shape[1], 0.5)
    for j in range(proba.shape[1]):
        y = labels[:, j].astype(bool)
        if not y.any():
            continue
        f1 = np.empty(len(grid_arr))
        for i, cut in enumerate(grid_arr):
            pred = proba[:, j] >= cut
            tp = float(np.sum(pred & y))
            f1[i] = 2 * tp / (pred.sum() + y.sum()) if pred.sum() + y.sum() else 0.0
        smooth = np.convolve(np.pad(f1, 1, mode="edge"), np.ones(3) / 3, mode="valid")
        best = np.flatnonzero(smooth >= smooth.max() - 1e-9)
        cut = float(grid_arr[best[np.argmin(np.abs(grid_arr[best] - 0.5))]])
        at_half = np.flatnonzero(np.isclose(grid_arr, 0.5))
        if at_half.size and smooth.max() - smooth[at_half[0]] < min_gain:
            cut = 0.5
        out[j] = cut
    return out


def _platt(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per-column Platt scaling (a, b) as a (2, k) array; identity-ish for one-class columns."""
    k = scores.shape[1]
    out = np.vstack([np.ones(k), np.zeros(k)])
    for j in range(k):
        if labels[:, j].min() == labels[:, j].max():
            continue
        platt = LogisticRegression(C=1e4).fit(scores[:, [j]], labels[:, j])
        out[0, j] = float(platt.coef_[0, 0])
        out[1, j] = float(platt.intercept_[0])
    return out


def _sigmoid(margins: np.ndarray, calibration: np.ndarray) -> np.ndarray:
    z = np.clip(margins * calibration[0] + calibration[1], -50.0, 50.0)
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def _group_max(values: np.ndarray, groups: Any) -> np.ndarray:
    """Column-wise maximum of ``values`` within each group (rows: groups in first-seen order)."""
    codes, _ = _factorize(groups)
    out = np.full((codes.max() + 1, values.shape[1]), -np.inf)
    np.maximum.at(out, codes, values)
    return out


def _factorize(groups: Any) -> tuple[np.ndarray, np.ndarray]:
    uniques, codes = np.unique(np.asarray(groups), return_inverse=True)
    return codes.astype(np.int64), uniques


class GroupedPipeline(Pipeline):
    """A Pipeline whose ``fit`` forwards ``groups`` to the final step (for grouped calibration)."""

    def fit(
        self, X: Any, y: Any = None, groups: Any = None, calibrate: Any = None, **params: Any
    ) -> GroupedPipeline:
        """Fit the feature steps, then the head with ``groups`` (and ``calibrate``)."""
        Xt = X
        for _, step in self.steps[:-1]:
            if step is None or step == "passthrough":
                continue
            Xt = step.fit_transform(Xt, y)
        head = self.steps[-1][1]
        if groups is not None and calibrate is not None:
            head.fit(Xt, y, groups=np.asarray(groups), calibrate=np.asarray(calibrate))
        elif groups is not None:
            head.fit(Xt, y, groups=np.asarray(groups))
        else:
            head.fit(Xt, y)
        drop_vectorizer_stop_words(self)
        return self


def drop_vectorizer_stop_words(estimator: Any) -> None:
    """Delete fitted TF-IDF vectorizers' ``stop_words_`` (every term cut by min_df/max_features).

    scikit-learn keeps it only for introspection; it is most of a saved model's size (tens of
    MB for CUAD) and plays no part in ``transform``.
    """
    stack = [estimator]
    while stack:
        obj = stack.pop()
        if isinstance(obj, TfidfVectorizer) and hasattr(obj, "stop_words_"):
            del obj.stop_words_
        for attr in ("steps", "transformers_"):
            for item in getattr(obj, attr, None) or []:
                stack.append(item[1])


def document_proba(pipeline: Any, X: Any) -> np.ndarray:
    """``document_proba`` of a fitted clause pipeline (features, then the head)."""
    features = pipeline[:-1].transform(X)
    return np.asarray(pipeline[-1].document_proba(features))


def build_clause_pipeline(params: dict[str, Any] | None = None) -> GroupedPipeline:
    """The untrained clause pipeline: text/heading TF-IDF (+ phrases, + char n-grams) -> head.

    Input is a DataFrame with columns ``text`` and ``heading`` (see ``paragraph_frame``).
    """
    p = {**DEFAULT_PARAMS, **(params or {})}
    parts: list[tuple[str, Any, Any]] = [
        (
            "words",
            TfidfVectorizer(
                ngram_range=(1, int(p["word_ngrams"])),
                min_df=2,
                max_features=int(p["word_max_features"]),
                sublinear_tf=True,
                dtype=np.float32,
            ),
            "text",
        ),
        (
            "heading",
            TfidfVectorizer(
                ngram_range=(1, 2),
                min_df=2,
                max_features=int(p["heading_max_features"]),
                sublinear_tf=True,
                dtype=np.float32,
            ),
            "heading",
        ),
    ]
    if int(p["char_max_features"]) > 0:
        parts.append(
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(3, 5),
                    min_df=3,
                    max_features=int(p["char_max_features"]),
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
                "text",
            )
        )
    if int(p["context_max_features"]) > 0:
        parts.append(
            (
                "context",
                TfidfVectorizer(
                    ngram_range=(1, 1),
                    min_df=3,
                    max_features=int(p["context_max_features"]),
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
                "context",
            )
        )
    if p["phrases"]:
        parts.append(("phrases", LegalPhraseFeatures(), ["text"]))
    if p.get("cues", False):
        cues = ClauseCueFeatures(float(p.get("cue_weight", 1.0)), bool(p.get("extra_cues", False)))
        parts.append(("cues", cues, ["text", "context"]))
    if p.get("sentence_cues", False):
        parts.append(("sentence_cues", SentenceCueFeatures(), "text"))
    estimator: Any
    if p["estimator"] == "svm":
        estimator = LinearSVC(C=float(p["C"]), class_weight=p["class_weight"])
    elif p["estimator"] == "sgd":
        estimator = SGDClassifier(
            loss="hinge",
            alpha=float(p.get("alpha", 1e-4)),
            max_iter=int(p.get("epochs", 20)),
            tol=None,
            class_weight=p["class_weight"],
            random_state=0,
        )
    else:
        estimator = LogisticRegression(
            C=float(p["C"]), class_weight=p["class_weight"], solver="liblinear", max_iter=300
        )
    head = MultiLabelClauseClassifier(
        estimator=estimator,
        clause_types=CUAD_CLAUSE_TYPES,
        calibration_folds=int(p["calibration_folds"]),
        tune_thresholds=bool(p.get("tune_thresholds", False)),
        threshold_min_gain=float(p.get("threshold_min_gain", 0.2)),
    )
    return GroupedPipeline([("features", ColumnTransformer(parts)), ("head", head)])
