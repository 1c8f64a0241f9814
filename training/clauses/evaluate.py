"""Held-out evaluation of the clause classifier (``tollgate eval clauses``).

Contract level, for the 17 CUAD-mapped types: a contract is positive for a type when its gold
labels have an excerpt of that type (the CUAD Yes/excerpt rule, applied in ``prepare_data``),
and the system is positive when the clauses it reports (``select_clauses``, the same selection
``detect_clauses`` makes) contain the type. Span quality is the share of reported clauses whose
paragraph overlaps a gold excerpt of their type. Only contracts on the held-out side of the
contract split are scored unless the caller passes its own frame.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score

from service.documents.clause_features import CUAD_CLAUSE_TYPES, MODEL_INPUT_COLUMNS
from service.documents.clauses import (
    clause_probabilities_frame,
    model_thresholds,
    select_clauses,
)
from training.clauses.dataset import build_paragraph_frame, read_contracts, read_cuad_folder


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate_frame(
    model: Any,
    frame: pd.DataFrame,
    *,
    threshold: float = 0.5,
    extra_threshold: float | None = None,
) -> dict[str, Any]:
    """Contract-level P/R/F1 per type, macro-F1, span overlap on a paragraph frame.

    ``frame`` holds every paragraph of each contract scored (columns ``contract``, the model
    inputs ``text``, ``heading``, ``context`` and one 0/1 column per clause type marking overlap with a gold excerpt).
    """
    types, para_proba, doc_proba = clause_probabilities_frame(model, frame[list(MODEL_INPUT_COLUMNS)])
    type_index = {t: j for j, t in enumerate(types)}
    cuts = model_thresholds(model, threshold)
    evaluated = [t for t in CUAD_CLAUSE_TYPES if t in type_index and t in frame.columns]
    contracts = frame["contract"].to_numpy()
    order = np.argsort(contracts, kind="stable")
    bounds = np.flatnonzero(np.r_[True, contracts[order][1:] != contracts[order][:-1], True])
    gold_rows = frame[evaluated].to_numpy(dtype=np.int64)
    counts = {t: [0, 0, 0] for t in evaluated}  # tp, fp, fn
    span_hits = span_total = 0
    truth, scores = [], []
    for lo, hi in itertools.pairwise(bounds):
        rows = order[lo:hi]
        picked = select_clauses(
            para_proba[rows],
            None if doc_proba is None else doc_proba[rows],
            cuts,
            extra_threshold=extra_threshold,
        )
        detected: set[str] = set()
        for r, c, _ in picked:
            clause_type = types[c]
            if clause_type not in counts:
                continue
            detected.add(clause_type)
            span_total += 1
            span_hits += int(gold_rows[rows[r], evaluated.index(clause_type)])
        gold = gold_rows[rows].max(axis=0)
        best = (doc_proba if doc_proba is not None else para_proba)[rows].max(axis=0)
        truth.append(gold)
        scores.append([best[type_index[t]] for t in evaluated])
        for j, t in enumerate(evaluated):
            if t in detected and gold[j]:
                counts[t][0] += 1
            elif t in detected:
                counts[t][1] += 1
            elif gold[j]:
                counts[t][2] += 1
    per_type: dict[str, dict[str, float]] = {}
    for t, (tp, fp, fn) in counts.items():
        precision, recall, f1 = _prf(tp, fp, fn)
        per_type[t] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
            "detected": tp + fp,
        }
    total = np.sum([v for v in counts.values()], axis=0) if counts else np.zeros(3)
    micro = _prf(int(total[0]), int(total[1]), int(total[2]))
    para_ap = [
        average_precision_score(gold_rows[:, evaluated.index(t)], para_proba[:, type_index[t]])
        for t in evaluated
        if gold_rows[:, evaluated.index(t)].any()
    ]
    return {
        "n_contracts": len(bounds) - 1,
        "n_paragraphs": len(frame),
        "threshold": threshold,
        "macro_f1": round(float(np.mean([v["f1"] for v in per_type.values()])), 4),
        "micro_f1": round(micro[2], 4),
        "span_overlap": round(span_hits / span_total, 4) if span_total else 0.0,
        "n_detected": span_total,
        "paragraph_map": round(float(np.mean(para_ap)), 4) if para_ap else 0.0,
        "per_type": per_type,
        "y_true": np.asarray(truth, dtype=np.int64),
        "y_score": np.asarray(scores, dtype=np.float64),
        "types": evaluated,
    }


def heldout_frame(data: Path | None = None) -> pd.DataFrame:
    """Paragraph rows of the held-out contracts (repo data, a CUAD folder, or a packed file)."""
    if data is not None and Path(data).is_dir():
        records = read_cuad_folder(Path(data))
    else:
        records = read_contracts(data)
    frame = build_paragraph_frame(records)
    return frame[frame["split"] == "test"].reset_index(drop=True)


def evaluate_clauses(
    model: Any = None, *, data: Path | None = None, threshold: float = 0.5
) -> dict[str, Any]:
    """Held-out contract-level evaluation of a clause model (default: the bundled one).

    Returns a JSON-ready dict: ``macro_f1``, ``micro_f1``, ``span_overlap``, ``paragraph_map``,
    ``per_type`` (precision/recall/f1/support/detected), counts and the threshold.
    """
    if model is None or isinstance(model, str | Path):
        from service.documents.clauses import load_clause_model

        model = load_clause_model(model)
    result = evaluate_frame(model, heldout_frame(data), threshold=threshold)
    for key in ("y_true", "y_score", "types"):
        result.pop(key)
    return result


def format_clause_evaluation(result: dict[str, Any]) -> str:
    """A plain-text table of an ``evaluate_clauses`` result."""
    lines = [
        f"held-out contracts: {result['n_contracts']}  paragraphs: {result['n_paragraphs']}  "
        f"threshold: {result['threshold']}",
        f"{'type':30s} {'prec':>6s} {'rec':>6s} {'f1':>6s} {'support':>8s} {'detected':>8s}",
    ]
    for clause_type, row in result["per_type"].items():
        lines.append(
            f"{clause_type:30s} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
            f"{row['support']:8d} {row['detected']:8d}"
        )
    lines.append(
        f"macro-F1 {result['macro_f1']:.3f} (target 0.85)  micro-F1 {result['micro_f1']:.3f}  "
        f"span overlap {result['span_overlap']:.3f} (target 0.80)  "
        f"paragraph mAP {result['paragraph_map']:.3f}"
    )
    return "\n".join(lines)


def print_clause_evaluation(result: dict[str, Any], *, as_json: bool = False) -> None:
    """Print an ``evaluate_clauses`` result as a table or as one JSON line."""
    print(json.dumps(result) if as_json else format_clause_evaluation(result))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Held-out clause evaluation")
    parser.add_argument("--model", default=None, help="model dir or URI (default: bundled)")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    print_clause_evaluation(
        evaluate_clauses(args.model, data=args.data, threshold=args.threshold), as_json=args.json
    )
