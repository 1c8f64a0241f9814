"""billing_models: time and materials, fixed fee, retainer, subscription, usage, milestone.

Read from the EntityRuler cue phrases, the units of the rates (hour/day: time and materials;
month/year: retainer, subscription or a flat fee, by who is paid and for what), amounts per
usage unit, and the contract value and milestones the other resolvers found.
"""

from __future__ import annotations

import re

from service.documents.document import Document
from service.documents.extraction.resolvers.amount_context import (
    EARLIER_WORK,
    EXPENSE_CONTEXT,
    MINIMUM_BEFORE,
    THRESHOLD_BEFORE,
)
from service.documents.extraction.resolvers.change_scope import (
    CHANGE_PRICED,
    CHANGE_SCOPE,
    ChangeScope,
)
from service.documents.extraction.resolvers.finders import (
    find_money,
    find_rates,
    lowered,
)
from service.documents.extraction.resolvers.sentences import (
    Found,
    Sentence,
)

_AVAILABILITY_FEE = re.compile(
    r"(?:fixed|flat)\s+(?:rate|fee|price)\s+(?:\w+\s+){0,3}?(?:without\s+regard\s+to|regardless\s+of)\s+"
    r"the\s+(?:actual\s+)?(?:number|volume|amount)\s+of\b",
    re.I,
)
_RECURRING_PERSON = re.compile(
    r"consult\w*|advis\w*|\bCEO\b|officer|director|available|retain\w*|\bhis\s|\bher\s"
    # a fee for keeping capacity ready: "Production Standby Fee: a fee of $45,000 per month"
    r"|stand[\s-]?by|on[\s-]call|availability",
    re.I,
)


_USAGE_UNIT = re.compile(
    r"\s*(?:(?:/\s*)?per\s+(?:email|transaction|message|api\s+call|call|record|request|page|"
    r"document|ticket|gb|gigabyte|unit|click|lead|sms|query|search|polic(?:y|ies)|claim|draft|"
    r"account|member|enrollee|participant|minute|gallon|barrel|drawing|image|photo(?:graph)?|"
    r"illustration|download|interview|survey|respondent|template|word|complete(?!\s+(?:month|year|week|day))"
    r"|invoices?\s+processed)\b"
    # "overages at $20 for each 1 G beyond 10": a price per quantity of data transferred or stored
    r"|(?:for\s+)?(?:each|every)\s+(?:additional\s+)?(?:\d+(?:\.\d+)?\s*)?"
    r"(?:g|gb|mb|tb|gigabytes?|megabytes?|terabytes?)\b)",
    re.I,
)
_PER_USER = re.compile(
    r"\s*(?:/\s*)?per\s+(?:additional\s+|named\s+|covered\s+|active\s+)?users?\b", re.I
)
# "professional indemnity insurance of not less than $10,000,000 per claim": an insurance limit
# per claim is cover the provider carries, not a price per use
_INSURANCE_LIMIT = re.compile(
    r"\b(?:insurance|indemnity|liability|coverage|limits?)\b(?![^.;]*\b(?:fees?|charges?|price)\b)",
    re.I,
)
# "Fees will be billed after each month, based on the Total Number of Videos Views for that
# month": a fee that follows a count of uses (not of hours or people) is usage-based
_VOLUME_BASED = re.compile(
    r"\b(?:fees?|charges?|price)\b[^.;]{0,80}\bbased\s+(?:up)?on\s+(?:the\s+)?(?:total\s+|actual\s+)?"
    r"(?:number|volume|quantity)\s+of\s+(?!(?:\w+\s+)?(?:hours?|days?|weeks?|months?|years?|"
    r"staff|personnel|employees?|persons?|people|users?|seats?|licen[cs]es?)\b)",
    re.I,
)
# "Fee rate per US$1million traded": a price per amount of money moved is usage-based
_PER_AMOUNT_MOVED = re.compile(
    r"\bper\s+(?:US)?\s?\$\s?\d[\d,.]*\s*(?:million|billion|thousand|mm?|bn|k)?\s+"
    r"(?:of\s+)?(?:\w+\s+){0,2}?(?:traded|transacted|processed|purchased|sold|collected|volume)\b",
    re.I,
)
_MOVED_WORDS = ("traded", "transacted", "processed", "purchased", "sold", "collected", "volume")
# "AML fees are charged per User per initial transaction": a fee per use without the amount
_CHARGED_PER_USE = re.compile(
    r"\b(?:fees?|charges?)\s+(?:are|is|will\s+be|shall\s+be)\s+(?:charged|assessed|billed|levied)\s+"
    r"per\s+(?:\w+\s+){0,4}?(?:transaction|email|message|api\s+call|record|request|page|document|"
    r"ticket|click|lead|query|search|claim|minute|gallon|barrel)s?\b",
    re.I,
)
# "you will pay a per-Ticket charge based on the Ticket's priority", "Charge per excess Ticket":
# a charge per use, named as such
_USE_UNIT = (
    r"(?:transaction|email|message|api\s+call|record|request|page|document|ticket|click|lead|"
    r"query|search|claim|minute|gallon|barrel|incident|interview|respondent|complete|"
    r"participant|delegate|attendee|learner|invoice\s+processed|invoices\s+processed|payslip|"
    r"endpoint|device|image|frame|assessment|inspection|valuation|template|word)s?"
)
# "Price per Invoice Processed", "Cost per Complete", "The Services are priced per Invoice
# Processed": a price per use, named as such
_PER_USE_CHARGE = re.compile(
    # (the lookahead on the alternatives' first letters lets the engine skip other positions)
    r"(?=[pucfb])(?:"
    # ("Per-Participant Day Fee", "a per-incident response fee": a word may sit between)
    rf"\bper[-\s](?:excess\s+|additional\s+)?{_USE_UNIT}\s+(?:[a-z]+\s+)?(?:charges?|fees?|prices?)\b"
    # "the Client shall pay the Consultant the applicable Unit Price for each Sheet Delivered":
    # a price per piece of work delivered
    # ("the unit price for each Xplore Product" of a purchase order is a product's price)
    r"|\bunit\s+prices?\s+for\s+(?:each|every)\s+(?!(?:\w+\s+)?(?:products?|goods|items?|units?)\b)"
    # "Annotation Services are priced per Accepted Item" (not "net cost per item")
    # ("Hire is charged per item for each Hire Week": equipment hired by the week)
    r"|\b(?:priced|charged|billed)\s+per\s+(?:accepted\s+|completed\s+|delivered\s+)?items?\b"
    r"(?!\s+(?:for\s+)?(?:each|every|per)\s+(?:hire\s+)?(?:day|week|month)s?\b)"
    rf"|\b(?:charges?|fees?|prices?|costs?|priced|charged|billed|calculated)\s+per\s+"
    r"(?:excess\s+|additional\s+|accepted\s+|completed\s+|delivered\s+|source\s+)?"
    rf"{_USE_UNIT}\b"
    # "The Fees for the Services are calculated per Processed Invoice"
    r"|\b(?:charges?|fees?|prices?|costs?|priced|charged|billed|calculated)\s+per\s+processed\s+"
    r"invoices?\b)",
    re.I,
)
# "In consideration of the LMG Services ..., TAG will reimburse LMG for the following items": the
# services are paid by reimbursing costs
_PAID_BY_REIMBURSEMENT = re.compile(
    r"\bin\s+consideration\s+(?:of|for)\b[^.;]{0,160}?\b(?:will|shall|agrees\s+to)\s+reimburse\b",
    re.I,
)
# "GALEN agrees to pay 50% of the reasonable costs for said study, such costs to be invoiced by
# LEO", "will pay to LEO US$5,000,000 to reimburse LEO for a portion of the actual development
# costs": the work is paid as (a share of) its actual costs
_COSTS_PAID = re.compile(
    r"\bpay\s+(?:\d{1,3}\s?%|all|the)\s+(?:of\s+)?(?:the\s+)?(?:reasonable\s+|actual\s+|documented\s+)*"
    r"costs?\b[^.;]{0,80}?\binvoic"
    r"|\b(?:to|will|shall)\s+reimburse\s+\w+\s+for\s+(?:a\s+portion\s+of\s+|all\s+of\s+|part\s+of\s+)?"
    r"(?:the\s+|its\s+)?"
    r"(?:actual|development|research|program|project)\s+(?:development\s+)?costs\b"
    # "shall each render invoices to the CBP for any O&M Costs incurred", "render invoices to the
    # CBP for the cost of items directly incurred by them": the work is billed as its costs
    r"|\b(?:render|submit|issue|send)\s+(?:\w+\s+){0,2}?(?:invoices?|bills?)\s+(?:to\s+(?:the\s+)?\w+\s+)?"
    r"for\s+(?:the\s+|any\s+|all\s+)?(?:[\w&]+\s+){0,2}?costs?\s+(?:of\s+(?:\w+\s+){1,2})?"
    r"(?:directly\s+|actually\s+)?incurred\b"
    # "Third-party production costs ... are billed at Agency's actual cost, without mark-up":
    # the costs are passed through at cost
    r"|\b(?:billed|charged|invoiced|re-?billed|passed\s+through)\s+(?:to\s+\w+\s+)?at\s+"
    r"(?:(?:the\s+)?\w+(?:'s|’s)\s+)?(?:actual|net|direct)\s+costs?\b",
    re.I,
)
_DIRECT_COSTS_REIMBURSED = re.compile(
    r"\b(?:other\s+)?direct\s+costs\b[^.;]{0,40}\b(?:shall|will|are)\s+(?:be\s+)?reimbursed\b", re.I
)
# a hosting fee pays for infrastructure, not for someone's availability: never a retainer
_HOSTING_FEE = re.compile(r"\bhosting\b", re.I)
_BLANK_UNIT_PRICE = re.compile(
    r"\b(?:fee|charge|price|rate)s?\s+of\s+(?:\$|USD|US\$)\s*_{2,}" + _USAGE_UNIT.pattern, re.I
)


# "milestone" is a project-planning word: it names a billing model only in a sentence about money
_MILESTONE_PAYMENT = re.compile(r"pa(?:y|id)|invoic|bill|fee|price|\$|%|amount|compensat", re.I)
_EQUITY_PAYMENT = re.compile(r"\bshares\b|\bcommon\s+stock\b|\bwarrants?\s+to\s+purchase\b", re.I)
_INTEREST_OR_LATE = re.compile(r"interest|late", re.I)
_RECURRING_FEE_WORD = re.compile(r"fee|rate|retainer|compensat|pay", re.I)
# "licen" of a licence fee, not of the party names "Licensee" / "Licensor" ("the Licensee shall
# pay the Licensor $2,500 per month for such Technical Support Services" is no licence fee)
_SUBSCRIPTION = re.compile(r"subscri|licen[cs](?!ee|or)", re.I)
# "a fee of $X", 'a one-time up-front fee ("Exclusivity and Technology Access Fee") of $X'
_FEE_OF_BEFORE = re.compile(r"\bfee\s+(?:\([^()]{1,60}\)\s+)?of\s*$", re.I)
# "late fee of", "monthly fee of", "an estimated Professional Fee of R1 000 000": no flat price;
# nor a floor under prices per use ("the Minimum Order Fee of ¥25,000") or a charge for an event
# ("a reconnection fee of $95.00 + GST will apply", "a cancellation fee of")
_NOT_FLAT_FEE = re.compile(
    r"late|interest|monthly|annual|per\s|estimated|approximate|minimum|reconnect|cancell|reinstat",
    re.I,
)
_RECHARGED = re.compile(r"\brecharge[sd]?\b", re.I)  # (not "Non-Rechargeable Products")
_ESTIMATED_BEFORE = re.compile(r"\bestimates?\b[^.;]{0,50}\b(?:at|be)\s+(?:approximately\s+)?$", re.I)
_RECURRING_FEE = re.compile(
    # ("Minimum Monthly Fee": a floor under prices per use, not a flat fee)
    r"\b(?<!minimum\s)(?:monthly|annual|quarterly)\s+(?:hosting\s+|service\s+|maintenance\s+|support\s+)?"
    r"(?:fee|charge)\b(?!\s+(?:cap|ceiling|limit))",  # ("Monthly Fee Cap": a ceiling)
    re.I,
)


# In the opening of the document only words that name a person engaged for advice count:
# "available" (hosting "24/7 available") and "Officer" ("Contracting Officer", signature blocks)
# appear in the headers of hosting agreements and federal orders whose monthly fees are no
# retainers.
_HEADER_PERSON = re.compile(r"consult\w*|advis\w*|\bCEO\b|director|retain\w*|\bhis\s|\bher\s", re.I)


# "CONTENT LICENSE AGREEMENT": a yearly fee under a licence agreement is a licence fee
# (not a fee for services, support or maintenance under it: "pay the Licensor $2,500 per month for
# such Technical Support Services")
_LICENCE_TITLE = re.compile(r"\blicen[cs]e\s+(?:and\s+\w+\s+)?agreement\b", re.I)
_SERVICE_WORD = re.compile(r"\bservices?\b|\bsupport|\bmaintenance\b", re.I)


# "Additional Services are charged on a time and material basis": named so, the model stands
# even where only extra work is priced
_NAMED_TIME_AND_MATERIALS = re.compile(r"material|t&m", re.I)
# "a fixed fee of R$ 38.500,00 (...) per month": a recurring rate, not a fixed fee
_RECURRING_AFTER = re.compile(
    r"\s+of\s+(?:[^.;]|\.(?=\d)){0,90}?\bper\s+(?:calendar\s+)?(?:month|year|annum|quarter|week)\b",
    re.I,
)
_COST_PLUS_FIXED_FEE = re.compile(
    r"\bcost[\s-]+(?:reimburse\w*|plus)\b[\w\s-]{0,20}?\b(?:plus|with)\s+(?:an?\s+)?fixed[\s-]+fee"
    r"|\bcost[\s-]+plus[\s-]+(?:a[\s-]+)?fixed[\s-]+fee",
    re.I,
)
_COST_PLUS_BEFORE = re.compile(r"\bcosts?\b[\w\s-]{0,40}\bplus\s+(?:an?\s+)?$", re.I)
_SHARE_OF_COSTS_AFTER = re.compile(r"\s*\(\s*\d+(?:\.\d+)?\s*%\s+of\b", re.I)
_QUOTATION_AFTER = re.compile(r"\s+(?:quot(?:e|es|ation|ations)|proposals?)\b", re.I)
_BILL_AFTER = re.compile(r"\s+(?:bills?|invoices?)\b", re.I)
# "at a fixed price per minute", "a fixed fee per module": a unit price, not a fixed fee
# ("will charge a fixed price of £240.00 per request for up to five hundred (500) pages")
_UNIT_PRICE_AFTER = re.compile(
    r"\s*(?:per|/|for\s+each|each)\b"
    r"|\s+of\s+(?:[^.;\d]{0,12})?[\d.,]+\d\s*(?:\+\s*VAT\s*|plus\s+VAT\s*)?(?:per|for\s+each|each)\s+"
    r"(?!(?:calendar\s+)?(?:month|year|annum|quarter|week|hour|day)s?\b)",
    re.I,
)


def _retainer_total(contract: Found, text: str) -> bool:
    """Whether the contract value's sentence totals a retainer's fees."""
    return re.search(r"\bretainer\s+fees?\b", text[contract.start : contract.end], re.I) is not None


def _cost_plus_fixed_fee(text: str) -> bool:
    """Whether "cost reimbursement plus (a) fixed fee" or "cost-plus-fixed-fee" occurs: the
    pattern is tried only just before each "fixed fee" (found with str.find, at C speed)."""
    lower = lowered(text)
    if len(lower) != len(text):
        return _COST_PLUS_FIXED_FEE.search(text) is not None
    for word in ("fixed fee", "fixed-fee"):
        at = lower.find(word)
        while at != -1:
            if _COST_PLUS_FIXED_FEE.search(text, max(0, at - 60), at + len(word)):
                return True
            at = lower.find(word, at + 1)
    return False


def _retainer_is_deposit(text: str, memo: list[bool]) -> bool:
    """Whether a sentence says the retainer is held as security or applied to invoices: its
    phrases are found with str.find over the whole text, then "retainer" looked for nearby."""
    if not memo:
        lower = lowered(text)
        found = False
        for phrase in ("as security", "applied to our", "apply it against", "trust account"):
            at = lower.find(phrase)
            while at != -1 and not found:
                found = "retainer" in lower[max(0, at - 200) : at + 200]
                at = lower.find(phrase, at + 1)
        memo.append(found)
    return memo[0]


_CLOUD_PLATFORM = re.compile(r"\b(?:Azure|AWS|Amazon\s+Web\s+Services|Google\s+Cloud|GCP)\b")


def _cloud_accounts(text: str, memo: list[bool]) -> bool:
    """Whether the document names a public cloud, whose accounts are called subscriptions."""
    if not memo:
        memo.append(_CLOUD_PLATFORM.search(text) is not None)
    return memo[0]


def _header_person(header: str, memo: list[bool]) -> bool:
    if not memo:
        memo.append(_HEADER_PERSON.search(header) is not None)
    return memo[0]


def resolve_billing_models(
    doc: Document,
    sentences: list[Sentence],
    rates: Found | None,
    contract: Found | None,
    milestones: Found | None,
    header: str,
) -> Found | None:
    """billing_models from cue phrases, rate units and money shapes."""
    models: dict[str, tuple[float, int, int]] = {}

    def add(model: str, confidence: float, start: int, end: int) -> None:
        if model not in models or models[model][0] < confidence:
            models[model] = (confidence, start, end)

    # time and materials seen only where changes and extra work are priced: (confidence, start, end)
    change_only: dict[str, tuple[float, int, int]] = {}

    def add_unless_changes(model: str, confidence: float, s: Sentence, scoped: bool) -> None:
        """Add ``model``, or hold it back where the sentence prices only changes or extra work."""
        if scoped:
            if model not in change_only or change_only[model][0] < confidence:
                change_only[model] = (confidence, s.start, s.end)
        else:
            add(model, confidence, s.start, s.end)

    change_scoped = ChangeScope(doc)

    def add_time(confidence: float, s: Sentence) -> None:
        add_unless_changes("time_and_materials", confidence, s, change_scoped(s))

    def settled(model: str, confidence: float) -> bool:
        """Whether ``add(model, confidence, ...)`` could no longer change anything."""
        return model in models and models[model][0] >= confidence

    # "maintenance ... for the fixed rate without regard to the number of service requests": a
    # recurring fee for availability, i.e. a retainer
    availability = any("regard" in s.lower and _AVAILABILITY_FEE.search(s.text) for s in sentences)
    header_person: list[bool] = []  # whether the header names a consultant etc. (on first need)
    # "The Retainer will be held by us as security ... and applied to our final invoice": where
    # the document's Retainer is a deposit, every mention of it is ("... together with the
    # Retainer")
    retainer_deposit: list[bool] = []  # (on first need: most documents name no retainer)
    cloud_doc: list[bool] = []  # whether the document is about Azure, AWS or GCP (on first need)
    for s in sentences:
        for label, cue_id, cue_start, cue_end in s.cues:
            if label == "BILLING_MODEL":
                if cue_id == "subscription" and s.mentions(
                    "directly to",
                    "directly by",
                    "directly from",
                    "licensor directly",
                    "does not include",
                    "to the vendor",
                    "azure",
                    "aws",
                    "subscription/account",
                    "accounts and subscriptions",
                    "accounts or subscriptions",
                    "charged separately",
                    "in its own name",
                    "out of scope",  # "3.5 Out of scope: ... (e) Platform subscription licensing"
                    "client's subscription",  # "the Integration Hub included in the Client's
                    "customer's subscription",  # subscription": the client's own
                    "existing",  # "support ... provided under the Client's existing subscription"
                    "customer's responsibility",  # "device-cloud subscriptions ... are
                    "client's responsibility",  # Customer's responsibility and will be procured
                    "procured by",  # by Customer directly"
                ):
                    # "subscription and licence fees for the Platform are payable by the Client to
                    # the Vendor", "Your own software subscriptions ... are paid directly by you",
                    # "The Fixed Price does not include the licence, subscription or hosting fees",
                    # "14 Azure subscriptions", "accounts and subscriptions": someone else's, or
                    # cloud accounts
                    continue
                if (
                    cue_id == "subscription"
                    and (
                        s.text[cue_start - s.start : cue_end - s.start].lower() == "subscriptions"
                        or s.mentions("resource", "workload")
                    )
                    and _cloud_accounts(doc.text, cloud_doc)
                ):
                    # "monitoring of the subscriptions, workloads and resources listed in Annex
                    # 1", "Reader on all subscriptions" of a document about the client's Azure:
                    # the client's cloud accounts, not how the services are priced
                    continue
                if cue_id == "retainer" and _retainer_is_deposit(doc.text, retainer_deposit):
                    continue
                if cue_id == "retainer" and s.mentions(
                    "deposit",
                    "evergreen",
                    "trust account",
                    "advance retainer",
                    "apply it against",
                    "as security",  # "The Retainer will be held by us as security for ..."
                    "applied to our",  # "the Retainer will be applied to our final invoice"
                    "apply all or part of the retainer",
                    "on the retainer",  # "No interest is paid on the Retainer."
                    "for the retainer",  # "Wire instructions for the Retainer ..."
                ):
                    # "ADVANCE DEPOSIT (EVERGREEN RETAINER)": a lawyer's retainer is money held
                    # as security for invoices, not a fee for availability
                    continue
                if cue_id == "subscription" and s.mentions("imposed by"):
                    # "any subscription or submission charges imposed by the platform vendor"
                    continue
                if cue_id == "subscription" and (s.mentions("overhead") or s.expense_context()):
                    # "Office overheads, telephone, research database subscriptions ... are
                    # included in the Professional Fee": a cost of the provider's, not a model
                    continue
                if cue_id == "cost_reimbursement" and s.mentions(
                    "third-party",
                    "third party",
                    # "materials at cost plus 10%", "will charge their [subcontractors']
                    # invoices at cost plus 10%": what time-and-materials work passes on
                    "material",
                    "parts",
                    "skip",
                    "subcontractor",
                    "equipment",
                    "courier",  # "Overnight courier of checks ... is charged at actual cost"
                    "postage",
                    "shipping",
                ):
                    # "third-party costs approved in advance ..., at cost plus an administration
                    # fee": other people's costs passed through, not the fee model
                    continue
                if (
                    cue_id == "cost_reimbursement"
                    and s.mentions("variation", "change order", "change request", "additional")
                    and CHANGE_SCOPE.search(s.text)
                ):
                    # "Additional specialist sub-consultant work forming part of an approved
                    # Variation ... is to be charged at cost plus ten per cent": a change's price
                    add_unless_changes(cue_id, 0.85, s, True)
                    continue
                if (
                    cue_id == "cost_reimbursement"
                    and s.text.rstrip().endswith(":")
                    and EXPENSE_CONTEXT.search(doc.text, s.end, s.end + 300)
                ):
                    # "the Firm will reimburse the following costs at actual cost, without
                    # markup, supported by receipts:" over "- mileage ...; - parking and tolls":
                    # a list of expenses passed on at cost
                    continue
                if cue_id == "cost_reimbursement" and s.expense_context():
                    # "Reimbursable expenses are billed at our direct cost plus a ten percent
                    # (10%) handling markup": expenses passed on at cost, not the fee model
                    continue
                if cue_id == "usage" and s.mentions("third-party", "third party"):
                    # "Third-party production costs (including ... talent usage fees ...)":
                    # someone else's usage fees passed through, not this contract's pricing
                    continue
                if cue_id == "milestone" and (
                    not _MILESTONE_PAYMENT.search(s.text) or _EQUITY_PAYMENT.search(s.text)
                ):
                    # "See attached milestone schedule": a project plan, not pricing; "a milestone
                    # payment of 5,000 shares": equity, not a bill
                    continue
                if (
                    cue_id == "time_and_materials"
                    and s.mentions("change order", "change request", "variation")
                    and CHANGE_SCOPE.search(s.text)
                ):
                    # "Where a Change Order is priced on a time-and-materials basis, ...": the
                    # price of a change
                    add_unless_changes(cue_id, 0.85, s, True)
                    continue
                if cue_id == "time_and_materials" and not _NAMED_TIME_AND_MATERIALS.search(
                    s.text, cue_start - s.start, cue_end - s.start
                ):
                    add_time(0.85, s)  # "charged for the time spent", "billed hourly"
                    continue
                if cue_id == "fixed_fee":
                    if s.mentions("has ", "have ", "prior", "previous", "earlier") and (
                        EARLIER_WORK.search(s.text)
                    ):
                        continue  # the lump sum of work already done (a recital)
                    if _UNIT_PRICE_AFTER.match(s.text, cue_end - s.start):
                        continue  # "at a fixed price per minute": a unit price
                    if _BILL_AFTER.match(s.text, cue_end - s.start):
                        continue  # "a lump sum bill": an unitemised bill, not a fixed fee
                    if _COST_PLUS_BEFORE.search(
                        s.text, max(0, cue_start - s.start - 60), cue_start - s.start
                    ) or _SHARE_OF_COSTS_AFTER.match(s.text, cue_end - s.start):
                        continue  # "COST REIMBURSEMENT PLUS FIXED FEE", "Fixed Fee (8% of Fee
                        # Base)": the fee on top of reimbursed costs, part of cost-plus
                    if _QUOTATION_AFTER.match(s.text, cue_end - s.start):
                        continue  # "submit a separate fixed-price quotation": a future price
                    if s.mentions("default interest", "late payment", "fails to pay"):
                        continue  # "default interest ... and to the lump sum of 40,00 EUR
                        # pursuant to Section 288 (5) BGB": a statutory late-payment charge
                    if _RECURRING_AFTER.match(s.text, cue_end - s.start):
                        continue  # "a fixed fee of R$ 38.500,00 ... per month": a recurring rate
                    if s.mentions("waived"):
                        continue  # "The one-time transition fee ... has been waived"
                    lead = s.text[max(0, cue_start - s.start - 140) : cue_start - s.start]
                    if CHANGE_PRICED.search(lead) or (
                        s.mentions(
                            "change order",
                            "change request",
                            "outside the scope",
                            "out of scope",
                            # "Additional Services shall be charged ... at the hourly rates ...,
                            # or by a lump sum agreed in writing before the work begins"
                            "additional services",
                        )
                        and CHANGE_SCOPE.search(s.text)
                    ):
                        # "Projects outside the scope of Clause 4 shall be priced as a fixed fee
                        # stated in the relevant Change Order": the price of a change
                        add_unless_changes("fixed_fee", 0.85, s, True)
                        continue
                add(cue_id, 0.85, s.start, s.end)
        # a sentence without a currency marker holds no money and no rate
        found_rates = find_rates(s.text, s.start) if s.currency else []
        for rate in found_rates:
            # skip the context tests when whatever this rate could add is already settled
            if rate.unit in ("hour", "day"):
                if settled("time_and_materials", 0.8) or (
                    change_only.get("time_and_materials", (0.0,))[0] >= 0.8 and change_scoped(s)
                ):
                    continue  # (held back already: only a rate outside changes adds anything)
            elif rate.unit in ("week", "month", "year"):
                if (
                    settled("subscription", 0.7)
                    and settled("retainer", 0.7)
                    and settled("fixed_fee", 0.6)
                ):
                    continue
            else:
                continue  # no model follows from another unit
            local = s.text[max(0, rate.start - s.start - 80) : rate.end - s.start + 20]
            if (
                (s.non_fee_money() and not s.fee_cell(rate.money.start, rate.money.end))
                or EXPENSE_CONTEXT.search(local)
                or _INTEREST_OR_LATE.search(local)
                or MINIMUM_BEFORE.search(
                    s.text[max(0, rate.start - s.start - 60) : rate.start - s.start]
                )
                or THRESHOLD_BEFORE.search(
                    s.text[max(0, rate.start - s.start - 60) : rate.start - s.start]
                )
                # "Corbally estimates the Payslip charges at approximately €3,100 per month": an
                # estimate of what a price per use will add up to, not a recurring fee
                or _ESTIMATED_BEFORE.search(
                    s.text[max(0, rate.start - s.start - 60) : rate.start - s.start]
                )
                or s.illustrative()  # a worked example's amounts are hypothetical
            ):
                continue
            if rate.unit in ("hour", "day"):
                add_time(0.8, s)
            elif rate.unit in ("week", "month", "year") and _RECURRING_FEE_WORD.search(local):
                if _SUBSCRIPTION.search(local):
                    add("subscription", 0.7, s.start, s.end)
                elif (
                    _RECURRING_PERSON.search(s.text)
                    or _header_person(header, header_person)
                    or availability
                ) and not _HOSTING_FEE.search(local):
                    add("retainer", 0.7, s.start, s.end)
                elif _LICENCE_TITLE.search(header) and not _SERVICE_WORD.search(s.text):
                    add("subscription", 0.6, s.start, s.end)
                else:
                    add("fixed_fee", 0.6, s.start, s.end)
        if not settled("usage", 0.7) and s.mentions("based") and _VOLUME_BASED.search(s.text):
            add("usage", 0.7, s.start, s.end)
        lower = s.lower  # plain substring tests first: these run on every candidate sentence
        if (
            # "charged / assessed / billed / levied per ..." or "per US$1million traded"
            ("d per " in lower or (s.currency and ("per $" in lower or "per us" in lower)))
            and not settled("usage", 0.7)
            and (
                _CHARGED_PER_USE.search(s.text)
                or (s.mentions(*_MOVED_WORDS) and _PER_AMOUNT_MOVED.search(s.text))
            )
        ):
            add("usage", 0.7, s.start, s.end)
        if (
            ("per" in lower or "unit price" in lower)
            and not settled("usage", 0.7)
            and _PER_USE_CHARGE.search(s.text)
            and not s.mentions("insurance")
        ):
            add("usage", 0.7, s.start, s.end)
        if (
            "reimburse" in lower
            and "consideration" in lower
            and not settled("cost_reimbursement", 0.7)
            and _PAID_BY_REIMBURSEMENT.search(s.text)
        ):
            add("cost_reimbursement", 0.7, s.start, s.end)
        if (
            "cost" in lower
            and not settled("cost_reimbursement", 0.6)
            and _COSTS_PAID.search(s.text)
            and not s.expense_context()
            # ("Overnight courier of checks ... is charged at Provider's actual cost")
            and not s.mentions("courier", "postage", "shipping")
        ):
            add("cost_reimbursement", 0.6, s.start, s.end)
        if (
            "direct cost" in lower
            and not settled("cost_reimbursement", 0.8)
            and _DIRECT_COSTS_REIMBURSED.search(s.text)
        ):
            # "Travel, data collection, subcontract and other direct costs shall be reimbursed
            # at actual cost": the project's direct costs, not only travel, are reimbursed
            add("cost_reimbursement", 0.8, s.start, s.end)
        if not settled("usage", 0.6) and "_" in s.text and _BLANK_UNIT_PRICE.search(s.text):
            add("usage", 0.6, s.start, s.end)  # "a fee of $______ per gallon" (amount left blank)
        rate_starts = {r.money.start for r in found_rates}
        money_settled = settled("usage", 0.75) and settled("fixed_fee", 0.6)
        for m in find_money(s.text, s.start) if s.currency and not money_settled else ():
            if _USAGE_UNIT.match(s.text, m.end - s.start) or (
                # "Additional Covered User $135.00 per user per month": a price per user, unless
                # it is a subscription's or licence's ("per Named User per month" of a plan)
                _PER_USER.match(s.text, m.end - s.start) and not _SUBSCRIPTION.search(s.text)
            ):
                lead = s.text[max(0, m.start - s.start - 100) : m.start - s.start]
                if not s.illustrative() and not (
                    s.mentions("insurance", "indemnity", "liability", "coverage")
                    # ("the liability of the Contractor is limited to the typical, foreseeable
                    # damage and in any case to EUR 250.000,00 per claim": a wrapped, indented
                    # clause puts the word further back)
                    and _INSURANCE_LIMIT.search(s.text, max(0, m.start - s.start - 160), m.start - s.start)
                ) and not (
                    s.mentions("printing", "copying", "photocop", "postage", "at cost")
                    or (s.mentions("recharge") and _RECHARGED.search(s.text) is not None)
                    or s.expense_context()
                ):
                    # ("copying ... charged at $0.25 per page" is a disbursement, not the fees)
                    add("usage", 0.75, s.start, s.end)
            elif (
                m.start not in rate_starts
                and _FEE_OF_BEFORE.search(
                    s.text[max(0, m.start - s.start - 80) : m.start - s.start]
                )
                and not s.non_fee_money()
                and not s.expense_context()
                and not _NOT_FLAT_FEE.search(
                    s.text[max(0, m.start - s.start - 60) : m.end - s.start + 20]
                )
                and not s.illustrative()
                and not s.mentions("waived")
            ):
                add("fixed_fee", 0.6, s.start, s.end)
        if (
            not settled("fixed_fee", 0.5)
            and s.mentions("fee", "charge")
            and _RECURRING_FEE.search(s.text)
            and not find_rates(s.text)
            and not s.non_fee_money()
        ):
            add("fixed_fee", 0.5, s.start, s.end)  # a recurring flat fee stated without a rate
    if (
        contract is not None
        and "fixed_fee" not in models
        # a total of time and materials or of reimbursed costs is a budget, not a fixed fee
        and not settled("time_and_materials", 0.8)
        and not settled("cost_reimbursement", 0.8)
        # "Over the Initial Period the Retainer Fees amount to R816 000,00": the sum of a
        # retainer's monthly fees
        and not (settled("retainer", 0.7) and _retainer_total(contract, doc.text))
    ):
        add("fixed_fee", 0.7, contract.start, contract.end)
    if milestones is not None:
        add("milestone", 0.8, milestones.start, milestones.end)
    if "retainer" in models and "fixed_fee" in models and models["fixed_fee"][0] <= 0.6:
        del models["fixed_fee"]
    if "cost_reimbursement" in models and "fixed_fee" in models and _cost_plus_fixed_fee(doc.text):
        # "a cost-reimbursement contract with a fixed fee", "COST REIMBURSEMENT PLUS FIXED FEE":
        # the fixed fee is the contractor's fee on top of its costs, the model is cost-plus
        del models["fixed_fee"]
    if change_only and not models:
        for model, (confidence, start, end) in change_only.items():
            add(model, confidence, start, end)  # nothing else prices the work

    if not models:
        return None
    ordered = sorted(models.items(), key=lambda kv: kv[1][1])
    first = ordered[0][1]
    confidence = min(v[0] for _, v in ordered)
    return Found([k for k, _ in ordered], confidence, first[1], first[2])
