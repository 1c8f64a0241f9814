"""Sections, paragraphs, sentences; the spaCy component agrees with the fast path."""

from __future__ import annotations

from service.documents.segmenting import find_sections, get_nlp, segment

TEXT = (
    "MASTER SERVICES AGREEMENT\n\n"
    "ARTICLE V - PAYMENT\n"
    "4.2 Invoices. Acme Inc. will invoice monthly. Payment is due in 30 days, i.e. net 30.\n"
    "See Section No. 5 of the U.S. Government terms. The fee is $1.5 million.\n\n"
    "(a) The first item applies. The second sentence follows.\n"
)


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in segment(text).sentences]


def test_abbreviations_do_not_end_sentences() -> None:
    sentences = _sentences(TEXT)
    assert "Acme Inc. will invoice monthly." in sentences
    assert "Payment is due in 30 days, i.e. net 30." in sentences
    assert "See Section No. 5 of the U.S. Government terms." in sentences
    assert "The fee is $1.5 million." in sentences
    opening = _sentences(
        "This Agreement is made by Galaxy Telnet SRL, Aleea Malinului, Apt. 43, Constanta "
        "and Acme Inc., 100 Main Blvd. Ste. 4, Boston as of June 1, 2004. The term is one year."
    )
    assert len(opening) == 2  # address abbreviations do not end the opening sentence


def test_legal_numbering_is_not_a_sentence() -> None:
    sentences = _sentences(TEXT)
    assert "4.2 Invoices." in sentences  # the clause heading, not "4." alone
    assert not any(s.strip() in ("4.", "(a)") for s in sentences)
    assert "(a) The first item applies." in sentences


def test_sections() -> None:
    sections = find_sections(TEXT)
    titles = [(s.number, s.title, s.level) for s in sections]
    assert (None, "MASTER SERVICES AGREEMENT", 1) in titles
    assert ("ARTICLE V", "PAYMENT", 1) in titles
    assert ("4.2", "Invoices", 2) in titles
    article = next(s for s in sections if s.number == "ARTICLE V")
    assert TEXT[article.start :].startswith("ARTICLE V")
    assert article.end == len(TEXT)


def test_hard_wrapped_lines_join_into_one_paragraph() -> None:
    line = "word " * 15
    text = f"{line}\n{line}\n{line}end.\n\nNext paragraph here."
    paragraphs = segment(text).paragraphs
    assert len(paragraphs) == 2
    assert text[paragraphs[1][0] : paragraphs[1][1]] == "Next paragraph here."


def test_spacy_component_matches_fast_path() -> None:
    doc = get_nlp()(TEXT)
    spacy_starts = {sent.start_char for sent in doc.sents}
    fast_starts = {s for s, _ in segment(TEXT).sentences}
    assert fast_starts <= spacy_starts
    tokens = [t.text for t in doc]
    assert "Inc." in tokens
    assert "U.S." in tokens


def test_nlp_is_built_once() -> None:
    assert get_nlp() is get_nlp()
