"""Context rules of the billing-term resolvers, on short synthetic documents."""

from __future__ import annotations

from service.config import Settings
from service.documents.analysis import analyze_bytes
from tests.documents.billing_terms import terms


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
    result = terms("That's $200,000 per year, paid as a fee.")
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


# ---------------------------------------------------------------- rules from blind batches 3 and 4
def test_term_from_the_date_first_above_written() -> None:
    result = terms(
        "THIS AGREEMENT made in duplicate this 20 day of November, 1995.\n\n"
        "2.1 This Agreement shall be effective from the date first above written and shall "
        "continue indefinitely until terminated by either Party."
    )
    assert result["period_of_performance"]["start"] == "1995-11-20"
    executed = terms(
        "This Agreement is executed this 23rd day of December, 2003, by Owner and Charterer.\n\n"
        "The initial term of this Agreement shall be for 3 years commencing on the date first set "
        'forth above (the "Commencement Date").'
    )
    assert executed["period_of_performance"] == {"start": "2003-12-23", "end": None, "months": 36}


def test_opening_date_alone_is_not_the_start_without_a_first_written_reference() -> None:
    result = terms(
        "This Agreement is made this 12th day of May 2003 by Provider and KCI.\n\n"
        "Fees are payable within 30 days of invoice."
    )
    assert (result["period_of_performance"] or {}).get("start") is None


def test_commence_upon_a_date() -> None:
    result = terms(
        "The term of this Agreement shall commence upon April 1, 1999 and shall continue for a "
        "period of six (6) months."
    )
    assert result["period_of_performance"] == {"start": "1999-04-01", "end": None, "months": 6}


def test_recitals_and_that_certain_agreements_do_not_date_this_term() -> None:
    result = terms(
        "WHEREAS, the parties entered into an Asset Purchase Agreement dated as of April 4, 2005.\n\n"
        "The parties amend that certain Quality Agreement between them effective as of "
        "September 15, 2015.\n\nThe term of this Agreement shall be eighteen (18) months."
    )
    assert result["period_of_performance"] == {"start": None, "end": None, "months": 18}


def test_signing_date_is_not_the_start_when_the_effective_date_is_an_event() -> None:
    result = terms(
        "This HOSTING AGREEMENT dated as of August 9, 1999 is made between HDI and the Company.\n\n"
        'This Agreement shall be effective as of that date (the "Effective Date") the Site becomes '
        "fully operational and shall continue for a period of one (1) year from the Effective Date."
    )
    assert result["period_of_performance"] == {"start": None, "end": None, "months": 12}
    signed = terms(
        "SERVICES AGREEMENT, dated as of April 1, 2019.\n\nThe term of this Agreement shall "
        'commence on the date hereof (the "Effective Date") and shall continue for 12 months.'
    )
    assert signed["period_of_performance"]["start"] == "2019-04-01"


def test_period_after_termination_spread_over_spaces_is_not_the_term() -> None:
    result = terms(
        "The Party in default shall not enter into a similar agreement for a period of six (6) "
        "months from the         effective date of termination."
    )
    assert result["period_of_performance"] is None


def test_payments_due_monthly_is_the_cycle_not_a_reconciliation_or_termination_payment() -> None:
    result = terms(
        "3.2 Payments to HDI shall be due monthly within thirty (30) days of the end of each "
        "calendar month.\n\n3.3 Quarterly reconciliation of payments shall be conducted each "
        "quarter.\n\n(c) The Termination Payment shall be payable in eight (8) equal payments to "
        "be made quarterly."
    )
    assert result["invoice_frequency"] == "monthly"
    only_side = terms(
        "The Termination Payment shall be payable in eight (8) equal payments to be made quarterly."
    )
    assert only_side["invoice_frequency"] is None


def test_fees_due_by_a_day_of_each_month_are_monthly() -> None:
    result = terms(
        "The Customer is responsible for paying the recurring monthly fees by the 5th day of each "
        "month beginning in April 1, 1999."
    )
    assert result["invoice_frequency"] == "monthly"


def test_monthly_reports_are_not_an_invoice_frequency() -> None:
    result = terms(
        "Additional functions include invoicing, payment and submission of monthly and quarterly "
        "reports."
    )
    assert result["invoice_frequency"] is None


def test_invoice_one_time_once_accepted_is_completion() -> None:
    result = terms(
        "The quoter will invoice one time (per Period of Performance, as applicable) for the "
        "amount matching the order amount once inspection and acceptance is complete."
    )
    assert result["invoice_frequency"] == "completion"


def test_recurring_monthly_fee_in_the_amount_of_is_a_rate() -> None:
    result = terms(
        "The Customer is responsible for paying i-on the recurring monthly fee in the amount of $450."
    )
    assert result["rates"] == [{"role": None, "amount": 450, "currency": "USD", "unit": "month"}]
    assert result["billing_models"] == ["fixed_fee"]


def test_revenue_thresholds_are_not_rates_or_retainers() -> None:
    result = terms(
        "The Company shall pay HDI thirty percent (30%) of the Net Sales in excess of Eleven "
        "Thousand Dollars ($11,000) per calendar month. Dynamex may continue the service "
        "provided revenue from this business does not exceed Five Thousand Dollars ($5,000.00) "
        "per month."
    )
    assert result["rates"] is None
    assert "retainer" not in (result["billing_models"] or [])
    capped = terms("Consulting fees shall not to exceed $150 per hour.")
    assert capped["rates"] == [{"role": None, "amount": 150, "currency": "USD", "unit": "hour"}]


def test_this_in_the_header_does_not_make_a_monthly_fee_a_retainer() -> None:
    result = terms(
        "HOSTING AGREEMENT. This agreement covers hosting.\n\n"
        "The Company shall pay the Provider a hosting fee of $900 per month."
    )
    assert result["billing_models"] == ["fixed_fee"]


def test_flat_fee_regardless_of_requests_is_a_retainer() -> None:
    result = terms(
        "The Company shall pay to the Provider $40,000 per month in exchange for the Services. "
        "The Provider shall provide maintenance for the fixed rate without regard to the number "
        "of legitimate service requests by the Company."
    )
    assert result["billing_models"] == ["retainer"]


def test_retainer_policies_are_not_a_retainer() -> None:
    result = terms(
        "Quoters can discuss staff currently on-hand and internal personnel retainer policies. "
        "This is a firm-fixed-price order."
    )
    assert result["billing_models"] == ["fixed_fee"]


def test_labor_hours_lh_order_is_time_and_materials() -> None:
    result = terms(
        "Type of Contract. The Government contemplates award of a labor hours (LH) order."
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_blank_price_per_gallon_is_usage() -> None:
    result = terms(
        "Charterer agrees to pay to Owner a fee of $______ per gallon of product transported."
    )
    assert result["billing_models"] == ["usage"]
    assert result["currency"] is None


def test_a_total_paid_for_the_services_is_the_contract_value() -> None:
    result = terms(
        "As consideration for the services, On2 will pay Wildform a total of (i) $160,000 payable "
        "as follows: (a) $22,500 per month for each of the four (4) months and (b) $50,000 upon "
        "On2's acceptance of the Deliverables; and (ii) the Payment Shares."
    )
    assert result["contract_value"] == {"amount": 160000, "currency": "USD"}
    assert result["milestones"] == [
        {"name": "On2's acceptance of the Deliverables", "amount": 50000, "percent": None}
    ]
    assert set(result["billing_models"]) == {"fixed_fee", "milestone"}


def test_currency_from_an_estimate_when_no_fee_amount_is_stated() -> None:
    result = terms(
        "The government's Good Faith Estimate for funded call orders is between $5,000,000 to "
        "$10,000,000. Call orders may be firm-fixed-price."
    )
    assert result["currency"] == "USD"
    threshold = terms(
        "The Offeror does not anticipate submitting an offer with an estimated contract value of "
        "greater than $500,000."
    )
    assert threshold["currency"] is None


def test_provider_bearing_all_costs_of_the_work_is_not_reimbursement() -> None:
    result = terms(
        "1.2 HDI shall bear all costs associated with the design, development and operation of "
        "the Site.\n\n3.1 The Company shall pay HDI thirty percent (30%) of the Net Sales."
    )
    assert result["expenses_reimbursable"] is False
    client = terms(
        "1.2 The Company shall bear all costs associated with the operation of its stores.\n\n"
        "3.1 The Company shall pay HDI thirty percent (30%) of the Net Sales."
    )
    assert client["expenses_reimbursable"] is None


# --------------------------------------- rules from the batch-4 holdout (read) and batch-5 dev half
def test_hourly_rates_with_a_trailing_currency_code_are_time_and_materials() -> None:
    result = terms(
        "Support of external development is charged at a rate of $55 CAD per hour.\n\n"
        "New code enhancing the functionality of the system is charged at a rate of $55 CAD per "
        "hour."
    )
    assert "time_and_materials" in result["billing_models"]
    assert result["currency"] == "CAD"
    # two services at the same price are two rates: each sentence's subject is its role
    assert [(r["role"], r["amount"], r["unit"]) for r in result["rates"]] == [
        ("Support of external development", 55, "hour"),
        ("New code enhancing the functionality of the system", 55, "hour"),
    ]


def test_monthly_hosting_fee_is_a_fixed_fee_not_a_retainer() -> None:
    text = (
        "This agreement is available to the consultant's clients.\n\n"
        "Managed hosting fees are $175 per month for a period of 12 months."
    )
    assert terms(text)["billing_models"] == ["fixed_fee"]
    retained = "This agreement is available to clients.\n\nThe consulting fee is $175 per month."
    assert terms(retained)["billing_models"] == ["retainer"]


def test_data_overage_price_is_usage() -> None:
    result = terms(
        "This includes up to 10 G of bandwidth, with overages at $20 for each 1 G beyond 10 in any "
        "given month."
    )
    assert result["billing_models"] == ["usage"]


def test_fee_set_by_a_count_of_uses_is_usage_but_not_by_hours() -> None:
    views = terms(
        "License and Hosting Fees will be billed after each month, based on the Total Number of "
        "Videos Views for that month."
    )
    assert views["billing_models"] == ["usage"]
    hours = terms("Fees are invoiced monthly based on the actual number of hours worked.")
    assert "usage" not in (hours["billing_models"] or [])


def test_a_revenue_source_list_names_no_billing_model() -> None:
    result = terms(
        "Licensee shall keep all revenues derived from its exploitation of the Services including "
        "advertising, sponsorships, subscriptions and any other revenues."
    )
    assert result["billing_models"] is None


def test_term_beginning_and_ending_without_on() -> None:
    result = terms(
        "The effective term is 12 months beginning March 1, 2005 and ending February 28, 2006."
    )
    assert result["period_of_performance"] == {
        "start": "2005-03-01",
        "end": "2006-02-28",
        "months": 12,
    }


def test_a_volume_period_beginning_on_a_date_is_not_the_term() -> None:
    result = terms(
        "During the Term of this Agreement, Buyer shall purchase a minimum volume for each "
        "twelve-month period commencing July 1, 2017."
    )
    assert (result["period_of_performance"] or {}).get("start") is None


def test_effective_date_defined_after_a_comma_and_services_until_a_date() -> None:
    result = terms(
        'This Agreement is entered into on February 26, 1999, (the "Effective Date") by and '
        "between Client and Provider.\n\n"
        "Provider's services shall be performed from the Effective Date until December 31, 2000 "
        '(the "Services Term").'
    )
    assert result["period_of_performance"]["start"] == "1999-02-26"
    assert result["period_of_performance"]["end"] == "2000-12-31"


def test_term_of_years_from_the_date_of_this_document_starts_on_the_opening_date() -> None:
    result = terms(
        "This Agreement is made on this 12th day of May 2003 by Provider and KCI.\n\n"
        "This agreement shall be for a term of five years from the date of this document."
    )
    assert result["period_of_performance"] == {"start": "2003-05-12", "end": None, "months": 60}


def test_ocr_damaged_numerals_in_term_and_late_interest() -> None:
    result = terms(
        "This Agreement shall commence as of the Effective Date and shall continue in effect for "
        "one (I) year.\n\n"
        "Any payments made later than the due date will accrue interest at the rate of one "
        "percent (I%) per month on the amount due."
    )
    assert result["period_of_performance"]["months"] == 12
    assert result["late_payment_interest"] == {"percent": 1, "period": "month"}


def test_a_duration_range_is_not_the_term() -> None:
    result = terms(
        "Similar size is three to five staff having performed on a project with a period of "
        "performance of two (2) months to twelve (12) months."
    )
    assert (result["period_of_performance"] or {}).get("months") is None


def test_firm_fixed_price_across_a_line_break() -> None:
    result = terms(
        "Type of Contract. The Government contemplates award of a Firm\nFixed Price order."
    )
    assert result["billing_models"] == ["fixed_fee"]


def test_invoice_on_a_monthly_basis_far_from_the_invoice_word() -> None:
    result = terms(
        "Provider will provide Client with an invoice for the requested Hosting Services and "
        "Support Services and any other agreed-upon services on a monthly basis."
    )
    assert result["invoice_frequency"] == "monthly"


def test_alternative_cycles_give_no_invoice_frequency() -> None:
    result = terms(
        "In a fixed-fee structure, the government pays the vendor a fixed fee (monthly, "
        "quarterly, or yearly) regardless of bounties paid."
    )
    assert result["invoice_frequency"] is None


def test_milestone_schedule_without_money_is_not_a_billing_model() -> None:
    assert terms("See attached milestone schedule for the acquisition.")["billing_models"] is None
    paid = terms("Payments are made per the payment milestone schedule below.")
    assert paid["billing_models"] == ["milestone"]


def test_prose_payment_schedule_is_milestones_and_project_fee_is_the_contract_value() -> None:
    result = terms(
        "Fees: The Fees for the Project shall be $100,000.00 Payment Schedule: Client shall pay "
        "Developer: 40% Deposit ($40,000.00) to be paid at the start of the project. 60% "
        "($60,000.00) to be paid upon completion of Milestone #1."
    )
    assert result["contract_value"] == {"amount": 100000, "currency": "USD"}
    assert [(m["amount"], m["percent"]) for m in result["milestones"]] == [(40000, 40), (60000, 60)]
    assert result["billing_models"] == ["fixed_fee", "milestone"]
    single = terms("A fee of $5,000 shall be paid upon completion of the services.")
    assert single["milestones"] is None  # one payment on an event is not a schedule


def test_expenses_in_a_form_of_sow_exhibit_are_not_this_agreements() -> None:
    result = terms(
        "1. Fees. Fees are as set out in Exhibit A.\n\n"
        "EXHIBIT D FORM OF SOW\n\n"
        "Licensee shall promptly reimburse Provider for any out-of-pocket expenses, including "
        "travel expenses, incurred in connection with the SOW Services."
    )
    assert result["expenses_reimbursable"] is None


def test_available_or_officer_in_the_opening_does_not_make_a_monthly_fee_a_retainer() -> None:
    result = terms(
        "The Contracting Officer may order support. The system is available 24 hours a day.\n\n"
        "The support fee is $500 per month."
    )
    assert result["billing_models"] == ["fixed_fee"]
    advice = terms("The Company engages the Consultant.\n\nThe support fee is $500 per month.")
    assert advice["billing_models"] == ["retainer"]


# ------------------------------------------------------------------ batch-6 rules (dev errors)
def test_installments_that_add_up_to_an_amount_make_it_the_contract_value() -> None:
    equal = terms(
        "In consideration of the services, the Company shall be entitled to compensation in the "
        "amount of $150,000.00 (One Hundred Fifty Thousand Dollars), to be paid in equal "
        "installments of $37,500.00 on January 1, 2008, April 1, 2008, July 1, 2008 and "
        "October 1, 2008."
    )
    assert equal["contract_value"] == {"amount": 150000, "currency": "USD"}
    assert equal["billing_models"] == ["fixed_fee"]
    parts = terms(
        "B. Cash Payment: (1) HDS will provide payment of Fifty Thousand and NO/100 Dollars "
        "($50,000) made payable to the agent. CSE, as follows $10,000 Within ten (10) days of "
        "execution $15,000 Within 60 days of execution $25,000 Ten (10) days prior to the "
        "Production Session."
    )
    assert parts["contract_value"] == {"amount": 50000, "currency": "USD"}
    # a price list adds up by chance; one year's installments and a minimum are no total
    price_list = terms(
        "The monthly fees for additional devices are as follows: 1. each line $200, 2. each "
        "station $25, 3. each printer $25, 4. each fast printer $150."
    )
    assert price_list["contract_value"] is None
    one_year = terms(
        "Fees: YEAR 2 $50,710.00 due and payable in four (4) equal quarterly installments of "
        "$12,677.50 on July 1, October 1, January 1 and April 1."
    )
    assert one_year["contract_value"] is None


def test_cents_written_as_a_fraction_of_a_dollar_are_not_an_amount() -> None:
    from service.documents.extraction.money import find_money

    found = find_money("payment of Fifty Thousand and NO/100 Dollars ($50,000) made payable")
    assert [m.amount for m in found] == [50000]


def test_a_price_escalation_is_not_late_interest_and_a_monthly_rate_of_is_monthly() -> None:
    result = terms(
        "The Services Fee will escalate at a rate of three percent (3%) per year. Fees are "
        "conditioned upon timely payment and any past due balance will accrue interest at the "
        "monthly rate of one and one half percent (1.5%)."
    )
    assert result["late_payment_interest"] == {"percent": 1.5, "period": "month"}
    escalation = terms("The Services Fee will escalate at a rate of three percent (3%) per year.")
    assert escalation["late_payment_interest"] is None
    later = terms(
        "Any payments made later than the due date will accrue interest at the rate of one "
        "percent (1%) per month on the amount due."
    )
    assert later["late_payment_interest"] == {"percent": 1, "period": "month"}


def test_a_negated_cost_reimbursement_or_a_securities_subscription_is_no_model() -> None:
    negated = terms(
        "The Services Fee shall be full consideration for the Services and Provider shall not be "
        "entitled to any additional cost reimbursement for any materials used."
    )
    assert "cost_reimbursement" not in (negated["billing_models"] or [])
    securities = terms(
        "Users may subscribe to the Offering by signing a subscription agreement with the Customer."
    )
    assert securities["billing_models"] is None


def test_fees_per_amount_traded_or_charged_per_transaction_are_usage() -> None:
    traded = terms("Payments to Licensor: Fee rate per US$1million traded, 0-10 US$7.50.")
    assert traded["billing_models"] == ["usage"]
    per_use = terms("d) AML Fees. AML fees are charged per User per initial transaction.")
    assert per_use["billing_models"] == ["usage"]


def test_licensee_and_licensor_are_party_names_not_a_licence_fee() -> None:
    support = terms(
        "The Licensor shall provide Technical Support Services and the Licensee shall pay the "
        "Licensor $2,500 per month for such Technical Support Services."
    )
    assert support["billing_models"] == ["fixed_fee"]
    licence = terms("The Licensee shall pay a licence fee of $2,500 per month.")
    assert licence["billing_models"] == ["subscription"]


def test_a_worked_example_states_no_fee() -> None:
    result = terms(
        "By way of illustration, if the Licensee trades 30 Billion of Notional Volume on the "
        "Platform, with a Billable Platform Fee of $279,000, the rebate is 15% of $279,000."
    )
    assert result["billing_models"] is None
    assert result["currency"] is None


def test_expenses_billed_at_cost_or_paid_by_the_fee_payer_are_reimbursed() -> None:
    at_cost = terms(
        "3. Materials, travel, lodging and other expenses will be billed at direct cost plus ten "
        "percent (10%)."
    )
    assert at_cost["expenses_reimbursable"] is True
    payer = terms(
        "CSE shall invoice HDS for these fees and HDS shall pay such invoice within ten (10) days "
        "following receipt. HDS agrees to provide and pay for the expenses related to Celebrity's "
        "services, including airfare and hotel accommodations."
    )
    assert payer["expenses_reimbursable"] is True


def test_list_prices_normally_charged_to_customers_are_not_rates() -> None:
    resale = terms(
        "Provider represents that these fees normally are charged to the customer according to "
        "the following schedule:\n\n$299.00 one time start-up fee due at contract signing\n\n"
        "$29.95 monthly maintenance and service fee\n\nTech Support $25.00 per month for private "
        "labeled service."
    )
    assert resale["rates"] is None
    own = terms("Client shall pay Provider a maintenance and service fee of $29.95 per month.")
    assert own["rates"] is not None


def test_services_paid_by_reimbursing_costs_are_cost_reimbursement() -> None:
    result = terms(
        "In consideration of the LMG Services and other obligations to be performed by LMG under "
        "this Agreement, TAG will reimburse LMG for the following items."
    )
    assert result["billing_models"] == ["cost_reimbursement"]


def test_contract_types_ruled_out_or_only_aimed_at_are_no_model() -> None:
    result = terms(
        "The government intends to award a labor-hour (LH) task order. For other than "
        "firm-fixed-price contracts, see 16.103(d) for additional documentation guidance. This "
        "will facilitate an easier transition to a firm-fixed-price contract. Discuss the strategy "
        "for each order. During the requirements stage, consider structuring the contract line "
        "items to permit award on a firm-fixed-price basis."
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_the_title_of_another_agreement_is_no_model() -> None:
    result = terms(
        "THE REMEDIES SET FORTH IN THE SUBSCRIPTION LICENSE AGREEMENT SHALL BE EXCLUSIVE. "
        "Supported Products are defined under the Subscription License Agreement. For out-of-scope "
        "services Converge shall pay VNE's then-current time charges."
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_a_yearly_fee_under_a_licence_agreement_is_a_licence_fee() -> None:
    opening = "CONTENT LICENSE AGREEMENT\n\nWebMD grants Emdeon a license to use the Content.\n\n"
    result = terms(
        opening + "Fees for the Content shall be $5,000 per year. Additional drawings shall be "
        "licensed at an incremental charge of $150 per drawing."
    )
    assert result["billing_models"] == ["subscription", "usage"]
    support = terms(
        opening + "The Licensee shall pay the Licensor $2,500 per month for such Technical "
        "Support Services."
    )
    assert "subscription" not in (support["billing_models"] or [])


def test_labeled_expiration_date_ends_the_term() -> None:
    result = terms(
        'This Agreement is dated as of October 1, 2005 (the "Effective Date").\n\n'
        "Expiration Date: August 31, 2006\n\nFees are $5,000 per year."
    )
    assert result["period_of_performance"] == {
        "start": "2005-10-01",
        "end": "2006-08-31",
        "months": None,
    }


def test_invoices_after_each_agreed_milestone_and_revenue_share_cycles() -> None:
    result = terms(
        "Revenue Sharing Fees: Quarterly payments shall be due to receiving party, net 30 days "
        "after quarter close. Implementation Fees: Net 30 days from date of invoice, which shall "
        "be issued only after successful completion of each agreed upon milestone."
    )
    assert result["invoice_frequency"] == "milestone"


def test_audit_costs_are_not_reimbursable_expenses() -> None:
    result = terms(
        "Such books shall be open for inspection. Commerce One shall bear all costs and expenses "
        "of such inspection. If any such inspection reveals an underpayment of more than five "
        "percent, Corio shall reimburse Commerce One for the reasonable cost of the examination."
    )
    assert result["expenses_reimbursable"] is None


def test_labeled_cover_page_dates_give_the_term() -> None:
    result = terms(
        "AGREEMENT PERIOD\n\nEffective Date: January 1, 2019\n\nTermination Date: December 31, "
        "2023\n\nPAYMENT TERMS\n\nBuyer shall pay each invoice within 30 days."
    )
    assert result["period_of_performance"] == {
        "start": "2019-01-01",
        "end": "2023-12-31",
        "months": None,
    }


def test_a_refund_of_fees_paid_in_advance_is_no_billing_cycle() -> None:
    result = terms(
        "Licensee shall not be entitled to any refund other than Maintenance Fees that may have "
        "been paid in advance. Licensee shall pay the Maintenance Fee annually in advance, "
        "within 30 days of the invoice."
    )
    assert result["invoice_frequency"] == "annually"


def test_an_estimate_or_comparison_is_no_rate() -> None:
    result = terms(
        "We pay the vendor a fixed fee. Other programs paid bounties to many researchers. "
        "That's over than $200,000 per year. The pool is approximately $50,000 per quarter."
    )
    assert result["rates"] is None


def test_expenses_charged_on_top_of_a_fee_are_reimbursable() -> None:
    result = terms(
        "The Licensee shall pay the Release Fee (plus NCC's reasonable expenses) before the "
        "material is released."
    )
    assert result["expenses_reimbursable"] is True


def test_fixed_price_hourly_rates_are_time_and_materials() -> None:
    result = terms(
        "The Contractor must propose firm, fixed-price hourly rates for the desired skill sets. "
        "Contractors proposing firm-fixed price rates for the above CLINs must propose personnel."
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_a_duration_that_names_the_term_is_the_term() -> None:
    result = terms(
        "Agent's appointment shall commence on the later of (i) the date hereof, or (ii) the date "
        "Agent has confirmed that Client's records have been converted (the \"Effective Date\"), "
        "and shall continue for three years thereafter (the \"Initial Term\"). This Agreement is "
        "dated as of January 26, 2011."
    )
    assert result["period_of_performance"] == {"start": None, "end": None, "months": 36}
    long_term = terms(
        "THIS AGREEMENT, made and entered into this 18th day of April 2000, between the Parties. "
        "This Agreement shall become effective on the date and year first above written and "
        "shall continue in operation for at least an initial period of twenty-five (25) years "
        'following the RFS Date (hereinafter referred to as "initial Period").'
    )
    assert long_term["period_of_performance"] == {
        "start": "2000-04-18",
        "end": None,
        "months": 300,
    }


def test_labeled_period_fields_and_concluding_dates() -> None:
    field = terms(
        "INITIAL DISTRIBUTION      PERIOD:        April 15, 2000 through October 15,"
        "                         2000 (6 Months from the Effective Date)"
    )
    assert field["period_of_performance"] == {
        "start": "2000-04-15",
        "end": "2000-10-15",
        "months": 6,
    }
    concluding = terms(
        '"Contract Period" shall mean that period of time commencing as of May 31, 1999 and '
        "concluding May 31, 2000."
    )
    assert concluding["period_of_performance"]["end"] == "2000-05-31"
    expiry = terms("Agency Agreement Expiration Date and Last Delivery Date: October 31, 2006")
    assert expiry["period_of_performance"]["end"] == "2006-10-31"


def test_a_recital_run_into_the_opening_sentence_does_not_start_the_term() -> None:
    result = terms(
        "CABLE AGREEMENT THIS AGREEMENT, made and entered into this 18th day of April 2000, "
        "between the Parties WITNESSETH: WHEREAS the Parties entered into a Memorandum effective "
        "on June 16, 1999 and WHEREAS they wish to build a cable. This Agreement shall become "
        "effective on the date first above written and shall remain in effect for five years."
    )
    assert result["period_of_performance"]["start"] == "2000-04-18"


def test_limits_and_sell_off_periods_are_no_billing_cycle() -> None:
    limit = terms(
        "The Terminal Parties shall render invoices for any costs incurred not more frequently "
        "than quarterly."
    )
    assert limit["invoice_frequency"] is None
    sell_off = terms(
        "Company may sell products during the ninety (90) day period next following the date of "
        "termination, provided that Company pays all royalties and furnishes a statement monthly."
    )
    assert sell_off["invoice_frequency"] is None


def test_a_milestone_paid_in_shares_is_no_billing_milestone() -> None:
    result = terms(
        "An initial milestone payment of five thousand (5,000) shares of restricted common stock, "
        "par value $0.001, shall become due if Net Sales reach $2,000,000."
    )
    assert "milestone" not in (result["billing_models"] or [])


def test_work_paid_as_its_actual_costs_is_cost_reimbursement() -> None:
    shared = terms(
        "If the FDA requires a second study, GALEN agrees to pay 50% of the reasonable costs for "
        "said study, such costs to be invoiced by LEO on a quarterly basis."
    )
    assert shared["billing_models"] == ["cost_reimbursement"]
    lump = terms(
        "GALEN will pay to LEO US$5,000,000 to reimburse LEO for a portion of the actual "
        "development costs that have been incurred by LEO."
    )
    assert "cost_reimbursement" in (lump["billing_models"] or [])
    travel = terms("Client will pay all the costs of travel, to be invoiced monthly.")
    assert "cost_reimbursement" not in (travel["billing_models"] or [])


def test_a_flattened_fee_schedule_is_judged_cell_by_cell() -> None:
    cells = (
        "SERVICES TO BE PROVIDED AND SCHEDULE OF FEES Issues Covered: Common IPO Services Full "
        "Fast Closing (one-time)/Conversion $2,500.00 Administration & Account Maintenance Stock "
        "Transfer Administration (Annual Fee, payable monthly) $ 18,000.00 Account Maintenance "
        "Services Security Issuance Services Dividend Disbursement Services (Quarterly) Escheatment "
        "Services Direct Registration System/Profile Services Web Services and System Access Proxy "
        "and Annual Meeting Services Investment Plan Services Per Separate Plan Agreement"
    )
    assert terms(cells)["currency"] == "USD"
    # its fee cell is a yearly rate of a flat fee, though other cells name shares and stock
    assert terms(cells)["rates"] == [{"role": None, "amount": 18000, "currency": "USD", "unit": "year"}]
    assert terms(cells)["billing_models"] == ["fixed_fee"]
    clause = terms(
        "In addition to any other remedies we may have, if you fail to attend any required "
        "training, we reserve the right to charge you a non-attendance fee of up to $400 per day "
        "for each day you miss, and you agree to pay all wages and compensation owed to your "
        "personnel who attend, and all travel, lodging and meal costs they incur, whether or not "
        "the training is held at our headquarters or at another location that we designate, "
        "and whatever the number of your personnel who attend."
    )
    assert clause["rates"] is None  # a long clause is no table: its cells are not judged apart
    # a short sentence about shares keeps its amount out of the fees
    assert terms("The purchase price of the shares is $18,000.")["currency"] is None


def test_a_rate_card_without_fee_words_still_names_the_currency() -> None:
    result = terms("3.1 Basis. Time and materials.\n\nEngagement Partner\t$325 per hour\n")
    assert result["rates"] == [
        {"role": "Engagement Partner", "amount": 325, "currency": "USD", "unit": "hour"}
    ]
    assert result["currency"] == "USD"


def test_a_dollar_amount_marked_cdn_makes_bare_dollars_canadian() -> None:
    result = terms(
        "The Fee is calculated at the rate of $0.07 CND (plus applicable taxes) per potential "
        "download. The Fee shall be payable in two equal installments of $58,802.80."
    )
    assert result["currency"] == "CAD"
    assert terms("The Fee is $58,802.80, payable on signing.")["currency"] == "USD"


def test_a_spread_over_a_floating_rate_is_no_late_interest_percent() -> None:
    spread = terms(
        "Overdue payments hereunder shall be subject to a late payment charge calculated at an "
        "annual rate of three percent (3%) over the prime rate during delinquency."
    )
    assert spread["late_payment_interest"] is None
    named_first = terms(
        "Payments that are more than 30 days past due shall accrue interest at an annual rate "
        "equal to the prime rate, as reported in The Wall Street Journal, Eastern U.S. Edition, on "
        "the date such payment is due, plus an additional 200 basis points (2%)."
    )
    assert named_first["late_payment_interest"] is None
    fixed = terms("Overdue payments shall bear interest at an annual rate of three percent (3%).")
    assert fixed["late_payment_interest"] == {"percent": 3, "period": "year"}


def test_a_total_paid_until_reached_is_no_contract_value() -> None:
    capped = terms(
        "A further 5% amount shall be paid on an annual basis, commencing on the one-year "
        "anniversary of this Agreement until a total amount of $40,000,000 has been paid."
    )
    assert capped["contract_value"] is None
    assert (capped["period_of_performance"] or {}).get("months") is None  # a start, not a term
    total = terms("The total contract price of $40,000 shall be paid on signing.")
    assert total["contract_value"] == {"amount": 40000, "currency": "USD"}
    term = terms("This Agreement shall continue until the one-year anniversary of the Effective Date.")
    assert term["period_of_performance"]["months"] == 12


def test_financial_statements_are_no_invoices() -> None:
    books = terms(
        "Company shall perform all accounting activities including the preparation of Profit & "
        "Loss Statements for each Kiosk Location on a monthly basis."
    )
    assert books["invoice_frequency"] is None
    billed = terms("Agent shall send Client statements of the fees due on a monthly basis.")
    assert billed["invoice_frequency"] == "monthly"


def test_each_party_bearing_its_respective_expenses_is_not_reimbursement() -> None:
    result = terms(
        "Each party shall be responsible for their respective expenses incurred under this "
        "Agreement. Distributor shall receive 10% of the revenue of each location."
    )
    assert result["expenses_reimbursable"] is False
    dispute = terms(
        "The parties shall each bear their respective costs and expenses with respect to any "
        "arbitration pursuant to this Section."
    )
    assert dispute["expenses_reimbursable"] is None  # costs of a dispute are no billable expenses


def test_an_annual_fee_listed_by_contract_year_is_a_yearly_rate_per_year() -> None:
    result = terms(
        "3. Annual Fees. (a) Sponsor shall pay Club the amount set forth next to the applicable "
        'Contract Year below (the "Annual Fee").   First Contract Year (2018/19):  $ 200,000  '
        "Second Contract Year (2019/20):  $ 204,000    Sponsor shall pay the Annual Fee in six "
        "(6) equal installments.   (b) In addition to the Annual Fees, Sponsor shall provide Club "
        'with food with values equal to the following (each, an "Annual Trade Value"):   First '
        "Contract Year (2018/19):  $ 35,000  Second Contract Year (2019/20):  $ 36,000"
    )
    assert result["rates"] == [
        {"role": "First Contract Year (2018/19)", "amount": 200000, "currency": "USD", "unit": "year"},
        {"role": "Second Contract Year (2019/20)", "amount": 204000, "currency": "USD", "unit": "year"},
    ]  # the in-kind trade values listed the same way are no fee
    minimums = terms(
        "Licensee shall pay the following annual minimum royalties: Year 1: $10,000 Year 2: $20,000"
    )
    assert minimums["rates"] is None


def test_costs_charged_back_to_the_provider_set_no_payment_term() -> None:
    result = terms(
        "EDGE may perform the necessary clean up and deduct the costs thereof from any amounts "
        "due to Subcontractor or invoice Subcontractor therefore, which invoice shall be paid net "
        "30 days."
    )
    assert result["payment_terms_days"] is None
    fees = terms("EDGE shall pay each invoice of Subcontractor net 30 days.")
    assert fees["payment_terms_days"] == 30


def test_a_term_from_the_date_signed_starts_on_the_opening_date() -> None:
    result = terms(
        'This Distributor Agreement ("Agreement") is made and entered into this 17t h day of May, '
        "2017 by and between Smart Rx Systems, Inc. and A3 Development Group, LLC.\n\n"
        '12.1 Generally. This contract shall remain in effect initially for the five (5) year term '
        '("Initial Term") from the date signed.'
    )
    assert result["period_of_performance"] == {"start": "2017-05-17", "end": None, "months": 60}


def test_an_effective_date_defined_as_the_date_first_written_starts_the_term() -> None:
    result = terms(
        "This Agreement is made and entered into by and between Galaxy Telecom, having a principal "
        'office at 200 Water Street, Vancouver ("Galaxy") and Galaxy Telnet SRL, having a '
        'principal office at Aleea Malinului, Nr. 11, Bl. D, Apt. 43, Constanta ("Telnet") as of '
        'the 1s t day of June, 2004.\n\n1. Definitions. "Effective Date" means the date first '
        "written above.\n\n10.1 Term of the Agreement. The initial term of this Agreement will be "
        "for two (2) year(s) commencing on the Effective Date."
    )
    assert result["period_of_performance"] == {"start": "2004-06-01", "end": None, "months": 24}


def test_a_monthly_standby_fee_is_a_retainer() -> None:
    result = terms("4. Production Standby Fee: a fee of $45,000 per month shall apply.")
    assert result["billing_models"] == ["retainer"]
    assert terms("4. Hosting Fee: a fee of $45,000 per month shall apply.")["billing_models"] == [
        "fixed_fee"
    ]


def test_renewal_periods_are_not_the_term() -> None:
    result = terms(
        "The Term will automatically renew for successive additional periods of one (1) year "
        "each, provided that the parties have agreed in writing upon the prices for the next "
        "subsequent one (1) year renewal period."
    )
    assert result["period_of_performance"] is None


def test_revenue_invoiced_to_others_is_no_billing_cycle() -> None:
    share = terms(
        "The parties shall make such payments within thirty (30) days of the end of each calendar "
        "quarter for the Advertising Revenue invoiced during such calendar quarter."
    )
    assert share["invoice_frequency"] is None
    billed = terms("Fees shall be invoiced during each calendar quarter and paid within 30 days.")
    assert billed["invoice_frequency"] == "quarterly"


def test_costs_of_defending_rights_are_no_billable_expenses() -> None:
    result = terms(
        "Distributor shall also assist STAAR in taking any steps necessary to defend such rights, "
        "and any reasonable expenses incurred in this regard by Distributor shall be reimbursed by "
        "STAAR."
    )
    assert result["expenses_reimbursable"] is None


def test_a_term_ending_years_after_its_start_is_the_term() -> None:
    result = terms(
        "The initial term of this Agreement shall be for a period beginning on the Effective Date "
        "and ending ten (10) years thereafter."
    )
    assert result["period_of_performance"]["months"] == 120
    survival = terms("The confidentiality obligations shall continue for three (3) years thereafter.")
    assert survival["period_of_performance"] is None


def test_payments_not_paid_by_the_due_date_bear_late_interest() -> None:
    result = terms(
        "All payments not paid by the date such payments are due shall bear interest from the due "
        "date to the date payments are actually paid at the rate of the lower of (a) 1% per month "
        "or (b) the maximum rate permitted by law."
    )
    assert result["late_payment_interest"] == {"percent": 1, "period": "month"}


def test_a_term_through_an_ordinal_anniversary_is_that_many_years() -> None:
    result = terms(
        'Initial Term shall mean the Effective Date through the day prior to the fourth '
        "anniversary of the Effective Date."
    )
    assert result["period_of_performance"]["months"] == 48
    fee = terms("The Licensee shall pay a fee of $5,000 on the third anniversary of the Effective Date.")
    assert fee["period_of_performance"] is None
    early = terms(
        "Either party may terminate this Agreement if the Supply Agreement terminates prior to the "
        "first anniversary of the Effective Date."
    )
    assert early["period_of_performance"] is None


def test_a_payment_term_stated_notwithstanding_the_others_is_an_exception() -> None:
    result = terms(
        "ExxonMobil will pay a one-time up-front fee of $5,000,000. Such payment will be made "
        "within fifteen (15) days after ExxonMobil's receipt of invoice, notwithstanding anything "
        "contained herein to the contrary.\n\nExxonMobil agrees to pay FCE the amount of each "
        "invoice under this Agreement within thirty (30) days following ExxonMobil's receipt."
    )
    assert result["payment_terms_days"] == 30


def test_numbered_milestone_payments_and_named_fees() -> None:
    result = terms(
        'ExxonMobil will pay a one-time up-front fee ("Exclusivity and Technology Access Fee") of '
        "five million United States dollars ($5,000,000 USD).\n\n(a) ExxonMobil will pay FCE a "
        "first Milestone Payment of five million United States dollars ($5,000,000 USD) upon FCE "
        "achieving Milestone 1.\n\n(b) ExxonMobil will pay FCE a second and final Milestone "
        "Payment of five million United States dollars ($5,000,000 USD), upon FCE achieving "
        "Milestone 2.\n\nExxonMobil will reimburse FCE for Research Costs after receipt of "
        "invoices on a monthly basis."
    )
    assert result["milestones"] == [
        {"name": "Milestone 1", "amount": 5000000, "percent": None},
        {"name": "Milestone 2", "amount": 5000000, "percent": None},
    ]
    assert set(result["billing_models"]) == {"fixed_fee", "milestone", "cost_reimbursement"}


def test_parts_of_the_term_are_not_the_term() -> None:
    result = terms(
        "The Term of this Agreement begins on the Effective Date. Fees for the last two (2) months "
        "of the Term of the Agreement are due in advance."
    )
    assert (result["period_of_performance"] or {}).get("months") is None


def test_late_interest_per_month_is_no_billing_cycle() -> None:
    result = terms(
        "All payments not paid by the date such payments are due shall bear interest from the due "
        "date to the date payments are actually paid at the rate of the lower of (a) 1% per month "
        "or (b) the maximum rate permitted by law."
    )
    assert result["invoice_frequency"] is None
    assert result["late_payment_interest"] == {"percent": 1, "period": "month"}


def test_a_range_is_no_contract_value_and_audit_costs_are_no_expenses() -> None:
    result = terms(
        "You will purchase an opening order of Products having an aggregate cost to You of from "
        "$5,000.00 to $10,000.00.\n\nIf an inspection discloses an underpayment of 2% or more, You "
        "shall reimburse AIRSOPURE for any and all costs of such inspection."
    )
    assert result["contract_value"] is None
    assert result["expenses_reimbursable"] is None


def test_an_invoicing_cycle_beats_an_earlier_paying_cycle() -> None:
    result = terms(
        "These are one-time fees, paid in advance.\n\nLicense and Hosting Fees will be billed "
        "after each month, based on the Total Number of Videos Views for that month."
    )
    assert result["invoice_frequency"] == "monthly"
    assert terms("These are one-time fees, paid in advance.")["invoice_frequency"] == "advance"


def test_a_duration_that_names_the_term_beats_an_earlier_unnamed_one() -> None:
    result = terms(
        '1.49 "Fiscal Year" means each period of twelve (12) months commencing on January 1 of '
        "each year during the term of this Agreement.\n\n13.1 This Agreement shall remain in "
        'effect for sixty (60) months from the Effective Date (the "Initial Term").'
    )
    assert result["period_of_performance"]["months"] == 60


def test_a_term_of_years_following_the_effective_date_is_the_term() -> None:
    result = terms(
        "8.1 The term of this Agreement shall be five (5) years following the Effective Date or "
        "until the Studies are completed, whichever is later."
    )
    assert result["period_of_performance"]["months"] == 60
    covenant = terms(
        "2.1 Western Copper covenants that, for a period of 2 years after the Effective Date, it "
        "will not acquire any interest in the Property."
    )
    assert (covenant["period_of_performance"] or {}).get("months") is None
    notice = terms("The Term shall continue until either party gives ninety (90) days following notice.")
    assert (notice["period_of_performance"] or {}).get("months") is None


def test_invoices_rendered_for_costs_incurred_are_cost_reimbursement() -> None:
    shared = terms(
        "The Parties shall promptly render invoices to the CBP for the cost of items directly "
        "incurred by them in accordance with Subparagraph 13.1."
    )
    assert shared["billing_models"] == ["cost_reimbursement"]
    travel = terms("Consultant shall submit invoices to Client for travel costs incurred.")
    assert "cost_reimbursement" not in (travel["billing_models"] or [])


def test_a_one_time_fee_is_a_fixed_fee_and_subscribers_are_no_subscription() -> None:
    once = terms(
        "On the Effective Date, Neoforma shall pay to VerticalNet a one-time, non-refundable fee "
        "in consideration of VerticalNet's design and implementation of the Co-Branded Sites."
    )
    assert once["billing_models"] == ["fixed_fee"]
    audience = terms(
        "VerticalNet shall place sponsorships at no additional charge in the newsletter "
        "distributed to its subscriber base, and the fees for the listings are payable monthly."
    )
    assert "subscription" not in (audience["billing_models"] or [])
    maintenance = terms(
        "E.piphany will provide the Maintenance, provided HSNS remains a compliant subscriber to "
        "such Maintenance and has paid all monies due therefor."
    )
    assert maintenance["billing_models"] == ["subscription"]


def test_dues_and_subscriptions_is_a_cost_line_not_a_subscription_model() -> None:
    overhead = terms(
        "Quality Cost Center Expenses - Including wages and related taxes and benefits, equipment "
        "repairs and maintenance expenses, supplies, dues & subscriptions, filing fees and "
        "allocated occupancy expenses. The Price shall be $100 per unit."
    )
    assert "subscription" not in (overhead["billing_models"] or [])
    priced = terms("Customer shall pay an annual subscription fee of $12,000, invoiced annually.")
    assert "subscription" in priced["billing_models"]


def test_a_statement_of_income_is_a_financial_statement_not_an_invoice() -> None:
    reports = terms(
        "Qualigen shall deliver to Sekisui, within thirty (30) days after the end of each quarter "
        "of each fiscal year, an unaudited statement of income for such fiscal quarter."
    )
    assert reports["invoice_frequency"] is None
    billed = terms("Supplier shall send a statement of the fees due within ten days after each quarter.")
    assert billed["invoice_frequency"] == "quarterly"


def test_the_end_of_an_exclusivity_period_is_not_the_end_of_the_term() -> None:
    exclusivity = terms(
        "1.9. Effective Date shall mean May 1, 2016. 1.11. Exclusivity Period shall mean the "
        "period from the Effective Date until December 31, 2018."
    )
    assert exclusivity["period_of_performance"]["end"] is None
    term = terms("The Services shall be performed from the Effective Date until December 31, 2018.")
    assert term["period_of_performance"]["end"] == "2018-12-31"


def test_each_party_bearing_its_representatives_travel_reimburses_no_expenses() -> None:
    own = terms(
        "Each Party shall be solely responsible for all travel-related costs and expenses for its "
        "respective representatives to attend meetings of the Management Committee."
    )
    assert own["expenses_reimbursable"] is False
    billed = terms("Client shall reimburse Consultant for reasonable travel expenses.")
    assert billed["expenses_reimbursable"] is True


def test_paying_the_travel_of_the_other_sides_representative_reimburses_expenses() -> None:
    travel = terms(
        "Agent shall pay $1000/- per day for any additional days of training requested by Agent "
        "and all travel expenses plus per diem for the Kallo representative instructing the program."
    )
    assert travel["expenses_reimbursable"] is True
    own = terms("Each party shall pay the travel expenses of its own representatives.")
    assert own["expenses_reimbursable"] is not True


def test_a_term_ending_on_an_anniversary_of_the_date_hereof_has_that_many_years() -> None:
    hereof = terms(
        'The term of this Agreement (the "Term") shall commence on December 1, 2001. Unless earlier '
        "terminated, the term of this Agreement shall end on the seventh anniversary of the date "
        "hereof. Either party may extend the Term by a six-month continuation period."
    )
    assert hereof["period_of_performance"]["months"] == 84


def test_a_renewal_for_a_twelve_month_period_is_not_the_term() -> None:
    renewal = terms(
        "The term of this Agreement shall commence on the Effective Date and end on November 30, "
        "2014. This Agreement shall automatically renew at the end of the Initial Term on the same "
        "terms (including pricing terms) for one (1) twelve-month period."
    )
    assert renewal["period_of_performance"]["months"] is None
    assert renewal["period_of_performance"]["end"] == "2014-11-30"
    term = terms("This Agreement shall continue in effect for one (1) twelve-month period.")
    assert term["period_of_performance"]["months"] == 12


def test_fees_that_do_not_include_expenses_leave_them_to_the_client() -> None:
    extra = terms(
        "5.3. Excluded Costs. The fees set forth in the Services and Charges Schedule do not include "
        "Expenses, late fees or charges, or Taxes, all of which shall be the responsibility of "
        "Customer."
    )
    assert extra["expenses_reimbursable"] is True
    included = terms("The fees include all travel and expenses of the Consultant.")
    assert included["expenses_reimbursable"] is not True


def test_months_preceding_an_event_are_no_term() -> None:
    lookback = terms(
        "The term of this Agreement shall commence on the Effective Date and end on November 30, "
        "2014 (the \"Initial Term\"). The Termination Fee is the average monthly fee paid during the "
        "twelve (12) months immediately preceding the Effective Date of Termination, or during the "
        "twelve (12) month period prior to the event giving rise to termination rights."
    )
    assert lookback["period_of_performance"]["months"] is None


def test_a_duration_compared_with_than_is_no_term() -> None:
    contract_year = terms(
        'The term of this Agreement shall end on November 30, 2014. "Contract Year" shall mean '
        "successive periods of twelve months, the first of which (being slightly longer than twelve "
        "(12) months) shall commence on the Commencement Date and terminate on the last day of the "
        "month in which the first anniversary of the Commencement Date occurs."
    )
    assert contract_year["period_of_performance"]["months"] is None


def test_a_long_term_product_is_no_term_of_the_agreement() -> None:
    archive = terms(
        "The term of this Agreement shall end on November 30, 2014. Services: Metavante Long Term "
        "Archive (7 years)."
    )
    assert archive["period_of_performance"]["months"] is None
    stated = terms("The term of this Agreement is seven (7) years.")
    assert stated["period_of_performance"]["months"] == 84


def test_interest_on_an_indemnity_claim_is_no_late_payment_interest() -> None:
    claims = terms(
        "Section 8.1. Notice and Payment of Claims.\n\nThe Indemnifying Party shall pay each claim "
        "within thirty days. Any amount owed under this Section 8.1 that is past due shall bear "
        "interest at a simple rate equal to the lesser of 1% per month or the maximum legal rate."
        "\n\nSection 8.2. Fees.\n\nCustomer shall pay the fees of $5,000 within 30 days of invoice."
    )
    assert claims["late_payment_interest"] is None
    fees = terms(
        "Section 5.1. Payment.\n\nAny amount that is past due shall bear interest at 1% per month."
    )
    assert fees["late_payment_interest"] == {"percent": 1, "period": "month"}


def test_fees_invoiced_at_the_hourly_rate_of_an_exhibit_are_time_and_materials() -> None:
    hourly = terms(
        "For services beyond those required, Company will deliver an invoice for such fees at the "
        "hourly rate described in Exhibit C, together with reasonable supporting documentation."
    )
    assert "time_and_materials" in hourly["billing_models"]


def test_financing_paid_on_achievement_of_milestones_is_a_milestone_model() -> None:
    financing = terms(
        "Sekisui shall provide to Qualigen up to $6,200,000 of financing in accordance with the "
        "timing of the Development Plan and the achievement of the applicable milestones set forth "
        'therein (the "Financing Payments").'
    )
    assert financing["billing_models"] == ["milestone"]


def test_a_paying_cycle_is_the_billing_cycle_only_in_a_contract_that_invoices_nothing() -> None:
    remittance = terms(
        "For each month during the term of this Agreement, HPS will pay to SHPS an amount equal to "
        "82.5% of the Care Management Revenues within fifteen days after the end of the month."
    )
    assert remittance["invoice_frequency"] == "monthly"
    invoicing = terms(
        "Service Fees of $5,000 shall be paid to Contractor within five (5) days after the end of "
        "each month. Contractor shall invoice the Company for approved travel expenses, payable "
        "within 30 days of receipt of the invoice."
    )
    assert invoicing["invoice_frequency"] is None
    assert invoicing["payment_terms_days"] == 30
    billed = terms("Contractor shall invoice the Company monthly for the Services.")
    assert billed["invoice_frequency"] == "monthly"


def test_a_date_hereinafter_called_the_effective_date_starts_the_term() -> None:
    called = terms(
        "This Agreement is made and entered into this 2nd day of September 1998, hereinafter called "
        "the Effective Date, by and between the Parties. This Agreement shall continue in operation "
        "for a period of twenty-five (25) years."
    )
    assert called["period_of_performance"]["start"] == "1998-09-02"


def test_sharing_the_cost_of_a_judgment_reimburses_no_expenses() -> None:
    claim = terms(
        "If any Party is obliged by a final judgment of a competent tribunal to discharge any claim, "
        "including all reasonable costs and expenses associated therewith, the Party which has "
        "discharged the claim shall be entitled to receive from the other Parties reimbursement in "
        "the proportions as set out in Schedule B."
    )
    assert claim["expenses_reimbursable"] is None


def test_a_proviso_that_reimburses_travel_overrides_each_party_bearing_its_own_expenses() -> None:
    proviso = terms(
        "Other than as specifically provided herein, each party shall be responsible for its own "
        "expenses incurred in connection with the performance of its obligations under this "
        "Agreement; provided, that the Company shall reimburse Contractor for reasonable documented "
        "out-of-pocket travel expenses associated with any meeting requested by the Company."
    )
    assert proviso["expenses_reimbursable"] is True
    own = terms(
        "Each party shall be responsible for its own expenses incurred in connection with this "
        "Agreement."
    )
    assert own["expenses_reimbursable"] is False


def test_a_client_charged_for_the_agents_expenses_reimburses_them() -> None:
    charged = terms(
        "Client shall be charged for certain reasonable expenses advanced or incurred by Agent in "
        "connection with Agent's performance of its duties hereunder."
    )
    assert charged["expenses_reimbursable"] is True


def test_a_payment_table_flattened_column_by_column_pairs_amounts_with_due_dates() -> None:
    table = terms(
        "Exhibit C Development Plan FY 2016 Target Review Month April 2016 August 2016 Payment ($000) "
        "$1,000 $1,300 Payment Due Date May 1, 2016 September 1, 2016 Criteria for Payment "
        "Milestones Completed."
    )
    assert [(m["amount"], m["name"]) for m in table["milestones"]] == [
        (1_000_000, "Payment due May 1, 2016"),
        (1_300_000, "Payment due September 1, 2016"),
    ]
    unpaired = terms("Payment $1,000 $1,300 Payment Due Date May 1, 2016 as agreed.")
    assert unpaired["milestones"] is None  # two amounts, one date: the rows do not line up


def test_recall_costs_and_denied_expense_reimbursements_are_no_reimbursed_expenses() -> None:
    recall = terms(
        "If a recall or withdrawal is due to Zogenix's negligence, Zogenix shall reimburse "
        "Distributor for all reasonable out-of-pocket expenses of the recall. Each Party shall "
        "bear its own Out-of-Pocket Costs and Expenses."
    )
    assert recall["expenses_reimbursable"] is False
    denied = terms(
        "Dova shall not be responsible to Valeant, or to the Field Force Personnel, for any "
        "compensation, expense reimbursements or benefits."
    )
    assert denied["expenses_reimbursable"] is False


def test_audit_costs_and_reimbursements_claimed_by_either_party_are_no_reimbursed_expenses() -> None:
    audit = terms(
        "Dova shall bear the out-of-pocket costs and expenses incurred by the Parties in connection "
        "with any such inspection or audit, unless the audit shows an underpayment."
    )
    assert audit["expenses_reimbursable"] is None
    claimed = terms(
        "Prior to any reimbursements pursuant to this Section, the party claiming any reimbursement "
        "shall provide the other party with reasonably acceptable documentation of the expenses."
    )
    assert claimed["expenses_reimbursable"] is None


def test_an_upfront_payment_is_a_fixed_fee() -> None:
    upfront = terms(
        "Distributor shall pay to Zogenix, upon the receipt of the invoice from Zogenix, a "
        "non-refundable, non-creditable upfront payment of Seven Million Five Hundred Thousand U.S. "
        "Dollars (US $7,500,000)."
    )
    assert upfront["billing_models"] == ["fixed_fee"]


def test_a_record_keeping_list_states_no_billing_cycle() -> None:
    records = terms(
        "You agree to maintain for at least seven (7) years full, complete, and accurate books, "
        "records, and accounts, including: (a) cash disbursements and weekly payroll journal; (b) "
        "monthly bank statements; (c) supplier's invoices (paid and unpaid)."
    )
    assert records["invoice_frequency"] is None
