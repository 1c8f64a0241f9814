"""``SPEC``: how the shared runner trains and judges the clause classifier.

Rows are paragraphs (columns ``text``, ``heading``, ``contract`` and one 0/1 column per CUAD
clause type); the split is by contract; the primary metric is the contract-level macro-F1 of
``training/clauses/evaluate.py`` on held-out contracts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from service.documents.clause_features import (
    CUAD_CLAUSE_TYPES,
    MODEL_INPUT_COLUMNS,
)
from service.documents.clause_model import DEFAULT_PARAMS, GroupedPipeline, build_clause_pipeline
from training.clauses.dataset import (
    build_paragraph_frame,
    excerpt_rows,
    is_test_contract,
    read_contracts,
    read_cuad_folder,
    window_rows,
)
from training.clauses.evaluate import evaluate_frame
from training.spec import DataOptions, Evaluation, LoadedData, ModelSpec

INPUT_COLUMNS = list(MODEL_INPUT_COLUMNS)
_TEXT_ALIASES = ("text", "paragraph", "clause_text", "evidence_text")
_LABEL_ALIASES = ("label", "labels", "clause_type", "clause_types", "type")
_GROUP_ALIASES = ("contract", "document_id", "document", "contract_id", "source_id")


def _paragraph_table(path: Path, options: DataOptions) -> LoadedData:
    """A foreign paragraph table (CSV or JSON Lines): text + clause-type label(s) per row."""
    raw = pd.read_csv(path) if path.suffix.lower() == ".csv" else pd.read_json(path, lines=True)
    raw = raw.rename(columns=dict(options.mapping))
    report: dict[str, Any] = {"source": str(path), "rows": len(raw)}
    text_col = next((c for c in _TEXT_ALIASES if c in raw.columns), None)
    if text_col is None:
        raise ValueError(f"{path}: no text column (expected one of {', '.join(_TEXT_ALIASES)})")
    label_col = options.label or next((c for c in _LABEL_ALIASES if c in raw.columns), None)
    if label_col is None or label_col not in raw.columns:
        raise ValueError(f"{path}: no label column (pass --label; looked for {_LABEL_ALIASES})")
    group_col = next((c for c in _GROUP_ALIASES if c in raw.columns), None)
    used = {text_col, label_col, group_col, "heading", "context"}
    report["unmapped_columns"] = [c for c in raw.columns if c not in used]
    frame = pd.DataFrame(
        {
            "text": raw[text_col].fillna("").astype(str),
            "heading": raw["heading"].fillna("").astype(str) if "heading" in raw else "",
            "context": raw["context"].fillna("").astype(str) if "context" in raw else "",
            "contract": raw[group_col].astype(str) if group_col else [f"row{i // 50}" for i in
                                                                     range(len(raw))],
        }
    )
    unknown: set[str] = set()
    for clause_type in CUAD_CLAUSE_TYPES:
        frame[clause_type] = 0
    for i, value in enumerate(raw[label_col].fillna("").astype(str)):
        for name in (v.strip() for v in value.replace(",", ";").split(";")):
            if name in CUAD_CLAUSE_TYPES:
                frame.loc[i, name] = 1
            elif name and name not in ("none", "0", "negative"):
                unknown.add(name)
    report["unknown_labels"] = sorted(unknown)
    frame["split"] = ["test" if is_test_contract(c) else "train" for c in frame["contract"]]
    return LoadedData(frame=frame, report=report)


def _is_contract_pack(path: Path) -> bool:
    """True for the packed contract format of ``prepare_data`` (JSON Lines with ``spans``)."""
    if path.suffix.lower() == ".csv":
        return False
    import json
    import lzma

    opener: Any = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        first = fh.readline()
    try:
        return "spans" in json.loads(first)
    except ValueError:
        return False


def load(options: DataOptions) -> LoadedData:
    """Paragraph rows from the repo's CUAD pack, a CUAD folder, a packed file or a table."""
    path = options.path
    if path is not None and path.is_file() and not _is_contract_pack(path):
        loaded = _paragraph_table(path, options)
    else:
        if path is not None and path.is_dir():
            records = read_cuad_folder(path)
        else:
            records = read_contracts(path)
        loaded = LoadedData(
            frame=build_paragraph_frame(records),
            report={"source": str(path or "data/cuad/contracts.jsonl.xz"),
                    "contracts": len(records)},
        )
    if options.with_feedback:
        loaded.report["feedback"] = "merged by the runner via SPEC.feedback_rows"
    loaded.report["paragraphs"] = len(loaded.frame)
    return loaded


def split(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train / held-out paragraphs, by contract (never one contract on both sides)."""
    if "split" in frame.columns:
        test_mask = frame["split"].eq("test")
    else:
        test_mask = frame["contract"].astype(str).map(is_test_contract)
    return frame[~test_mask].reset_index(drop=True), frame[test_mask].reset_index(drop=True)


def fit(frame: pd.DataFrame, params: Mapping[str, Any] | None = None) -> GroupedPipeline:
    """Fit the clause pipeline on paragraph rows (calibration folds grouped by contract)."""
    p = {**DEFAULT_PARAMS, **dict(params or {})}
    pipeline = build_clause_pipeline(p)
    extra = excerpt_rows(frame) if p.get("excerpt_rows") else frame.iloc[:0]
    if p.get("window_train"):  # sentence windows as extra rows (off by default)
        windows = window_rows(
            frame,
            sizes=tuple(int(n) for n in p["window_train"]),
            min_chars=int(p.get("window_min_chars", 400)),
        )
        extra = pd.concat([extra, windows], ignore_index=True) if len(extra) else windows
    rows = pd.concat([frame, extra], ignore_index=True) if len(extra) else frame
    calibrate = np.r_[np.ones(len(frame), dtype=bool), np.zeros(len(extra), dtype=bool)]
    pipeline.fit(
        rows[INPUT_COLUMNS],
        rows[list(CUAD_CLAUSE_TYPES)].to_numpy(),
        groups=rows["contract"].astype(str).to_numpy(),
        calibrate=calibrate if len(extra) else None,
    )
    return pipeline


def evaluate(model: Any, frame: pd.DataFrame) -> Evaluation:
    """Contract-level metrics on held-out paragraph rows (all paragraphs of each contract)."""
    result = evaluate_frame(model, frame)
    metrics: dict[str, float] = {
        "macro_f1": result["macro_f1"],
        "micro_f1": result["micro_f1"],
        "span_overlap": result["span_overlap"],
        "paragraph_map": result["paragraph_map"],
        "n_contracts": float(result["n_contracts"]),
    }
    for clause_type, row in result["per_type"].items():
        metrics[f"f1_{clause_type}"] = row["f1"]
    return Evaluation(
        metrics=metrics,
        y_true=result["y_true"],
        y_score=result["y_score"],
        extra={"per_type": result["per_type"], "types": result["types"]},
    )


def input_example(frame: pd.DataFrame) -> pd.DataFrame:
    """A few raw input rows (paragraph text, its heading and the previous paragraph's tail)."""
    return frame[INPUT_COLUMNS].head(3).reset_index(drop=True)


def feedback_rows(decisions: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Reviewer decisions on clause suggestions as training rows.

    Accepting a clause makes its paragraph a positive for its type; rejecting makes it a
    negative; correcting relabels it to ``corrected_value`` (None: no clause). Rows need the
    paragraph text (``text`` or ``evidence.text``) and a CUAD-mapped type (``clause_type`` or
    ``type``, possibly under ``payload``); other decisions (billing-term flags, pattern-only
    types) are not this model's labels and are skipped.
    """
    rows: list[dict[str, Any]] = []
    for i, item in enumerate(decisions):
        raw_payload = item.get("payload")
        payload: Mapping[str, Any] = raw_payload if isinstance(raw_payload, Mapping) else {}
        evidence = item.get("evidence") or payload.get("evidence") or {}
        text = item.get("text") or (evidence.get("text") if isinstance(evidence, Mapping) else "")
        clause_type = item.get("clause_type") or item.get("type") or payload.get("clause_type") \
            or payload.get("type")
        decision = str(item.get("decision", "")).lower()
        if not text or decision not in {"accept", "reject", "correct"}:
            continue
        if clause_type not in CUAD_CLAUSE_TYPES:
            # Billing-term flags and the pattern-only types are not this model's labels.
            continue
        label = clause_type if decision == "accept" else None
        if decision == "correct":
            corrected = item.get("corrected_value")
            if isinstance(corrected, Mapping):
                corrected = corrected.get("clause_type") or corrected.get("type")
            if corrected is not None and corrected not in CUAD_CLAUSE_TYPES:
                continue
            label = corrected
        row: dict[str, Any] = {
            "text": str(text),
            "heading": "",
            "context": "",
            "contract": f"feedback:{item.get('item_id') or item.get('id') or i}",
            "split": "train",
        }
        for t in CUAD_CLAUSE_TYPES:
            row[t] = int(label == t)
        rows.append(row)
    return pd.DataFrame(rows, columns=["text", "heading", "context", "contract", "split",
                                       *CUAD_CLAUSE_TYPES])


SPEC = ModelSpec(
    name="clause-classifier",
    primary_metric="macro_f1",
    load=load,
    split=split,
    fit=fit,
    evaluate=evaluate,
    input_example=input_example,
    feedback_rows=feedback_rows,
    params=dict(DEFAULT_PARAMS),
    description=(
        "Multi-label paragraph classifier for 17 CUAD clause types: word and heading TF-IDF "
        "plus legal-phrase indicators, one-vs-rest linear head, Platt calibration at paragraph "
        "and document level. Trained on CUAD v1 (CC BY 4.0), split by contract."
    ),
)
