"""Percentages: "1.5%", "one and one-half percent (1 1/2%)", "1-1/2%", "ten percent", "2 per cent"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.documents.extraction.numbers import (
    NUMBER_START,
    NUMBER_WORDS,
    OCR_ONE,
    parse_number,
)

PERCENT_RE = re.compile(
    rf"{NUMBER_START}(?:(?P<words>{NUMBER_WORDS})\s+(?:percent|per\s+cent)\s*\(\s*(?P<pnum>\d+(?:\s+\d/\d|-\d/\d|[.,]\d+)?|{OCR_ONE})\s*%\s*\)"
    rf"|(?P<num>\d+(?:\s+\d/\d|-\d/\d|[.,]\d+)?)\s*(?:%|\s*percent\b|\s*per\s+cent\b|\s*pct\b)"
    rf"|\b(?P<wonly>{NUMBER_WORDS})\s+(?:percent|per\s+cent)\b)",
    re.I,
)


@dataclass(frozen=True)
class Percent:
    """A percentage value (1.5 means 1.5 %) and its span."""

    value: float
    start: int
    end: int


def find_percentages(text: str, offset: int = 0) -> list[Percent]:
    """Every percentage mention; words and a parenthesized numeral form one mention."""
    found = []
    for match in PERCENT_RE.finditer(text):
        raw = match.group("pnum") or match.group("num")
        raw = "1" if raw in ("I", "l") else raw
        value = (
            parse_number(raw) if raw else parse_number(match.group("words") or match.group("wonly"))
        )
        if value is None:
            continue
        found.append(Percent(value, match.start() + offset, match.end() + offset))
    return found
