"""Seeded synthetic invoices of a professional-services firm, with dispute labels.

There is no public invoice-dispute dataset with contract context, so the default training data
is simulated from a causal story that finance teams tell about disputes. Each invoice's
dispute log-odds add up from:

- a missing PO (heavily when the client requires one, which the data does not show);
- a billed rate above the contract rate (rate-card drift);
- billing beyond the contract value / not-to-exceed;
- a milestone billed before the client accepted it;
- a long gap between the work and the invoice;
- a pending change order;
- the client's own latent propensity to dispute (visible only through its dispute history);
- many line items; the first invoice to a new client; paper rather than paperless delivery.

:func:`generate_foreign_ar` writes a differently-shaped accounts-receivable export (customer
id, invoice number, m/d/Y dates, Yes/No flags, a country code, post-settlement columns that a
model must never use) to exercise column mapping and the comparison with a linear baseline.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from service.scoring.invoices.columns import CANONICAL, LABEL

_RATES = np.array([125.0, 150.0, 175.0, 200.0, 225.0, 250.0, 300.0, 350.0])
_MODELS = ("time_and_materials", "fixed_fee", "milestone", "retainer")
_MODEL_P = (0.5, 0.2, 0.2, 0.1)


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def generate_invoices(
    n_clients: int = 800,
    *,
    seed: int = 42,
    start: str = "2022-01-01",
    months: int = 36,
    with_truth: bool = False,
) -> pd.DataFrame:
    """Invoices in the canonical schema plus the ``disputed`` label, sorted by invoice date.

    About 15 invoices per client; the same ``seed`` always gives the same frame.
    ``with_truth`` adds ``true_risk``, the simulated dispute probability (an upper bound on
    what any model can reach, for tests and error analysis; never a training column).
    """
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp(start)
    horizon_days = int(months * 30.4)
    rows: list[dict[str, object]] = []
    invoice_no = 0
    for c in range(n_clients):
        client_id = f"CL{c:04d}"
        propensity = rng.normal(0.0, 0.7)
        po_required = rng.random() < 0.6
        paperless = bool(rng.random() < 0.65)
        terms = int(rng.choice([30, 45, 60], p=[0.5, 0.3, 0.2]))
        # Clients join throughout the period, so "first invoice" happens in the test split too.
        onboard = int(rng.uniform(0, horizon_days * 0.85))
        n_projects = 1 + int(rng.poisson(2.0))
        client_rows: list[dict[str, object]] = []
        for p in range(n_projects):
            project_id = f"{client_id}-P{p + 1}"
            p_start = onboard + (0 if p == 0 else int(rng.uniform(0, horizon_days * 0.6)))
            duration = int(rng.integers(3, 19))
            model = str(rng.choice(_MODELS, p=_MODEL_P))
            rate = float(rng.choice(_RATES))
            monthly_hours = float(rng.uniform(40, 320))
            overrun = rng.random() < 0.25  # scope creep: actual hours exceed the plan
            burn = float(rng.uniform(1.1, 1.5)) if overrun else float(rng.uniform(0.75, 1.0))
            currency = "USD" if rng.random() < 0.85 else str(rng.choice(["EUR", "GBP", "CAD"]))
            planned = monthly_hours * duration * rate
            contract_value = float(round(planned, -3))
            if model == "milestone":
                n_ms = min(int(rng.integers(2, 5)), duration)
                periods = sorted(rng.choice(np.arange(1, duration + 1), n_ms, replace=False))
                shares = rng.dirichlet(np.ones(n_ms))
            else:
                periods = list(range(1, duration + 1))
                shares = np.full(len(periods), 1.0 / len(periods))
            billed = 0.0
            for k, (period, share) in enumerate(zip(periods, shares, strict=True)):
                day = p_start + int(period * 30.4) + int(rng.integers(-3, 6))
                if day >= horizon_days:
                    break
                hours = bill_rate = c_rate = np.nan
                accepted: bool | None = None
                if model == "time_and_materials":
                    hours = round(monthly_hours * burn * rng.uniform(0.7, 1.3), 1)
                    drift = rng.random() < 0.12
                    c_rate = rate
                    bill_rate = round(rate * rng.uniform(1.05, 1.35), 0) if drift else rate
                    amount = hours * bill_rate
                elif model == "fixed_fee":
                    amount = contract_value * share * (burn if rng.random() < 0.15 else 1.0)
                    hours = round(amount / rate * rng.uniform(0.8, 1.4), 1)
                elif model == "milestone":
                    amount = contract_value * float(share)
                    accepted = bool(rng.random() < 0.8)
                else:  # retainer
                    amount = contract_value * share
                    hours = round(monthly_hours * rng.uniform(0.5, 1.2), 1)
                amount = float(round(amount, 2))
                billed += amount
                late_billing = rng.random() < 0.1
                gap = rng.uniform(60, 180) if late_billing else rng.lognormal(np.log(12), 0.5)
                many = rng.random() < 0.08
                line_items = int(rng.integers(15, 61)) if many else 1 + int(rng.poisson(4))
                has_po = rng.random() < (0.88 if po_required else 0.5)
                change_order = bool(rng.random() < 0.07)
                client_rows.append(
                    {
                        "day": day,
                        "project_id": project_id,
                        "billing_model": model,
                        "currency": currency,
                        "contract_value": contract_value,
                        "billed_to_date": round(billed, 2),
                        "po_number": f"PO-{rng.integers(10000, 99999)}" if has_po else None,
                        "hours_billed": hours,
                        "bill_rate": bill_rate,
                        "contract_rate": c_rate,
                        "milestone_accepted": accepted,
                        "line_items": line_items,
                        "paperless": paperless,
                        "days_work_to_invoice": int(np.rint(gap)),
                        "change_order_pending": change_order,
                        "amount": amount,
                        "terms": terms,
                        "_po_required": po_required,
                        "_k": k,
                    }
                )
        client_rows.sort(key=lambda r: int(r["day"]))  # type: ignore[call-overload]
        for i, row in enumerate(client_rows):
            logit = -4.2 + propensity
            if row["po_number"] is None:
                logit += 3.0 if row["_po_required"] else 0.5
            if row["billing_model"] == "time_and_materials":
                ratio = float(row["bill_rate"]) / float(row["contract_rate"])  # type: ignore[arg-type]
                logit += 12.0 * max(0.0, ratio - 1.0)
            over = float(row["billed_to_date"]) / float(row["contract_value"])  # type: ignore[arg-type]
            if over > 1.0:
                logit += 2.5 + 3.0 * min(over - 1.0, 0.5)
            if row["milestone_accepted"] is False:
                logit += 2.8
            logit += 2.4 * _sigmoid((float(row["days_work_to_invoice"]) - 60.0) / 8.0)  # type: ignore[arg-type]
            if row["change_order_pending"]:
                logit += 2.0
            if int(row["line_items"]) > 20:  # type: ignore[call-overload]
                logit += 1.4
            if i == 0:
                logit += 1.8
            if not row["paperless"]:
                logit += 0.3
            true_risk = _sigmoid(logit + rng.normal(0, 0.3))
            disputed = bool(rng.random() < true_risk)
            invoice_no += 1
            day = int(row["day"])  # type: ignore[call-overload]
            invoice_date = t0 + pd.Timedelta(days=day)
            rows.append(
                {
                    "invoice_id": f"INV-{seed % 1000:03d}-{invoice_no:06d}",
                    "client_id": client_id,
                    "invoice_date": invoice_date.strftime("%Y-%m-%d"),
                    "due_date": (invoice_date + pd.Timedelta(days=int(row["terms"]))).strftime(  # type: ignore[call-overload]
                        "%Y-%m-%d"
                    ),
                    **{k: v for k, v in row.items() if k in CANONICAL},
                    LABEL: disputed,
                    "true_risk": true_risk,
                }
            )
    frame = pd.DataFrame(rows, columns=[*CANONICAL, LABEL, "true_risk"])
    if not with_truth:
        frame = frame.drop(columns="true_risk")
    frame = frame.sort_values(["invoice_date", "invoice_id"], kind="stable").reset_index(drop=True)
    frame["line_items"] = frame["line_items"].astype("int64")
    frame["days_work_to_invoice"] = frame["days_work_to_invoice"].astype("int64")
    frame["milestone_accepted"] = frame["milestone_accepted"].astype("boolean")
    return frame


FOREIGN_COUNTRIES = ("US", "GB", "DE", "FR", "CA")


def generate_foreign_ar(n_customers: int = 120, *, seed: int = 7, months: int = 30) -> pd.DataFrame:
    """An accounts-receivable export as another system would write it (not canonical).

    Columns: Country Code, Customer ID, Invoice Number, Invoice Date and Due Date (m/d/Y),
    Invoice Amount, Paperless (Yes/No), Disputed (Yes/No), Settled Date and Days Late (known
    only after payment: a model must not use them) and Sales Rep (an unrelated column).
    Disputes follow the customer's hidden propensity, invoices far above the customer's usual
    amount, paper delivery for young accounts, short terms and a new customer's first invoice;
    several of these are thresholds and interactions that a linear model only approximates.
    """
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2023-01-01")
    horizon = int(months * 30.4)
    rows: list[dict[str, object]] = []
    number = 100000
    for c in range(n_customers):
        letters = "".join(rng.choice(list("ABCDEFGHJKLMNPQRSTUVWXYZ"), 4))
        customer = f"{1000 + c * 7:04d}-{letters}"
        country = str(rng.choice(FOREIGN_COUNTRIES, p=[0.45, 0.2, 0.15, 0.1, 0.1]))
        # A minority of chronic disputers, most customers rarely dispute: a mixture, not a line.
        chronic = rng.random() < 0.2
        propensity = rng.normal(1.6, 0.5) if chronic else rng.normal(-0.6, 0.5)
        typical = float(rng.lognormal(np.log(4000), 0.8))
        terms = int(rng.choice([10, 15, 30, 45, 60], p=[0.1, 0.1, 0.45, 0.2, 0.15]))
        start = int(rng.uniform(0, horizon * 0.8))
        switch = start + int(rng.uniform(0, horizon)) if rng.random() < 0.7 else 10**9
        day = start
        k = 0
        previous = day
        while True:
            day += int(rng.exponential(18)) + 1
            if rng.random() < 0.04:
                day += int(rng.uniform(90, 240))  # the account goes quiet, then comes back
            if day >= horizon:
                break
            spike = rng.random() < 0.1
            amount = typical * (rng.uniform(2.5, 6.0) if spike else rng.lognormal(0, 0.35))
            paperless = day >= switch
            small = rng.random() < 0.06  # small re-bills and adjustments
            if small:
                amount = typical * rng.uniform(0.05, 0.3)
            logit = -3.0 + propensity
            ratio = amount / typical
            if ratio > 2.2:
                logit += 2.2
            elif ratio < 0.35:
                logit += 1.4
            if not paperless and k < 6:
                logit += 1.6
            if terms <= 15 and ratio > 1.5:
                logit += 1.5
            if k == 0:
                logit += 1.5
            if day - previous > 90 and k > 0:
                logit += 1.2
            if country == "DE" and ratio > 1.3:
                logit += 0.8
            disputed = bool(rng.random() < _sigmoid(logit))
            invoice_date = t0 + pd.Timedelta(days=day)
            due = invoice_date + pd.Timedelta(days=terms)
            late = int(max(0, rng.normal(25 if disputed else 2, 12)))
            settled = due + pd.Timedelta(days=late - int(rng.integers(0, 5)))
            number += int(rng.integers(1, 50))
            rows.append(
                {
                    "Country Code": country,
                    "Customer ID": customer,
                    "Invoice Number": number,
                    "Invoice Date": invoice_date.strftime("%-m/%-d/%Y"),
                    "Due Date": due.strftime("%-m/%-d/%Y"),
                    "Invoice Amount": round(amount, 2),
                    "Paperless": "Yes" if paperless else "No",
                    "Disputed": "Yes" if disputed else "No",
                    "Settled Date": settled.strftime("%-m/%-d/%Y"),
                    "Days Late": late,
                    "Sales Rep": str(rng.choice(["Avery", "Blake", "Casey", "Devon"])),
                    "_day": day,
                }
            )
            k += 1
            previous = day
    frame = pd.DataFrame(rows).sort_values(["_day", "Invoice Number"], kind="stable")
    return frame.drop(columns="_day").reset_index(drop=True)


FOREIGN_MAP = {
    "Customer ID": "client_id",
    "Invoice Number": "invoice_id",
    "Invoice Date": "invoice_date",
    "Due Date": "due_date",
    "Invoice Amount": "amount",
    "Paperless": "paperless",
}
FOREIGN_LABEL = "Disputed"


def main(argv: list[str] | None = None) -> None:
    """Write the small sample CSVs of ``data/samples/invoices/`` (``python -m ...generator``)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--out", type=Path, default=Path("data/samples/invoices"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--customers", type=int, default=120)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    generate_invoices(args.clients, seed=args.seed).to_csv(args.out / "invoices.csv", index=False)
    generate_foreign_ar(args.customers, seed=args.seed).to_csv(
        args.out / "foreign_ar_export.csv", index=False
    )


if __name__ == "__main__":
    main()
