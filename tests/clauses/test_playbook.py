"""Playbook validation (errors name the rule id and line) and each default rule's behaviour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from service.documents.playbook import (
    DEFAULT_PLAYBOOK,
    PlaybookError,
    evaluate_playbook,
    load_playbook,
    parse_playbook,
)

PLAYBOOK = load_playbook()


def term(value: Any, text: str = "stated") -> dict[str, Any]:
    return {"value": value, "confidence": 0.9,
            "evidence": {"page": 1, "start": 0, "end": len(text), "text": text}}


def clause(clause_type: str, text: str, confidence: float = 0.9) -> dict[str, Any]:
    return {"type": clause_type, "confidence": confidence,
            "evidence": {"page": 2, "start": 10, "end": 10 + len(text), "text": text}}


# A document that satisfies every default position; each test breaks exactly one.
GOOD_TEXT = (
    "Upon termination Client shall pay for all services performed through the termination date. "
    "A deliverable not rejected within ten days is deemed accepted. "
    "Reimbursable expenses shall not exceed 10% of the fees."
)
GOOD_CLAUSES = [
    clause("liability_cap", "Aggregate liability shall not exceed the fees paid."),
    clause("acceptance", "Client shall accept or reject each Deliverable within ten days."),
]
GOOD_TERMS = {
    "payment_terms_days": term(30, "Net 30"),
    "late_payment_interest": term({"percent": 1.5, "period": "month"}, "1.5% per month"),
    "billing_models": term(["time_and_materials"], "time and materials"),
    "not_to_exceed": term({"amount": 50000, "currency": "USD"}, "not to exceed $50,000"),
    "expenses_reimbursable": term(True, "expenses are reimbursable"),
}


def fired(terms: dict[str, Any] | None = None, clauses: list[dict[str, Any]] | None = None,
          text: str = GOOD_TEXT, doc_type: str | None = "statement_of_work") -> set[str]:
    flags = evaluate_playbook(
        PLAYBOOK, GOOD_TERMS if terms is None else terms,
        GOOD_CLAUSES if clauses is None else clauses, text, doc_type,
    )
    for flag in flags:
        assert set(flag) == {"rule", "clause_type", "severity", "message", "suggestion",
                             "fallbacks", "evidence"}
    return {f["rule"] for f in flags}


def test_default_playbook_loads_with_all_positions() -> None:
    ids = {r.id for r in PLAYBOOK.rules}
    assert PLAYBOOK.source == str(DEFAULT_PLAYBOOK)
    assert len(ids) == 16
    assert all(r.line and r.suggestion and r.fallbacks for r in PLAYBOOK.rules)


def test_good_document_raises_no_flag() -> None:
    assert fired() == set()


@pytest.mark.parametrize(
    ("rule", "clause_type", "text"),
    [
        ("liability.uncapped", "uncapped_liability", "The cap does not apply to any breach."),
        ("clause.most_favored_nation", "most_favored_nation", "Prices no less favorable."),
        ("clause.exclusivity", "exclusivity", "Provider shall work exclusively for Client."),
        ("clause.non_compete", "non_compete", "Provider shall not compete with Client."),
        ("payment.pay_when_paid", "pay_when_paid", "Paid only after Client is paid by Owner."),
        ("damages.liquidated", "liquidated_damages", "Provider shall pay liquidated damages."),
    ],
)
def test_presence_rules_fire_on_their_clause(rule: str, clause_type: str, text: str) -> None:
    assert fired(clauses=[*GOOD_CLAUSES, clause(clause_type, text)]) == {rule}
    flags = evaluate_playbook(PLAYBOOK, GOOD_TERMS, [*GOOD_CLAUSES, clause(clause_type, text)],
                              GOOD_TEXT, "statement_of_work")
    assert flags[0]["evidence"]["text"] == text
    assert text[:20] in flags[0]["message"]


def test_missing_liability_cap_fires_except_for_ndas() -> None:
    clauses = [c for c in GOOD_CLAUSES if c["type"] != "liability_cap"]
    assert fired(clauses=clauses) == {"liability.cap_missing"}
    assert fired(clauses=clauses, doc_type="nda") == set()


def test_termination_for_convenience_needs_payment_for_work_performed() -> None:
    tfc = clause("termination_for_convenience", "Client may terminate at any time for convenience.")
    assert fired(clauses=[*GOOD_CLAUSES, tfc], text="No payment language.") >= {
        "termination.convenience_without_payment"
    }
    assert "termination.convenience_without_payment" not in fired(clauses=[*GOOD_CLAUSES, tfc])


def test_ip_assignment_only_upon_payment_is_fine() -> None:
    early = clause("ip_ownership_assignment", "Provider hereby assigns all deliverables to Client.")
    late = clause("ip_ownership_assignment",
                  "Upon receipt of payment in full, Provider assigns the deliverables to Client.")
    assert fired(clauses=[*GOOD_CLAUSES, early]) == {"ip.assignment_before_payment"}
    assert fired(clauses=[*GOOD_CLAUSES, late]) == set()


def test_auto_renewal_needs_a_notice_window() -> None:
    silent = clause("auto_renewal", "This Agreement renews automatically for one-year terms.")
    window = clause("auto_renewal", "This Agreement renews for one-year terms unless either party "
                    "gives notice of non-renewal at least sixty (60) days before the end.")
    assert fired(clauses=[*GOOD_CLAUSES, silent]) == {"renewal.no_notice_window"}
    assert fired(clauses=[*GOOD_CLAUSES, window]) == set()


def test_payment_terms_over_45_days() -> None:
    flags = evaluate_playbook(PLAYBOOK, {**GOOD_TERMS, "payment_terms_days": term(90, "Net 90")},
                              GOOD_CLAUSES, GOOD_TEXT, "statement_of_work")
    assert [f["rule"] for f in flags] == ["payment_terms.max_days"]
    assert flags[0]["message"] == "Payment due 90 days after invoice; playbook allows at most 45."
    assert flags[0]["evidence"]["text"] == "Net 90"
    assert fired(terms={**GOOD_TERMS, "payment_terms_days": term(45)}) == set()


def test_missing_late_payment_interest() -> None:
    assert fired(terms={**GOOD_TERMS, "late_payment_interest": None}) == {
        "payment.late_interest_missing"
    }


def test_acceptance_missing_and_deemed_acceptance_absent() -> None:
    no_acceptance = [c for c in GOOD_CLAUSES if c["type"] != "acceptance"]
    assert fired(clauses=no_acceptance) == {"acceptance.missing"}
    assert fired(clauses=no_acceptance, doc_type="nda") == set()
    assert fired(text=GOOD_TEXT.replace("is deemed accepted", "may be rejected")) == {
        "acceptance.no_deemed_acceptance"
    }


def test_not_to_exceed_only_required_under_time_and_materials() -> None:
    assert fired(terms={**GOOD_TERMS, "not_to_exceed": None}) == {
        "fees.not_to_exceed_missing_tm"
    }
    fixed = {**GOOD_TERMS, "not_to_exceed": None, "billing_models": term(["fixed_fee"])}
    assert fired(terms=fixed) == set()


def test_expenses_reimbursable_without_cap() -> None:
    uncapped = GOOD_TEXT.replace("Reimbursable expenses shall not exceed 10% of the fees.",
                                 "Travel expenses are reimbursed at cost.")
    assert fired(text=uncapped) == {"expenses.uncapped"}
    assert fired(terms={**GOOD_TERMS, "expenses_reimbursable": term(False)}, text=uncapped) == set()


# ----------------------------------------------------------------------------- validation

VALID_RULE = """\
rules:
  - id: ok.rule
    check: {clause: exclusivity}
    severity: low
    message: fine
"""


@pytest.mark.parametrize(
    ("snippet", "line", "needle"),
    [
        ("  - id: bad.severity\n    check: {clause: exclusivity}\n    severity: urgent\n"
         "    message: m\n", 8, "severity 'urgent'"),
        ("  - id: bad.clause\n    check: {clause: exclusivityy}\n    severity: low\n"
         "    message: m\n", 7, "unknown clause type 'exclusivityy'"),
        ("  - id: bad.op\n    check: {term: payment_terms_days, op: bigger, value: 3}\n"
         "    severity: low\n    message: m\n", 7, "unknown op 'bigger'"),
        ("  - id: bad.template\n    check: {clause: exclusivity}\n    severity: low\n"
         "    message: 'found {amount}'\n", 9, "unknown field(s) amount"),
        ("  - id: bad.regex\n    check:\n      clause: exclusivity\n"
         "      unless_evidence_matches: '(unclosed'\n    severity: low\n    message: m\n",
         9, "bad regular expression"),
        ("  - id: bad.key\n    check: {clause: exclusivity}\n    severity: low\n"
         "    message: m\n    colour: red\n", 10, "unknown key 'colour'"),
        ("  - id: ok.rule\n    check: {clause: exclusivity}\n    severity: low\n"
         "    message: m\n", 6, "duplicate id"),
    ],
)
def test_validation_errors_name_rule_and_line(snippet: str, line: int, needle: str) -> None:
    with pytest.raises(PlaybookError) as err:
        parse_playbook(VALID_RULE + snippet, source="custom.yaml")
    rule_id = snippet.split("id: ", 1)[1].split("\n", 1)[0]
    assert err.value.rule_id == rule_id
    assert err.value.line == line
    assert needle in str(err.value)
    assert f"custom.yaml:{line}" in str(err.value) and f"'{rule_id}'" in str(err.value)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("rules:\n  - id: a\n    check: {clause: exclusivity\n    severity: low\n")
    with pytest.raises(PlaybookError) as err:
        load_playbook(path)
    assert err.value.line is not None and err.value.line >= 3


def test_custom_playbook_file_is_used(tmp_path: Path) -> None:
    path = tmp_path / "firm.yaml"
    path.write_text(VALID_RULE)
    playbook = load_playbook(path)
    assert [r.id for r in playbook.rules] == ["ok.rule"]
    flags = evaluate_playbook(playbook, {}, [clause("exclusivity", "exclusive")], "x")
    assert flags[0]["rule"] == "ok.rule" and flags[0]["severity"] == "low"


def test_an_edited_playbook_applies_without_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "firm.yaml"
    path.write_text(VALID_RULE)
    first = load_playbook(path)
    assert load_playbook(path) is first  # validated once per distinct text
    path.write_text(VALID_RULE.replace("ok.rule", "edited.rule"))
    assert [r.id for r in load_playbook(path).rules] == ["edited.rule"]
    path.write_text("rules: nope\n")  # an edit that breaks it is reported, not masked by the cache
    with pytest.raises(PlaybookError):
        load_playbook(path)
