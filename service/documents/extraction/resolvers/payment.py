"""payment_terms_days, early_payment_discount and late_payment_interest.

A day count is a payment term only when it runs from an invoice or statement ("within 30 days
of receipt of invoice"), not from a notice, a termination or the effective date; a discount is
"2/10 net 30" or a percentage for paying within some days; late interest is a percentage per
month or year in a sentence about late or overdue amounts.
"""

from __future__ import annotations

import re

from service.documents.document import Document
from service.documents.extraction.durations import find_discount_terms, find_net_terms
from service.documents.extraction.numbers import to_int_or_float
from service.documents.extraction.resolvers.amount_context import may_match
from service.documents.extraction.resolvers.finders import (
    find_durations,
    find_percentages,
)
from service.documents.extraction.resolvers.sentences import (
    Found,
    Sentence,
)

_PAY_VERB = re.compile(r"\b(?:pay\w*|paid|due|remit\w*|settle\w*)\b", re.I)
_AFTER_INVOICE = re.compile(
    r"^(?:[^.;]|\.(?=\w)){0,40}?\b(?:after|from|of|following|upon)\b(?:[^.;]|\.(?=\w)){0,50}?"
    r"\b(?:invoice|statement|bill(?:ing)?|receipt\s+thereof|receipt\s+of\s+(?:such|each|the)\s+"
    r"(?:invoice|statement))\b",
    re.I,
)
_NOT_PAYMENT_ANCHOR = re.compile(
    r"^[^.;]{0,40}?\b(?:notice|warrant\w*|termination|terminate|effective\s+date|delivery|"
    r"acceptance\s+period|cure|written\s+request|execution)\b",
    re.I,
)

# "within 30 days of its receipt", "within thirty (30) days after receiving it", "within forty-five
# (45) days after the Bank receives it": the invoice named before the duration is what runs it
_AFTER_RECEIVING = re.compile(
    r"\s*(?:of|after|from|following)\s+(?:(?:the\s+)?date\s+of\s+)?"  # "after the date of its receipt"
    r"(?:(?:its\s+|their\s+|the\s+|[A-Z][\w&.\-]*['’]s\s+)?receipt\b|receiving\s+(?:it|them|each|such|the)\b|"
    r"(?:the\s+date\s+(?:on\s+which|that)\s+)?(?:the\s+)?[A-Z][\w&.\-]*\s+receives\s+"
    r"(?:it|them|each|such|the)\b)",
    re.I,
)
_SENDS_INVOICE = re.compile(
    r"\b(?:shall|will|must|may)\s+(?:submit|send|issue|render|deliver|provide|raise)\b", re.I
)
# "Contractor shall submit its invoice within thirty (30) days": a time to send the invoice
_SENDING_VERB = re.compile(r"submit|send|deliver|provide|issue|render", re.I)
# "... each properly submitted, undisputed invoice within forty-five (45) days", "pay each
# correctly rendered and undisputed invoice within thirty (30) days": the participle describes
# the invoice being paid
_PAID_EARLY_IF = re.compile(
    # ("deduct a prompt-payment discount ... from any invoice that Client pays in full within")
    r"\b(?:if|where|when|that|which)\b[^.;]{0,40}\bpa(?:y|ys|id)\b[^.;]{0,40}$", re.I
)
# "Notwithstanding the payment provisions of Section 6.2 of the MSA, ... net forty-five (45)
# days": the SOW's own term overriding the master agreement's, not an exception for one payment
_OVERRIDES_MASTER = re.compile(r"\bnotwithstanding\b[^.;]{0,80}\b(?:MSA|master|framework)\b", re.I)
_INVOICE_PAYABLE_WITHIN = re.compile(
    r"\b(?:invoices?|(?:[Oo]ur|[Ee]ach|[Ii]nterim|[Ff]inal)\s+accounts?)\s+(?:is|are|shall\s+be|will\s+be|must\s+be)\s+"
    r"(?:payable|due(?:\s+and\s+payable)?|paid)"
    r"\s+(?:in\s+full\s+)?within\s*$"
    # "Each invoice falls due fourteen (14) days after its date of issue"
    r"|\binvoices?\s+(?:falls?|becomes?)\s+due(?:\s+and\s+payable)?\s*$",
    re.I,
)
_SENT_INVOICE = re.compile(
    r"\b(?:submitted|rendered|issued|delivered|sent|provided)\b[^.;]{0,30}\binvoices?\s+within\s*$",
    re.I,
)
# "If the Customer disputes any part of a Tax Invoice, it must notify the Supplier within ten (10)
# Business Days after receipt": a window to dispute the invoice, not to pay it
_DISPUTE_WINDOW = re.compile(
    # ("If you dispute any amount claimed, you must give us a payment schedule within ten (10)
    # Working Days after the invoice is received": the answer to a payment claim, not the term)
    r"\bpayment\s+schedule\s+within\s*$|"
    r"\b(?:notify|notifies|notification|(?:notice|statement)\s+of\s+(?:the\s+|any\s+)?disput\w*|"
    r"disputes?\s+(?:it|the|any|such|an?)|object(?:s|ion)?\s+to|contests?)\b"
    r"(?![^.;]*\b(?:pay|paid|payable|remit)\b)[^.;]*$",
    re.I,
)
# "make such repairs and offset the cost thereof against any amounts owed ... or invoice
# Subcontractor therefor, which invoice shall be paid net 30 days"
_BACK_CHARGE = re.compile(
    r"\b(?:offset|deduct|set\s*off|recover)\s+the\s+costs?\s+(?:thereof|of\s+(?:such|the)\b)",
    re.I,
)


# "The Client may deduct two percent (2%) from the pre-tax amount of any invoice that is paid in
# full within ten (10) days of the invoice date": an early-payment discount not called one
# ("you may deduct two percent (2%) from the Delivery Installment if you pay that invoice in full
# within ten (10) days"; "If PRI pays an invoice in full ... within seven (7) days after receiving
# it, PRI may deduct two per cent (2%)"; "Where the Annual Fee is received in cleared funds within
# seven (7) days of the invoice date, you may deduct a prompt payment rebate of two per cent (2%)")
_PROMPT_DEDUCTION = re.compile(
    # ("deduct one and one-half per cent (1.5%) from the amount of any invoice that it pays")
    r"\bdeduct\w*\s+(?:[\w-]+\s+){0,6}?\(?\d[\d.,]*\s*%\)?[^.;]{0,100}?"
    r"\b(?:paid|pays?|paying)\s+(?:[^.;]{0,40}?\s)?(?:in\s+full\s+)?within\b"
    r"|\b(?:pays?|paid|received)\b[^.;]{0,80}?\bwithin\s+[^.;]{0,60}?\bmay\s+deduct\b[^.;]{0,80}?%",
    re.I,
)


def resolve_payment_terms(sentences: list[Sentence]) -> tuple[Found | None, Found | None]:
    """(payment_terms_days, early_payment_discount)."""
    payment: Found | None = None
    discount: Found | None = None
    # "Such payment will be made within fifteen (15) days ..., notwithstanding anything contained
    # herein to the contrary": an exception for one payment, so the other sentences' term wins
    for s in sorted(  # a stable sort
        sentences,
        key=lambda t: "notwithstanding" in t.lower and not _OVERRIDES_MASTER.search(t.text),
    ):
        if payment is not None and discount is not None:
            break  # the first of each wins: later sentences can't change them
        if not s.mentions("net", "day", "week", "discount"):
            continue  # no day count, no "net", no discount: nothing for this resolver
        for d in find_discount_terms(s.text, s.start):
            discount = discount or Found(
                {"percent": to_int_or_float(d.percent), "days": d.days}, 0.9, s.start, s.end
            )
            payment = payment or Found(d.net_days, 0.9, s.start, s.end)
        if s.mentions("cost") and _BACK_CHARGE.search(s.text):
            continue  # repair or clean-up costs charged back to the provider, not its fees
        # (may_match: a test of the lowercased words before the patterns, here and below)
        invoice = s.has("invoice") or (
            may_match(s.text, ("invoice", "statement"))
            and re.search(r"invoice|statement", s.text, re.I)
        )
        for net in find_net_terms(s.text, s.start) if payment is None else ():
            tail = s.text[net.end - s.start : net.end - s.start + 60]
            if _NOT_PAYMENT_ANCHOR.search(tail) or re.match(
                r"^[^.;]{0,30}effective\s+date", tail, re.I
            ):
                continue
            if invoice or re.search(r"payment\s+terms?", s.text, re.I):
                payment = payment or Found(net.days, 0.9, s.start, s.end)
        if not (invoice and _PAY_VERB.search(s.text)):
            continue
        for duration in find_durations(s.text, s.start) if payment is None else ():
            if duration.days is None:
                continue
            tail = s.text[duration.end - s.start :]
            lead = s.text[max(0, duration.start - s.start - 60) : duration.start - s.start]
            if (
                _SENDING_VERB.search(lead)
                and not re.search(r"\b(?:pay|paid|payable|remit)\b", lead, re.I)
                and not _SENT_INVOICE.search(lead)
            ):
                continue  # "submit invoices within 30 days after the month": a time to send
            if _NOT_PAYMENT_ANCHOR.search(tail[:60]) and not _AFTER_INVOICE.search(tail):
                continue
            if _DISPUTE_WINDOW.search(lead):
                continue  # "notify the Supplier within ten (10) Business Days after receipt"
            if s.mentions("discount", "deduct") and _PAID_EARLY_IF.search(lead):
                continue  # "If you pay an invoice in full within seven (7) days ..., you may
                # deduct a prompt payment discount": the discount's window, not the term
            if re.match(r"[^.;]{0,60}receipt\s+of\s+(?:such\s+|the\s+|any\s+)?payment", tail, re.I):
                continue  # paid after *receiving* money (pay-when-paid), not after an invoice
            after_invoice = _AFTER_INVOICE.search(tail)
            if after_invoice and _SENDS_INVOICE.search(after_invoice.group(0)):
                continue  # "Within five (5) Business Days after the end of each month, Corbally
                # shall issue an invoice": a time to send the invoice
            if after_invoice:
                payment = payment or Found(duration.days, 0.85, s.start, s.end)
            elif _INVOICE_PAYABLE_WITHIN.search(lead):
                # "Each invoice is payable within thirty (30) days after the date on which it
                # is given to you": the invoice is what is paid, whatever the days count from
                payment = payment or Found(duration.days, 0.8, s.start, s.end)
            elif _AFTER_RECEIVING.match(tail) and re.search(r"invoice|statement", s.text[: duration.start - s.start], re.I):
                payment = payment or Found(duration.days, 0.75, s.start, s.end)
        # "2% discount if paid within ten (10) days"
        if discount is None and (
            (may_match(s.text, ("discount",)) and re.search(r"discount", s.text, re.I))
            or (s.mentions("deduct") and _PROMPT_DEDUCTION.search(s.text))
        ):
            pcts = find_percentages(s.text, s.start)
            days = [d for d in find_durations(s.text, s.start) if d.days is not None]
            if pcts and days and re.search(r"within|if\s+paid|paid\s+within", s.text, re.I):
                # the discount's window is the day count nearest its percentage ("within thirty
                # (30) days net, or within fourteen (14) days with a two per cent (2 %) discount")
                window = min(days, key=lambda d: abs(d.start - pcts[0].start))
                discount = Found(
                    {"percent": to_int_or_float(pcts[0].value), "days": window.days},
                    0.8,
                    s.start,
                    s.end,
                )
    return payment, discount


# "late" / "later" as words: "escalate", "calculated" and "related" hold it too ("the Services Fee will
# escalate at a rate of three percent (3%) per year" is a price increase, not late interest)
_LATE_WORDS = re.compile(
    r"late|overdue|past[\s-]+due|unpaid|delinquen"
    # "If the Client is in default of payment, ... default interest at eight percent (8%)"
    r"|default\s+(?:of\s+payment|interest)"
    r"|not\s+paid\s+(?:when\s+due|(?:by|on)\s+(?:the|its)\s+(?:due\s+)?date|within\b)"
    # "If the Customer does not pay an undisputed amount by its due date"
    r"|(?:does|do|did)\s+not\s+pay\b[^.;]{0,60}\b(?:by|when|on)\s+(?:its\s+|the\s+)?due\b"
    # "If the Buyer fails to pay an undisputed sum by its due date"
    r"|\bfails?\s+to\s+pay\b[^.;]{0,60}\b(?:by|when|on)\s+(?:its\s+|the\s+)?due\b",
    re.I,
)  # no leading \b: the engine then skips positions by the first letters (tested word-wise below)
_LATE_AS_WORD = re.compile(r"later?\b", re.I)


def _late_or_overdue(text: str) -> bool:
    for match in _LATE_WORDS.finditer(text):
        if match.group()[0] not in "lL":
            return True
        at = match.start()
        if (at == 0 or not text[at - 1].isalpha()) and _LATE_AS_WORD.match(text, at):
            return True
    return False


_WORDS_ASIDE = re.compile(r"^\s*(?:\([^()]{1,60}\)|\))")
# "accrue interest at the monthly rate of one and one half percent (1.5%)": the period before it
_MONTHLY_RATE_OF = re.compile(r"\b(?:monthly|per\s+month)\s+rate\s+of\s*$", re.I)


# the names of floating rates a late-interest spread is stated over
# ("the cash rate target published by the Reserve Bank of Australia")
_FLOATING_RATE = r"(?:prime|base|reference|LIBOR|SOFR|EURIBOR|federal\s+funds|cash\s+rate|official\s+rate)"
_OVER_A_FLOATING_RATE = re.compile(
    # ("two per cent (2%) per annum above ...": the figure restated in brackets may come first)
    r"\s*(?:\([^()]{1,30}\)\s*)?\)?\s*(?:(?:per\s+annum|a\s+year|per\s+year)\s+)?"
    r"(?:over|above|plus|in\s+excess\s+of)\s+(?:the\s+)?"
    # ("above the Reserve Bank of Australia cash rate target", "above the Bank of England's")
    r"(?:[\w'’]+[\s-]+){0,5}?"
    rf"(?:{_FLOATING_RATE}|discount)\b",
    re.I,
)


# "at an annual rate equal to the prime rate, as reported in The Wall Street Journal, ..., plus an
# additional 200 basis points (2%)": the floating rate is named first and the spread after it
_FLOATING_RATE_PLUS_BEFORE = re.compile(
    # ("prime overdraft rate", "the Reserve Bank of Australia cash rate target plus four per cent")
    rf"\b{_FLOATING_RATE}(?:\s+(?:lending|overdraft|borrowing))?(?:\s+rate)?\b"
    r"[^;%]{0,200}?\b(?:plus|over|above)\b[^;%]{0,60}$",
    re.I,
)


# "Section 8.1. Notice and Payment of Claims ... Any amount owed under this Section 8.1 that is past
# due shall bear interest": interest on an indemnity claim, not on the fees
_CLAIMS_SECTION = re.compile(r"indemnif|\bclaims?\b", re.I)


def resolve_late_interest(sentences: list[Sentence], doc: Document | None = None) -> Found | None:
    """late_payment_interest: a percentage per month/year on late or overdue amounts (outside a
    section on indemnity claims, when the document's sections are known)."""
    for s in sentences:
        if not s.mentions(
            "late",
            "overdue",
            "past",
            "unpaid",
            "delinquen",
            "not paid",
            "not pay",
            "default",
            "fails to pay",
            "fail to pay",
        ) or not _late_or_overdue(s.text):
            continue
        if doc is not None:
            section = doc.section_at(s.start)
            if section is not None and _CLAIMS_SECTION.search(section.title):
                continue
        spread_end = -1  # where the last spread ended: its restatement in words is one too
        for pct in find_percentages(s.text, s.start):
            tail = s.text[pct.end - s.start : pct.end - s.start + 40]
            spread_tail = s.text[pct.end - s.start : pct.end - s.start + 90]
            if (
                _OVER_A_FLOATING_RATE.match(spread_tail)
                or _FLOATING_RATE_PLUS_BEFORE.search(
                    s.text, max(0, pct.start - s.start - 300), pct.start - s.start
                )
                # "prime overdraft rate ... plus 2% (two per cent) per annum"
                or 0 <= pct.start - spread_end <= 3
            ):
                spread_end = pct.end
                continue  # "3% over the prime rate" is a spread, not the interest rate itself
            # ("1,5% (one and a half per cent) per month": the number in words may come between)
            tail = _WORDS_ASIDE.sub("", tail, count=1)
            if re.match(r"^\s*(?:per|a|each)\s+month|^\s*monthly", tail, re.I) or (
                _MONTHLY_RATE_OF.search(
                    s.text, max(0, pct.start - s.start - 30), pct.start - s.start
                )
            ):
                period = "month"
            elif re.match(
                r"^\s*(?:per\s+(?:annum|year)|a\s+year|annually|annual)", tail, re.I
            ) or re.search(r"per\s+annum|annual", s.text, re.I):
                period = "year"
            else:
                continue
            if pct.value > 36:
                continue
            return Found(
                {"percent": to_int_or_float(pct.value), "period": period}, 0.85, s.start, s.end
            )
    return None
