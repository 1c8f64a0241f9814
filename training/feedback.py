"""The feedback loop: reviewer decisions become each model's training rows.

``tollgate review export`` writes one row per decided review item, shaped
``{"item_id", "kind", "payload", "evidence", "source", "model", "decision", "corrected_value",
"reason", "decided_at", "decided_by"}``. Each review kind retrains one model
(:data:`service.ml.specs.FEEDBACK_KINDS`); the model's own ``spec.feedback_rows`` knows how to
turn its decisions into rows of its training schema (a rejected anomaly is a negative, an
accepted one a positive, a corrected clause type a relabel: :func:`decision_label` gives that
rule to the specs that want it). :func:`merge_feedback` then lets reviewer labels override the
older labels of the same rows, because a human who looked at the row knows better than the
generator or the original dataset.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from service.ml.specs import FEEDBACK_KINDS

if TYPE_CHECKING:
    from service.config import Settings
    from training.spec import ModelSpec

# Columns that identify "the same row" across the original data and the feedback, in order of
# preference; the first one both frames carry is the merge key.
KEY_CANDIDATES: tuple[str, ...] = (
    "entry_id",
    "invoice_id",
    "clause_id",
    "sample_id",
    "row_id",
    "text",
)
_JSON_FIELDS = ("payload", "evidence", "source", "model", "corrected_value")


class FeedbackError(ValueError):
    """The feedback cannot be used (unreadable export, model takes no feedback)."""


def _maybe_json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    if text in ("True", "False"):  # csv.DictWriter wrote a Python bool
        return text == "True"
    if text[0] in "{[\"" or text in ("true", "false", "null"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return value
    return value


def read_export(path: str | Path) -> list[dict[str, Any]]:
    """Read a ``tollgate review export`` file: JSON Lines, a JSON array, or CSV.

    In CSV the structured fields (payload, evidence, ...) are JSON-encoded strings; they are
    decoded back so every format yields the same rows.
    """
    source = Path(path)
    if not source.exists():
        raise FeedbackError(f"feedback file not found: {source}")
    text = source.read_text(encoding="utf-8")
    rows: list[dict[str, Any]]
    if source.suffix.lower() == ".csv":
        rows = [dict(row) for row in csv.DictReader(text.splitlines())]
        for row in rows:
            for field in _JSON_FIELDS:
                if field in row:
                    row[field] = _maybe_json(row[field])
        return rows
    stripped = text.lstrip()
    if stripped.startswith("["):
        loaded = json.loads(stripped)
        if not isinstance(loaded, list):
            raise FeedbackError(f"{source}: expected a JSON array of decisions")
        return [dict(row) for row in loaded]
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(dict(json.loads(line)))
        except (json.JSONDecodeError, TypeError, ValueError) as exc:
            raise FeedbackError(f"{source}:{number}: not a JSON object ({exc})") from exc
    return rows


def export_from_database(settings: Settings) -> list[dict[str, Any]]:
    """Reviewer decisions straight from Tollgate's database (what ``review export`` prints)."""
    from service.db import make_engine, make_sessionmaker
    from service.review.service import export_decisions

    engine = make_engine(settings.sqlalchemy_url, pool_size=settings.db_pool_size)
    try:
        with make_sessionmaker(engine)() as session:
            return export_decisions(session)
    finally:
        engine.dispose()


def decisions_for(key: str, decisions: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The decisions that retrain model ``key``, latest decision per item only."""
    latest: dict[str, dict[str, Any]] = {}
    anonymous: list[dict[str, Any]] = []
    for row in decisions:
        if FEEDBACK_KINDS.get(str(row.get("kind"))) != key:
            continue
        if row.get("decision") not in ("accept", "reject", "correct"):
            continue
        item_id = row.get("item_id")
        if item_id is None:
            anonymous.append(dict(row))
            continue
        previous = latest.get(str(item_id))
        if previous is None or str(row.get("decided_at") or "") >= str(
            previous.get("decided_at") or ""
        ):
            latest[str(item_id)] = dict(row)
    chosen = [*anonymous, *latest.values()]
    return sorted(chosen, key=lambda row: str(row.get("decided_at") or ""))


def decision_label(row: Mapping[str, Any]) -> Any:
    """The label a reviewer decision stands for.

    ``accept`` confirms the model's suggestion (True: a positive), ``reject`` denies it (False:
    a negative), ``correct`` replaces it with the reviewer's ``corrected_value`` (a relabel).
    """
    decision = row.get("decision")
    if decision == "accept":
        return True
    if decision == "reject":
        return False
    if decision == "correct":
        return row.get("corrected_value")
    raise FeedbackError(f"not a reviewer decision: {decision!r}")


def feedback_frame(
    key: str, spec: ModelSpec, decisions: Sequence[Mapping[str, Any]]
) -> pd.DataFrame:
    """Model ``key``'s training rows built from the export ``decisions``."""
    if spec.feedback_rows is None:
        raise FeedbackError(f"model {spec.name!r} does not learn from reviewer feedback")
    relevant = decisions_for(key, decisions)
    if not relevant:
        return pd.DataFrame()
    return spec.feedback_rows(relevant)


def merge_key(frame: pd.DataFrame, feedback: pd.DataFrame) -> str | None:
    """The column identifying the same row in both frames, if any."""
    for column in KEY_CANDIDATES:
        if column in frame.columns and column in feedback.columns:
            return column
    return None


def _align_dtypes(feedback: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Give feedback columns the training frame's dtypes (exports carry dates as strings)."""
    from pandas.api import types

    out = feedback.copy()
    for column in out.columns:
        target = frame[column].dtype
        try:
            if types.is_datetime64_any_dtype(target):
                parsed = pd.to_datetime(out[column], errors="coerce", utc=True)
                tz = getattr(target, "tz", None)
                out[column] = parsed.dt.tz_convert(tz) if tz else parsed.dt.tz_localize(None)
            elif types.is_bool_dtype(target):
                out[column] = out[column].astype(bool)
            elif types.is_numeric_dtype(target):
                out[column] = pd.to_numeric(out[column], errors="coerce")
        except (TypeError, ValueError):
            continue  # leave it as the spec produced it
    return out


def merge_feedback(
    frame: pd.DataFrame, feedback: pd.DataFrame, *, key: str | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Append the feedback rows; where a key matches, the reviewer's row replaces the old one.

    Returns the merged frame and a small report (rows added, rows overridden, the key used).
    Feedback columns the training frame lacks are dropped so the schema stays canonical.
    """
    report: dict[str, Any] = {"feedback_rows": len(feedback), "overridden": 0, "key": None}
    if feedback.empty:
        return frame, report
    column = key or merge_key(frame, feedback)
    aligned = _align_dtypes(feedback[[c for c in feedback.columns if c in frame.columns]], frame)
    if column is not None:
        aligned = aligned.drop_duplicates(subset=[column], keep="last")
        replaced = frame[column].isin(set(aligned[column]))
        report["overridden"] = int(replaced.sum())
        frame = frame.loc[~replaced]
        report["key"] = column
    merged = pd.concat([frame, aligned], ignore_index=True)
    report["rows_after"] = len(merged)
    return merged, report
