"""Benchmark: clause classification of a 100-page contract, beyond parsing.

Target (issue 4): at most 200 ms on this machine for a 100-page contract, from extracted text
to clauses + document type + playbook flags. The contract is real CUAD text concatenated to
100 pages of 3,000 characters. The baseline, measured in the same run on the same text, is a
pattern-only scan (the three regex clause types alone): the floor any classifier pays to read
the text once. Prints the median of several runs and the ratios.

    .venv/bin/python bench/bench_clauses.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

from service.documents.clause_features import split_paragraphs
from service.documents.clauses import detect_clauses, load_clause_model, pattern_clauses
from service.documents.doctype import classify_document_type, load_doctype_model
from service.documents.playbook import evaluate_playbook, load_playbook
from training.clauses.dataset import read_contracts

PAGE_CHARS = 3000
BUDGET_MS = 200.0


def hundred_pages() -> str:
    """About 100 pages of real contract text (CUAD contracts joined)."""
    parts: list[str] = []
    size = 0
    for record in read_contracts():
        parts.append(record["text"])
        size += len(record["text"])
        if size >= 100 * PAGE_CHARS:
            break
    return "\n\n".join(parts)[: 100 * PAGE_CHARS]


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    text = hundred_pages()
    model = load_clause_model()
    doctype_model = load_doctype_model()
    playbook = load_playbook()

    def full() -> object:
        paragraphs = split_paragraphs(text)
        clauses = detect_clauses(model, text, paragraphs, page_of=lambda pos: pos // PAGE_CHARS + 1)
        doc_type = classify_document_type(text, doctype_model)
        return evaluate_playbook(playbook, {}, clauses, text, doc_type["value"])

    def baseline() -> object:
        return pattern_clauses(text, split_paragraphs(text))

    n_paragraphs = len(split_paragraphs(text))
    full_ms = median_ms(full, args.runs)
    base_ms = median_ms(baseline, args.runs)
    print(f"document: {len(text):,} chars (100 pages), {n_paragraphs} paragraphs")
    print(f"baseline (pattern-only scan):           {base_ms:8.1f} ms")
    print(f"clauses + doc type + playbook:          {full_ms:8.1f} ms")
    print(f"ratio vs baseline:                      {full_ms / base_ms:8.2f}x")
    print(f"share of the {BUDGET_MS:.0f} ms budget:              {full_ms / BUDGET_MS:8.2f} "
          f"({'within' if full_ms <= BUDGET_MS else 'OVER'} budget)")


if __name__ == "__main__":
    main()
