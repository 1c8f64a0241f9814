"""Optional LLM extractor (langchain + any OpenAI-compatible endpoint), merged with the rules.

The model returns a pydantic :class:`BillingTerms` through ``with_structured_output``; every value
must come with a verbatim quote. A value whose quote cannot be found in the document text (exact,
then whitespace/case-insensitive, then fuzzy) is dropped: the reviewer only ever sees evidence
that exists. Merging: agreement raises the rule confidence, disagreement lowers it and keeps both
candidates on the term for the reviewer; a value only the model found enters at low confidence.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Literal

from pydantic import BaseModel, Field

from service.config import Settings
from service.documents.document import Document

MAX_INPUT_CHARS = 120_000  # a hard cut instead of token counting (no tokenizer download offline)
FUZZY_MIN_RATIO = 0.85

SYSTEM_PROMPT = (
    "You extract billing terms from a contract or statement of work. Fill a field only when the "
    "document states it explicitly; otherwise leave it null. For every field you fill, add a quote: "
    "a short verbatim passage (max 300 characters) copied exactly from the document that supports it."
)


class LlmError(RuntimeError):
    """The LLM call failed (network, timeout, malformed output); rules still apply."""


class Amount(BaseModel):
    amount: float
    currency: str = Field(description="ISO 4217 code")


class RateItem(BaseModel):
    role: str | None = None
    amount: float
    currency: str
    unit: Literal["hour", "day", "week", "month", "year"]


class MilestoneItem(BaseModel):
    name: str
    amount: float | None = None
    percent: float | None = None


class LateInterest(BaseModel):
    percent: float
    period: Literal["month", "year"]


class Discount(BaseModel):
    percent: float
    days: int


class Period(BaseModel):
    start: str | None = Field(None, description="YYYY-MM-DD")
    end: str | None = Field(None, description="YYYY-MM-DD")
    months: int | None = None


class Quote(BaseModel):
    key: str = Field(description="the billing_terms field this quote supports")
    text: str = Field(description="verbatim text from the document")


BillingModel = Literal[
    "fixed_fee",
    "time_and_materials",
    "milestone",
    "retainer",
    "subscription",
    "usage",
    "cost_reimbursement",
]
Frequency = Literal[
    "weekly",
    "biweekly",
    "semimonthly",
    "monthly",
    "quarterly",
    "annually",
    "milestone",
    "completion",
    "advance",
]


class BillingTerms(BaseModel):
    """The INTERFACES billing_terms, as the model is asked to return them."""

    billing_models: list[BillingModel] | None = None
    payment_terms_days: int | None = Field(None, description="days after invoice to pay")
    currency: str | None = None
    contract_value: Amount | None = None
    not_to_exceed: Amount | None = None
    invoice_frequency: Frequency | None = None
    rates: list[RateItem] | None = None
    milestones: list[MilestoneItem] | None = None
    late_payment_interest: LateInterest | None = None
    expenses_reimbursable: bool | None = None
    early_payment_discount: Discount | None = None
    retainage_percent: float | None = None
    po_required: bool | None = None
    period_of_performance: Period | None = None
    quotes: list[Quote] = Field(default_factory=list)


class LlmExtractor:
    """Wraps a langchain chat model; ``extract(text)`` returns key -> {"value", "quote"}."""

    def __init__(self, chat_model: Any, *, model_name: str = "llm") -> None:
        self.model_name = model_name
        self._chain = chat_model.with_structured_output(BillingTerms, method="function_calling")

    @classmethod
    def from_settings(cls, settings: Settings, *, http_client: Any = None) -> LlmExtractor:
        """A ChatOpenAI on ``settings.llm_base_url`` / ``llm_model`` / ``llm_api_key``."""
        from langchain_openai import ChatOpenAI

        api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
        kwargs: dict[str, Any] = {
            "model": settings.llm_model,
            "api_key": api_key,
            "timeout": settings.llm_timeout_s,
            "max_retries": 0,
            "temperature": 0,
        }
        if settings.llm_base_url:
            kwargs["base_url"] = settings.llm_base_url
        if http_client is not None:
            kwargs["http_client"] = http_client
        return cls(ChatOpenAI(**kwargs), model_name=settings.llm_model)

    def extract(self, text: str) -> dict[str, dict[str, Any]]:
        """Ask the model; values keyed like billing_terms, each with the model's quote."""
        messages = [("system", SYSTEM_PROMPT), ("human", text[:MAX_INPUT_CHARS])]
        try:
            result = self._chain.invoke(messages)
        except Exception as exc:  # network, HTTP status, parsing: all mean "no LLM this time"
            raise LlmError(f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(result, BillingTerms):
            raise LlmError("the model did not return BillingTerms")
        quotes: dict[str, str] = {}
        for quote in result.quotes:
            quotes.setdefault(quote.key, quote.text)
        data = result.model_dump(exclude={"quotes"})
        out: dict[str, dict[str, Any]] = {}
        for key, value in data.items():
            if value is None or value == []:
                continue
            out[key] = {"value": _clean(value), "quote": quotes.get(key)}
        return out


def _clean(value: Any) -> Any:
    """Whole floats to int so that 45.0 compares equal to the rules' 45."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


# ---------------------------------------------------------------------------- quote lookup
def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Span of ``quote`` in ``text``: exact, then ignoring whitespace/case, then fuzzy (>= 0.85)."""
    quote = quote.strip()
    if not quote:
        return None
    index = text.find(quote)
    if index >= 0:
        return index, index + len(quote)
    # whitespace- and case-insensitive: map a normalized copy back to original offsets
    positions: list[int] = []
    chars: list[str] = []
    previous_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if previous_space:
                continue
            previous_space = True
            chars.append(" ")
        else:
            previous_space = False
            chars.append(ch.lower())
        positions.append(i)
    normalized = "".join(chars)
    needle = " ".join(quote.lower().split())
    index = normalized.find(needle)
    if index >= 0:
        return positions[index], positions[index + len(needle) - 1] + 1
    return _fuzzy_find(normalized, positions, needle)


def _fuzzy_find(normalized: str, positions: list[int], needle: str) -> tuple[int, int] | None:
    """Best window around anchors shared with the quote, accepted at ratio >= FUZZY_MIN_RATIO."""
    if len(needle) < 12:
        return None
    best: tuple[float, int, int] | None = None
    words = list(dict.fromkeys(re.findall(r"\w{6,}", needle)))[:8]
    anchors = {m.start() for word in words for m in re.finditer(re.escape(word), normalized)}
    for anchor in sorted(anchors)[:200]:
        offset_in_needle = 0
        for word in re.findall(r"\w{6,}", needle):
            if normalized.startswith(word, anchor):
                offset_in_needle = needle.find(word)
                break
        start = max(0, anchor - offset_in_needle - 12)
        window = normalized[start : start + len(needle) + 24]
        matcher = difflib.SequenceMatcher(None, needle, window, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            continue
        lo = start + blocks[0].b
        hi = start + blocks[-1].b + blocks[-1].size
        ratio = difflib.SequenceMatcher(None, needle, normalized[lo:hi], autojunk=False).ratio()
        if best is None or ratio > best[0]:
            best = (ratio, lo, hi)
    if best is None or best[0] < FUZZY_MIN_RATIO or best[2] <= best[1]:
        return None
    return positions[best[1]], positions[best[2] - 1] + 1


# ---------------------------------------------------------------------------------- merging
def _same(key: str, a: Any, b: Any) -> bool:
    from service.documents.evaluation import _item_equal, values_equal

    if key == "billing_models":
        return set(a or []) == set(b or [])
    if key in ("rates", "milestones"):
        a_items, b_items = list(a or []), list(b or [])
        if len(a_items) != len(b_items):
            return False
        remaining = list(b_items)
        for item in a_items:
            match = next((x for x in remaining if _item_equal(key, item, x)), None)
            if match is None:
                return False
            remaining.remove(match)
        return True
    if key == "period_of_performance":
        return bool(a == b)
    return values_equal(key, a, b)


def merge_terms(
    doc: Document, rule_terms: dict[str, Any], llm_terms: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Combine rule and LLM values key by key (see the module docstring for the policy)."""
    merged: dict[str, Any] = dict(rule_terms)
    for key, proposal in llm_terms.items():
        if key not in merged:
            continue
        span = find_quote(doc.text, proposal.get("quote") or "")
        if span is None:
            continue  # no verifiable evidence: the model's value is dropped
        llm_evidence = doc.evidence(*span)
        rule = merged[key]
        if rule is None:
            merged[key] = {
                "value": proposal["value"],
                "confidence": 0.5,
                "evidence": llm_evidence,
                "sources": ["llm"],
            }
        elif _same(key, rule["value"], proposal["value"]):
            merged[key] = {
                **rule,
                "confidence": round(
                    min(0.99, rule["confidence"] + 0.5 * (1 - rule["confidence"])), 2
                ),
                "sources": ["rules", "llm"],
            }
        else:
            merged[key] = {
                **rule,
                "confidence": round(rule["confidence"] * 0.6, 2),
                "sources": ["rules"],
                "candidates": [
                    {"value": rule["value"], "source": "rules", "evidence": rule["evidence"]},
                    {"value": proposal["value"], "source": "llm", "evidence": llm_evidence},
                ],
            }
    return merged
