"""Rebuild the bundled clause and document-type models from the repository's data alone.

``python -m training.clauses.build_bundled`` (run by ``make models``) trains on the training
side of the contract split only, scores the held-out side, and saves

- ``models/clause-classifier``: the clause pipeline, with the held-out metrics in its metadata;
- ``models/document-type``: the document-type classifier (same contract split).

Training the bundle on the training split (not on all contracts) keeps ``tollgate eval
clauses`` honest: the held-out contracts it scores were never seen by the bundled model.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

from training.clauses import doctype_train
from training.clauses.dataset import PROJECT_ROOT
from training.clauses.spec import SPEC, fit, input_example
from training.spec import DataOptions

CLAUSE_MODEL_DIR = PROJECT_ROOT / "models" / "clause-classifier"
DOCTYPE_MODEL_DIR = PROJECT_ROOT / "models" / "document-type"


def build_clause_model(out: Path = CLAUSE_MODEL_DIR, data: Path | None = None) -> dict[str, Any]:
    """Train, evaluate on held-out contracts, save; returns the held-out metrics."""
    from service.ml.persistence import save_pipeline

    started = time.perf_counter()
    frame = SPEC.load(DataOptions(path=data)).frame
    train, test = SPEC.split(frame)
    pipeline = fit(train)
    fitted = time.perf_counter()
    evaluation = SPEC.evaluate(pipeline, test)
    metrics = {k: round(float(v), 4) for k, v in evaluation.metrics.items()}
    save_pipeline(
        pipeline,
        out,
        input_example=input_example(train),
        metadata={
            "name": SPEC.name,
            "clause_types": list(pipeline.steps[-1][1].classes_),
            "train_contracts": int(train["contract"].nunique()),
            "test_contracts": int(test["contract"].nunique()),
            "heldout_metrics": metrics,
            "data": "CUAD v1 (CC BY 4.0, The Atticus Project), data/cuad/contracts.jsonl.xz",
            "params": {k: v for k, v in SPEC.params.items()},
        },
    )
    print(
        f"clause-classifier: fit {fitted - started:.1f}s on {train['contract'].nunique()} "
        f"contracts; held-out ({test['contract'].nunique()} contracts) macro-F1 "
        f"{metrics['macro_f1']:.3f}, span overlap {metrics['span_overlap']:.3f}; saved to {out}"
    )
    return metrics


def build_doctype_model(out: Path = DOCTYPE_MODEL_DIR) -> dict[str, float]:
    """Train the document-type classifier on the training split, evaluate, save."""
    from service.ml.persistence import save_pipeline

    frame = doctype_train.doctype_frame()
    train, test = frame[frame["split"] == "train"], frame[frame["split"] == "test"]
    model = doctype_train.fit_doctype(train)
    metrics = doctype_train.evaluate_doctype(model, test)
    save_pipeline(
        model,
        out,
        input_example=train[["text"]].head(2).reset_index(drop=True),
        metadata={"name": "document-type", "heldout_metrics": metrics,
                  "classes": [str(c) for c in model.classes_]},
    )
    print(
        f"document-type: held-out classifier-only accuracy {metrics['accuracy']:.3f}, "
        f"macro-F1 {metrics['macro_f1']:.3f} (n={int(metrics['n'])}); saved to {out}"
    )
    return metrics


def main(argv: list[str] | None = None) -> None:
    """Build both bundled models."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clause-out", type=Path, default=CLAUSE_MODEL_DIR)
    parser.add_argument("--doctype-out", type=Path, default=DOCTYPE_MODEL_DIR)
    parser.add_argument("--skip-doctype", action="store_true")
    args = parser.parse_args(argv)
    build_clause_model(args.clause_out)
    if not args.skip_doctype:
        build_doctype_model(args.doctype_out)


if __name__ == "__main__":
    main()
