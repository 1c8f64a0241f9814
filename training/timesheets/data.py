"""Loading and splitting timesheet training data (generator output or a foreign export).

The held-out frame carries its own past as context: :func:`time_split` returns the training
rows and a test frame made of the training rows again, flagged ``_context`` (unlabeled history,
exactly what the service passes as stored history), followed by the later rows that are scored.
That way budget consumption, per-person baselines for new people and the "first time on this
project" signal are computed at evaluation the same way as in production, and nothing from the
future leaks into the past.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from service.scoring.timesheets.columns import (
    BOOL_COLUMNS,
    CANONICAL,
    CONTEXT,
    DATE_COLUMNS,
    DATETIME_COLUMNS,
    KIND,
    LABEL,
    NUMERIC_COLUMNS,
)
from service.table_files import read_table as read_table_file
from training.mapping import apply_mapping
from training.timesheets.generator import FirmConfig, generate

LABEL_COLUMNS: tuple[str, ...] = (LABEL, KIND)


def read_table(path: Path) -> pd.DataFrame:
    """A CSV, Excel, JSON Lines or JSON file, or a folder of them, as one frame of strings."""
    return read_table_file(path, allow_dir=True)


def map_frame(
    raw: pd.DataFrame, mapping: Mapping[str, str], label: str | None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Foreign columns -> canonical entry schema (+ label); unknown columns reported."""
    frame, report = apply_mapping(
        raw,
        mapping,
        label=label if label is not None else (LABEL if LABEL in raw.columns else None),
        canonical=[*CANONICAL, KIND],
        label_target=LABEL,
        date_columns=[*DATE_COLUMNS, *DATETIME_COLUMNS],
        bool_columns=BOOL_COLUMNS,
        numeric_columns=NUMERIC_COLUMNS,
    )
    if LABEL in frame.columns:
        frame[LABEL] = frame[LABEL].astype("boolean").fillna(False).astype(bool)
        if KIND not in frame.columns:
            frame[KIND] = frame[LABEL].map({True: "labeled", False: ""})
        frame[KIND] = frame[KIND].fillna("").astype(str)
    return frame, report


def default_frame(seed: int = 42) -> pd.DataFrame:
    """The default training data: the generator's default firm (with the given seed)."""
    return generate(replace(FirmConfig(), seed=seed)).entries


def time_split(
    frame: pd.DataFrame, test_fraction: float = 0.25
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train = dates before the cut; test = train as ``_context`` history + rows after the cut."""
    dates = pd.to_datetime(frame["work_date"], errors="coerce")
    order = dates.sort_values(kind="stable")
    cut = order.iloc[int(len(order) * (1.0 - test_fraction))]
    train = frame.loc[dates < cut].reset_index(drop=True)
    later = frame.loc[dates >= cut].reset_index(drop=True)
    test = pd.concat(
        [train.assign(**{CONTEXT: True}), later.assign(**{CONTEXT: False})], ignore_index=True
    )
    return train, test


def features_only(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without its label columns (what the pipeline sees)."""
    return frame.drop(columns=[c for c in LABEL_COLUMNS if c in frame.columns])


def without_optional(frame: pd.DataFrame, keep: Sequence[str] = ()) -> pd.DataFrame:
    """A 'real export' view: required columns (+ ``keep`` and labels) only."""
    from service.scoring.timesheets.columns import REQUIRED

    cols = [c for c in (*REQUIRED, *keep, *LABEL_COLUMNS, CONTEXT) if c in frame.columns]
    return frame[cols]
