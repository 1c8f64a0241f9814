"""Durations and payment-term shorthands: "thirty (30) days", "net 45", "2/10 net 30".

A duration is normalized to ``(count, unit)`` with unit in day/week/month/year; callers turn it
into days or months. "thirty (30) days" is one mention (the words and the numeral agree), and
when they disagree the numeral wins because that is what contracts treat as controlling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.documents.extraction.numbers import (
    NUMBER_START,
    NUMBER_WORDS,
    OCR_ONE,
    parse_number,
)

_UNIT = r"(?P<unit>(?:calendar\s+|business\s+|working\s+)?(?:days?|weeks?|months?|years?))"
DURATION_RE = re.compile(
    rf"{NUMBER_START}(?:(?P<words>{NUMBER_WORDS})\s*[\s-]?\s*\(\s*(?P<pnum>\d{{1,4}}|{OCR_ONE})\s*\)"
    rf"|(?P<num>\d{{1,4}})|(?P<wonly>\b{NUMBER_WORDS}))"
    rf"(?:\s*[-\s]\s*|\s*\(\s*)?{_UNIT}\b",
    re.I,
)
NET_RE = re.compile(
    rf"\bnet\s+(?:(?P<words>{NUMBER_WORDS})\s*\(\s*(?P<pnum>\d{{1,3}})\s*\)|(?P<num>\d{{1,3}})"
    rf"|(?P<wonly>{NUMBER_WORDS}))(?:\s+(?:calendar\s+)?days?)?\b",
    re.I,
)
DISCOUNT_NET_RE = re.compile(
    r"\b(?P<pct>\d{1,2}(?:\.\d+)?)\s*%?\s*/\s*(?P<days>\d{1,2})\s*,?\s*net\s*(?P<net>\d{1,3})\b",
    re.I,
)


@dataclass(frozen=True)
class Duration:
    """A count of units (``unit`` singular: day, week, month, year) and its span."""

    count: float
    unit: str
    start: int
    end: int
    business: bool = False

    @property
    def days(self) -> int | None:
        """Length in days for day/week units (months and years have no fixed day count)."""
        if self.unit == "day":
            return int(self.count)
        if self.unit == "week":
            return int(self.count * 7)
        return None

    @property
    def months(self) -> int | None:
        """Length in whole months for month/year units."""
        if self.unit == "month":
            return int(self.count)
        if self.unit == "year":
            return int(self.count * 12)
        return None


def _count(
    words: str | None, paren: str | None, num: str | None, wonly: str | None
) -> float | None:
    if paren:
        return 1.0 if paren in ("I", "l") else parse_number(paren)
    if num:
        return parse_number(num)
    text = words or wonly
    return parse_number(text) if text else None


def find_durations(text: str, offset: int = 0) -> list[Duration]:
    """Every "N days/weeks/months/years" mention, words or digits or both."""
    found: list[Duration] = []
    for match in DURATION_RE.finditer(text):
        count = _count(
            match.group("words"), match.group("pnum"), match.group("num"), match.group("wonly")
        )
        if count is None or count <= 0:
            continue
        unit_text = match.group("unit").lower()
        unit = re.sub(r"s$", "", unit_text.split()[-1])
        found.append(
            Duration(
                count,
                unit,
                match.start() + offset,
                match.end() + offset,
                business="business" in unit_text or "working" in unit_text,
            )
        )
    return found


def find_net_terms(text: str, offset: int = 0) -> list[Duration]:
    """ "Net 45" / "net thirty (30) days" as day durations."""
    if text.isascii() and "net" not in text.lower():
        return []  # every match holds "net" (in ASCII text re.I folds case as lower() does)
    found = []
    for match in NET_RE.finditer(text):
        count = _count(
            match.group("words"), match.group("pnum"), match.group("num"), match.group("wonly")
        )
        if count is None or count <= 0 or count > 365:
            continue
        found.append(Duration(count, "day", match.start() + offset, match.end() + offset))
    return found


@dataclass(frozen=True)
class DiscountTerms:
    """ "2/10 net 30": ``percent`` off when paid within ``days``; full amount due in ``net_days``."""

    percent: float
    days: int
    net_days: int
    start: int
    end: int


def find_discount_terms(text: str, offset: int = 0) -> list[DiscountTerms]:
    """Every "2/10 net 30"-style mention."""
    if "/" not in text:
        return []  # every match holds a slash: no need to try the pattern at each position
    return [
        DiscountTerms(
            float(m.group("pct")),
            int(m.group("days")),
            int(m.group("net")),
            m.start() + offset,
            m.end() + offset,
        )
        for m in DISCOUNT_NET_RE.finditer(text)
    ]
