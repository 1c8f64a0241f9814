"""rates: amounts per hour, day, week, month or year paid for services, with their role.

From sentences ("$150 per hour for a Senior Engineer") and from rate-card tables under an
hourly or daily rate header, whose rows may print amounts without a currency sign.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from service.documents.document import Document
from service.documents.extraction import money as _money
from service.documents.extraction.numbers import parse_number, to_int_or_float
from service.documents.extraction.resolvers import finders
from service.documents.extraction.resolvers.amount_context import (
    APPROXIMATE_BEFORE,
    APPROXIMATE_WORDS,
    EXPENSE_CONTEXT,
    EXPENSE_WORDS,
    LEADING_MARK,
    MINIMUM_BEFORE,
    MINIMUM_WORDS,
    THRESHOLD_BEFORE,
    THRESHOLD_WORDS,
    may_match,
)
from service.documents.extraction.resolvers.finders import (
    find_rates,
)
from service.documents.extraction.resolvers.rate_grids import rate_grids
from service.documents.extraction.resolvers.sentences import (
    Found,
    Sentence,
)

_ROLE_BEFORE_PAY = re.compile(
    r"\bpay\s+(?:to\s+)?(?:the\s+)?(?P<role>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})\s+(?:for|a|an|the|at|\$|€|£)",
    re.U,
)


# "Support of external development is charged at a rate of $55 CAD per hour": the sentence's
# subject is the service the rate prices (two services at the same price are two rates)
_SUBJECT_CHARGED_AT = re.compile(
    r"\s*(?P<role>[A-Z][^.;:$]{2,80}?)\s+(?:is|are|will\s+be|shall\s+be)\s+"
    r"(?:charged|billed|invoiced|priced)\s+at\s+(?:(?:a|the)\s+(?:\w+\s+)?rate\s+of\s+)?$"
)

_ROLE_TITLE = re.compile(
    r"[A-Z][A-Za-z/.\-]*(?:\s+(?:[A-Z][A-Za-z/.\-]*|&|and|of|-|–|\([A-Za-z ]+\)))*"
)  # "Senior Data Engineer", "Strategic Marketing & Fundraising Consultant"


def _role_for(text: str, sentence: Sentence, start: int) -> str | None:
    line_start = (
        text.rfind("\n", sentence.start, start) + 1
        if "\n" in text[sentence.start : start]
        else sentence.start
    )
    prefix = text[line_start:start]
    cell = re.split(r"\t|\s{3,}|\|", prefix.rstrip(" \t|:–-"))
    candidate = LEADING_MARK.sub("", cell[-1] if cell else "").strip(" :–-|\t")
    if candidate and _ROLE_TITLE.fullmatch(candidate) and len(candidate.split()) <= 6:
        return candidate
    match = _ROLE_BEFORE_PAY.search(sentence.text[: start - sentence.start + 2])
    if match:
        return match.group("role").strip()
    match = _SUBJECT_CHARGED_AT.match(sentence.text[: start - sentence.start])
    if match and len(match.group("role").split()) <= 10:
        return match.group("role").strip()
    return None


# "Provider represents that these fees normally are charged to the customer according to the
# following schedule:" followed by "$29.95 monthly maintenance and service fee" lines: list prices
# that someone else pays, not what this contract's client pays
_RESALE_PRICES = re.compile(
    r"\b(?:(?:normally|usually|typically|regularly|ordinarily)\s+(?:are\s+|is\s+|be\s+)?charged\s+"
    r"(?:to\s+)?(?:the\s+|its\s+|their\s+)?(?:customers?|end[\s-]users?|public|subscribers?)|"
    r"(?:retail|list)\s+prices?)\b[^.]{0,60}?(?:following|schedule|as\s+follows|:)",
    re.I,
)
_RESALE_WORDS = ("normally", "usually", "typically", "regularly", "ordinarily")
_RESALE_PARAGRAPHS = 4  # the list's items may be paragraphs of their own


def _resale_phrase_end(s: Sentence) -> int | None:
    """Where the sentence introduces a list of prices someone else is normally charged."""
    lower = s.lower
    if (
        "list price" in lower
        or "retail price" in lower
        or ("charged" in lower and any(w in lower for w in _RESALE_WORDS))
    ):
        match = _RESALE_PRICES.search(s.text)
        if match:
            return s.start + match.end()
    return None


def _in_resale_list(
    doc: Document,
    sentences: list[Sentence],
    index: int,
    seen: dict[int, int | None],
    starts: list[int],
) -> bool:
    """Whether a list-price phrase ends in the rate sentence's paragraph (or the few before it),
    looking back over the candidate sentences there: only rate sentences ask, so the phrase test
    does not scan every sentence (``seen`` memoizes it per sentence)."""
    s = sentences[index]
    if not starts:  # the paragraph starts, listed once per document (on the first rate)
        starts.extend(start for start, _ in doc.paragraphs)
    at = bisect.bisect_right(starts, s.start) - 1
    lead_start = doc.paragraphs[max(0, at - _RESALE_PARAGRAPHS)][0] if at >= 0 else 0
    lead_start = max(lead_start, s.start - 1500)
    j = index
    while j >= 0 and sentences[j].end >= lead_start:
        if j not in seen:
            seen[j] = _resale_phrase_end(sentences[j])
        end = seen[j]
        if end is not None and lead_start <= end <= s.end:
            return True
        j -= 1
    return False


_RANGE_END_BEFORE = re.compile(r"\d\s*(?:to|-|–)\s*$")
_CAP_BEFORE = re.compile(r"\b[Cc]ap\b[^.;]{0,30}$")
# an expense allowance paid per day, named up to a long sentence's worth before its amount
_ALLOWANCE = re.compile(r"\bper\s+diem|\bsubsistence\b|\ballowances?\b", re.I)


def resolve_rates(doc: Document, sentences: list[Sentence]) -> Found | None:
    """rates: amounts per hour/day/week/month/year paid for services."""
    items: list[dict[str, Any]] = []
    first: tuple[int, int] | None = None
    resale_seen: dict[int, int | None] = {}
    paragraph_starts: list[int] = []
    for index, s in enumerate(sentences):
        found_rates = find_rates(s.text, s.start) if s.currency else []
        if found_rates and s.non_fee_money():  # a flattened fee schedule keeps its fee cells
            found_rates = [r for r in found_rates if s.fee_cell(r.money.start, r.money.end)]
        if not found_rates:
            continue
        if _in_resale_list(doc, sentences, index, resale_seen, paragraph_starts):
            continue
        for rate in found_rates:
            local = s.text[max(0, rate.start - s.start - 80) : rate.end - s.start + 40]
            # (may_match: the words a case-insensitive pattern needs, tested before running it)
            if (
                may_match(local, EXPENSE_WORDS)
                and EXPENSE_CONTEXT.search(local)
                and not re.search(r"\bfees?\b|\brate\b", local, re.I)
                # "Time spent traveling to and from Assignments ... is billed at $50.00 per hour
                # per interpreter": travel time is paid work at an hourly rate, not an expense
                and not (
                    rate.unit == "hour"
                    and s.mentions("time spent travel", "travel time", "travelling time")
                )
            ):
                continue
            if s.mentions("diem", "subsistence", "allowance") and _ALLOWANCE.search(
                s.text, max(0, rate.start - s.start - 200), rate.start - s.start
            ):
                continue  # "per diem allowances ... (currently 45,00 zł per day)": an expense
            if may_match(local, ("interest", "late", "overdue")) and re.search(
                r"interest|late|overdue", local, re.I
            ):
                continue
            lead = s.text[max(0, rate.start - s.start - 60) : rate.start - s.start]
            if _RANGE_END_BEFORE.search(lead):
                continue  # "in the range of $4,200 to $6,000 per day": an estimate, not a rate
            if "ap" in lead and _CAP_BEFORE.search(lead):
                continue  # "Monthly Cap (clause 6): EUR 42.000,00 net per calendar month"
            if (
                (may_match(lead, MINIMUM_WORDS) and MINIMUM_BEFORE.search(lead))
                or (may_match(lead, THRESHOLD_WORDS) and THRESHOLD_BEFORE.search(lead))
                or (may_match(lead, APPROXIMATE_WORDS) and APPROXIMATE_BEFORE.search(lead))
            ):
                continue
            item = {
                "role": _role_for(doc.text, s, rate.money.start),
                "amount": to_int_or_float(rate.money.amount),
                "currency": rate.money.currency,
                "unit": rate.unit,
            }
            if item not in items and not _restated(item, items):
                items.append(item)
                first = first or (s.start, s.end)
    tables = _rate_tables(doc)
    for grid in rate_grids(doc.text):
        # the grid reads the table by its columns, where the capitals-header reader takes every
        # amount of a row (estimated hours and fees beside the rate)
        tables = [t for t in tables if not (t[0] <= grid.end and grid.start <= t[1])]
        # a row's price found in a sentence too is the row's rate, with the row's role
        keys = {(i["amount"], i["currency"], i["unit"]) for i in grid.items}
        items = [i for i in items if (i["amount"], i["currency"], i["unit"]) not in keys]
        tables.append((grid.start, grid.end, grid.items))
    for table_start, table_end, table_items in (*tables, *_annual_fee_schedules(doc)):
        # every row of a rate card is a rate of its own, even when two rows share a price or a
        # role and a price; a row restated whole by a later table (an estimate beside the rate
        # card) is no new rate
        earlier = list(items)
        items.extend(item for item in table_items if item not in earlier)
        first = first or (table_start, table_end)
    if not items or first is None:
        return None
    return Found(items, 0.8, first[0], first[1])


def _restated(item: dict[str, Any], items: list[dict[str, Any]]) -> bool:
    """Whether ``item`` restates a rate already in ``items`` ("GBP 6,500.00 per calendar month"
    in the key terms, "a fixed monthly fee of £6,500 (the Retainer Fee)" in the body): the same
    price per the same unit where one of the two names no role. The named one is kept."""
    key = (item["amount"], item["currency"], item["unit"])
    for index, other in enumerate(items):
        if other["amount"] != key[0] or (other["currency"], other["unit"]) != key[1:]:
            continue
        if item["role"] is None or other["role"] is None:
            if other["role"] is None:
                items[index] = item
            return True
    return False


# A rate-card column header ("HOURLY RATE", "Daily Rates") followed by table layout (a run of
# spaces, a tab, a line break or a "|"), not a sentence that mentions "the hourly rates set out".
# Every alternative opens with its capital letter, so the engine jumps from one H, R or D to the
# next at C speed (a leading \b or lookahead made it try every position of the document); the
# lookbehind after that letter is the \b before it (no word character precedes the letter).
_RATE_HEADER = re.compile(
    r"(?:H(?<!\w.)(?:OURLY|ourly)\s+(?:RATES?|Rates?)"  # HOURLY RATES
    r"|R(?<!\w.)(?:ATE|ate)\s+(?:PER|per)\s+(?:HOUR|Hour)"  # RATE PER HOUR
    r"|D(?<!\w.)(?P<d>AILY|aily)\s+(?:RATES?|Rates?)"  # DAILY RATES
    r"|R(?<!\w.)(?:ATE|ate)\s+(?:PER|per)\s+(?P<dd>DAY|Day))"  # RATE PER DAY
    r"(?=[ \t]{2,}|\t|\s*\n|\s*\|)"
)
_TABLE_AMOUNT = re.compile(
    r"(?<![\w.,])(?P<sym>[$€£]\s?)?(?P<num>\d{1,3}(?:,\d{3})*\.\d{2}|\d{1,3}(?:,\d{3})+)(?![\w.,%])"
    r"(?!\s*(?:/|per\b|an\s+hour|a\s+day))"  # "$325/hour" is left to the sentence rates
)
_TABLE_STOP = re.compile(
    r"\bUNIT\s+RATE|\bPER\s+(?!HOUR|DAY)[A-Z]{3,}|\b(?:MONTHLY|WEEKLY|ANNUAL)\b|"
    r"\b(?:shall|will|must|may|agrees?)\b",
    re.I,
)


def _rate_tables(doc: Document) -> list[tuple[int, int, list[dict[str, Any]]]]:
    """Rate cards laid out as a table under an hourly/daily rate header, whose rows may print
    the amount without a currency sign ("2. SYSTEMS DEVELOPMENT      100.00"). The table's
    currency comes from its rows that do show one; a table showing none is skipped."""
    text = doc.text
    tables = []
    for header in _RATE_HEADER.finditer(text):
        unit = "day" if (header.group("d") or header.group("dd")) else "hour"
        blank = re.compile(r"\n[ \t]*\n").search(text, header.end(), header.end() + 3000)
        end = blank.start() if blank else min(len(text), header.end() + 3000)
        rows: list[tuple[str, float, int, int, str | None]] = []
        previous = header.end()
        for amount in _TABLE_AMOUNT.finditer(text, header.end(), end):
            label = text[previous : amount.start()]
            if _TABLE_STOP.search(label) or len(label.strip()) > 160:
                break
            cells = [c for c in re.split(r"\t|\s{3,}|\|", label) if c.strip()]
            last = re.split(r"\s\d{1,2}\.\s+", cells[-1])[-1] if cells else ""
            role = LEADING_MARK.sub("", last).strip(" :–-|\t") or None
            symbol = (amount.group("sym") or "").strip() or None
            value = parse_number(amount.group("num"))
            if value is None:
                break
            rows.append((role or "", value, amount.start(), amount.end(), symbol))
            previous = amount.end()
        symbols = {r[4] for r in rows if r[4]}
        if len(rows) < 2 or len(symbols) != 1:
            continue
        symbol = symbols.pop()
        currency = finders.DOLLAR[0] if symbol == "$" else _money.SYMBOLS.get(symbol, "USD")
        items = [
            {
                "role": role or None,
                "amount": to_int_or_float(value),
                "currency": currency,
                "unit": unit,
            }
            for role, value, _s, _e, _sym in rows
        ]
        tables.append((header.start(), rows[-1][3], items))
    return tables


# "... the amount set forth next to the applicable Contract Year below (the "Annual Fee").
# First Contract Year (2018/19): $ 200,000  Second Contract Year (2019/20): $ 204,000 ...": an
# annual fee that escalates by year is a yearly rate per year of the term
_YEAR_LABEL_END = re.compile(
    r"Year\b(?:\s+(?:\d{1,2}|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b)?"
    r"(?:\s*\([^()\n]{1,20}\))?\s*[:\-–]?\s*(?=[$€£]|(?:USD|EUR|GBP|CAD)\s?\d)"
)
_YEAR_LABEL_START = re.compile(
    r"(?:\b(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|\d{1,2}(?:st|nd|rd|th))"
    r"\s+)?(?:(?:Contract|Agreement|License|Licence|Sponsorship|Lease)\s+)?$"
)
_ANNUAL_FEE_LEAD = re.compile(
    r"\bannual\s+(?:\w+\s+)?fees?\b|\bfees?\s+(?:for|per)\s+(?:each|every)\s+(?:contract\s+)?year",
    re.I,
)
_NOT_A_FEE_LEAD = re.compile(
    r"value|minimum|royalt|sales|revenue|target|budget|purchase|insurance|\bcap\b", re.I
)


def _annual_fee_schedules(doc: Document) -> list[tuple[int, int, list[dict[str, Any]]]]:
    """Runs of two or more "<ordinal> Contract Year: $amount" items right after a sentence that
    defines an annual fee; not minimums, values, royalties or sales targets listed by year."""
    text = doc.text
    if "Year" not in text or not re.search(r"annual|ANNUAL|Annual", text):
        return []
    runs: list[list[tuple[int, int, str, _money.Money]]] = []
    for end_match in _YEAR_LABEL_END.finditer(text):
        head = _YEAR_LABEL_START.search(text, max(0, end_match.start() - 40), end_match.start())
        label_start = head.start() if head and head.group(0) else end_match.start()
        if label_start == end_match.start() and not re.match(r"Year\s+\w", end_match.group(0)):
            continue  # a bare "Year: $" is no item of a schedule
        monies = _money.find_money(text[end_match.end() : end_match.end() + 40], end_match.end())
        if not monies or monies[0].start != end_match.end():
            continue
        money = finders.local_dollar(monies[0])
        label = re.sub(r"\s+", " ", text[label_start : end_match.end()]).strip(" :-–")
        item = (label_start, money.end, label, money)
        if runs and label_start - runs[-1][-1][1] <= 40:
            runs[-1].append(item)
        else:
            runs.append([item])
    schedules = []
    for run in runs:
        if len(run) < 2:
            continue
        lead = text[max(0, run[0][0] - 300) : run[0][0]]
        if not _ANNUAL_FEE_LEAD.search(lead) or _NOT_A_FEE_LEAD.search(lead[-150:]):
            continue
        items = [
            {
                "role": label,
                "amount": to_int_or_float(money.amount),
                "currency": money.currency,
                "unit": "year",
            }
            for _start, _end, label, money in run
        ]
        schedules.append((run[0][0], run[-1][1], items))
    return schedules
