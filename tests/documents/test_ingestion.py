"""Ingestion: every format, every bad-input class (files generated here), header stripping."""

from __future__ import annotations

import io

import pytest

from service.config import Settings
from service.documents.analysis import analyze_bytes, load_document
from service.documents.errors import (
    DocumentTooLarge,
    EncryptedPdf,
    NoTextLayer,
    UnreadableDocument,
    UnsupportedMediaType,
)
from service.documents.parsing import (
    DOCX,
    HTML,
    MARKDOWN,
    PDF,
    TEXT,
    detect_media_type,
    parse_bytes,
    strip_headers_footers,
)

BODY = [
    "1. Fees. Client shall pay Supplier a total fixed fee of $50,000 for the services.",
    "2. Payment. Client shall pay each invoice within thirty (30) days of receipt of the invoice.",
    "3. Term. This SOW commences on March 1, 2025 and continues for six (6) months.",
]


def make_pdf(
    pages: list[list[str]], *, header: str | None = None, image_only: frozenset[int] = frozenset()
) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(auto=False)
    pdf.set_font("Helvetica", size=11)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        if number in image_only:
            pdf.rect(20, 20, 100, 100, style="F")  # a "scan": drawing, no text
            continue
        if header:
            pdf.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-15)
        pdf.cell(0, 6, f"Page {number} of {len(pages)}", align="C")
    return bytes(pdf.output())


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=0, cols=len(table[0]))
        for row in table:
            cells = grid.add_row().cells
            for i, value in enumerate(row):
                cells[i].text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_pdf_pages_and_header_footer_stripping() -> None:
    data = make_pdf([BODY[:1], BODY[1:2], BODY[2:]], header="ACME CONFIDENTIAL")
    parsed = parse_bytes(data, "x.pdf")
    assert parsed.media_type == PDF
    assert len(parsed.pages) == 3
    joined = "\n".join(parsed.pages)
    assert "ACME CONFIDENTIAL" not in joined
    assert "Page 2 of 3" not in joined
    assert "total fixed fee of $50,000" in joined


def test_document_pages_map_offsets() -> None:
    doc = load_document(make_pdf([BODY[:1], BODY[1:]]), "x.pdf", Settings())
    assert [p.number for p in doc.pages] == [1, 2]
    offset = doc.text.index("Payment.")
    assert doc.page_of(offset) == 2
    assert doc.page_of(0) == 1
    evidence = doc.evidence(offset, offset + 8)
    assert evidence == {"page": 2, "start": offset, "end": offset + 8, "text": "Payment."}


def test_type_is_detected_by_content_not_extension() -> None:
    pdf = make_pdf([BODY])
    assert detect_media_type(pdf, "contract.txt") == PDF
    assert detect_media_type(make_docx(BODY), "contract.pdf") == DOCX
    assert detect_media_type(b"<html><body><p>Hi</p></body></html>", "a.txt") == HTML
    assert detect_media_type(b"# Title\n\nText", "a.md") == MARKDOWN
    assert detect_media_type(b"Plain contract text.", "a.pdf") == TEXT


def test_docx_paragraphs_and_tables() -> None:
    data = make_docx(
        BODY, table=[["Senior Consultant", "$225 per hour"], ["Analyst", "$150 per hour"]]
    )
    _, analysis = analyze_bytes(data, "sow.docx", Settings())
    rates = analysis["billing_terms"]["rates"]["value"]
    assert {(r["role"], r["amount"]) for r in rates} == {
        ("Senior Consultant", 225),
        ("Analyst", 150),
    }
    assert analysis["document"]["media_type"] == DOCX


def test_html_text() -> None:
    html = (
        b"<html><head><style>p{}</style></head><body><h1>SOW</h1><p>"
        + BODY[1].encode()
        + b"</p></body></html>"
    )
    doc, analysis = analyze_bytes(html, "sow.html", Settings())
    assert "p{}" not in doc.text
    assert analysis["billing_terms"]["payment_terms_days"]["value"] == 30


def test_markdown_escapes_are_removed() -> None:
    doc = load_document(b"# SOW\n\nThis is a Time and Materials (T\\&M) order.", "a.md", Settings())
    assert "(T&M)" in doc.text


def test_encrypted_pdf_with_password_is_rejected() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf([BODY]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(EncryptedPdf) as info:
        parse_bytes(buffer.getvalue(), "locked.pdf")
    assert info.value.status == 422
    assert info.value.type_slug == "encrypted-pdf"


def test_encrypted_pdf_with_empty_password_is_opened() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf([BODY]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    parsed = parse_bytes(buffer.getvalue(), "open.pdf")
    assert "fixed fee" in parsed.pages[0]


def test_corrupt_pdf_is_unreadable() -> None:
    data = make_pdf([BODY])
    with pytest.raises(UnreadableDocument) as info:
        parse_bytes(data[:200] + b"\x00garbage" * 50, "broken.pdf")
    assert info.value.status == 422
    assert info.value.type_slug == "unreadable-document"


def test_corrupt_docx_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument):
        parse_bytes(b"PK\x03\x04" + b"\x00" * 300, "broken.docx")


def test_image_only_pdf_has_no_text_layer() -> None:
    with pytest.raises(NoTextLayer) as info:
        parse_bytes(make_pdf([[], []], image_only=frozenset({1, 2})), "scan.pdf")
    assert info.value.type_slug == "no-text-layer"
    assert "hint" in info.value.to_problem()


def test_one_scanned_page_is_a_warning() -> None:
    doc, analysis = analyze_bytes(
        make_pdf([BODY, [], BODY], image_only=frozenset({2})), "mixed.pdf", Settings()
    )
    assert any("page 2" in w for w in analysis["warnings"])
    assert [p.has_text for p in doc.pages] == [True, False, True]


def test_size_and_page_limits() -> None:
    with pytest.raises(DocumentTooLarge) as info:
        parse_bytes(b"x" * 2000, "big.txt", max_bytes=1000)
    assert info.value.status == 413
    with pytest.raises(DocumentTooLarge):
        parse_bytes(make_pdf([BODY, BODY, BODY]), "long.pdf", max_pages=2)


def test_wrong_type_is_unsupported() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(UnsupportedMediaType) as info:
        parse_bytes(png, "picture.pdf")
    assert info.value.status == 415
    with pytest.raises(UnsupportedMediaType):
        parse_bytes(b"PK\x03\x04" + _zip_without_word(), "archive.docx")


def _zip_without_word() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()[4:]


def test_empty_file_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument):
        parse_bytes(b"   \n", "empty.txt")


def test_strip_headers_keeps_body_lines() -> None:
    pages = ["ACME\nBody one.\n1", "ACME\nBody two.\n2", "ACME\nBody three.\n3"]
    assert strip_headers_footers(pages) == ["Body one.", "Body two.", "Body three."]

