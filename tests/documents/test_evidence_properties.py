"""Property tests: evidence always slices the document text exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.documents.analysis import build_document
from service.documents.extraction.terms import extract_billing_terms
from service.documents.parsing import ParsedPages

CLAUSES = [
    "Client shall pay each invoice within thirty (30) days of receipt of the invoice.",
    "The total fixed fee is $120,000.",
    "Fees shall not exceed USD 480,000.",
    "Senior Consultant\t$225 per hour",
    "Supplier will invoice monthly.",
    "Late payments bear interest at 1.5% per month.",
    "Client will reimburse pre-approved travel expenses.",
    "Payment terms: 2/10 net 30.",
    "This SOW is effective as of July 1, 2025 and continues for twelve (12) months.",
    "Invoices must include the purchase order number.",
    "Client will retain 10% of each invoice as retainage.",
    "Notice must be given within 30 days.",
]

noise = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


def _walk_evidence(value: object):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        if {"start", "end", "text", "page"} <= set(value):
            yield value
        for item in value.values():
            yield from _walk_evidence(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_evidence(item)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pages=st.lists(
        st.lists(st.one_of(st.sampled_from(CLAUSES), noise), min_size=1, max_size=6).map("\n".join),
        min_size=1,
        max_size=4,
    )
)
def test_every_evidence_slices_the_text(pages: list[str]) -> None:
    doc = build_document(ParsedPages(pages, "application/pdf"))
    terms = extract_billing_terms(doc)
    for evidence in _walk_evidence(terms):
        assert 0 <= evidence["start"] <= evidence["end"] <= len(doc.text)
        assert doc.text[evidence["start"] : evidence["end"]] == evidence["text"]
        assert evidence["page"] == doc.page_of(evidence["start"])


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300), a=st.integers(-10, 400), b=st.integers(-10, 400))
def test_document_evidence_clamps_and_slices(text: str, a: int, b: int) -> None:
    doc = build_document(ParsedPages([text], "text/plain", paginated=False))
    evidence = doc.evidence(a, b)
    assert doc.text[evidence["start"] : evidence["end"]] == evidence["text"]


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=400))
def test_sentences_lie_inside_paragraphs(text: str) -> None:
    doc = build_document(ParsedPages([text], "text/plain", paginated=False))
    for start, end in doc.sentences:
        assert any(p_start <= start and end <= p_end for p_start, p_end in doc.paragraphs)
        assert doc.text[start:end].strip() == doc.text[start:end]
