"""The optional OCR fallback, for real: Debian's tesseract reads an image-only order form on page 1
of an otherwise text-layer PDF, and its billing terms come out with evidence on that page.

Runs where the ``tesseract`` binary is installed (``.ci/run`` installs Debian's tesseract-ocr
when missing, so CI always runs it)."""

from __future__ import annotations

import shutil

import pytest

from service.config import Settings
from service.documents.analysis import analyze_bytes
from service.documents.parsing import parse_bytes

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None,
                                reason="tesseract is not installed (apt-get install tesseract-ocr)")

ORDER_FORM = [
    "ORDER FORM",
    "",
    "Client shall pay Provider a fixed fee of $48,000.",
    "Each invoice is payable within 45 days of receipt.",
]
BODY = "1. Services. Provider will design and deliver the reporting portal described below. " * 6


def _signed_contract_pdf() -> bytes:
    """Page 1: a scanned order form (a picture of text, no text layer); page 2: normal text."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    scan = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(scan)
    font = ImageFont.load_default(size=48)
    for i, line in enumerate(ORDER_FORM):
        draw.text((150, 200 + 90 * i), line, font=font, fill=0)
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.image(scan, x=0, y=0, w=612, h=792)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 14, "STATEMENT OF WORK\n\n" + BODY)
    return bytes(pdf.output())


def test_without_ocr_the_scanned_page_is_reported_and_skipped() -> None:
    parsed = parse_bytes(_signed_contract_pdf(), "signed.pdf", ocr=False)
    assert parsed.empty_pages == [1]
    assert any("page 1 has no text layer" in w for w in parsed.warnings)


def test_ocr_reads_the_scanned_order_form() -> None:
    parsed = parse_bytes(_signed_contract_pdf(), "signed.pdf", ocr=True)
    assert parsed.empty_pages == []
    assert any("page 1 was read with OCR" in w for w in parsed.warnings)
    assert "48,000" in parsed.pages[0] and "ORDER FORM" in parsed.pages[0]

    doc, analysis = analyze_bytes(_signed_contract_pdf(), "signed.pdf", Settings(ocr_enabled=True))
    terms = analysis["billing_terms"]
    assert terms["contract_value"]["value"]["amount"] == pytest.approx(48000)
    assert terms["payment_terms_days"]["value"] == 45
    for key in ("contract_value", "payment_terms_days"):
        evidence = terms[key]["evidence"]
        assert doc.text[evidence["start"]:evidence["end"]] == evidence["text"]
        assert evidence["page"] == 1


def test_ocr_stops_at_the_page_limit() -> None:
    parsed = parse_bytes(_signed_contract_pdf(), "signed.pdf", ocr=True, ocr_max_pages=0)
    assert parsed.empty_pages == [1]
    assert any("OCR stopped after 0" in w for w in parsed.warnings)
