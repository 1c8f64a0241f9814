"""Patterns that judge what an amount means from the words around it.

Shared by the money, rate, billing-model and milestone resolvers: money about insurance or
shares is not a fee, an amount in a travel sentence is an expense, "a minimum of" or "in excess
of" before an amount makes it a floor or a threshold rather than a price, and list numbering
before a label is not part of a role or milestone name.
"""

from __future__ import annotations

import re

NON_FEE_MONEY = re.compile(
    r"insurance|liabilit|\bliable\b|damages?\b|indemn|par\s+value|per\s+share|shares|stock|purchase\s+price|"
    r"penalt|coverage|policy\s+limits|bond|judgment|salary|wages|net\s+worth|revenue\s+threshold",
    re.I,
)
EXPENSE_CONTEXT = re.compile(
    r"travel|expenses?|out[\s-]of[\s-]pocket|lodging|per\s+diem|mileage|meals|disbursements|parking",
    re.I,
)
# A lowercase word every match of the pattern above contains: their absence rules the pattern out
# without running it (each is a long case-insensitive alternation tried at every position).
NON_FEE_WORDS = (
    "insurance",
    "liabilit",
    "liable",
    "damage",
    "indemn",
    "value",
    "share",
    "stock",
    "price",
    "penalt",
    "coverage",
    "limits",
    "bond",
    "judgment",
    "salary",
    "wages",
    "worth",
    "threshold",
)
EXPENSE_WORDS = (
    "travel",
    "expense",
    "pocket",
    "lodging",
    "diem",
    "mileage",
    "meals",
    "disbursement",  # (EXPENSE_CONTEXT's "disbursements" holds it)
    "parking",
)


def may_match(text: str, words: tuple[str, ...]) -> bool:
    """False only when ``text`` holds none of ``words`` (lowercase) in any case. Decided only on
    ASCII text, where ``re.I`` folds case exactly as ``str.lower`` does (outside ASCII it also
    folds "K" (Kelvin sign) to "k" and "ſ" to "s"); other text answers True."""
    if not text.isascii():
        return True
    lower = text.lower()
    return any(map(lower.__contains__, words))


MINIMUM_BEFORE = re.compile(
    r"\bminimum\s+(?:\w+\s+){0,2}(?:fees?|charges?|payments?|amount|commitment)\b|"
    r"not\s+(?:be\s+)?less\s+than|\bat\s+least\b",
    re.I,
)  # "The minimum monthly fee shall not be less than ... ($5,000) per month"
# "30% of Net Sales in excess of Eleven Thousand Dollars ($11,000) per calendar month", "revenue
# ... does not exceed $5,000 per month": a threshold, not a price ("not to exceed" caps stay rates)
THRESHOLD_BEFORE = re.compile(
    r"(?:in\s+excess\s+of|(?<!not\sto\s)\bexceeds?|\bexceeding|(?:more|greater)\s+than)\s+"
    r"(?:[A-Za-z\-]+\s+){0,5}\(?\s*$",
    re.I,
)
# "That's over $200,000 per year", "approximately $50,000 per quarter": a comparison or an estimate
# right before the amount, not an agreed price
APPROXIMATE_BEFORE = re.compile(
    r"\b(?:over(?:\s+than)?|approximately|approx\.|roughly|around|about|nearly|almost)\s+\(?\s*$"
    # "expected spend ... is in the region of one hundred and forty thousand dollars ($140,000)"
    r"|\bin\s+the\s+region\s+of\s+(?:[\w-]+\s+){0,8}?\(?\s*$",
    re.I,
)
# A lowercase word every match of the pattern of the same name holds (see may_match)
MINIMUM_WORDS = ("minimum", "less", "least")
THRESHOLD_WORDS = ("excess", "exceed", "than")
APPROXIMATE_WORDS = ("over", "approx", "roughly", "around", "about", "nearly", "almost", "region")
LEADING_MARK = re.compile(r"^[\s|•*\-–:(\[]*(?:\d+(?:\.\d+)*[.)]?\s+|[a-z][.)]\s+)?")


# "(B) The Consultant has carried out feasibility and Stage 0 services ... under a Feasibility
# Instruction dated 9 June 2025 for a lump sum of £8,750.00": the price of work already done under
# an earlier instruction (a recital), not of this one
EARLIER_WORK = re.compile(
    r"\bha(?:s|ve)\s+(?:already\s+)?(?:carried\s+out|performed|provided|completed|delivered)\b"
    r"|\b(?:under|pursuant\s+to)\s+(?:a|an|the)\s+(?:separate|prior|previous|earlier)\b",
    re.I,
)
