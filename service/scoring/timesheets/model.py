"""The timesheet anomaly pipeline: context features, then a detector that combines model and checks.

:class:`TimesheetDetector` runs on the features of :class:`TimesheetFeatures`:

- an IsolationForest, always, on the continuous "how unusual for this person" features: it
  needs no labels, so a firm with no reviewed history still gets a score;
- when labels exist (the generator's, or reviewer decisions), a HistGradientBoosting
  classifier on all features plus the forest's score and the checks' flags. It learns how much
  each check means in context (a weekend by a weekend worker is not a finding) and ranks
  entries no single rule catches;
- the score is ``1 - (1 - p_model) * (1 - w * s_checks)``: the model's probability, lifted by the
  most reliable firing check (``s_checks``: the check's precision measured on the labeled
  training rows, shrunk towards ``checks.SEVERITY``; weight ``check_weight``), so
  a hard fact such as a duplicate or an entry after the project ended is never buried by a model
  that has not seen such a case. Without labels, ``p_model`` is the forest's score mapped to 0..1
  by its training distribution.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier, IsolationForest
from sklearn.pipeline import Pipeline
from threadpoolctl import ThreadpoolController

from service.scoring.timesheets.checks import CODES, SEVERITY
from service.scoring.timesheets.features import TimesheetFeatures

MODEL_NAME = "timesheet-anomaly"

# Features the unsupervised forest sees: continuous deviations from the person's own habits.
FOREST_FEATURES: tuple[str, ...] = (
    "hours_ratio", "hours_z", "daily_ratio", "daily_excess", "weekday_share", "dup_rank",
    "pair_n_log", "run_excess", "lag_excess", "days_after_end", "days_before_start",
    "budget_ratio",
)
# Pseudo-observations at the prior severity when a check's precision is learned from labels.
PRIOR_STRENGTH = 10.0

# Value for a missing forest input: "nothing unusual" for that feature.
_FOREST_NEUTRAL: dict[str, float] = {
    "hours_ratio": 1.0, "hours_z": 0.0, "daily_ratio": 1.0, "daily_excess": -1.0,
    "weekday_share": 0.2, "dup_rank": 0.0, "pair_n_log": 4.0, "run_excess": 0.0,
    "lag_excess": 0.0, "days_after_end": -30.0, "days_before_start": -30.0, "budget_ratio": 0.5,
}


_CONTROLLER: list[ThreadpoolController] = []


def _one_thread() -> Any:
    """A context limiting OpenMP to one thread (the controller is built once: ~4 ms each)."""
    if not _CONTROLLER:
        _CONTROLLER.append(ThreadpoolController())
    return _CONTROLLER[0].limit(limits=1, user_api="openmp")


class TimesheetDetector(ClassifierMixin, BaseEstimator):
    """Anomaly probability per entry from context features (see module docstring)."""

    def __init__(
        self,
        n_trees: int = 40,
        max_iter: int = 250,
        learning_rate: float = 0.15,
        max_leaf_nodes: int = 31,
        check_weight: float = 0.6,
        random_state: int = 0,
    ) -> None:
        self.n_trees = n_trees
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.check_weight = check_weight
        self.random_state = random_state

    def _forest_input(self, X: pd.DataFrame) -> np.ndarray:
        values = X[list(FOREST_FEATURES)].to_numpy(dtype="float64")
        neutral = np.array([_FOREST_NEUTRAL[c] for c in FOREST_FEATURES])
        values = np.where(np.isnan(values), neutral, values)
        return np.clip(values, -1e3, 1e3)

    def _check_strength(self, X: pd.DataFrame) -> np.ndarray:
        flags = X[[f"chk_{c}" for c in CODES]].to_numpy(dtype="float64")
        weights = np.asarray(getattr(self, "check_precision_", [SEVERITY[c] for c in CODES]))
        return (flags * weights).max(axis=1) if len(flags) else np.zeros(0)

    def _learn_check_precision(self, X: pd.DataFrame, labels: np.ndarray | None) -> None:
        """How often each check is right, shrunk towards the prior severity.

        With labels, a check's weight in the score is its measured precision on the training
        rows (``PRIOR_STRENGTH`` pseudo-observations at the prior keep rare checks sane);
        without labels the prior severities of ``checks.SEVERITY`` are used.
        """
        prior = np.array([SEVERITY[c] for c in CODES])
        if labels is None or not self.supervised_:
            self.check_precision_ = prior
            return
        flags = X[[f"chk_{c}" for c in CODES]].to_numpy(dtype="float64") > 0
        hits = flags.sum(axis=0)
        right = (flags & (labels[:, None] > 0)).sum(axis=0)
        self.check_precision_ = (right + PRIOR_STRENGTH * prior) / (hits + PRIOR_STRENGTH)

    def fit(self, X: pd.DataFrame, y: Any = None) -> TimesheetDetector:
        """Fit the forest; fit the supervised model too when ``y`` has both classes."""
        self.feature_names_: list[str] = list(X.columns)
        self.forest_ = IsolationForest(
            n_estimators=self.n_trees, max_samples=256, random_state=self.random_state, n_jobs=1
        ).fit(self._forest_input(X))
        raw = -self.forest_.score_samples(self._forest_input(X))
        # forest score -> 0..1 by position within the training distribution
        self.forest_quantiles_ = np.quantile(raw, np.linspace(0.0, 1.0, 101)).astype("float64")
        labels = None if y is None else np.asarray(y, dtype=float)
        self.supervised_ = bool(
            labels is not None and not np.isnan(labels).any() and len(np.unique(labels)) == 2
        )
        self.classes_ = np.array([False, True])
        if self.supervised_:
            with _one_thread():
                self._fit_booster(X, raw, labels)  # type: ignore[arg-type]
        self._learn_check_precision(X, labels)
        return self

    def _fit_booster(self, X: pd.DataFrame, raw: np.ndarray, labels: np.ndarray) -> None:
        self.booster_ = HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            l2_regularization=1.0,
            random_state=self.random_state,
        ).fit(self._booster_input(X, raw), labels.astype(int))

    def _forest_prob(self, raw: np.ndarray) -> np.ndarray:
        q = self.forest_quantiles_
        return np.interp(raw, q, np.linspace(0.0, 1.0, len(q))) ** 4

    def _booster_input(self, X: pd.DataFrame, raw: np.ndarray) -> np.ndarray:
        return np.column_stack([X[self.feature_names_].to_numpy(dtype="float64"), raw])

    def model_probability(self, X: pd.DataFrame) -> np.ndarray:
        """The model's part of the score, before the checks are folded in.

        Prediction runs single-threaded: on a shared box, OpenMP threads contending for busy
        cores made the booster ~10x slower than one thread.
        """
        with _one_thread():
            raw = -self.forest_.score_samples(self._forest_input(X))
            if self.supervised_:
                booster_input = self._booster_input(X, raw)
                return np.asarray(self.booster_.predict_proba(booster_input)[:, 1])
        return np.asarray(self._forest_prob(raw))

    def score(self, X: pd.DataFrame, y: Any = None, sample_weight: Any = None) -> float:
        """Average precision on labeled ``X`` (sklearn's ``score`` hook)."""
        from sklearn.metrics import average_precision_score

        return float(average_precision_score(np.asarray(y, dtype=int), self.anomaly_score(X)))

    def anomaly_score(self, X: pd.DataFrame) -> np.ndarray:
        """Final 0..1 score: model probability combined with the checks."""
        if not len(X):
            return np.zeros(0)
        p = self.model_probability(X)
        s = self._check_strength(X)
        return np.asarray(1.0 - (1.0 - p) * (1.0 - self.check_weight * s))

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """``[[1 - score, score], ...]`` so the pipeline behaves like any sklearn classifier."""
        score = self.anomaly_score(X)
        return np.column_stack([1.0 - score, score])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """Anomaly at the default 0.5 threshold (the service applies its own threshold)."""
        return self.anomaly_score(X) >= 0.5


def build_pipeline(
    *, check_weight: float = 0.6, random_state: int = 0, **feature_params: Any
) -> Pipeline:
    """An unfitted pipeline: raw canonical entries in, anomaly probability out."""
    return Pipeline(
        [
            ("features", TimesheetFeatures(**feature_params)),
            ("detector", TimesheetDetector(check_weight=check_weight, random_state=random_state)),
        ]
    )


def score_frame(pipeline: Pipeline, frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Scores and the rich feature frame (for reasons) of the non-context rows of ``frame``."""
    features: TimesheetFeatures = pipeline.named_steps["features"]
    detector: TimesheetDetector = pipeline.named_steps["detector"]
    rich = features.transform_context(frame)
    return detector.anomaly_score(rich[features.feature_names_]), rich
