"""Highlight segmentation and suggestion summaries (pure functions, no HTTP)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from service.web.rendering import (
    Span,
    context_snippet,
    format_value,
    segments,
    summarize,
    valid_span,
)


def test_overlapping_spans_split_into_flat_segments() -> None:
    text = "Payment is due Net 45 after invoice."
    spans = [Span(0, 21, "a", "term", "Payment terms"), Span(15, 35, "b", "flag", "rule")]
    segs = segments(text, spans)
    assert "".join(s.text for s in segs) == text
    by_text = {s.text: s for s in segs}
    assert by_text["Payment is due "].keys == ["a"] and by_text["Payment is due "].anchors == ["ev-a"]
    assert by_text["Net 45"].keys == ["a", "b"] and by_text["Net 45"].css == "flag"
    assert by_text["Net 45"].anchors == ["ev-b"]
    assert by_text[" after invoice"].keys == ["b"] and by_text["."].keys == []


def test_spans_starting_together_each_get_an_anchor_and_bad_spans_are_ignored() -> None:
    segs = segments("abcdef", [Span(1, 3, "x"), Span(1, 5, "y"), Span(4, 99, "out"), Span(3, 3, "empty")])
    anchors = [a for s in segs for a in s.anchors]
    assert anchors == ["ev-x", "ev-y"]
    assert valid_span("abc", {"start": 0, "end": 4}) is None
    assert valid_span("abc", {"start": "0", "end": 2}) is None
    assert valid_span("abc", {"start": 1, "end": 3}) == (1, 3)


@given(st.text(min_size=1, max_size=60),
       st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=6))
def test_segments_always_rebuild_the_text_and_cover_exactly_the_spans(
    text: str, raw: list[tuple[int, int]]
) -> None:
    spans = [Span(min(a, b), max(a, b), f"k{i}") for i, (a, b) in enumerate(raw)]
    segs = segments(text, spans)
    assert "".join(s.text for s in segs) == text
    offset = 0
    for seg in segs:
        for key in seg.keys:
            span = next(s for s in spans if s.key == key)
            assert span.start <= offset and offset + len(seg.text) <= span.end
        offset += len(seg.text)


def test_values_and_summaries_read_like_the_contract() -> None:
    assert format_value({"amount": 480000, "currency": "USD"}) == "USD 480,000"
    assert format_value({"percent": 1.5, "period": "month"}) == "1.5% per month"
    assert format_value({"percent": 2, "days": 10}) == "2% within 10 days"
    assert format_value(True) == "yes" and format_value(None) == "—"
    rates = [{"role": "Partner", "amount": 325, "currency": "USD", "unit": "hour"}]
    assert format_value(rates) == "Partner: USD 325/hour"
    assert summarize("billing_term", {"key": "payment_terms_days", "value": 45}) == "Payment terms (days): 45"
    assert summarize("clause_flag", {"rule": "r", "message": "No cap."}) == "No cap."
    anomaly = {"entry_id": "E1", "reasons": [{"code": "c", "message": "14 hours in a day"}]}
    assert summarize("timesheet_anomaly", anomaly) == "E1: 14 hours in a day"
    assert context_snippet("0123456789", 4, 6, width=2) == ("…23", "45", "67…")
