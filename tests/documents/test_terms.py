"""Context rules of the billing-term resolvers, on short synthetic documents."""

from __future__ import annotations

from typing import Any

from service.config import Settings
from service.documents.analysis import analyze_bytes


def terms(text: str) -> dict[str, Any]:
    _, analysis = analyze_bytes(text.encode(), "sow.txt", Settings())
    return {k: (v["value"] if v else None) for k, v in analysis["billing_terms"].items()}


def test_within_days_after_invoice_is_a_payment_term() -> None:
    assert (
        terms("Client shall pay within thirty (30) days after receipt of each invoice.")[
            "payment_terms_days"
        ]
        == 30
    )


def test_within_days_after_notice_or_warranty_is_not() -> None:
    result = terms(
        "Either party may terminate on thirty (30) days written notice. Client must report defects "
        "within ninety (90) days of delivery under the warranty. Invoices are sent monthly."
    )
    assert result["payment_terms_days"] is None


def test_net_and_discount_shorthand() -> None:
    result = terms("Payment terms are 2/10 net 30 from the invoice date.")
    assert result["payment_terms_days"] == 30
    assert result["early_payment_discount"] == {"percent": 2, "days": 10}


def test_ceiling_is_not_contract_value() -> None:
    result = terms("Total fees under this SOW shall not exceed $480,000 without a change order.")
    assert result["not_to_exceed"] == {"amount": 480000, "currency": "USD"}
    assert result["contract_value"] is None


def test_travel_cap_is_not_a_fee_cap() -> None:
    result = terms(
        "Client will reimburse reasonable travel expenses, capped at $15,000. "
        "Travel expenses shall not exceed $15,000 in total."
    )
    assert result["not_to_exceed"] is None
    assert result["expenses_reimbursable"] is True


def test_contract_value_in_words_and_numerals() -> None:
    result = terms(
        "Company will pay Vendor a fixed price of one hundred twenty thousand dollars ($120,000)."
    )
    assert result["contract_value"] == {"amount": 120000, "currency": "USD"}
    assert result["billing_models"] == ["fixed_fee"]
    assert result["currency"] == "USD"


def test_insurance_amounts_are_not_fees() -> None:
    result = terms("Contractor shall maintain general liability insurance of at least $1,000,000.")
    assert result["currency"] is None
    assert result["contract_value"] is None


def test_rate_card_and_time_and_materials() -> None:
    result = terms(
        "Services are billed on a time and materials basis.\n\n"
        "Senior Consultant\t$225 per hour\nAnalyst\tEUR 1.100/day\n"
    )
    assert result["billing_models"] == ["time_and_materials"]
    assert {(r["role"], r["amount"], r["currency"], r["unit"]) for r in result["rates"]} == {
        ("Senior Consultant", 225, "USD", "hour"),
        ("Analyst", 1100, "EUR", "day"),
    }


def test_monthly_rate_is_not_an_invoice_frequency() -> None:
    result = terms(
        "The Company shall pay Consultant a flat fee consulting rate of $18,000 per month."
    )
    assert result["invoice_frequency"] is None
    assert result["billing_models"] == ["retainer"]


def test_late_interest_and_retainage() -> None:
    result = terms(
        "Overdue invoices bear interest at one and one-half percent (1 1/2%) per month. "
        "Client will retain five percent (5%) of each invoice as retainage."
    )
    assert result["late_payment_interest"] == {"percent": 1.5, "period": "month"}
    assert result["retainage_percent"] == 5


def test_expenses_excluded() -> None:
    result = terms("Travel costs are included in the fees; expenses will not be reimbursed.")
    assert result["expenses_reimbursable"] is False


def test_po_required_and_period() -> None:
    result = terms(
        'This SOW is effective as of July 1, 2025 (the "Effective Date") and will end on '
        "December 31, 2025. The term of this SOW is six (6) months.\n\n"
        "Each invoice must reference the purchase order number."
    )
    assert result["po_required"] is True
    assert result["period_of_performance"] == {
        "start": "2025-07-01",
        "end": "2025-12-31",
        "months": 6,
    }


def test_nothing_stated_gives_nulls() -> None:
    result = terms("The parties agree to cooperate in good faith.")
    assert all(value is None for value in result.values())


def test_every_key_is_present_with_evidence() -> None:
    _, analysis = analyze_bytes(
        b"Client shall pay each invoice within 45 days of receipt.", "a.txt", Settings()
    )
    assert len(analysis["billing_terms"]) == 14
    term = analysis["billing_terms"]["payment_terms_days"]
    assert 0 < term["confidence"] <= 1
    assert term["evidence"]["text"] == "Client shall pay each invoice within 45 days of receipt."
    assert analysis["clauses"] == [] and analysis["flags"] == []
    assert analysis["document"]["type"] is None


def test_defined_terms_are_not_billing_models() -> None:
    result = terms(
        '"Cost Reimbursement" has the meaning set forth in Section 10.5. '
        "The Construction Cost Reimbursement shall be deemed liquidated damages."
    )
    assert result["billing_models"] is None


def test_legal_costs_and_negations_are_not_reimbursable_expenses() -> None:
    result = terms(
        "The prevailing party shall be reimbursed for its attorneys' fees and expenses. "
        "The Company will not wholly or partially reimburse non-authorized expenses."
    )
    assert result["expenses_reimbursable"] is None


def test_pay_when_paid_is_not_a_payment_term() -> None:
    result = terms(
        "Payment to Supplier shall be made within seven (7) days from receipt of payment from "
        "the end client for the invoiced services."
    )
    assert result["payment_terms_days"] is None


def test_letter_date_is_not_the_start() -> None:
    result = terms("Dated February 20, 2019\n\nThe period of performance is twelve (12) months.")
    assert result["period_of_performance"] == {"start": None, "end": None, "months": 12}


def test_role_must_look_like_a_title() -> None:
    result = terms("That's well over $200,000 per year, paid as a fee.")
    assert [r["role"] for r in result["rates"]] == [None]


def test_bare_dollar_in_a_canadian_contract_is_cad() -> None:
    result = terms(
        "The Company will pay the Consultant $10,000 per month plus GST. This Agreement is "
        "governed by the laws of British Columbia and the federal laws of Canada."
    )
    assert result["currency"] == "CAD"
    assert result["rates"][0]["currency"] == "CAD"
    assert terms("The Company will pay the Consultant $10,000 per month.")["currency"] == "USD"


def test_lump_sum_payment_form_is_not_a_billing_model() -> None:
    result = terms("The severance shall be paid in a single lump sum within ten days.")
    assert result["billing_models"] is None


def test_dates_in_fee_sentences_are_not_the_term() -> None:
    result = terms(
        "The fee is $3,250 per month through 19 August 2020. Commencing on 20 August 2020, the "
        "fee shall be increased to $8,500 per calendar month."
    )
    assert result["period_of_performance"] is None
    assert [r["amount"] for r in result["rates"]] == [3250, 8500]


def test_frequency_must_be_near_paying_words() -> None:
    result = terms(
        "The Company will compensate Consultant at the rate of $400 per hour (19 hours cap "
        "monthly; anything over these hours must be preapproved by management), payable in "
        "accordance with the Company's standard payroll schedule."
    )
    assert result["invoice_frequency"] is None


def test_company_pays_expenses() -> None:
    result = terms(
        "In addition, the Company will pay to the Consultant all reasonable expenses incurred "
        "in delivery of the Services."
    )
    assert result["expenses_reimbursable"] is True


def test_concurrent_extractions_do_not_mix_documents() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        "The Company will pay the Consultant $10,000 per month plus GST under the laws of Canada.",
        "Client shall pay each invoice within 45 days of receipt. Fees are EUR 1.100/day.",
        "Travel costs are included in the fees; expenses will not be reimbursed.",
    ] * 4
    sequential = [terms(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        concurrent = list(pool.map(terms, texts))
    assert concurrent == sequential


def test_minimum_fee_is_not_a_rate_or_a_billing_model() -> None:
    result = terms(
        "For EDP Services BNL will pay the charges set forth in Schedule B. The minimum monthly fee "
        "shall not be less than five thousand dollars ($5,000) per month."
    )
    assert result["rates"] is None
    assert result["billing_models"] is None


def test_per_unit_processing_fee_is_usage() -> None:
    result = terms(
        "SCHEDULE B   SCHEDULE OF PROCESSING FEES   All Plans   Fee = $.305/per policy per month"
    )
    assert result["billing_models"] == ["usage"]
    assert result["rates"] is None  # per policy per month is a unit price, not a time rate


def test_rate_card_table_without_currency_signs_on_every_row() -> None:
    text = (
        "The additional services are provided at the hourly rates of Schedule A.\n\n"
        "SCHEDULE A   CHARGES FOR ADDITIONAL SERVICES     HOURLY RATE   "
        "1. CONSULTATION         $100.00   2. SYSTEMS DEVELOPMENT        100.00   "
        "3. PROGRAMMING: SENIOR ANALYST         100.00 JUNIOR ANALYST         85.00   "
        "TERMINATION SERVICES   4. CONSULTATION          $100.00   "
        "BANK DRAFTS         UNIT RATE   5. BANK DRAFT PROCESSING (PER DRAFT)      $ .06\n"
    )
    rates = terms(text)["rates"]
    assert [(r["amount"], r["unit"], r["currency"]) for r in rates] == [
        (100, "hour", "USD"),
        (100, "hour", "USD"),
        (100, "hour", "USD"),
        (85, "hour", "USD"),
        (100, "hour", "USD"),  # a second row at the same price is a rate of its own
    ]
    assert rates[1]["role"] == "SYSTEMS DEVELOPMENT"


def test_rate_header_in_a_sentence_is_not_a_table() -> None:
    text = (
        "VIP will provide the services at the hourly rates set forth in Schedule A. 100.00 200.00"
    )
    assert terms(text)["rates"] is None


def test_fee_payer_paying_travel_means_expenses_are_reimbursed() -> None:
    result = terms(
        "MORPHO shall pay all charges under this Agreement within thirty (30) days after receipt "
        "of a valid invoice from XIMAGE. Where on site intervention is required MORPHO shall pay "
        "for all travel expenses (Business Class), hotel accomodation and reasonable subsistence."
    )
    assert result["expenses_reimbursable"] is True
    assert result["payment_terms_days"] == 30


def test_provider_paying_its_own_travel_is_not_reimbursement() -> None:
    result = terms(
        "Client shall pay all fees within thirty (30) days after receipt of each invoice. "
        "Consultant shall pay for all travel expenses incurred in performing the services."
    )
    assert result["expenses_reimbursable"] is None


def test_billable_expenses_are_reimbursed() -> None:
    result = terms(
        "There are certain other expenses related to the services that are directly billable by "
        "VIP and payable by BNL, including all travel, food and lodging expenses."
    )
    assert result["expenses_reimbursable"] is True


def test_defined_effective_date_is_the_start() -> None:
    result = terms(
        "EFFECTIVE DATE shall mean the Date of Installation of the system in Kuwait, i.e. "
        "December 10, 1993. This Agreement shall remain in effect for one (1) year."
    )
    assert result["period_of_performance"]["start"] == "1993-12-10"


def test_effective_as_of_this_day() -> None:
    result = terms(
        'This CONSULTING AGREEMENT ("Agreement") effective as of this 1st day of March 2020.'
    )
    assert result["period_of_performance"]["start"] == "2020-03-01"


def test_alternative_payment_cycles_give_no_invoice_frequency() -> None:
    result = terms(
        "Company agrees to pay Consultant a $200,000 annual fee payable in 12 equal monthly "
        "installments or 24 equal semi-monthly installments, at Consultant's election."
    )
    assert result["invoice_frequency"] is None
    assert result["rates"] == [
        {"role": "Consultant", "amount": 200000, "currency": "USD", "unit": "year"}
    ]
    assert result["billing_models"] == ["retainer"]


def test_monthly_in_advance_is_monthly() -> None:
    result = terms("The processing fee is payable in advance at the beginning of the month.")
    assert result["invoice_frequency"] == "monthly"
