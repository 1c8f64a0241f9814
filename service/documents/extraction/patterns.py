"""spaCy EntityRuler patterns for the cue phrases that decide what a sentence is about.

Values (amounts, days, dates) are parsed by the regex normalizers next door; these patterns name
the *context*: which billing model a sentence speaks of, whether it is about invoices, late
payment, a ceiling, expense reimbursement, a purchase order or the term of the agreement. Only
the LOWER attribute is used (the pipeline is model-free: no POS, no lemmas).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import EntityRuler

RULER_NAME = "billing_cues"


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
            "labor hours (lh)",
            "labor hour (lh)",
            "hourly basis",
            # "The Services are to be performed on a time basis", "time-based fees calculated by
            # multiplying the hours actually spent"
            "charged on a time basis",
            "billed on a time basis",
            "performed on a time basis",
            "on a time basis at",  # "the Supplier shall provide it on a time basis at the
            # following day rates"
            "time-based fees",
            "time based fees",
            "time charges",  # "shall pay VNE's then-current time charges"
            # "will deliver an invoice for such fees at the hourly rate described in Exhibit C"
            # (the rate itself redacted or in a schedule)
            "at the hourly rate",
            "at the hourly rates",
            # "Fees calculated by multiplying the hours properly worked ... by the applicable
            # hourly rate set out in Schedule 2"
            "by the applicable hourly rate",
            # "All services are billed hourly, at the rates in Attachment 1"
            "billed hourly",
            "charged hourly",
            "billed by the hour",
            "charged by the hour",
            # "We bill for the time we actually spend", "charged on the basis of the time actually
            # spent by our consultants", "Fees are charged per person-month"
            "time we actually spend",
            # "Our fees are based on the actual time our professionals spend"
            "based on the actual time",
            # "Our fees are calculated per training day actually delivered"
            "day actually delivered",
            "days actually delivered",
            "time actually spent",
            # "using the actual quantities ... and the actual hours spent by TRG personnel,
            # multiplied by the rates in the Schedule of Unit Rates"
            "actual hours spent",
            "hours actually spent",
            "time actually worked",
            "hours actually worked",
            # "staff time, at the day rates ... for each day or half day actually worked"
            "day actually worked",
            "days actually worked",
            "per person-month",
            "per person month",
            "per man-month",
            "per man-day",
        ],
        "fixed_fee": [
            "stipulated sum",  # AIA agreements: "a stipulated sum of ... (the "Stipulated Sum")"
            "fixed fee",
            "fixed-fee",
            "fixed price",
            "fixed-price",
            "firm fixed price",
            "firm-fixed-price",
            "ffp",
            # Canadian federal contracts: "Basis of Payment: Firm price, payable on milestones"
            "firm price",
            "firm-price",
            "lump sum",
            "lump-sum",
            # a fee paid once for the work or the deal, not per period or per use
            "one-time fee",
            "one time fee",
            "one-time, non-refundable fee",
            "one-time non-refundable fee",
            "one-time up-front fee",
            "up-front fee",
            "upfront fee",
            # "a non-refundable, non-creditable upfront payment of ... (US $7,500,000)"
            "upfront payment",
            "up-front payment",
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
            "achievement of the applicable milestones",
            "achievement of the milestones",
            "achievement of milestones",
        ],
        "retainer": ["retainer", "monthly retainer"],
        "subscription": [
            "subscription",
            "subscriptions",
            # "remains a compliant subscriber to such Maintenance" (not a "subscriber base")
            "subscriber to",
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
            # "on the volume of Client Data ingested, per GB" (not "transaction fees": the CUAD
            # co-branding deals share revenue from someone else's transaction fees)
            # "multiplying the number of Characters of the Source Text ... by the applicable
            # rate per Character": a translation priced per character
            "per character",
            "per source character",
            "per gb",
            # "The Services will be billed on a unit rate basis, using the actual quantities of
            # drilling, sampling and laboratory testing performed": priced per quantity used
            "unit rate basis",
            "unit-rate basis",
            "per gigabyte",
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
}
"""Only the billing-model cues need spaCy; context words (invoice, late, ceiling...) are
regular expressions in :mod:`terms`, which keeps the EntityRuler pass to few sentences."""


def ruler_patterns() -> list[dict[str, Any]]:
    """EntityRuler phrase patterns: label BILLING_MODEL or CUE, ``id`` the model or cue name.

    Phrase patterns (matched on LOWER by spaCy's PhraseMatcher) rather than token patterns: the
    PhraseMatcher is a hash lookup per token, an order of magnitude cheaper than the Matcher's
    state machine, and every cue here is a fixed phrase. Hyphenated spellings are listed as
    phrases of their own ("time-and-materials").
    """
    patterns: list[dict[str, Any]] = []
    for label, groups in CUES.items():
        for cue_id, phrases in groups.items():
            for phrase in phrases:
                patterns.append({"label": label, "pattern": phrase, "id": cue_id})
    return patterns


_COMMON = {
    "pay",
    "per",
    "cost",
    "each",
    "fee",
    "fees",
    "rate",
    "price",
    "annual",
    "monthly",
    "unit",
}


def _key_word(phrase: str) -> str:
    """The phrase's most telling word: the longest one that is not an everyday contract word."""
    words = phrase.lower().split()
    telling = [w for w in words if w not in _COMMON] or words
    return max(telling, key=len)


CUE_WORDS = tuple(
    sorted(
        {_key_word(p) for groups in CUES.values() for phrases in groups.values() for p in phrases}
    )
)
"""Lowercase words of which every cue phrase contains one (the prefilter for the spaCy pass)."""

CUE_PHRASE_WORDS: dict[str, list[tuple[str, ...]]] = {}
"""For each key word, the words of the phrases it stands for ("materials" -> time, and, ...)."""
for _groups in CUES.values():
    for _phrases in _groups.values():
        for _phrase in _phrases:
            CUE_PHRASE_WORDS.setdefault(_key_word(_phrase), []).append(
                tuple(_phrase.lower().split())
            )


@lru_cache(maxsize=1)
def get_extraction_nlp() -> Language:
    """The shared segmentation pipeline plus the cue EntityRuler (added once)."""
    from service.documents.segmenting import get_nlp

    nlp = get_nlp()
    if RULER_NAME not in nlp.pipe_names:
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=RULER_NAME,
            config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"},
        )
        ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def cue_entities(text: str) -> list[tuple[int, int, str, str]]:
    """``(start_char, end_char, label, id)`` of the cue phrases in ``text``: the entities the cue
    EntityRuler sets on ``nlp(text)`` (with only the ruler enabled), in text order.

    The ruler's own matches are resolved as its ``set_annotations`` does (longest first, then
    leftmost; a match whose first or last token is taken is dropped) without making the Span
    objects and the Doc's entities, which cost more than tokenizing and matching together.
    """
    nlp = get_extraction_nlp()
    ruler = cast("EntityRuler", nlp.get_pipe(RULER_NAME))
    doc = nlp.make_doc(text)
    taken: set[int] = set()
    kept: list[tuple[int, int, int]] = []
    for match_id, start, end in ruler.match(doc):
        if start not in taken and end - 1 not in taken:
            kept.append((start, end, match_id))
            taken.update(range(start, end))
    entities = []
    for start, end, match_id in sorted(kept):
        label, cue_id = ruler._ent_ids[match_id]
        last = doc[end - 1]
        entities.append((doc[start].idx, last.idx + len(last), label, cue_id))
    return entities
