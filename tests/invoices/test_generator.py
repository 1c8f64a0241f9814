"""The seeded generators: deterministic, canonical, and following their causal story."""

from __future__ import annotations

import pandas as pd
from pandas.testing import assert_frame_equal

from service.scoring.invoices.columns import CANONICAL, LABEL
from training.invoices.generator import generate_foreign_ar, generate_invoices


def test_same_seed_gives_the_same_invoices() -> None:
    assert_frame_equal(generate_invoices(60, seed=3), generate_invoices(60, seed=3))
    assert_frame_equal(generate_foreign_ar(20, seed=3), generate_foreign_ar(20, seed=3))


def test_other_seed_gives_other_invoices() -> None:
    a, b = generate_invoices(60, seed=3), generate_invoices(60, seed=4)
    assert not a[["amount"]].head(50).equals(b[["amount"]].head(50))


def test_canonical_columns_and_sorted_by_date() -> None:
    frame = generate_invoices(80, seed=5)
    assert list(frame.columns) == [*CANONICAL, LABEL]
    assert frame["invoice_id"].is_unique
    dates = pd.to_datetime(frame["invoice_date"])
    assert dates.is_monotonic_increasing
    assert (pd.to_datetime(frame["due_date"]) > dates).all()
    assert 0.05 < frame[LABEL].mean() < 0.3


def test_disputes_follow_the_causal_story() -> None:
    frame = generate_invoices(400, seed=11)
    rate = frame[LABEL].mean()
    missing_po = frame["po_number"].isna()
    assert frame.loc[missing_po, LABEL].mean() > rate * 1.5
    over = frame["billed_to_date"] > frame["contract_value"]
    assert frame.loc[over, LABEL].mean() > rate * 1.5
    unaccepted = frame["milestone_accepted"].eq(False).fillna(False)
    assert frame.loc[unaccepted, LABEL].mean() > rate * 1.5
    above = (frame["bill_rate"] > frame["contract_rate"]).fillna(False)
    assert frame.loc[above, LABEL].mean() > rate * 1.5


def test_foreign_export_looks_foreign() -> None:
    frame = generate_foreign_ar(10, seed=1)
    assert {"Customer ID", "Invoice Number", "Disputed", "Paperless", "Country Code"} <= set(
        frame.columns
    )
    assert set(frame["Disputed"]) <= {"Yes", "No"}
    assert frame["Invoice Date"].str.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}").all()
