"""Copy the part of CUAD that clause training needs into the repository (``data/cuad/``).

Training must work on a fresh clone with no ``../shared`` folder, so this script packs, per
contract, the text, the title (CUAD's ``Document Name`` answer) and the gold excerpts of the 17
CUAD categories Tollgate maps to clause types into one xz-compressed JSON Lines file. Excerpts
are kept only where the contract counts as positive under the evaluation rule (Yes answer, or a
non-empty excerpt for the categories answered with a value), so training and evaluation agree.

Run once by a maintainer: ``python -m training.clauses.prepare_data /path/to/cuad``.
"""

from __future__ import annotations

import argparse
import ast
import json
import lzma
from pathlib import Path
from typing import Any

import pandas as pd

from training.clauses.dataset import CUAD_CATEGORIES, DEFAULT_CONTRACTS_FILE, EXCERPT_ONLY_TYPES


def _excerpts(cell: Any) -> list[str]:
    if not isinstance(cell, str) or not cell.strip():
        return []
    try:
        value = ast.literal_eval(cell)
    except (ValueError, SyntaxError):
        return [cell]
    return [str(v) for v in value if str(v).strip()]


def contract_record(row: pd.Series, text: str) -> dict[str, Any]:
    """One contract: text, title and the gold excerpts of each positive clause type."""
    spans: dict[str, list[str]] = {}
    for clause_type, categories in CUAD_CATEGORIES.items():
        found: list[str] = []
        for category in categories:
            excerpts = _excerpts(row.get(category))
            answer = str(row.get(f"{category}-Answer", "")).strip()
            positive = bool(excerpts) if clause_type in EXCERPT_ONLY_TYPES else answer == "Yes"
            if positive:
                found.extend(excerpts)
        if found:
            spans[clause_type] = found
    return {
        "contract": str(row["contract_file"]),
        "title": str(row.get("Document Name-Answer") or ""),
        "text": text,
        "spans": spans,
    }


def main(argv: list[str] | None = None) -> None:
    """Write ``data/cuad/contracts.jsonl.xz`` from a CUAD folder (contracts/ + labels.csv)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cuad_dir", type=Path)
    parser.add_argument("--out", type=Path, default=DEFAULT_CONTRACTS_FILE)
    args = parser.parse_args(argv)
    labels = pd.read_csv(args.cuad_dir / "labels.csv")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with lzma.open(args.out, "wt", encoding="utf-8", preset=9) as out:
        for _, row in labels.sort_values("contract_file").iterrows():
            text = (args.cuad_dir / "contracts" / row["contract_file"]).read_text(encoding="utf-8")
            out.write(json.dumps(contract_record(row, text), ensure_ascii=False) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(labels)} contracts)")


if __name__ == "__main__":
    main()
