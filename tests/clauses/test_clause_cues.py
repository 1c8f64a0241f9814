"""Wording cues for the weak clause types, and per-type document-level thresholds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from service.documents.clause_features import CLAUSE_CUES, ClauseCueFeatures
from service.documents.clause_model import (
    MultiLabelClauseClassifier,
    build_clause_pipeline,
    choose_thresholds,
)
from service.documents.clauses import model_thresholds, select_clauses

_CUE_INDEX = {name: j for j, name in enumerate(CLAUSE_CUES)}


def _cues(text: str, context: str = "") -> set[str]:
    row = ClauseCueFeatures().transform(pd.DataFrame({"text": [text], "context": [context]}))
    hits = np.flatnonzero(row.toarray()[0])
    names = [*CLAUSE_CUES, *(f"context_{n}" for n in CLAUSE_CUES)]
    return {names[j] for j in hits}


def test_cues_fire_on_the_wording_of_weak_types() -> None:
    assert "mfn_terms" in _cues("Distributor shall be treated no less favorably than any other.")
    assert "mfn_terms" in _cues("Prices shall be equal to or better than those offered to others.")
    assert "compete_covenant" in _cues(
        "During the Term, Consultant shall not directly or indirectly compete with the Company."
    )
    assert "terminate_at_will" in _cues(
        "Client may terminate this Agreement for convenience upon thirty (30) days' notice."
    )
    assert "terminate_on_notice" in _cues(
        "Either party may terminate this Agreement upon thirty (30) days' prior written notice."
    )
    assert "liquidated_penalty" in _cues("Supplier shall pay liquidated damages of $500 per day.")
    assert "control_change" in _cues("Upon a change of control of Customer, Vendor may terminate.")
    assert "exclusive_grant" in _cues("Company grants Distributor an exclusive license in Texas.")
    assert "cap_carve_out" in _cues(
        "The foregoing limitation shall not apply to breaches of confidentiality obligations."
    )


def test_cues_stay_quiet_on_ordinary_wording() -> None:
    assert _cues("Invoices are payable within thirty days of receipt.") == set()
    # "non-exclusive" is its own cue, not an exclusive grant.
    assert _cues("Company grants Reseller a non-exclusive license.") == {"non_exclusive"}


def test_lead_in_cues_are_reported_separately() -> None:
    hits = _cues("(b) engage in any business in the Territory;",
                 context="Employee shall not, during the Term, compete with the Company or:")
    assert hits == {"context_compete_covenant"}


def test_cue_features_shape_and_names() -> None:
    frame = pd.DataFrame({"text": ["a", "most favored customer pricing"], "context": ["", ""]})
    features = ClauseCueFeatures(weight=2.0)
    out = features.fit(frame).transform(frame).toarray()
    assert out.shape == (2, 2 * len(CLAUSE_CUES))
    assert len(features.get_feature_names_out()) == out.shape[1]
    assert out[0].sum() == 0 and out[1, _CUE_INDEX["mfn_terms"]] == 2.0


def test_choose_thresholds_lowers_the_cut_only_where_it_pays() -> None:
    rng = np.random.default_rng(0)
    n = 200
    # Column 0: a rare type whose positives score 0.3-0.45 (under-confident): 0.5 finds none.
    # Column 1: a well-separated frequent type: 0.5 is already right.
    labels = np.zeros((n, 2), dtype=np.int64)
    labels[:12, 0] = 1
    labels[:80, 1] = 1
    proba = np.column_stack([
        np.where(labels[:, 0] == 1, rng.uniform(0.3, 0.45, n), rng.uniform(0.0, 0.2, n)),
        np.where(labels[:, 1] == 1, rng.uniform(0.6, 1.0, n), rng.uniform(0.0, 0.4, n)),
    ])
    cuts = choose_thresholds(proba, labels, min_gain=0.2)
    assert 0.2 <= cuts[0] <= 0.3
    assert cuts[1] == 0.5
    # A column without positives keeps 0.5.
    assert choose_thresholds(proba, np.zeros_like(labels))[0] == 0.5


def test_model_thresholds_shift_with_the_callers_threshold() -> None:
    head = MultiLabelClauseClassifier()
    head.document_thresholds_ = np.array([0.25, 0.5])
    model: Any = build_clause_pipeline()
    model.steps[-1] = ("head", head)
    assert np.allclose(model_thresholds(model), [0.25, 0.5])
    assert np.allclose(model_thresholds(model, 0.7), [0.45, 0.7])
    assert model_thresholds(object(), 0.6) == 0.6


def test_select_clauses_accepts_one_threshold_per_type() -> None:
    para = np.array([[0.2, 0.1], [0.3, 0.05]])
    doc = np.array([[0.3, 0.3], [0.4, 0.2]])
    assert select_clauses(para, doc, 0.5) == []
    picked = select_clauses(para, doc, np.array([0.35, 0.5]))
    assert picked == [(1, 0, 0.4)]


def _extended_cues(text: str) -> set[str]:
    features = ClauseCueFeatures(extended=True)
    row = features.transform(pd.DataFrame({"text": [text], "context": [""]})).toarray()[0]
    names = features.get_feature_names_out()
    return {str(names[j]) for j in np.flatnonzero(row)}


def test_extended_cues_separate_the_near_misses() -> None:
    # Change of control: consent or termination when a party changes hands ...
    assert "control_triggers" in _extended_cues(
        "Licensor may terminate this Agreement upon a Change of Control of Licensee."
    )
    # ... versus an assignment the merger frees from consent.
    freed = _extended_cues(
        "Either party may assign this Agreement without consent to a successor by merger."
    )
    assert "assign_free_on_merger" in freed and "control_triggers" not in freed
    assert "terminate_for_cause" in _extended_cues(
        "Either party may terminate this Agreement if the other party materially breaches it."
    )
    assert "terminate_without_cause" in _extended_cues(
        "Client may terminate this Agreement without cause on thirty days' notice."
    )
    assert "compared_to_others" in _extended_cues(
        "Prices shall be no less favorable than those offered to any other customer."
    )
    assert "restrictive_covenant" in _extended_cues(
        "During the Term, King shall not promote any product containing metformin."
    )
    assert "termination_fee" in _extended_cues("Customer shall pay an early termination fee.")
    assert "exclusive_word" in _extended_cues("Barclays is appointed exclusive remarketing agent.")
    assert "exclusive_word" not in _extended_cues("A non-exclusive license, exclusive of taxes.")


def test_extended_cues_shape_and_models_saved_without_them() -> None:
    from service.documents.clause_features import EXTRA_CLAUSE_CUES

    frame = pd.DataFrame({"text": ["a termination fee applies"], "context": [""]})
    extended = ClauseCueFeatures(extended=True)
    n = len(CLAUSE_CUES) + len(EXTRA_CLAUSE_CUES)
    assert extended.transform(frame).shape == (1, 2 * n)
    assert len(extended.get_feature_names_out()) == 2 * n
    # A model saved before ``extended`` existed has no such attribute: the first set only.
    old = ClauseCueFeatures()
    del old.extended
    assert old.transform(frame).shape == (1, 2 * len(CLAUSE_CUES))


def test_sentence_cue_wants_an_unconditional_termination_right_in_one_sentence() -> None:
    from service.documents.clause_features import (
        SENTENCE_CUES,
        SentenceCueFeatures,
        terminates_at_will,
    )

    assert terminates_at_will(
        "either party may terminate this agreement upon thirty (30) days' prior written notice."
    )
    assert terminates_at_will("customer may terminate this agreement without cause at any time.")
    # The same notice wording tied to a breach is termination for cause.
    assert not terminates_at_will(
        "either party may terminate this agreement if the other party materially breaches it "
        "and fails to cure within thirty (30) days' written notice."
    )
    # Both rights in one paragraph: the unconditional sentence still counts ...
    assert terminates_at_will(
        "either party may terminate this agreement on sixty (60) days' written notice. "
        "either party may terminate this agreement immediately upon a material breach."
    )
    # ... but termination in one sentence and a notice period in another do not add up.
    assert not terminates_at_will(
        "either party may terminate this agreement for breach. "
        "orders require thirty (30) days' prior written notice."
    )
    frame = pd.DataFrame({"text": ["Client may terminate for convenience.", "Payment terms."]})
    features = SentenceCueFeatures().fit(frame["text"])
    out = features.transform(frame["text"]).toarray()
    assert out.shape == (2, len(SENTENCE_CUES)) == (2, len(features.get_feature_names_out()))
    assert out[:, 0].tolist() == [1.0, 0.0] and out[:, 1:].sum() == 0


def test_sentence_cues_for_change_of_control_and_liquidated_damages() -> None:
    from service.documents.clause_features import control_change_consequence, payment_on_failure

    assert control_change_consequence(
        "upon a change of control of licensee, licensor may terminate this agreement."
    )
    # A merger that frees an assignment from consent is the opposite of the CUAD category.
    assert not control_change_consequence(
        "either party may assign this agreement without consent in connection with a merger."
    )
    # Event and consequence must share a sentence.
    assert not control_change_consequence(
        "licensee may merge with any entity. licensor may terminate on notice."
    )
    assert payment_on_failure("if supplier fails to deliver on time, it shall pay 2% per week.")
    assert payment_on_failure("the termination fee is liquidated damages and not a penalty.")
    assert not payment_on_failure("customer shall pay each invoice within thirty days.")
