"""Pure helpers that turn analyses and review items into what the templates show.

Kept apart from the routes so they can be tested without HTTP: evidence highlighting
(overlapping spans are split into non-overlapping segments, each knowing every suggestion that
covers it) and one-line summaries of suggestions of every kind.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

TERM_LABELS = {
    "billing_models": "Billing models",
    "payment_terms_days": "Payment terms (days)",
    "currency": "Currency",
    "contract_value": "Contract value",
    "not_to_exceed": "Not to exceed",
    "invoice_frequency": "Invoice frequency",
    "rates": "Rates",
    "milestones": "Milestones",
    "late_payment_interest": "Late payment interest",
    "expenses_reimbursable": "Expenses reimbursable",
    "early_payment_discount": "Early payment discount",
    "retainage_percent": "Retainage (%)",
    "po_required": "PO required",
    "period_of_performance": "Period of performance",
}
KIND_LABELS = {
    "billing_term": "Billing term",
    "clause_flag": "Clause flag",
    "timesheet_anomaly": "Timesheet anomaly",
    "dispute_risk": "Dispute risk",
}


def evidence_list(evidence: Any) -> list[dict[str, Any]]:
    """Evidence as a list of spans (items may carry one span, several, or none)."""
    if isinstance(evidence, dict):
        return [evidence]
    if isinstance(evidence, list):
        return [e for e in evidence if isinstance(e, dict)]
    return []


def valid_span(text: str, ev: dict[str, Any]) -> tuple[int, int] | None:
    """(start, end) when the span lies inside ``text`` and is non-empty, else None."""
    start, end = ev.get("start"), ev.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    if start < 0 or end > len(text) or start >= end:
        return None
    return start, end


def format_value(value: Any) -> str:
    """A compact human rendering of an extracted value (money, rates, lists, booleans)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        if "amount" in value and "currency" in value and "unit" not in value:
            return f"{value['currency']} {value['amount']:,}" if isinstance(value["amount"], (int, float)) \
                else f"{value['currency']} {value['amount']}"
        if "percent" in value and "period" in value:
            return f"{value['percent']}% per {value['period']}"
        if "percent" in value and "days" in value:
            return f"{value['percent']}% within {value['days']} days"
        if {"start", "end", "months"} & set(value):
            parts = [f"{k}: {value[k]}" for k in ("start", "end", "months") if value.get(k) is not None]
            return ", ".join(parts) or "—"
        return ", ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_format_entry(v) for v in value)
    return str(value)


def _format_entry(entry: Any) -> str:
    if isinstance(entry, dict) and "amount" in entry and "unit" in entry:
        role = f"{entry['role']}: " if entry.get("role") else ""
        return f"{role}{entry.get('currency', '')} {entry['amount']}/{entry['unit']}"
    if isinstance(entry, dict) and "name" in entry:
        bits = [str(entry["name"])]
        if entry.get("amount") is not None:
            bits.append(str(entry["amount"]))
        if entry.get("percent") is not None:
            bits.append(f"{entry['percent']}%")
        return " ".join(bits)
    return format_value(entry)


def summarize(kind: str, payload: Any) -> str:
    """One line describing a suggestion, whatever its kind."""
    if not isinstance(payload, dict):
        return format_value(payload)
    if kind == "billing_term":
        key = str(payload.get("key", ""))
        return f"{TERM_LABELS.get(key, key)}: {format_value(payload.get('value'))}"
    if kind == "clause_flag":
        return str(payload.get("message") or payload.get("rule") or "clause flag")
    reasons = payload.get("reasons")
    if isinstance(reasons, list) and reasons:
        messages = [str(r.get("message") or r.get("code")) for r in reasons if isinstance(r, dict)]
        head = payload.get("entry_id") or payload.get("invoice_id") or ""
        return (f"{head}: " if head else "") + "; ".join(messages)
    text = json.dumps(payload, default=str)
    return text if len(text) <= 160 else text[:157] + "..."


@dataclass
class Span:
    """One highlight: its character range, the suggestion it belongs to and its style."""

    start: int
    end: int
    key: str
    css: str = "term"
    label: str = ""


@dataclass
class Segment:
    """A run of text covered by the same set of spans (possibly none)."""

    text: str
    keys: list[str] = field(default_factory=list)
    css: str = ""
    labels: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Split ``text`` at every span boundary so overlapping highlights render without nesting.

    The first segment of each span carries an anchor (``ev-<key>``) so that a suggestion can
    link to its evidence; several spans starting at the same offset each get one.
    """
    usable = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in usable), *(s.end for s in usable)})
    out: list[Segment] = []
    anchored: set[str] = set()
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in usable if s.start <= a and b <= s.end]
        seg = Segment(text[a:b])
        if covering:
            seg.keys = [s.key for s in covering]
            seg.labels = [s.label for s in covering if s.label]
            seg.css = "flag" if any(s.css == "flag" for s in covering) else covering[0].css
            for s in covering:
                if s.key not in anchored and s.start == a:
                    anchored.add(s.key)
                    seg.anchors.append(f"ev-{s.key}")
        out.append(seg)
    return out


def context_snippet(text: str, start: int, end: int, width: int = 240) -> tuple[str, str, str]:
    """(before, evidence, after) around a span, trimmed to ``width`` characters each side."""
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return before, text[start:end], after
