"""Rate cards printed as tables whose header row names the rate columns.

"| Role | Day rate |", "Role    Hourly rate (USD)", "Role | per hour | per day (8 h)": each row
under such a header is a role and its price in every rate column, until the table ends. Why a
reader beside ``rate_cards._rate_tables``: that one starts from an "HOURLY RATES" or "Daily
Rates" header in capitals and needs amounts with separators or cents. Statements of work print
their rate cards in every style: sentence-case headers, the currency in the header ("(USD)") or
in a line above ("Daily rates in AUD"), whole amounts ("£780", "$725"), European amounts
("1.136,00"), two rate columns (per hour and per day), pipe tables and space-aligned ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from service.documents.extraction.numbers import to_int_or_float
from service.documents.extraction.resolvers.amount_context import LEADING_MARK
from service.documents.extraction.resolvers.table_cells import (
    AMOUNT_CELL,
    SEPARATOR,
    SPACED_CELL,
    cell_amount,
    cells,
    header_currency,
    is_table_line,
    lines_of,
)

# a header cell naming a rate column: a unit and "rate", or "per <unit>", or "<currency>/<unit>"
_UNIT = r"(?:hour(?:ly)?|hrs?|day|daily|week(?:ly)?|person[\s-]month|(?:man|person)[\s-]day|month(?:ly)?)"
_UNIT_WORD = re.compile(
    r"hour(?:ly)?|hrs?\b|day|daily|diem|week(?:ly)?|month(?:ly)?|year(?:ly)?|annum|annual", re.I
)
_RATE_CELL = re.compile(
    rf"^(?:(?:(?:bill(?:ing)?|charge|standard)\s+)?{_UNIT}\s+(?:bill(?:ing)?\s+)?rates?"
    # "Monthly FTE Rate (₹)", "Rate per person-hour (₹)": a rate per person per period
    rf"|{_UNIT}\s+(?:FTE|person|resource|blended)\s+rates?"
    # ("| Rate per Hire Week (£) |": equipment hired by the week)
    rf"|rates?\s*(?:per|/)\s*(?:(?:person|man|staff|FTE)[\s-]|hire\s+)?{_UNIT}"
    # ("Rate (A$/hour, excl. GST)")
    # ("Rate ($/h)": an engineering firm's hourly column)
    rf"|rates?\s*\(\s*(?:[A-Z]{{3}}|[A-Z]{{0,2}}[$€£¥₹₱]|Rs\.?|kr\.?)\s*(?:per|/)\s*(?:{_UNIT}|h\b)\s*"
    r"(?:,[^()]*)?\)"
    rf"|per\s+{_UNIT}"
    # "| Half day | Full day |": a full day's price is the day rate; "| Overtime, per hour |"
    r"|full[\s-]day(?:\s+rates?)?$"
    rf"|[a-z-]+,?\s+per\s+{_UNIT}$"
    # "FTE Rate (₹ per FTE per month)": a rate per unit of something per period
    rf"|(?:[\w-]+\s+){{0,2}}rates?\s*\([^()]*\bper\s+{_UNIT}\s*\)"
    # "FTE Fee / month": a fee per person per period
    rf"|(?:[\w-]+\s+){{0,2}}(?:fees?|charges?)\s*(?:per|/)\s*{_UNIT}"
    # "Overtime Rate per hour (USD)": a rate column whose unit follows it
    rf"|(?:[\w-]+\s+){{1,2}}rates?\s+per\s+{_UNIT}"
    # "| Tier | Monthly Fee |", "| Annual Subscription Fee |": a recurring fee per period is a
    # rate of that period
    r"|(?:annual|monthly|yearly|weekly)\s+(?:[\w&/-]+\s+){0,2}?(?:fees?|charges?)"
    # "Firm Per Diem Rate (CAD)": a Canadian federal contract's daily rate
    r"|(?:firm\s+)?(?:all[\s-]inclusive\s+)?per\s+diem\s+rates?"
    # ("| S$/hour |": a currency with its letters)
    rf"|(?:[A-Z]{{3}}|[A-Z]{{0,2}}[$€£])\s*(?:per|/)\s*{_UNIT}"
    # "Monthly Unit Price" of engineers priced per person-month
    rf"|(?:hourly|daily|monthly)\s+unit\s+(?:price|rate)s?"
    rf"|(?:unit\s+)?price\s+per\s+{_UNIT})(?:\b|(?<=\)))",  # "Rate (R$ per hour)" ends in ")"
    re.I,
)
# a rate column without its unit ("Rate (INR)") beside a column that states it per row ("Basis":
# "per month (Retainer Fee)", "per person-hour")
_QUANTITY_CELL = re.compile(r"^(?:no\.?\s+of|number\s+of|qty|quantity|headcount|FTEs?\b)", re.I)
_TIME_BAND = re.compile(
    r"(?:normal|standard|business|out[\s-]of|after|weekend|weekday|sundays?|saturdays?|bank|public|"
    r"overtime|emergency)(?:[\s&/-]+(?:hours?|holidays?|sundays?|saturdays?|public|bank|rates?|and))*",
    re.I,
)
_PER_HOUR_LEAD = re.compile(r"\bper\s+(?:\w+\s*,\s*)?(?:per\s+)?hour\b[^\n]{0,40}\n\s*$", re.I)
_PER_THING_PER_PERIOD = re.compile(
    r"\bper\s+(?:\w+\s+){0,2}(?:users?|devices?|endpoints?|seats?|licen[cs]es?|employees?|sites?|"
    r"items?|units?|servers?|mailbox(?:es)?)\b[^|]{0,20}\bper\s+(?:month|year|annum|week)\b",
    re.I,
)
# ("| Item | Description | Unit | Unit Rate |": a unit-rate schedule whose unit column says
# "per day" or "per hour" on the rows that are rates)
# ("Role / attendance   Unit   £ (ex VAT)": a currency heads the amounts, the unit column the basis)
_PLAIN_RATE_CELL = re.compile(
    r"^(?:(?:unit\s+)?rates?|prices?|fees?|amount)\b(?!\s*\w)"
    r"|^(?:[$€£¥₹]|(?-i:[A-Z]{3}))\s*(?:\((?:ex|excl?\.?|excluding)\s+(?:VAT|GST|HST|tax)\))?$",
    re.I,
)
_BASIS_CELL = re.compile(r"^(?:basis|unit|per|billing\s+(?:unit|basis)|charged)\b", re.I)
_TOTAL_ROW = re.compile(
    r"^(?:\w+\s+){0,3}(?:sub)?total\b"
    # "| GST at 15% | $57.75 |", "| VAT (20%) |": the tax on the rows above, no rate
    r"|^(?:GST|HST|PST|QST|VAT|IVA|(?:sales\s+)?tax)\b\s*(?:at\b|@|\(\s*\d|\d|$)",
    re.I,
)
# "| Monthly Subscription Fee (excl. GST)   |  $385.00 |": a merged cell that sums the rows above
# before tax (a row of its own columns would be aligned with the header)
_BEFORE_TAX_SUM = re.compile(r"\((?:excl|excluding|before|net\s+of)\.?\s+(?:GST|HST|VAT|tax)\w*\)", re.I)
_ROLE_CELL = re.compile(
    r"^(?:role|position|grade|resource|title|service|item|charge|component|description"
    r"|(?:staff\s+)?categor(?:y|ie))s?\b",  # "| Cat. | Staff category | Hourly rate |"
    re.I,
)
_UNITS = {"hour": "hour", "hourly": "hour", "hr": "hour", "hrs": "hour", "day": "day"}
_UNITS |= {"diem": "day"}
_UNITS |= {"daily": "day", "week": "week", "weekly": "week", "month": "month"}
_UNITS |= {"monthly": "month", "year": "year", "yearly": "year", "annum": "year", "annual": "year"}
@dataclass(frozen=True)
class RateGrid:
    """One rate table: where it lies and its rows as INTERFACES rate items."""

    start: int
    end: int
    items: list[dict[str, Any]]


def rate_grids(text: str) -> list[RateGrid]:
    """Every rate table in ``text`` with at least one priced row and a known currency."""
    if not _has_rate_header_words(text):
        return []
    grids = []
    lines, offsets = lines_of(text)
    index = 0
    while index < len(lines):
        line = lines[index]
        # plain substring tests first: most lines are prose, and a header is a table line that
        # names a rate, a price or a unit "per" something
        if not ("|" in line or "\t" in line or "  " in line) or not (
            _HEADER_HINT.search(line)
            # a pipe header on two or three lines ("| Monthly |" over "| Subscription Fee |"),
            # looked for only on a table's first line
            or (
                "|" in line
                and (index == 0 or not lines[index - 1].strip() or SEPARATOR.match(lines[index - 1]))
                and _HEADER_HINT.search(" ".join(lines[index + 1 : index + 3]))
            )
        ):
            index += 1
            continue
        grid, index = _grid_at(text, lines, offsets, index)
        if grid is not None:
            grids.append(grid)
    return grids


_HEADER_HINT = re.compile(
    r"[Rr]ate|RATE|[Pp]er\s|PER\s|[Pp]rice|PRICE|[$€£]\s*/\s*(?:hour|day|hr)|(?:\||\s{2})\s*(?:[Bb]asis|[Uu]nit)(?:\s|$)|[Ff]ee\s*/\s*[a-z]"
    r"|(?:[Mm]onthly|MONTHLY|[Aa]nnual|ANNUAL|[Yy]early|[Ww]eekly)\s[^|\t]{0,25}(?:[Ff]ee|FEE|[Cc]harge)"
    r"|[Nn]ormal\s+[Hh]ours|[Oo]ut[\s-]of[\s-][Hh]ours"  # time bands under "per hour"
    r"|\|\s*[Ff]ull[\s-][Dd]ay\s*(?:\||$)"  # "| Service | Half Day | Full Day | Overtime"
)


def _has_rate_header_words(text: str) -> bool:
    lower = text.lower()
    return ("rate" in lower or "per " in lower or "price" in lower or "fee" in lower) and any(
        word in lower
        for word in ("hour", "day", "daily", "week", "hr", "month", "annual", "year", "per ")
    )


def _header_unit(cell: str) -> str | None:
    """The unit a rate header names: "Hourly Rate", "Rate (A$/day)", or "Rate ($/h)"."""
    if unit := _UNIT_WORD.search(cell):
        return _UNITS[unit.group(0).lower()]
    return "hour" if re.search(r"/\s*h\s*\)", cell) else None


def _grid_at(
    text: str, lines: list[str], offsets: list[int], index: int
) -> tuple[RateGrid | None, int]:
    """The rate table whose header is line ``index``, if it is one, and the next line to try."""
    line = lines[index]
    if not is_table_line(line):
        return None, index + 1
    # "  Role       | Hourly rate (Business Hours)": one inner pipe is a pipe table too
    piped = "|" in line
    header, body_from = _header_lines(lines, index, piped)
    columns: list[tuple[int, str | None]] = [
        (i, unit)
        for i, cell in enumerate(header)
        if len(cell) <= 60 and _RATE_CELL.match(cell) and (unit := _header_unit(cell))
    ]
    if any(_QUANTITY_CELL.match(c) for c in header) and any(
        "rate" in header[i].lower() for i, _ in columns
    ):
        # "| No. of FTEs | Monthly FTE Rate (₹) | Monthly Charges (₹) |": the charges column
        # multiplies the rate by the quantity; the rate is the price
        columns = [(i, unit) for i, unit in columns if "rate" in header[i].lower()]
    # ("| Rate Item | Basis | Rate (CAD) | Unit |": the unit column over a description of the basis)
    basis = next(
        (i for i, c in enumerate(header) if re.fullmatch(r"units?(?:\s+of\s+measure)?", c, re.I)),
        next((i for i, c in enumerate(header) if _BASIS_CELL.match(c)), None),
    )
    if not columns:
        # a rate column without its unit: the unit is in a basis column, or in each cell
        # ("| Rate (NZ$, excl GST) |" over "| 185.00 per hour |")
        plain: list[tuple[int, str | None]] = [
            (i, None) for i, c in enumerate(header) if _PLAIN_RATE_CELL.match(c)
        ]
        columns = plain[:1]
    bands = False
    if not columns:
        # "Labour rates (per operative, per hour)" over "| Trade | Normal Hours | Out of Hours |":
        # each time band's column prices the trade per hour
        banded = [i for i, c in enumerate(header) if i > 0 and _TIME_BAND.fullmatch(c)]
        if len(banded) >= 2 and _PER_HOUR_LEAD.search(
            text, max(0, offsets[index] - 200), offsets[index]
        ):
            columns, bands = [(i, "hour") for i in banded], True
    if len(header) < 2 or not columns or columns[0][0] == 0:
        return None, index + 1
    # the last role-like column before the rates ("| Item | Role | Rate |": the item only numbers
    # the row)
    role_col = max(
        (i for i, c in enumerate(header) if _ROLE_CELL.match(c) and i < columns[0][0]), default=0
    )
    lead = text[max(0, offsets[index] - 300) : offsets[index]]
    currency = header_currency([header[i] for i, _ in columns], lead)
    items: list[dict[str, Any]] = []
    read = False  # whether a row of the table was read (a basis table's row may price no rate)
    end = offsets[body_from] + len(lines[body_from])
    row_index = body_from + 1
    blank_run = 0
    after_rule = False  # whether a rule closed the rows read so far (space-aligned tables)
    while row_index < len(lines) and row_index - index <= 60:
        row = lines[row_index]
        if not row.strip():
            blank_run += 1
            if items or blank_run > 1:
                break
            row_index += 1
            continue
        blank_run = 0
        if SEPARATOR.match(row):
            after_rule = read and not piped
            row_index += 1
            continue
        row_cells = cells(row, piped)
        if after_rule and len(row_cells) != len(header):
            # under a space-aligned table's closing rule, a row that lost cells is a sum of the
            # rows above ("Monthly Seat Fees, both seats      2      3,370.00")
            break
        row_items = _row_items(row_cells, header, columns, currency, role_col, basis, bands)
        if row_items is None and not piped and not any(AMOUNT_CELL.match(c) for c in row_cells):
            # a space-aligned role wrapped over lines above its amount ("Retainer Rate (all DFIR
            # personnel, applied" over "  against Prepaid Hours)        $285.00")
            wrapped = _wrapped_role_row(lines, row_index)
            if wrapped is not None:
                row_items = _row_items(wrapped[0], header, columns, currency, role_col, basis, bands)
                if row_items is not None:
                    row_index = wrapped[1]
                    row = lines[row_index]
        if row_items is None:
            if read and not any(AMOUNT_CELL.match(c) for c in row_cells) and (
                piped or len(row_cells) == 1
            ):
                # a wrapped row's continuation ("|  |  | Shota Kuribayashi |", or a lone
                # "Marathi / Kannada / Tamil)" under a space-aligned role)
                row_index += 1
                continue
            break
        # (the same role at the same price on two rows, "Clinical Research Associate II" in two
        # deployment waves, is one rate)
        items.extend(item for item in row_items if item not in items)
        read = True
        end = offsets[row_index] + len(row)
        row_index += 1
    if not items or any(item["currency"] is None for item in items):
        return None, max(index + 1, row_index if items else index + 1)
    return RateGrid(offsets[index], end, items), row_index


def _wrapped_role_row(lines: list[str], index: int) -> tuple[list[str], int] | None:
    """The cells of a space-aligned row whose role starts on ``lines[index]`` and whose amounts
    come up to three lines later, the role's lines joined; and the index of that last line."""
    parts = [lines[index].strip()]
    for j in range(index + 1, min(index + 4, len(lines))):
        if not lines[j].strip() or SEPARATOR.match(lines[j]):
            return None
        more = cells(lines[j], False)
        if any(AMOUNT_CELL.match(c) for c in more):
            return [" ".join([*parts, more[0]]), *more[1:]], j
        parts.append(lines[j].strip())
    return None


def _header_lines(lines: list[str], index: int, piped: bool) -> tuple[list[str], int]:
    """A pipe table's header cells, joined with those of the next lines that carry no amount
    ("| Service | Half day | Full day | Overtime, |" over "| | | | per hour |"), and the line the
    header ends on."""
    header = cells(lines[index], piped)
    last = index
    while piped and last + 1 < len(lines) and last - index < 2:
        following = lines[last + 1]
        if not following.strip() or SEPARATOR.match(following) or "|" not in following:
            break
        more = cells(following, piped)
        if len(more) != len(header) or any(c and AMOUNT_CELL.match(c) for c in more):
            break
        header = [f"{a} {b}".strip() for a, b in zip(header, more, strict=True)]
        last += 1
    if not piped and index + 2 < len(lines) and SEPARATOR.match(lines[index + 2]):
        merged = _space_aligned_second_line(header, lines[index], lines[index + 1])
        if merged is not header:
            header, last = merged, index + 1
    return header, last


def _space_aligned_second_line(header: list[str], first: str, second: str) -> list[str]:
    """A space-aligned header on two lines above its rule ("Monthly Seat Fee   Overtime Rate"
    over "per VA (USD)       per hour (USD)"): each piece of the second line joins the header
    cell it lies under. The header stays as it was when the second line holds an amount or its
    cells don't line up."""
    spans = [(m.start(), m.end()) for m in SPACED_CELL.finditer(first)]
    pieces = list(SPACED_CELL.finditer(second))
    if not pieces or len(spans) != len(header) or any(AMOUNT_CELL.match(p.group()) for p in pieces):
        return header
    extra = [""] * len(header)
    for piece in pieces:
        under = [k for k, (a, b) in enumerate(spans) if a < piece.end() and piece.start() < b]
        if not under:
            before = [k for k, (a, _b) in enumerate(spans) if a <= piece.start()]
            if not before:
                return header
            under = before[-1:]
        extra[under[0]] += f" {piece.group()}"
    return [f"{h}{e}" for h, e in zip(header, extra, strict=True)]


def _row_items(
    row: list[str],
    header: list[str],
    columns: list[tuple[int, str | None]],
    currency: str | None,
    role_col: int = 0,
    basis: int | None = None,
    bands: bool = False,
) -> list[dict[str, Any]] | None:
    """The rate items of one row, or None when the line is no row of the table (``bands``: the
    columns are time bands, named after the role: "Electrician (Out of Hours)")."""
    if len(row) < 2:
        return None
    aligned = len(row) == len(header)
    role = LEADING_MARK.sub("", row[role_col if aligned else 0]).strip(" :–-|\t") or None
    if role is None or (AMOUNT_CELL.match(role) and not re.match(r"[A-Za-z]", role)):
        return None
    if _TOTAL_ROW.match(role):
        return None  # "Subscription Subtotal (Initial Term)": the rows added up, the table's end
    if aligned:
        # the unit in a basis column, or in the role ("Additional DPO Services (per Day)")
        row_unit = _unit_of(row[basis]) if basis is not None else _unit_of(role)
        if basis is not None and _PER_THING_PER_PERIOD.search(row[basis]):
            row_unit = None  # "per Active User per month": a price per user, not a rate
        priced = [_cell_unit(row[i], unit or row_unit) for i, unit in columns]
        if bands:
            return [
                item | {"role": f"{role} ({header[i]})"}
                for (i, _), (cell, unit) in zip(columns, priced, strict=True)
                for item in _priced_items([(cell, unit)], role, currency) or []
            ] or None
    else:  # a space-aligned row that lost an empty cell: its amounts are the last row
        if _BEFORE_TAX_SUM.search(role):
            return None
        amounts = [c for c in row[1:] if AMOUNT_CELL.match(c)]
        if len(amounts) != len(columns):
            return None
        priced = [(cell, unit) for cell, (_i, unit) in zip(amounts, columns, strict=True)]
    items: list[dict[str, Any]] = []
    for cell, unit in priced:
        if unit is None:
            if basis is not None:
                continue  # "| Transition Fee | One-time, fixed |": a row of the table, no rate
            return None  # no unit in the header nor in the row's basis: no rate
        item = _priced_items([(cell, unit)], role, currency)
        if item is None:
            return None
        items.extend(item)
    if not items and basis is not None and aligned:
        return []  # a priced row of a basis table with no rate ("One-time, fixed"): read on
    return items or None


def _priced_items(
    priced: list[tuple[str, str | None]], role: str, currency: str | None
) -> list[dict[str, Any]] | None:
    """The rate items of priced cells: None when a cell holds no amount, [] when it is empty."""
    items: list[dict[str, Any]] = []
    for cell, unit in priced:
        parsed = cell_amount(cell, currency)
        if parsed is None:
            if cell.strip() in ("", "-", "–", "n/a", "N/A"):
                continue
            return None
        value, code = parsed
        items.append(
            {"role": role, "amount": to_int_or_float(value), "currency": code or currency, "unit": unit}
        )
    return items


def _cell_unit(cell: str, unit: str | None) -> tuple[str, str | None]:
    """A rate cell and its unit: "185.00 per hour" carries its own, read off the cell."""
    own = _PER_UNIT_CELL.match(cell.strip())
    if own is not None and (unit is None or unit in ("hour", "day")):
        # ("| Hourly rate (NZ$) |" over "98.00 per hour": the header's unit restated in the
        # cell; a monthly charge per site restated so stays unread, as before)
        return own.group("amount"), _UNITS[own.group("unit").lower()]
    return cell, unit


_PER_UNIT_CELL = re.compile(
    r"^(?P<amount>.*?\d)\s*(?:/|per)\s*(?P<unit>hour|day|week|month|year|annum)$", re.I
)


def _unit_of(basis: str) -> str | None:
    """The unit a basis cell states ("per month (Retainer Fee)", "per person-hour")."""
    # ("per training day", "per consulting day", "per working hour")
    match = re.search(
        r"\bper\s+(?:person[\s-]+|(?:training|consulting|working|billable|man)[\s-]+)?"
        r"(hour|day|week|month|year|annum)\b",
        basis,
        re.I,
    )
    if match:
        return _UNITS[match.group(1).lower()]
    # "| Drill rig standby | hour | 2 | 285.00 |": a unit column's bare hour or day
    bare = re.fullmatch(r"(hour|hr|day)s?", basis.strip(), re.I)
    return _UNITS[bare.group(1).lower()] if bare else None
