"""Held-out quality: a fresh generator seed and a different firm, against both anchors.

The pipeline is trained on the default firm's first 75 % of dates (session fixture) and judged
on firms it never saw. Targets from the issue: ROC-AUC >= 0.98 and AP >= 0.75.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from training.timesheets.data import time_split, without_optional
from training.timesheets.evaluation import evaluate_frame
from training.timesheets.generator import ANOMALY_KINDS, OTHER_FIRM, FirmConfig, generate

pytestmark = pytest.mark.slow


def test_same_firm_later_dates(
    trained_pipeline: Any, default_split: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    result = evaluate_frame(trained_pipeline, default_split[1])
    model = result["model"]
    assert model["roc_auc"] >= 0.98
    assert model["average_precision"] >= 0.75
    assert model["average_precision"] > result["anchor_hand_rules"]["average_precision"] + 0.2
    assert model["average_precision"] > result["anchor_isolation_forest"]["average_precision"] + 0.2


def test_fresh_seed_of_the_same_kind_of_firm(trained_pipeline: Any) -> None:
    entries = generate(replace(FirmConfig(), seed=101, name="fresh")).entries
    _, test = time_split(entries, test_fraction=0.5)
    model = evaluate_frame(trained_pipeline, test)["model"]
    assert model["roc_auc"] >= 0.98
    assert model["average_precision"] >= 0.75
    for kind in ANOMALY_KINDS:
        assert model[f"recall_{kind}"] >= 0.5, kind


def test_a_different_firm(trained_pipeline: Any) -> None:
    _, test = time_split(generate(OTHER_FIRM).entries, test_fraction=0.5)
    result = evaluate_frame(trained_pipeline, test)
    assert result["model"]["roc_auc"] >= 0.98
    assert result["model"]["average_precision"] >= 0.75
    assert result["model"]["average_precision"] > result["anchor_hand_rules"]["average_precision"]


def test_a_different_firm_with_a_bare_export_still_beats_the_anchors(trained_pipeline: Any) -> None:
    _, test = time_split(generate(OTHER_FIRM).entries, test_fraction=0.5)
    bare = without_optional(test, keep=("billable", "submitted_at", "task"))
    result = evaluate_frame(trained_pipeline, bare)
    model = result["model"]
    assert model["roc_auc"] > result["anchor_isolation_forest"]["roc_auc"]
    assert model["average_precision"] > result["anchor_isolation_forest"]["average_precision"]
    assert model["average_precision"] > result["anchor_hand_rules"]["average_precision"]


def test_a_stress_firm_with_rarer_anomalies_and_more_legit_odd_habits(trained_pipeline: Any) -> None:
    from training.timesheets.generator import STRESS_FIRM

    _, test = time_split(generate(STRESS_FIRM).entries, test_fraction=0.5)
    result = evaluate_frame(trained_pipeline, test)
    assert result["model"]["roc_auc"] >= 0.98
    assert result["model"]["average_precision"] >= 0.75
    assert result["model"]["precision"] >= 0.7
