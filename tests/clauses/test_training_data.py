"""Training data: excerpt location, the contract split, foreign tables and reviewer feedback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from service.documents.clause_features import CUAD_CLAUSE_TYPES
from training.clauses.dataset import (
    DEFAULT_CONTRACTS_FILE,
    contract_paragraphs,
    is_test_contract,
    locate_excerpts,
)
from training.clauses.spec import SPEC, feedback_rows, split
from training.spec import DataOptions


def test_locate_excerpts_handles_whitespace_and_omitted_parts() -> None:
    text = "Intro.\n\nThis Agreement  shall be\ngoverned by the laws of Ohio.\n\nPage 2\n\nEnd."
    spans = locate_excerpts(text, ["This Agreement shall be governed by the laws of Ohio."])
    assert len(spans) == 1
    s, e = spans[0]
    assert text[s:e].startswith("This Agreement") and text[s:e].endswith("Ohio.")
    parts = locate_excerpts(text, ["Intro.<omitted>End."])
    assert [text[s:e] for s, e in parts] == ["Intro.", "End."]


def test_contract_paragraph_labels_follow_gold_excerpts() -> None:
    record = {
        "contract": "x.txt",
        "title": "SERVICES AGREEMENT",
        "text": "SERVICES AGREEMENT\n\nGoverned by the laws of Texas.\n\nNotices in writing.",
        "spans": {"governing_law": ["Governed by the laws of Texas."]},
    }
    frame = contract_paragraphs(record)
    assert frame["governing_law"].tolist() == [0, 1, 0]
    assert frame[list(CUAD_CLAUSE_TYPES)].to_numpy().sum() == 1


def test_split_is_by_contract_and_stable() -> None:
    assert DEFAULT_CONTRACTS_FILE.exists(), "data/cuad/contracts.jsonl.xz ships with the repo"
    names = [f"contract-{i}.txt" for i in range(400)]
    share = sum(is_test_contract(n) for n in names) / len(names)
    assert 0.15 < share < 0.35
    assert [is_test_contract(n) for n in names] == [is_test_contract(n) for n in names]


def test_foreign_paragraph_table_with_mapping(tmp_path: Path) -> None:
    path = tmp_path / "clauses.csv"
    path.write_text(
        "para,kind,doc,extra\n"
        '"Governed by the laws of Ohio.",governing_law,a,1\n'
        '"No assignment without consent.",anti_assignment;governing_law,b,2\n'
        '"Nothing here.",,c,3\n'
    )
    loaded = SPEC.load(DataOptions(path=path, label="kind", mapping={"para": "text",
                                                                     "doc": "contract"}))
    frame = loaded.frame
    assert loaded.report["unmapped_columns"] == ["extra"]
    assert frame["governing_law"].tolist() == [1, 1, 0]
    assert frame["anti_assignment"].tolist() == [0, 1, 0]
    train, test = split(frame)
    assert set(train["contract"]).isdisjoint(set(test["contract"]))
    assert len(train) + len(test) == 3


def test_feedback_rows_turn_decisions_into_labels() -> None:
    rows = feedback_rows(
        [
            {"decision": "accept", "payload": {"clause_type": "exclusivity",
                                               "evidence": {"text": "Exclusive supplier."}}},
            {"decision": "reject", "clause_type": "non_compete", "text": "Shall not compete."},
            {"decision": "correct", "clause_type": "exclusivity", "text": "No solicitation.",
             "corrected_value": "non_solicitation"},
            {"decision": "accept", "kind": "clause_flag",
             "payload": {"rule": "payment_terms.max_days", "clause_type": None},
             "evidence": {"text": "Net 90"}},
        ]
    )
    assert len(rows) == 3
    assert rows["exclusivity"].tolist() == [1, 0, 0]
    assert rows["non_compete"].tolist() == [0, 0, 0]
    assert rows["non_solicitation"].tolist() == [0, 0, 1]
    assert (rows["split"] == "train").all()


def test_excerpt_rows_are_extra_positives_with_their_paragraphs_context() -> None:
    import pandas as pd

    from training.clauses.dataset import excerpt_rows

    record = {
        "contract": "x.txt",
        "title": "SUPPLY AGREEMENT",
        "text": (
            "SUPPLY AGREEMENT\n\n"
            "9. Term. This Agreement runs for three years from the Effective Date and may be "
            "extended by mutual agreement of the parties in writing. Customer may terminate "
            "this Agreement for convenience on thirty days' notice to Supplier.\n\n"
            "10. Governed by the laws of Texas."
        ),
        "spans": {
            "termination_for_convenience": [
                "Customer may terminate this Agreement for convenience on thirty days' notice "
                "to Supplier."
            ],
            "governing_law": ["10. Governed by the laws of Texas."],
        },
    }
    frame = contract_paragraphs(record)
    rows = excerpt_rows(frame)
    # The covenant is a short part of its paragraph: one extra row; the governing-law excerpt
    # is its whole paragraph and adds nothing.
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["text"].startswith("Customer may terminate") and row["text"].endswith("Supplier.")
    assert row["termination_for_convenience"] == 1 and row["governing_law"] == 0
    assert row["contract"] == "x.txt" and row["heading"] == frame.loc[1, "heading"]
    # Rows without located excerpts (e.g. merged reviewer feedback) are skipped.
    feedback = frame.assign(gold_excerpts=[[], float("nan"), []])
    assert excerpt_rows(feedback).empty
    assert excerpt_rows(pd.DataFrame(columns=["text"])).empty


def test_extra_rows_fit_the_head_but_never_calibrate_it(monkeypatch: Any) -> None:
    import numpy as np

    from service.documents import clause_model

    seen: list[int] = []
    real_platt = clause_model._platt

    def spy(scores: Any, labels: Any) -> Any:
        seen.append(len(scores))
        return real_platt(scores, labels)

    monkeypatch.setattr(clause_model, "_platt", spy)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 4))
    Y = (X[:, :2] > 0.5).astype(int)
    groups = np.repeat(np.arange(6), 10)
    calibrate = np.r_[np.ones(50, dtype=bool), np.zeros(10, dtype=bool)]
    head = clause_model.MultiLabelClauseClassifier(clause_types=("a", "b"), calibration_folds=3)
    head.fit(X, Y, groups=groups, calibrate=calibrate)
    # Paragraph calibration sees the 50 real rows; document calibration the 5 documents that
    # have real rows (the sixth holds extra rows only).
    assert seen == [50, 5]
    assert head.predict_proba(X).shape == (60, 2)
