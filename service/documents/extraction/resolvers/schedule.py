"""invoice_frequency and milestones (milestone schedules and payments on deliverables).

A frequency word counts only next to invoicing or paying words ("$18,000 per month" is a rate,
"monthly reports" are not a billing cycle); a milestone schedule needs at least two named
amounts or percentages in a paragraph about milestone payments.
"""

from __future__ import annotations

import re
from typing import Any

from service.documents.document import Document
from service.documents.extraction.dates import find_dates
from service.documents.extraction.durations import find_durations
from service.documents.extraction.frequency import find_frequencies
from service.documents.extraction.numbers import to_int_or_float
from service.documents.extraction.resolvers.amount_context import (
    LEADING_MARK,
    NON_FEE_MONEY,
    may_match,
)
from service.documents.extraction.resolvers.finders import (
    find_money,
    find_percentages,
    find_rates,
    lowered,
)
from service.documents.extraction.resolvers.sentences import (
    Found,
    Sentence,
    any_position_between,
    inside_quotes,
    word_positions,
)

_FREQUENCY_WORDS = (
    "month",
    "week",
    "quarter",
    "annual",
    "year",
    "advance",
    "milestone",
    "completion",
    "acceptance",
    "fortnight",
    "twice",
    "instal",  # "a tax invoice for each Instalment on ... its trigger event"
    "single invoice",  # "a single invoice for all Fixed Fees ... upon delivery of the Report"
    "each of the",  # "We will issue a tax invoice upon each of the events above"
    "invoice the deposit",  # "The Studio will invoice the deposit on the Signature Date"
    "invoice for the deposit",  # "a tax invoice for the Deposit ... a tax invoice for the balance"
    "date on which",  # "We will render our tax invoice on the date on which the Report is delivered"
    "occurrence of each",  # "a valid tax invoice ... on the occurrence of each invoicing event"
    "every second",  # "We will send you an account every second Friday"
    "every other",
    "alternate",
)


_SIDE_PAYMENT = re.compile(
    # ("Each calendar quarter the FTE Fees actually invoiced are reconciled against the FTE Fees
    # earned": a true-up of invoices raised on another cycle)
    r"\btermination\s+(?:payment|fee)s?\b|\breconcil(?:iation|ed)\b|\btrue[\s-]up\b"
    r"|\bafter\s+the\s+termination\s+date\b"
    r"|\b(?:after|following)\s+the\s+date\s+of\s+(?:termination|expiration)\b"  # a sell-off period
    r"|\brevenue[\s-]shar"  # "Revenue Sharing Fees: Quarterly payments": a share, not a bill
    r"|\brefund(?:ed|s)?\b",  # "Maintenance Fees paid in advance will be refunded"
    re.I,
)
_KEEPS_RECORDS = re.compile(
    r"\b(?:maintain|keep|retain)\b[^.;]{0,200}\b(?:books|records)\b[^.;]{0,80}\b(?:accounts|including)\b",
    re.I,
)


def _keeps_records(s: Sentence) -> bool:
    """A list of books and records to keep, not a billing term."""
    return s.mentions("records") and _KEEPS_RECORDS.search(s.text) is not None


_RATE_PERCENT_BEFORE = re.compile(r"(?:%|\bpercent)\s*\)?\s*$", re.I)
_AT_MOST_BEFORE = re.compile(r"\bnot\s+more\s+(?:frequently|often)\s+than\s*$", re.I)
# "Billing ... per Named User per month, invoiced annually in advance": the period of a price per
# unit, not the invoicing cycle
_PER_UNIT_PER_PERIOD = re.compile(
    r"\bper\s+(?:[\w-]+\s+){1,2}per\s+(?:calendar\s+)?(?:month|week|year|quarter)$", re.I
)
_CYCLES = ("weekly", "biweekly", "semimonthly", "monthly", "quarterly", "annually")
_CYCLE = r"(?:(?:semi|bi)-?\s?(?:monthly|weekly)|monthly|weekly|quarterly|annual(?:ly)?|yearly)"
_CYCLE_CHOICE = re.compile(rf"\b{_CYCLE}\b[^.;]{{0,60}}\bor\b[^.;]{{0,40}}\b{_CYCLE}", re.I)


# "Out-of-Scope Services will be billed on a time basis ... and invoiced monthly in arrears":
# the cycle of extra work, the billing cycle only where nothing else is invoiced
_EXTRA_WORK = re.compile(
    r"^\W*(?:[\d.]+\s+)?(?:(?:out[\s-]of[\s-]scope|additional|extra)\s+(?:services|work)\b[^.;]{0,30}\.\s+)?"
    r"(?:out[\s-]of[\s-]scope|additional|extra)\s+(?:services|work)\b",
    re.I,
)


def _is_extra_work(s: Sentence) -> bool:
    return s.mentions("scope", "additional", "extra") and _EXTRA_WORK.match(s.text) is not None


def resolve_invoice_frequency(
    sentences: list[Sentence], milestones: Found | None = None
) -> Found | None:
    """invoice_frequency: a frequency word in a sentence about invoicing or paying (sentences
    about extra or out-of-scope work only where the others state none)."""
    held: list[bool] = []  # whether a sentence about extra work was set aside
    # invoices raised "for each Billing Period" or "on the first day of the relevant Contract
    # Quarter", a period defined as fourteen days or three months: the most specific statement
    found = _defined_billing_period(sentences) or _invoice_frequency(sentences, held)
    if found is None and held:
        if milestones is not None:
            # the fee is paid in milestones and only extra work has a cycle of its own: the
            # invoices of the fee are raised on the milestones
            return Found("milestone", 0.6, milestones.start, milestones.end)
        found = _invoice_frequency(sentences, None)
    return found


# '"Billing Period" means each successive period of fourteen (14) calendar days' with "Consultant
# will issue one invoice for each Billing Period": the cycle is the defined period's length
_DEFINED_PERIOD = re.compile(
    r"[\"“](?P<name>(?:[A-Z][\w-]*\s+){0,2}(?:Period|Cycle|Quarter|Month|Year|Week))[\"”]\s+(?:means|shall\s+mean)\s+"
    r"(?:each|every)\s+(?:successive\s+|consecutive\s+)?(?:period|cycle)\s+of\s+(?P<length>[^.;,]{1,40}?)"
    r"(?=[.;,]|\s+(?:beginning|starting|commencing|from)\b)",
)
_CYCLE_OF_LENGTH = {
    ("day", 7): "weekly",
    ("day", 14): "biweekly",
    ("week", 1): "weekly",
    ("week", 2): "biweekly",
    ("month", 1): "monthly",
    ("month", 3): "quarterly",
    ("month", 12): "annually",
    ("year", 1): "annually",
}


def _defined_billing_period(sentences: list[Sentence]) -> Found | None:
    """The invoicing cycle of invoices raised "for each <defined period>", from the period's
    definition (a length of one or two weeks, fourteen days, or one, three or twelve months)."""
    for s in sentences:
        if not (s.mentions(" means") and s.mentions("period", "cycle")):
            continue
        definition = _DEFINED_PERIOD.search(s.text)
        if definition is None:
            continue
        length = definition.group("length")
        durations = find_durations(length)
        if durations:  # (fourteen business days is no fortnight)
            length_of = (durations[0].unit, int(durations[0].count))
            value = None if durations[0].business else _CYCLE_OF_LENGTH.get(length_of)
        else:
            value = "monthly" if re.fullmatch(r"(?:one\s+)?(?:calendar\s+)?month", length, re.I) else None
        if value is None:
            continue
        # ("will raise the invoice for each instalment on the first day of the relevant
        # Contract Quarter")
        each = re.compile(
            rf"\binvoic\w*\s+(?:[\w,]+\s+){{0,8}}?(?:for|in\s+respect\s+of|after|of|at\s+the\s+"
            rf"(?:start|end)\s+of)\s+(?:each|every|the\s+relevant)\s+{re.escape(definition.group('name'))}\b"
        )
        for t in sentences:
            # ("The Performance Bonus will be invoiced once, after the Annual Savings Statement
            # for the relevant Contract Year": one invoice of a bonus, not the cycle)
            if t.mentions("bonus", "once") or _SIDE_PAYMENT.search(t.text):
                continue
            if t.has("invoice") and each.search(t.text):
                return Found(value, 0.75, t.start, t.end)
    return None


def _invoice_frequency(sentences: list[Sentence], held: list[bool] | None) -> Found | None:
    """The cycle, setting sentences about extra work aside (noted in ``held``) unless it is
    None."""
    fallback: Found | None = None
    for s in sentences:
        if held is not None and _is_extra_work(s):
            held.append(True)
            continue
        if not s.mentions(*_FREQUENCY_WORDS):
            continue
        if not (
            s.has("invoice")
            # (may_match: the lowercased words the patterns need, tested before them)
            or (
                may_match(s.text, ("pay", "paid"))
                and re.search(r"\b(?:pay(?:ing)?|paid|payable)\b", s.text, re.I)
            )
            or (  # "Payments to HDI shall be due monthly"
                may_match(s.text, ("payment",))
                and re.search(r"\bpayments?\b", s.text, re.I)
                and re.search(r"\bdue\b", s.text, re.I)
            )
        ):
            continue
        if _SIDE_PAYMENT.search(s.text):
            continue  # a termination payment or a reconciliation is not the billing cycle
        if _keeps_records(s):
            continue  # "maintain ... books, records ...: weekly payroll journal, monthly bank statements"
        found = find_frequencies(s.text, s.start)
        cycles = {f.value for f in found if f.value in _CYCLES}
        if len(cycles) > 1 and _CYCLE_CHOICE.search(s.text):
            continue  # "12 monthly or 24 semi-monthly installments, at X's election": no one cycle
        # "monthly in advance" is a monthly cycle: a period word wins over "advance"
        found.sort(key=lambda f: f.value == "advance")
        for freq in found:
            if inside_quotes(s.text, 0, freq.start - s.start):
                continue  # part of a defined term ("Quarterly Volume Commitment")
            if _DEFINED_CHARGE_AFTER.match(s.text, freq.end - s.start):
                continue  # "the Monthly Site Charges": the name of a charge, not the cycle
            if _RATE_PERCENT_BEFORE.search(
                s.text, max(0, freq.start - s.start - 12), freq.start - s.start
            ):
                continue  # "interest at the rate of 1% per month": a rate per period, not a cycle
            if _PER_UNIT_PER_PERIOD.search(
                s.text, max(0, freq.start - s.start - 40), freq.end - s.start
            ):
                continue  # "per Named User per month, invoiced annually": a price unit
            if _AT_MOST_BEFORE.search(
                s.text, max(0, freq.start - s.start - 40), freq.start - s.start
            ):
                continue  # "invoices ... not more frequently than quarterly": a limit, not the cycle
            local = s.text[max(0, freq.start - s.start - 30) : freq.end - s.start + 30]
            if re.match(
                r"\s*(?:and|or)?\s*(?:\w+\s+)?(?:status\s+|progress\s+)?reports?\b",
                s.text[freq.end - s.start :],
                re.I,
            ):
                continue  # "submission of monthly and quarterly reports"
            if (
                freq.value in ("monthly", "weekly", "annually", "quarterly")
                and re.search(
                    r"(?:per|a|each)\s+(?:calendar\s+)?(?:month|week|year|quarter)\s*$",
                    s.text[: freq.end - s.start],
                    re.I,
                )
                and find_rates(local)
            ):
                continue  # "$18,000 per month" is a rate, not a billing cycle
            due_day = re.match(r"(?:\d|first|last)", s.text[freq.start - s.start :], re.I)
            if (
                not due_day  # "fees by the 5th day of each month" is a payment cycle
                and re.search(
                    # ("Monthly Site Charges": a kind of charge, not a cycle)
                    r"(?:monthly|weekly|annual)\s+(?:consulting\s+|flat\s+|(?-i:[A-Z])\w+\s+)?"
                    r"(?:fee|rate|retainer|salary|burn|status|report|charge)",
                    local,
                    re.I,
                )
                and not re.search(r"invoice|statement", local, re.I)
                # ("The Annual Fee is billed annually in advance": the cycle the verb states)
                and not _BILLED_BEFORE.search(s.text, max(0, freq.start - s.start - 12), freq.start - s.start)
            ):
                continue
            if _NOT_ISSUED.search(s.text, max(0, freq.start - s.start - 50), freq.start - s.start):
                continue  # "Consultant will not issue interim or monthly invoices"
            if freq.value == "advance" and _NO_ADVANCE.search(
                s.text, max(0, freq.start - s.start - 40), freq.start - s.start
            ):
                continue  # "No fees are invoiced in advance of a Run"
            if freq.value == "advance" and not re.search(
                r"invoic\w*\s+(?:\w+\s+){0,3}in\s+advance|pa(?:id|yable)\s+(?:\w+\s+){0,3}in\s+advance",
                s.text,
                re.I,
            ):
                continue
            at = freq.start - s.start
            if s.expense_context() and _EXPENSES_INVOICED.search(
                s.text, 0 if at <= 160 else at - 60, at
            ):
                continue  # "Expenses are invoiced monthly in arrears": not the fees' cycle
            near = s.text[max(0, freq.start - s.start - 60) : freq.end - s.start + 60]
            if (
                not re.search(
                    # ("We will send you an account every month": a law firm's invoice)
                    r"invoic|statement|bill|pay|paid|send\s+you\s+an\s+account\b", near, re.I
                )
                and not (
                    _ON_A_BASIS.search(
                        s.text[max(0, freq.start - s.start - 6) : freq.end - s.start + 7]
                    )
                    and s.has("invoice")
                )
                # "Billing Frequency:   Subscription Fees ... - annually in advance", "Cordillera
                # will invoice (a) ...; (b) each subsequent Annual Subscription Fee ... annually":
                # a field label or an invoicing verb governs the whole line or list
                and not (
                    _INVOICING_LEAD.search(s.text, 0, freq.start - s.start)
                    # ("shall invoice the Company ... quarterly fees": a kind of fee, no cycle)
                    and not _FEE_NOUN_AFTER.match(s.text, freq.end - s.start)
                )
            ):
                continue  # the frequency must sit next to the invoicing/paying words
            if s.has("invoice") and s.mentions("invoic", "bill"):
                return Found(freq.value, 0.8, s.start, s.end)
            # a cycle of paying ("one-time fees, paid in advance") or of statements is kept only
            # if no sentence states an invoicing cycle ("billed after each month")
            fallback = fallback or Found(
                freq.value, 0.8 if s.has("invoice") else 0.6, s.start, s.end
            )
            break
    if held:  # the fallbacks read the sentences the loop kept, too
        sentences = [s for s in sentences if not _is_extra_work(s)]
    if fallback is None:
        fallback = _milestone_invoicing(sentences)
    if fallback is not None and fallback.confidence < 0.8 and _invoices_anything(sentences):
        # A paying cycle without any invoice ("pay within fifteen days after the end of each
        # month") stands in for the billing cycle only in a contract that invoices nothing (a
        # remittance or self-billing deal, like Sykes in the shared gold); where the contract
        # does invoice, paying on dates is not its invoicing cycle (the later gold batches),
        # though invoices raised on milestones may be
        return _milestone_invoicing(sentences)
    return fallback


_BILLED_BEFORE = re.compile(r"\b(?:billed|invoiced|payable)\s+$", re.I)
_INVOICING_LEAD = re.compile(
    r"^\s*(?:billing|invoic\w*)\s+(?:frequency|cycle|schedule|period)\s*:"
    r"|\b(?:will|shall)\s+(?:invoice|bill)\s+(?:\(a\)|the\b)",
    re.I,
)
_DEFINED_CHARGE_AFTER = re.compile(r"(?-i:\s+(?:[A-Z][a-z]+\s+){0,2}(?:Charges?|Fees?))\b")
_NOT_ISSUED = re.compile(
    r"\b(?:will|shall|does|do|may)\s+not\s+(?:issue|send|render|submit|raise)\b[^.;]{0,30}$", re.I
)
_NO_ADVANCE = re.compile(r"\b(?:no|not|never)\b[^.;]{0,40}$", re.I)
_FEE_NOUN_AFTER = re.compile(r"\s+(?:fees?|charges?|payments?|amounts?)\b", re.I)
# "Expenses are invoiced monthly in arrears", "travel costs will be billed": how expenses are
# invoiced, right before the frequency
_EXPENSES_INVOICED = re.compile(
    r"\b(?:expenses|disbursements|travel(?:\s+costs)?|out[\s-]of[\s-]pocket\s+costs)\s+"
    r"(?:are|is|will\s+be|shall\s+be|may\s+be)\s+(?:invoiced|billed|charged)\s+(?:\w+\s+)?$"
    # "Disbursements may be invoiced together with any stage invoice or, where no stage invoice
    # is due, quarterly"
    r"|^\W*(?:expenses|disbursements)\s+(?:are|is|will\s+be|shall\s+be|may\s+be)\s+(?:invoiced|billed)\b"
    r"[^.;]{0,100}$",
    re.I,
)


# "Following each payment event the Consultant shall submit an invoice", "We issue each invoice
# when the milestone is reached", "The Consultant will invoice each instalment on or after the
# event that triggers it", "may submit an invoice for a Deliverable only after ... acceptance":
# invoices raised on milestones, without a word naming the cycle
_EVENT_NOUN = (
    r"(?:billing\s+|payment\s+)?(?:milestones?|instal+ments?|stages?(?:\s+payments?)?|deliverables?"
    r"|payment\s+events?|sprints?|phases?|tasks?)"  # "will invoice the Sprint Fee for each Sprint at its end"
)
_MILESTONE_INVOICING = re.compile(
    rf"\binvoic\w*\b[^.;]{{0,80}}?\b(?:each|every|a|the|that|relevant)\s+{_EVENT_NOUN}\b"
    # "will be invoiced in two instalments, each upon achievement of the corresponding milestone"
    rf"|\binvoic\w*\b[^.;]{{0,80}}?\b(?:upon|on|after)\s+(?:the\s+)?(?:achievement|completion|acceptance)"
    rf"\s+of\s+the\s+(?:corresponding|relevant|applicable)\s+{_EVENT_NOUN}\b"
    rf"|\b(?:each|every|following\s+each|upon\s+(?:the\s+)?(?:completion|occurrence|achievement)\s+of\s+each)"
    rf"\s+{_EVENT_NOUN}\b[^.;]{{0,80}}?\binvoic",
    re.I,
)


# "acceptance of the Deliverables does not condition the invoicing ... of the Instalments ...,
# which fall due on the dates stated there": instalments on dates, not on milestones
_DATED_INSTALMENTS = re.compile(
    r"\bnot\s+condition|\bon\s+the\s+dates\b|\bfall\s+due\s+on\b|\b(?:instal+ment|payment)\s+dates?\b",
    re.I,
)


def _milestone_invoicing(sentences: list[Sentence]) -> Found | None:
    """invoice_frequency "milestone" where invoices are raised on milestones, instalments, stages
    or deliverables (a fallback: a stated cycle wins)."""
    for s in sentences:
        if (
            s.mentions("invoic")
            and s.mentions(
                "milestone",
                "instal",
                "stage",
                "deliverable",
                "payment event",
                "sprint",
                "phase",
                "task",
            )
            and _MILESTONE_INVOICING.search(s.text)
            and not _DATED_INSTALMENTS.search(s.text)
        ):
            return Found("milestone", 0.8, s.start, s.end)
    return None


def _invoices_anything(sentences: list[Sentence]) -> bool:
    """Whether any sentence invoices or bills (the suppliers' invoices in a list of books and
    records to keep are no invoicing between the parties)."""
    return any(
        s.mentions("invoic", "bill")
        and s.has("invoice")
        and not _keeps_records(s)
        for s in sentences
    )


# "will provide Client with an invoice for <a long list of services> on a monthly basis": the
# adverbial "on a ... basis" qualifies the sentence's invoicing verb however far away it is
_ON_A_BASIS = re.compile(r"\bon\s+an?\s+\w+\s+basis\b", re.I)

_MILESTONE = re.compile("milestone", re.I)
_PAYMENT_WORDS = ("payment", "invoice", "fee", "paid", "payable")
_PAYMENT_CONTEXT = re.compile("|".join(_PAYMENT_WORDS), re.I)
_NOT_MILESTONE_LINE = re.compile(r"total|not\s+to\s+exceed|travel|expense", re.I)
_NOT_MILESTONE_LINE_WORDS = ("total", "exceed", "travel", "expense")  # one is in every match
_NOT_MILESTONE_PERCENT = re.compile(r"interest|late|discount|retain", re.I)
_NOT_MILESTONE_PERCENT_WORDS = ("interest", "late", "discount", "retain")


def resolve_milestones(doc: Document) -> Found | None:
    """milestones: named payment events with an amount or percentage, in a milestone section."""
    text = doc.text
    items: list[dict[str, Any]] = []
    first: tuple[int, int] | None = None
    aligned = len(lowered(text)) == len(text)
    lower = lowered(text) if aligned else text
    marks = word_positions(lower, ("milestone",))
    if not marks:
        return None
    for p_start, p_end in doc.paragraphs:
        if not any_position_between(marks, max(0, p_start - 600), p_end):
            continue
        context = text[max(0, p_start - 600) : p_end]
        # the lowercased text answers most paragraphs at C speed; the case-insensitive patterns
        # (which also match a few non-ASCII case variants) decide the rest
        lower_context = lower[max(0, p_start - 600) : p_end] if aligned else ""
        if not ("milestone" in lower_context or _MILESTONE.search(context)) or not (
            any(map(lower_context.__contains__, _PAYMENT_WORDS)) or _PAYMENT_CONTEXT.search(context)
        ):
            continue
        # a line counts only if it, or the text just around the paragraph's start, says
        # "milestone" (tested before the amounts are looked for)
        near_start = (aligned and "milestone" in lower[max(0, p_start - 600) : p_start + 200]) or (
            _MILESTONE.search(text[max(0, p_start - 600) : p_start + 200]) is not None
        )
        for line_match in re.finditer(r"[^\n]+", text[p_start:p_end]):
            line = line_match.group(0)
            l_start = p_start + line_match.start()
            # The case-insensitive patterns try every position of the line; each needs one of a
            # few words, which the lowercased line rules out at C speed (may_match).
            if may_match(line, _NOT_MILESTONE_LINE_WORDS) and _NOT_MILESTONE_LINE.search(line):
                continue
            if not near_start and not (may_match(line, ("milestone",)) and _MILESTONE.search(line)):
                continue
            monies = find_money(line)
            pcts = (
                []
                if may_match(line, _NOT_MILESTONE_PERCENT_WORDS)
                and _NOT_MILESTONE_PERCENT.search(line)
                else find_percentages(line)
            )
            if not monies and not pcts:
                continue
            cut = min([m.start for m in monies] + [p.start for p in pcts])
            name = re.split(r"\t|\s{3,}|\|", line[:cut].strip(" |\t"))[0]
            name = LEADING_MARK.sub("", name).strip(" :–-—,.|\t(")
            name = re.sub(r"\s*(?:[-–—:,]|\bof\b|\bupon\b)\s*$", "", name).strip()
            if (
                not name
                or len(name) > 80
                or re.search(r"\b(?:shall|will|must|agrees?|pay|make|shares?)\b", name, re.I)
            ):
                continue
            item = {
                "name": name,
                "amount": to_int_or_float(monies[0].amount) if monies else None,
                "percent": to_int_or_float(pcts[0].value) if pcts else None,
            }
            items.append(item)
            first = first or (l_start, l_start + len(line))
    if len(items) < 2 or first is None:  # one amount near the word "milestone" is not a schedule
        return None
    return Found(items, 0.7, first[0], first[1])


# "(b) $50,000 upon On2's acceptance of the Deliverables": a payment tied to accepting deliverables
_DELIVERABLE_EVENT = re.compile(
    r"\s*(?:shall\s+be\s+|will\s+be\s+)?(?:payable\s+|due\s+|paid\s+)?(?:upon|on|after)\s+"
    r"(?:the\s+)?(?P<name>(?:[\w.]+['’]s\s+)?(?:acceptance|delivery|completion)\s+of\s+"
    r"(?:the\s+|each\s+|all\s+)?(?:\w+\s+){0,2}?Deliverables?)\b",
)


def resolve_deliverable_payments(sentences: list[Sentence]) -> Found | None:
    """milestones: amounts paid on acceptance or delivery of named deliverables (no "milestone"
    section needed)."""
    items: list[dict[str, Any]] = []
    first: tuple[int, int] | None = None
    for s in sentences:
        if "Deliverable" not in s.text:
            continue
        for m in find_money(s.text, s.start):
            event = _DELIVERABLE_EVENT.match(s.text, m.end - s.start)
            if event is None or (s.non_fee_money() and NON_FEE_MONEY.search(event.group(0))):
                continue
            item = {
                "name": event.group("name"),
                "amount": to_int_or_float(m.amount),
                "percent": None,
            }
            if item not in items:
                items.append(item)
                first = first or (s.start, s.end)
    if not items or first is None:
        return None
    return Found(items, 0.6, first[0], first[1])


# "20% ($55,800.00) to be paid upon completion of Milestone #1", "$10,000 payable upon execution of
# this Agreement": an amount, optionally after its percentage, paid on a named project event
_SCHEDULED_EVENT = re.compile(
    # ("being R93 250.00 plus VAT, is payable as a deposit on signature of this Agreement",
    # "being R93 250.00 plus VAT, becomes due on Final Delivery")
    r"\s*\)?\s*(?:plus\s+(?:VAT|GST|HST|tax)\s*)?,?\s*"
    r"(?:(?:shall|will|is|are|to)\s+be\s+|is\s+|are\s+|becomes?\s+)?(?:paid|payable|due|invoiced)\s+"
    r"(?:as\s+(?:a|the)\s+(?:deposit|balance|retainer)\s+)?"
    r"(?:(?:up)?on|at|after)\s+(?P<name>(?:the\s+)?(?:\w+['’]s\s+)?(?:completion|achievement|"
    r"acceptance|delivery|approval|start|commencement|signing|signature|execution)\s+of\s+"
    r"[^.;,()\n]{1,60}?|(?-i:Final\s+[A-Z]\w+))(?=\s*(?:[.;,(\n]|and\b|$))",
    re.I,
)
# "a first Milestone Payment of five million United States dollars ($5,000,000 USD) upon FCE
# achieving Milestone 1": an amount paid when a numbered milestone is reached
_MILESTONE_ACHIEVED = re.compile(
    r"\s*\)?\s*,?\s*(?:(?:shall|will)\s+be\s+)?(?:paid\s+|payable\s+|due\s+)?(?:up)?on\s+"
    r"(?:the\s+)?(?:[\w.]+\s+)?(?:achiev\w*|complet\w*|attain\w*)(?:\s+of)?\s+(?:the\s+)?"
    r"(?P<name>Milestone\s+(?:#\s*|No\.\s*)?[\w-]+(?:\.\d+)*)",
    re.I,
)
# "fifty percent (50%) of the Fee, being $8,200.00, invoiced when we receive this Engagement Letter
# countersigned by you": an instalment invoiced when something happens
_WHEN_EVENT = re.compile(
    r"\s*,?\s*(?:(?:shall|will|is|are|to)\s+be\s+)?(?:paid|payable|due|invoiced|billed)\s+when\s+"
    r"(?P<name>[^.;,()\n]{1,80}?)(?=\s*(?:[.;,(\n]|and\b|$))",
    re.I,
)
_PERCENT_BEFORE = re.compile(
    r"(?P<pct>\d{1,3}(?:\.\d+)?)\s*%\s*(?:[A-Za-z]+\s*)?\(\s*$"
    # "fifty percent (50%) of the Fee, being $8,200.00"
    r"|(?P<pct2>\d{1,3}(?:\.\d+)?)\s*%\s*\)?\s*(?:of\s+the\s+(?:\w+\s+)?(?:fees?|price|sum)\s*)?,?\s*"
    r"(?:being|i\.e\.,?|that\s+is,?)\s*$",
    re.I,
)  # "20% (" or "20% Deposit (" right before the amount


def resolve_payment_schedule(sentences: list[Sentence]) -> Found | None:
    """milestones: a schedule of at least two amounts paid on named project events (start,
    completion of a milestone, acceptance, signing), written as prose rather than as a table."""
    items: list[dict[str, Any]] = []
    first: tuple[int, int] | None = None
    for s in sentences:
        if not s.currency or not s.mentions("paid", "payable", "due", "invoiced", "milestone"):
            continue
        for m in find_money(s.text, s.start):
            event = (
                _SCHEDULED_EVENT.match(s.text, m.end - s.start)
                or (
                    _MILESTONE_ACHIEVED.match(s.text, m.end - s.start)
                    if "ilestone" in s.text
                    else None
                )
                or (_WHEN_EVENT.match(s.text, m.end - s.start) if " when " in s.text else None)
            )
            if event is None or (s.non_fee_money() and NON_FEE_MONEY.search(event.group(0))):
                continue
            lead = s.text[max(0, m.start - s.start - 40) : m.start - s.start]
            pct = _PERCENT_BEFORE.search(lead)
            share = pct and (pct.group("pct") or pct.group("pct2"))
            items.append(
                {
                    "name": re.sub(r"\s+", " ", event.group("name")).strip(),
                    "amount": to_int_or_float(m.amount),
                    "percent": to_int_or_float(float(share)) if share else None,
                }
            )
            first = first or (s.start, s.end)
    if len(items) < 2 or first is None:  # one payment on an event is not a schedule
        return None
    return Found(items, 0.6, first[0], first[1])


# A payment table flattened column by column into rows of text: "Payment ($000) $1,000 $1,000
# $1,000 Payment Due Date May 1, 2016 September 1, 2016 January 1, 2017" (one column per payment).
# The amounts row is paired with the due-date row that follows it, column by column.
_COLUMNAR_PAYMENTS = re.compile(
    r"\bPayments?\s*(?:\(\s*(?P<scale>\$\s?000s?|in\s+thousands)\s*\)\s*)?"
    r"(?P<amounts>(?:\$\s?\d[\d,]*(?:\.\d+)?\s+){1,11}\$\s?\d[\d,]*(?:\.\d+)?)\s+"
    r"(?:Payment\s+)?Due\s+Dates?\s+",
    re.I,
)


def _columnar_matches(text: str) -> list[re.Match[str]]:
    """_COLUMNAR_PAYMENTS matches, tried only where the word "payment" starts (what finditer over
    the whole text finds, without trying the case-insensitive pattern at every position)."""
    lower = lowered(text)
    if len(lower) != len(text):
        return list(_COLUMNAR_PAYMENTS.finditer(text))
    matches: list[re.Match[str]] = []
    end = 0
    for at in word_positions(lower, ("payment",)):
        if at < end or (at and (text[at - 1].isalnum() or text[at - 1] == "_")):
            continue
        match = _COLUMNAR_PAYMENTS.match(text, at)
        if match:
            matches.append(match)
            end = match.end()
    return matches


def resolve_columnar_schedule(doc: Document) -> Found | None:
    """milestones: payments of a table flattened into an amounts row and a due-date row (at
    least two columns in all); each payment is named by its due date."""
    text = doc.text
    if "due date" not in lowered(text):
        return None
    items: list[dict[str, Any]] = []
    first: tuple[int, int] | None = None
    for match in _columnar_matches(text):
        amounts = find_money(match.group("amounts"))
        dates = find_dates(text[match.end() : match.end() + 60 * len(amounts)], match.end())
        if len(dates) < len(amounts):
            continue  # the two rows do not line up column by column
        scale = 1000 if match.group("scale") else 1
        for money, date in zip(amounts, dates, strict=False):
            items.append(
                {
                    "name": f"Payment due {text[date.start : date.end]}",
                    "amount": to_int_or_float(money.amount * scale),
                    "percent": None,
                }
            )
        if first is None:
            first = (match.start(), dates[len(amounts) - 1].end)
    if len(items) < 2 or first is None:
        return None
    return Found(items, 0.6, first[0], first[1])
