"""Money mentions: symbols, ISO codes and words, with the amount and the currency.

Handles "$1,200", "USD 1,200", "$1.2 million", "EUR 1.100" (European grouping is assumed for
euro-style currencies when the dot is followed by exactly three digits), "€500",
"one hundred thousand dollars ($100,000)" (the words and the numeral are one mention) and
"1,000 U.S. dollars" and "$.305" (cents written without a leading zero).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from service.documents.extraction.numbers import (
    DIGITS,
    MULTIPLIERS,
    NUMBER_START_CHARS,
    NUMBER_WORDS,
    parse_number,
    to_int_or_float,
)

SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "U.S.$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "SG$": "SGD",
    "HK$": "HKD",
    "R": "ZAR",  # only before a grouped amount ("R36 800", "R1 250 000"): see _SYMBOL
    "Rs": "INR",
    "Rs.": "INR",
    "R$": "BRL",
    "₱": "PHP",
    "CHF": "CHF",
    "₹": "INR",
    # EDGAR's SGML text renders "£" as "(pound)" (or "St(pound)"), "€" as "(euro)"
    "(pound)": "GBP",
    "st(pound)": "GBP",
    "(euro)": "EUR",
    "(yen)": "JPY",
}
ISO_CODES = (
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "CHF",
    "JPY",
    "INR",
    "SEK",
    "NOK",
    "DKK",
    "NZD",
    "SGD",
    "HKD",
    "CNY",
    "MXN",
    "BRL",
    "ZAR",
    "PLN",
    "AED",
    "SAR",
    "QAR",
)
NAMES = {
    "u.s. dollars": "USD",
    "us dollars": "USD",
    "united states dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "british pounds": "GBP",
    "pounds": "GBP",
    "canadian dollars": "CAD",
    "australian dollars": "AUD",
    "swiss francs": "CHF",
    "yen": "JPY",
}
EUROPEAN_GROUPING = {"EUR", "CHF", "DKK", "NOK", "SEK", "PLN", "BRL"}

_SYMBOL = (
    r"(?:U\.S\.\$|US\$|NZ\$|SG\$|HK\$|S\$|C\$|CA\$|A\$|AU\$|(?-i:R)\$|[$€£¥₹₱]|(?:St)?\((?:pound|euro|yen)\)"
    r"|(?<![A-Za-z])(?-i:Rs)\.?(?=\s?\d)"  # "Rs. 4,75,000"
    # the rand sign: a capital R right before an amount of a thousand or more ("R36 800",
    # "R 36 800"), never a letter ending a word, a lone "R2" or "Form R 1,000"
    r"|(?<![A-Za-z])(?-i:R)(?=\d{1,3}[ ,\u00a0]\d{3}|\s\d{1,3}[ \u00a0]\d{3}))"
)
_CODE = r"(?:" + "|".join(ISO_CODES) + r")"
_NAME = (
    r"(?:U\.S\.\s+dollars|US\s+dollars|United\s+States\s+dollars|Canadian\s+dollars|"
    r"Australian\s+dollars|Swiss\s+francs|pounds\s+sterling|British\s+pounds|dollars?|"
    r"euros?|pounds|yen)"
)
_MULT = r"(?:\s*(?:million|billion|thousand|mm|mn|bn|[kKmM])\b)?"
# "$55 CAD per hour", "$1,200 USD": an uppercase ISO code right after a symbol amount names its
# currency (a bare "$" in a Canadian price list is CAD) and belongs to the mention, so the unit
# words that follow ("per hour") sit right after it
_TRAILING_CODE = r"(?:\s?(?-i:(?P<scode>" + "|".join(ISO_CODES) + r"))\b)?"

# "MXN $9,800,000.00", "CAD $500": an uppercase code right before a symbol amount names its
# currency and belongs to the mention (checked after the match: a group for it in the pattern
# made every position of the text try the codes first)
_LEADING_CODE = re.compile(r"(?:^|(?<=[^A-Za-z]))(?P<lcode>[A-Z]{3})\s$")

# Every mention starts with a digit, a number word, a currency symbol or the first letter of a
# symbol or ISO code: a lookahead on that class lets the engine skip other positions cheaply.
# U.S.$ US$ C$ CA$ A$ AU$ NZ$ S$ SG$ HK$ R
_FIRST = "".join(sorted({c[0] for c in ISO_CODES} | {"U", "C", "A", "N", "S", "H", "R"}))
# "138 000 kr", "850 kr.": kroner written after the amount (Danish, Swedish or Norwegian: the
# document says which, see finders.krona_currency)
_KRONA = r"|(?<![\w.,])(?P<knum>{DIGITS})\s?(?-i:kr)(?![A-Za-z])\.?"
# The class is case-sensitive although the patterns are not: under IGNORECASE it let every
# "a", "e", "s"... through to try the alternatives, which cost more than half of the money scan.
# So a code must open with a capital ("USD", "Usd"; an all-lowercase "usd 500" is not read) and
# a number word may open with either case.
_MONEY_START = rf"(?-i:(?=[{NUMBER_START_CHARS}{NUMBER_START_CHARS[2:].upper()}{_FIRST}$€£¥₹₱(]))"
_DIGITS_START = rf"(?-i:(?=[\d{_FIRST}$€£¥₹₱(]))"

MONEY_RE = re.compile(
    rf"{_MONEY_START}(?:(?P<words>\b{NUMBER_WORDS}\s+(?P<wname>{_NAME})\s*\(\s*(?P<paren>{_SYMBOL}|{_CODE}\s?)?"
    rf"\s?(?P<pnum>{DIGITS})\s*\))"
    rf"|(?P<sym>{_SYMBOL})\s?(?P<snum>{DIGITS}|\.\d+)(?P<smult>{_MULT}){_TRAILING_CODE}"
    rf"|\b(?P<code>{_CODE})(?:\s|[ \t]{{2,4}})?(?P<cnum>{DIGITS})(?P<cmult>{_MULT})"
    rf"|(?<![\w.,])(?P<num>{DIGITS})(?P<nmult>{_MULT})\s*(?:(?P<ncode>{_CODE})\b|(?P<nname>{_NAME})\b)"
    rf"|\b(?P<wnum>{NUMBER_WORDS})\s+(?P<wname2>{_NAME})\b)",
    re.I,
)
# The same without the number-word forms, whose 35-way word alternation is costly to try at
# every position: used for windows that name no currency in words (only "$", "EUR"...).
MONEY_DIGITS_RE = re.compile(
    rf"{_DIGITS_START}(?:(?P<sym>{_SYMBOL})\s?(?P<snum>{DIGITS}|\.\d+)(?P<smult>{_MULT}){_TRAILING_CODE}"
    rf"|\b(?P<code>{_CODE})(?:\s|[ \t]{{2,4}})?(?P<cnum>{DIGITS})(?P<cmult>{_MULT})"
    rf"|(?<![\w.,])(?P<num>{DIGITS})(?P<nmult>{_MULT})\s*(?:(?P<ncode>{_CODE})\b|(?P<nname>{_NAME})\b))",
    re.I,
)
# kroner after the amount, tried only in windows that hold "kr" (an alternative of the patterns
# above made every digit of every window try it)
KRONA_RE = re.compile(_KRONA.format(DIGITS=DIGITS)[1:])
# "1 720,00 zł": złoty written after the amount, tried only in windows that hold "zł"
ZLOTY_RE = re.compile(rf"(?<![\w.,])(?P<znum>{DIGITS})\s?(?:zł|złotych|zlotych)(?!\w)")
# "1.250,00 €", "1 250,00 €": the euro sign after the amount (French, German, Dutch usage)
EURO_AFTER_RE = re.compile(rf"(?<![\w.,€$£])(?P<enum>{DIGITS})\s?€")
_NAMES_LOWER = ("dollar", "euro", "pound", "franc", "yen")


@dataclass(frozen=True)
class Money:
    """An amount with its currency and the ``[start, end)`` span it came from."""

    amount: float
    currency: str
    start: int
    end: int
    bare_dollar: bool = False  # a plain "$": USD unless the document says otherwise (CAD...)
    bare_krona: bool = False  # "850 kr.": SEK unless the document is Danish or Norwegian

    def as_value(self) -> dict[str, object]:
        """The INTERFACES ``{"amount", "currency"}`` shape."""
        return {"amount": to_int_or_float(self.amount), "currency": self.currency}


def _currency_of(
    symbol: str | None = None, code: str | None = None, name: str | None = None
) -> str:
    if symbol:
        key = symbol.strip()
        return SYMBOLS.get(key) or SYMBOLS.get(key.upper()) or SYMBOLS.get(key.lower(), "USD")
    if code:
        return code.strip().upper()
    if name:
        return NAMES.get(re.sub(r"\s+", " ", name.lower()), "USD")
    return "USD"


def _multiplier(text: str | None) -> float:
    key = (text or "").strip().lower()
    if not key:
        return 1.0
    if key == "m":
        return 1_000_000.0
    return float(MULTIPLIERS.get(key, 1))


# Every alternative opens with a literal character (no class, no lookahead), so the engine skips
# to the next of those first characters at C speed instead of trying the pattern at each position.
_QUICK = re.compile(
    r"\$|€|£|¥|₹|" + "|".join(ISO_CODES) + r"|Dollar|dollar|DOLLAR|Euro|euro|EURO|Pound|pound|POUND"
    r"|Franc|franc|FRANC|Yen|yen|YEN"
    r"|R(?<![A-Za-z]R)(?=\d{1,3}[ ,\u00a0]\d{3}|\s\d{1,3}[ \u00a0]\d{3})"  # the rand sign
    r"|Rs(?<![A-Za-z]Rs)\.?(?=\s?\d)"  # the rupee: "Rs. 4,75,000"
    r"|₱|kr\b"  # the peso sign, and kroner after the amount ("850 kr.")
    r"|zł|zlotych"  # złoty after the amount ("1 720,00 zł")
)
# the rand sign before a grouped amount, or the rupee's "Rs." (one pattern opening with its
# literal, so the engine skips from one "R" to the next)
_KRONA_AMOUNT = re.compile(r"\d\s?kr(?![A-Za-z])")
_RAND_OR_RUPEE = re.compile(
    r"R(?<![A-Za-z]R)(?:s\.?\s?\d|\d{1,3}[ ,\u00a0]\d{3}|\s\d{1,3}[ \u00a0]\d{3})"
)


_UPPER3 = re.compile(r"\b[A-Z]{3}\b")
_ISO_SET = frozenset(ISO_CODES)
_ANY_ISO_CODE = re.compile("|".join(ISO_CODES))  # any code as a substring


def has_currency(text: str, lower: str | None = None) -> bool:
    """Cheap test for a currency symbol, name or ISO code (plain substring checks first).

    ``lower`` is ``text.lower()`` when the caller has it already (it is only searched for the
    ASCII currency names).
    """
    if "$" in text or "€" in text or "£" in text or "¥" in text or "₹" in text:
        return True
    if lower is None:
        lower = text.lower()
    if (
        "dollar" in lower
        or "euro" in lower
        or "pound" in lower
        or "franc" in lower
        or "yen" in lower
    ):
        return True
    if "R" in text and _RAND_OR_RUPEE.search(text):
        return True
    if "₱" in text or ("kr" in text and _KRONA_AMOUNT.search(text)):
        return True
    if "zł" in text or "zlotych" in text:
        return True
    # an ISO code counts only as a whole uppercase word; most sentences hold no code at all
    if not _ANY_ISO_CODE.search(text):  # one pass instead of a substring test per code
        return False
    return any(code in _ISO_SET for code in _UPPER3.findall(text))


def find_money(text: str, offset: int = 0) -> list[Money]:
    """Every money mention in ``text`` (offsets shifted by ``offset``)."""
    if not has_currency(text):
        return []  # the full pattern is costly; most sentences name no currency at all
    if offset == 0:
        return list(_find_money_cached(text))
    return [
        Money(m.amount, m.currency, m.start + offset, m.end + offset, m.bare_dollar, m.bare_krona)
        for m in _find_money_cached(text)
    ]


@lru_cache(maxsize=4096)
def _find_money_cached(text: str) -> tuple[Money, ...]:
    return tuple(_find_money(text))


def _money_matches(text: str) -> list[re.Match[str]]:
    """MONEY_RE matches, searched only in windows around currency markers (every mention has
    a symbol, code or currency name), not at every position of the sentence."""
    windows: list[tuple[int, int]] = []
    for mark in _QUICK.finditer(text):
        # words come before the currency name ("one hundred thousand dollars ($100,000)"),
        # digits right after a symbol or code: 90 characters back and 30 ahead cover both
        start, end = max(0, mark.start() - 90), min(len(text), mark.end() + 30)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    matches: list[re.Match[str]] = []
    for start, end in windows:
        window = text[start:end].lower()
        pattern = MONEY_RE if any(name in window for name in _NAMES_LOWER) else MONEY_DIGITS_RE
        found = list(pattern.finditer(text, start, end))
        for marker, suffix_re in _SUFFIXED:
            if marker in window:
                taken = [m.span() for m in found]
                found.extend(
                    k
                    for k in suffix_re.finditer(text, start, end)
                    if not any(a < k.end() and k.start() < b for a, b in taken)
                )
                found.sort(key=lambda m: m.start())
        matches.extend(found)
    return matches


# currencies written after the amount: (marker in the window, pattern), each tried only where its
# marker is (an alternative of the main patterns made every digit of every window try them)
_SUFFIXED = (("kr", KRONA_RE), ("zł", ZLOTY_RE), ("zlotych", ZLOTY_RE), ("€", EURO_AFTER_RE))


def _find_money(text: str, offset: int = 0) -> list[Money]:
    found: list[Money] = []
    for match in _money_matches(text):
        groups = match.groupdict()

        def group(name: str, groups: dict[str, str | None] = groups) -> str:
            return groups.get(name) or ""

        amount: float | None
        lcode = ""
        if group("words"):
            currency = (
                _currency_of(symbol=group("paren"))
                if group("paren") and not re.fullmatch(_CODE + r"\s?", group("paren") or "", re.I)
                else _currency_of(
                    code=group("paren"), name=None if group("paren") else group("wname")
                )
            )
            amount = parse_number(group("pnum"), european=currency in EUROPEAN_GROUPING)
        elif group("sym"):
            lead = _LEADING_CODE.search(text, max(0, match.start() - 4), match.start())
            lcode = lead.group("lcode") if lead and lead.group("lcode") in _ISO_SET else ""
            currency = (
                _currency_of(code=group("scode") or lcode)
                if group("scode") or lcode
                else _currency_of(symbol=group("sym"))
            )
            amount = parse_number(group("snum"), european=currency in EUROPEAN_GROUPING)
            amount = amount * _multiplier(group("smult")) if amount is not None else None
        elif group("code"):
            currency = _currency_of(code=group("code"))
            amount = parse_number(group("cnum"), european=currency in EUROPEAN_GROUPING)
            amount = amount * _multiplier(group("cmult")) if amount is not None else None
        elif group("num"):
            currency = _currency_of(code=group("ncode"), name=group("nname"))
            amount = parse_number(group("num"), european=currency in EUROPEAN_GROUPING)
            amount = amount * _multiplier(group("nmult")) if amount is not None else None
        elif group("knum"):
            currency = "SEK"
            amount = parse_number(group("knum"), european=True)
        elif group("znum"):
            currency = "PLN"
            amount = parse_number(group("znum"), european=True)
        elif group("enum"):
            currency = "EUR"
            amount = parse_number(group("enum"), european=True)
        else:
            currency = _currency_of(name=group("wname2"))
            amount = parse_number(group("wnum"))
        if amount is None:
            continue
        start, end = match.span()
        if group("sym") and lcode:
            start -= len(lcode) + 1  # the code is part of the mention
        if start and text[start - 1] == "/" and group("num"):
            continue  # "Fifty Thousand and NO/100 Dollars": cents as a fraction, not an amount
        # "$ 115,250.00 ." -> keep the span tight around the mention
        while end > start and text[end - 1].isspace():
            end -= 1
        # a plain "$", or plain "dollars" ("twenty-four thousand dollars ($24,000)"): the
        # document's own dollar (a Canadian contract's are CAD)
        bare = (
            bool(group("sym")) and group("sym").strip() == "$" and not group("scode") and not lcode
        ) or (
            not group("sym")
            and (group("paren").strip() in ("", "$"))
            and (group("wname") or group("nname") or group("wname2")).lower() in ("dollar", "dollars")
            and not group("ncode")
        )
        found.append(
            Money(amount, currency, start + offset, end + offset, bare, bool(group("knum")))
        )
    return found


def parse_money(text: str) -> Money | None:
    """The first money mention in ``text`` (a convenience for tests and the LLM merge)."""
    found = find_money(text)
    return found[0] if found else None
