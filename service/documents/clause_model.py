"""The clause classifier as one scikit-learn pipeline: features, then a named multi-label head.

``build_clause_pipeline`` is the single definition training, tests and the bundled model use.
The head (:class:`MultiLabelClauseClassifier`) remembers which clause type each output column
is and calibrates each type's scores with Platt scaling fitted on out-of-fold predictions
(folds grouped by contract). With ``calibration="document"`` (the default) the calibration
target is the document: a paragraph's confidence is the probability that a document whose
best-scoring paragraph for that type scores like this one does contain the clause, which is
the question a reviewer asks ("does this contract cap liability, and where?"). With
``"paragraph"`` it is the probability that this very paragraph was labeled with the clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from service.documents.clause_features import CUAD_CLAUSE_TYPES, LegalPhraseFeatures

DEFAULT_PARAMS: dict[str, Any] = {
    "C": 10.0,
    "class_weight": None,
    "word_max_features": 40000,
    "word_ngrams": 2,
    "heading_max_features": 4000,
    "char_max_features": 0,
    "phrases": True,
    "calibration_folds": 3,
    "calibration": "document",
    "estimator": "logreg",
}


class MultiLabelClauseClassifier(BaseEstimator, ClassifierMixin):  # type: ignore[misc]
    """One-vs-rest linear head over named clause types with per-type Platt calibration.

    ``fit(X, Y, groups=...)``: ``Y`` is an (n, k) 0/1 matrix in ``clause_types`` order. With
    ``calibration_folds >= 2`` the raw decision scores are calibrated on out-of-fold scores
    (grouped by ``groups``, i.e. contracts, so no contract calibrates itself).
    """

    def __init__(
        self,
        estimator: Any = None,
        clause_types: Sequence[str] = CUAD_CLAUSE_TYPES,
        calibration_folds: int = 3,
        calibration: str = "document",
    ) -> None:
        self.estimator = estimator
        self.clause_types = clause_types
        self.calibration_folds = calibration_folds
        self.calibration = calibration

    def _base(self) -> Any:
        base = self.estimator if self.estimator is not None else LogisticRegression(C=10.0)
        return OneVsRestClassifier(clone(base))

    def fit(self, X: Any, Y: Any, groups: Any = None) -> MultiLabelClauseClassifier:
        """Fit the head on all rows; fit calibration on grouped out-of-fold scores."""
        Y = np.asarray(Y, dtype=np.int64)
        self.classes_ = np.asarray(list(self.clause_types), dtype=object)
        self.model_ = self._base().fit(X, Y)
        k = Y.shape[1]
        self.calib_a_ = np.ones(k)
        self.calib_b_ = np.zeros(k)
        self.calibrated_ = False
        if self.calibration_folds >= 2 and groups is not None:
            oof = np.zeros(Y.shape, dtype=np.float64)
            folds = GroupKFold(n_splits=self.calibration_folds)
            for train_idx, test_idx in folds.split(X, Y, groups):
                part = self._base().fit(X[train_idx], Y[train_idx])
                oof[test_idx] = part.decision_function(X[test_idx])
            x_cal, y_cal = oof, Y
            if self.calibration == "document":
                x_cal, y_cal = _group_max(oof, groups), _group_max(Y, groups)
            for j in range(k):
                if y_cal[:, j].min() == y_cal[:, j].max():
                    continue
                platt = LogisticRegression(C=1e4).fit(x_cal[:, [j]], y_cal[:, j])
                self.calib_a_[j] = float(platt.coef_[0, 0])
                self.calib_b_[j] = float(platt.intercept_[0])
            self.calibrated_ = True
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Raw one-vs-rest margins, one column per clause type."""
        return np.asarray(self.model_.decision_function(X)).reshape(X.shape[0], -1)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probability per paragraph (rows) and clause type (columns)."""
        if not self.calibrated_:
            return np.asarray(self.model_.predict_proba(X))
        z = self.decision_function(X) * self.calib_a_ + self.calib_b_
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, X: Any) -> np.ndarray:
        """0/1 matrix at probability 0.5."""
        return (self.predict_proba(X) >= 0.5).astype(np.int64)


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

    def fit(self, X: Any, y: Any = None, groups: Any = None, **params: Any) -> GroupedPipeline:
        """Fit the feature steps, then the head with ``groups``."""
        Xt = X
        for _, step in self.steps[:-1]:
            if step is None or step == "passthrough":
                continue
            Xt = step.fit_transform(Xt, y)
        head = self.steps[-1][1]
        if groups is not None:
            head.fit(Xt, y, groups=np.asarray(groups))
        else:
            head.fit(Xt, y)
        return self


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
    if p["phrases"]:
        parts.append(("phrases", LegalPhraseFeatures(), ["text"]))
    estimator: Any
    if p["estimator"] == "svm":
        estimator = LinearSVC(C=float(p["C"]), class_weight=p["class_weight"])
    else:
        estimator = LogisticRegression(
            C=float(p["C"]), class_weight=p["class_weight"], solver="liblinear", max_iter=300
        )
    head = MultiLabelClauseClassifier(
        estimator=estimator,
        clause_types=CUAD_CLAUSE_TYPES,
        calibration_folds=int(p["calibration_folds"]),
        calibration=str(p["calibration"]),
    )
    return GroupedPipeline([("features", ColumnTransformer(parts)), ("head", head)])
