"""The packed small-batch tree walk must give the booster's own log-odds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from service.scoring.invoices.forest import SMALL_BATCH_CELLS, PackedForest, log_odds, packed_for
from training.invoices import spec


def test_packed_walk_equals_scikit_learn(
    pipeline: Any, generated: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    _, test = generated
    X, _ = spec.features_and_label(test)
    F = pipeline.named_steps["features"].transform(X)
    F[::7, 3] = np.nan  # missing values take the learned missing-value branch
    booster = pipeline.steps[-1][1].calibrated_classifiers_[0].estimator
    packed = PackedForest(booster)
    assert packed.n_trees == booster.n_iter_
    np.testing.assert_allclose(
        packed.decision_function(F), booster.decision_function(F), rtol=0, atol=1e-9
    )
    assert packed_for(booster) is packed_for(booster)  # built once per model
    small = F[:3]
    big = np.repeat(F, 1 + SMALL_BATCH_CELLS // (len(F) * packed.n_trees), axis=0)
    np.testing.assert_allclose(log_odds(booster, small), booster.decision_function(small))
    np.testing.assert_allclose(log_odds(booster, big[:5000]), booster.decision_function(big[:5000]))


def test_used_features_are_the_split_features(pipeline: Any) -> None:
    from service.scoring.invoices.forest import used_features

    booster = pipeline.steps[-1][1].calibrated_classifiers_[0].estimator
    used = used_features(booster)
    assert used is not None
    split = {
        int(i)
        for predictors in booster._predictors
        for i in predictors[0].nodes["feature_idx"][~predictors[0].nodes["is_leaf"].astype(bool)]
    }
    assert used == split
    names = pipeline.named_steps["features"].feature_names_
    assert names.index("missing_po") in used
