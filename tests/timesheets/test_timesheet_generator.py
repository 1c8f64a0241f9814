"""The generator is deterministic, labels every kind, and respects the entry schema."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from pandas.testing import assert_frame_equal

from service.scoring.timesheets.columns import REQUIRED
from training.timesheets.generator import ANOMALY_KINDS, OTHER_FIRM, FirmConfig, generate

SMALL = replace(FirmConfig(), n_consultants=20, n_projects=12, days=120, seed=3)


def test_same_config_gives_identical_frames() -> None:
    first, second = generate(SMALL), generate(SMALL)
    assert_frame_equal(first.entries, second.entries)
    assert_frame_equal(first.projects, second.projects)


def test_different_seed_gives_a_different_firm() -> None:
    other = generate(replace(SMALL, seed=4)).entries
    base = generate(SMALL).entries
    assert len(other) != len(base) or not other["hours"].equals(base["hours"])


def test_every_anomaly_kind_is_injected_and_labels_are_consistent() -> None:
    entries = generate(SMALL).entries
    kinds = set(entries.loc[entries["is_anomaly"], "anomaly_kind"])
    assert kinds == set(ANOMALY_KINDS)
    assert (entries.loc[~entries["is_anomaly"], "anomaly_kind"] == "").all()
    share = entries["is_anomaly"].mean()
    assert 0.01 < share < 0.10


def test_schema_and_value_ranges() -> None:
    entries = generate(SMALL).entries
    for col in REQUIRED:
        assert entries[col].notna().all(), col
    assert entries["entry_id"].is_unique
    assert entries["hours"].between(0, 24).all()
    pd.to_datetime(entries["work_date"], format="%Y-%m-%d")
    pd.to_datetime(entries["submitted_at"], format="ISO8601")


def test_firm_has_people_whose_habits_look_anomalous_elsewhere() -> None:
    """Weekend workers and round loggers exist, so the model must learn personal habits."""
    firm = generate(OTHER_FIRM)
    people = firm.consultants
    assert people["weekend_worker"].sum() >= 3
    assert people["round_logger"].sum() >= 3
    entries = firm.entries.merge(people, on="consultant_id")
    weekend = pd.to_datetime(entries["work_date"]).dt.day_of_week >= 5
    normal_weekend = weekend & ~entries["is_anomaly"]
    assert normal_weekend.sum() > 50
