"""Resolve every ``billing_terms`` key of INTERFACES.md from a :class:`Document`, by context.

Pipeline: a cheap regex picks the sentences that can hold a billing term; only those go through
the spaCy pipeline (EntityRuler cues: billing models, invoice/late/ceiling/reimburse/PO words);
the regex normalizers parse amounts, durations, percentages, dates and rates; the resolvers below
decide what each value *means* from its neighbours ("within 30 days" after "invoice" is a payment
term, after "notice" it is not; a ceiling is not the contract value; a travel cap is not a fee
cap). Each value carries a confidence and evidence whose offsets slice the document text.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from service.documents.document import Document
from service.documents.extraction import dates as _dates
from service.documents.extraction import durations as _durations
from service.documents.extraction import money as _money
from service.documents.extraction import percentages as _percentages
from service.documents.extraction import rates as _rates
from service.documents.extraction.durations import find_discount_terms, find_net_terms
from service.documents.extraction.frequency import find_frequencies
from service.documents.extraction.money import Money
from service.documents.extraction.numbers import parse_number, to_int_or_float
from service.documents.extraction.patterns import CUE_PHRASE_WORDS, CUE_WORDS, get_extraction_nlp

_MEMO: dict[tuple[str, str, int], Any] = {}


def _memo(name: str, fn: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """Memoize a normalizer for the current document: resolvers revisit the same sentences."""

    def wrapper(text: str, offset: int = 0) -> list[Any]:
        key = (name, text, offset)
        if key not in _MEMO:
            _MEMO[key] = fn(text, offset)
        return list(_MEMO[key])

    return wrapper


CURRENCY_WORDS = (
    "$",
    "€",
    "£",
    "¥",
    "₹",
    "dollar",
    "euro",
    "pound",
    "franc",
    "yen",
    *(code.lower() for code in _money.ISO_CODES),
)
_NO_CURRENCY: set[tuple[int, str]] = set()  # (start, text) of sentences without currency


def _needs_currency(fn: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """Skip a money-based finder on a document sentence that has no currency marker at all."""

    def wrapper(text: str, offset: int = 0) -> list[Any]:
        if (offset, text) in _NO_CURRENCY:
            return []
        return fn(text, offset)

    return wrapper


def _needs_words(words: tuple[str, ...], fn: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """Skip a finder whose pattern needs one of ``words`` (lowercase) when none occurs."""

    def wrapper(text: str, offset: int = 0) -> list[Any]:
        lowered = text.lower()
        if not any(word in lowered for word in words):
            return []
        return fn(text, offset)

    return wrapper


_DOLLAR = ["USD"]  # what a bare "$" means in the current document (see dollar_currency)


def dollar_currency(text: str) -> str:
    """CAD for a Canadian contract that writes bare "$" amounts, else USD.

    Canadian when the text writes CDN$/C$/CAD or Canadian dollars, or names GST/HST together
    with a Canadian jurisdiction, and never speaks of U.S. dollars.
    """
    if _any_match(text, _US_DOLLARS):
        return "USD"
    if _any_match(text, _CANADIAN_DOLLARS) or (
        _any_match(text, _SALES_TAX) and _any_match(text, _CANADIAN_PLACE)
    ):
        return "CAD"
    return "USD"


def _cues(*pairs: tuple[str, str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((literal, re.compile(pattern)) for literal, pattern in pairs)


# Each alternative with a literal every match contains: str.find rules it out at C speed, and a
# pattern that starts with a literal is searched by prefix. One alternation over a 50-page text
# cost milliseconds when "U.S." occurred but never "U.S. dollars".
_US_DOLLARS = _cues(
    ("U.S.", r"U\.S\.\s*dollars"),
    ("United", r"United\s+States\s+dollars"),
    ("US$", r"US\$"),
    ("USD", r"\bUSD\b"),
)
_CANADIAN_DOLLARS = _cues(
    ("CDN", r"\bCDN\s?\$"),
    ("C$", r"\bC\$"),
    ("CAD", r"\bCAD\b"),
    ("Canadian", r"Canadian\s+dollars"),
)
_SALES_TAX = _cues(("GST", r"\bGST\b"), ("HST", r"\bHST\b"))
_CANADIAN_PLACE = _cues(
    ("Canada", "Canada"),
    ("British", r"British\s+Columbia"),
    ("Ontario", "Ontario"),
    ("Alberta", "Alberta"),
    ("Quebec", "Quebec"),
)


def _any_match(text: str, cues: tuple[tuple[str, re.Pattern[str]], ...]) -> bool:
    return any(literal in text and pattern.search(text) for literal, pattern in cues)


def _local_dollar(money: Money) -> Money:
    if money.bare_dollar and money.currency != _DOLLAR[0]:
        return dataclasses.replace(money, currency=_DOLLAR[0])
    return money


def _with_local_dollar(fn: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """Apply the document's reading of a bare "$" to money (and rate) results."""

    def wrapper(text: str, offset: int = 0) -> list[Any]:
        out = []
        for item in fn(text, offset):
            if isinstance(item, Money):
                item = _local_dollar(item)
            elif isinstance(item, _rates.Rate):
                money = _local_dollar(item.money)
                if money is not item.money:
                    item = dataclasses.replace(item, money=money)
            out.append(item)
        return out

    return wrapper


find_money = _needs_currency(_with_local_dollar(_memo("money", _money.find_money)))
find_rates = _needs_currency(_with_local_dollar(_memo("rates", _rates.find_rates)))
find_dates = _memo("dates", _dates.find_dates)
find_durations = _memo(
    "durations", _needs_words(("day", "week", "month", "year"), _durations.find_durations)
)
find_percentages = _memo(
    "percentages", _needs_words(("%", "percent", "per cent", "pct"), _percentages.find_percentages)
)

BILLING_KEYS = (
    "billing_models",
    "payment_terms_days",
    "currency",
    "contract_value",
    "not_to_exceed",
    "invoice_frequency",
    "rates",
    "milestones",
    "late_payment_interest",
    "expenses_reimbursable",
    "early_payment_discount",
    "retainage_percent",
    "po_required",
    "period_of_performance",
)

# A sentence can only hold a billing term if it contains one of these (lowercase substrings).
TRIGGER_WORDS = (  # most frequent first (measured on CUAD), so the any() test stops early
    "term",
    "material",
    "licen",
    "pay",
    "rate",
    "statement",
    "day",
    "expense",
    "effective",
    "period",
    "fee",
    "cost",
    "price",
    "interest",
    "as of",
    "month",
    "$",
    "through",
    "continu",
    "expir",
    "net ",
    "purchase order",
    "labor",
    "dated",
    "invoic",
    "subscri",
    "%",
    "commenc",
    "complete",
    "until",
    "quarter",
    "percent",
    "annual",
    "reimburs",
    "compensat",
    "retain",
    "milestone",
    "exceed",
    "discount",
    "dollar",
    "bill",
    "travel",
    "week",
    "usd",
    "eur",
    "base ",
    "anniversary",
    "retention",
    "€",
    "end on",
    "cad",
    "gbp",
    "aud",
    "order number",
    "£",
    "¥",
    "chf",
    "order id",
    "ceiling",
)
_FEE_CONTEXT = re.compile(
    r"\b(?:fees?|compensat\w*|pay\w*|paid|price\w*|rates?|invoic\w*|charges?|retainer|"
    r"consideration|budget|cost|amounts?|sum)\b",
    re.I,
)
_NON_FEE_MONEY = re.compile(
    r"insurance|liabilit|damages|indemn|par\s+value|per\s+share|shares|stock|purchase\s+price|"
    r"penalt|coverage|policy\s+limits|bond|judgment|salary|wages|net\s+worth|revenue\s+threshold",
    re.I,
)
_EXPENSE_CONTEXT = re.compile(
    r"travel|expenses?|out[\s-]of[\s-]pocket|lodging|per\s+diem|mileage|meals", re.I
)
_ESTIMATE = re.compile(
    r"\b(?:good\s+faith\s+estimate|estimated\s+(?:dollar\s+|total\s+|contract\s+)?value|"
    r"independent\s+government\s+cost\s+estimate|IGCE|cost\s+goal|funds\s+have\s+been\s+designated|"
    r"estimated\s+(?:life\s+cycle\s+)?cost)\b",
    re.I,
)
_CEILING = re.compile(
    r"not[\s-]+to[\s-]+exceed|(?:shall|will|may|must)\s+not\s+exceed|\bNTE\b|\bceiling\b|"
    r"capped\s+at|\bcap\s+(?:of|on)\b|maximum\s+(?:total\s+|aggregate\s+)?(?:amount|fees?|price|"
    r"compensation|budget)|up\s+to\s+a\s+maximum|in\s+no\s+event\s+(?:shall|will)\b[^.]{0,80}exceed",
    re.I,
)
_TOTAL = re.compile(
    r"\b(?:total|aggregate)\s+(?:contract\s+|project\s+|fixed\s+|engagement\s+)?"
    r"(?:price|value|amount|fees?|compensation|cost|sum|charges?)\b"
    r"(?!\s+(?:for\s+)?(?:travel|expenses))"
    r"|\bcontract\s+(?:price|value|amount|sum)\b|\bentire\s+compensation\b"
    r"|\b(?:firm\s+)?fixed[\s-]+(?:fee|price)\b|\blump[\s-]+sum\b",
    re.I,
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
_TERM_SENTENCE = re.compile(
    r"\b(?:term|period\s+of\s+performance|POP|base\s+(?:year|period)|initial\s+(?:term|period)|"
    r"minimum\s+period|remain\s+in\s+(?:full\s+force\s+and\s+)?effect|continue\s+in\s+effect|"
    r"shall\s+continue|will\s+continue|anniversary|a\s+period\s+of)\b",
    re.I,
)
_TERM_EXCLUDE = re.compile(
    r"confidential|solicit|compet|warrant|surviv|records|audit|statute|invoice|\bpay\b|"
    r"insurance|indemn",
    re.I,
)
_DURATION_LEAD_EXCLUDE = re.compile(
    r"option|renew\w*|extend\w*|extension|successive|additional|notice|within|prior\s+to|"
    r"after|following|least|up\s+to|exceed",
    re.I,
)
_DURATION_TRAIL_EXCLUDE = re.compile(
    r"\s*(?:\)\s*)?(?:after|following|prior|notice|thereafter|before|(?:from|of)\s+(?:the\s+)?"
    r"(?:\w+\s+){0,3}(?:termination|expiration|receipt|notice))",
    re.I,
)
_START_CUES = [
    (re.compile(r"effective\s+(?:as\s+of|on|from)\s*(?:this\s+)?$", re.I), 0.9),
    (re.compile(r"(?:commenc\w*|begin\w*|start\w*)\s+(?:on|upon|as\s+of)\s*$", re.I), 0.85),
    (
        re.compile(
            r"(?:entered\s+into|made)\s+(?:and\s+entered\s+into\s+)?(?:as\s+of|effective)\s*(?:this\s*)?$",
            re.I,
        ),
        0.8,
    ),
    (re.compile(r"dated\s+as\s+of\s+$", re.I), 0.6),  # plain "Dated <date>" is a letter date
]
# "EFFECTIVE DATE shall mean the Date of Installation of the PSS in Kuwait, i.e. December 10, 1993"
_START_DEFINED = re.compile(
    r"effective\s+date\W{0,3}\s+(?:shall\s+)?(?:means?|be|is)\b(?:[^.;]|\bi\.e\.|\.(?=\w)){0,90}$",
    re.I,
)
_START_AFTER = re.compile(r"^\s*\(?\s*(?:the\s+)?[\"“”']{1,2}\s*Effective\s+Date", re.I)
# "shall be effective from the date first above written", "commencing on the date first set forth
# above": the term starts on the date of the opening sentence ("made this 20 day of November, 1995")
_FROM_FIRST_WRITTEN = re.compile(
    r"(?:effective|commenc\w*|begin\w*|start\w*)\s+(?:on|from|as\s+of|with)\s+the\s+date\s+"
    r"first\s+(?:above\s+written|written\s+above|set\s+(?:forth|out)\s+above)",
    re.I,
)
_OPENING_DATE_LEAD = re.compile(r"\b(?:made|executed|entered\s+into|dated)\b[^.;]{0,40}$", re.I)
OPENING_CHARS = 3000  # where the opening sentence ("This Agreement is made ...") sits
# 'effective as of that date (the "Effective Date") the Site becomes fully operational': the
# Effective Date is an event, so a "dated as of" date is only the signing date
_SIGNING_REFERENCE = re.compile(
    r"\bhereof\b|date\s+first|date\s+of\s+(?:this\s+agreement|execution|(?:the\s+)?(?:last\s+)?signature)|"
    r"(?:upon|on)\s+(?:its\s+|the\s+)?(?:execution|signature|signing)|(?:is|are|was|been)\s+(?:signed|executed)|"
    r"\bdated\b|_{3,}",
    re.I,
)
_EFFECTIVE_DATE_DEFINED = re.compile(
    r"\(\s*(?:the\s+)?[\"“”']{1,2}\s*Effective\s+Date[\"“”']", re.I
)
_END_CUE = re.compile(
    r"(?:continue|remain\s+in\s+(?:full\s+force\s+and\s+)?effect|end|expire|terminate|run)\w*\s+"
    r"(?:on|until|through|thru)\s*$|\bthrough\s*$|completed\s+(?:no\s+later\s+than|by|on)\s*$",
    re.I,
)
_AVAILABILITY_FEE = re.compile(
    r"(?:fixed|flat)\s+(?:rate|fee|price)\s+(?:\w+\s+){0,3}?(?:without\s+regard\s+to|regardless\s+of)\s+"
    r"the\s+(?:actual\s+)?(?:number|volume|amount)\s+of\b",
    re.I,
)
_RECURRING_PERSON = re.compile(
    r"consult\w*|advis\w*|\bCEO\b|officer|director|available|retain\w*|\bhis\s|\bher\s", re.I
)
_EXPENSE_NEGATIVE = re.compile(
    r"(?:shall|will)\s+not\s+be\s+(?:reimbursed|reimbursable)|not\s+(?:be\s+)?reimburs\w*|"
    r"(?:bear|be\s+responsible\s+for)\s+(?:its|their|all\s+of\s+its|his|her)\s+own\s+(?:costs\s+and\s+)?expenses|"
    r"(?:inclusive\s+of|includes?|including)\s+all\s+(?:travel\s+and\s+)?expenses|"
    r"no\s+(?:travel\s+or\s+)?expenses\s+(?:will|shall)\s+be\s+(?:reimbursed|paid)",
    re.I,
)
_LEGAL_COSTS = re.compile(
    r"attorney|legal\s+(?:fees|costs)|prevailing\s+party|indemnif|enforce|litigation|lawsuit", re.I
)  # costs shifted by a lawsuit or an indemnity are not billable expenses
_EXPENSE_POSITIVE = re.compile(
    r"reimburs\w*|billed\s+(?:separately|at\s+cost)|pass[\s-]through|"
    r"(?:directly\s+)?billable\s+(?:by\s+\w+\s+and\s+payable\s+by|to)\b|"
    r"(?:Company|Client|Customer)\s+(?:will|shall)\s+(?:also\s+)?pay\s+(?:to\s+)?(?:the\s+)?"
    r"(?:Consultant|Contractor|Supplier|Vendor|Provider)\s+(?:all\s+|any\s+)?(?:reasonable\s+)?"
    r"(?:\w+\s+){0,2}expenses",
    re.I,
)
_EXCLUDED_CUE_CONTEXT = re.compile(
    r"(?:\(\s*for\s*$|\bfor\s+(?:T&M\s+or\s+)?$|Inspection\s*[–-]\s*$|FAR\s+[\d.\-]+\s*,?\s*$|"
    r"\bif\s+$|\bor\s+$|\bin\s+(?:a|one)\s+(?:single\s+)?$)",  # "paid in a single lump sum"
    re.I,
)
_EXCLUDED_CUE_AFTER = re.compile(r"\s*polic(?:y|ies)\b", re.I)  # "personnel retainer policies"
_USAGE_UNIT = re.compile(
    r"\s*(?:/\s*)?per\s+(?:email|transaction|message|api\s+call|call|record|request|page|document|"
    r"ticket|gb|gigabyte|unit|click|lead|sms|query|search|polic(?:y|ies)|claim|draft|account|"
    r"member|enrollee|participant|minute|gallon|barrel)\b",
    re.I,
)
_BLANK_UNIT_PRICE = re.compile(
    r"\b(?:fee|charge|price|rate)s?\s+of\s+(?:\$|USD|US\$)\s*_{2,}" + _USAGE_UNIT.pattern, re.I
)
_ROLE_BEFORE_PAY = re.compile(
    r"\bpay\s+(?:to\s+)?(?:the\s+)?(?P<role>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})\s+(?:for|a|an|the|at|\$|€|£)",
    re.U,
)
_MINIMUM_BEFORE = re.compile(
    r"\bminimum\s+(?:\w+\s+){0,2}(?:fees?|charges?|payments?|amount|commitment)\b|"
    r"not\s+(?:be\s+)?less\s+than|\bat\s+least\b",
    re.I,
)  # "The minimum monthly fee shall not be less than ... ($5,000) per month"
# "30% of Net Sales in excess of Eleven Thousand Dollars ($11,000) per calendar month", "revenue
# ... does not exceed $5,000 per month": a threshold, not a price ("not to exceed" caps stay rates)
_THRESHOLD_BEFORE = re.compile(
    r"(?:in\s+excess\s+of|(?<!not\sto\s)\bexceeds?|\bexceeding|(?:more|greater)\s+than)\s+"
    r"(?:[A-Za-z\-]+\s+){0,5}\(?\s*$",
    re.I,
)
_LEADING_MARK = re.compile(r"^[\s|•*\-–:(\[]*(?:\d+(?:\.\d+)*[.)]?\s+|[a-z][.)]\s+)?")


_INVOICE_WORD = re.compile(
    r"\b(?:[Ii]nvoic|INVOIC|(?:[Ss]tatements?|STATEMENTS?)\b(?!\s+(?:of|OF)\s+(?:[Ww]ork|WORK|[Oo]bj))"
    r"|[Bb]ill(?:s|ed|ing)?\b|BILL)"
)


@dataclass
class Sentence:
    """A candidate sentence with its cues (EntityRuler) and absolute offsets."""

    start: int
    end: int
    text: str
    cues: list[tuple[str, str, int, int]] = field(default_factory=list)  # label, id, start, end
    lower: str = ""
    _non_fee: bool | None = field(default=None, repr=False, compare=False)
    _expense: bool | None = field(default=None, repr=False, compare=False)

    def non_fee_money(self) -> bool:
        """Whether the sentence's money is about insurance, damages, shares... (not fees).

        Computed once: money, rate and billing-model resolvers all ask, and the pattern is a
        long case-insensitive alternation over the whole sentence.
        """
        if self._non_fee is None:
            self._non_fee = bool(_NON_FEE_MONEY.search(self.text))
        return self._non_fee

    def expense_context(self) -> bool:
        """Whether the sentence speaks of travel or expenses anywhere (computed once)."""
        if self._expense is None:
            self._expense = bool(_EXPENSE_CONTEXT.search(self.text))
        return self._expense

    def mentions(self, *words: str) -> bool:
        """Substring test on the lowercased sentence: a cheap guard before any regex."""
        return any(map(self.lower.__contains__, words))

    def has(self, cue: str) -> bool:
        """Whether the sentence holds the billing-model cue ``cue``, or speaks of invoicing."""
        if cue == "invoice":
            return self.mentions("invoic", "statement", "bill") and bool(
                _INVOICE_WORD.search(self.text)
            )
        return any(c[1] == cue for c in self.cues)


@dataclass
class Found:
    """One resolved value before it becomes a term dict."""

    value: Any
    confidence: float
    start: int
    end: int


def term(doc: Document, found: Found | None) -> dict[str, Any] | None:
    """INTERFACES term shape ``{"value", "confidence", "evidence"}``."""
    if found is None:
        return None
    return {
        "value": found.value,
        "confidence": round(found.confidence, 2),
        "evidence": doc.evidence(found.start, found.end),
    }


def _positions(lower: str, words: tuple[str, ...]) -> list[int]:
    """Sorted offsets of every occurrence of ``words`` (str.find runs at C speed)."""
    found: list[int] = []
    for word in words:
        index = lower.find(word)
        while index != -1:
            found.append(index)
            index = lower.find(word, index + 1)
    found.sort()
    return found


def _any_in(lowered: str, words: tuple[str, ...]) -> bool:
    return any(map(lowered.__contains__, words))


def _contains(positions: list[int], start: int, end: int) -> bool:
    index = bisect.bisect_left(positions, start)
    return index < len(positions) and positions[index] < end


def candidate_sentences(doc: Document) -> list[Sentence]:
    """Sentences that can hold a billing term, run through the cue EntityRuler."""
    text = doc.text
    lower = text.lower()
    if len(lower) != len(text):  # a few characters change length when lowercased
        lower = text
    spans = [(s, e) for s, e in doc.sentences if _any_in(lower[s:e], TRIGGER_WORDS)]
    cued = [(s, e) for s, e in spans if _any_in(lower[s:e], CUE_WORDS)]
    nlp = get_extraction_nlp()
    sentences = {
        start: Sentence(start, end, text[start:end], lower=lower[start:end]) for start, end in spans
    }
    _NO_CURRENCY.update(
        (start, s.text) for start, s in sentences.items() if not _money.has_currency(s.text)
    )
    # The EntityRuler only needs the few words around each cue word, not the whole sentence:
    # tokenizing short windows keeps the spaCy pass cheap on long contract sentences.
    windows = [
        (start, w_start, w_end)
        for start, end in cued
        for w_start, w_end in _cue_windows(lower, start, end)
    ]
    if not windows:
        return [sentences[start] for start, _ in spans]
    # One spaCy call over all windows joined by blank lines (a whitespace token no phrase can
    # span): per-Doc overhead dominates when the windows are short.
    joined_starts: list[int] = []
    pieces: list[str] = []
    position = 0
    for _, w_start, w_end in windows:
        joined_starts.append(position)
        pieces.append(text[w_start:w_end])
        position += (w_end - w_start) + len(_WINDOW_SEPARATOR)
    with nlp.select_pipes(enable=["billing_cues"]):
        joined = nlp(_WINDOW_SEPARATOR.join(pieces))
    for ent in joined.ents:
        i = bisect.bisect_right(joined_starts, ent.start_char) - 1
        start, w_start, _w_end = windows[i]
        sentence = sentences[start]
        ent_start = w_start + ent.start_char - joined_starts[i]
        ent_end = w_start + ent.end_char - joined_starts[i]
        before = text[max(start, ent_start - 40) : ent_start]
        if ent.label_ == "BILLING_MODEL" and (
            _EXCLUDED_CUE_CONTEXT.search(before)
            or _EXCLUDED_CUE_AFTER.match(text, ent_end)
            or _inside_quotes(text, start, ent_start)
            or _defined_term(ent.text, before)
        ):
            continue
        sentence.cues.append((ent.label_, ent.ent_id_, ent_start, ent_end))
    return [sentences[start] for start, _ in spans]


_WINDOW_SEPARATOR = "\n\n"


def _defined_term(cue: str, before: str) -> bool:
    """A Title Case cue right after another capitalized word ("Construction Cost Reimbursement")
    names a defined term, not the pricing of the deal."""
    words = [w for w in re.split(r"[\s-]+", cue) if w and w.lower() not in ("and", "&", "of")]
    if not words or not all(w[0].isupper() for w in words) or cue.isupper():
        return False
    previous = re.search(r"([A-Za-z][\w'’]*)\s*$", before)
    return bool(previous and previous.group(1)[0].isupper() and before.strip() != previous.group(1))


def _inside_quotes(text: str, sentence_start: int, offset: int) -> bool:
    """Whether ``offset`` falls inside a short quoted defined term ("Cost Reimbursement")."""
    before = text[max(sentence_start, offset - 60) : offset]
    open_curly = before.rfind("“") > before.rfind("”")
    open_straight = before.count('"') % 2 == 1
    return open_curly or open_straight


CUE_WINDOW = 32  # characters kept on each side of a cue word (phrases are at most 4 words)


def _cue_windows(lower: str, start: int, end: int) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` windows around the cue words of one sentence, cut at spaces."""
    windows: list[tuple[int, int]] = []
    sentence = lower[start:end]
    hits = sorted(
        index
        for word in CUE_WORDS
        if word in sentence
        # every word of at least one phrase keyed by this word must occur in the sentence
        and any(all(part in sentence for part in parts) for parts in CUE_PHRASE_WORDS[word])
        for index in _find_all(lower, word, start, end)
    )
    for hit in hits:
        w_start = max(start, hit - CUE_WINDOW)
        w_end = min(end, hit + CUE_WINDOW)
        while w_start > start and not lower[w_start - 1].isspace():
            w_start -= 1
        while w_end < end and not lower[w_end].isspace():
            w_end += 1
        if windows and w_start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(w_end, windows[-1][1]))
        else:
            windows.append((w_start, w_end))
    return windows


def _find_all(lower: str, word: str, start: int, end: int) -> list[int]:
    found = []
    index = lower.find(word, start, end)
    while index != -1:
        found.append(index)
        index = lower.find(word, index + 1, end)
    return found


# ------------------------------------------------------------------------------- resolvers
def _fee_money(sentence: Sentence) -> list[Money]:
    monies = find_money(sentence.text, sentence.start)
    if not monies or sentence.non_fee_money() or not _FEE_CONTEXT.search(sentence.text):
        return []
    return monies


def resolve_payment_terms(sentences: list[Sentence]) -> tuple[Found | None, Found | None]:
    """(payment_terms_days, early_payment_discount)."""
    payment: Found | None = None
    discount: Found | None = None
    for s in sentences:
        if not s.mentions("net", "day", "week", "discount"):
            continue  # no day count, no "net", no discount: nothing for this resolver
        for d in find_discount_terms(s.text, s.start):
            discount = discount or Found(
                {"percent": to_int_or_float(d.percent), "days": d.days}, 0.9, s.start, s.end
            )
            payment = payment or Found(d.net_days, 0.9, s.start, s.end)
        invoice = s.has("invoice") or re.search(r"invoice|statement", s.text, re.I)
        for net in find_net_terms(s.text, s.start):
            tail = s.text[net.end - s.start : net.end - s.start + 60]
            if _NOT_PAYMENT_ANCHOR.search(tail) or re.match(
                r"^[^.;]{0,30}effective\s+date", tail, re.I
            ):
                continue
            if invoice or re.search(r"payment\s+terms?", s.text, re.I):
                payment = payment or Found(net.days, 0.9, s.start, s.end)
        if not (invoice and _PAY_VERB.search(s.text)):
            continue
        for duration in find_durations(s.text, s.start):
            if duration.days is None:
                continue
            tail = s.text[duration.end - s.start :]
            lead = s.text[max(0, duration.start - s.start - 60) : duration.start - s.start]
            if re.search(r"submit|send|deliver|provide|issue|render", lead, re.I) and not re.search(
                r"\b(?:pay|paid|payable|remit)\b", lead, re.I
            ):
                continue
            if _NOT_PAYMENT_ANCHOR.search(tail[:60]) and not _AFTER_INVOICE.search(tail):
                continue
            if re.match(r"[^.;]{0,60}receipt\s+of\s+(?:such\s+|the\s+|any\s+)?payment", tail, re.I):
                continue  # paid after *receiving* money (pay-when-paid), not after an invoice
            if _AFTER_INVOICE.search(tail):
                payment = payment or Found(duration.days, 0.85, s.start, s.end)
            elif re.match(
                r"\s*(?:of|after|from|following)\s+(?:its\s+|their\s+|the\s+)?receipt\b", tail, re.I
            ) and re.search(r"invoice|statement", s.text[: duration.start - s.start], re.I):
                payment = payment or Found(duration.days, 0.75, s.start, s.end)
        # "2% discount if paid within ten (10) days"
        if discount is None and re.search(r"discount", s.text, re.I):
            pcts = find_percentages(s.text, s.start)
            days = [d for d in find_durations(s.text, s.start) if d.days is not None]
            if pcts and days and re.search(r"within|if\s+paid|paid\s+within", s.text, re.I):
                discount = Found(
                    {"percent": to_int_or_float(pcts[0].value), "days": days[0].days},
                    0.8,
                    s.start,
                    s.end,
                )
    return payment, discount


# "On2 will pay Wildform a total of (i) $160,000 payable as follows: ... and (ii) the Payment Shares"
_PAY_TOTAL = re.compile(
    r"\bpay\s+(?:to\s+)?(?:\w+\s+){0,3}?a\s+total\s+of\s+(?:\(\w{1,3}\)\s*)?$", re.I
)


def _paid_total(s: Sentence) -> Found | None:
    """The total a party agrees to pay for the services, read next to its amount only (the same
    sentence may go on about shares or other consideration)."""
    for m in find_money(s.text, s.start):
        lead = s.text[max(0, m.start - s.start - 60) : m.start - s.start]
        near = s.text[max(0, m.start - s.start - 60) : m.end - s.start + 40]
        if _PAY_TOTAL.search(lead) and not _NON_FEE_MONEY.search(near):
            return Found(m.as_value(), 0.75, s.start, s.end)
    return None


def resolve_money_terms(sentences: list[Sentence]) -> dict[str, Found | None]:
    """currency, contract_value, not_to_exceed."""
    currencies: Counter[str] = Counter()
    first_currency: dict[str, Found] = {}
    contract: Found | None = None
    ceiling: Found | None = None
    estimated: Found | None = None
    for s in sentences:
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
                if not _THRESHOLD_BEFORE.search(
                    s.text[max(0, m.start - s.start - 60) : m.start - s.start]
                )
            ]  # "an estimated contract value of greater than $500,000" is a FAR threshold
            if found:  # "Good Faith Estimate ... between $5,000,000 to $10,000,000"
                estimated = Found(found[0].currency, 0.5, found[0].start, found[0].end)
        if contract is None and s.mentions("a total of"):
            contract = _paid_total(s) or contract
        if not monies:
            continue
        expense_ctx = s.expense_context()
        rate_spans = [(r.start, r.end) for r in find_rates(s.text, s.start)]
        for match in _CEILING.finditer(s.text):
            after = [m for m in monies if 0 <= m.start - (s.start + match.end()) <= 80]
            before = [m for m in monies if 0 <= (s.start + match.start()) - m.end <= 60]
            if re.search(
                r"minimum\s+(?:payment|commitment|purchase)|annual\s+minimum", s.text, re.I
            ):
                continue
            if re.search(
                r"reimburs|counsel|attorney|liab|damage|insurance|capital|invest", s.text, re.I
            ):
                continue  # caps on reimbursed costs, liability or investment are not fee ceilings
            if expense_ctx and not re.search(
                r"\bfees?\b|compensation|total", s.text[: match.end()], re.I
            ):
                continue
            picked = (
                after[0]
                if after
                else (
                    before[-1]
                    if before
                    and re.search(r"(?:shall|will|may|must)\s+not\s+exceed", match.group(0), re.I)
                    else None
                )
            )
            if picked and ceiling is None:
                ceiling = Found(picked.as_value(), 0.85, s.start, s.end)
        for match in _TOTAL.finditer(s.text):
            window = s.text[max(0, match.start() - 40) : match.start()]
            if _CEILING.search(window) or (
                expense_ctx
                and re.search(r"travel|expenses?", s.text[match.start() : match.end() + 30], re.I)
            ):
                continue
            after = [
                m
                for m in monies
                if 0 <= m.start - (s.start + match.end()) <= 120
                and not any(a <= m.start < b for a, b in rate_spans)
                and not _CEILING.search(s.text[max(0, m.start - s.start - 40) : m.start - s.start])
            ]
            after = [
                m
                for m in after
                if not re.search(
                    r"up\s+to|at\s+least|minimum|maximum|approximately|estimated|exceed",
                    s.text[max(0, m.start - s.start - 40) : m.start - s.start],
                    re.I,
                )
            ]
            if re.search(r"invest|capital|loan|advance|non-paid|unpaid|owed", s.text, re.I):
                after = []  # money that changes hands for other reasons than the services
            if after and contract is None:
                contract = Found(after[0].as_value(), 0.8, s.start, s.end)
    currency = None
    if currencies:
        code = currencies.most_common(1)[0][0]
        currency = first_currency[code]
        currency.confidence = 0.9 if len(currencies) == 1 else 0.6
    elif estimated is not None:
        currency = estimated  # the only amounts are the estimated value or funding of the order
    return {"currency": currency, "contract_value": contract, "not_to_exceed": ceiling}


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
    candidate = _LEADING_MARK.sub("", cell[-1] if cell else "").strip(" :–-|\t")
    if candidate and _ROLE_TITLE.fullmatch(candidate) and len(candidate.split()) <= 6:
        return candidate
    match = _ROLE_BEFORE_PAY.search(sentence.text[: start - sentence.start + 2])
    if match:
        return match.group("role").strip()
    return None


def resolve_rates(doc: Document, sentences: list[Sentence]) -> Found | None:
    """rates: amounts per hour/day/week/month/year paid for services."""
    items: list[dict[str, Any]] = []
    first: tuple[int, int] | None = None
    for s in sentences:
        found_rates = find_rates(s.text, s.start)
        if not found_rates or s.non_fee_money():
            continue
        for rate in found_rates:
            local = s.text[max(0, rate.start - s.start - 80) : rate.end - s.start + 40]
            if _EXPENSE_CONTEXT.search(local) and not re.search(r"\bfees?\b|\brate\b", local, re.I):
                continue
            if re.search(r"interest|late|overdue", local, re.I):
                continue
            lead = s.text[max(0, rate.start - s.start - 60) : rate.start - s.start]
            if _MINIMUM_BEFORE.search(lead) or _THRESHOLD_BEFORE.search(lead):
                continue
            item = {
                "role": _role_for(doc.text, s, rate.money.start),
                "amount": to_int_or_float(rate.money.amount),
                "currency": rate.money.currency,
                "unit": rate.unit,
            }
            if item not in items:
                items.append(item)
                first = first or (s.start, s.end)
    for table_start, table_end, table_items in _rate_tables(doc):
        # every row of a rate card is a rate of its own, even when two rows share a price
        items.extend(item for item in table_items if item not in items or item["role"])
        first = first or (table_start, table_end)
    if not items or first is None:
        return None
    return Found(items, 0.8, first[0], first[1])


# A rate-card column header ("HOURLY RATE", "Daily Rates") followed by table layout (a run of
# spaces, a tab, a line break or a "|"), not a sentence that mentions "the hourly rates set out".
_RATE_HEADER = re.compile(
    r"\b(?:(?P<h>HOURLY|Hourly)\s+(?:RATES?|Rates?)|(?:RATE|Rate)\s+(?:PER|per)\s+(?:HOUR|Hour)"
    r"|(?P<d>DAILY|Daily)\s+(?:RATES?|Rates?)|(?:RATE|Rate)\s+(?:PER|per)\s+(?P<dd>DAY|Day))"
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
    if not any(word in text for word in ("ourly", "OURLY", "aily", "AILY", "ate per", "ATE PER")):
        return []  # no header word at all: skip the header pattern
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
            role = _LEADING_MARK.sub("", last).strip(" :–-|\t") or None
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
        currency = _DOLLAR[0] if symbol == "$" else _money.SYMBOLS.get(symbol, "USD")
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


def resolve_billing_models(
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

    # "maintenance ... for the fixed rate without regard to the number of service requests": a
    # recurring fee for availability, i.e. a retainer
    availability = any(s.mentions("regard") and _AVAILABILITY_FEE.search(s.text) for s in sentences)
    for s in sentences:
        for label, cue_id, _a, _b in s.cues:
            if label == "BILLING_MODEL":
                add(cue_id, 0.85, s.start, s.end)
        for rate in find_rates(s.text, s.start):
            local = s.text[max(0, rate.start - s.start - 80) : rate.end - s.start + 20]
            if (
                s.non_fee_money()
                or _EXPENSE_CONTEXT.search(local)
                or re.search(r"interest|late", local, re.I)
                or _MINIMUM_BEFORE.search(
                    s.text[max(0, rate.start - s.start - 60) : rate.start - s.start]
                )
                or _THRESHOLD_BEFORE.search(
                    s.text[max(0, rate.start - s.start - 60) : rate.start - s.start]
                )
            ):
                continue
            if rate.unit in ("hour", "day"):
                add("time_and_materials", 0.8, s.start, s.end)
            elif rate.unit in ("week", "month", "year") and re.search(
                r"fee|rate|retainer|compensat|pay", local, re.I
            ):
                if re.search(r"subscri|licen[cs]", local, re.I):
                    add("subscription", 0.7, s.start, s.end)
                elif (
                    _RECURRING_PERSON.search(s.text)
                    or _RECURRING_PERSON.search(header)
                    or availability
                ):
                    add("retainer", 0.7, s.start, s.end)
                else:
                    add("fixed_fee", 0.6, s.start, s.end)
        if "_" in s.text and _BLANK_UNIT_PRICE.search(s.text):
            add("usage", 0.6, s.start, s.end)  # "a fee of $______ per gallon" (amount left blank)
        rate_starts = {r.money.start for r in find_rates(s.text, s.start)}
        for m in find_money(s.text, s.start):
            if _USAGE_UNIT.match(s.text, m.end - s.start):
                add("usage", 0.75, s.start, s.end)
            elif (
                m.start not in rate_starts
                and re.search(
                    r"\bfee\s+of\s*$",
                    s.text[max(0, m.start - s.start - 12) : m.start - s.start],
                    re.I,
                )
                and not s.non_fee_money()
                and not s.expense_context()
                and not re.search(
                    r"late|interest|monthly|annual|per\s",
                    s.text[max(0, m.start - s.start - 60) : m.end - s.start + 20],
                    re.I,
                )
            ):
                add("fixed_fee", 0.6, s.start, s.end)
        if (
            s.mentions("fee", "charge")
            and re.search(
                r"\b(?:monthly|annual|quarterly)\s+(?:hosting\s+|service\s+|maintenance\s+|support\s+)?"
                r"(?:fee|charge)\b",
                s.text,
                re.I,
            )
            and not find_rates(s.text)
            and not s.non_fee_money()
        ):
            add("fixed_fee", 0.5, s.start, s.end)  # a recurring flat fee stated without a rate
    if contract is not None and "fixed_fee" not in models:
        add("fixed_fee", 0.7, contract.start, contract.end)
    if milestones is not None:
        add("milestone", 0.8, milestones.start, milestones.end)
    if "retainer" in models and "fixed_fee" in models and models["fixed_fee"][0] <= 0.6:
        del models["fixed_fee"]
    if not models:
        return None
    ordered = sorted(models.items(), key=lambda kv: kv[1][1])
    first = ordered[0][1]
    confidence = min(v[0] for _, v in ordered)
    return Found([k for k, _ in ordered], confidence, first[1], first[2])


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
)


_SIDE_PAYMENT = re.compile(
    r"\btermination\s+(?:payment|fee)s?\b|\breconciliation\b|\bafter\s+the\s+termination\s+date\b",
    re.I,
)
_CYCLES = ("weekly", "biweekly", "semimonthly", "monthly", "quarterly", "annually")
_CYCLE = r"(?:(?:semi|bi)-?\s?(?:monthly|weekly)|monthly|weekly|quarterly|annual(?:ly)?)"
_CYCLE_CHOICE = re.compile(rf"\b{_CYCLE}\b[^.;]{{0,60}}\bor\b[^.;]{{0,40}}\b{_CYCLE}", re.I)


def resolve_invoice_frequency(sentences: list[Sentence]) -> Found | None:
    """invoice_frequency: a frequency word in a sentence about invoicing or paying."""
    for s in sentences:
        if not s.mentions(*_FREQUENCY_WORDS):
            continue
        if not (
            s.has("invoice")
            or re.search(r"\b(?:pay(?:ing)?|paid|payable)\b", s.text, re.I)
            or (  # "Payments to HDI shall be due monthly"
                re.search(r"\bpayments?\b", s.text, re.I) and re.search(r"\bdue\b", s.text, re.I)
            )
        ):
            continue
        if _SIDE_PAYMENT.search(s.text):
            continue  # a termination payment or a reconciliation is not the billing cycle
        found = find_frequencies(s.text, s.start)
        cycles = {f.value for f in found if f.value in _CYCLES}
        if len(cycles) > 1 and _CYCLE_CHOICE.search(s.text):
            continue  # "12 monthly or 24 semi-monthly installments, at X's election": no one cycle
        # "monthly in advance" is a monthly cycle: a period word wins over "advance"
        found.sort(key=lambda f: f.value == "advance")
        for freq in found:
            if _inside_quotes(s.text, 0, freq.start - s.start):
                continue  # part of a defined term ("Quarterly Volume Commitment")
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
                    r"(?:monthly|weekly|annual)\s+(?:consulting\s+|flat\s+)?(?:fee|rate|retainer|salary|burn|status|report)",
                    local,
                    re.I,
                )
                and not re.search(r"invoice|statement", local, re.I)
            ):
                continue
            if freq.value == "advance" and not re.search(
                r"invoic\w*\s+(?:\w+\s+){0,3}in\s+advance|pa(?:id|yable)\s+(?:\w+\s+){0,3}in\s+advance",
                s.text,
                re.I,
            ):
                continue
            near = s.text[max(0, freq.start - s.start - 60) : freq.end - s.start + 60]
            if not re.search(r"invoic|statement|bill|pay|paid", near, re.I):
                continue  # the frequency must sit next to the invoicing/paying words
            return Found(freq.value, 0.8 if s.has("invoice") else 0.6, s.start, s.end)
    return None


def resolve_late_interest(sentences: list[Sentence]) -> Found | None:
    """late_payment_interest: a percentage per month/year on late or overdue amounts."""
    for s in sentences:
        if not s.mentions(
            "late", "overdue", "past", "unpaid", "delinquen", "not paid"
        ) or not re.search(
            r"late|overdue|past[\s-]+due|unpaid|delinquen|not\s+paid\s+when\s+due", s.text, re.I
        ):
            continue
        for pct in find_percentages(s.text, s.start):
            tail = s.text[pct.end - s.start : pct.end - s.start + 40]
            if re.match(r"^\s*(?:per|a|each)\s+month|^\s*monthly", tail, re.I):
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


_PAYER = re.compile(
    r"\b(?P<payer>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,2})\s+(?:shall|will|agrees\s+to)\s+pay\s+"
    r"(?:to\s+\w+\s+)?(?:all\s+|any\s+|the\s+)?(?:charges|fees|amounts|invoices?|sums)\b"
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
            re.escape(name) + r"\s+(?:shall|will)\s+(?:also\s+)?(?:pay|bear)\s+(?:for\s+)?"
            r"(?:all\s+|any\s+)?(?:reasonable\s+)?(?:\w+\s+){0,2}?"
            r"(?:travel|out[\s-]of[\s-]pocket|lodging|living)\b",
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
    for s in sentences:
        if negative is None and s.mentions("bear all") and _payee_bears_costs(s, sentences):
            negative = Found(False, 0.6, s.start, s.end)
            continue
        if not s.mentions("travel", "expense", "pocket", "lodging", "diem", "mileage", "meals"):
            continue
        if not s.expense_context():
            continue
        if _EXPENSE_NEGATIVE.search(s.text):
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


def resolve_retainage(sentences: list[Sentence]) -> Found | None:
    """retainage_percent: "retain 10% of each invoice", "retainage of 5%"."""
    for s in sentences:
        if not s.mentions("retain", "retention", "hold"):
            continue
        if re.search(r"\btax|employee|revenue|share\s+fees", s.text, re.I):
            continue  # tax withholding, retained employees, fee splits are not retainage
        named = re.search(r"retainage|holdback|hold\s*back", s.text, re.I)
        for pct in find_percentages(s.text, s.start):
            local = s.text[max(0, pct.start - s.start - 60) : pct.end - s.start + 60]
            if named or re.search(
                r"(?:retain|withh[eo]ld)\w*\s+(?:\w+\s+){0,4}?"
                + re.escape(s.text[pct.start - s.start : pct.end - s.start])
                + r"\s+of\s+(?:each|every|all|the|any)\s+(?:\w+\s+)?(?:invoice|payment|amount)",
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
    r"invoices?\b[^.]{0,120}\b(?:shall|must|will)\s+(?:\w+\s+){0,3}(?:include|contain|reference|show|state|cite|bear)"
    r"|(?:include|contain|reference|show|state|cite|bear)\w*\s+(?:\w+\s+){0,4}(?:on|in)\s+(?:each|every|all|the)\s+invoices?"
    r"|must\s+be\s+included\s+on\s+(?:each|every|all)\s+invoices?"
    r"|contents?\s+of\s+(?:the\s+|an\s+)?invoices?|invoices?\s+as\s+specified\s+in",
    re.I,
)


def _invoice_must_matches(text: str, lower: str) -> Iterator[re.Match[str]]:
    """_INVOICE_MUST matches, searched only in windows around the word "invoic" (every match
    contains it), instead of running the costly pattern over the whole document; lazily, as
    the caller stops at the first useful one."""
    windows: list[tuple[int, int]] = []
    for hit in _positions(lower, ("invoic",)):
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
    lower = text.lower() if len(text.lower()) == len(text) else text
    for match in _invoice_must_matches(text, lower):
        window_start = max(0, match.start() - 1500)
        window_end = min(len(text), match.end() + 1500)
        sentence_po = _PO_TERM.search(
            text, max(0, match.start() - 200), min(len(text), match.end() + 200)
        )
        if sentence_po and re.search(
            r"\bnot\b[^.]{0,30}(?:required|necessary)",
            text[sentence_po.start() - 60 : sentence_po.end() + 60],
            re.I,
        ):
            return Found(False, 0.7, sentence_po.start(), sentence_po.end())
        po = sentence_po or _PO_TERM.search(text, window_start, window_end)
        if po:
            start = min(match.start(), po.start())
            end = max(match.end(), po.end())
            sentence = doc.sentence_at(start)
            if sentence and sentence[0] <= start and end <= sentence[1]:
                start, end = sentence  # quote the whole sentence, not a fragment of it
            if end - start > 400:
                return Found(True, 0.7, po.start(), po.end())
            return Found(True, 0.85, start, end)
    return None


_PERIOD_WORDS = (
    "effective",
    "commenc",
    "begin",
    "start",
    "entered",
    "made",
    "dated",
    "term",
    "continu",
    "end",
    "expir",
    "until",
    "through",
    "complet",
    "period",
    "remain",
)


_THAT_CERTAIN = re.compile(r"\bthat\s+certain\b", re.I)


def _is_recital(text: str) -> bool:
    return text[:20].lstrip()[:7].upper() == "WHEREAS"


def resolve_period(doc: Document, sentences: list[Sentence]) -> Found | None:
    """period_of_performance: effective/start date, end date, stated duration in months."""
    start_value: tuple[str, float, int, int] | None = None
    end_value: tuple[str, int, int] | None = None
    months: tuple[int, int, int] | None = None
    opening_date: tuple[str, int, int] | None = None
    event_effective_date = False
    for s in sentences:
        dates = (
            find_dates(s.text, s.start)
            if s.mentions(*_PERIOD_WORDS) or (s.start < OPENING_CHARS and s.mentions("execut"))
            else []
        )
        if (
            not dates
            and s.mentions("effective date")
            and _EFFECTIVE_DATE_DEFINED.search(s.text)
            and not _SIGNING_REFERENCE.search(s.text)
        ):
            event_effective_date = True
        if (
            s.start < OPENING_CHARS
            and opening_date is None
            and dates
            and not _is_recital(s.text)
            and _OPENING_DATE_LEAD.search(
                doc.text[max(s.start, dates[0].start - 60) : dates[0].start]
            )
        ):
            opening_date = (dates[0].iso, s.start, s.end)
        for date in dates:
            before = doc.text[max(s.start, date.start - 60) : date.start]
            after = doc.text[date.end : date.end + 40]
            confidence = 0.0
            if _START_AFTER.search(after) or (
                "effective" in s.lower
                and _START_DEFINED.search(doc.text[max(s.start, date.start - 130) : date.start])
            ):
                confidence = 0.9
            else:
                for cue, weight in _START_CUES:
                    if cue.search(before):
                        confidence = weight
                        break
            if re.search(r"amend|restat|supersed|prior\s+agreement|signature|expire", before, re.I):
                confidence = 0.0
            if _is_recital(s.text) or _THAT_CERTAIN.search(
                doc.text[max(s.start, date.start - 160) : date.start]
            ):
                confidence = 0.0  # a recital or "that certain ... Agreement" dates another deal
            if confidence < 0.9 and re.search(
                r"\b(?:fee|rate|compensation|remuneration|salary|increase\w*|payment)\b",
                s.text,
                re.I,
            ):
                confidence = 0.0  # "commencing on 20 August 2020" the fee rises: not the start
            if confidence and (start_value is None or confidence > start_value[1]):
                start_value = (date.iso, confidence, s.start, s.end)
                continue
            if (
                end_value is None
                and _END_CUE.search(before)
                and not re.search(r"extended|renew|option", before, re.I)
                and not re.search(
                    r"\b(?:fee|rate|compensation|remuneration|salary|increase\w*)\b", s.text, re.I
                )
            ):
                end_value = (date.iso, s.start, s.end)
        if (
            months is None
            and s.mentions(
                "term", "period", "pop", "base", "initial", "remain", "continu", "anniversary"
            )
            and _TERM_SENTENCE.search(s.text)
            and not _TERM_EXCLUDE.search(s.text)
        ):
            for duration in find_durations(s.text, s.start):
                lead = s.text[max(0, duration.start - s.start - 45) : duration.start - s.start]
                trail = re.sub(
                    r"\s+", " ", s.text[duration.end - s.start : duration.end - s.start + 80]
                )[:60]
                prefix = s.text[: duration.start - s.start]
                if _DURATION_LEAD_EXCLUDE.search(lead) or _DURATION_TRAIL_EXCLUDE.match(trail):
                    continue
                if re.search(
                    r"(?:upon|after|following)\s+(?:the\s+)?(?:termination|expiration)",
                    prefix,
                    re.I,
                ):
                    continue
                if duration.months and duration.months <= 120:
                    months = (duration.months, s.start, s.end)
                    break
            else:
                if re.search(r"\bbase\s+year\b", s.text, re.I):
                    months = (12, s.start, s.end)
    if start_value is not None and start_value[1] < 0.8 and event_effective_date:
        start_value = None  # only a "dated as of" signing date, while the term starts on an event
    if (start_value is None or start_value[1] < 0.85) and opening_date is not None:
        first_written = next(
            (
                t
                for t in sentences
                if t.mentions("date first") and _FROM_FIRST_WRITTEN.search(t.text)
            ),
            None,
        )
        if first_written is not None:
            start_value = (opening_date[0], 0.85, opening_date[1], opening_date[2])
    if start_value is None and end_value is None and months is None:
        return None
    value = {
        "start": start_value[0] if start_value else None,
        "end": end_value[0]
        if end_value and (not start_value or end_value[0] > start_value[0])
        else None,
        "months": months[0] if months else None,
    }
    spans = [(v[-2], v[-1]) for v in (start_value, end_value, months) if v is not None]
    lo = min(a for a, _ in spans)
    hi = max(b for _, b in spans)
    if hi - lo > 600:
        lo, hi = spans[0]
    confidence = 0.75 if len(spans) > 1 else 0.65
    return Found(value, confidence, lo, hi)


_MILESTONE_LINE = re.compile(r"[^\n]*milestone[^\n]*", re.I)


def resolve_milestones(doc: Document) -> Found | None:
    """milestones: named payment events with an amount or percentage, in a milestone section."""
    text = doc.text
    items: list[dict[str, Any]] = []
    first: tuple[int, int] | None = None
    lower = text.lower() if len(text.lower()) == len(text) else text
    marks = _positions(lower, ("milestone",))
    if not marks:
        return None
    for p_start, p_end in doc.paragraphs:
        if not _contains(marks, max(0, p_start - 600), p_end):
            continue
        context = text[max(0, p_start - 600) : p_end]
        if not re.search(r"milestone", context, re.I) or not re.search(
            r"payment|invoice|fee|paid|payable", context, re.I
        ):
            continue
        for line_match in re.finditer(r"[^\n]+", text[p_start:p_end]):
            line = line_match.group(0)
            l_start = p_start + line_match.start()
            if re.search(r"total|not\s+to\s+exceed|travel|expense", line, re.I):
                continue
            monies = find_money(line)
            pcts = [
                p
                for p in find_percentages(line)
                if not re.search(r"interest|late|discount|retain", line, re.I)
            ]
            if not monies and not pcts:
                continue
            cut = min([m.start for m in monies] + [p.start for p in pcts])
            name = re.split(r"\t|\s{3,}|\|", line[:cut].strip(" |\t"))[0]
            name = _LEADING_MARK.sub("", name).strip(" :–-—,.|\t(")
            name = re.sub(r"\s*(?:[-–—:,]|\bof\b|\bupon\b)\s*$", "", name).strip()
            if (
                not name
                or len(name) > 80
                or re.search(r"\b(?:shall|will|must|agrees?|pay|make|shares?)\b", name, re.I)
            ):
                continue
            if not re.search(r"milestone", line, re.I) and not re.search(
                r"milestone", text[max(0, p_start - 600) : p_start + 200], re.I
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
            if event is None or (s.non_fee_money() and _NON_FEE_MONEY.search(event.group(0))):
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


def clear_caches() -> None:
    """Forget normalizer results memoized for the previous document."""
    _MEMO.clear()
    _NO_CURRENCY.clear()
    _money._find_money_cached.cache_clear()


_EXTRACTION_LOCK = threading.Lock()


def extract_billing_terms(doc: Document) -> dict[str, dict[str, Any] | None]:
    """Every billing_terms key of INTERFACES.md for ``doc`` (value, confidence, evidence) or None.

    The per-document memo and the reading of "$" are module state, so extractions are
    serialized: the work is CPU-bound Python (the GIL would serialize it anyway), and the API
    runs uploads in a thread pool.
    """
    with _EXTRACTION_LOCK:
        return _extract_billing_terms(doc)


def _extract_billing_terms(doc: Document) -> dict[str, dict[str, Any] | None]:
    clear_caches()  # caches serve one document's resolvers, never a later document
    _DOLLAR[0] = dollar_currency(doc.text)
    sentences = candidate_sentences(doc)
    payment, discount = resolve_payment_terms(sentences)
    money = resolve_money_terms(sentences)
    rates = resolve_rates(doc, sentences)
    milestones = resolve_milestones(doc) or resolve_deliverable_payments(sentences)
    header = doc.text[:1500]
    models = resolve_billing_models(sentences, rates, money["contract_value"], milestones, header)
    resolvers: dict[str, Callable[[], Found | None]] = {
        "billing_models": lambda: models,
        "payment_terms_days": lambda: payment,
        "currency": lambda: money["currency"],
        "contract_value": lambda: money["contract_value"],
        "not_to_exceed": lambda: money["not_to_exceed"],
        "invoice_frequency": lambda: resolve_invoice_frequency(sentences),
        "rates": lambda: rates,
        "milestones": lambda: milestones,
        "late_payment_interest": lambda: resolve_late_interest(sentences),
        "expenses_reimbursable": lambda: resolve_expenses(doc, sentences),
        "early_payment_discount": lambda: discount,
        "retainage_percent": lambda: resolve_retainage(sentences),
        "po_required": lambda: resolve_po_required(doc),
        "period_of_performance": lambda: resolve_period(doc, sentences),
    }
    result = {key: term(doc, resolvers[key]()) for key in BILLING_KEYS}
    clear_caches()
    return result
