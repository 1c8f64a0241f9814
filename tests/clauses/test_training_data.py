"""Training data: excerpt location, the contract split, foreign tables and reviewer feedback."""

from __future__ import annotations

from pathlib import Path

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
