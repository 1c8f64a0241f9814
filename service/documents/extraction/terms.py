"""Resolve every ``billing_terms`` key of INTERFACES.md from a :class:`Document`, by context.

Pipeline: a cheap substring test picks the sentences that can hold a billing term; only those go
through the spaCy pipeline (EntityRuler cues: billing models, invoice/late/ceiling/reimburse/PO
words); the regex normalizers parse amounts, durations, percentages, dates and rates; the
resolvers decide what each value *means* from its neighbours ("within 30 days" after "invoice" is
a payment term, after "notice" it is not; a ceiling is not the contract value; a travel cap is not
a fee cap). Each value carries a confidence and evidence whose offsets slice the document text.

This module only orchestrates: the candidate sentences and the resolvers live in
:mod:`service.documents.extraction.resolvers`, one module per topic, so a rule can be found and
changed without reading the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from service.documents.document import Document
from service.documents.extraction import dates
from service.documents.extraction.numbers import to_int_or_float
from service.documents.extraction.resolvers import finders
from service.documents.extraction.resolvers.billing_models import resolve_billing_models
from service.documents.extraction.resolvers.expenses import resolve_expenses
from service.documents.extraction.resolvers.invoice_rules import (
    resolve_po_required,
    resolve_retainage,
)
from service.documents.extraction.resolvers.milestone_grids import (
    MilestoneGrid,
    resolve_milestone_grid,
)
from service.documents.extraction.resolvers.money_terms import (
    currency_of_rates,
    resolve_money_terms,
)
from service.documents.extraction.resolvers.payment import (
    resolve_late_interest,
    resolve_payment_terms,
)
from service.documents.extraction.resolvers.period import resolve_period
from service.documents.extraction.resolvers.rate_cards import resolve_rates
from service.documents.extraction.resolvers.schedule import (
    resolve_columnar_schedule,
    resolve_deliverable_payments,
    resolve_invoice_frequency,
    resolve_milestones,
    resolve_payment_schedule,
)
from service.documents.extraction.resolvers.sentences import Found, candidate_sentences, term

BILLING_KEYS = (
    "billing_models",
    "payment_terms_days",
    "currency",
    "contract_value",
    "not_to_exceed",
    "invoice_frequency",
    "rates",
    "milestones",
    "late_payment_interest",
    "expenses_reimbursable",
    "early_payment_discount",
    "retainage_percent",
    "po_required",
    "period_of_performance",
)

_EXTRACTION_LOCK = threading.Lock()


def extract_billing_terms(doc: Document) -> dict[str, dict[str, Any] | None]:
    """Every billing_terms key of INTERFACES.md for ``doc`` (value, confidence, evidence) or None.

    The per-document memo and the reading of "$" are module state (``resolvers.finders``), so
    extractions are serialized: the work is CPU-bound Python (the GIL would serialize it anyway), and the API
    runs uploads in a thread pool.
    """
    with _EXTRACTION_LOCK:
        try:
            return _extract_billing_terms(doc)
        finally:
            finders.clear_caches()
            dates.reset_date_order()


def _extract_billing_terms(doc: Document) -> dict[str, dict[str, Any] | None]:
    finders.clear_caches()  # caches serve one document's resolvers, never a later document
    finders.DOLLAR[0] = finders.dollar_currency(doc.text)
    finders.KRONA[0] = finders.krona_currency(doc.text)
    dates.read_dates_of(doc.text, finders.DOLLAR[0])
    sentences = candidate_sentences(doc)
    payment, discount = resolve_payment_terms(sentences)
    money = resolve_money_terms(sentences)
    rates = resolve_rates(doc, sentences)
    milestones = (
        resolve_milestone_grid(doc)
        or resolve_milestones(doc)
        or resolve_deliverable_payments(sentences)
        or resolve_payment_schedule(sentences)
        or resolve_columnar_schedule(doc)
    )
    if (
        money["contract_value"] is None
        and isinstance(milestones, MilestoneGrid)
        and milestones.total is not None
    ):
        # the printed total of a milestone table is the fixed price the milestones add up to
        amount, code = milestones.total
        currency = code or (money["currency"].value if money["currency"] else None)
        if currency is not None:
            money["contract_value"] = Found(
                {"amount": to_int_or_float(amount), "currency": currency},
                0.7,
                milestones.start,
                milestones.end,
            )
    header = doc.text[:1500]
    models = resolve_billing_models(
        doc, sentences, rates, money["contract_value"], milestones, header
    )
    money["currency"] = money["currency"] or currency_of_rates(rates)
    resolvers: dict[str, Callable[[], Found | None]] = {
        "billing_models": lambda: models,
        "payment_terms_days": lambda: payment,
        "currency": lambda: money["currency"],
        "contract_value": lambda: money["contract_value"],
        "not_to_exceed": lambda: money["not_to_exceed"],
        "invoice_frequency": lambda: resolve_invoice_frequency(sentences, milestones),
        "rates": lambda: rates,
        "milestones": lambda: milestones,
        "late_payment_interest": lambda: resolve_late_interest(sentences, doc),
        "expenses_reimbursable": lambda: resolve_expenses(doc, sentences),
        "early_payment_discount": lambda: discount,
        "retainage_percent": lambda: resolve_retainage(sentences),
        "po_required": lambda: resolve_po_required(doc),
        "period_of_performance": lambda: resolve_period(doc, sentences),
    }
    return {key: term(doc, resolvers[key]()) for key in BILLING_KEYS}
