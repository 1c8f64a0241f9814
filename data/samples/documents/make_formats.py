"""Regenerate the .pdf (fpdf2) and .docx (python-docx) copies of the sample SOWs from the .txt.

Run from the repository root: ``.venv/bin/python data/samples/documents/make_formats.py``.
PDFs get a running header, a footer and page numbers on purpose, so ingestion has to strip them;
tab-separated lines (rate cards) become DOCX tables, so the DOCX reader's table path is exercised.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HERE = Path(__file__).resolve().parent


def make_pdf(text: str, title: str, target: Path) -> None:
    from fpdf import FPDF

    class Pdf(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"CONFIDENTIAL - {title}", align="R")
            self.ln(8)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    pdf = Pdf(format="Letter")
    pdf.set_creation_date(dt.datetime(2025, 1, 1, tzinfo=dt.UTC))  # reproducible bytes
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            pdf.ln(3)
            continue
        pdf.multi_cell(0, 5.5, paragraph.replace("\t", "    "), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    pdf.output(str(target))


def make_docx(text: str, target: Path) -> None:
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=0, cols=max(len(r) for r in rows))
            for row in rows:
                cells = table.add_row().cells
                for i, value in enumerate(row):
                    cells[i].text = value
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            document.add_paragraph(line)
    flush()
    document.core_properties.created = dt.datetime(2025, 1, 1)
    document.save(str(target))


def main() -> None:
    for source in sorted(HERE.glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0].strip()
        make_pdf(text, title, source.with_suffix(".pdf"))
        make_docx(text, source.with_suffix(".docx"))
        print(f"wrote {source.stem}.pdf and {source.stem}.docx")


if __name__ == "__main__":
    main()
