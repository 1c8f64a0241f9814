"""Document analysis speed and memory (prints figures; not a test).

1. A 50-page contract PDF (generated with fpdf2 from the sample SOWs, with running headers and
   page numbers): full ``analyze_bytes`` time vs pypdf-alone text extraction time, measured in the
   same run (target: ratio <= 1.5), and pypdfium2's extraction time as the reference (only a
   reference: its text breaks lines differently from pypdf's, so it is not a backend).
2. Peak memory (tracemalloc) of ``analyze_bytes`` against page count, to show linear growth.

Run: ``.venv/bin/python bench/bench_documents.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import gc
import io
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import Settings  # noqa: E402
from service.documents.analysis import analyze_bytes  # noqa: E402

SAMPLES = ROOT / "data" / "samples" / "documents"


CUAD_CONTRACTS = ROOT.parent / "shared" / "data" / "cuad" / "contracts"
SOURCE = "samples"


def contract_paragraphs() -> list[str]:
    """Paragraphs of contract text.

    ``cuad``: real commercial contracts (CUAD v1, CC BY 4.0) from ../shared when present: the
    typical mix of boilerplate and a few billing clauses. ``samples``: our sample SOWs only, a
    worst case where nearly every sentence is about billing.
    """
    paragraphs: list[str] = []
    if SOURCE == "cuad" and CUAD_CONTRACTS.is_dir():
        for path in sorted(CUAD_CONTRACTS.glob("*.txt"))[:40]:
            text = path.read_text(encoding="utf-8", errors="replace")
            text = text.encode("latin-1", errors="replace").decode("latin-1")
            paragraphs.extend(" ".join(p.split()) for p in text.split("\n") if p.strip())
        return paragraphs
    for path in sorted(SAMPLES.glob("*.txt")):
        paragraphs.extend(p for p in path.read_text(encoding="utf-8").split("\n") if p.strip())
    return paragraphs


def _shift_numbers(k: int) -> Callable[[re.Match[str]], str]:
    def shift(match: re.Match[str]) -> str:
        return str(int(match.group()) + k)

    return shift


def make_pdf(pages: int) -> bytes:
    """A ``pages``-page PDF filled with contract text, with header, footer and page numbers."""
    from fpdf import FPDF

    class Pdf(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, "MASTER SERVICES AGREEMENT - CONFIDENTIAL", align="R")
            self.ln(8)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    source = contract_paragraphs()
    pdf = Pdf(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    i = 0
    while True:
        copy = i // len(source)
        paragraph = source[i % len(source)].replace("\t", "    ")
        if copy:  # vary every number per copy so no two passages are identical
            paragraph = re.sub(r"\d+", _shift_numbers(copy), paragraph)
        pdf.multi_cell(0, 4.8, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
        i += 1
        if pdf.page_no() > pages:
            break
    # trim to exactly ``pages`` pages
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    writer = PdfWriter()
    for page in reader.pages[:pages]:
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pypdf_extract(data: bytes) -> int:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return sum(len(page.extract_text() or "") for page in reader.pages)


def pdfium_extract(data: bytes) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    total = 0
    for page in pdf:
        textpage = page.get_textpage()
        total += len(textpage.get_text_range())
    pdf.close()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument(
        "--source",
        choices=["cuad", "samples"],
        default="cuad" if CUAD_CONTRACTS.is_dir() else "samples",
        help="contract text to lay out: real CUAD contracts (default when present) or our SOWs",
    )
    args = parser.parse_args()
    global SOURCE
    SOURCE = args.source
    print(f"text source: {SOURCE}")

    settings = Settings()
    data = make_pdf(args.pages)
    doc, analysis = analyze_bytes(data, "bench.pdf", settings)
    print(
        f"{args.pages}-page PDF: {len(data) / 1024:.0f} KiB, {len(doc.text):,} characters, "
        f"{len(doc.sentences):,} sentences, {sum(1 for v in analysis['billing_terms'].values() if v)} terms found"
    )

    # Interleave the measurements (pypdf, analyze, pypdfium2 per round) so that
    # load from other processes hits all of them alike. The ratio is the median of per-round
    # ratios of CPU time (process_time): on a shared machine other processes inflate wall time
    # unevenly, not the CPU time this process spends. Wall times are printed as well.
    rounds: dict[str, list[float]] = {"pypdf": [], "analyze": [], "pdfium": []}
    jobs: dict[str, Callable[[], object]] = {
        "pypdf": lambda: pypdf_extract(data),
        "analyze": lambda: analyze_bytes(data, "bench.pdf", settings),
        "pdfium": lambda: pdfium_extract(data),
    }
    for job in jobs.values():
        job()  # warm-up: imports, spaCy pipeline
    wall: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(args.repeat):
        for name, job in jobs.items():
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            job()
            rounds[name].append(time.process_time() - start_cpu)
            wall[name].append(time.perf_counter() - start)

    def row(label: str, name: str) -> None:
        cpu = rounds[name]
        print(
            f"{label:<34} CPU median {statistics.median(cpu) * 1000:7.1f} ms "
            f"(min {min(cpu) * 1000:6.1f}); wall median {statistics.median(wall[name]) * 1000:7.1f} ms"
        )

    row("pypdf extraction alone", "pypdf")
    row("analyze_bytes (pypdf backend)", "analyze")
    row("pypdfium2 extraction (reference)", "pdfium")
    ratios = [a / p for a, p in zip(rounds["analyze"], rounds["pypdf"], strict=True)]
    ratio = statistics.median(ratios)
    verdict = "OK" if ratio <= 1.5 else "OVER"
    print(
        f"ratio analyze / pypdf (CPU time): median {ratio:.2f}x over {args.repeat} rounds "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f}; target <= 1.50): {verdict}"
    )
    wall_ratios = [a / p for a, p in zip(wall["analyze"], wall["pypdf"], strict=True)]
    print(f"ratio analyze / pypdf (wall time): median {statistics.median(wall_ratios):.2f}x")
    print(
        f"pypdf / pypdfium2 extraction:      "
        f"{statistics.median(rounds['pypdf']) / statistics.median(rounds['pdfium']):.1f}x"
    )

    print("\npeak memory of analyze_bytes vs page count (tracemalloc):")
    print(f"{'pages':>6} {'peak MiB':>10} {'KiB/page':>10}")
    rows = []
    for pages in (10, 25, 50, 100, 200):
        pdf = make_pdf(pages)
        tracemalloc.start()
        analyze_bytes(pdf, "bench.pdf", settings)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append((pages, peak))
        print(f"{pages:>6} {peak / 2**20:>10.2f} {peak / 1024 / pages:>10.1f}")
    (p0, m0), (p1, m1) = rows[0], rows[-1]
    growth = (m1 / m0) / (p1 / p0)
    print(
        f"memory growth 10 -> 200 pages: x{m1 / m0:.1f} for x{p1 / p0:.0f} pages "
        f"(ratio {growth:.2f}; <= 1 means at most linear)"
    )


if __name__ == "__main__":
    main()
