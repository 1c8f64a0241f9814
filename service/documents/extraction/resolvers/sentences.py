"""Candidate sentences, their billing cues, and the value/evidence shape every resolver returns.

A cheap substring test picks the sentences that can hold a billing term; only short windows
around cue words of those go through the spaCy EntityRuler (billing models, invoice, late,
ceiling, reimburse, PO words). :class:`Found` is one resolved value with the span it came from;
:func:`term` turns it into the INTERFACES ``{"value", "confidence", "evidence"}`` shape.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from service.documents.document import Document
from service.documents.extraction import money as _money
from service.documents.extraction.patterns import CUE_PHRASE_WORDS, CUE_WORDS, cue_entities
from service.documents.extraction.resolvers import finders
from service.documents.extraction.resolvers.amount_context import (
    EXPENSE_CONTEXT,
    EXPENSE_WORDS,
    NON_FEE_MONEY,
    NON_FEE_WORDS,
    may_match,
)

# A fee schedule flattened into one run of text is one "sentence" of at least this length
TABLE_RUN_CHARS = 400
_FEE_CELL_WORD = re.compile(r"\b(?:fees?|charges?|price|rates?)\b", re.I)
_CLAUSE_VERB = re.compile(r"\b(?:shall|will|may|must|agrees?|reserves?)\b", re.I)

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
    "start date",  # "| Start Date | 1 March 2025 |": a key-terms row of its own
    "completion date",  # '"Completion Date" means 28 November 2025.'
    "end date",  # "Services End Date              : 31 December 2026"
    "performed from",  # "The Services will be performed from 10 March 2025 to 27 June 2025."
    "performed in the period",
    "performed between",  # "are scheduled to be performed between April 20, 2026 and July 17"
    "taking place from",  # "services ... for Assignments taking place from February 16, 2026"
    "actually spen",  # "charged on the basis of the time actually spent by our consultants"
    "hourly",  # "The Consultant will provide that support on an hourly basis"
    "charged per",  # "Patent translations German > English, charged per source word"
    "effect from",  # "This Agreement takes effect from 6 October 2025"
    "run from",  # "The Engagement will run from 08/06/2026 to 30/09/2026."
    "runs from",
    "effect on",
    "starts on",  # "Work starts on 1 November 2025."
    "start on",
    "begins on",
    "ends on",
    "zł",  # "flat fee of 400,00 zł": złoty after the amount
    "₹",
)


_EXCLUDED_CUE_CONTEXT = re.compile(
    r"(?:\(\s*for\s*$|\bfor\s+(?:T&M\s+or\s+)?$|Inspection\s*[–-]\s*$|FAR\s+[\d.\-]+\s*,?\s*$|"
    r"\bif\s+$|\bor\s+$|\bin\s+(?:a|one)\s+(?:single\s+)?$"  # "paid in a single lump sum"
    # "For other than firm-fixed-price contracts", "transition to firm-fixed-price contracts": the
    # model is ruled out or only aimed at
    r"|\bother\s+than\s+(?:an?\s+)?$|\btransition\s+to\s+(?:an?\s+)?$"
    # "supplies, dues & subscriptions, filing fees": an overhead cost line, not a pricing model
    r"|\bdues\s*(?:&|and)\s*$"
    # "Estimates are not binding unless the Supplier expressly offers a fixed price": a price
    # that might be offered later is not how this contract prices the work
    r"|\bunless\s+(?:\w+\s+){0,4}?(?:offers?|agrees?\s+to|quotes?)\s+(?:an?\s+)?$)",
    re.I,
)
# "Discuss the strategy ...", "consider structuring the requirements ... on a firm-fixed-price
# basis": guidance addressed to whoever fills in a template states no term of the deal
# "It shall not be adjusted by reference to the final construction cost ... or the time actually
# spent": what the fee does not depend on
_NOT_MEASURED_BY = re.compile(
    r"\bnot\s+(?:be\s+)?(?:adjusted|varied|calculated|determined|measured)\b[^.;]{0,140}$", re.I
)
# "It is not a fixed price ..., unless the letter of engagement expressly states that a fixed fee
# or fee cap applies": a model only some other document may state
_UNLESS_STATED = re.compile(
    r"\bunless\b[^.;,]{0,80}\b(?:states?|provides?|specifies|says)\s+(?:that\s+)?(?:an?\s+)?$", re.I
)
_PAID_FOR_TIME = re.compile(r"hours\s+actually\b", re.I)
_INSTRUCTION = re.compile(
    r"^\W*(?:[^,.;:]{0,60},\s*)?(?:discuss|describe|explain|consider|provide\s+(?:a\s+|the\s+)?rationale)\b",
    re.I,
)
# "propose firm, fixed-price hourly rates", "firm-fixed price rates for the above CLINs": a fixed
# price per hour of labor is time and materials, not a fixed fee for the work
_PRICED_RATES_AFTER = re.compile(r"\s*(?:(?:hourly|daily|labou?r(?:[\s-]hour)?)\s+)?rates?\b", re.I)
# "as defined under the Subscription License Agreement": the title of another agreement
_AGREEMENT_TITLE_AFTER = re.compile(r"(?:\s+[A-Z][\w-]*){1,3}\s+(?:Agreement|AGREEMENT)\b")
# "keep all revenues derived from ... advertising, sponsorships, subscriptions": a source of the
# client's own revenue, not how the provider is paid
_REVENUE_SOURCE = re.compile(
    r"\brevenues?\s+(?:derived\s+|generated\s+|earned\s+)?from\b[^;]{0,110}$", re.I
)
_EXCLUDED_CUE_AFTER = re.compile(r"\s*polic(?:y|ies)\b", re.I)  # "personnel retainer policies"
# "shall not be entitled to any additional cost reimbursement": the model is ruled out
_NEGATED_CUE = re.compile(
    # ("A time estimate ... shall not constitute a fixed price")
    r"\b(?:no|neither|not(?:\s+be)?(?:\s+entitled\s+to|\s+constitute|\s+create)?)\s+(?:any\s+|an?\s+)?"
    r"(?:additional\s+|further\s+|other\s+|separate\s+)?$"
    # "No standby, retainer or availability fee is payable": a negated list
    r"|\bno\s+(?:[\w-]+,\s+){1,3}$"
    # "The Firm will not render invoices on an hourly basis", "are not billed at the hourly rates"
    r"|\bnot\s+(?:\w+\s+){1,3}(?:on|at|by)\s+(?:an?\s+|the\s+)?$"
    # "It is not a quote, a fixed fee or a cap on our fees", "an estimate, not a quotation or a
    # fixed price": a list of what it is not
    r"|\bnot\s+(?:an?\s+)?[\w-]+(?:,|\s+or|\s+nor)\s+(?:an?\s+)?$"
    # "it is not a commitment by Client to order any volume, nor a fixed price for the Services"
    r"|\bnor\s+(?:an?\s+)?$",
    re.I,
)


def _negated(before: str) -> bool:
    """Whether "no" / "not" among the last words before a cue negates it (a word test first:
    this runs for every billing-model cue)."""
    # (words with their punctuation stripped: "| Estimated total (not a fixed price) |")
    words = [w.strip("([{\"'“‘") for w in before.lower().split()[-6:]]
    negating = "not" in words or "no" in words or "neither" in words or "nor" in words
    return negating and _NEGATED_CUE.search(before) is not None


# "to subscribe to the Offering by signing a subscription agreement": a purchase of securities
_SECURITIES_SUBSCRIPTION = re.compile(
    r"\s*(?:agreements?|documents?|booklets?|receipts?|rights?|price|amount|for\s+(?:the\s+)?shares)\b",
    re.I,
)


_ILLUSTRATION = re.compile(
    r"\W*(?:\(?\w{1,4}[.)]\s*)?(?:by\s+way\s+of\s+(?:illustration|example)|for\s+(?:example|instance|"
    r"illustration)|as\s+an\s+(?:example|illustration)|to\s+illustrate)\b",
    re.I,
)
# a statement is an invoice, but not a statement of work or objectives, nor a financial statement
# ("an unaudited statement of income for such fiscal quarter" is one too)
_INVOICE_WORD = re.compile(
    # ("Advertising Revenue invoiced during such calendar quarter": the base of a revenue share)
    r"\b(?:[Ii]nvoic(?!ed\b)|(?<![Rr]evenue\s)(?<![Ss]ales\s)[Ii]nvoiced\b|INVOIC"
    # (not "A monthly time statement will be emailed": a report of hours used, no bill)
    r"|(?<![Ll]oss\s)(?<!P&L\s)(?<![Ff]inancial\s)(?<!FINANCIAL\s)(?<![Ii]ncome\s)(?<![Tt]ime\s)"
    r"(?:[Ss]tatements?|STATEMENTS?)\b(?!\s+(?:of|OF)\s+(?:[Ww]ork|WORK|[Oo]bj|[Ii]ncome|INCOME"
    r"|[Oo]perations|[Cc]ash\s+[Ff]lows?|[Ff]inancial\s+[Pp]osition))"
    r"|[Bb]ill(?:s|ed|ing)?\b|BILL"
    # a law firm's "account" is its invoice: "Our accounts are payable within thirty (30) days
    # after they are delivered", "We will send you an account every month"
    r"|(?:[Oo]ur|[Ee]ach|[Ii]nterim|[Ff]inal)\s+accounts?\s+(?:is|are|will\s+be|shall\s+be)\s+"
    r"(?:payable|due|rendered|sent|delivered)\b"
    r"|\b(?:send|render|deliver|issue)\s+(?:to\s+)?(?:you\s+)?(?:an?|our|interim|monthly)\s+accounts?\b)"
)


@dataclass
class Sentence:
    """A candidate sentence with its cues (EntityRuler) and absolute offsets."""

    start: int
    end: int
    text: str
    cues: list[tuple[str, str, int, int]] = field(default_factory=list)  # label, id, start, end
    lower: str = ""
    currency: bool = True  # False: no currency marker, so no money or rate can be found in it
    _non_fee: bool | None = field(default=None, repr=False, compare=False)
    _expense: bool | None = field(default=None, repr=False, compare=False)
    _example: bool | None = field(default=None, repr=False, compare=False)

    def non_fee_money(self) -> bool:
        """Whether the sentence's money is about insurance, damages, shares... (not fees).

        Computed once: money, rate and billing-model resolvers all ask, and the pattern is a
        long case-insensitive alternation over the whole sentence.
        """
        if self._non_fee is None:
            self._non_fee = may_match(self.text, NON_FEE_WORDS) and bool(
                NON_FEE_MONEY.search(self.text)
            )
        return self._non_fee

    def fee_cell(self, start: int, end: int) -> bool:
        """Whether the amount at ``[start, end)`` is fee money although the sentence names
        shares or insurance: only in a fee schedule flattened into one long run of text ("...
        Stock Transfer Administration (Annual Fee, payable monthly) $ 18,000.00 Account ..."),
        where each amount is judged by its own cell, a fee word before it and no non-fee word
        around it."""
        if len(self.text) < TABLE_RUN_CHARS:
            return False
        lead = self.text[max(0, start - self.start - 40) : start - self.start]
        trail = self.text[end - self.start : end - self.start + 15]
        return (
            bool(_FEE_CELL_WORD.search(lead))
            and not NON_FEE_MONEY.search(lead + trail)
            # a cell is a label, not a clause: "we reserve the right to charge you a
            # non-attendance fee of up to $400 per day" is a long sentence, not a table
            and not _CLAUSE_VERB.search(self.text, max(0, start - self.start - 120), start - self.start)
        )

    def illustrative(self) -> bool:
        """Whether the sentence is a worked example ("By way of illustration, if the Licensee
        trades 30 Billion ..., with a Billable Platform Fee of $279,000"): its amounts are
        hypothetical, not terms."""
        if self._example is None:
            self._example = _ILLUSTRATION.match(self.text) is not None
        return self._example

    def expense_context(self) -> bool:
        """Whether the sentence speaks of travel or expenses anywhere (computed once)."""
        if self._expense is None:
            self._expense = may_match(self.text, EXPENSE_WORDS) and bool(
                EXPENSE_CONTEXT.search(self.text)
            )
        return self._expense

    def mentions(self, *words: str) -> bool:
        """Substring test on the lowercased sentence: a cheap guard before any regex."""
        return any(map(self.lower.__contains__, words))

    def has(self, cue: str) -> bool:
        """Whether the sentence holds the billing-model cue ``cue``, or speaks of invoicing."""
        if cue == "invoice":
            return self.mentions("invoic", "statement", "bill", "account") and bool(
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


def word_positions(lower: str, words: tuple[str, ...]) -> list[int]:
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


def any_position_between(positions: list[int], start: int, end: int) -> bool:
    index = bisect.bisect_left(positions, start)
    return index < len(positions) and positions[index] < end


def candidate_sentences(doc: Document) -> list[Sentence]:
    """Sentences that can hold a billing term, run through the cue EntityRuler."""
    text = doc.text
    lower = finders.lowered(text)
    aligned = len(lower) == len(text)
    if not aligned:  # a few characters change length when lowercased
        lower = text
    spans = [
        (s, e)
        for s, e in doc.sentences
        if _any_in(lower[s:e], TRIGGER_WORDS)
        # a pipe-table cell wrapped onto its own row ("|    | 31/01/2029.  |" under "... ending
        # on |"): its words are on the row above
        or (lower[s : s + 1] == "|" and _any_in(lower[max(0, s - 100) : s], TRIGGER_WORDS))
        # a form's box whose value is on the line under its label ("BOX 5   CALL-OFF START
        # DATE" over "        1 September 2025")
        or (lower[s : s + 1].isdigit() and _any_in(lower[max(0, s - 40) : s], ("date\n", "term\n")))
    ]
    hits = _cue_hits(lower, spans)
    cued = [(s, e) for s, e in spans if s in hits]
    sentences = {
        start: Sentence(start, end, text[start:end], lower=lower[start:end]) for start, end in spans
    }
    for start, sentence in sentences.items():
        if not _money.has_currency(sentence.text, sentence.lower if aligned else None):
            sentence.currency = False
            finders.NO_CURRENCY.add((start, sentence.text))
    # The EntityRuler only needs the few words around each cue word, not the whole sentence:
    # tokenizing short windows keeps the spaCy pass cheap on long contract sentences.
    windows = [
        (start, w_start, w_end)
        for start, end in cued
        for w_start, w_end in _cue_windows(lower, start, end, hits[start])
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
        # a line break inside a phrase ("a Firm\nFixed Price order") is a space: spaCy would make
        # it a token of its own, which no phrase pattern spans; so is a wrapped line's indent
        # ("hourly\n    rate" becomes "hourly rate": offsets are mapped back below)
        piece = text[w_start:w_end]
        if "\n" in piece or "\t" in piece or "\r" in piece or "  " in piece:
            piece = _SPACE_RUN.sub(" ", piece)
        pieces.append(piece)
        position += len(piece) + len(_WINDOW_SEPARATOR)
    joined_text = _WINDOW_SEPARATOR.join(pieces)
    maps: dict[int, list[int]] = {}  # window -> raw offset of each collapsed character
    # (an entity's text is the slice of the joined string: spaCy's tokens cover the text exactly)
    for ent_char, ent_end_char, label, ent_id in cue_entities(joined_text):
        i = bisect.bisect_right(joined_starts, ent_char) - 1
        start, w_start, w_end = windows[i]
        sentence = sentences[start]
        if len(pieces[i]) == w_end - w_start:  # nothing collapsed: offsets hold
            ent_start = w_start + ent_char - joined_starts[i]
            ent_end = w_start + ent_end_char - joined_starts[i]
        else:
            if i not in maps:
                maps[i] = _collapsed_offsets(text[w_start:w_end])
            ent_start = w_start + maps[i][ent_char - joined_starts[i]]
            ent_end = w_start + maps[i][ent_end_char - joined_starts[i]]
        ent_text = joined_text[ent_char:ent_end_char]
        before = text[max(start, ent_start - 40) : ent_start]
        if label == "BILLING_MODEL" and (
            # ("charged ... for hours actually worked": time paid for, not a contract type
            # named after "for")
            (_EXCLUDED_CUE_CONTEXT.search(before) and not _PAID_FOR_TIME.match(ent_text))
            or _REVENUE_SOURCE.search(text[max(start, ent_start - 120) : ent_start])
            or _NOT_MEASURED_BY.search(text[max(start, ent_start - 160) : ent_start])
            or _UNLESS_STATED.search(text[max(start, ent_start - 120) : ent_start])
            or _EXCLUDED_CUE_AFTER.match(text, ent_end)
            or _negated(before)
            or (_SECURITIES_SUBSCRIPTION.match(text, ent_end) and ent_id == "subscription")
            or inside_quotes(text, start, ent_start)
            or _defined_term(ent_text, before)
            or (ent_text[:1].isupper() and _AGREEMENT_TITLE_AFTER.match(text, ent_end))
            or _INSTRUCTION.search(sentence.text)
        ):
            continue
        cue_id = ent_id
        if cue_id == "fixed_fee" and _PRICED_RATES_AFTER.match(text, ent_end):
            cue_id = "time_and_materials"  # "firm, fixed-price hourly rates": priced per hour
        sentence.cues.append((label, cue_id, ent_start, ent_end))
    return [sentences[start] for start, _ in spans]


_WINDOW_SEPARATOR = "\n\n"
_SPACE_RUN = re.compile(r"\s{2,}|[\n\r\t]")


def _collapsed_offsets(raw: str) -> list[int]:
    """For ``_SPACE_RUN.sub(" ", raw)``: the offset in ``raw`` of each of its characters, and
    ``len(raw)`` after the last (an entity's end maps to where its last word ends)."""
    offsets: list[int] = []
    last = 0
    for run in _SPACE_RUN.finditer(raw):
        offsets.extend(range(last, run.start()))
        offsets.append(run.start())
        last = run.end()
    offsets.extend(range(last, len(raw)))
    offsets.append(len(raw))
    return offsets


def _defined_term(cue: str, before: str) -> bool:
    """A Title Case cue right after another capitalized word ("Construction Cost Reimbursement")
    names a defined term, not the pricing of the deal."""
    words = [w for w in re.split(r"[\s-]+", cue) if w and w.lower() not in ("and", "&", "of")]
    if not words or not all(w[0].isupper() for w in words) or cue.isupper():
        return False
    previous = re.search(r"([A-Za-z][\w'’]*)\s*$", before)
    return bool(previous and previous.group(1)[0].isupper() and before.strip() != previous.group(1))


def inside_quotes(text: str, sentence_start: int, offset: int) -> bool:
    """Whether ``offset`` falls inside a short quoted defined term ("Cost Reimbursement")."""
    before = text[max(sentence_start, offset - 60) : offset]
    open_curly = before.rfind("“") > before.rfind("”")
    open_straight = before.count('"') % 2 == 1
    return open_curly or open_straight


CUE_WINDOW = 32  # characters kept on each side of a cue word (phrases are at most 4 words)


def _cue_hits(lower: str, spans: list[tuple[int, int]]) -> dict[int, list[tuple[str, int]]]:
    """``(word, offset)`` of every cue word lying wholly inside a span, keyed by span start.

    One ``str.find`` pass per cue word over the candidate sentences joined into one string, and
    a bisect per occurrence, instead of testing every cue word against every candidate sentence
    (most hold none). The joined string skips the text of the other sentences (a third of a
    typical contract), and a cue word cannot run across the line break that joins two sentences.
    Needs spans in order and not overlapping, which the segmenter gives; anything else is tested
    span by span.
    """
    hits: dict[int, list[tuple[str, int]]] = {}
    if any(spans[i][1] > spans[i + 1][0] for i in range(len(spans) - 1)) or any(
        s > e for s, e in spans
    ):
        for s, e in spans:
            found = [(word, i) for word in CUE_WORDS for i in _find_all(lower, word, s, e)]
            if found:
                hits[s] = found
        return hits
    starts = [s for s, _ in spans]
    joined_starts: list[int] = []  # where each span's text starts in ``joined``
    position = 0
    for s, e in spans:
        joined_starts.append(position)
        position += e - s + 1
    joined = "\n".join([lower[s:e] for s, e in spans])
    positions: dict[str, list[int]] = {}
    for word in _CUE_SCAN_ORDER:
        inner = _CUE_INSIDE.get(word)
        if inner is not None:  # "materials" can only occur where "material" does
            at = word.index(inner)
            positions[word] = [
                i - at for i in positions[inner] if i >= at and joined.startswith(word, i - at)
            ]
            continue
        occurrences: list[int] = []
        positions[word] = occurrences
        index = joined.find(word)
        while index != -1:
            occurrences.append(index)
            index = joined.find(word, index + 1)
    for word in CUE_WORDS:
        for index in positions[word]:
            i = bisect.bisect_right(joined_starts, index) - 1
            hits.setdefault(starts[i], []).append((word, starts[i] + index - joined_starts[i]))
    return hits


# a cue word that holds another cue word ("firm-fixed-price", "fixed") is looked for only where
# that one occurs (at the same offset as its first occurrence in the longer word)
_CUE_INSIDE = {
    word: max((p for p in CUE_WORDS if p != word and p in word), key=len)
    for word in CUE_WORDS
    if any(p != word and p in word for p in CUE_WORDS)
}
_CUE_SCAN_ORDER = sorted(CUE_WORDS, key=len)  # a word is scanned before the longer ones it is in


# for each cue word, the other words of each phrase it stands for
_OTHER_PHRASE_WORDS = {
    word: [tuple(part for part in parts if part != word) for parts in phrases]
    for word, phrases in CUE_PHRASE_WORDS.items()
}


def _cue_windows(
    lower: str, start: int, end: int, hits: list[tuple[str, int]]
) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` windows around the cue words ``hits`` of one sentence, cut at
    spaces."""
    windows: list[tuple[int, int]] = []
    sentence = lower[start:end]
    present = {word for word, _ in hits}
    # every word of at least one phrase keyed by this word must occur in the sentence (the key
    # word itself does: it was found there)
    phrased = {
        word
        for word in present
        if any(all(map(sentence.__contains__, others)) for others in _OTHER_PHRASE_WORDS[word])
    }
    offsets = sorted(index for word, index in hits if word in phrased)
    for hit in offsets:
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


# "EXHIBIT D FORM OF SOW", "Exhibit C - Form of Statement of Work": a template for documents the
# parties may sign later; its blanks and example terms are not this agreement's terms
_FORM_HEADING_BEFORE = re.compile(
    r"\b(?:EXHIBIT|Exhibit|SCHEDULE|Schedule|ATTACHMENT|Attachment|APPENDIX|Appendix)\s+"
    r"[A-Z0-9][\w.\-]{0,4}\s*[:\-–—.]?\s*$"
)
_NEXT_EXHIBIT = re.compile(r"\b(?:EXHIBIT|SCHEDULE|ATTACHMENT|APPENDIX)\s+[A-Z0-9][\w.\-]{0,4}\b")


def form_exhibits(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every exhibit that is a form (to the next exhibit heading or the end).

    Found from the words "Form of" (str.find at C speed), then the heading is tested in the few
    characters before them: a regex scan of the whole text cost more than the rest of the
    expenses resolver."""
    spans = []
    for needle in ("Form of", "FORM OF"):
        index = text.find(needle)
        while index != -1:
            heading = _FORM_HEADING_BEFORE.search(text, max(0, index - 30), index)
            if heading is not None:
                following = _NEXT_EXHIBIT.search(text, index + len(needle))
                spans.append((heading.start(), following.start() if following else len(text)))
            index = text.find(needle, index + 1)
    return spans


def inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls in one of ``spans``."""
    return any(start <= offset < end for start, end in spans)
