"""Paragraph segmentation and feature engineering for the clause classifier.

The classifier works on paragraphs: CUAD excerpts are clause-sized, reviewers read paragraphs,
and a paragraph is the unit whose offsets become the clause's evidence. Everything here is
plain text in, plain data out, so training (on CUAD text files) and serving (on whatever the
document parser produced) run the same code; the transformer classes live inside the saved
pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

# The 20 clause types of INTERFACES.md; the first 17 are learned from CUAD.
CUAD_CLAUSE_TYPES: tuple[str, ...] = (
    "uncapped_liability",
    "liability_cap",
    "most_favored_nation",
    "termination_for_convenience",
    "ip_ownership_assignment",
    "liquidated_damages",
    "exclusivity",
    "non_compete",
    "non_solicitation",
    "auto_renewal",
    "audit_rights",
    "minimum_commitment",
    "change_of_control",
    "anti_assignment",
    "governing_law",
    "warranty_duration",
    "insurance",
)
PATTERN_CLAUSE_TYPES: tuple[str, ...] = ("indemnification", "pay_when_paid", "acceptance")
CLAUSE_TYPES: tuple[str, ...] = CUAD_CLAUSE_TYPES + PATTERN_CLAUSE_TYPES

# Paragraphs longer than this are cut at line or sentence ends: a 20-page block without blank
# lines would otherwise become one giant "clause" whose evidence points at nothing useful.
MAX_PARAGRAPH_CHARS = 1500
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[(\"A-Z0-9])")
_HEADING_MAX_CHARS = 90
CONTEXT_CHARS = 300
MODEL_INPUT_COLUMNS: tuple[str, ...] = ("text", "heading", "context")
_HEADING_LEAD = re.compile(
    r"^\s*(?:(?:article|section)\s+)?(?:[0-9]+(?:\.[0-9]+)*\.?|[A-Z]\.|\([a-z0-9]+\)|[IVX]+\.)?\s*"
    r"([A-Z][A-Za-z/&,' -]{2,60}?)[.:\-—]",
)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink [start, end) to exclude surrounding whitespace; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _cut_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut an over-long block at line breaks, then sentence ends, into pieces <= ~limit."""
    if end - start <= limit:
        return [(start, end)]
    cuts: list[int] = [m.end() for m in re.finditer(r"\n", text[start:end])]
    if not cuts:
        cuts = [m.start() for m in _SENTENCE_END.finditer(text[start:end])]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    last_ok = start
    for rel in cuts:
        pos = start + rel
        if pos - piece_start > limit and last_ok > piece_start:
            pieces.append((piece_start, last_ok))
            piece_start = last_ok
        last_ok = pos
    pieces.append((piece_start, end))
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        span = _trimmed(text, s, e)
        if span is None:
            continue
        if span[1] - span[0] > limit * 2:
            # Cutting left a huge piece (one long line, or few sentence ends): cut by sentence,
            # then by whitespace.
            out.extend(_cut_sentences(text, span[0], span[1], limit))
        else:
            out.append(span)
    return out


def _cut_sentences(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    cuts = [start + m.start() for m in _SENTENCE_END.finditer(text[start:end])]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    last_ok = start
    for pos in [*cuts, end]:
        if pos - piece_start > limit and last_ok > piece_start:
            pieces.append((piece_start, last_ok))
            piece_start = last_ok
        last_ok = pos
    pieces.append((piece_start, end))
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        span = _trimmed(text, s, e)
        if span is None:
            continue
        if span[1] - span[0] > 2 * limit:
            out.extend(_cut_whitespace(text, span[0], span[1], limit))
        else:
            out.append(span)
    return out


def _cut_whitespace(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Last resort for run-on text: cut at the last space before each ``limit`` chars."""
    out: list[tuple[int, int]] = []
    pos = start
    while end - pos > limit:
        cut = text.rfind(" ", pos + limit // 2, pos + limit)
        cut = cut if cut > pos else pos + limit
        span = _trimmed(text, pos, cut)
        if span is not None:
            out.append(span)
        pos = cut
    span = _trimmed(text, pos, end)
    if span is not None:
        out.append(span)
    return out


def split_paragraphs(text: str, *, max_chars: int = MAX_PARAGRAPH_CHARS) -> list[tuple[int, int]]:
    """Paragraph ``(start, end)`` offsets into ``text``: blank-line blocks, long ones cut.

    Offsets exclude surrounding whitespace, so ``text[start:end]`` is the paragraph as a
    reviewer would quote it.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in [*_BLANK_LINE.finditer(text), None]:
        block_end = match.start() if match is not None else len(text)
        span = _trimmed(text, pos, block_end)
        if span is not None:
            spans.extend(_cut_long(text, span[0], span[1], max_chars))
        if match is not None:
            pos = match.end()
    return spans


def is_heading(paragraph: str) -> bool:
    """A short line that names a section ("12. GOVERNING LAW", "Article V - Term")."""
    stripped = paragraph.strip()
    if not stripped or len(stripped) > _HEADING_MAX_CHARS or "\n" in stripped:
        return False
    letters = [c for c in stripped if c.isalpha()]
    if not letters:
        return False
    upper_share = sum(c.isupper() for c in letters) / len(letters)
    return (
        upper_share > 0.6
        or not stripped.rstrip().endswith((".", ";", ","))
        or bool(re.match(r"^\s*(article|section)\b", stripped, re.I))
    )


def lead_heading(paragraph: str) -> str:
    """The inline heading a paragraph opens with ("11.2 Insurance. Supplier shall...")."""
    match = _HEADING_LEAD.match(paragraph[:120])
    return match.group(1).strip() if match else ""


def paragraph_frame(text: str, paragraphs: Sequence[tuple[int, int]]) -> pd.DataFrame:
    """The classifier's input: one row per paragraph with its text, heading and context.

    The heading is the nearest preceding heading-like paragraph plus the paragraph's own inline
    heading; the context is the tail of the previous paragraph (a lead-in such as "Neither
    party shall:" before a list item). Both carry what a bare list item ("(b) ...") lacks.
    """
    rows: list[dict[str, str]] = []
    current = ""
    previous = ""
    for start, end in paragraphs:
        para = text[start:end]
        if is_heading(para):
            current = para.strip()
            rows.append({"text": para, "heading": current, "context": previous})
            previous = para[-CONTEXT_CHARS:]
            continue
        inline = lead_heading(para)
        heading = f"{current} | {inline}" if inline else current
        rows.append({"text": para, "heading": heading, "context": previous})
        previous = para[-CONTEXT_CHARS:]
    return pd.DataFrame(rows, columns=list(MODEL_INPUT_COLUMNS))


# Phrases lawyers key on; counted as a small dense block next to the n-grams so rare but
# decisive wording (e.g. "most favored") is not drowned by frequent vocabulary. Each feature is
# a tuple of lower-case substrings (any one present) or, where wording varies, a regex run on
# lower-cased text. Substring tests run at C speed: this block must stay a small share of the
# per-document budget (bench/bench_clauses.py).
LEGAL_PHRASES: dict[str, tuple[str, ...] | str] = {
    "governed_by": ("governed by", "construed in accordance with", "laws of the state of"),
    "assign": ("assign", "transfer"),
    "change_control": ("change of control", "change in control", "merger", "acquisition of",
                       "controlling interest"),
    "audit": ("audit", "inspect", "books and records"),
    "insurance": ("insurance", "insured", "coverage", "policy limits"),
    "warranty_period": r"warrant[^.]{0,80}(?:days|months|years|period)",
    "renew": ("renew", "successive", "automatically extend", "evergreen"),
    "terminate_convenience": ("for convenience", "without cause", "for any reason", "at any time"),
    "exclusive": ("exclusiv", "sole provider", "sole supplier", "sole distributor"),
    "compete": ("compet",),
    "solicit": ("solicit", "hire", "employ"),
    "mfn": ("most favored", "most favoured", "less favorable", "less favourable",
            "as favorable", "as favourable", "more favorable", "more favourable", "best price",
            "lowest price", "best terms", "better terms", "lower price"),
    "liquidated": ("liquidated damages", "as a penalty"),
    "minimum": ("minimum", "at least", "no less than"),
    "ip_assign": ("hereby assign", "shall own", "made for hire", "all right, title and interest"),
    "liability_limit": ("in no event", "shall not exceed", "aggregate liability",
                        "limitation of liability"),
    "uncapped": ("shall not apply", "excluded from", "notwithstanding", "gross negligence"),
    "money": r"\$ ?[0-9]|dollars|usd",
    "duration": r"[0-9)] ?(?:days|months|years)",
}
# Substrings that every match of a regex feature contains: a cheap gate before the regex.
_REGEX_GATES: dict[str, tuple[str, ...]] = {
    "warranty_period": ("warrant",),
    "money": ("$", "dollar", "usd"),
    "duration": ("day", "month", "year"),
}
_PHRASE_TESTS: list[tuple[tuple[str, ...], re.Pattern[str] | None]] = [
    (_REGEX_GATES[name], re.compile(p)) if isinstance(p, str) else (p, None)
    for name, p in LEGAL_PHRASES.items()
]


class LegalPhraseFeatures(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    """Binary indicators for legal phrases in the text, plus a log length."""

    def fit(self, X: Any, y: Any = None) -> LegalPhraseFeatures:
        """Stateless: nothing to learn."""
        return self

    def transform(self, X: Any) -> sparse.csr_matrix:
        """One row per paragraph: phrase hits (0/1) and log(1 + length) / 10."""
        texts = _as_texts(X)
        out = np.zeros((len(texts), len(_PHRASE_TESTS) + 1), dtype=np.float64)
        for i, text in enumerate(texts):
            text = text.lower()
            for j, (phrases, pattern) in enumerate(_PHRASE_TESTS):
                if any(phrase in text for phrase in phrases) and (
                    pattern is None or pattern.search(text) is not None
                ):
                    out[i, j] = 1.0
            out[i, -1] = np.log1p(len(text)) / 10.0
        return sparse.csr_matrix(out)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the phrase indicators."""
        return np.asarray([*LEGAL_PHRASES, "log_length"], dtype=object)


def _as_texts(X: Any) -> list[str]:
    if isinstance(X, pd.DataFrame):
        X = X.iloc[:, 0]
    if isinstance(X, pd.Series):
        return X.fillna("").astype(str).tolist()
    return ["" if x is None else str(x) for x in X]


# Wording cues for the types the bag of words finds hardest (most-favoured-nation, non-compete,
# termination for convenience, liquidated damages, change of control, exclusivity, uncapped
# liability). Unlike ``LEGAL_PHRASES`` these are phrase *structures* ("shall not ... compete",
# "terminate ... upon 30 days' notice") that word bigrams cannot see across the gap. Each cue
# is (gate substrings, regex on lower-cased text): the regex only runs when a gate is present.
CLAUSE_CUES: dict[str, tuple[tuple[str, ...], str]] = {
    "mfn_terms": (
        ("favo", "best", "lowest", "equal to or", "no less", "no higher", "no greater"),
        r"most[- ]favou?red|(?:no|not) less favou?rabl[ey]|(?:at least )?as favou?rabl[ey] as"
        r"|more favou?rabl[ey] (?:terms|price|pricing|rates?|conditions|than)"
        r"|better than (?:that|those|the (?:price|terms|rates?)) (?:provided|offered|granted)"
        r"|(?:highest|lowest) (?:then[- ]current )?(?:rate|price|royalty)"
        r"|equal to or (?:better|lower|less|more favou?rable) than"
        r"|(?:best|lowest) (?:net )?(?:price|pricing|rates?|terms)"
        r"|(?:no|not) (?:higher|greater) than (?:the )?(?:lowest|price|prices|rates?)"
        r"|(?:price|prices|pricing|rates?) (?:charged|offered|granted) to any other",
    ),
    "compete_covenant": (
        ("compet",),
        r"(?:shall|will|agrees? (?:that it will|to)|may) not[^.;]{0,160}compet"
        r"|not[^.;]{0,60}(?:engage|participate|invest|own|manage)[^.;]{0,160}compet"
        r"|compet(?:ing|itive|es|e) (?:business|products?|services?|with)"
        r"|non-?compet",
    ),
    "terminate_at_will": (
        ("terminat",),
        r"terminat[^.;]{0,160}(?:for convenience|without cause|for any reason|for no reason"
        r"|with or without cause|in its sole discretion|at any time)"
        r"|(?:for convenience|without cause|for any reason|at any time)[^.;]{0,160}terminat",
    ),
    "terminate_on_notice": (
        ("terminat",),
        r"terminat[^.;]{0,200}(?:upon|on|with|by giving|after)[^.;]{0,40}"
        r"(?:days|months)['’]?s?\s+(?:prior\s+|advance\s+)?(?:written\s+)?notice",
    ),
    "liquidated_penalty": (
        ("liquidated", "penalt", "late", "delay", "forfeit"),
        r"liquidated damages|as a penalty|not (?:as )?a penalty|penalty of"
        r"|(?:late|delay) (?:delivery )?(?:fee|charge|penalt)|forfeit",
    ),
    "control_change": (
        ("control", "merger", "merge", "acqui", "owner", "majority", "voting"),
        r"change (?:of|in) (?:the )?control|chang\w* in (?:the )?(?:ownership|control)"
        r"|(?:merger|merges?|consolidat\w*|acquisition|acquired|reorgani[sz]ation)[^.;]{0,160}"
        r"(?:control|voting|all or substantially all)"
        r"|(?:fifty|50) ?(?:percent|%)[^.;]{0,60}(?:voting|outstanding|equity|shares)"
        r"|majority of (?:the |its )?(?:voting|outstanding|equity|shares)",
    ),
    "exclusive_grant": (
        ("exclusiv", "sole", "only"),
        r"(?<!non-)(?<!non)exclusive (?:right|license|licen[cs]e|distribut\w*|supplier|provider"
        r"|basis|agent|territory|reseller)"
        r"|sole and exclusive|exclusively (?:from|to|through|with)"
        r"|(?:purchase|buy|obtain|source)[^.;]{0,80}(?:exclusively|solely|only) from"
        r"|shall not[^.;]{0,120}(?:appoint|grant)[^.;]{0,80}(?:other|another|third)",
    ),
    "non_exclusive": (("exclusiv",), r"non-?exclusive"),
    "cap_carve_out": (
        ("not apply", "exclud", "except", "notwithstanding", "unlimited"),
        r"(?:shall not apply|not apply|exclud\w*|except(?:ion)?s?|notwithstanding)[^.;]{0,200}"
        r"(?:indemnif|gross negligence|wil[l]?ful|confidential|fraud|death|bodily)"
        r"|unlimited liability",
    ),
}
# Second set: the near misses the first set cannot tell apart (grouped out-of-fold errors on
# the training contracts). Change of control is about consent, notice or termination when a
# party changes hands, not about an assignment the merger *frees* from consent; termination
# for convenience is not termination for breach; "at any time" alone is weak evidence;
# liquidated damages often read as a termination or cancellation fee.
EXTRA_CLAUSE_CUES: dict[str, tuple[tuple[str, ...], str]] = {
    "control_triggers": (
        ("control", "merger", "merge", "acqui", "substantially all"),
        r"(?:change (?:of|in) (?:the )?(?:control|ownership)|merger|merges?|consolidat\w*"
        r"|acqui\w+|substantially all)[^.;]{0,200}(?:terminat|deemed (?:to be )?an? assignment"
        r"|(?:prior|written) consent|notify|notice)"
        r"|(?:terminat|deemed (?:to be )?an? assignment)[^.;]{0,200}"
        r"(?:change (?:of|in) (?:the )?(?:control|ownership)|merger|acqui\w+)",
    ),
    "assign_free_on_merger": (
        ("consent",),
        r"without (?:the )?(?:need for |requiring )?(?:any )?(?:such )?(?:prior )?(?:written )?"
        r"consent[^.;]{0,200}(?:merger|acqui\w+|substantially all|reorgani[sz]ation|successor)"
        r"|(?:merger|acqui\w+|substantially all|successor)[^.;]{0,150}without (?:the )?(?:any )?"
        r"(?:such )?(?:prior )?(?:written )?consent",
    ),
    "terminate_for_cause": (
        ("terminat",),
        r"terminat[^.;]{0,160}(?:for cause|material(?:ly)? breach|breach|default|insolven"
        r"|bankrupt|fail(?:s|ure)? to)",
    ),
    "terminate_without_cause": (
        ("terminat",),
        r"terminat[^.;]{0,160}(?:for convenience|without cause|for any reason|for no reason"
        r"|with or without cause|in its sole discretion)"
        r"|(?:for convenience|without cause|for any reason|for no reason)[^.;]{0,160}terminat",
    ),
    "compared_to_others": (
        ("favo", "better", "lower", "best", "highest", "price", "rate", "terms"),
        r"(?:favou?rabl|better|lower|lowest|highest|best|prices?|rates?|royalt)[^.;]{0,120}"
        r"(?:any (?:other|third)|other (?:customers?|licensees?|distributors?|purchasers?"
        r"|clients?|resellers?|buyers?|shippers?|persons?)|third part|similarly[- ]situated)",
    ),
    "restrictive_covenant": (
        ("not",),
        r"(?:during the term|for a period of|following (?:the )?(?:termination|expiration))[^.;]{0,200}"
        r"(?:shall|will|may|agrees?(?: to)?)\s+not\b"
        r"|(?:shall|will|agrees?(?: to)?)\s+not[^.;]{0,200}(?:during the term"
        r"|for a period of[^.;]{0,40}(?:after|following))"
        r"|(?:sell|market|promote|distribute|develop|commerciali[sz]e|manufacture)[^.;]{0,80}"
        r"(?:same or similar|similar to|competing|competitive)",
    ),
    "exclusive_word": (("exclusiv",), r"(?<!non-)(?<!non)(?<!non )exclusiv(?:e|ely|ity)\b(?! of\b)"),
    "termination_fee": (
        ("fee", "liquidated", "penalt"),
        r"(?:termination|cancell?ation|break-?up|early termination|kill|exit) (?:fee|payment|charge)"
        r"|liquidated damages|(?:not|no) (?:as )?a penalty",
    ),
}
_CUE_TESTS: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    (gate, re.compile(pattern)) for gate, pattern in CLAUSE_CUES.values()
]
# Second gates (a substring every match also contains) for the extra cues whose first gate is
# common wording: both must be present before the regex runs. Speed only, same hits.
_EXTRA_CUE_SECOND_GATES: dict[str, tuple[str, ...]] = {
    "compared_to_others": (
        "any other", "any third", "third part", "similarly", "other customer", "other licensee",
        "other distributor", "other purchaser", "other client", "other reseller", "other buyer",
        "other shipper", "other person",
    ),
    "restrictive_covenant": ("during the term", "for a period of", "following", "similar",
                             "competi"),
}
_EXTRA_CUE_TESTS: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    (gate, re.compile(pattern)) for gate, pattern in EXTRA_CLAUSE_CUES.values()
]
_SECOND_GATES: list[tuple[str, ...]] = [() for _ in CLAUSE_CUES] + [
    _EXTRA_CUE_SECOND_GATES.get(name, ()) for name in EXTRA_CLAUSE_CUES
]


class ClauseCueFeatures(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    """Binary wording cues (``CLAUSE_CUES``) in the paragraph, and the same in its lead-in.

    Input: two columns, the paragraph text and its context (the previous paragraph's tail). The
    context copy matters for list items: "(b) compete with Company" is a non-compete only
    because the lead-in said "Employee shall not, during the Term:".
    """

    def __init__(self, weight: float = 1.0, extended: bool = False) -> None:
        self.weight = weight
        self.extended = extended

    def _tests(self) -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
        # Models saved before ``extended`` existed load without the attribute.
        return _CUE_TESTS + _EXTRA_CUE_TESTS if getattr(self, "extended", False) else _CUE_TESTS

    def _names(self) -> list[str]:
        names = list(CLAUSE_CUES)
        return names + list(EXTRA_CLAUSE_CUES) if getattr(self, "extended", False) else names

    def fit(self, X: Any, y: Any = None) -> ClauseCueFeatures:
        """Stateless: nothing to learn."""
        return self

    def transform(self, X: Any) -> sparse.csr_matrix:
        """One row per paragraph: cue hits in the text, then in the context (0 or ``weight``).

        ``weight`` > 1 makes a cue cheaper for the regularised linear head to use than the
        many small TF-IDF weights it would otherwise spread over the same wording.
        """
        if isinstance(X, pd.DataFrame):
            texts = _as_texts(X.iloc[:, 0])
            contexts = _as_texts(X.iloc[:, 1]) if X.shape[1] > 1 else [""] * len(texts)
        else:
            texts, contexts = _as_texts(X), [""] * len(X)
        tests = self._tests()
        n_cues = len(tests)
        out = np.zeros((len(texts), 2 * n_cues), dtype=np.float64)
        for i, (text, context) in enumerate(zip(texts, contexts, strict=True)):
            for offset, body in ((0, text.lower()), (n_cues, context.lower())):
                if not body:
                    continue
                for j, (gate, pattern) in enumerate(tests):
                    second = _SECOND_GATES[j]
                    if (
                        any(g in body for g in gate)
                        and (not second or any(g in body for g in second))
                        and pattern.search(body) is not None
                    ):
                        out[i, offset + j] = self.weight
        return sparse.csr_matrix(out)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Cue names, then the same with a ``context_`` prefix."""
        names = self._names()
        return np.asarray([*names, *(f"context_{n}" for n in names)], dtype=object)


# Sentence-level cues. The paragraph cues above cannot say "in the same sentence, and without
# a condition": a termination paragraph often grants (i) termination on notice and (ii)
# termination for breach, and both cue families fire on it whether or not the notice right is
# unconditional. Grouped cross-validation over the training contracts found termination for
# convenience the type that gains most (see training/clauses/README.md); the change-of-control
# and liquidated-damages cues add a little.
_SENTENCE_SPLIT = re.compile(r"(?<=[.;:])\s+|\n\s*\(?[a-z0-9ivx]{1,4}\)\s")
_TERMINATION_WORDS = ("terminat", "withdraw", "cancel")
_AT_WILL_TERMS = re.compile(
    r"(?:days|months|years)['’]?s?\s+(?:prior\s+|advance\s+)?(?:written\s+)?notice"
    r"|at any time|for any reason|without cause|convenience|sole discretion|no reason"
    r"|by (?:giving|providing|delivering) (?:\w+ )?(?:written )?notice"
)
# Wording that makes a termination right conditional (breach, insolvency, an event, expiry or
# renewal); "without cause" is removed from the sentence before this test.
_TERMINATION_CONDITIONS = re.compile(
    r"breach|default|insolv|bankrupt|fail|violat|\bif\b|in the event|occurrence"
    r"|change (?:of|in) control|expir|renew|cause\b|unless|event of"
)


def terminates_at_will(text: str) -> bool:
    """True when one sentence of lower-cased ``text`` grants termination on notice or at will,
    with no breach, event or other condition in that sentence."""
    if not any(word in text for word in _TERMINATION_WORDS):
        return False
    for sentence in _SENTENCE_SPLIT.split(text):
        if (
            any(word in sentence for word in _TERMINATION_WORDS)
            and _AT_WILL_TERMS.search(sentence) is not None
            and _TERMINATION_CONDITIONS.search(sentence.replace("without cause", "")) is None
        ):
            return True
    return False


# Change of control: a party changing hands *and* a consequence (termination, consent, notice,
# deemed assignment) in one sentence, not freed from consent by it.
_CONTROL_EVENT = re.compile(
    r"change (?:of|in) (?:the )?(?:control|ownership)|merger|merges? with|acquired by"
    r"|acquisition of|substantially all of (?:its|the) (?:assets|stock|business)"
    r"|voting (?:stock|securities|power)|controlling interest"
)
_CONTROL_CONSEQUENCE = re.compile(r"terminat|consent|deemed (?:to be )?an? assignment|notif|notice|approv")
_FREE_OF_CONSENT = re.compile(
    r"without (?:the )?(?:need for |requiring )?(?:any )?(?:such )?(?:prior )?(?:written )?consent"
)
_CONTROL_GATES = ("control", "merge", "acqui", "substantially all", "voting")


def control_change_consequence(text: str) -> bool:
    """True when one sentence of lower-cased ``text`` ties a change of control to consent,
    notice or termination (and does not waive consent for it)."""
    if not any(gate in text for gate in _CONTROL_GATES):
        return False
    return any(
        _CONTROL_EVENT.search(sentence) is not None
        and _CONTROL_CONSEQUENCE.search(sentence) is not None
        and _FREE_OF_CONSENT.search(sentence) is None
        for sentence in _SENTENCE_SPLIT.split(text)
    )


# Liquidated damages: a failure, breach or termination, a payment and an amount in one
# sentence ("if Supplier fails to deliver, it shall pay 2% of the price per week"), or the
# words themselves.
_LD_TRIGGER = re.compile(r"fail|breach|terminat|violat|default|does not meet|delay|late|cancel")
_LD_PAYMENT = re.compile(r"\bpay|paid|payable|liable for|withh[oe]ld|forfeit|refund|penalt|deduct")
_LD_AMOUNT = re.compile(
    r"\bfee\b|amount|penalt|damages|percent|%|\$|times|sum\b|per (?:day|week|month)"
)
_LD_TRIGGER_WORDS = (
    "fail", "breach", "terminat", "violat", "default", "delay", "late", "cancel", "does not meet",
)


def payment_on_failure(text: str) -> bool:
    """True when one sentence of lower-cased ``text`` names liquidated damages or a penalty, or
    ties a payment of an amount to a failure, breach or termination."""
    if not (
        "liquidated" in text
        or "penalt" in text
        or ("pay" in text and any(word in text for word in _LD_TRIGGER_WORDS))
    ):
        return False
    return any(
        "liquidated damages" in sentence
        or "penalt" in sentence
        or (
            _LD_TRIGGER.search(sentence) is not None
            and _LD_PAYMENT.search(sentence) is not None
            and _LD_AMOUNT.search(sentence) is not None
        )
        for sentence in _SENTENCE_SPLIT.split(text)
    )


SENTENCE_CUES: dict[str, Any] = {
    "terminate_at_will_sentence": terminates_at_will,
    "control_change_sentence": control_change_consequence,
    "payment_on_failure_sentence": payment_on_failure,
}


class SentenceCueFeatures(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    """Binary sentence-level cues (``SENTENCE_CUES``) of the paragraph text."""

    def fit(self, X: Any, y: Any = None) -> SentenceCueFeatures:
        """Stateless: nothing to learn."""
        return self

    def transform(self, X: Any) -> sparse.csr_matrix:
        """One row per paragraph, one 0/1 column per sentence cue."""
        tests = list(SENTENCE_CUES.values())
        texts = _as_texts(X)
        out = np.zeros((len(texts), len(tests)), dtype=np.float64)
        for i, text in enumerate(texts):
            low = text.lower()
            for j, test in enumerate(tests):
                if test(low):
                    out[i, j] = 1.0
        return sparse.csr_matrix(out)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the sentence cues."""
        return np.asarray(list(SENTENCE_CUES), dtype=object)
