"""Client-history features: strictly from earlier invoices, profiles kept for scoring."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from service.scoring.invoices.features import InvoiceFeatures
from training.invoices.generator import generate_invoices


def _frame(n_clients: int = 40, seed: int = 8) -> tuple[pd.DataFrame, np.ndarray]:
    data = generate_invoices(n_clients, seed=seed)
    return data.drop(columns="disputed"), data["disputed"].to_numpy().astype(int)


def _col(features: InvoiceFeatures, F: np.ndarray, name: str) -> np.ndarray:
    return F[:, features.feature_names_.index(name)]


def test_training_features_do_not_see_later_invoices() -> None:
    X, y = _frame()
    dates = pd.to_datetime(X["invoice_date"])
    cut = dates.iloc[len(X) // 2]
    early = (dates < cut).to_numpy()
    base = InvoiceFeatures().fit_transform(X, y)

    # Alter everything about the later invoices: amounts, labels, POs, even add new ones.
    altered = X.copy()
    altered.loc[~early, "amount"] *= 7.0
    altered.loc[~early, "po_number"] = None
    y_altered = y.copy()
    y_altered[~early] = 1 - y_altered[~early]
    extra = altered[~early].copy()
    extra["invoice_id"] = extra["invoice_id"] + "-dup"
    altered = pd.concat([altered, extra], ignore_index=True)
    y_altered = np.concatenate([y_altered, y_altered[~early]])
    changed = InvoiceFeatures().fit_transform(altered, y_altered)

    np.testing.assert_allclose(changed[: len(X)][early], base[early], equal_nan=True)


def test_scoring_features_do_not_see_later_invoices_of_the_batch() -> None:
    X, y = _frame()
    fitted = InvoiceFeatures().fit(X.iloc[:300], y[:300])
    batch = X.iloc[300:].reset_index(drop=True)
    base = fitted.transform(batch)
    later = batch.copy()
    dates = pd.to_datetime(later["invoice_date"])
    cut = dates.iloc[len(later) // 2]
    late = (dates >= cut).to_numpy()
    later.loc[late, "amount"] = 1.0
    later.loc[late, "client_id"] = later.loc[late, "client_id"].iloc[::-1].to_numpy()
    changed = fitted.transform(later)
    np.testing.assert_allclose(changed[~late], base[~late], equal_nan=True)


def test_outcomes_count_only_after_the_lag() -> None:
    X = pd.DataFrame(
        {
            "invoice_id": ["a", "b", "c", "d"],
            "client_id": ["K"] * 4,
            "invoice_date": ["2024-01-01", "2024-01-20", "2024-03-01", "2024-03-01"],
            "due_date": ["2024-01-31"] * 4,
            "amount": [100.0, 200.0, 300.0, 400.0],
        }
    )
    y = np.array([1, 1, 0, 0])
    features = InvoiceFeatures(outcome_lag_days=30)
    F = features.fit_transform(X, y)
    prior = _col(features, F, "prior_invoices")
    outcomes = _col(features, F, "prior_outcomes")
    disputes = _col(features, F, "prior_disputes")
    assert prior.tolist() == [0, 1, 2, 2]  # same-day invoices are not each other's history
    assert outcomes.tolist() == [0, 0, 2, 2]  # b is 19 days after a: a's outcome not known yet
    assert disputes.tolist() == [0, 0, 2, 2]
    assert _col(features, F, "first_invoice").tolist() == [1, 0, 0, 0]
    np.testing.assert_allclose(_col(features, F, "days_since_last_invoice")[1:], [19, 41, 41])
    np.testing.assert_allclose(_col(features, F, "amount_vs_client_mean")[2], 300 / 150)


def test_profiles_give_history_without_a_history_file() -> None:
    X, y = _frame()
    features = InvoiceFeatures().fit(X, y)
    client = X["client_id"].iloc[-1]
    known = int((X["client_id"] == client).sum())
    disputed = int(y[(X["client_id"] == client).to_numpy()].sum())
    one = {
        "invoice_id": "new",
        "client_id": client,
        "invoice_date": "2031-01-01",
        "due_date": "2031-01-31",
        "amount": 1000.0,
    }
    F = features.transform([one])
    assert _col(features, F, "prior_invoices")[0] == known
    assert _col(features, F, "prior_disputes")[0] == disputed
    assert _col(features, F, "first_invoice")[0] == 0
    # Within a batch, the earlier invoice of a brand-new client is history for the later one.
    two = [
        {**one, "client_id": "NEW", "invoice_date": "2031-01-01"},
        {**one, "client_id": "NEW", "invoice_date": "2031-02-01"},
    ]
    F2 = features.transform(two)
    assert _col(features, F2, "prior_invoices").tolist() == [0, 1]
    assert _col(features, F2, "prior_outcomes").tolist() == [0, 0]  # outcome not known yet


def test_missing_optional_columns_give_fewer_features() -> None:
    X, y = _frame()
    minimal = X[["invoice_id", "client_id", "invoice_date", "due_date", "amount"]]
    features = InvoiceFeatures().fit(minimal, y)
    assert "rate_ratio" not in features.feature_names_
    assert "missing_po" not in features.feature_names_
    assert {"log_amount", "terms_days", "prior_dispute_rate"} <= set(features.feature_names_)
    full = InvoiceFeatures().fit(X, y)
    assert {"rate_ratio", "over_contract", "missing_po", "client_po_rate"} <= set(
        full.feature_names_
    )
    # Scoring rows that lack columns the model knows yields NaN (unknown), not an error.
    F = full.transform(minimal.head(5))
    assert np.isnan(_col(full, F, "rate_ratio")).all()


def test_dict_rows_and_frames_give_the_same_features() -> None:
    X, y = _frame()
    features = InvoiceFeatures().fit(X.iloc[:300], y[:300])
    batch = X.iloc[300:340]
    records = [
        {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in row.items()}
        for row in batch.astype(object).to_dict("records")
    ]
    np.testing.assert_allclose(
        features.transform(records), features.transform(batch), equal_nan=True
    )


def test_needs_client_and_date() -> None:
    with pytest.raises(ValueError, match="client_id"):
        InvoiceFeatures().fit(pd.DataFrame({"amount": [1.0, 2.0]}), [0, 1])


def test_rescoring_training_invoices_does_not_double_count() -> None:
    X, y = _frame()
    features = InvoiceFeatures()
    fitted = features.fit_transform(X, y)
    # The same invoices scored later: profiles hold them already, so history is unchanged.
    np.testing.assert_allclose(features.transform(X), fitted, equal_nan=True)
    # New invoices (other ids) still see the batch's earlier rows as history.
    renamed = X.assign(invoice_id=X["invoice_id"] + "-new", client_id=X["client_id"] + "-new")
    F = features.transform(renamed)
    np.testing.assert_allclose(
        _col(features, F, "prior_invoices"), _col(features, fitted, "prior_invoices")
    )


def test_id_hashes_are_stable_and_distinct() -> None:
    from service.scoring.invoices.features import id_hashes

    ids = np.array(["INV-1", "INV-2", "INV-10", "", "INV-1"])
    h = id_hashes(ids)
    assert h[0] == h[4] and len({int(x) for x in h[:4]}) == 4
    assert int(id_hashes(np.array(["abc"]))[0]) == 0xE71FA2190541574B  # FNV-1a 64 of "abc"


def test_invoice_dates_in_iso_us_and_dotted_form() -> None:
    """ISO, m/d/Y (US AR exports) and d.m.Y ("31.01.2026": dotted dates are day first) are
    dates; anything else is missing."""
    from service.scoring.invoices.features import to_datetime64, to_days

    values = np.array(["2026-01-31", "01/31/2026", "31.01.2026", "31.13.2026", None], dtype=object)
    days = to_datetime64(to_days(values)).astype(str).tolist()
    assert days == ["2026-01-31", "2026-01-31", "2026-01-31", "NaT", "NaT"]
