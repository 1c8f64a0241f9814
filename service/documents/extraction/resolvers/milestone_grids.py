"""Payment milestones printed as tables: a column naming the event, and its share or amount.

"| Ref | Payment Milestone | % of Fee | Amount (AUD, excl. GST) |", "| Instalment | Payment event |
% of Transition Fee | Amount |": each row is a milestone with its percentage and amount, a name
may wrap onto continuation lines, and a closing row that adds up the others is the total, not a
milestone. Why a table reader: the line reader of ``schedule.resolve_milestones`` takes the first
amount or percentage of a line, so a row printing both kept only one, and it also took the
fee, cap and retention lines around the table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from service.documents.document import Document
from service.documents.extraction.numbers import to_int_or_float
from service.documents.extraction.resolvers.amount_context import LEADING_MARK
from service.documents.extraction.resolvers.sentences import Found
from service.documents.extraction.resolvers.table_cells import (
    SEPARATOR,
    SPACED_CELL,
    cell_amount,
    cells,
    header_currency,
    is_table_line,
    lines_of,
)

_NAME_HEADER = re.compile(
    r"^(?:payment\s+)?(?:milestones?|events?|triggers?|deliverables?|stages?|phases?|tasks?)\b"
    # "| Instalment | When invoiced | % of fee | Amount |": the column saying when is the event
    r"|^when\s+(?:invoiced|payable|due)\b|^(?:invoicing|billing|payment)\s+(?:points?|events?)\b"
    r"|\bpayment\s+(?:milestones?|events?|triggers?)\b|\bmilestones?\b"
    # "| No. | Instalment and when invoiced | Share | excl. GST | GST | incl. GST |"
    r"|^instal+ments?\s+and\s+when\s+(?:invoiced|payable|due)\b",
    re.I,
)
# an instalment named after the event that triggers it ("On signing of this Letter")
_EVENT_NAME = re.compile(r"(?:on|upon|at|after|following)\s+(?!\d)", re.I)
_INSTALMENT_HEADER = re.compile(r"^(?:instal+ments?|sprints?|phases?|iterations?)$", re.I)
_WHEN_INVOICED_HEADER = re.compile(r"^(?:invoiced|payable|due|invoiced\s+on|payable\s+on)$", re.I)
_EVENT_HEADER = re.compile(
    r"\b(?:milestones?|events?|triggers?|deliverables?)\b|^when\s+(?:invoiced|payable|due)\b"
    r"|^(?:invoicing|billing|payment)\s+points?\b",
    re.I,
)
_NAME_HINT = re.compile(
    r"[Mm]ilestone|MILESTONE|[Ee]vent|EVENT|[Tt]rigger|[Dd]eliverable|[Ss]tage|[Ii]nstal|[Pp]oint"
    r"|\|\s*(?:[Pp]hase|[Tt]ask)\s*\|"  # "| No. | Phase | Phase Fee | % of Total |"
    r"|^\s*[Pp]hase\s{2,}"  # "     Phase                       Percent    Amount (USD)"
    r"|\|\s*[Ii]nvoiced\s*\|"  # "| Sprint | Sprint Week | Invoiced | Sprint Fee |"
)
_NAME_WORDS = re.compile(
    r"\b(?:milestones?|events?|triggers?|deliverables?|stages?|instal+ments?|invoicing\s+points?)\b"
    r"|\|\s*(?:invoiced|phase|task)\s*\||^\s*phase\s{2,}",
    re.I,
)
# ("| Phase | Allocation | Phase Fee (USD) |": the share of the stipulated sum)
_PERCENT_HEADER = re.compile(r"%|\bpercent(?:age)?\b|\bportion\b|\bshare\b|^allocation$", re.I)
# "Amount (AUD, excl. GST)", "Payment", or a currency heading the column ("NZD (excl. GST)")
_AMOUNT_HEADER = re.compile(
    # ("| Share | Net (EUR) | Gross (EUR) |": the amount before VAT first)
    r"\b(?:amount|payment|fee|price|value|sum)\b|^(?:\(?\s*(?-i:[A-Z]{3})\b|[$€£])|^net\s*\("
    r"|^excl(?:\.|uding)?\s*(?:GST|VAT|HST|tax)\b",
    re.I,
)
# "| 10% Withhold |", "| Holdback (10%) |", "| GST |": what is kept back or added, not the share
_DEDUCTION_HEADER = re.compile(r"withh|retain|retention|holdback|\bGST\b|\bVAT\b|\btax\b", re.I)
_TAX_BASIS = re.compile(
    r"\b(?:excl\.?|excluding|exclusive\s+of|ex|incl\.?|including|inclusive\s+of|plus)\s+"
    r"(?:GST|VAT|tax(?:es)?)\b",
    re.I,
)


def _deduction(header_cell: str) -> bool:
    """Whether a header names a withholding or a tax column ("| 10% Withhold |", "| GST |"),
    not an amount stated before tax ("Amount (excl. VAT)")."""
    return bool(_DEDUCTION_HEADER.search(_TAX_BASIS.sub("", header_cell)))


_STRONG_AMOUNT = re.compile(r"\b(?:amount|price|fee)\b", re.I)
# "Milestone Payment", "Stage Payment (AUD)": the last word names what the column holds, the
# amount ("Payment Milestone" names the event)
_AMOUNT_HEAD_NOUN = re.compile(r"\bpayments?\s*(?:\([^)]*\))?\s*$", re.I)
# "40%", "40 %", "40% of the" (a cell that wraps onto the next line)
_PERCENT_CELL = re.compile(r"^(?P<value>\d{1,3}(?:[.,]\d{1,2})?)\s*%(?:\s+of\b.*)?$")


def resolve_milestone_grid(doc: Document) -> Found | None:
    """milestones from the first payment-milestone table with at least two rows."""
    text = doc.text
    if "%" not in text and "mount" not in text:
        return None
    lines, offsets = lines_of(text)
    for index, line in enumerate(lines):
        if not ("|" in line or "\t" in line or "  " in line) or not _NAME_HINT.search(line):
            continue  # plain substring tests first: most lines are prose
        if not is_table_line(line) or not _NAME_WORDS.search(line):
            continue
        found = _grid_at(lines, offsets, index)
        if found is not None:
            return found
    return None


def _columns(header: list[str]) -> tuple[int, int | None, int | None] | None:
    """(name, percent, amount) column indexes of a header row, or None if it is no such row."""
    named = [i for i, c in enumerate(header) if _NAME_HEADER.search(c)]
    if not named and any(_WHEN_INVOICED_HEADER.match(c) for c in header):
        # "| Instalment | Share of Fixed Fee | Amount (CAD) | Invoiced |", "| Sprint | Sprint
        # Week | Invoiced | Sprint Fee |": instalments or sprints whose own column says on what
        # event each is invoiced are payment milestones
        named = [i for i, c in enumerate(header) if _INSTALMENT_HEADER.match(c)][:1]
    if not named:
        # "| Installment | Percent | Amount |" over "| 1. On signing of this Letter | 50% |":
        # instalments named after their event (checked row by row in _grid_at)
        named = [i for i, c in enumerate(header) if re.fullmatch(r"instal+ments?", c, re.I)][:1]
    if not named:
        return None
    # "| Stage | Payment trigger | % of Fees | Stage Payment |": the event column names the
    # milestone, a "Stage" column only numbers it
    name = next((i for i in named if _EVENT_HEADER.search(header[i])), named[0])
    if re.fullmatch(r"(?:stage|phase)s?(?:\s+no\.?)?", header[name], re.I):
        # "| Stage | Payment Stage | Completed when |": a bare "Stage" column numbers the rows,
        # another one that holds no amount names them
        name = next(
            (
                i
                for i in named
                if i != name
                and not _STRONG_AMOUNT.search(header[i])  # ("Phase Fee" holds amounts)
                and not _PERCENT_HEADER.search(header[i])
            ),
            name,
        )
    percent = next(
        (
            i
            for i, c in enumerate(header)
            if i != name and _PERCENT_HEADER.search(c) and not _deduction(c)
        ),
        None,
    )
    amounts = [
        i
        for i, c in enumerate(header)
        if i not in (name, percent)
        and _AMOUNT_HEADER.search(c)
        and not _deduction(c)
        and len(c) <= 40
    ]
    # an amount column that names no event first; else "Milestone Amount (CAD)", "Deliverable
    # Price" ("Payment Milestone" names the event)
    amount = next((i for i in amounts if not _EVENT_HEADER.search(header[i])), None)
    if amount is None:
        amount = next(
            (
                i
                for i in amounts
                if _STRONG_AMOUNT.search(header[i]) or _AMOUNT_HEAD_NOUN.search(header[i])
            ),
            None,
        )
    deductions = [i for i, c in enumerate(header) if i != name and _deduction(c)]
    if deductions:
        # "| Share | Milestone Payment | Retention (10%) | Amount invoiced |": the amount before
        # what is kept back is the milestone's, the one after it only what its invoice bills
        before = [
            i
            for i in amounts
            if i < deductions[0]
            and (
                not _EVENT_HEADER.search(header[i])
                or _STRONG_AMOUNT.search(header[i])
                or _AMOUNT_HEAD_NOUN.search(header[i])
            )
        ]
        if before:
            amount = before[-1]
    if percent is None and amount is None:
        return None
    if re.fullmatch(r"deliverables?", header[name], re.I) and any(
        re.fullmatch(r"qty\.?|quantity|no\.?\s+of\s+\w+|units?", c, re.I) for c in header
    ):
        return None  # "| Deliverable | Qty | Price (R) |": a price list of things, no payment events
    if percent is None and re.match(r"tasks?\b", header[name], re.I):
        return None  # "| Task | Estimated Fee |": an estimate by task; "| Task | Fee | % of Fee |" splits a price
    return name, percent, amount


# "| Audit | Audit Fee | Instalment 1 - Kick-off (40%) | Instalment 2 - Audit Report (60%) |": a
# payment matrix whose columns are the instalments, with their share in the header
_INSTALMENT_COLUMN = re.compile(
    r"\b(?:instal+ments?|milestones?|payments?)\b[^|]*?\(\s*(?P<pct>\d{1,3}(?:[.,]\d+)?)\s*%\s*\)",
    re.I,
)


def _body(lines: list[str], index: int, started: Callable[[], bool]) -> Iterator[tuple[int, str]]:
    """The lines of the table under the header at ``index``: rule lines skipped, up to the first
    blank line after a row (``started``) or 40 lines."""
    for row_index in range(index + 1, min(len(lines), index + 40)):
        line = lines[row_index]
        if not line.strip():
            if started():
                return
            continue
        if not SEPARATOR.match(line):
            yield row_index, line


def _matrix_at(lines: list[str], offsets: list[int], index: int) -> Found | None:
    """Milestones of a payment matrix: one item per row and instalment column."""
    piped = lines[index].count("|") >= 2
    header = cells(lines[index], piped)
    columns = [(i, m) for i, c in enumerate(header) if (m := _INSTALMENT_COLUMN.search(c))]
    if len(columns) < 2 or columns[0][0] == 0:
        return None
    items: list[dict[str, Any]] = []
    end = offsets[index] + len(lines[index])
    for row_index, line in _body(lines, index, lambda: bool(items)):
        row = cells(line, piped)
        if len(row) != len(header):
            break
        label = LEADING_MARK.sub("", row[0]).strip(" :–-|\t")
        if not label or re.search(r"\btotal\b", label, re.I):
            continue
        for column, match in columns:
            amount = cell_amount(row[column], None)
            if amount is None:
                continue
            name = re.sub(r"\s*\([^()]*%\s*\)", "", header[column]).strip()
            items.append(
                {
                    "name": f"{label} {name}",
                    "amount": to_int_or_float(amount[0]),
                    "percent": to_int_or_float(float(match.group("pct").replace(",", "."))),
                }
            )
        end = offsets[row_index] + len(line)
    if len(items) < 2:
        return None
    return Found(items, 0.8, offsets[index], end)


def _grid_at(lines: list[str], offsets: list[int], index: int) -> Found | None:
    piped = lines[index].count("|") >= 2
    header, body_from = _header(lines, index, piped)
    columns = _columns(header)
    if columns is None or len(header) < 2:
        return _matrix_at(lines, offsets, index)
    name_col, percent_col, amount_col = columns
    # "| % of Fee |" over cells "5.0", "7.5": the header carries the percent sign
    bare = percent_col is not None and "%" in header[percent_col]
    # "| Amount (EUR, net) |" over "27 960,00": the header names the currency and its grouping
    currency = header_currency(header, "")
    rows: list[dict[str, Any]] = []
    pending: dict[str, Any] | None = None  # a row whose share and amount come on a later line
    end = offsets[index] + len(lines[index])
    outer = lines[index].strip().startswith("|")
    for row_index, line in _body(lines, body_from, lambda: bool(rows)):
        row = cells(line, piped, outer)
        if len(row) != len(header):
            valueless = not any(_percent(c) is not None or cell_amount(c, currency) for c in row)
            if valueless and (not rows or not piped):
                # a space-aligned row's wrapped cells ("parties      Estimated"), or the second
                # line of a header whose first cell is empty ("     |   |   | Price      |")
                continue
            break
        percent = _percent(row[percent_col], bare) if percent_col is not None else None
        amount = cell_amount(row[amount_col], currency) if amount_col is not None else None
        name = _row_name(row, name_col, percent_col, amount_col)
        if percent is None and amount is None:
            last = pending or (rows[-1] if rows else None)
            if last is not None and name and not any(
                c for i, c in enumerate(row) if i != name_col
            ):
                last["name"] += " " + name  # the name wraps onto the next line
                end = offsets[row_index] + len(line)
                continue
            if last is not None and not name:
                continue  # another cell wraps ("| | | of need-to-know items | |")
            if name and (rows or _ROW_REFERENCE.match(row[name_col].strip())):
                # "| M1 | Solution Design Acceptance | Acceptance Certificate for the ... | | |":
                # the row's share and amount are printed on its last wrapped line
                pending = {"name": name, "amount": None, "percent": None}
                continue
            if not rows:
                continue  # the second line of a two-line header ("Fee", "(AUD, excl. GST)")
            break
        values = {
            "amount": to_int_or_float(amount[0]) if amount else None,
            "percent": to_int_or_float(percent) if percent is not None else None,
        }
        if not name:
            if pending is None:
                break
            rows.append(pending | values)  # the values on the last line of a wrapped row
            pending = None
        else:
            pending = None  # a row that never got values is no milestone
            rows.append({"name": name} | values)
        end = offsets[row_index] + len(line)
        if rows and _TOTAL_NAME.match(rows[-1]["name"]):
            break  # "| Total Fixed Fee | 100% |": the rows below it (VAT ...) are no milestones
    amounts = [r["amount"] for r in rows if r["amount"] is not None]
    kept = _without_total(rows)
    if len(kept) < 2 or all(re.fullmatch(r"[\d.,]+", r["name"]) for r in kept):
        # ("| Monitoring year | Events | Event Price |": a count of events is no event's name)
        return None
    if (
        re.fullmatch(r"instal+ments?", header[name_col], re.I)
        and not any(_WHEN_INVOICED_HEADER.match(c) for c in header)
        and not all(_EVENT_NAME.match(r["name"]) for r in kept)
    ):
        return None  # instalments on dates ("| 1 March 2026 | 50% |"), not on events
    total: tuple[float, str | None] | None = None
    if len(kept) < len(rows) and rows[-1]["amount"] is not None:
        total = (rows[-1]["amount"], currency)  # the closing row that sums the others
    elif amounts and len(amounts) == len(kept):
        total = _total_line(lines, offsets, end, sum(amounts), currency)
    return MilestoneGrid(kept, 0.8, offsets[index], end, total)


@dataclass
class MilestoneGrid(Found):
    """Milestones read from a table, with the table's printed total ("| Total | 100% |
    $148,600.00 |") when it has one: the fixed price the milestones add up to, and the currency
    its cell or the header names (None: the document's)."""

    total: tuple[float, str | None] | None = None


def _total_line(
    lines: list[str], offsets: list[int], end: int, expected: float, currency: str | None
) -> tuple[float, str | None] | None:
    """The amount of a "Total" line right under the table (within three lines) that equals the
    sum of the milestones' amounts."""
    first = bisect_right(offsets, end)  # the first line after the table
    for line in lines[first : first + 3]:
        if not re.search(r"\btotal\b", line, re.I):
            continue
        for cell in cells(line, line.count("|") >= 2):
            amount = cell_amount(cell, currency)
            if amount and abs(amount[0] - expected) <= 0.005 * expected:
                return amount[0], amount[1] or currency
    return None


# "M1", "1", "5a", "No. 3": a cell that only numbers the row
_ROW_REFERENCE = re.compile(r"^(?:No\.?\s*)?[A-Z]{0,2}\d{1,2}[a-z]?\.?$")


def _row_name(row: list[str], name_col: int, percent_col: int | None, amount_col: int | None) -> str:
    """The milestone's name: its name cell, and the description beside it when that cell only
    numbers the row ("| 1 | Acceptance of Deliverable 1 | 15% |")."""
    name = LEADING_MARK.sub("", row[name_col]).strip(" :–-|\t")
    following = name_col + 1
    if (
        _ROW_REFERENCE.match(row[name_col].strip())
        and following < len(row)
        and following not in (percent_col, amount_col)
        and row[following]
        and _percent(row[following]) is None
        and cell_amount(row[following], None) is None
    ):
        return f"{row[name_col].strip()} {row[following]}"
    return name


def _header(lines: list[str], index: int, piped: bool) -> tuple[list[str], int]:
    """The header's cells, and the line its body starts after. A space-aligned header may take
    two lines ("Milestone  Description  % of Firm  Milestone" over "No.  Price  Amount (CAD)"):
    the second line's cells join the cells they sit under."""
    header = cells(lines[index], piped)
    following = index + 1
    if piped:
        # "| % of Fixed | Milestone |" over "| Price | Payment |": cell by cell
        last = index
        while last + 1 < len(lines) and last - index < 2:
            more_line = lines[last + 1]
            if not more_line.strip() or SEPARATOR.match(more_line) or "|" not in more_line:
                break
            more = cells(more_line, True)
            if len(more) != len(header) or any(
                c and (_percent(c) is not None or cell_amount(c, None)) for c in more
            ):
                break
            header = [f"{a} {b}".strip() for a, b in zip(header, more, strict=True)]
            last += 1
        return header, last
    if following >= len(lines):
        return header, index
    second = lines[following]
    if not second.strip() or SEPARATOR.match(second) or len(cells(second, False)) >= len(header):
        return header, index
    if any(_percent(c) is not None or cell_amount(c, None) for c in cells(second, False)):
        return header, index  # a row, not the header's second line
    spans = [(m.start(), m.end()) for m in SPACED_CELL.finditer(lines[index])]
    if len(spans) != len(header):
        return header, index
    merged = list(header)
    for m in SPACED_CELL.finditer(second):
        # the header cell it overlaps most, or the nearest one
        column = max(
            range(len(spans)),
            key=lambda i: (
                min(spans[i][1], m.end()) - max(spans[i][0], m.start()),
                -abs(spans[i][0] - m.start()),
            ),
        )
        merged[column] = f"{merged[column]} {m.group()}"
    return merged, following




_BARE_PERCENT_CELL = re.compile(r"^(?P<value>\d{1,3}(?:[.,]\d{1,2})?)$")


def _percent(cell: str, bare: bool = False) -> float | None:
    """The share in ``cell``: "40%", or "40" under a header with the percent sign (``bare``)."""
    match = _PERCENT_CELL.match(cell.strip()) or (
        _BARE_PERCENT_CELL.match(cell.strip()) if bare else None
    )
    if match is None:
        return None
    value = float(match.group("value").replace(",", "."))
    return value if value <= 100 else None


_TOTAL_NAME = re.compile(r"(?:sub)?total\b", re.I)


def _without_total(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop a closing row that sums the others (its name says total, its share is the sum of
    theirs, or its amount is)."""
    if len(rows) < 3:
        return rows
    last, others = rows[-1], rows[:-1]
    percents = [r["percent"] for r in others if r["percent"] is not None]
    amounts = [r["amount"] for r in others if r["amount"] is not None]
    if (
        re.search(r"\btotal\b", last["name"], re.I)
        or (
            last["percent"] is not None
            and percents
            and abs(sum(percents) - last["percent"]) < 0.01
            # (30%, 20% and 50%: a last share that completes a hundred is a milestone's own)
            and abs(sum(percents) + last["percent"] - 100) > 0.01
        )
        or (last["amount"] is not None and amounts and abs(sum(amounts) - last["amount"]) < 0.01)
    ):
        return others
    return rows
