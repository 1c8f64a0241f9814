"""Numbers as contracts write them: digits in either thousands convention, words, fractions.

"1,200.50" (US) and "1.200,50" (European) both mean 1200.5; "one hundred thousand" is 100000;
"one and one-half" is 1.5; "1 1/2" is 1.5. Ambiguous "1.100" is read as European thousands only
when the caller says the currency or the grouping makes that likely (see :func:`parse_number`).
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
FRACTIONS = {
    "half": 0.5,
    "one-half": 0.5,
    "quarter": 0.25,
    "one-quarter": 0.25,
    "three-quarters": 0.75,
    "third": 1 / 3,
    "one-third": 1 / 3,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "fifteenth": 15,
    "twentieth": 20,
    "thirtieth": 30,
}
MULTIPLIERS = {
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "mm": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}

_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|fou?rty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)"
NUMBER_WORDS = (
    rf"(?:{_WORD}(?:(?:[\s-]+|\s+and\s+){_WORD})*"
    r"(?:\s+and\s+(?:a|one)[\s-]+(?:half|quarter|third))?)"
)
# A lookahead for the first character of a number word or a digit, to put in front of a pattern
# whose every match starts with one: the regex engine then skips other positions with a
# character-class test instead of trying the 35-way word alternation at each (about twice as fast
# over contract sentences, same matches). Under re.I it folds case like the words it stands for.
NUMBER_START_CHARS = r"\dzotfsenhmb"  # zero one two three four five six seven eight nine hundred...
NUMBER_START = rf"(?=[{NUMBER_START_CHARS}])"
NUMBER_WORDS_RE = re.compile(rf"\b{NUMBER_WORDS}\b", re.I)
# thousands grouped by commas, dots, apostrophes (Swiss "310'000") or single spaces (South African
# and French "1 250 000"), lakhs and crores grouped by twos (Indian "12,50,000"), or none
DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?"  # Indian lakh and crore grouping: "12,50,000", "1,50,00,000"
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:['’]\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?(?![\d.,]\d)|\d+(?:[.,]\d+)?)"
)
MIXED_FRACTION = re.compile(r"^(\d+)(?:\s+|\s*-\s*)(\d)/(\d{1,2})$")  # "1 1/2", "1-1/2"
_NUMERAL = re.compile(r"[\d.,]+")  # digits and separators only (fullmatched)


def words_to_number(text: str) -> float | None:
    """``"one hundred thousand"`` -> 100000; ``"one and one-half"`` -> 1.5; None if not a number."""
    tokens = [t for t in re.split(r"[\s-]+", text.lower().strip()) if t]
    if not tokens:
        return None
    total = 0.0
    current = 0.0
    fraction = 0.0
    seen = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "and":
            rest = tokens[i + 1 :]
            if (
                len(rest) >= 2
                and rest[0] in ("a", "one")
                and rest[1] in ("half", "quarter", "third")
            ):
                fraction = FRACTIONS[rest[1]]
                break
            i += 1
            continue
        if token in UNITS:
            if token in ("a", "an") and seen:
                return None
            current += UNITS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0
        else:
            return None
        seen = True
        i += 1
    if not seen:
        return None
    return total + current + fraction


def parse_number(text: str, *, european: bool | None = None) -> float | None:
    """Parse digits with either separator convention; words via :func:`words_to_number`.

    ``european`` forces the decimal-comma reading for ambiguous groupings like "1.100"; when
    None, a single dot followed by exactly three digits is still a decimal point (US reading),
    except that "1.100,50" style strings are always European.
    """
    raw = (
        text.strip()
        .replace(" ", "")
        .replace("\u00a0", "")
        .replace("\u202f", "")
        .replace("'", "")
        .replace("’", "")
    )
    if not raw:
        return None
    mixed = MIXED_FRACTION.match(text.strip())
    if mixed:
        whole, num, den = (int(g) for g in mixed.groups())
        return whole + num / den if den else None
    if not _NUMERAL.fullmatch(raw):
        return words_to_number(text)
    if raw.count(",") and raw.count("."):
        if raw.rfind(",") > raw.rfind("."):  # 1.200,50
            raw = raw.replace(".", "").replace(",", ".")
        else:  # 1,200.50
            raw = raw.replace(",", "")
    elif raw.count(","):
        parts = raw.split(",")
        if len(parts) > 2 and all(len(p) == 3 for p in parts[1:-1]) and len(parts[-1]) == 2:
            raw = "".join(parts[:-1]) + "." + parts[-1]  # "250,000,00": cents after a comma
        elif all(len(p) == 3 for p in parts[1:]):
            # "€2,500", "EUR 12,000": three digits after a comma group thousands even in the
            # European reading (money has at most two decimals; "EUR 2,50" is the decimal comma)
            raw = raw.replace(",", "")
        elif len(parts) == 2:
            raw = raw.replace(",", ".")
        else:
            raw = raw.replace(",", "")
    elif raw.count("."):
        parts = raw.split(".")
        if len(parts) > 2:
            if all(len(p) == 3 for p in parts[1:]):
                raw = raw.replace(".", "")
            else:
                return None
        elif european and len(parts[1]) == 3:
            raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError:
        return None


def to_int_or_float(value: float) -> int | float:
    """Whole numbers as int (so 45.0 prints as 45 in JSON)."""
    return int(value) if float(value).is_integer() else round(value, 6)


# OCR reads the numeral 1 as a capital I or a lowercase l: "one (I) year", "one percent (I%)".
# Accepted only as the parenthesized numeral after a number word (case-sensitive: "(i)" is a list
# marker).
OCR_ONE = r"(?-i:[Il])"
