"""Rates: money per unit of time, "$225 per hour", "EUR 1.100/day", "$18,000 per month",
"a monthly fee of $1,000", "hourly rate of $150", "$200,000 annual fee"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.documents.extraction.money import Money, find_money

UNIT_WORDS = {
    "hour": "hour",
    "hr": "hour",
    "h": "hour",
    "day": "day",
    "diem": "day",
    "week": "week",
    "wk": "week",
    "month": "month",
    "mo": "month",
    "year": "year",
    "yr": "year",
    "annum": "year",
}
ADJECTIVES = {
    "hourly": "hour",
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "annual": "year",
    "yearly": "year",
}
_AFTER = re.compile(
    # "$1000/- per day": "/-" after an amount (South Asian usage: no fraction follows)
    # "EUR 84.000,00 net per Contract Year", "$41,500 for each calendar month"
    r"(?:/-)?\.?\s*(?:(?:(?:net\s+)?(?:per|an|a|each|/)|for\s+each(?=\s+calendar))\s*"
    r"(?:calendar\s+|contract\s+|service\s+)?"
    r"(?P<unit>hour|hr|h|day|diem|week|wk|month|mo|year|yr|annum)\b"
    r"|(?P<unit2>hourly|daily|weekly|monthly|annually)\b"
    # "$200,000 annual fee", "$5,000 monthly retainer": the adjective follows the amount
    r"|(?P<unit3>hourly|daily|weekly|monthly|annual|yearly)\s+(?:[a-z]+\s+)?"
    r"(?:fee|rate|retainer|charge|compensation)s?\b)",
    re.I,
)
_BEFORE = re.compile(
    # ("Minimum Monthly Charge: S$42,750.00" is a floor under prices per use, not a rate)
    r"\b(?<!minimum\s)(?P<adj>hourly|daily|weekly|monthly|annual|yearly)\s+(?:\w+\s+){0,3}?"
    r"(?:rate|fee|retainer|charge|compensation)\b\s*(?:\([^)]{0,30}\)\s*)?"
    r"(?:for\s+(?:\w+\s+){1,3}?)?"  # "Hourly rate for intervention is $125.00"
    r"(?:in\s+the\s+(?:amount|sum)\s+)?"  # "the recurring monthly fee in the amount of $450"
    # a fee-table label: "Annual Fee: $18,000", "(Annual Fee, payable monthly) $ 18,000.00"
    r"(?:,\s*[^()$:;]{0,30}\)|\))?\s*[:\-–]?\s*"
    r"(?:of|is|shall\s+be|equal\s+to)?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Rate:
    """An amount per unit of time and its span (money plus unit words)."""

    money: Money
    unit: str
    start: int
    end: int


def find_rates(text: str, offset: int = 0) -> list[Rate]:
    """Money mentions tied to a time unit, either after ("/day") or before ("monthly fee of")."""
    rates = []
    for money in find_money(text):
        after = _AFTER.match(text, money.end)
        if after:
            word = (after.group("unit") or after.group("unit2") or after.group("unit3")).lower()
            unit = UNIT_WORDS.get(word) or ADJECTIVES.get(word) or {"annually": "year"}.get(word)
            if unit:
                rates.append(
                    Rate(_shift(money, offset), unit, money.start + offset, after.end() + offset)
                )
                continue
        window = text[max(0, money.start - 60) : money.start]
        before = _BEFORE.search(window)
        if before:
            unit = ADJECTIVES[before.group("adj").lower()]
            begin = max(0, money.start - 60) + before.start()
            rates.append(Rate(_shift(money, offset), unit, begin + offset, money.end + offset))
            continue
        per = _PER_UNIT_BEFORE.search(window)
        if per:
            unit = UNIT_WORDS[per.group("unit").lower()]
            begin = max(0, money.start - 60) + per.start()
            rates.append(Rate(_shift(money, offset), unit, begin + offset, money.end + offset))
    return rates


# "Cost of Training per any additional week of 5 days is US$ 40,000", "Fee per month: $500": the
# unit is named before the amount
_PER_UNIT_BEFORE = re.compile(
    r"\b(?:fee|cost|charge|rate|price|compensation)s?\s+(?:of\s+\w+\s+)?per\s+(?:any\s+)?"
    r"(?:additional\s+)?(?P<unit>hour|day|week|month|year)\b[^$.;:]{0,30}?"
    r"\s*(?::|\bis\b|\bshall\s+be\b|\bwill\s+be\b|\bof\b)\s*$",
    re.I,
)


def _shift(money: Money, offset: int) -> Money:
    return Money(
        money.amount,
        money.currency,
        money.start + offset,
        money.end + offset,
        money.bare_dollar,
        money.bare_krona,
    )
