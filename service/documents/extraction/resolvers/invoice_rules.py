"""retainage_percent and po_required: what is withheld from invoices and what they must carry.

Retainage is a percentage retained or withheld from each invoice or payment (not tax
withholding or a fee split); a purchase order is required when invoices must include or
reference an order number near a PO term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from service.documents.document import Document
from service.documents.extraction.numbers import to_int_or_float
from service.documents.extraction.resolvers.amount_context import may_match
from service.documents.extraction.resolvers.finders import (
    find_percentages,
    lowered,
)
from service.documents.extraction.resolvers.sentences import (
    Found,
    Sentence,
    word_positions,
)


def resolve_retainage(sentences: list[Sentence]) -> Found | None:
    """retainage_percent: "retain 10% of each invoice", "retainage of 5%"."""
    for s in sentences:
        if not s.mentions("retain", "retention", "hold"):
            continue
        # (may_match: the lowercased words each pattern needs, tested before the pattern)
        if may_match(s.text, ("tax", "employee", "revenue", "share")) and re.search(
            r"\btax(?!\s+invoice)|employee|revenue|share\s+fees", s.text, re.I
        ):
            continue  # tax withholding, retained employees, fee splits are not retainage
        if s.mentions("contract for construction", "construction contract", "applications for payment"):
            continue  # the builder's retainage the architect certifies, not this contract's
        named = may_match(s.text, ("retainage", "holdback", "hold")) and re.search(
            r"retainage|holdback|hold\s*back", s.text, re.I
        )
        for pct in find_percentages(s.text, s.start):
            local = s.text[max(0, pct.start - s.start - 60) : pct.end - s.start + 60]
            if named or re.search(
                # ("Warranty Retention  10% of each Milestone Payment", "withhold from each
                # Milestone Payment an amount equal to ten per cent (10%) of that Milestone Payment")
                # ("You may withhold, as retention, five per cent (5%) of the amount of each")
                # (not "the Retainer Fee for each miss, up to a maximum of 15%")
                r"(?:retain(?!er)|reten|withh[eo]ld)\w*,?\s+(?:[\w,]+\s+){0,9}?\(?"
                + re.escape(s.text[pct.start - s.start : pct.end - s.start])
                # ("retain ten per cent (10%) of the Charges shown on each invoice")
                + r"\)?\s+(?:of|from)\s+(?:each|every|all|the|any|that)\s+(?:\w+\s+)?(?:invoice|payment|amount|fee|charge)",
                local,
                re.I,
            ):
                return Found(to_int_or_float(pct.value), 0.8, s.start, s.end)
    return None


_PO_TERM = re.compile(
    r"purchase\s+order|\bP\.?O\.?\s+(?:number|no\.?|#)|\border\s+(?:id\s+)?(?:number|no\.?)|"
    r"client\s+order\s+id|contract/order\s+number|order\s+ID",
    re.I,
)
_INVOICE_MUST = re.compile(
    # (the lookahead on the alternatives' first letters lets the engine skip other positions)
    r"(?=[ieacrsbm])(?:"
    r"invoices?\b[^.]{0,120}\b(?:shall|must|will)\s*:?\s+(?:\w+\s+|\(\w\)\s+){0,3}"
    r"(?:include|contain|reference|show|state|cite|bear|quote)"
    # "requires that every invoice show the Caldera purchase order number"
    r"|\b(?:each|every|all)\s+invoices?\s+(?:to\s+)?(?:show|quote|include|reference|state|cite|bear)s?\b"
    r"|(?:include|contain|reference|show|state|cite|bear)\w*\s+(?:\w+\s+){0,4}(?:on|in)\s+(?:each|every|all|the)\s+invoices?"
    r"|must\s+be\s+included\s+on\s+(?:each|every|all)\s+invoices?"
    r"|contents?\s+of\s+(?:the\s+|an\s+)?invoices?|invoices?\s+as\s+specified\s+in"
    # "A purchase order number is required on all invoices"
    r"|\brequired\s+on\s+(?:each|every|all|the|our|your|its)?\s*invoices?\b"
    # "invoices that do not cite both numbers will be returned unpaid"
    r"|invoices?\s+(?:that|which)\s+(?:do|does)\s+not\s+(?:include|contain|reference|show|state|cite|"
    r"bear|quote)\b[^.]{0,90}\b(?:returned|rejected|unpaid|not\s+be\s+(?:paid|processed))"
    # "an invoice must: (a) be a valid tax invoice ...; (b) quote the ... Purchase Order number",
    # "An invoice is a Correctly Rendered Invoice if: ... (b) it quotes the ... purchase order
    # number": what the invoice carries is a lettered item of a list
    # ("A Correctly Rendered Invoice is an invoice that: ... (b) quotes the ... Purchase Order")
    r"|(?:invoices?\s+(?:must|shall|will)(?:\s+\w+){0,2}\s*:|invoices?\b[^.:]{0,60}\b(?:if|that)\s*:)"
    r"[^:]{0,300}?\(\w{1,3}\)\s+(?:it\s+)?(?:include|contain|reference|show|state|cite|bear|quote)s?\b)",
    re.I,
)


# "a purchase order is not required", "Our invoices do not need to quote a purchase order number"
_PO_NOT_NEEDED = re.compile(
    # ("is not required to pay an invoice that does not quote a valid purchase order number")
    # (but "not required to" do anything but quote or issue one is no statement about POs)
    r"\bnot\b[^.]{0,30}(?:required|necessary)"
    r"(?!\s+to\b(?!\s+(?:quote|include|reference|show|state|provide|issue|raise)\b))|\b(?:(?:do|does|will|shall)\s+not\s+need\s+to|need\s+not)\s+"
    r"(?:quote|include|reference|show|state|cite|bear|raise|issue|provide|send)\b|\bno\s+(?:purchase\s+order|PO)\b[^.]{0,20}"
    r"\b(?:is\s+)?(?:required|needed|necessary)"
    # "Noorderlicht does not require a purchase order number on invoices", "We do not need a
    # purchase order number on our invoices"
    r"|\b(?:does|do|will)\s+not\s+(?:require|need)\s+(?:a\s+|any\s+)?(?:purchase\s+order|PO)\b"
    # "procurement procedures do not require us to cite a purchase order number on our invoices",
    # "no purchase order will be issued for this Order and that none is required"
    r"|\b(?:does|do)\s+not\s+require\s+\w+\s+to\s+(?:cite|quote|include|reference|show|state)\b"
    r"|\bno\s+(?:purchase\s+order|PO)\s+will\s+be\s+issued\b",
    re.I,
)


def _invoice_must_matches(text: str, lower: str) -> Iterator[re.Match[str]]:
    """_INVOICE_MUST matches, searched only in windows around the word "invoic" (every match
    contains it), instead of running the costly pattern over the whole document; lazily, as
    the caller stops at the first useful one."""
    windows: list[tuple[int, int]] = []
    for hit in word_positions(lower, ("invoic",)):
        start, end = max(0, hit - 250), min(len(text), hit + 250)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    for start, end in windows:
        yield from _INVOICE_MUST.finditer(text, start, end)


def resolve_po_required(doc: Document) -> Found | None:
    """po_required: invoices must carry a purchase-order / order number."""
    text = doc.text
    lower = lowered(text) if len(lowered(text)) == len(text) else text
    for match in _invoice_must_matches(text, lower):
        window_start = max(0, match.start() - 1500)
        window_end = min(len(text), match.end() + 1500)
        sentence_po = _PO_TERM.search(
            text, max(0, match.start() - 200), min(len(text), match.end() + 200)
        )
        po = sentence_po or _PO_TERM.search(text, window_start, window_end)
        for mention in _PO_TERM.finditer(text, window_start, window_end) if po else ():
            if _PO_NOT_NEEDED.search(text[max(0, mention.start() - 60) : mention.end() + 80]):
                return Found(False, 0.7, mention.start(), mention.end())
        if po:
            start = min(match.start(), po.start())
            end = max(match.end(), po.end())
            sentence = doc.sentence_at(start)
            if sentence and sentence[0] <= start and end <= sentence[1]:
                start, end = sentence  # quote the whole sentence, not a fragment of it
            if end - start > 400:
                return Found(True, 0.7, po.start(), po.end())
            return Found(True, 0.85, start, end)
    if "urchase order" in text or "PO" in text:
        # searched only around the words each statement holds: the pattern is costly over a
        # whole document
        hits = (
            "not require",
            "not need",
            "not issue",
            "not operate",  # "does not operate a purchase order system"
            "without a purchase order",
            "required on",
            "order is required",
            "order is needed",  # "no purchase order is needed for us to invoice"
            "will be issued",  # "no purchase order will be issued for this Order"
            "order required",
        )
        for hit in word_positions(lower, hits):
            stated = _NO_PO_ON_INVOICES.search(text, max(0, hit - 60), hit + 160)
            if stated:
                return Found(False, 0.7, stated.start(), stated.end())
    return None


# "Noorderlicht does not require a purchase order number on invoices": stated without any rule of
# what invoices must carry
_NO_PO_ON_INVOICES = re.compile(
    # "No purchase order is required for invoicing under this Offer", "Customer is not required to
    # issue a purchase order", "Purchase order required:      No"
    r"\bno\s+(?:separate\s+|further\s+)?(?:purchase\s+order|PO)(?:\s+number)?\s+is\s+(?:required|needed|necessary)\b"
    # "a purchase order is not required for this assignment"
    r"|\b(?:purchase\s+order|PO)(?:\s+number)?\s+is\s+not\s+(?:required|needed|necessary)\b"
    r"|\bnot\s+required\s+to\s+(?:issue|raise|provide)\s+(?:a\s+|any\s+)?(?:purchase\s+order|PO)\b"
    r"|\bpurchase\s+order\s+required\s*[:|]?\s+no\b|"
    r"\b(?:does|do|will)\s+not\s+(?:require|need)\s+(?:a\s+|any\s+)?(?:purchase\s+order|PO)(?:\s+number)?\s+"
    r"on\s+(?:its\s+|the\s+|our\s+|any\s+|your\s+)?invoices?\b"
    # "Invoices shall not require a purchase order number", "The Client has confirmed that it
    # does not issue purchase orders for the Services"
    r"|\binvoices?\s+(?:shall|will|do|does)\s+not\s+require\s+(?:a\s+|any\s+)?(?:purchase\s+order|PO)\b"
    # ("The Client does not issue separate purchase orders for call-offs")
    r"|\b(?:does|do)\s+not\s+issue\s+(?:any\s+)?(?:separate\s+)?(?:purchase\s+orders?|POs?)\b"
    r"|\bno\s+(?:purchase\s+order|PO)\s+will\s+be\s+issued\b"
    r"|\b(?:does|do)\s+not\s+require\s+\w+\s+to\s+(?:cite|quote|include|reference|show)\s+(?:a\s+|any\s+)?"
    r"(?:purchase\s+order|PO)\b"
    # "does not operate a purchase order system", "payable without a purchase order number"
    r"|\b(?:does|do)\s+not\s+operate\s+a\s+(?:purchase\s+order|PO)\b"
    r"|\bpayable\s+without\s+(?:a\s+)?(?:purchase\s+order|PO)\b"
    # "The Customer has confirmed that it does not require a purchase order for this Order Form"
    r"|\b(?:does|do)\s+not\s+require\s+(?:a\s+|any\s+)?(?:purchase\s+order|PO)\s+for\s+(?:this|the)\b"
    r"|\binvoices?\s+(?:do|does|will)\s+not\s+need\s+(?:to\s+)?(?:quote|show|include|reference)\s+"
    r"(?:a\s+|any\s+)?(?:purchase\s+order|PO)\b"
    # "A purchase order number is not required on our invoices", "No purchase order number is
    # required on our invoices for the Monthly Fees"
    r"|\b(?:no\s+(?:purchase\s+order|PO)(?:\s+(?:number|reference))?\s+is"
    r"|(?:purchase\s+order|PO)(?:\s+(?:number|reference))?\s+is\s+not)"
    r"\s+(?:required|needed|necessary)\s+(?:on|for)\s+(?:\w+\s+){0,2}invoices?\b",
    re.I,
)
