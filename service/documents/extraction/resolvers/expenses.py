"""expenses_reimbursable: True when the client reimburses expenses, False when excluded.

Costs shifted by a lawsuit or an indemnity are not billable expenses; "shall bear all costs"
of the paid party, or expenses included in the fees, make it False.
"""

from __future__ import annotations

import re

from service.documents.document import Document
from service.documents.extraction.resolvers.amount_context import EXPENSE_CONTEXT, EXPENSE_WORDS
from service.documents.extraction.resolvers.sentences import (
    Found,
    Sentence,
    form_exhibits,
    inside,
)

_EXPENSE_NEGATIVE = re.compile(
    r"(?:shall|will)\s+not\s+be\s+(?:separately\s+)?(?:reimbursed|reimbursable)|not\s+(?:be\s+)?reimburs\w*|"
    # "The Institute shall not be entitled to reimbursement of travel costs"
    r"not\s+(?:be\s+)?entitled\s+to\s+(?:any\s+)?reimburs\w*|"
    # "No travel or other out-of-pocket expenses will be charged to you", "no expenses are
    # reimbursable under this Order Form"
    # ("No disbursement shall be invoiced separately to the Client")
    r"\bno\s+(?:travel|expenses?|disbursements?|out[\s-]of[\s-]pocket)\b[^.;]{0,60}?\b(?:will|shall|are|is)\s+(?:be\s+)?"
    r"(?:separately\s+)?(?:re-?)?(?:reimbursed|reimbursable|paid|charged|invoiced|billed|recoverable)\b|"
    # "inclusive of all travel, accommodation, subsistence and other expenses"
    # ("are inclusive of all travel, mileage, subsistence and accommodation costs")
    r"inclusive\s+of\s+all\s+(?:[\w-]+,?\s+(?:and\s+)?){1,6}?(?:other\s+)?(?:expenses|costs)\b|"
    # ("... out-of-pocket costs of Supplier personnel ... are not chargeable to or reimbursable by")
    r"\bnot\s+(?:chargeable|billable|recoverable|rechargeable)\s+to\b|"
    # "Travel, mileage ... and other out-of-pocket expenses are included in the Retainer Fee and
    # the Appendix A day rates and will not be charged separately"
    # ("those items will not be charged to you separately")
    r"(?:shall|will)\s+not\s+be\s+(?:charged|billed|invoiced)\s+(?:to\s+(?:you|the\s+\w+)\s+)?separately\b|"
    r"(?:bear|be\s+(?:solely\s+)?responsible\s+for)\s+(?:its|their|all\s+of\s+its|his|her)\s+"
    r"(?:own|respective)\s+(?:out[\s-]of[\s-]pocket\s+)?(?:costs\s+and\s+)?expenses|"
    # "Dova shall not be responsible to Valeant, or to the Field Force Personnel, for any
    # compensation, expense reimbursements or benefits"
    r"(?:shall|will)\s+not\s+be\s+(?:responsible|liable)\b[^.;]{0,120}?\bexpense\s+reimbursements?\b|"
    # "be solely responsible for all travel-related costs and expenses for its respective
    # representatives to attend meetings": each side pays its own people's travel
    r"(?:bear|be\s+(?:solely\s+)?responsible\s+for)\s+(?:all\s+)?(?:the\s+)?(?:travel[\s-]+(?:related\s+)?)?"
    r"(?:costs\s+and\s+)?expenses\s+(?:of|for|incurred\s+by)\s+(?:its|their)\s+(?:own\s+|respective\s+)?"
    r"(?:representatives|personnel|employees|members)\b|"
    # ("The Fixed Fee is inclusive of all of the Consultant's disbursements, including travel")
    r"(?:inclusive\s+of|includes?|including)\s+all\s+(?:of\s+)?(?:the\s+|our\s+|its\s+)?"
    r"(?:[A-Z]\w+['’]s\s+)?(?:travel\s+and\s+)?(?:expenses|disbursements)|"
    r"no\s+(?:travel\s+or\s+)?expenses\s+(?:will|shall)\s+be\s+(?:reimbursed|paid)|"
    # "We will not invoice you for travel, accommodation, telephone or other out-of-pocket
    # expenses": the fees cover them
    # ("Kirkgate shall not recharge any travel, mileage, accommodation ... expenses")
    r"(?:will|shall|do|does)\s+not\s+(?:invoice|bill|charge|re-?charge|recover)\s+(?:(?:you|the\s+\w+|\w+)\s+)?"
    r"(?:separately\s+)?(?:for\s+)?(?:any\s+)?(?:travel|[^.;]{0,80}\bexpenses\b)|"
    # "travel and subsistence costs are included in the Retainer Fee and we will not charge them
    # separately", "No expenses shall be separately recoverable"
    r"(?:will|shall|do|does)\s+not\s+(?:invoice|bill|charge)\s+(?:them|these|those)\s+separately|"
    r"no\s+expenses\s+(?:shall|will)\s+be\s+(?:separately\s+)?(?:recoverable|chargeable|payable|charged)|"
    # "The Fee covers all travel within the Auckland region, mileage, parking, printing"
    r"\b(?:fees?|price)\s+covers?\s+all\s+travel\b|"
    # "The Fixed Price includes ... all travel, accommodation, meal and other expenses of the
    # site visit and of the engagement, none of which will be charged separately"
    r"\bexpenses\b[^.;]{0,80}?,\s+none\s+of\s+which\s+(?:will|shall)\s+be\s+(?:separately\s+)?"
    r"(?:charged|billed|invoiced|reimbursed|recoverable)\b|"
    # "The Charges include all stationery, printing, postage, secure courier costs and the
    # Bureau's own travel and out-of-pocket costs. None of these will be recharged"
    r"\b(?:charges|fees?|prices?)\s+includes?\s+all\s+[^.;]{0,150}?\b(?:travel|out[\s-]of[\s-]pocket)\b"
    r"[^.;]{0,30}?\b(?:costs|expenses)\b",
    re.I,
)
_LEGAL_COSTS = re.compile(
    # ("litigation and title searches" are disbursements of a law firm's work, not a lawsuit)
    r"attorney|legal\s+(?:fees|costs)|prevailing\s+party|indemnif|enforce"
    r"|litigation(?!,?\s+(?:and\s+\w+\s+)?searches)|lawsuit"
    # "obliged by a final judgment of a competent tribunal ... to discharge any claim"
    r"|\bfinal\s+judg(?:e)?ment\b|\btribunal\b|\bdischarge\s+(?:any|a|the|such)\s+claim"
    r"|\brecall\b"  # "If a recall is due to Zogenix's negligence, Zogenix shall reimburse ..."
    # "the out-of-pocket costs and expenses incurred by the Parties in connection with any such
    # inspection or audit"
    r"|\b(?:costs?|expenses)\b[^.;]{0,60}\bin\s+connection\s+with\s+(?:any\s+|an?\s+|the\s+)?"
    r"(?:such\s+)?(?:annual\s+|inspection\s+or\s+)?audit\b"
    # "the party claiming any reimbursement shall provide the other party with documentation":
    # costs shifted between the parties either way, not the client paying the provider's
    r"|\b(?:the|either|each)\s+party\s+claiming\b"
    r"|defend\w*\s+(?:such|its|the|their)\s+(?:\w+\s+)?rights|infring|underpay"
    r"|\b(?:costs?|expenses)\s+of\s+(?:the|such|any|an?)\s+(?:audit|inspection|examination)\b",
    re.I,
)  # costs shifted by a lawsuit, an indemnity or an audit of the books are not billable expenses
_REIMBURSABLE = re.compile(
    r"\b(?:are|is|shall\s+be|will\s+be)\s+(?:reimbursable|reimbursed)\b(?!\s+(?:by|to)\s+the\s+Client)",
    re.I,
)
_PROVISO = re.compile(r"\bprovided,?\s+(?:however,?\s+)?that\b|\bexcept\s+that\b", re.I)
_REIMBURSES = re.compile(
    r"\b(?:shall|will|agrees\s+to)\s+reimburse\b[^.;]{0,120}\b(?:travel|out[\s-]of[\s-]pocket|expenses)\b",
    re.I,
)
_REIMBURSES_LISTED = re.compile(
    # ("The Client shall reimburse the Consultant for the following, without mark-up, when
    # supported by receipts:")
    r"\b(?:will|shall|agrees?\s+to)\s+reimburse\s+(?:(?:the\s+)?\w+\s+)?(?:for\s+)?the\s+following"
    r"(?:\s+(?:costs|expenses|items)\b|\s*,)",
    re.I,
)
_DISPUTE_COSTS = re.compile(r"arbitrat|mediat|litigat|lawsuit|dispute|prevailing\s+party", re.I)
_EXPENSE_POSITIVE = re.compile(
    # "Release Fee (plus NCC's reasonable expenses)": expenses charged on top of a fee
    r"\bplus\s+(?:\w+['’]s\s+|all\s+|any\s+)?(?:reasonable\s+)?(?:out[\s-]of[\s-]pocket\s+|travel\s+)?"
    r"expenses\b|reimburs\w*|billed\s+(?:separately|at\s+(?:(?:direct|actual)\s+)?cost)|pass[\s-]through|"
    # "Parking charges and tolls ... will be recharged to you at cost without mark-up", "Travel
    # costs of the trainers ... are charged to the Client at cost"
    # ("we will recharge accommodation and meals at cost, supported by receipts")
    r"(?:re-?charged?|charged)\b[^.;]{0,30}\bat\s+(?:actual\s+)?cost\b|"
    # "Travel to and from the Site by TRG personnel will be charged as mileage at $0.72 per
    # kilometre": travel charged on top of the fees
    r"\b(?:charged|billed|invoiced)\s+(?:as\s+mileage\s+)?at\s+(?:[^.;]|\.(?=\d)){0,25}?\bper\s+"
    r"(?:kilometre|kilometer|km|mile)\b|"
    r"(?:directly\s+)?billable\s+(?:by\s+\w+\s+and\s+payable\s+by|to)\b|"
    r"(?:Company|Client|Customer)\s+(?:will|shall)\s+(?:also\s+)?pay\s+(?:to\s+)?(?:the\s+)?"
    r"(?:Consultant|Contractor|Supplier|Vendor|Provider)\s+(?:all\s+|any\s+)?(?:reasonable\s+)?"
    r"(?:\w+\s+){0,2}expenses|"
    # "Agent shall pay $1000/- per day ... and all travel expenses plus per diem for the Kallo
    # representative instructing the program": the other side's people travel at the payer's cost
    r"\bpay\b[^.;]{0,80}?\btravel\s+expenses\b[^.;]{0,30}?\bfor\s+the\s+(?:[A-Z][\w&-]*\s+)?"
    r"(?:representatives?|personnel|staff|instructors?|trainers?)\b|"
    # "The fees set forth in the Schedule do not include Expenses, ..., all of which shall be the
    # responsibility of Customer": expenses come on top of the fees
    r"\b(?:fees|charges|prices|rates|compensation)\b[^.;]{0,80}\b(?:do|does|shall|will)\s+not\s+"
    r"include\s+(?:any\s+)?(?:\w+\s+){0,2}?(?:expenses|travel)\b|"
    # "Client shall be charged for certain reasonable expenses advanced or incurred by Agent"
    r"\b(?:shall|will)\s+be\s+(?:charged|billed|invoiced)\s+(?:for\s+)?(?:\w+\s+){0,3}?"
    r"(?:expenses|travel|out[\s-]of[\s-]pocket)\b",
    re.I,
)


_PAYER = re.compile(
    r"\b(?P<payer>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,2})\s+(?:shall|will|agrees\s+to)\s+pay\s+"
    r"(?:to\s+\w+\s+)?(?:all\s+|any\s+|the\s+|such\s+)?(?:charges|fees|amounts|invoices?|sums)\b"
)  # "MORPHO shall pay all charges under this Agreement ... after receipt of a valid invoice"
_PROVIDER_WORD = re.compile(r"consultant|contractor|provider|vendor|supplier|advisor|agency", re.I)


def _payers(sentences: list[Sentence]) -> set[str]:
    """Names of the party that pays the fees (the client), from its payment sentences."""
    names: set[str] = set()
    for s in sentences:
        if s.mentions("pay") and s.has("invoice"):
            for match in _PAYER.finditer(s.text):
                name = match.group("payer")
                if not _PROVIDER_WORD.search(name) and name.split()[-1] not in ("The", "It"):
                    names.add(name)
    return names


def _payer_pays_expenses(text: str, payers: set[str]) -> bool:
    """ "MORPHO shall pay for all travel expenses (Business Class), hotel ...": the fee payer
    also pays the provider's expenses."""
    return any(
        re.search(
            re.escape(name) + r"\s+(?:shall|will|agrees\s+to)\s+(?:also\s+)?(?:provide\s+and\s+)?"
            r"(?:pay|bear)\s+(?:for\s+)?(?:all\s+|any\s+|the\s+)?(?:reasonable\s+)?(?:\w+\s+){0,2}?"
            r"(?:travel|out[\s-]of[\s-]pocket|lodging|living|expenses\s+(?:related\s+to|of|incurred))\b",
            text,
        )
        for name in payers
    )


# "HDI shall bear all costs associated with the design, development, ... of the Site": the paid
# party carries its own costs of performing, so nothing is reimbursed
_BEARS_ALL_COSTS = re.compile(
    r"\b(?:the\s+)?(?P<who>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,2})\s+(?:shall|will)\s+bear\s+"
    r"all\s+(?:of\s+(?:the|its)\s+)?costs\s+(?:and\s+expenses\s+)?(?:associated\s+with|of|related\s+to|"
    r"incurred\s+in(?:\s+connection\s+with)?)\s+(?:the\s+)?(?:design|development|performance|provision|"
    r"operation|hosting|services)\b"
)
_PAYS_PAYEE = re.compile(
    r"\b(?:the\s+)?(?P<payer>[A-Z][\w&.\-]*)\s+(?:shall|will|agrees\s+to)\s+pay\s+(?:to\s+)?(?:the\s+)?"
    r"(?P<payee>[A-Z][\w&.\-]*)\b"
)


def _payee_bears_costs(s: Sentence, sentences: list[Sentence]) -> bool:
    match = _BEARS_ALL_COSTS.search(s.text)
    if match is None:
        return False
    who = match.group("who").split()[-1]
    if _PROVIDER_WORD.search(who):
        return True
    return any(
        m.group("payee") == who and m.group("payer") != who
        for t in sentences
        if t.mentions("pay")
        for m in _PAYS_PAYEE.finditer(t.text)
    )


def resolve_expenses(doc: Document, sentences: list[Sentence]) -> Found | None:
    """expenses_reimbursable: True when the client reimburses expenses, False when excluded."""
    negative: Found | None = None
    payers: set[str] | None = None
    forms = form_exhibits(doc.text)
    for s in sentences:
        if forms and inside(forms, s.start):
            continue  # a form of a future SOW/order states its terms, not this agreement's
        if negative is None and s.mentions("bear all") and _payee_bears_costs(s, sentences):
            negative = Found(False, 0.6, s.start, s.end)
            continue
        if (
            s.mentions("reimburse")
            and s.text.rstrip().endswith(":")
            and _REIMBURSES_LISTED.search(s.text)
            and EXPENSE_CONTEXT.search(doc.text, s.end, s.end + 300)
        ):
            # "the Firm will reimburse the following costs at actual cost, without markup,
            # supported by receipts:" over "- mileage ...; - parking and tolls; - lodging ..."
            return Found(True, 0.8, s.start, s.end)
        if not s.mentions(*EXPENSE_WORDS):
            continue
        if not s.expense_context():
            continue
        excluded = _EXPENSE_NEGATIVE.search(s.text)
        granted = _REIMBURSABLE.search(s.text, 0, excluded.start()) if excluded else None
        if excluded and granted and _PROVISO.search(s.text, granted.end(), excluded.start()):
            # "Travel costs ... are reimbursable at actual cost, provided that ... (c) local
            # travel ... is not reimbursed": the exception limits a reimbursement it grants
            return Found(True, 0.75, s.start, s.end)
        if excluded:
            # "each party shall be responsible for its own expenses ...; provided, that the
            # Company shall reimburse Contractor for ... travel expenses": the proviso reimburses
            proviso = _PROVISO.search(s.text, excluded.end())
            if (
                proviso
                and _REIMBURSES.search(s.text, proviso.end())
                and not _LEGAL_COSTS.search(s.text, proviso.end())
            ):
                return Found(True, 0.75, s.start, s.end)
            # "bear their own costs of any arbitration", "shall not charge CUTANEA for time and
            # expenses incurred ... in connection with an Annual Audit": no billable expenses
            if not _DISPUTE_COSTS.search(s.text) and not _LEGAL_COSTS.search(s.text):
                negative = negative or Found(False, 0.7, s.start, s.end)
            continue
        if (
            _EXPENSE_POSITIVE.search(s.text)
            and not re.search(
                r"not\s+obligated\s+to\s+reimburse|reimburse\s+(?:the\s+)?(?:Company|Client|Customer|Government)\s+for",
                s.text,
                re.I,
            )
            and not re.search(r"\bnot\b[^.;]{0,30}reimburs", s.text, re.I)
            and not _LEGAL_COSTS.search(s.text)
        ):
            return Found(True, 0.85, s.start, s.end)
        if s.mentions("pay", "bear") and not _LEGAL_COSTS.search(s.text):
            payers = _payers(sentences) if payers is None else payers
            if payers and _payer_pays_expenses(s.text, payers):
                return Found(True, 0.75, s.start, s.end)
    # A paragraph that is about reimbursement and lists travel/expenses among the costs.
    for p_start, p_end in doc.paragraphs:
        if forms and inside(forms, p_start):
            continue
        chunk = doc.text[p_start:p_end]
        if (
            re.search(r"reimburs", chunk, re.I)
            and re.search(r"travel|expenses", chunk, re.I)
            and not _EXPENSE_NEGATIVE.search(chunk)
            and not _LEGAL_COSTS.search(chunk)
            and not re.search(r"\bnot\b[^.;]{0,30}reimburs", chunk, re.I)
        ):
            hit = re.search(r"[^.]*\b(?:travel|expenses)\b[^.]*\.?", chunk, re.I)
            if hit and not re.search(
                r"not\s+obligated|reimburse\s+(?:the\s+)?(?:Company|Client|Customer|Government)",
                chunk,
                re.I,
            ):
                return Found(True, 0.6, p_start + hit.start(), p_start + hit.end())
    return negative
