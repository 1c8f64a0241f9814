"""Context rules for order forms and engagement wording (blind batch 19's development half).

Each test fails on the extractor before its rule; the texts are written for the tests.
"""

from __future__ import annotations

from tests.documents.billing_terms import terms


def test_a_day_first_term_up_to_and_including_its_end() -> None:
    result = terms(
        "Price of the Card: € 14.400,00 excl. btw.\n\n"
        '6.1 This order runs from 01-07-2026 up to and including 30-06-2027 (the "Term"), '
        "twelve (12) months in total."
    )
    assert result["period_of_performance"] == {
        "start": "2026-07-01",
        "end": "2027-06-30",
        "months": 12,
    }


def test_the_total_of_this_order_is_the_contract_value() -> None:
    result = terms(
        "| Strippenkaart Data Support 120 (120 hours)     | € 14.400,00          |\n"
        "| Total of this order, excl. btw                 | € 14.400,00          |\n"
        "| btw 21%                                        | €  3.024,00          |\n"
    )
    assert result["contract_value"] == {"amount": 14400, "currency": "EUR"}


def test_a_purchase_order_stated_as_not_required_on_invoices() -> None:
    for sentence in (
        "A purchase order number is not required on our invoices.",
        "No purchase order number is required on our invoices for the Monthly Fees.",
    ):
        assert terms("Fees are $900 per month. " + sentence)["po_required"] is False, sentence


def test_a_purchase_order_required_on_invoices_or_they_are_returned() -> None:
    for sentence in (
        "A purchase order number is required on all invoices.",
        "Each invoice shall bear the Subcontract Number and Prime Purchase Order Number "
        "4500017736; invoices that do not cite both numbers will be returned unpaid.",
    ):
        assert terms("Fees are $90 per hour. " + sentence)["po_required"] is True, sentence
