"""spaCy EntityRuler patterns for the cue phrases that decide what a sentence is about.

Values (amounts, days, dates) are parsed by the regex normalizers next door; these patterns name
the *context*: which billing model a sentence speaks of, whether it is about invoices, late
payment, a ceiling, expense reimbursement, a purchase order or the term of the agreement. Only
ORTH/LOWER/TEXT attributes are used (the pipeline is model-free: no POS, no lemmas).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

RULER_NAME = "billing_cues"


def _phrase(text: str) -> list[dict[str, Any]]:
    """A token pattern matching ``text`` case-insensitively, hyphens optional ("time-and-...")."""
    tokens: list[dict[str, Any]] = []
    for word in text.split():
        parts = word.split("-")
        for i, part in enumerate(parts):
            if i:
                tokens.append({"ORTH": "-", "OP": "?"})
            tokens.append({"LOWER": part.lower()})
    return tokens


CUES: dict[str, dict[str, list[str]]] = {
    "BILLING_MODEL": {
        "time_and_materials": [
            "time and materials",
            "time and material",
            "time & materials",
            "time-and-materials",
            "t&m",
            "labor hour",
            "labor-hour",
            "labor hours basis",
            "hourly basis",
        ],
        "fixed_fee": [
            "fixed fee",
            "fixed-fee",
            "fixed price",
            "fixed-price",
            "firm fixed price",
            "firm-fixed-price",
            "ffp",
            "lump sum",
            "lump-sum",
        ],
        "milestone": [
            "milestone payment",
            "milestone payments",
            "payment milestones",
            "milestone billing",
            "per milestone",
            "each milestone",
            "milestone schedule",
            "payment milestone",
        ],
        "retainer": ["retainer", "monthly retainer"],
        "subscription": [
            "subscription",
            "subscriptions",
            "subscriber",
            "annual license",
            "annual licence",
            "license pricing",
            "subscription fee",
        ],
        "usage": [
            "usage fee",
            "usage fees",
            "usage-based",
            "pay-per-use",
            "per transaction",
            "per email",
            "per api call",
            "per message",
            "per unit consumed",
        ],
        "cost_reimbursement": [
            "cost reimbursement",
            "cost-reimbursement",
            "cost plus",
            "cost-plus",
            "actual cost basis",
            "at actual cost",
            "cost reimbursable",
            "cost-reimbursable",
        ],
    },
    "CUE": {
        "invoice": [
            "invoice",
            "invoices",
            "invoiced",
            "invoicing",
            "statement",
            "statements",
            "bill",
            "billed",
            "billing",
        ],
        "late": [
            "late payment",
            "late fee",
            "late charge",
            "overdue",
            "past due",
            "interest",
            "finance charge",
            "delinquent",
        ],
        "ceiling": [
            "not to exceed",
            "not-to-exceed",
            "shall not exceed",
            "will not exceed",
            "nte",
            "ceiling",
            "capped at",
            "cap of",
            "maximum amount",
            "up to a maximum",
        ],
        "reimburse": ["reimburse", "reimbursed", "reimbursement", "reimbursable"],
        "po": [
            "purchase order",
            "po number",
            "p.o. number",
            "order number",
            "order id",
            "client order id number",
            "contract/order number",
            "po",
        ],
        "discount": ["discount", "prompt payment discount", "early payment"],
        "retainage": ["retainage", "retention", "holdback", "withhold", "retain"],
    },
}


def ruler_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns: label BILLING_MODEL or CUE, ``id`` the model or cue name."""
    patterns = []
    for label, groups in CUES.items():
        for cue_id, phrases in groups.items():
            for phrase in phrases:
                patterns.append({"label": label, "pattern": _phrase(phrase), "id": cue_id})
    return patterns


@lru_cache(maxsize=1)
def get_extraction_nlp() -> Language:
    """The shared segmentation pipeline plus the cue EntityRuler (added once)."""
    from service.documents.segmenting import get_nlp

    nlp = get_nlp()
    if RULER_NAME not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": True})
        ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp
