"""Dates to ISO: "July 1, 2020", "1 July 2020", "31 day of July, 2000", "09/24/2018", "2020-07-01",
"01-07-2026" and "01.07.2026".

A numeric date that reads only one way ("30-06-2027") is read that way. An ambiguous one
("01-07-2026") is read month first (US) unless the document reads day first: ``DAY_FIRST`` holds
that reading for the document being extracted (see ``read_dates_of`` and ``numeric_day_first``);
dotted dates ("01.07.2026") are always day first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
# "17t h day of February 2016": CUAD's texts of EDGAR filings often split a superscript ordinal
_ORDINAL = r"(?:s ?t|n ?d|r ?d|t ?h)?"
_DAY = rf"(?P<day>\d{{1,2}}){_ORDINAL}"
DATE_RE = re.compile(
    rf"(?=[\dJFMASOND])(?:{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}}){_ORDINAL}\s+(?:day\s+of\s+)?(?P<month2>January|February|March|April|May|June|July|August|September|October|November|December),?\s+(?P<year2>\d{{4}})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"|(?P<um>\d{1,2})(?P<sep>[/.-])(?P<ud>\d{1,2})(?P=sep)(?P<uy>\d{4})(?![\d.,]\d))",
    re.I,
)
# whether the current document reads ambiguous numeric dates day first; None: not decided yet,
# decided from _PENDING (its text and dollar) on the first ambiguous numeric date met
DAY_FIRST: list[bool | None] = [False]
_PENDING: list[tuple[str, str] | None] = [None]


def read_dates_of(text: str, dollar: str = "USD") -> None:
    """Read the numeric dates of the document ``text`` in its own order (see numeric_day_first)
    until ``reset_date_order``."""
    DAY_FIRST[0] = None
    _PENDING[0] = (text, dollar)


def reset_date_order() -> None:
    """Numeric dates outside a document's extraction read month first."""
    DAY_FIRST[0] = False
    _PENDING[0] = None


def _day_first() -> bool:
    decided = DAY_FIRST[0]
    if decided is None:
        pending = _PENDING[0]
        decided = numeric_day_first(*pending) if pending else False
        DAY_FIRST[0] = decided
    return decided


# currencies of countries that write dates day first (and not the US, Canada or the Philippines)
_DAY_FIRST_CURRENCY = re.compile(
    r"[€£₹]|\b(?:EUR|GBP|AUD|NZD|INR|ZAR|SGD|HKD|CHF|PLN|SEK|DKK|NOK|BRL|AED|SAR|QAR|MXN)\b"
    r"|\bzł|\bR\$|\bA\$|\bNZ\$|\bS\$"
)


def numeric_day_first(text: str, dollar: str = "USD") -> bool:
    """Whether ``text`` reads an ambiguous numeric date ("01-07-2026") day first: where its bare
    dollars are not US or Canadian dollars, or where it names no dollar and its fees are in a
    day-first country's currency. (A date that reads only one way, "30-06-2027", is read that way
    whatever this says: see find_dates. Looking for such dates over the whole text to decide
    cost more than a millisecond on 50 pages.)"""
    if dollar not in ("USD", "CAD"):
        return True
    return "$" not in text and _DAY_FIRST_CURRENCY.search(text) is not None


# Four digits, written so that the pattern opens with a character class: the engine then skips
# to the next digit at C speed ("\d{4}" opens with a repeat and was tried at every position).
_YEAR = re.compile(r"\d\d{3}")


@dataclass(frozen=True)
class DateMention:
    """A calendar date and its span."""

    value: dt.date
    start: int
    end: int

    @property
    def iso(self) -> str:
        """YYYY-MM-DD."""
        return self.value.isoformat()


def _date_matches(text: str) -> list[re.Match[str]]:
    """DATE_RE matches, searched only near four-digit years (every format has one): the
    month-name alternation is costly to try at every position of a long sentence."""
    matches: list[re.Match[str]] = []
    searched_to = 0
    for year in _YEAR.finditer(text):
        # "October 15,<a run of spaces>2000" (a PDF table cell): the window counts from the last
        # non-blank character before the year
        head = year.start()
        while head > 0 and text[head - 1].isspace():
            head -= 1
        start = max(searched_to, head - 32)
        end = min(len(text), year.end() + 6)
        for match in DATE_RE.finditer(text, start, end):
            if not matches or match.start() >= matches[-1].end():
                matches.append(match)
        searched_to = max(searched_to, year.end())
    return matches


def _numeric(year: int, first: int, second: int, dotted: bool) -> dt.date:
    """A numeric date in the document's order, or in the only order that makes it a date
    ("30-06-2027" is day first, "06/30/2027" month first, whatever the document's reading)."""
    if second > 12 or (first <= 12 and not dotted and not _day_first()):
        return dt.date(year, first, second)
    return dt.date(year, second, first)


def find_dates(text: str, offset: int = 0) -> list[DateMention]:
    """Every valid date mention (numeric dates in the order ``DAY_FIRST`` says)."""
    found: list[DateMention] = []
    for match in _date_matches(text):
        group = match.group
        try:
            if group("month"):
                value = dt.date(
                    int(group("year")),
                    MONTHS[group("month").lower().rstrip(".")],
                    int(group("day")),
                )
            elif group("month2"):
                value = dt.date(
                    int(group("year2")), MONTHS[group("month2").lower()], int(group("day2"))
                )
            elif group("iy"):
                value = dt.date(int(group("iy")), int(group("im")), int(group("id")))
            else:
                value = _numeric(
                    int(group("uy")), int(group("um")), int(group("ud")), group("sep") == "."
                )
        except (ValueError, KeyError):
            continue
        found.append(DateMention(value, match.start() + offset, match.end() + offset))
    return found


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as YYYY-MM-DD."""
    found = find_dates(text)
    return found[0].iso if found else None
