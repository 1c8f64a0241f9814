"""The normalizers (money, rates, dates, durations, percentages) as the resolvers call them.

Several resolvers revisit the same candidate sentence, so results are memoized for the current
document; money finders skip a sentence already known to hold no currency marker; and a bare
"$" is read as the document's own dollar (CAD in a Canadian contract). All of this is state of
one document: :func:`clear_caches` forgets it, and the extraction in ``terms`` is serialized.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from service.documents.extraction import dates as _dates
from service.documents.extraction import durations as _durations
from service.documents.extraction import money as _money
from service.documents.extraction import percentages as _percentages
from service.documents.extraction import rates as _rates
from service.documents.extraction.money import Money

_MEMO: dict[tuple[str, str, int], Any] = {}


def _memo(name: str, fn: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """Memoize a normalizer for the current document: resolvers revisit the same sentences."""

    def wrapper(text: str, offset: int = 0) -> list[Any]:
        key = (name, text, offset)
        if key not in _MEMO:
            _MEMO[key] = fn(text, offset)
        return list(_MEMO[key])

    return wrapper


NO_CURRENCY: set[tuple[int, str]] = set()  # (start, text) of sentences without currency


def _needs_currency(fn: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """Skip a money-based finder on a document sentence that has no currency marker at all."""

    def wrapper(text: str, offset: int = 0) -> list[Any]:
        if (offset, text) in NO_CURRENCY:
            return []
        return fn(text, offset)

    return wrapper


def _needs_words(words: tuple[str, ...], fn: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """Skip a finder whose pattern needs one of ``words`` (lowercase) when none occurs."""

    def wrapper(text: str, offset: int = 0) -> list[Any]:
        lowered = text.lower()
        if not any(word in lowered for word in words):
            return []
        return fn(text, offset)

    return wrapper


DOLLAR = ["USD"]  # what a bare "$" means in the current document (see dollar_currency)


def dollar_currency(text: str) -> str:
    """CAD, AUD, NZD, SGD or MXN for a Canadian, Australian, New Zealand, Singapore or Mexican
    contract that writes bare "$" amounts, else USD.

    Canadian when the text writes CDN$/C$/CAD or Canadian dollars, or names GST/HST together
    with a Canadian jurisdiction; Australian or New Zealand likewise with A$/AUD or NZ$/NZD, or
    GST together with a place of that country; Singapore with S$/SGD or Singapore dollars; Mexico
    with MXN or pesos; each only if the text never speaks of U.S. dollars.
    """
    if _any_match(text, _US_DOLLARS):
        return "USD"  # (most US contracts say so early: no scan for the other cues)
    present = _present_literals(text)
    if not present:
        return "USD"

    def said(cues: tuple[tuple[str, re.Pattern[str]], ...]) -> bool:
        return any(literal in present and pattern.search(text) for literal, pattern in cues)

    if said(_CANADIAN_DOLLARS) or (said(_SALES_TAX) and said(_CANADIAN_PLACE)):
        return "CAD"
    if said(_AUSTRALIAN_DOLLARS) or (said(_SALES_TAX[:1]) and said(_AUSTRALIAN_PLACE)):
        return "AUD"
    if said(_NEW_ZEALAND_DOLLARS) or (said(_SALES_TAX[:1]) and said(_NEW_ZEALAND_PLACE)):
        return "NZD"
    if said(_SINGAPORE_DOLLARS):
        return "SGD"
    if said(_MEXICAN_PESOS):
        return "MXN"
    return "USD"


def _present_literals(text: str) -> set[str]:
    """The cue literals of dollar_currency (after the US ones) that occur in ``text``, found in
    one pass: a test per literal scanned 50 pages some forty times (about 2.5 ms)."""
    found = set(_DOLLAR_LITERALS.findall(text))
    # a literal inside a longer one found there ("S$" in "US$") may occur on its own elsewhere
    return found | {
        literal
        for literal in _ALL_DOLLAR_LITERALS
        if literal not in found and any(literal in other for other in found) and literal in text
    }


def _cues(*pairs: tuple[str, str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((literal, re.compile(pattern)) for literal, pattern in pairs)


# Each alternative with a literal every match contains: str.find rules it out at C speed, and a
# pattern that starts with a literal is searched by prefix. One alternation over a 50-page text
# cost milliseconds when "U.S." occurred but never "U.S. dollars".
_US_DOLLARS = _cues(
    ("U.S.", r"U\.S\.\s*dollars"),
    ("United", r"United\s+States\s+dollars"),
    ("US$", r"US\$"),
    ("USD", r"\bUSD\b"),
)
_CANADIAN_DOLLARS = _cues(
    ("CDN", r"\bCDN\s?\$"),
    # "$0.07 CND (plus applicable taxes)": CDN, or its common misspelling, after a dollar amount
    ("CDN", r"\$\s?[\d.,]+\s?CDN\b"),
    ("CND", r"\$\s?[\d.,]+\s?CND\b"),
    ("C$", r"\bC\$"),
    # a code next to an amount or naming the currency: "CAD" alone is also computer-aided design
    # ("BIM / CAD Technician $112.00")
    ("CAD", r"\bCAD\b(?=\s?\$?\s?\d|\)|\s+(?:dollars|\$))|\d\s?CAD\b|\bin\s+CAD\b"),
    ("Canadian", r"Canadian\s+dollars"),
)
_AUSTRALIAN_DOLLARS = _cues(
    ("A$", r"A\$(?<![\w$]A\$)"),
    ("AU$", r"\bAU\$"),
    ("AUD", r"\bAUD\b"),
    ("Australian", r"Australian\s+dollars"),
)
_AUSTRALIAN_PLACE = _cues(
    ("Australia", r"\bAustralia"),
    ("New South", r"New\s+South\s+Wales"),
    ("NSW", r"\bNSW\b"),
    ("Queensland", "Queensland"),
    ("ABN", r"\bABN\b"),
)
_NEW_ZEALAND_DOLLARS = _cues(
    ("NZ$", r"\bNZ\$"),
    ("NZD", r"\bNZD\b"),
    ("New Zealand", r"New\s+Zealand\s+dollars"),
)
_NEW_ZEALAND_PLACE = _cues(
    ("New Zealand", r"New\s+Zealand"),
    ("Auckland", "Auckland"),
    ("Wellington", "Wellington"),
)
_SINGAPORE_DOLLARS = _cues(
    ("S$", r"S\$(?<![\w$]S\$)"),  # opens with its literal: "US$" is everywhere
    ("SGD", r"\bSGD\b"),
    ("Singapore", r"Singapore\s+dollars"),
)
_MEXICAN_PESOS = _cues(
    ("MXN", r"\bMXN\b"),
    ("MX$", r"\bMX\$"),
    ("pesos", r"\b(?:Mexican\s+)?pesos\b"),
)
_SALES_TAX = _cues(("GST", r"\bGST\b"), ("HST", r"\bHST\b"))
_CANADIAN_PLACE = _cues(
    ("Canada", "Canada"),
    ("British", r"British\s+Columbia"),
    ("Ontario", "Ontario"),
    ("Québec", "Québec"),
    ("Montr", r"Montr[ée]al"),
    ("Alberta", "Alberta"),
    ("Quebec", "Quebec"),
)


_ALL_DOLLAR_LITERALS = frozenset(
    literal
    for cues in (
        _CANADIAN_DOLLARS,
        _AUSTRALIAN_DOLLARS,
        _AUSTRALIAN_PLACE,
        _NEW_ZEALAND_DOLLARS,
        _NEW_ZEALAND_PLACE,
        _SINGAPORE_DOLLARS,
        _MEXICAN_PESOS,
        _SALES_TAX,
        _CANADIAN_PLACE,
    )
    for literal, _ in cues
)
_DOLLAR_LITERALS = re.compile(
    "|".join(re.escape(literal) for literal in sorted(_ALL_DOLLAR_LITERALS, key=len, reverse=True))
)


def _any_match(text: str, cues: tuple[tuple[str, re.Pattern[str]], ...]) -> bool:
    return any(literal in text and pattern.search(text) for literal, pattern in cues)


def local_dollar(money: Money) -> Money:
    """The money with the document's reading of a bare "$" (USD unless it is Canadian...) and
    of kroner written "kr" (SEK unless it is Danish or Norwegian)."""
    if money.bare_dollar and money.currency != DOLLAR[0]:
        return dataclasses.replace(money, currency=DOLLAR[0])
    if money.bare_krona and money.currency != KRONA[0]:
        return dataclasses.replace(money, currency=KRONA[0])
    return money


KRONA = ["SEK"]  # what a bare "kr" means in the current document (see krona_currency)


def krona_currency(text: str) -> str:
    """DKK or NOK for a Danish or Norwegian contract that writes "850 kr.", else SEK."""
    if "kr" not in text:
        return "SEK"
    if _any_match(text, _DANISH):
        return "DKK"
    if _any_match(text, _NORWEGIAN):
        return "NOK"
    return "SEK"


_DANISH = _cues(("DKK", r"\bDKK\b"), ("Dan", r"\bDanish\b"), ("Denmark", "Denmark"), ("Copenhagen", "Copenhagen"))
_NORWEGIAN = _cues(("NOK", r"\bNOK\b"), ("Norw", r"\bNorw(?:ay|egian)\b"), ("Oslo", r"\bOslo\b"))


def _with_local_dollar(fn: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """Apply the document's reading of a bare "$" to money (and rate) results."""

    def wrapper(text: str, offset: int = 0) -> list[Any]:
        out = []
        for item in fn(text, offset):
            if isinstance(item, Money):
                item = local_dollar(item)
            elif isinstance(item, _rates.Rate):
                money = local_dollar(item.money)
                if money is not item.money:
                    item = dataclasses.replace(item, money=money)
            out.append(item)
        return out

    return wrapper


# The reading of "$" is set before the first find of a document and memoized with the results
# (the memo and the reading both belong to that one document).
find_money = _needs_currency(_memo("money", _with_local_dollar(_money.find_money)))
find_rates = _needs_currency(_memo("rates", _with_local_dollar(_rates.find_rates)))
find_dates = _memo("dates", _dates.find_dates)
find_durations = _memo(
    "durations", _needs_words(("day", "week", "month", "year"), _durations.find_durations)
)
find_percentages = _memo(
    "percentages", _needs_words(("%", "percent", "per cent", "pct"), _percentages.find_percentages)
)


@lru_cache(maxsize=1)
def lowered(text: str) -> str:
    """``text.lower()`` of the document, computed once: the candidate sentences and several
    resolvers scan the lowercased document, and lowercasing 50 pages costs 0.1-0.7 ms (the most
    when the text holds non-ASCII characters, which are lowercased one by one)."""
    return text.lower()


def clear_caches() -> None:
    """Forget normalizer results memoized for the previous document."""
    _MEMO.clear()
    NO_CURRENCY.clear()
    _money._find_money_cached.cache_clear()
    lowered.cache_clear()
