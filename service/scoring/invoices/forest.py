"""A numpy evaluator for a fitted HistGradientBoosting booster, for small batches.

scikit-learn's predictor calls into Cython once per tree: for one invoice and 150 trees that is
150 calls and about a millisecond of fixed overhead, most of a single-invoice request's budget.
Here all trees are packed into flat arrays and walked level by level for every (row, tree) pair
at once, which costs a few dozen numpy operations however many trees there are. The walk follows
the predictor's rule exactly (NaN goes the learned missing-value way, else ``x <= threshold``
goes left); large batches keep using scikit-learn's own code, which is faster per row.
Nothing is stored: the packed arrays are rebuilt from the booster after loading.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

SMALL_BATCH_CELLS = 150_000  # rows x trees below which the packed walk wins


class PackedForest:
    """All trees of a binary HistGradientBoosting booster as flat arrays."""

    def __init__(self, booster: Any) -> None:
        if getattr(booster, "n_trees_per_iteration_", 1) != 1:
            raise ValueError("only binary / single-output boosters are packed")
        trees = [predictors[0].nodes for predictors in booster._predictors]
        if any(bool(nodes["is_categorical"].any()) for nodes in trees):
            raise ValueError("categorical splits are not packed")
        sizes = np.array([len(nodes) for nodes in trees], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        nodes = np.concatenate(trees)
        offset = np.repeat(starts, sizes)
        own = np.arange(len(nodes), dtype=np.int64)
        leaf = nodes["is_leaf"].astype(bool)
        # Leaves point at themselves, so every walk can take the same number of steps.
        self.left = np.where(leaf, own, nodes["left"].astype(np.int64) + offset)
        self.right = np.where(leaf, own, nodes["right"].astype(np.int64) + offset)
        self.feature = np.where(leaf, 0, nodes["feature_idx"]).astype(np.intp)
        self.threshold = nodes["num_threshold"].astype(np.float64)
        self.missing_left = nodes["missing_go_to_left"].astype(bool)
        self.value = nodes["value"].astype(np.float64)
        self.roots = starts
        self.depth = int(nodes["depth"].max()) if len(nodes) else 0
        self.baseline = float(np.ravel(booster._baseline_prediction)[0])
        self.used_features = frozenset(int(i) for i in np.unique(nodes["feature_idx"][~leaf]))

    @property
    def n_trees(self) -> int:
        """How many trees are packed."""
        return len(self.roots)

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """Raw log-odds, equal to ``booster.decision_function(X)`` (up to summation order)."""
        X = np.asarray(X, dtype=np.float64)
        n = X.shape[0]
        idx = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            x = X[rows, self.feature[idx]]
            left = np.where(np.isnan(x), self.missing_left[idx], x <= self.threshold[idx])
            idx = np.where(left, self.left[idx], self.right[idx])
        return np.asarray(self.value[idx].sum(axis=1) + self.baseline)


_PACKED: weakref.WeakKeyDictionary[Any, PackedForest | None] = weakref.WeakKeyDictionary()


def packed_for(booster: Any) -> PackedForest | None:
    """The packed form of ``booster`` (built once per loaded model), None if it cannot be packed."""
    try:
        return _PACKED[booster]
    except KeyError:
        pass
    except TypeError:  # not weak-referenceable
        return None
    try:
        packed: PackedForest | None = PackedForest(booster)
    except (AttributeError, ValueError, KeyError, TypeError):
        packed = None
    _PACKED[booster] = packed
    return packed


def used_features(booster: Any) -> frozenset[int] | None:
    """Column indices any split of the booster reads (None when unknown)."""
    packed = packed_for(booster) if hasattr(booster, "_predictors") else None
    return None if packed is None else packed.used_features


def log_odds(booster: Any, X: np.ndarray) -> np.ndarray:
    """Booster log-odds: packed walk for small batches, scikit-learn's predictor otherwise."""
    packed = packed_for(booster) if hasattr(booster, "_predictors") else None
    if packed is not None and X.shape[0] * packed.n_trees <= SMALL_BATCH_CELLS:
        return packed.decision_function(X)
    if hasattr(booster, "decision_function"):
        return np.asarray(booster.decision_function(X), dtype=np.float64)
    p = np.clip(booster.predict_proba(X)[:, 1], 1e-6, 1 - 1e-6)
    return np.asarray(np.log(p / (1 - p)))
