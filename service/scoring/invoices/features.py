"""Invoice features, including per-client history computed strictly from earlier invoices.

The transformer lives inside the saved pipeline so that training and serving compute exactly
the same numbers. Two rules shape it:

* **No leakage.** A row's history uses only invoices of the same client with an *earlier*
  invoice date, and their dispute outcomes only once they are ``outcome_lag_days`` old (a
  dispute is not known the moment an invoice goes out). Nothing known after the invoice date
  (settlement date, days late) is ever read: such columns are not canonical and never reach it.
* **History without a history file.** ``fit`` keeps the client profiles of the training data
  (dates, amounts, outcomes as sorted arrays), so a scoring call with one invoice still knows
  the client. Within a scored batch, earlier invoices of the batch also count as history
  (their outcomes are unknown, so they add to counts, not to the dispute rate).

Optional columns that a foreign export does not have simply produce no feature: the set of
features is fixed at ``fit`` from the columns the training data had.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from service.scoring.invoices.columns import BILLING_MODELS, CANONICAL

_MONEY_NOISE = re.compile(r"[\s,$€£]")
_KEY_SPAN = np.int64(1 << 22)  # days per client in the composite sort key (~11,000 years)
_TRUE = frozenset({"yes", "y", "true", "t", "1", "1.0", "on", "x"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "0.0", "off"})

# Which canonical columns each optional invoice feature needs.
INVOICE_FEATURES: dict[str, tuple[str, ...]] = {
    "log_amount": ("amount",),
    "terms_days": ("invoice_date", "due_date"),
    "missing_po": ("po_number",),
    "rate_ratio": ("bill_rate", "contract_rate"),
    "over_contract": ("billed_to_date", "contract_value"),
    "invoice_share": ("amount", "contract_value"),
    "milestone_unaccepted": ("milestone_accepted",),
    "days_work_to_invoice": ("days_work_to_invoice",),
    "change_order_pending": ("change_order_pending",),
    "line_items": ("line_items",),
    "paperless": ("paperless",),
    **{f"model_{m}": ("billing_model",) for m in BILLING_MODELS},
}
HISTORY_FEATURES = (
    "prior_invoices",
    "first_invoice",
    "days_since_last_invoice",
    "prior_outcomes",
    "prior_disputes",
    "prior_dispute_rate",
    "amount_vs_client_mean",
)


# --- column extraction (DataFrame, list of dicts or dict of sequences) --------------------------


def as_columns(X: Any, present: set[str] | None = None) -> tuple[dict[str, np.ndarray], int]:
    """The canonical columns present in ``X`` as numpy arrays, and the row count.

    Accepting a list of dicts lets the service score a single JSON invoice without building a
    DataFrame (that costs more than the model itself at n=1). ``present``: the keys of the
    rows, when the caller already collected them.
    """
    if isinstance(X, pd.DataFrame):
        cols = {c: X[c].to_numpy() for c in CANONICAL if c in X.columns}
        return cols, len(X)
    if isinstance(X, Mapping):
        cols = {
            c: X[c] if isinstance(X[c], np.ndarray) else np.asarray(X[c], dtype=object)
            for c in CANONICAL
            if c in X
        }
        n = len(next(iter(cols.values()))) if cols else 0
        return cols, n
    rows = X if isinstance(X, list) else list(X)
    if present is None:
        present = set()
        for row in rows:
            present.update(row.keys())
    names = [c for c in CANONICAL if c in present]
    n = len(rows)
    if len(names) > 1 and all(len(row) == len(present) for row in rows):
        # Every row has the same keys (the usual JSON batch): one C-level call per row.
        getter = itemgetter(*names)
        table = np.empty((n, len(names)), dtype=object)
        try:
            table[:] = [getter(row) for row in rows]
            return {c: table[:, j] for j, c in enumerate(names)}, n
        except (KeyError, ValueError):  # a nested value or an odd row: take the general path
            pass
    cols = {}
    for c in names:
        arr = np.empty(n, dtype=object)
        arr[:] = [row.get(c) for row in rows]
        cols[c] = arr
    return cols, n


def to_float(values: np.ndarray) -> np.ndarray:
    """Numbers as float64; anything that is not a number becomes NaN."""
    if values.dtype.kind in "fiu":
        return values.astype(np.float64)
    if values.dtype.kind == "b":
        return values.astype(np.float64)
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        # Exports write "$1,200.50" or "" for numbers; anything else unreadable becomes NaN.
        series = pd.Series(values, dtype=object)
        text = series.map(lambda v: _MONEY_NOISE.sub("", v) if isinstance(v, str) else v)
        return pd.to_numeric(text.replace("", None), errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan
        )


def _bool_value(value: Any) -> float:
    if value is None or value is pd.NA:
        return np.nan
    if isinstance(value, bool | np.bool_):
        return 1.0 if value else 0.0
    if isinstance(value, int | float | np.integer | np.floating):
        return np.nan if value != value else (1.0 if value else 0.0)
    text = str(value).strip().lower()
    if text in _TRUE:
        return 1.0
    if text in _FALSE:
        return 0.0
    return np.nan


# The common spellings, looked up by hash (True == 1 == 1.0 share a slot); the rest falls back
# to _bool_value. -1.0 marks "not in the table".
_BOOL_LOOKUP: dict[Any, float] = {True: 1.0, False: 0.0, None: np.nan, "": np.nan}
for _text in _TRUE:
    _BOOL_LOOKUP.update({_text: 1.0, _text.upper(): 1.0, _text.capitalize(): 1.0})
for _text in _FALSE:
    _BOOL_LOOKUP.update({_text: 0.0, _text.upper(): 0.0, _text.capitalize(): 0.0})


def to_bool_float(values: np.ndarray) -> np.ndarray:
    """Booleans (True/False, Yes/No, 1/0 ...) as 1.0/0.0, NaN when missing or unreadable."""
    if values.dtype.kind == "b":
        return values.astype(np.float64)
    if values.dtype.kind in "fiu":
        out = values.astype(np.float64)
        return np.where(np.isnan(out), np.nan, (out != 0).astype(np.float64))
    get = _BOOL_LOOKUP.get
    try:
        out = np.array([get(v, -1.0) for v in values], dtype=np.float64)
    except TypeError:  # an unhashable value somewhere
        return np.array([_bool_value(v) for v in values], dtype=np.float64)
    miss = np.flatnonzero(out == -1.0)
    if len(miss):
        out[miss] = [_bool_value(v) for v in values[miss]]
    return out


def to_days(values: np.ndarray) -> np.ndarray:
    """Dates as float days since 1970-01-01 (NaN when missing or unparseable).

    ISO strings take a fast numpy path; anything else (m/d/Y, datetimes with zones) falls back
    to pandas, value by value, so one odd value costs little and breaks nothing.
    """
    if values.dtype.kind == "M":
        days = values.astype("datetime64[D]")
    else:
        try:
            trimmed = [
                v[:10] if isinstance(v, str) else (None if v is None or v != v else v)
                for v in values
            ]
            days = np.array(trimmed, dtype="datetime64[D]")
        except (TypeError, ValueError):
            series = pd.Series(values, dtype=object)
            parsed = pd.to_datetime(series, format="ISO8601", errors="coerce", utc=True)
            todo = parsed.isna() & series.notna()
            if todo.any():
                us = pd.to_datetime(series[todo], format="%m/%d/%Y", errors="coerce", utc=True)
                parsed = parsed.where(~todo, us)
                todo = parsed.isna() & series.notna()
            if todo.any():  # "31.01.2026": dotted dates are day first wherever they are written
                dotted = pd.to_datetime(series[todo], format="%d.%m.%Y", errors="coerce", utc=True)
                parsed = parsed.where(~todo, dotted)
            days = parsed.dt.tz_convert(None).to_numpy().astype("datetime64[D]")
    out = days.astype(np.int64).astype(np.float64)
    out[np.isnat(days)] = np.nan
    return out


def to_text(values: np.ndarray) -> np.ndarray:
    """Identifiers as a numpy string array ("" when missing), so 123 and "123" are one client."""
    if values.dtype.kind == "U":
        return values
    arr = values if values.dtype == object else values.astype(object)
    missing = pd.isna(arr)
    kind = pd.api.types.infer_dtype(arr, skipna=True)
    floats = (
        np.zeros(len(arr), dtype=bool)
        if kind in ("string", "empty", "integer", "boolean")
        else np.fromiter((type(v) is float for v in arr), dtype=bool, count=len(arr))
    )
    if floats.any():  # 123.0 read from a CSV column with gaps is client "123"
        arr = arr.copy()
        arr[floats & ~missing] = [
            str(int(v)) if float(v).is_integer() else str(v) for v in arr[floats & ~missing]
        ]
    out = arr.astype(str)
    out[missing] = ""
    padded = np.char.startswith(out, " ") | np.char.endswith(out, " ")
    if padded.any():
        out[padded] = np.char.strip(out[padded])
    return out


def id_hashes(ids: np.ndarray) -> np.ndarray:
    """Stable 64-bit FNV-1a hashes of identifier strings, vectorized over the rows.

    Python's ``hash`` changes between processes; these do not, so a saved model can recognise
    invoice ids it was trained on without storing the ids themselves.
    """
    text = np.asarray(ids, dtype=str)
    width = text.dtype.itemsize // 4
    out = np.full(len(text), 14695981039346656037, dtype=np.uint64)
    if width == 0 or len(text) == 0:
        return out
    points = np.ascontiguousarray(text).view(np.uint32).reshape(len(text), width)
    prime = np.uint64(1099511628211)
    for j in range(width):
        out = (out ^ points[:, j].astype(np.uint64)) * prime
    return out


def to_datetime64(days: np.ndarray) -> np.ndarray:
    """Float days since the epoch (NaN = missing) back to ``datetime64[D]`` (NaT)."""
    out = np.full(len(days), np.datetime64("NaT"), dtype="datetime64[D]")
    ok = ~np.isnan(days)
    out[ok] = days[ok].astype(np.int64).astype("datetime64[D]")
    return out


# --- history ---------------------------------------------------------------------------------


def _keys(codes: np.ndarray, days: np.ndarray, origin: float) -> np.ndarray:
    rel = np.clip(np.nan_to_num(days - origin, nan=0.0), 0, float(_KEY_SPAN - 2))
    return codes.astype(np.int64) * _KEY_SPAN + rel.astype(np.int64) + 1


class _Table:
    """Invoices sorted by (client, date) with prefix sums, answering "what came before".

    ``sums`` are per-invoice quantities known when the invoice is issued (amount, has a PO);
    ``labels`` (dispute outcomes) only count once an invoice is ``lag`` days old.
    """

    def __init__(
        self,
        codes: np.ndarray,
        days: np.ndarray,
        sums: Mapping[str, np.ndarray],
        labels: np.ndarray | None,
        n_codes: int,
        origin: float,
    ) -> None:
        order = np.lexsort((days, codes))
        self.origin = origin
        self.keys = _keys(codes[order], days[order], origin)
        self.days = days[order]
        self.cum = {
            name: np.concatenate([[0.0], np.cumsum(np.nan_to_num(values[order]))])
            for name, values in sums.items()
        }
        lab = np.zeros(len(order)) if labels is None else np.nan_to_num(labels[order])
        self.label_cum = np.concatenate([[0.0], np.cumsum(lab)])
        self.start = np.searchsorted(self.keys, np.arange(n_codes, dtype=np.int64) * _KEY_SPAN)

    def before(self, codes: np.ndarray, days: np.ndarray, lag: int) -> dict[str, np.ndarray]:
        """Per query row (client code, -1 = unknown; date): what earlier invoices add up to.

        Keys: ``count``, ``last`` (date of the latest earlier invoice), each sum, ``outcomes``
        (earlier invoices old enough for their outcome to be known) and ``disputes``.
        """
        known = codes >= 0
        safe = np.where(known, codes, 0)
        start = self.start[safe]
        pos = np.searchsorted(self.keys, _keys(safe, days, self.origin), side="left")
        pos = np.where(known, pos, start)
        out = {"count": (pos - start).astype(np.float64)}
        if len(self.days):
            out["last"] = np.where(pos > start, self.days[np.maximum(pos - 1, 0)], np.nan)
        else:
            out["last"] = np.full(len(codes), np.nan)
        for name, cum in self.cum.items():
            out[name] = cum[pos] - cum[start]
        lag = max(lag, 1)  # same-day invoices are never history
        cutoff = _keys(safe, days - lag, self.origin)
        pos_lag = np.clip(np.searchsorted(self.keys, cutoff, side="right"), start, pos)
        pos_lag = np.where((days - lag) < self.origin, start, pos_lag)
        out["outcomes"] = (pos_lag - start).astype(np.float64)
        out["disputes"] = self.label_cum[pos_lag] - self.label_cum[start]
        return out


def _empty_history(n: int, sums: Iterable[str]) -> dict[str, np.ndarray]:
    out = {k: np.zeros(n) for k in ("count", "outcomes", "disputes", *sums)}
    out["last"] = np.full(n, np.nan)
    return out


class InvoiceFeatures(TransformerMixin, BaseEstimator):
    """Canonical invoice rows -> numeric feature matrix (NaN where a value is unknown).

    ``outcome_lag_days``: how old an earlier invoice must be before its dispute outcome counts
    as known. ``prior_strength``: pseudo-invoices at the firm-wide rate that shrink a young
    client's dispute rate towards it; the firm-wide rate itself is the one known at the
    invoice's date (outcomes older than the lag), starting from ``default_rate``.
    """

    def __init__(
        self,
        outcome_lag_days: int = 30,
        prior_strength: float = 4.0,
        default_rate: float = 0.1,
    ) -> None:
        self.outcome_lag_days = outcome_lag_days
        self.prior_strength = prior_strength
        self.default_rate = default_rate

    # -- fitting ------------------------------------------------------------------------------

    def fit(self, X: Any, y: Any = None) -> InvoiceFeatures:
        """Learn the feature set, reference values and the client profiles."""
        self.fit_transform(X, y)
        return self

    def fit_transform(self, X: Any, y: Any = None, **_: Any) -> np.ndarray:
        """Features of the training rows (history from earlier training rows and their labels)."""
        cols, n = as_columns(X)
        if "client_id" not in cols or "invoice_date" not in cols:
            raise ValueError("invoice features need at least client_id and invoice_date")
        labels = None if y is None else to_bool_float(np.asarray(y, dtype=object))
        present = set(cols)
        self.feature_names_ = [
            name for name, needs in INVOICE_FEATURES.items() if all(c in present for c in needs)
        ] + list(HISTORY_FEATURES) + (["client_po_rate"] if "po_number" in present else [])
        self.n_features_in_ = len(self.feature_names_)
        self.input_columns_ = sorted(present)
        clients = to_text(cols["client_id"])
        days = to_days(cols["invoice_date"])
        amounts = to_float(cols["amount"]) if "amount" in cols else np.zeros(n)
        finite = days[~np.isnan(days)]
        self.origin_ = float(finite.min() - 4000) if len(finite) else 0.0
        self.base_rate_ = float(np.nanmean(labels)) if labels is not None and n else 0.0
        order = np.argsort(days, kind="stable")
        self.firm_days_ = days[order]
        lab = np.zeros(n) if labels is None else np.nan_to_num(labels[order])
        self.firm_label_cum_ = np.concatenate([[0.0], np.cumsum(lab)])
        uniques, codes = np.unique(clients, return_inverse=True)
        # A sorted numpy string array (not a dict): compact on disk and searched vectorized.
        self.clients_ = np.asarray(uniques, dtype=str)
        ids = to_text(cols["invoice_id"]) if "invoice_id" in cols else np.zeros(0, dtype=str)
        self.invoice_hashes_ = np.sort(id_hashes(ids[ids != ""]))
        sums = self._sums(cols, amounts)
        table = _Table(codes, days, sums, labels, len(uniques), self.origin_)
        self._store(table)
        own = table.before(codes, days, self.outcome_lag_days)
        out = self._assemble(cols, n, days, amounts, own, _empty_history(n, sums))
        finite_cols = np.where(np.isfinite(out), out, np.nan)
        self.reference_ = {
            name: float(np.nanmedian(finite_cols[:, j])) if np.isfinite(finite_cols[:, j]).any()
            else 0.0
            for j, name in enumerate(self.feature_names_)
        }
        return out

    @staticmethod
    def _sums(cols: Mapping[str, np.ndarray], amounts: np.ndarray) -> dict[str, np.ndarray]:
        sums = {"amount": amounts}
        if "po_number" in cols:
            sums["with_po"] = (to_text(cols["po_number"]) != "").astype(np.float64)
        return sums

    def _store(self, table: _Table) -> None:
        # Plain arrays and dicts only, so that skops can save them without trusting new types.
        self.profile_keys_ = table.keys
        self.profile_days_ = table.days
        self.profile_cum_ = table.cum
        self.profile_label_cum_ = table.label_cum
        self.profile_start_ = table.start

    def _profile(self) -> _Table:
        table = _Table.__new__(_Table)
        table.origin = self.origin_
        table.keys = self.profile_keys_
        table.days = self.profile_days_
        table.cum = self.profile_cum_
        table.label_cum = self.profile_label_cum_
        table.start = self.profile_start_
        return table

    # -- scoring ------------------------------------------------------------------------------

    def transform(self, X: Any) -> np.ndarray:
        """Features of rows to score: training profiles plus earlier rows of the same batch."""
        cols, n = as_columns(X)
        clients = to_text(cols["client_id"]) if "client_id" in cols else np.full(n, "", object)
        days = to_days(cols["invoice_date"]) if "invoice_date" in cols else np.full(n, np.nan)
        amounts = to_float(cols["amount"]) if "amount" in cols else np.zeros(n)
        codes = self._client_codes(clients)
        profile = self._profile().before(codes, days, self.outcome_lag_days)
        sums = self._sums(cols, amounts) if "with_po" in self.profile_cum_ else {"amount": amounts}
        if "with_po" in self.profile_cum_ and "with_po" not in sums:
            sums["with_po"] = np.zeros(n)
        if n > 1:
            _, batch_codes = np.unique(clients, return_inverse=True)
            # Invoices the profiles already hold (re-scoring training data) must not count twice.
            fresh = ~self._in_profile(cols)
            batch = _Table(
                batch_codes[fresh],
                days[fresh],
                {k: v[fresh] for k, v in sums.items()},
                None,
                int(batch_codes.max()) + 1,
                self.origin_,
            )
            own = batch.before(batch_codes, days, self.outcome_lag_days)
            own["outcomes"] = np.zeros(n)  # the batch's own outcomes are not known yet
            own["disputes"] = np.zeros(n)
        else:
            own = _empty_history(n, sums)
        return self._assemble(cols, n, days, amounts, profile, own)

    def _in_profile(self, cols: Mapping[str, np.ndarray]) -> np.ndarray:
        """Which rows are invoices the training profiles already contain (by invoice_id)."""
        n = len(next(iter(cols.values())))
        known = getattr(self, "invoice_hashes_", None)
        if known is None or len(known) == 0 or "invoice_id" not in cols:
            return np.zeros(n, dtype=bool)
        ids = to_text(cols["invoice_id"])
        hashes = id_hashes(ids)
        pos = np.minimum(np.searchsorted(known, hashes), len(known) - 1)
        return (known[pos] == hashes) & (ids != "")

    def _firm_rate(self, days: np.ndarray) -> np.ndarray:
        """Firm-wide dispute rate known at each date (training outcomes older than the lag)."""
        lag = max(self.outcome_lag_days, 1)
        cutoff = np.where(np.isnan(days), -np.inf, days - lag)
        known = np.searchsorted(self.firm_days_, cutoff, side="right")
        weight = 20.0  # pseudo-invoices at default_rate while few outcomes are known
        return (self.firm_label_cum_[known] + weight * self.default_rate) / (known + weight)

    def _client_codes(self, clients: np.ndarray) -> np.ndarray:
        """Index of each client in the training profiles, -1 for clients never seen."""
        known = self.clients_
        if len(known) == 0 or len(clients) == 0:
            return np.full(len(clients), -1, dtype=np.int64)
        query = np.asarray(clients, dtype=str)
        pos = np.minimum(np.searchsorted(known, query), len(known) - 1)
        return np.where(known[pos] == query, pos, -1).astype(np.int64)

    def _assemble(
        self,
        cols: Mapping[str, np.ndarray],
        n: int,
        days: np.ndarray,
        amounts: np.ndarray,
        a: Mapping[str, np.ndarray],
        b: Mapping[str, np.ndarray],
    ) -> np.ndarray:
        count = a["count"] + b["count"]
        amount_sum = a["amount"] + b["amount"]
        last = np.fmax(a["last"], b["last"])
        outcomes = a["outcomes"] + b["outcomes"]
        disputes = a["disputes"] + b["disputes"]
        k = self.prior_strength
        firm_rate = self._firm_rate(days)
        values: dict[str, np.ndarray] = {}
        values["prior_invoices"] = count
        values["first_invoice"] = (count == 0).astype(np.float64)
        values["days_since_last_invoice"] = days - last
        values["prior_outcomes"] = outcomes
        values["prior_disputes"] = disputes
        values["prior_dispute_rate"] = (disputes + k * firm_rate) / (outcomes + k)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean_amount = np.where(count > 0, amount_sum / np.maximum(count, 1), np.nan)
            values["amount_vs_client_mean"] = amounts / mean_amount
            if "with_po" in a:
                # Batch rows without a po_number column say nothing about the client's habit.
                po_count = count if "po_number" in cols else a["count"]
                with_po = a["with_po"] + (b["with_po"] if "po_number" in cols else 0.0)
                values["client_po_rate"] = np.where(
                    po_count > 0, with_po / np.maximum(po_count, 1), np.nan
                )
        names = self.feature_names_
        have = set(cols)
        need = {
            name for name in names
            if all(c in have for c in INVOICE_FEATURES.get(name, ()))
        }  # a feature whose columns this batch lacks stays NaN (unknown)
        num = {c: to_float(cols[c]) for c in
               ("contract_value", "billed_to_date", "bill_rate", "contract_rate",
                "days_work_to_invoice", "line_items") if c in cols}
        with np.errstate(divide="ignore", invalid="ignore"):
            if "log_amount" in need:
                values["log_amount"] = np.log1p(np.clip(amounts, 0, None))
            if "terms_days" in need:
                values["terms_days"] = to_days(cols["due_date"]) - days
            if "missing_po" in need:
                po = to_text(cols["po_number"])
                values["missing_po"] = (po == "").astype(np.float64)
            if "rate_ratio" in need:
                values["rate_ratio"] = num["bill_rate"] / num["contract_rate"]
            if "over_contract" in need:
                values["over_contract"] = num["billed_to_date"] / num["contract_value"]
            if "invoice_share" in need:
                values["invoice_share"] = amounts / num["contract_value"]
        if "milestone_unaccepted" in need:
            accepted = to_bool_float(cols["milestone_accepted"])
            values["milestone_unaccepted"] = (accepted == 0.0).astype(np.float64)
        for c in ("days_work_to_invoice", "line_items"):
            if c in need:
                values[c] = num[c]
        for c in ("change_order_pending",):
            if c in need:
                values[c] = np.nan_to_num(to_bool_float(cols[c]), nan=0.0)
        if "paperless" in need:
            values["paperless"] = to_bool_float(cols["paperless"])
        if any(name.startswith("model_") for name in need):
            kinds, inverse = np.unique(to_text(cols["billing_model"]), return_inverse=True)
            normal = [k.lower().replace(" ", "_").replace("&", "and") for k in kinds.tolist()]
            lowered = np.asarray(normal, dtype=object)[inverse]
            for m in BILLING_MODELS:
                values[f"model_{m}"] = (lowered == m).astype(np.float64)
        out = np.full((n, len(names)), np.nan, dtype=np.float64)
        for j, name in enumerate(names):
            if name in values:
                out[:, j] = values[name]
        out[~np.isfinite(out)] = np.nan
        return out

    def get_feature_names_out(self, input_features: Iterable[str] | None = None) -> np.ndarray:
        """Names of the output columns, in order."""
        return np.asarray(self.feature_names_, dtype=object)
