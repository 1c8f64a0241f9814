"""Cells of tables printed as text: pipe tables ("| Role | Day rate |") and space-aligned ones.

Shared by the rate-card and milestone-table readers: how a line splits into cells, which lines
only draw the table's rules, where each line starts, and what amount a cell holds (with its own
currency sign or code, in the US or the European grouping).
"""

from __future__ import annotations

import re
from functools import lru_cache

from service.documents.extraction import money as _money
from service.documents.extraction.numbers import parse_number
from service.documents.extraction.resolvers import finders

SEPARATOR = re.compile(r"^[\s|+\-=:_]*$")  # "+----+----+", "|----|", "  -----  -----"
AMOUNT_CELL = re.compile(
    r"^(?P<pre>US\$|A\$|AU\$|C\$|CA\$|NZ\$|S\$|SG\$|HK\$|R\$|[$€£¥₹₱]|Rs\.?|[A-Z]{3}|R(?=\s{0,3}\d))?\s*"  # ("R  780,00": aligned)
    r"(?P<num>\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?"  # lakh grouping: "12,50,000"
    r"|\d{1,3}(?:[.,'’ ]\d{3})*(?:[.,]\d{1,2})?|\d+)\s*(?P<post>[A-Z]{3}|€|kr\.?|zł)?$"
)
_EUROPEAN = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+,\d{1,2}")
_CODE_IN_CELL = re.compile(
    r"\b(?P<code>[A-Z]{3})\b|(?P<sym>R\$|NZ\$|HK\$|SG\$|S\$|AU\$|A\$|CA\$|C\$|US\$|[$€£¥₹₱])"
)
# "Daily rates in AUD", "Rates in euros, net of VAT", "All amounts are in Canadian dollars"
_CURRENCY_LEAD = re.compile(
    r"\b(?:in|are)\s+(?P<name>(?-i:[A-Z]{3})\b|(?:US\s+|U\.S\.\s+|Australian\s+|Canadian\s+)?dollars|"
    r"euros?|pounds(?:\s+sterling)?|sterling)",
    re.I,
)
_LEAD_NAMES = {"euro": "EUR", "euros": "EUR", "pounds": "GBP", "pounds sterling": "GBP"}
_LEAD_NAMES |= {"sterling": "GBP", "us dollars": "USD", "u.s. dollars": "USD"}
_LEAD_NAMES |= {"australian dollars": "AUD", "canadian dollars": "CAD"}


def is_table_line(line: str) -> bool:
    """Whether a line could be a table row: pipes, a tab or a run of spaces between words."""
    return len(line) <= 200 and ("|" in line or "\t" in line or "  " in line.strip())


def cells(line: str, piped: bool, outer: bool = True) -> list[str]:
    """The cells of a row; a pipe table keeps its empty cells (columns stay aligned).

    ``outer=False``: the table has no outer pipes (" No. | Milestone | Amount"), so a row's
    leading pipe opens an empty first cell ("     | Ore Reserve |   |") rather than the row."""
    if piped:
        if not outer:
            return [c.strip() for c in line.rstrip().split("|")]
        return [c.strip() for c in line.strip().strip("|").split("|")]
    # ("€   960,00": a sign set apart from a right-aligned amount stays in its cell)
    return [c.strip() for c in _SPACED_CELLS.split(line.strip())]


_SPACED_CELLS = re.compile(r"(?<=[^\s$€£¥₹])(?:\t|\s{2,})")
# a space-aligned cell with its position: words apart by single spaces (the header cells a
# two-line header's second line is laid under)
SPACED_CELL = re.compile(r"\S+(?: \S+)*")


def line_offsets(lines: list[str]) -> list[int]:
    """Where each line of ``text.split("\\n")`` starts in the text."""
    offsets, position = [], 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    return offsets


@lru_cache(maxsize=2)
def lines_of(text: str) -> tuple[list[str], list[int]]:
    """The document's lines and where each starts: split once for both table readers (callers
    must not change the lists)."""
    lines = text.split("\n")
    return lines, line_offsets(lines)


def currency_code(token: str | None) -> str | None:
    """ISO code of a sign or code written in a cell ("$" as the document reads it)."""
    if not token:
        return None
    if token in ("kr", "kr."):
        return finders.KRONA[0]
    if token == "zł":
        return "PLN"
    if token in _money.SYMBOLS:
        return finders.DOLLAR[0] if token == "$" else _money.SYMBOLS[token]
    return token if token in _money.ISO_CODES else None


def cell_amount(cell: str, currency: str | None) -> tuple[float, str | None] | None:
    """(amount, currency written in the cell) when the whole cell is one amount."""
    match = AMOUNT_CELL.match(cell.replace("\u00a0", " "))
    if not match:
        return None
    code = currency_code(match.group("pre")) or currency_code(match.group("post"))
    if match.group("pre") == "$" and currency and currency != code:
        code = currency  # a bare "$" under a header naming its dollar: "Hourly rate (MXN)"
    num = re.sub(r"(?<=\d)['’ ](?=\d{3})", "", match.group("num"))  # "310'000", "1 720,00"
    european = (code or currency) in _money.EUROPEAN_GROUPING and _EUROPEAN.fullmatch(num)
    value = parse_number(num.replace(".", "").replace(",", ".") if european else num)
    if value is None or value <= 0:
        return None
    return value, code


def header_currency(header_cells: list[str], lead: str) -> str | None:
    """The currency a table's header cells ("Amount (AUD, excl. GST)") or the text just above it
    ("Daily rates in AUD", "Rates in euros") name for amounts printed without a sign."""
    for cell in header_cells:
        inside = re.search(r"\(([^()]*)\)", cell)
        # (the brackets first, then the whole cell: "£ (ex VAT)" names its currency outside them)
        for part in (inside.group(1), cell) if inside else (cell,):
            for match in _CODE_IN_CELL.finditer(part):
                code = currency_code(match.group("code") or match.group("sym"))
                if code:
                    return code
    named = None
    for match in _CURRENCY_LEAD.finditer(lead):
        name = re.sub(r"\s+", " ", match.group("name")).lower()
        named = (
            _LEAD_NAMES.get(name)
            or (name.upper() if name.upper() in _money.ISO_CODES else None)
            or (finders.DOLLAR[0] if name == "dollars" else None)
            or named
        )
    return named
