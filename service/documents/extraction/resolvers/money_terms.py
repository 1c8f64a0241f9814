"""currency, contract_value and not_to_exceed.

Only fee money counts (not insurance limits, damages or share prices). A ceiling ("not to
exceed", "capped at") is not the contract value; a cap on travel, liability or investment is
not a fee ceiling; a total that follows "up to" or "estimated" is not a fixed contract value.
"""

from __future__ import annotations

import re
from collections import Counter

from service.documents.extraction.money import Money
from service.documents.extraction.resolvers.amount_context import (
    EARLIER_WORK,
    NON_FEE_MONEY,
    THRESHOLD_BEFORE,
)
from service.documents.extraction.resolvers.finders import (
    find_money,
    find_rates,
)
from service.documents.extraction.resolvers.sentences import (
    Found,
    Sentence,
)

# The fee, ceiling and total patterns open with a lookahead on the first letter of every
# alternative: the regex engine then skips other positions with a class test instead of trying
# each alternative there (they run over every sentence that names an amount).
_FEE_CONTEXT = re.compile(
    r"(?=[fcpribastm])\b(?:fees?|compensat\w*|remunerat\w*|pay\w*|paid|price\w*|rates?|invoic\w*|charges?|retainer|"
    r"consideration|budget|cost|amounts?|sum|total\s+of\s+this|(?:total|maximum)\s+contract\s+value|total\s+order\s+value)\b",
    re.I,
)


_ESTIMATE = re.compile(
    r"\b(?:good\s+faith\s+estimate|estimated\s+(?:dollar\s+|total\s+|contract\s+)?value|"
    r"independent\s+government\s+cost\s+estimate|IGCE|cost\s+goal|funds\s+have\s+been\s+designated|"
    r"estimated\s+(?:life\s+cycle\s+)?cost)\b",
    re.I,
)
_CEILING = re.compile(
    r"(?=[nswmcui])(?:not[\s-]+to[\s-]+exceed|(?:shall|will|may|must)\s+not(?:\s*,[^,.;]{1,30},)?\s+exceed|\bNTE\b|\bceiling\b|"
    r"capped\s+at|\bcap\s+(?:of|on)\b|maximum\s+(?:total\s+|aggregate\s+|contract\s+)?(?:amount|fees?|price|value|"
    r"compensation|budget)|up\s+to\s+a\s+maximum|in\s+no\s+event\s+(?:shall|will)\b[^.]{0,80}exceed"
    # "... shall in no circumstances exceed one hundred and ninety-five thousand Singapore dollars"
    r"|(?:shall|will)\s+in\s+no\s+(?:event|case|circumstances?)\s+exceed"
    # "You have authorized us to incur interpreter fees (including overtime, ...) of up to
    # $15,000.00": a fee authorization
    r"|incur\s+(?:\w+\s+){0,2}fees\b[^.;]{0,120}?\bof\s+up\s+to\b"
    # "We will not charge more than $600.00 + GST for Additional Support ... in any calendar month"
    r"|(?:will|shall)\s+not\s+(?:charge|invoice|bill)\s+(?:you\s+)?more\s+than\b)",
    re.I,
)
_TOTAL = re.compile(
    r"(?=[tacefl])(?:\b(?:total|aggregate)\s+(?:contract\s+|project\s+|fixed\s+|firm\s+|engagement\s+|committed\s+|order\s+|agreement\s+)?"
    r"(?:price|value|amount|fees?|compensation|cost|sum|charges?)\b"
    r"(?!\s+(?:for\s+)?(?:travel|expenses))"
    r"|\bcontract\s+(?:price|value|amount|sum)\b|\bentire\s+compensation\b"
    # "The total of the Application Fees under this SOW is $27,500.00"
    r"|\btotal\s+of\s+(?:the\s+|all\s+)?(?:[A-Z][\w-]*\s+){0,2}(?:Fees|fees|Charges|charges)\b"
    # "| Total of this order, excl. btw | € 14.400,00 |"
    r"|\btotal\s+(?:of|for)\s+this\s+(?:order(?:\s+form)?|sow|statement\s+of\s+work|work\s+order)\b"
    # ("at a fixed price per minute" is a unit price, not a total)
    r"|\b(?:firm\s+)?fixed[\s-]+(?:fee|price)\b(?!\s+(?:per|for\s+each|each)\b)|\blump[\s-]+sum\b"
    r"|\bstipulated\s+sum\b)",
    re.I,
)
# "The Fees for the Project shall be $279,000.00" (amounts per time unit are skipped like any
# total's); tried only where the sentence names a project or engagement
_PROJECT_FEE = re.compile(
    r"\bfees?\s+for\s+(?:the|this)\s+(?:project|engagement)\s+(?:shall|will)\s+be\b", re.I
)


def _fee_money(sentence: Sentence) -> list[Money]:
    if not sentence.currency:
        return []  # no currency marker: no money (skips the finder's own test)
    monies = find_money(sentence.text, sentence.start)
    if not monies or not _FEE_CONTEXT.search(sentence.text) or sentence.illustrative():
        return []  # (a worked example's amounts are hypothetical)
    if sentence.non_fee_money():  # a flattened fee schedule keeps the amounts of its fee cells
        return [m for m in monies if sentence.fee_cell(m.start, m.end)]
    return monies


# "On2 will pay Wildform a total of (i) $160,000 payable as follows: ... and (ii) the Payment Shares"
_PAY_TOTAL = re.compile(
    r"\bpay\s+(?:to\s+)?(?:\w+\s+){0,3}?a\s+total\s+of\s+(?:\(\w{1,3}\)\s*)?$"
    # "a fixed fee per month, which over the twelve-month term amounts to a total of ..."
    r"|\bamounts?\s+to\s+a\s+total\s+of\s*$"
    # "Over the Initial Period the Retainer Fees amount to R816 000,00"
    r"|\b(?:initial\s+(?:period|term)|term)\b[^.;]{0,40}\bfees\s+amount\s+to\s*$",
    re.I,
)


def _paid_total(s: Sentence) -> Found | None:
    """The total a party agrees to pay for the services, read next to its amount only (the same
    sentence may go on about shares or other consideration)."""
    for m in find_money(s.text, s.start):
        lead = s.text[max(0, m.start - s.start - 60) : m.start - s.start]
        near = s.text[max(0, m.start - s.start - 60) : m.end - s.start + 40]
        if _PAY_TOTAL.search(lead) and not NON_FEE_MONEY.search(near):
            return Found(m.as_value(), 0.75, s.start, s.end)
    return None


# "$150,000.00 ..., to be paid in equal installments of $37,500.00 on <four dates>" or "payment
# of $50,000 ... as follows $10,000 Within ten (10) days ... $15,000 ... $25,000": a fee paid in
# parts; the amount they add up to is the contract value
_INSTALLMENT_WORDS = ("installment", "instalment", "as follows")
_EQUAL_PARTS_BEFORE = re.compile(r"\binstal+ments\s+of\s*$", re.I)
_ONE_YEARS_AMOUNT = re.compile(
    r"\byear\s+(?:\d|one|two|three|four|five)|\bannual|\beach\s+year|\bper\s+(?:year|annum)", re.I
)
_UNIT_PRICE_BEFORE = re.compile(r"\b(?:each|every|per)\b[^$]*$", re.I)
_PAYMENT_WORD = re.compile(r"\bpa(?:y|id)\w*|compensat\w*|\bfees?\b|\bprice\b", re.I)


def _installment_total(s: Sentence, following: Sentence | None) -> Found | None:
    """The total of a fee paid in installments: an amount that the next amounts add up to, or
    that equal installments of a later amount divide evenly. The schedule may run on into the
    next sentence when it starts right after this one ("... payable to Celebrity's agent. CSE, as
    follows $10,000 ...")."""
    text = s.text
    pieces = [s]
    if following is not None and 0 <= following.start - s.end <= 3:
        text = text + " " * (following.start - s.end) + following.text
        pieces.append(following)
    if not _PAYMENT_WORD.search(s.text) or s.non_fee_money() or _OTHER_CONSIDERATION.search(s.text):
        return None
    merged: list[Money] = []
    # each sentence's amounts (memoized per sentence, offsets absolute), in text order
    for m in (m for piece in pieces for m in find_money(piece.text, piece.start)):
        # "$150,000.00 (One Hundred Fifty Thousand Dollars)": one amount written twice
        if merged and merged[-1].amount == m.amount and m.start - merged[-1].end < 8:
            continue
        merged.append(m)
    if len(merged) < 2:
        return None
    rate_starts = {r.money.start for piece in pieces for r in find_rates(piece.text, piece.start)}
    for i, total in enumerate(merged):
        if total.start >= s.end:
            break  # the total is stated in this sentence; the parts may follow in the next
        # "a minimum sell through revenue commitment of $750,000.00": hedges reach further back
        lead = text[max(0, total.start - s.start - 80) : total.start - s.start]
        if (
            total.start in rate_starts
            or _CEILING.search(lead)
            or _HEDGED_AMOUNT.search(lead)
            or _ONE_YEARS_AMOUNT.search(lead)
        ):
            continue  # "YEAR 2 $50,710.00 due ... in four (4) equal quarterly installments": one year's
        parts = merged[i + 1 :]
        if not parts:
            break
        first = parts[0]
        # the schedule words come between the total and its parts ("$50,000 ... as follows
        # $10,000 ..."), and a part is no unit price ("each visual station ... $25")
        between = text[total.end - s.start : first.start - s.start].lower()
        if not any(word in between for word in _INSTALLMENT_WORDS) or any(
            _UNIT_PRICE_BEFORE.search(text[max(0, p.start - s.start - 50) : p.start - s.start])
            for p in parts
        ):
            continue
        if _EQUAL_PARTS_BEFORE.search(
            text[max(0, first.start - s.start - 30) : first.start - s.start]
        ):
            count = total.amount / first.amount if first.amount else 0
            if 2 <= round(count) <= 120 and abs(count - round(count)) < 0.01:
                return Found(total.as_value(), 0.75, s.start, s.end)
        running = 0.0
        for k, part in enumerate(parts):
            running += part.amount
            if k >= 1 and abs(running - total.amount) <= 0.005 * total.amount:
                return Found(total.as_value(), 0.75, s.start, s.end)
            if running > total.amount:
                break
    return None


_MINIMUM_COMMITMENT = re.compile(
    r"minimum\s+(?:payment|commitment|purchase)|annual\s+minimum", re.I
)
_NOT_FEE_CAP = re.compile(r"counsel|attorney|liab|damage|insurance|capital|invest", re.I)
# "the total amount payable by the Client for the Services, being all Reimbursable Costs and the
# Fixed Fee together, shall not exceed $1,350,000": a cap on costs and fees alike is the fee cap
_COSTS_AND_FEES = re.compile(
    r"\btotal\s+(?:amount|compensation|price|sum)\s+(?:payable|to\s+be\s+paid)\b[^.;]{0,30}\bfor\s+"
    r"(?:the\s+)?(?:services|work)\b|\b(?:costs|expenses)\s+and\s+(?:the\s+)?(?:fixed\s+)?fees?\b"
    # "the total compensation payable to Contractor under this Agreement, including all Unit Rate
    # charges, Reimbursable Expenses and approved Change Orders, shall not exceed"
    r"|\btotal\s+compensation\s+payable\b[^.;]{0,60}\bincluding\s+all\b"
    r"|\bfees?\s+and\s+(?:all\s+)?(?:reimbursable\s+)?(?:costs|expenses)\b"
    # "The total of all Session Fees, cancellation charges ... and travel reimbursement payable"
    r"|\btotal\s+of\s+(?:all\s+)?(?:the\s+)?(?:\w+\s+){0,2}?fees\b",
    re.I,
)
_FEE_WORD_BEFORE = re.compile(r"\bfees?\b|compensation|total", re.I)
_MUST_NOT_EXCEED = re.compile(r"(?:shall|will|may|must)\s+not\s+exceed", re.I)
_TRAVEL = re.compile(r"travel|expenses?", re.I)
_HEDGED_AMOUNT = re.compile(
    r"up\s+to|at\s+least|minimum|maximum|approximately|roughly|estimated|exceed"
    r"|(?:greater|more|less|fewer)\s+than",  # "an estimated contract value of greater than $50 million"
    re.I,
)
_RANGE_AFTER = re.compile(r"\s*(?:to|-|–|and)\s*(?:US)?\$\s?\d")
_RANGE_BEFORE = re.compile(r"\$\s?[\d,.]+\s*(?:to|-|–|and)\s*$")
_UNTIL_PAID = re.compile(r"\b(?:until|till|unless)\s+(?:a|the|such)?\s*$", re.I)
_OTHER_CONSIDERATION = re.compile(r"invest|capital|loan|advance|non-paid|unpaid|owed", re.I)


# "the total fees invoiced under this Order (excluding HST and any reimbursable travel) will not
# exceed $64,500.00": costs set aside in the cap's own words do not make it a cap on costs
_EXCLUDED_ASIDE = re.compile(
    r"\((?:excluding|exclusive\s+of|not\s+including|other\s+than)\b[^()]*\)"
    # "shall not exceed ... ($21,500.00), excluding GST and reimbursable expenses"
    r"|\b(?:excluding|exclusive\s+of|not\s+including|other\s+than)\b[^.;()]{0,60}?\breimburs\w*",
    re.I,
)


_OVERALL_CAP = re.compile(
    r"\b(?:aggregate\s+of\s+all|all\s+(?:fees|charges|amounts)|overall|in\s+(?:the\s+)?aggregate)\b"
    # ("The charges for any calendar month shall not exceed USD 75,000" and later "the total
    # charges for the Minimum Term shall not exceed USD 440,000": the whole term's cap)
    r"|\btotal\s+(?:charges|fees)\s+for\s+the\s+(?:\w+\s+)?term\b"
    r"|\bnot[\s-]+to[\s-]+exceed\s+amount\b",
    re.I,
)


def _capped_amount(s: Sentence, monies: list[Money], match: re.Match[str]) -> Found | None:
    """The amount a ceiling wording caps the fees at: the first fee money within 80 characters
    after it."""
    after = [m for m in monies if 0 <= m.start - (s.start + match.end()) <= 80]
    return Found(after[0].as_value(), 0.85, s.start, s.end) if after else None


def _later_ceiling(s: Sentence, monies: list[Money], after: int) -> Found | None:
    """The next ceiling of the sentence after offset ``after`` (sentence-relative)."""
    for match in _CEILING.finditer(s.text, after):
        if (found := _capped_amount(s, monies, match)) is not None:
            return found
    return None


def _overall_cap(s: Sentence) -> bool:
    """Whether the sentence caps all the fees together (a plain word test first)."""
    return s.mentions(
        "aggregate", "all fees", "all charges", "all amounts", "overall", "exceed amount", "total"
    ) and (
        _OVERALL_CAP.search(s.text) is not None
    )


_RECHARGED_AT_COST = re.compile(r"\brecharge\w*\b[^.;]{0,200}\bat\s+cost\b", re.I)


def _ceiling(s: Sentence, monies: list[Money], expense_ctx: bool) -> Found | None:
    """The fee ceiling the sentence states ("not to exceed $X"), if any: the first one wins."""
    for match in _CEILING.finditer(s.text):
        # caps on minimum commitments, reimbursed costs, liability or investment are not fee
        # ceilings (a test of the whole sentence: no other match of it counts either)
        if (
            _MINIMUM_COMMITMENT.search(s.text)
            or _NOT_FEE_CAP.search(s.text)
            or (
                s.mentions("reimburs")
                and not _COSTS_AND_FEES.search(s.text)
                and "reimburs" in _EXCLUDED_ASIDE.sub("", s.text).lower()
            )
            # "will recharge the agency's invoices ... to the Client at cost, ... up to a maximum
            # of € 1.600,00 per Sprint": a cap on costs passed through
            or (s.mentions("recharge") and _RECHARGED_AT_COST.search(s.text))
            # "Pass-Through Costs, including the Handling Fee, will not exceed $110,000.00"
            or (
                s.mentions("pass-through", "pass through", "passed through")
                and not _COSTS_AND_FEES.search(s.text)
            )
        ):
            return None
        if expense_ctx and not _FEE_WORD_BEFORE.search(s.text[: match.end()]):
            continue
        found = _capped_amount(s, monies, match)
        if found is not None:
            if _overall_cap(s):
                # "The charges for any calendar month shall not exceed USD 75,000 ..., and the
                # total charges for the Minimum Term shall not exceed USD 440,000": the larger,
                # overall cap of the two the sentence states
                later = _later_ceiling(s, monies, match.end())
                if later is not None and later.value["currency"] == found.value["currency"]:
                    return later if later.value["amount"] > found.value["amount"] else found
            return found
        before = [m for m in monies if 0 <= (s.start + match.start()) - m.end <= 60]
        if before and _MUST_NOT_EXCEED.search(match.group(0)):
            return Found(before[-1].as_value(), 0.85, s.start, s.end)
    return None


_TAX_INCLUSIVE_BEFORE = re.compile(
    r"\b(?:inclusive\s+of|including|incl\.?)\s+(?:VAT|GST|HST|tax)\b[^.;\d]{0,20}$", re.I
)
_SHARE_OF_BEFORE = re.compile(r"(?:%|\bper\s*cent)\s*\)?\s+of\s+(?:the\s+)?$", re.I)
_PER_ITEM_AFTER = re.compile(
    r"\s*(?:\+\s*VAT\s*|plus\s+VAT\s*)?(?:per|for\s+each|each)\s+"
    r"(?!(?:calendar\s+)?(?:month|year|annum|quarter|week|hour|day)s?\b)[a-z]",
    re.I,
)
_SHARE_OF_COSTS = re.compile(r"\s*\(\s*\d+(?:\.\d+)?\s*%\s+of\b", re.I)
# "lump sum" as a cell of its own ("| lump sum |") that is not the first of its table row: the
# unit of a line item in a price schedule
_UNIT_CELL = re.compile(r"[ \t]*\|")
_LATER_CELL = re.compile(r"\S[^|\n]*\|[ \t]*$")
_ESTIMATED_BEFORE = re.compile(
    # ("we estimate total fees for tax year 2026 of roughly $6,400")
    r"\b(?:estimated|estimates?|anticipated|expected|projected)\s+(?:\w+\s+){0,2}$", re.I
)  # ("Total Estimated Cost and Fixed Fee")


def _total(s: Sentence, monies: list[Money], expense_ctx: bool) -> Found | None:
    """The contract value the sentence states ("total contract price of $X"), if any."""
    rate_spans: list[tuple[int, int]] | None = None
    matches = list(_TOTAL.finditer(s.text))
    if (
        matches
        and s.mentions("has ", "have ", "separate", "prior", "previous", "earlier")
        and (EARLIER_WORK.search(s.text))
    ):
        return None
    if s.mentions("project", "engagement"):
        matches += _PROJECT_FEE.finditer(s.text)
    for match in matches:
        window = s.text[max(0, match.start() - 40) : match.start()]
        if _SHARE_OF_COSTS.match(s.text, match.end()):
            continue  # "Fixed Fee (8% of Fee Base)": a cost-plus contract's fee, not its value
        if (
            match.group(0)[:1] in "lL"
            and _UNIT_CELL.match(s.text, match.end())
            and _LATER_CELL.search(window)
        ):
            continue  # "| L-1 | BIM Execution Plan | lump sum | $4,800.00": one line item's unit
        if _ESTIMATED_BEFORE.search(window):
            continue  # "an estimated contract value of ...": not a stated value
        if _SHARE_OF_BEFORE.search(window):
            continue  # "Fifty per cent (50%) of the Contract Price, being R93 250.00": a share
        if _UNTIL_PAID.search(window):
            continue  # "until a total amount of $40,000,000 has been paid": a cap on a stream
        if _CEILING.search(window) or (
            expense_ctx and _TRAVEL.search(s.text[match.start() : match.end() + 30])
        ):
            continue
        if _OTHER_CONSIDERATION.search(s.text):
            return None  # money that changes hands for other reasons than the services
        if s.mentions("default interest", "late payment", "fails to pay"):
            return None  # a statutory late-payment lump sum ("40,00 EUR pursuant to § 288 BGB")
        if rate_spans is None:
            rate_spans = [(r.start, r.end) for r in find_rates(s.text, s.start)]
        after = [
            m
            for m in monies
            if 0 <= m.start - (s.start + match.end()) <= 120
            and not any(a <= m.start < b for a, b in rate_spans)
            and not _CEILING.search(s.text[max(0, m.start - s.start - 40) : m.start - s.start])
            and not _HEDGED_AMOUNT.search(
                s.text[max(0, m.start - s.start - 40) : m.start - s.start]
            )
            # "an aggregate cost of from $5,000.00 to $10,000.00": a range is no stated total
            and not _RANGE_AFTER.match(s.text, m.end - s.start)
            # "a fixed price of £240.00 per request": a price per item, no total
            and not _PER_ITEM_AFTER.match(s.text, m.end - s.start)
            # "At that rate the Contract Price inclusive of VAT would be EUR 127,612.50"
            and not _TAX_INCLUSIVE_BEFORE.search(
                s.text, max(0, m.start - s.start - 40), m.start - s.start
            )
            and not _RANGE_BEFORE.search(s.text, max(0, m.start - s.start - 30), m.start - s.start)
        ]
        if after:
            # "TOTAL CONTRACT VALUE (Initial Term) $676,994.40" names the whole deal's value and
            # wins over an earlier "fixed fee of $72,000" for one part of it
            # (and "TOTAL ORDER VALUE" of an order form)
            strong = "contract" in match.group(0).lower() or "order" in match.group(0).lower()
            return Found(after[0].as_value(), 0.85 if strong else 0.8, s.start, s.end)
    return None


def resolve_money_terms(sentences: list[Sentence]) -> dict[str, Found | None]:
    """currency, contract_value, not_to_exceed."""
    currencies: Counter[str] = Counter()
    first_currency: dict[str, Found] = {}
    contract: Found | None = None
    ceiling: Found | None = None
    estimated: Found | None = None
    for index, s in enumerate(sentences):
        monies = _fee_money(s)
        for m in monies:
            currencies[m.currency] += 1
            first_currency.setdefault(m.currency, Found(m.currency, 0.8, m.start, m.end))
        if (
            not monies
            and estimated is None
            and "$" in s.text
            and s.mentions("estimat", "fund", "budget", "igce", "cost goal")
            and _ESTIMATE.search(s.text)
            and not s.non_fee_money()
        ):
            found = [
                m
                for m in find_money(s.text, s.start)
                if not THRESHOLD_BEFORE.search(
                    s.text[max(0, m.start - s.start - 60) : m.start - s.start]
                )
            ]  # "an estimated contract value of greater than $500,000" is a FAR threshold
            if found:  # "Good Faith Estimate ... between $5,000,000 to $10,000,000"
                estimated = Found(found[0].currency, 0.5, found[0].start, found[0].end)
        if contract is None and s.mentions("a total of", "amount to"):
            contract = _paid_total(s) or contract
        if contract is None and monies:  # a fee total is fee money
            following = sentences[index + 1] if index + 1 < len(sentences) else None
            if (
                "instal" in s.lower
                or "as follows" in s.lower
                or (
                    following is not None
                    and ("instal" in following.lower or "as follows" in following.lower)
                )
            ):
                contract = _installment_total(s, following)
        # the first ceiling and the first total win, except that a total named the contract's
        # value or price replaces a total of another kind
        if not monies:
            continue
        open_total = contract is None or (
            contract.confidence < 0.85
            and s.mentions(
                "contract value",
                "contract price",
                "contract sum",
                "contract amount",
                "total order value",
            )
        )
        overall = ceiling is not None and _overall_cap(s)
        if ceiling is not None and not open_total and not overall:
            continue
        expense_ctx = s.expense_context()
        if ceiling is None:
            ceiling = _ceiling(s, monies, expense_ctx)
        elif overall:
            # "Calibration fees shall not exceed USD 9,500" and later "The aggregate of all fees
            # ... shall not exceed USD 240,000": the overall cap, not a part's, is the ceiling
            later = _ceiling(s, monies, expense_ctx)
            if (
                later is not None
                and later.value["currency"] == ceiling.value["currency"]
                and later.value["amount"] > ceiling.value["amount"]
            ):
                ceiling = later
        if open_total:
            total = _total(s, monies, expense_ctx)
            if total is not None and (contract is None or total.confidence > contract.confidence):
                contract = total
    currency = None
    if currencies:
        code = currencies.most_common(1)[0][0]
        currency = first_currency[code]
        currency.confidence = 0.9 if len(currencies) == 1 else 0.6
    elif estimated is not None:
        currency = estimated  # the only amounts are the estimated value or funding of the order
    return {"currency": currency, "contract_value": contract, "not_to_exceed": ceiling}


def currency_of_rates(rates: Found | None) -> Found | None:
    """The rates' common currency, for a contract whose fee sentences name none: a rate card
    line ("Engagement Partner<tab>$325 per hour") holds no fee word, so the money resolver
    skips it."""
    if rates is None:
        return None
    currency = rates.value[0]["currency"]
    if any(item["currency"] != currency for item in rates.value):
        return None
    return Found(currency, 0.7, rates.start, rates.end)
