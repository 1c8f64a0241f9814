"""Column mapping of a foreign accounts-receivable export (training/mapping.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from service.scoring.invoices.columns import CANONICAL, LABEL
from training.invoices import spec
from training.invoices.generator import FOREIGN_LABEL, FOREIGN_MAP
from training.mapping import apply_mapping, format_report, parse_map_args
from training.spec import DataOptions

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "invoices" / "foreign_ar_export.csv"


def test_parse_map_args() -> None:
    assert parse_map_args(["Customer ID=client_id", "a=b=c"]) == {
        "Customer ID": "client_id",
        "a=b": "c",
    }
    with pytest.raises(ValueError):
        parse_map_args(["no-equals"])


def test_foreign_sample_maps_to_canonical() -> None:
    raw = pd.read_csv(SAMPLE, dtype=str)
    frame, report = spec.canonicalize(raw, FOREIGN_MAP, FOREIGN_LABEL)
    assert set(frame.columns) == {*FOREIGN_MAP.values(), LABEL}
    # Yes/No became booleans, m/d/Y became dates, both without losses.
    assert str(frame[LABEL].dtype) == "boolean"
    assert frame[LABEL].notna().all()
    assert set(frame[LABEL].unique()) == {True, False}
    assert frame[LABEL].sum() == (raw[FOREIGN_LABEL] == "Yes").sum()
    assert str(frame["paperless"].dtype) == "boolean"
    assert pd.api.types.is_datetime64_any_dtype(frame["invoice_date"])
    first = pd.Timestamp(raw["Invoice Date"].iloc[0])  # pandas reads m/d/Y itself
    assert frame["invoice_date"].iloc[0] == first
    assert report["coercion"] == {}
    # Unknown columns (including the post-settlement ones) are dropped and reported.
    assert set(report["unknown_columns"]) == {"Country Code", "Settled Date", "Days Late", "Sales Rep"}
    assert report["label"] == FOREIGN_LABEL
    assert "Settled Date" in " ".join(format_report(report))


def test_coercion_problems_are_reported_not_fatal() -> None:
    raw = pd.DataFrame(
        {
            "cust": ["a", "b", "c", "d"],
            "when": ["2024-01-31", "2/29/2024", "31/31/2024", None],
            "flag": ["Yes", "no", "maybe", "TRUE"],
            "Due Date": ["2024-02-29", "3/30/2024", "4/1/2024", "2024-05-01"],
            "extra": [1, 2, 3, 4],
        }
    )
    frame, report = apply_mapping(
        raw,
        {"cust": "client_id", "when": "invoice_date", "nowhere": "amount"},
        label="flag",
        canonical=CANONICAL,
        label_target=LABEL,
        date_columns=("invoice_date", "due_date"),
        bool_columns=(),
    )
    assert report["auto_mapped"] == {"Due Date": "due_date"}  # matched by normalized name
    assert report["unknown_columns"] == ["extra"]
    assert report["missing_sources"] == ["nowhere"]
    assert report["coercion"]["invoice_date"]["failed"] == 1
    assert report["coercion"]["invoice_date"]["examples"] == ["31/31/2024"]
    assert report["coercion"][LABEL]["examples"] == ["maybe"]
    assert frame[LABEL].tolist()[:2] == [True, False]
    assert frame[LABEL].isna().tolist() == [False, False, True, False]
    assert frame["invoice_date"].iloc[1] == pd.Timestamp("2024-02-29")
    assert frame["invoice_date"].isna().tolist() == [False, False, True, True]
    assert "amount" in report["missing"]


def test_training_load_uses_only_mapped_columns() -> None:
    loaded = spec.load(DataOptions(path=SAMPLE, label=FOREIGN_LABEL, mapping=FOREIGN_MAP))
    assert loaded.report["features_from"] == [
        "invoice_id", "client_id", "invoice_date", "due_date", "amount", "paperless"
    ]
    assert "Days Late" in loaded.report["unknown_columns"]
    assert loaded.report["rows"] == loaded.report["rows_read"] > 1000


def test_label_found_by_name_or_asked_for(tmp_path: Path) -> None:
    # "Disputed" normalizes to the canonical label name, so --label is optional here ...
    loaded = spec.load(DataOptions(path=SAMPLE, mapping=FOREIGN_MAP))
    assert loaded.report["auto_mapped"] == {"Disputed": LABEL}
    # ... but a differently named label column needs --label, and the error says so.
    raw = pd.read_csv(SAMPLE, dtype=str).rename(columns={"Disputed": "Dispute Flag"})
    renamed = tmp_path / "ar.csv"
    raw.to_csv(renamed, index=False)
    with pytest.raises(ValueError, match="--label"):
        spec.load(DataOptions(path=renamed, mapping=FOREIGN_MAP))
    loaded = spec.load(DataOptions(path=renamed, mapping=FOREIGN_MAP, label="Dispute Flag"))
    assert loaded.frame[LABEL].sum() == (raw["Dispute Flag"] == "Yes").sum()
