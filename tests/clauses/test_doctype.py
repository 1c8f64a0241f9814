"""Document-type title rules, heading fallback and the classifier hand-off."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from service.documents.doctype import DOCUMENT_TYPES, classify_document_type, type_from_title


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("STATEMENT OF WORK NO. 3\nunder the Master Services Agreement", "statement_of_work"),
        ("Performance Work Statement (PWS)", "statement_of_work"),
        ("MASTER SERVICES AGREEMENT", "master_services_agreement"),
        ("Professional Services Agreement", "master_services_agreement"),
        ("CONSULTING AGREEMENT", "consulting_agreement"),
        ("ADVISORY RETAINER AGREEMENT", "consulting_agreement"),
        ("Financial Advisor Agreement", "consulting_agreement"),
        ("Change Order #4 to SOW 2", "change_order"),
        ("SECOND AMENDMENT TO MASTER SERVICES AGREEMENT", "amendment"),
        ("Amendment No. 1 to the Consulting Agreement", "amendment"),
        ("MUTUAL NON-DISCLOSURE AGREEMENT", "nda"),
        ("Confidentiality Agreement", "nda"),
        ("Order Form", "order_form"),
        ("SPONSORSHIP AGREEMENT", None),
    ],
)
def test_title_rules(title: str, expected: str | None) -> None:
    assert type_from_title(title) == expected


def test_title_zone_wins_with_high_confidence() -> None:
    result = classify_document_type("CONSULTING AGREEMENT\n\nThis agreement is made ...")
    assert result == {"value": "consulting_agreement", "confidence": 0.95}


def test_heading_below_a_cover_block() -> None:
    cover = "\n".join(f"Line {i} of the cover page with an address." for i in range(12))
    text = cover + "\n\nEXHIBIT B - STATEMENT OF WORK\n\nThe contractor shall ..."
    assert classify_document_type(text) == {"value": "statement_of_work", "confidence": 0.8}


def test_no_rule_and_no_model_is_other() -> None:
    assert classify_document_type("Some letter about lunch.") == {"value": "other",
                                                                  "confidence": 0.5}


class _FixedModel:
    """A stand-in classifier: the hand-off contract is classes_ + predict_proba on a frame."""

    classes_ = np.array(["consulting_agreement", "other"])

    def predict_proba(self, frame: Any) -> np.ndarray:
        assert list(frame.columns) == ["text"]
        return np.array([[0.7, 0.3]])


def test_classifier_decides_when_rules_are_silent() -> None:
    result = classify_document_type("Some letter about lunch.", model=_FixedModel())
    assert result == {"value": "consulting_agreement", "confidence": 0.7}
    assert result["value"] in DOCUMENT_TYPES


def test_bundled_doctype_model_predicts_known_types() -> None:
    from service.documents.doctype import BUNDLED_DOCTYPE_MODEL, load_doctype_model

    if not (BUNDLED_DOCTYPE_MODEL / "MLmodel").exists():
        pytest.skip("bundled document-type model not built (make models)")
    model = load_doctype_model()
    text = ("Preamble\n\nThe Consultant shall provide advisory services to the Company and "
            "shall be paid a consulting fee per hour. The Consultant is an independent "
            "contractor.")
    result = classify_document_type(text, model=model)
    assert result["value"] in DOCUMENT_TYPES and 0 <= result["confidence"] <= 1
