"""Context rules for how fee structures are named (blind batches 14 to 19, development halves).

Each test fails on the extractor before its rule; the texts are written for the tests.
"""

from __future__ import annotations

from tests.documents.billing_terms import terms

_FIXED_FEE = (
    "4. FEES\n\n4.1 The Services are provided for a fixed fee of £48,000 (the \"Fee\"), invoiced "
    "in two equal parts.\n\n"
)


def test_day_rates_that_price_only_changes_are_rates_but_not_the_model() -> None:
    result = terms(
        _FIXED_FEE
        + "11. CHANGE CONTROL\n\n11.3 Additional services agreed by Change Note shall be priced "
        "either as an agreed fixed sum or at the following day rates:\n\n"
        "    Director ........................ £950 per day\n"
        "    Research Officer ................ £520 per day\n"
    )
    assert result["billing_models"] == ["fixed_fee"]
    assert [rate["amount"] for rate in result["rates"]] == [950, 520]


def test_hourly_rates_for_out_of_scope_work_alone_still_name_the_model() -> None:
    # nothing else prices the work: the rates are the only fee model there is
    result = terms(
        "Work outside the scope of this SOW will be charged at a blended rate of $185.00 per "
        "hour for all staff."
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_extra_work_named_time_and_materials_keeps_the_model() -> None:
    result = terms(
        _FIXED_FEE
        + "ANNEX 2 - RATES FOR ADDITIONAL SERVICES\n\nAdditional Services are charged on a time "
        "and material basis at £118 per hour.\n"
    )
    assert result["billing_models"] == ["fixed_fee", "time_and_materials"]


def test_the_price_of_work_already_done_in_a_recital_is_no_contract_value() -> None:
    result = terms(
        "(B) The Consultant has carried out feasibility services for the Project under a "
        "Feasibility Instruction dated 9 June 2025 for a lump sum of £8,750.00.\n\n"
        "1. The Fee shall be 3.6% of the Construction Cost, paid by stage payments."
    )
    assert result["contract_value"] is None


def test_a_fixed_price_per_unit_priced_by_the_minute_is_usage_alone() -> None:
    result = terms(
        "3. PRICING\n\nThis project is priced by the Finished Minute. You pay at a fixed price per "
        "minute for each production level: Level 2 content is $1,450.00 per Finished Minute.\n\n"
        "6. CHANGES AND ADDITIONAL SERVICES\n\n6.2 Other changes are quoted on the Change Order "
        "as a fixed price, calculated from the following rates.\n\n"
        "    Senior Instructional Designer        $125.00 per hour\n"
        "    Motion Designer                      $115.00 per hour\n"
    )
    assert result["billing_models"] == ["usage"]


def test_a_cap_that_sets_reimbursable_travel_aside_is_the_fee_ceiling() -> None:
    result = terms(
        "Without a Change Order signed by both parties, the total fees invoiced under this Order "
        "(excluding HST and any reimbursable travel under Section 8) will not exceed $64,500.00."
    )
    assert result["not_to_exceed"] == {"amount": 64500, "currency": "USD"}


def test_a_deduction_for_paying_early_is_an_early_payment_discount() -> None:
    result = terms(
        "Each invoice is payable within thirty (30) days. The Client may deduct two percent (2%) "
        "from the pre-tax amount of any invoice that is paid in full within ten (10) days of the "
        "invoice date."
    )
    assert result["early_payment_discount"] == {"percent": 2, "days": 10}


def test_a_fee_paid_by_stages_beside_a_recitals_lump_sum_and_a_framework_term() -> None:
    result = terms(
        "BACKGROUND\n\n(A) The Client and the Consultant are parties to a framework agreement "
        'dated 4 November 2024 (the "Framework Agreement"), which expires on 3 November 2028.\n\n'
        "(B) The Consultant has carried out feasibility services under a Feasibility "
        "Instruction dated 9 June 2025 for a lump sum of £8,750.00.\n\n"
        '1. "Commencement Date" means 2 March 2026.\n\n'
        "4.1 The Fee shall be apportioned between the Stages and paid by stage payments as "
        "follows:\n\n"
        "| Stage | Description              | % of Fee | Payment event                 |\n"
        "|-------|--------------------------|----------|-------------------------------|\n"
        "| 1     | Preparation and Briefing |    40.0  | Client approval of the report |\n"
        "| 2     | Concept Design           |    60.0  | Sign-off of the Cost Plan     |\n\n"
        "5.2 Additional Services shall be valued as a lump sum agreed in advance."
    )
    assert result["billing_models"] == ["milestone"]
    assert result["contract_value"] is None
    assert result["period_of_performance"] == {"start": "2026-03-02", "end": None, "months": None}


def test_prices_per_user_per_invoice_processed_and_per_complete_are_usage() -> None:
    per_user = terms(
        "The Monthly Service Fee is a flat fee of $14,950.00 per month. Additional Covered User "
        "$135.00 per user per month."
    )
    assert "usage" in per_user["billing_models"]
    plan = terms("The support subscription is EUR 15.75 per Named User per month.")
    assert plan["billing_models"] == ["subscription"]
    assert terms("4.1 The Services are priced per Invoice Processed.")["billing_models"] == [
        "usage"
    ]
    assert terms("5.1 Cost per Complete. Client shall pay for each Complete.")["billing_models"] == [
        "usage"
    ]


def test_a_ceiling_on_remuneration_and_expenses_per_call_out() -> None:
    result = terms(
        "5.1 Call-Out Services are remunerated on a time and materials basis at 235,00 EUR per "
        "hour.\n\n"
        "5.6 Ceiling. The total remuneration for Call-Out Services (including surcharges and "
        "travel time, excluding expenses under § 6) shall not exceed 96.000,00 EUR net per "
        "Contract Year.\n\n"
        "6.2 Travel expenses of more than 2.500,00 EUR per Call-Out require the prior consent of "
        "the Client."
    )
    assert result["not_to_exceed"] == {"amount": 96000, "currency": "EUR"}
    assert result["billing_models"] == ["time_and_materials"]


def test_a_total_of_time_and_materials_and_direct_costs_is_no_fixed_fee() -> None:
    result = terms(
        "5.1 Evaluator's personnel shall be compensated on a time-and-materials basis, at $165 per "
        "hour.\n\n"
        "5.3 Direct Costs. Travel, data collection, subcontract and other direct costs shall be "
        "reimbursed at actual cost, without markup.\n\n"
        "  TOTAL (Contract Amount)                                    $380,290.00\n"
    )
    assert result["billing_models"] == ["time_and_materials", "cost_reimbursement"]
    assert result["contract_value"] == {"amount": 380290, "currency": "USD"}


def test_a_per_incident_response_fee_and_a_term_that_begins_after_signing() -> None:
    result = terms(
        'This Agreement is entered into as of December 15, 2025 (the "Effective Date").\n\n'
        "The term of this Agreement begins on January 1, 2026 and ends on June 30, 2027.\n\n"
        "The support fees are a fixed monthly retainer of $5,850.00 and a per-incident response "
        "fee that depends on how urgent the incident is."
    )
    assert "usage" in result["billing_models"]
    assert result["period_of_performance"]["start"] == "2026-01-01"


def test_subscriptions_outside_the_price_or_of_cloud_accounts_are_no_model() -> None:
    result = terms(
        "The Fixed Price of EUR 186.400,00 does not include the licence, subscription or hosting "
        "fees for the Platform, which are payable by the Customer to the Licensor directly. "
        "Client runs its workloads across fourteen (14) cloud accounts and subscriptions."
    )
    assert result["billing_models"] == ["fixed_fee"]


def test_invoices_raised_on_milestones_without_a_word_for_the_cycle() -> None:
    for sentence in (
        "Following each payment event the Consultant shall submit an invoice.",
        "The Consultant will invoice each instalment on or after the event that triggers it.",
        "The Contractor may submit an invoice for a Deliverable only after the State has signed "
        "the Deliverable Acceptance Form.",
    ):
        result = terms("The fixed fee of $48,000 is paid in stages. " + sentence)
        assert result["invoice_frequency"] == "milestone", sentence
    dated = terms(
        "The fixed fee of $48,000 is paid in three Instalments. The Consultant shall issue an "
        "invoice for each Instalment on the relevant Instalment Date."
    )
    assert dated["invoice_frequency"] is None


def test_fixed_prices_of_out_of_scope_work_and_estimates_name_no_fixed_fee() -> None:
    result = terms(
        "5.1 Our fees are charged on a time and materials basis at EUR 950 per day.\n\n"
        "6.2 This is an estimate, not a quotation or a fixed price.\n\n"
        "10.3 Projects outside the scope of Clause 4 shall be priced as a fixed fee stated in the "
        "relevant Change Order.\n\n"
        "11.1 Changes shall be priced at the rates above unless the parties agree a lump sum in "
        "the Change Order."
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_third_party_costs_at_cost_plus_and_a_platform_subscription_not_charged() -> None:
    result = terms(
        "The Agency's fee for the rebrand is a fixed fee of $48,000. The Client reimburses (b) "
        "third-party costs approved in advance by the Client, including stock photography and "
        "font licences, at cost plus an administration fee of ten percent (10%). The fee includes "
        "the platform subscription, which the Agency procures in its own name, and the Client "
        "shall not be charged separately for it."
    )
    assert result["billing_models"] == ["fixed_fee"]


def test_a_monthly_cap_is_no_rate_and_the_discount_window_is_the_one_beside_it() -> None:
    result = terms(
        "Engineering support is charged at EUR 172,00 per hour.\n\n"
        "Monthly Cap (clause 6): EUR 42.000,00 net per calendar month.\n\n"
        "8.4 Invoices are payable within thirty (30) days of receipt of a correct invoice net, or "
        "within fourteen (14) days of receipt with a two per cent (2 %) discount."
    )
    assert [(r["amount"], r["unit"]) for r in result["rates"]] == [(172, "hour")]
    assert result["early_payment_discount"] == {"percent": 2, "days": 14}


# blind batch 26, development half


def test_a_unit_price_for_each_piece_of_work_is_usage_but_not_for_each_product() -> None:
    result = terms(
        "5.1 Unit price basis. In consideration of the Services, the Client shall pay the "
        "Consultant the applicable Unit Price for each Sheet Delivered and each Model Revision.\n"
    )
    assert result["billing_models"] == ["usage"]
    product = terms(
        "Each purchase order shall specify the quantity of each Product ordered and the unit price "
        "for each Xplore Product. Payment is due net 30 days from the invoice date.\n"
    )
    assert product["billing_models"] is None


def test_a_lump_sum_line_item_of_a_unit_price_schedule_is_not_the_contract_value() -> None:
    result = terms(
        "SCHEDULE B - UNIT PRICES (Canadian dollars)\n\n"
        " Item | Description                         | Unit          | Unit Price\n"
        " -----|-------------------------------------|---------------|-----------\n"
        " B-1  | Architectural Sheet, new            | per Sheet     | $410.00\n"
        " B-2  | Structural Sheet, new               | per Sheet     | $465.00\n"
        " L-1  | BIM Execution Plan and template     | lump sum      | $4,800.00\n"
    )
    assert result["contract_value"] is None


def test_an_hourly_basis_and_hours_actually_worked_are_time_and_materials() -> None:
    for sentence in (
        "The Consultant will provide that support on an hourly basis as described in this Order.",
        "The Services will be charged on a time basis, for hours actually worked and recorded on "
        "approved timesheets, at the following rates.",
    ):
        assert terms(sentence + "\n")["billing_models"] == ["time_and_materials"], sentence


def test_a_monthly_fee_cap_is_a_ceiling_not_a_recurring_fee() -> None:
    result = terms(
        "The Services are charged for hours actually worked at the rates in Section 4.\n\n"
        "5. MONTHLY FEE CAP\n\n"
        "5.1 The fees charged for Services performed in any calendar month shall not exceed "
        "Twenty-One Thousand Five Hundred Dollars ($21,500.00), excluding GST and reimbursable "
        'expenses (the "Monthly Cap").\n'
    )
    assert result["billing_models"] == ["time_and_materials"]
    assert result["not_to_exceed"] == {"amount": 21500, "currency": "USD"}


def test_a_maximum_contract_value_field_is_the_ceiling() -> None:
    result = terms(
        "ITEM 6   MAXIMUM CONTRACT VALUE\n\n"
        "6.1  Maximum Contract Value:  $1,560,000.00 (GST exclusive)\n\n"
        "6.2  The Maximum Contract Value is the maximum aggregate amount payable by the Agency "
        "under this Work Order for Fees and Reimbursable Expenses together.\n"
    )
    assert result["not_to_exceed"] == {"amount": 1560000, "currency": "USD"}
    assert result["contract_value"] is None


def test_a_price_per_payslip_with_a_minimum_monthly_fee_is_usage_alone() -> None:
    result = terms(
        "6.2 The Standard Services are charged per Payslip per Pay Run.\n\n"
        "6.3 The Client shall pay not less than the Minimum Monthly Fee set out in Part A in "
        "respect of each calendar month of the Term.\n\n"
        "On the basis of the indicative headcount, Corbally estimates the Payslip charges at "
        "approximately €3,100.00 per month.\n\n"
        "Minimum Monthly Fee: €395.00 per calendar month (see Clause 6.3)\n"
    )
    assert result["billing_models"] == ["usage"]


def test_annotation_priced_per_accepted_item_is_usage() -> None:
    assert terms("Annotation Services are priced per Accepted Item.\n")["billing_models"] == [
        "usage"
    ]


def test_the_overall_cap_wins_over_an_earlier_cap_on_one_part_of_the_fees() -> None:
    result = terms(
        "Calibration Services fees shall not exceed USD 9,500.00 in total without Customer's "
        "prior written approval.\n\n"
        "The aggregate of all fees payable under this Order Form, including Annotation Fees and "
        "Calibration Services fees, shall not exceed USD 240,000.00 (the \"Not-to-Exceed "
        'Amount").\n'
    )
    assert result["not_to_exceed"] == {"amount": 240000, "currency": "USD"}


def test_a_monthly_fte_rate_column_beside_a_quantity_is_the_rate_not_the_charges() -> None:
    result = terms(
        "Table 1: Baseline Team and Monthly FTE Rates (all amounts in INR, exclusive of GST)\n\n"
        "| Role                   | No. of FTEs | Monthly FTE Rate (₹) | Monthly Charges (₹) |\n"
        "|------------------------|-------------|----------------------|---------------------|\n"
        "| Annotator (L1)         | 18          | 48,500               | 8,73,000            |\n"
        "| QC Reviewer (L2)       | 4           | 64,000               | 2,56,000            |\n\n"
        "Table 2: Additional Hours\n\n"
        "| Role                   | Rate per person-hour (₹) |\n"
        "|------------------------|--------------------------|\n"
        "| Annotator (L1)         | 410                      |\n"
    )
    assert result["rates"] == [
        {"role": "Annotator (L1)", "amount": 48500, "currency": "INR", "unit": "month"},
        {"role": "QC Reviewer (L2)", "amount": 64000, "currency": "INR", "unit": "month"},
        {"role": "Annotator (L1)", "amount": 410, "currency": "INR", "unit": "hour"},
    ]


# blind batch 27, development half


def test_time_based_fees_on_a_time_basis_and_an_estimate_that_is_no_fixed_price() -> None:
    result = terms(
        "4.2 The Services are to be performed on a time basis. A time estimate is furnished for "
        "planning purposes only and shall not constitute a fixed price.\n\n"
        "6.1 The Client shall pay the Consultant time-based fees calculated by multiplying the "
        "hours spent by the applicable hourly rate in Schedule 2.\n"
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_a_fee_not_adjusted_by_the_time_actually_spent_is_no_time_and_materials() -> None:
    result = terms(
        "5.1 The Employer shall pay the Engineer a fixed fee of R2 480 000,00 excluding VAT.\n\n"
        "5.2 It shall not be adjusted by reference to the final construction cost of the Project, "
        "escalation or the time actually spent by the Engineer.\n"
    )
    assert result["billing_models"] == ["fixed_fee"]


def test_a_lump_sum_for_additional_services_is_held_back_like_their_rates() -> None:
    result = terms(
        "The Fee is 4.80% of the Construction Cost, paid by Stage:\n\n"
        "  | Stage   | Description            | % of Fee  | Invoice point          |\n"
        "  |---------|------------------------|-----------|------------------------|\n"
        "  | Stage 2 | Concept Design         | 40%       | on Stage 2 sign-off    |\n"
        "  | Stage 3 | Spatial Coordination   | 60%       | on Stage 3 sign-off    |\n\n"
        "10.2 Additional Services shall be charged on a time basis at the hourly rates set out in "
        "Schedule 3, or by a lump sum agreed in writing before the work begins.\n"
    )
    assert result["billing_models"] == ["milestone"]


def test_costs_recharged_or_passed_through_at_cost_are_no_fee_cap_and_no_usage() -> None:
    recharged = terms(
        "The Sprint Fee is a fixed price of € 18.500,00 per Sprint.\n\n"
        "6.4 Kielzog will engage a recruitment agency and will recharge the agency's invoices and "
        "the participant incentives (gift vouchers of € 75,00 per participant) to the Client at "
        "cost, without mark-up, up to a maximum of € 1.600,00 per Sprint.\n"
    )
    assert recharged["not_to_exceed"] is None
    assert recharged["billing_models"] is None or "usage" not in recharged["billing_models"]
    passed = terms(
        "Our fee is a fixed fee of $198,400.00. Pass-Through Costs, including the Handling Fee, "
        "will not exceed One Hundred Ten Thousand Dollars ($110,000.00) without prior approval.\n"
    )
    assert passed["not_to_exceed"] is None


def test_disbursements_reimbursed_and_their_own_invoicing() -> None:
    result = terms(
        "7.1 In addition to the fees, the Client shall reimburse the Consultant for Disbursements "
        "in accordance with Schedule 3.\n\n"
        "7.2 The Engineer shall submit a tax invoice on completion of each stage, once the "
        "completion of that stage has been confirmed by the principal agent. Disbursements may be "
        "invoiced "
        "together with any stage invoice or, where no stage invoice is due, quarterly.\n"
    )
    assert result["expenses_reimbursable"] is True
    assert result["invoice_frequency"] == "milestone"


def test_a_spread_over_the_prime_overdraft_rate_restated_in_words() -> None:
    result = terms(
        "7.4 Any amount not paid by its due date shall bear interest at the prime overdraft rate "
        "charged by the Employer's bankers from time to time plus 2% (two per cent) per annum.\n"
    )
    assert result["late_payment_interest"] is None


def test_rate_tables_with_aligned_signs_and_a_staff_category_column() -> None:
    euro = terms(
        "    Role                                      Day rate\n"
        "    ----------------------------------------  -----------\n"
        "    Design Director                           € 1.380,00\n"
        "    Interaction / Visual Designer             €   960,00\n"
    )
    assert euro["rates"] == [
        {"role": "Design Director", "amount": 1380, "currency": "EUR", "unit": "day"},
        {"role": "Interaction / Visual Designer", "amount": 960, "currency": "EUR", "unit": "day"},
    ]
    rand = terms(
        "| Cat. | Staff category                         | Hourly rate     |\n"
        "+------+----------------------------------------+-----------------+\n"
        "| A    | Director / Engagement Principal        | R2 350,00       |\n"
        "| E    | Engineering Technician                 | R  780,00       |\n"
    )
    assert rand["rates"] == [
        {"role": "Director / Engagement Principal", "amount": 2350, "currency": "ZAR", "unit": "hour"},
        {"role": "Engineering Technician", "amount": 780, "currency": "ZAR", "unit": "hour"},
    ]


def test_total_committed_fees_are_the_contract_value() -> None:
    result = terms("TOTAL COMMITTED FEES, INITIAL TERM: $215,600.00 (Monthly Fees and Onboarding)\n")
    assert result["contract_value"] == {"amount": 215600, "currency": "USD"}


# blind batch 28, development half


def test_subscriptions_out_of_scope_or_the_clients_own_are_no_model() -> None:
    for sentence in (
        "3.5 Out of scope: (a) any additional plant; (b) customizations; (c) Platform "
        "subscription licensing.",
        "All Interfaces will be built using the Integration Hub included in the Client's "
        "subscription; no additional licences are required.",
    ):
        result = terms("The Services are provided on a time and materials basis. " + sentence + "\n")
        assert result["billing_models"] == ["time_and_materials"], sentence


def test_a_fixed_fee_only_another_document_may_state_is_no_model() -> None:
    result = terms(
        "Our fees are charged on a time basis, at the hourly rates in Schedule 1. The estimate is "
        "not a fixed price and does not limit the fees payable, unless the letter of engagement "
        "expressly states that a fixed fee or fee cap applies.\n"
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_cost_plus_for_variations_and_an_advance_retainer_applied_to_invoices() -> None:
    result = terms(
        "5.1 The Services are provided for a lump sum of $84,000 payable by Stage.\n\n"
        "5.4 Additional specialist sub-consultant work forming part of an approved Variation is "
        "to be charged at cost plus ten per cent (10%).\n\n"
        "Client will pay an advance retainer of $5,000.00 upon signing. We will hold the advance "
        "retainer and apply it against our invoice.\n"
    )
    assert result["billing_models"] == ["fixed_fee"]


def test_a_spread_over_the_cash_rate_target_with_the_figure_in_brackets() -> None:
    result = terms(
        "6.6 Amounts not paid by the due date bear interest at a rate equal to two per cent (2%) "
        "per annum above the cash rate target published by the Reserve Bank of Australia.\n"
    )
    assert result["late_payment_interest"] is None


def test_a_rate_table_with_both_a_basis_and_a_unit_column() -> None:
    result = terms(
        "All amounts in Canadian dollars (CAD), excluding GST and QST.\n\n"
        "| Rate Item                            | Basis                        | Rate (CAD) | Unit     |\n"
        "|--------------------------------------|------------------------------|------------|----------|\n"
        "| Per Diem Rate - Senior Developer     | Standard Day (7.5 h)         |   $780.00  | per day  |\n"
        "| Hourly Equivalent Rate               | Partial days (0.25 h steps)  |   $104.00  | per hour |\n"
    )
    assert result["rates"] == [
        {"role": "Per Diem Rate - Senior Developer", "amount": 780, "currency": "CAD", "unit": "day"},
        {"role": "Hourly Equivalent Rate", "amount": 104, "currency": "CAD", "unit": "hour"},
    ]


def test_retention_of_a_share_of_the_charges_on_each_invoice() -> None:
    result = terms(
        '10.3 The Client shall be entitled to retain ten per cent (10%) of the Charges shown on '
        'each invoice (the "Retention") until Final Acceptance.\n'
    )
    assert result["retainage_percent"] == 10


# blind batch 29, development half


def test_labour_rates_by_time_band_under_a_per_hour_heading() -> None:
    result = terms(
        "Labour rates (per operative, per hour)\n\n"
        "| Trade                  | Normal Hours | Out of Hours | Sundays & Public Holidays |\n"
        "|------------------------|--------------|--------------|---------------------------|\n"
        "| Electrician            | €62.00       | €93.00       | €124.00                   |\n"
    )
    assert result["rates"] == [
        {"role": "Electrician (Normal Hours)", "amount": 62, "currency": "EUR", "unit": "hour"},
        {"role": "Electrician (Out of Hours)", "amount": 93, "currency": "EUR", "unit": "hour"},
        {
            "role": "Electrician (Sundays & Public Holidays)",
            "amount": 124,
            "currency": "EUR",
            "unit": "hour",
        },
    ]


def test_what_time_and_materials_work_passes_on_is_no_other_model() -> None:
    result = terms(
        "All work is charged on a time and materials basis: (b) labour at the hourly rates in "
        "Appendix 1; and (c) materials at cost plus 10%.\n\n"
        "We may use specialist subcontractors and will charge their invoices at cost plus 10%.\n\n"
        "5.4 Materials and parts over €250.00 net cost per item require your prior approval.\n\n"
        "Where a repair is likely to cost more than €2,500.00, we will submit a separate "
        "fixed-price quotation.\n\n"
        "Parking charges and tolls will be recharged to you at cost without mark-up.\n"
    )
    assert result["billing_models"] == ["time_and_materials"]
    assert result["expenses_reimbursable"] is True


def test_no_fixed_price_in_an_estimate_nor_in_a_statutory_late_payment_lump_sum() -> None:
    result = terms(
        "5.1 The Services are remunerated on a time and materials basis at the Daily Rates. This "
        "estimate is provided for planning purposes only; it is neither a fixed price nor a "
        "commitment.\n\n"
        "6.6 If Client fails to pay on the due date, Contractor is entitled to default interest "
        "and to the lump sum of 40,00 EUR pursuant to Section 288 (5) BGB.\n"
    )
    assert result["billing_models"] == ["time_and_materials"]
    assert result["contract_value"] is None


def test_expenses_that_will_not_be_charged_separately_and_a_minimum_monthly_charge() -> None:
    result = terms(
        "6.1 Travel, mileage, subsistence and other out-of-pocket expenses are included in the "
        "Retainer Fee and will not be charged separately.\n\n"
        "  Minimum Monthly Charge (First-Level Review):      S$42,750.00\n"
    )
    assert result["expenses_reimbursable"] is False
    assert result["rates"] is None


# blind batch 30, development half


def test_an_item_numbered_rate_schedule_and_per_user_monthly_prices_that_are_no_rates() -> None:
    result = terms(
        "All rates are in Australian dollars, per hour, exclusive of GST.\n\n"
        "  Item | Role                            | Rate (A$/hour, excl. GST)\n"
        "  -----+---------------------------------+--------------------------\n"
        "  2.1  | Principal Mining Engineer       | $295.00\n"
        "  2.2  | Senior Mining Engineer          | $245.00\n"
    )
    assert result["rates"] == [
        {"role": "Principal Mining Engineer", "amount": 295, "currency": "AUD", "unit": "hour"},
        {"role": "Senior Mining Engineer", "amount": 245, "currency": "AUD", "unit": "hour"},
    ]
    per_user = terms(
        "Part 1 - Monthly Fees (AUD, excluding GST)\n\n"
        "| Item | Service                          | Unit                      | Price     |\n"
        "|------|----------------------------------|---------------------------|-----------|\n"
        "| 1    | Managed Services - Per-User Fee  | per Active User per month | $89.00    |\n"
    )
    assert per_user["rates"] is None


def test_a_phrase_wrapped_onto_an_indented_line_is_still_a_cue() -> None:
    result = terms(
        "6.1 Fees. The Client will pay the Consultant Fees calculated by multiplying the hours\n"
        "    properly worked by Personnel by the applicable hourly\n"
        "    rate set out in Schedule 2.\n"
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_charged_per_completed_assessment_and_a_time_basis_at_day_rates() -> None:
    result = terms(
        "4.1 The Call-Off Charges are charged per completed assessment, according to the building "
        "size band.\n\n"
        "Where the Buyer asks for further analysis, the Supplier shall provide it on a time basis "
        "at the following day rates.\n"
    )
    assert result["billing_models"] == ["usage", "time_and_materials"]


def test_cost_plus_a_fixed_fee_is_cost_reimbursement_and_its_totals_are_estimates() -> None:
    result = terms(
        "PERSONAL SERVICES CONTRACT - COST REIMBURSEMENT PLUS FIXED FEE\n\n"
        "This is a cost-reimbursement contract with a fixed fee. The State shall reimburse "
        "Contractor for Allowable Costs actually incurred, plus the Fixed Fee.\n\n"
        "  Total Estimated Allowable Costs                      $511,507\n"
        "  Fixed Fee (8% of Fee Base, Section B-4)                $35,361\n"
        "  Total Estimated Cost and Fixed Fee                   $546,868\n"
    )
    assert result["billing_models"] == ["cost_reimbursement"]
    assert result["contract_value"] is None


def test_late_interest_on_balances_not_paid_within_days_and_an_estimate_of_total_fees() -> None:
    result = terms(
        "Balances not paid within thirty (30) days after the invoice date will accrue interest at "
        "twelve percent (12%) per annum from the due date until paid.\n\n"
        "We estimate total fees for tax year 2026 of roughly $6,400.\n\n"
        "Overnight courier of checks at Client's request is charged at Provider's actual cost.\n"
    )
    assert result["late_payment_interest"] == {"percent": 12, "period": "year"}
    assert result["contract_value"] is None
    assert result["billing_models"] is None


def test_a_spread_over_a_central_banks_cash_rate_target() -> None:
    result = terms(
        "Amounts not paid by the due date will attract interest at two percent (2%) per annum "
        "above the Reserve Bank of Australia cash rate target, calculated daily.\n"
    )
    assert result["late_payment_interest"] is None


# blind batch 31, development half


def test_expenses_excluded_in_other_words_and_default_interest() -> None:
    for sentence in (
        "No disbursements or expenses will be charged in addition to the fixed fee.",
        "The Institute shall not be entitled to reimbursement of travel costs or other "
        "out-of-pocket expenses.",
    ):
        assert terms(sentence + "\n")["expenses_reimbursable"] is False, sentence
    result = terms(
        "8.5 If the Client is in default of payment, the Institute shall be entitled to charge "
        "default interest at a rate of eight percent (8%) per annum on the outstanding amount.\n"
    )
    assert result["late_payment_interest"] == {"percent": 8, "period": "year"}


def test_a_negated_list_of_fees_is_no_retainer() -> None:
    result = terms(
        "Crisis support is charged at the hourly rates in Schedule 1, billed hourly.\n\n"
        "3.5 Standby. No standby, retainer or availability fee is payable for this.\n"
    )
    assert result["billing_models"] == ["time_and_materials"]


# blind batch 32, development half


def test_a_stipulated_sum_allocated_by_phase_with_its_own_retainage() -> None:
    result = terms(
        "A.5.1 The Owner shall compensate the Architect a stipulated sum of One Million Two "
        'Hundred Eighty-Four Thousand Dollars ($1,284,000.00) (the "Stipulated Sum").\n\n'
        "The Architect shall review the Contractor's monthly Applications for Payment, confirming "
        "that the Owner has withheld the ten percent (10%) retainage required by the Contract for "
        "Construction.\n\n"
        "A.7.3 Retainage. The Owner shall withhold five percent (5%) from each payment to the "
        "Architect for Basic Services.\n\n"
        "SCHEDULE A-2  ALLOCATION OF THE STIPULATED SUM BY PHASE\n\n"
        "     Phase                       Percent    Amount (USD)\n"
        "     --------------------------  -------    -------------\n"
        "     Schematic Design            40%        $513,600.00\n"
        "     Construction Documents      60%        $770,400.00\n"
        "     --------------------------  -------    -------------\n"
        "     Stipulated Sum             100%      $1,284,000.00\n"
    )
    assert result["billing_models"] == ["fixed_fee", "milestone"]
    assert result["contract_value"] == {"amount": 1284000, "currency": "USD"}
    assert result["retainage_percent"] == 5
    assert result["milestones"] == [
        {"name": "Schematic Design", "amount": 513600, "percent": 40},
        {"name": "Construction Documents", "amount": 770400, "percent": 60},
    ]


def test_a_monthly_charge_invoiced_quarterly_without_a_purchase_order_system() -> None:
    result = terms(
        "6.1 The Supplier shall invoice the Monthly Site Charges quarterly in advance. The Monthly "
        "Site Charges for the first part-Quarter shall be invoiced pro rata with the next "
        "quarterly invoice.\n\n"
        "6.4 The Client has confirmed that it does not operate a purchase order system.\n"
    )
    assert result["invoice_frequency"] == "quarterly"
    assert result["po_required"] is False


# blind batch 33, development half


def test_a_warranty_retention_of_each_milestone_payment() -> None:
    for text in (
        "Item 7   Warranty Retention       10% of each Milestone Payment\n",
        "5.3 The Client may withhold from each Milestone Payment an amount equal to ten per cent "
        "(10%) of that Milestone Payment.\n",
    ):
        assert terms(text)["retainage_percent"] == 10, text


def test_a_retainer_held_as_security_is_a_deposit_wherever_it_is_named() -> None:
    result = terms(
        "Our fees are based on the actual time our professionals spend on the engagement, "
        "multiplied by the hourly rate for each level.\n\n"
        "The Retainer will be held by us as security for the payment of our fees and will be "
        "applied to our final invoice.\n\n"
        "Please return a signed copy to me together with the Retainer.\n\n"
        "In addition to our fees, we will be reimbursed for reasonable out-of-pocket expenses, "
        "including travel and database subscriptions.\n"
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_the_sows_own_term_overriding_the_msas_and_a_discount_window() -> None:
    result = terms(
        "6.3 Notwithstanding the payment provisions of Section 6.2 of the MSA, which otherwise "
        "provide for payment within sixty (60) days, Client will pay each undisputed invoice under "
        "this SOW net forty-five (45) days from the date of Client's receipt of the invoice.\n\n"
        "6.4 Client may deduct a prompt-payment discount of one percent (1%) from the fees shown "
        "on any invoice that Client pays in full within fifteen (15) days of its receipt.\n"
    )
    assert result["payment_terms_days"] == 45
    assert result["early_payment_discount"] == {"percent": 1, "days": 15}


# blind batch 35, development half


def test_a_training_day_rate_card_and_travel_charged_at_cost() -> None:
    result = terms(
        "5.1 Our fees are calculated per training day actually delivered, at the following rates.\n\n"
        " Item                                         | Unit                | Price (net)\n"
        " ------------------------------------------------------------------------------\n"
        " Senior Trainer                               | per training day    | EUR 1.480,00\n"
        " Trainer                                      | per training day    | EUR 1.260,00\n\n"
        "6.1 Travel costs of the trainers are not included in the rates and are charged to the "
        "Client at cost, without mark-up.\n"
    )
    assert result["billing_models"] == ["time_and_materials"]
    assert result["rates"] == [
        {"role": "Senior Trainer", "amount": 1480, "currency": "EUR", "unit": "day"},
        {"role": "Trainer", "amount": 1260, "currency": "EUR", "unit": "day"},
    ]
    assert result["expenses_reimbursable"] is True


def test_interest_at_a_cash_rate_target_plus_a_margin_is_a_spread() -> None:
    result = terms(
        "5.1 If an invoice is not paid by its due date, we may charge interest on the overdue "
        "amount at a rate equal to the Reserve Bank of Australia cash rate target plus four per "
        "cent (4%) per annum.\n"
    )
    assert result["late_payment_interest"] is None


# blind batch 36, development half


def test_fees_per_page_template_and_per_word_are_usage() -> None:
    for sentence in (
        "6.1 The Fees are calculated per Page Template audited, at the prices in Part A.",
        "Translation is charged at $0.21 per word for Tier 1 languages.",
    ):
        assert terms(sentence + "\n")["billing_models"] == ["usage"], sentence


def test_time_and_materials_for_change_orders_and_the_clients_own_subscriptions() -> None:
    result = terms(
        "6.1 In consideration of the Services, Client will pay Consultant a fixed fee of "
        "$186,000.00.\n\n"
        "9.2 Where a Change Order is priced on a time-and-materials basis, Consultant's hourly "
        "rates for this SOW are as follows.\n\n"
        "8.3 Software licenses, device-cloud subscriptions and connector fees are Customer's "
        "responsibility and will be procured by Customer directly.\n"
    )
    assert result["billing_models"] == ["fixed_fee"]


# blind batch 37, development half


def test_man_day_rates_and_a_price_per_source_word() -> None:
    rates = terms(
        "6.2  Rate card. The following man-day rates apply throughout the Engagement Period:\n\n"
        "     | Grade                  | Man-day Rate (S$, excl. GST) |\n"
        "     |------------------------|------------------------------|\n"
        "     | Engagement Director    |                     3,200.00 |\n"
        "     | Analyst                |                       900.00 |\n"
    )
    assert rates["rates"] == [
        {"role": "Engagement Director", "amount": 3200, "currency": "SGD", "unit": "day"},
        {"role": "Analyst", "amount": 900, "currency": "SGD", "unit": "day"},
    ]
    words = terms("QUOTATION No. Q-25-1187\nPatent translations German > English, charged per source word\n")
    assert words["billing_models"] == ["usage"]


# blind batch 38, development half


def test_an_engineering_rate_column_a_unit_column_and_a_unit_rate_basis() -> None:
    result = terms(
        "All amounts are in Canadian dollars (CAD).\n\n"
        "The Services will be billed on a unit rate basis, using the actual quantities of drilling "
        "performed and the actual hours spent by TRG personnel, multiplied by the rates in "
        "Appendix B.\n\n"
        "  | Item                          | Unit   |  Qty  |  Rate ($) |  Amount ($) |\n"
        "  |-------------------------------|--------|-------|-----------|-------------|\n"
        "  | Solid-stem auger drilling     | metre  |  94.5 |     68.00 |    6,426.00 |\n"
        "  | Drill rig standby (allowance) | hour   |     2 |    285.00 |      570.00 |\n"
        "\n"
        "  | Classification                | Hours | Rate ($/h) |  Amount ($) |\n"
        "  |-------------------------------|-------|------------|-------------|\n"
        "  | Senior Geotechnical Engineer  |    12 |     225.00 |    2,700.00 |\n"
        "  | Field Technician              |    44 |      98.00 |    4,312.00 |\n"
    )
    assert result["billing_models"] == ["usage", "time_and_materials"]
    assert result["rates"] == [
        {"role": "Drill rig standby (allowance)", "amount": 285, "currency": "CAD", "unit": "hour"},
        {"role": "Senior Geotechnical Engineer", "amount": 225, "currency": "CAD", "unit": "hour"},
        {"role": "Field Technician", "amount": 98, "currency": "CAD", "unit": "hour"},
    ]


def test_a_full_day_column_and_travel_time_billed_by_the_hour() -> None:
    result = terms(
        "RATE CARD (all amounts in U.S. dollars)\n\n"
        "   Service                                     | Half Day   | Full Day\n"
        "   --------------------------------------------|------------|-----------\n"
        "   Spanish - Certified Court Interpreter       | $350.00    | $625.00\n\n"
        "Travel Time. Time spent traveling to and from Assignments held outside Miami-Dade County "
        "is billed at $50.00 per hour per interpreter.\n"
    )
    interpreter = "Spanish - Certified Court Interpreter"
    assert result["rates"] == [
        {"role": None, "amount": 50, "currency": "USD", "unit": "hour"},
        {"role": interpreter, "amount": 625, "currency": "USD", "unit": "day"},
    ]


def test_a_price_per_processed_invoice_nor_a_fixed_price_and_cloud_subscriptions() -> None:
    per_invoice = terms(
        "The Fees for the Services are calculated per Processed Invoice, at the per-invoice price "
        "applicable to the volume Tier reached in the relevant calendar month.\n"
    )
    assert per_invoice["billing_models"] == ["usage"]
    estimate = terms(
        "Desktop publishing is billed on a time-and-materials basis at the hourly rates in Part 3. "
        "This estimate is provided for budgeting only; it is not a commitment by Client to order "
        "any volume, nor a fixed price for the Services.\n"
    )
    assert estimate["billing_models"] == ["time_and_materials"]
    cloud = terms(
        "The Supplier will provide managed cloud operations for the Client's Azure environment:\n"
        " 1. 24/7 automated monitoring of the subscriptions, workloads and resources listed in "
        "Annex 1;\n\n"
        "The Monthly Fee is a fixed retainer payable for the Supplier's standby availability.\n"
    )
    assert cloud["billing_models"] == ["retainer"]


# blind batch 39, development half


def test_staff_days_actually_worked_and_equipment_hired_by_the_week() -> None:
    result = terms(
        "The Client shall pay the Consultant for:\n"
        "     (a)  staff time, at the day rates set out in Part 1 of Schedule 2 for each day or half "
        "day actually worked on the Services; and\n"
        "     (b)  Equipment hire, at the weekly hire rates set out in Part 2 of Schedule 2.\n\n"
        "Part 2 - Equipment weekly hire rates (excluding VAT)\n\n"
        "     +-----------------------------------------+--------------+\n"
        "     | Item                                    | Rate per     |\n"
        "     |                                         | Hire Week (£)|\n"
        "     +-----------------------------------------+--------------+\n"
        "     | Class 1 noise monitoring terminal       |    175.00    |\n"
        "     | Weather station (wind speed/direction)  |     60.00    |\n"
        "     +-----------------------------------------+--------------+\n\n"
        "     Hire is charged per item for each Hire Week from installation until removal.\n"
    )
    assert result["billing_models"] == ["time_and_materials"]
    assert result["rates"] == [
        {"role": "Class 1 noise monitoring terminal", "amount": 175, "currency": "GBP", "unit": "week"},
        {"role": "Weather station (wind speed/direction)", "amount": 60, "currency": "GBP", "unit": "week"},
    ]


def test_a_translation_priced_per_character_with_a_minimum_order_fee() -> None:
    result = terms(
        "6.1  In consideration of the Services, Client shall pay Vendor the Fees calculated by "
        "multiplying the number of Characters of the Source Text in each Work Order by the "
        "applicable rate per Character set out in Schedule 1.\n\n"
        "6.2  Where the Fees calculated for any single target language under a Work Order are "
        "less than the Minimum Order Fee of ¥25,000 (twenty-five thousand yen, consumption tax "
        "excluded), Vendor shall charge the Minimum Order Fee for that target language.\n"
    )
    assert result["billing_models"] == ["usage"]


def test_a_reconnection_fee_is_no_fixed_fee() -> None:
    result = terms(
        "Storage beyond the plan is charged at $1.50 per GB per month. If an invoice is more than "
        "thirty (30) days overdue, we may suspend the Services, and a reconnection fee of $95.00 + "
        "GST will apply.\n"
    )
    assert "fixed_fee" not in (result["billing_models"] or [])


def test_the_tax_and_pre_tax_sum_rows_of_a_subscription_table_are_no_rates() -> None:
    result = terms(
        "All amounts are in New Zealand dollars.\n\n"
        "   +------------------------------------+-----+------------------+------------+\n"
        "   | Item                               | Qty | Subscription fee | Per month  |\n"
        "   +------------------------------------+-----+------------------+------------+\n"
        "   | Care Plan - Professional           |  1  | $385.00 / month  |   $385.00  |\n"
        "   +------------------------------------+-----+------------------+------------+\n"
        "   | Monthly Subscription Fee (excl. GST)                       |   $385.00  |\n"
        "   | GST at 15%                                                 |    $57.75  |\n"
        "   | Monthly total (incl. GST)                                  |   $442.75  |\n"
        "   +------------------------------------------------------------+------------+\n"
    )
    assert result["rates"] == [
        {"role": "Care Plan - Professional", "amount": 385, "currency": "NZD", "unit": "month"}
    ]


# blind batch 40, development half


def test_a_milestone_table_with_a_retention_column_keeps_the_milestone_payment() -> None:
    result = terms(
        "All amounts are in euro, excluding VAT.\n\n"
        "  No.  Milestone                        Target date   Share   Milestone   Retention   Amount\n"
        "                                                               Payment       (10%)   invoiced\n"
        "  M1   Discovery Report accepted        27/02/2026     15%   10,260.00    1,026.00   9,234.00\n"
        "  M2   Parallel run reconciled          08/05/2026     40%   27,360.00    2,736.00  24,624.00\n"
        "  M3   Go-Live                          26/06/2026     45%   30,780.00    3,078.00  27,702.00\n"
    )
    assert [(m["amount"], m["percent"]) for m in result["milestones"]] == [
        (10260, 15),
        (27360, 40),
        (30780, 45),
    ]


def test_two_instalments_invoiced_when_the_letter_is_signed_and_on_delivery() -> None:
    result = terms(
        "Our fee for the Services is a fixed fee of Sixteen Thousand Four Hundred U.S. Dollars "
        '(US$16,400.00) (the "Fee").\n\n'
        "5.1  We will bill the Fee in two equal installments:\n\n"
        "     (a)  fifty percent (50%) of the Fee, being $8,200.00, invoiced when we receive this "
        'Engagement Letter countersigned by you (the "Engagement Installment"); and\n'
        "     (b)  the remaining fifty percent (50%), being $8,200.00, invoiced upon delivery of "
        'the Final Report (the "Delivery Installment").\n'
    )
    assert [(m["amount"], m["percent"]) for m in result["milestones"]] == [(8200, 50), (8200, 50)]
    assert result["billing_models"] == ["fixed_fee", "milestone"]
    assert result["invoice_frequency"] == "milestone"


def test_an_estimate_row_that_is_not_a_fixed_price() -> None:
    result = terms(
        "The Services are provided on a time-and-materials basis.\n\n"
        "| Role                                | Hourly rate | Est.  | Est. fees   |\n"
        "| Engagement Partner                  |      395.00 |    60 |   23,700.00 |\n"
        "| Estimated total (not a fixed price) |             |    60 |   23,700.00 |\n"
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_a_law_firms_monthly_accounts() -> None:
    result = terms(
        "Our fees will be based on the time spent, at the hourly rates shown in Schedule A.\n\n"
        "We will send you an account every month, normally within the first ten (10) business "
        "days of the month, for the fees and disbursements recorded in the preceding month.\n\n"
        "Our accounts are payable within thirty (30) days after they are delivered.\n"
    )
    assert result["invoice_frequency"] == "monthly"
    assert result["payment_terms_days"] == 30


# blind batch 41, development half


def test_a_phase_fee_table_with_an_allocation_column() -> None:
    result = terms(
        "6.2  Allocation among Phases. The Stipulated Sum is allocated as follows:\n\n"
        "     +------+-----------------------------+------------+-----------------+\n"
        "     | Ref. | Phase                       | Allocation | Phase Fee (USD) |\n"
        "     +------+-----------------------------+------------+-----------------+\n"
        "     | SD   | Schematic Design            |     15%    |     $141,975.00 |\n"
        "     | DD   | Design Development          |     85%    |     $804,525.00 |\n"
        "     +------+-----------------------------+------------+-----------------+\n"
    )
    assert [(m["amount"], m["percent"]) for m in result["milestones"]] == [
        (141975, 15),
        (804525, 85),
    ]


def test_instalments_under_an_invoicing_event_column_with_net_and_gross_amounts() -> None:
    result = terms(
        "6.1  For the Services the Client shall pay a fixed price of EUR 148.600,00 net.\n\n"
        "7.1  The Fixed Price shall be paid in three (3) instalments, each of which the "
        "Contractor shall invoice when the relevant event has occurred:\n\n"
        "     +---+--------------------------------+------+-------------+-------------+\n"
        "     |   | Invoicing event                | Share| Net (EUR)   | Gross (EUR) |\n"
        "     +---+--------------------------------+------+-------------+-------------+\n"
        "     | 1 | Signature of this Contract     | 40 % |  59.440,00  |  70.733,60  |\n"
        "     | 2 | Written approval of the Design | 40 % |  59.440,00  |  70.733,60  |\n"
        "     | 3 | After the Fair                 | 20 % |  29.720,00  |  35.366,80  |\n"
        "     +---+--------------------------------+------+-------------+-------------+\n"
    )
    assert [(m["amount"], m["percent"]) for m in result["milestones"]] == [
        (59440, 40),
        (59440, 40),
        (29720, 20),
    ]
    assert result["invoice_frequency"] == "milestone"


def test_a_liability_limit_per_claim_in_a_wrapped_clause_is_no_usage_price() -> None:
    result = terms(
        "6.1  For the Services the Client shall pay a fixed price of EUR 148.600,00 net.\n\n"
        "9.1  For slightly negligent breach of essential contractual obligations, the liability "
        "of\n     the Contractor is limited to the typical, foreseeable damage and in any\n"
        "     case to EUR 250.000,00 per claim.\n"
    )
    assert result["billing_models"] == ["fixed_fee"]


def test_a_space_aligned_rate_table_with_a_two_line_header_and_a_sum_row() -> None:
    result = terms(
        "  All amounts are in United States dollars (USD).\n\n"
        "  Position                              VAs   Monthly Seat Fee   Overtime Rate\n"
        "                                              per VA (USD)       per hour (USD)\n"
        "  ------------------------------------  ---   ----------------   --------------\n"
        "  Patient Administration & Scheduling    1          1,480.00             11.50\n"
        "  Medical Billing & Claims Virtual       1          1,890.00             14.25\n"
        "  ------------------------------------  ---   ----------------   --------------\n"
        "  Monthly Seat Fees, both seats          2          3,370.00\n"
    )
    assert result["rates"] == [
        {"role": "Patient Administration & Scheduling", "amount": 1480, "currency": "USD", "unit": "month"},
        {"role": "Patient Administration & Scheduling", "amount": 11.5, "currency": "USD", "unit": "hour"},
        {"role": "Medical Billing & Claims Virtual", "amount": 1890, "currency": "USD", "unit": "month"},
        {"role": "Medical Billing & Claims Virtual", "amount": 14.25, "currency": "USD", "unit": "hour"},
    ]


def test_a_rate_card_whose_roles_wrap_above_their_rates() -> None:
    result = terms(
        "  All rates are in Canadian dollars, per hour, exclusive of GST.\n\n"
        "  Service                                   Rate per hour\n"
        "  ----------------------------------------  -------------\n"
        "  Retainer Rate (all DFIR personnel, applied\n"
        "    against Prepaid Hours)                       $285.00\n"
        "  Expert witness preparation and testimony,\n"
        "    depositions and examinations for\n"
        "    discovery                                    $525.00\n"
    )
    assert [(r["role"], r["amount"], r["unit"]) for r in result["rates"]] == [
        ("Retainer Rate (all DFIR personnel, applied against Prepaid Hours)", 285, "hour"),
        ("Expert witness preparation and testimony, depositions and examinations for discovery", 525, "hour"),
    ]


def test_a_monthly_fee_that_amounts_to_a_total_over_the_term() -> None:
    result = terms(
        "  (a) the monthly round of inspections and reporting is charged at a fixed fee per month, "
        "which over the twelve-month term amounts to a total of thirty-four thousand two hundred "
        'dollars ($34,200.00) plus GST (the "Base Fee");\n'
    )
    assert result["contract_value"] == {"amount": 34200, "currency": "USD"}


# blind batch 42, development half


def test_fte_fees_per_month_in_a_resourcing_plan_with_a_role_in_two_waves() -> None:
    result = terms(
        "All amounts in U.S. dollars (USD). The FTE Fee is charged per deployed FTE per calendar "
        "month.\n\n"
        "Role                                    FTEs   Wave   Target start        FTE Fee / month\n"
        "--------------------------------------   ----   ----   -----------------   ---------------\n"
        "Clinical Operations Lead                 1.0     1    November 3, 2025        $24,900.00\n"
        "Clinical Research Associate II           4.0     1    November 3, 2025        $18,200.00\n"
        "Clinical Research Associate II           2.0     2    January 5, 2026         $18,200.00\n"
    )
    assert result["rates"] == [
        {"role": "Clinical Operations Lead", "amount": 24900, "currency": "USD", "unit": "month"},
        {"role": "Clinical Research Associate II", "amount": 18200, "currency": "USD", "unit": "month"},
    ]


def test_a_fixed_price_per_request_is_neither_a_total_nor_a_fixed_fee() -> None:
    result = terms(
        "6.5 Where the Client asks Kirkgate to carry out the redaction of records in response to a "
        "data subject access request, Kirkgate will charge a fixed price of £240.00 per request "
        "for up to five hundred (500) pages.\n"
    )
    assert result["contract_value"] is None
    assert "fixed_fee" not in (result["billing_models"] or [])


# blind batch 43, development half


def test_a_deposit_and_a_balance_named_by_their_share_of_the_contract_price() -> None:
    result = terms(
        "6.1  The Client shall pay the Studio a fixed price of R186 500.00 (one hundred and "
        'eighty-six thousand five hundred rand), excluding VAT (the "Contract Price").\n\n'
        "7.1  Fifty per cent (50%) of the Contract Price, being R93 250.00 plus VAT, is payable as "
        "a deposit on signature of this Agreement. The Studio will invoice the deposit on the "
        "Signature Date.\n\n"
        "7.2  The remaining fifty per cent (50%), being R93 250.00 plus VAT, becomes due on Final "
        "Delivery.\n"
    )
    assert result["contract_value"] == {"amount": 186500, "currency": "ZAR"}
    assert [(m["amount"], m["percent"]) for m in result["milestones"]] == [(93250, 50), (93250, 50)]
    assert result["invoice_frequency"] == "milestone"


def test_a_price_list_of_deliverables_with_quantities_is_no_milestone_table() -> None:
    result = terms(
        "+----+----------------------------------------------------+-----+---------------+\n"
        "| #  | Deliverable                                        | Qty | Price (R)     |\n"
        "+----+----------------------------------------------------+-----+---------------+\n"
        "| 1  | 3D model build, site context and landscaping       |  1  |    15 000.00  |\n"
        "| 2  | Exterior still, 4K                                 |  4  |    38 000.00  |\n"
        "+----+----------------------------------------------------+-----+---------------+\n"
    )
    assert result["milestones"] is None


def test_a_unit_rate_schedule_whose_unit_column_names_days_and_hours() -> None:
    result = terms(
        "SCHEDULE A - UNIT-RATE SCHEDULE (All prices in United States dollars.)\n\n"
        "+------+------------------------------------------------+-------------+------------+\n"
        "| Item | Description                                    | Unit        | Unit Rate  |\n"
        "+------+------------------------------------------------+-------------+------------+\n"
        "| A-3  | Direct-push drilling, 0 - 50 ft bgs            | linear foot |     $18.50 |\n"
        "| A-11 | Rig and crew standby                           | per day     |  $1,650.00 |\n"
        "| A-12 | Field Geologist (P.G.)                         | per hour    |    $148.00 |\n"
    )
    assert result["rates"] == [
        {"role": "Rig and crew standby", "amount": 1650, "currency": "USD", "unit": "day"},
        {"role": "Field Geologist (P.G.)", "amount": 148, "currency": "USD", "unit": "hour"},
    ]


def test_an_event_count_column_is_no_milestone_name_and_the_total_agreement_price() -> None:
    result = terms(
        "3.2 Total. For the eight Sampling Events, the total Agreement price is One Hundred "
        "Eighteen Thousand Nine Hundred Sixty Dollars ($118,960.00).\n\n"
        "Monitoring year          Events    Event Price (USD)    Subtotal (USD)\n"
        "----------------------   ------    -----------------    --------------\n"
        "Year 1 (2026)               4          $14,650.00          $58,600.00\n"
        "Year 2 (2027)               4          $15,090.00          $60,360.00\n"
    )
    assert result["milestones"] is None
    assert result["contract_value"] == {"amount": 118960, "currency": "USD"}


def test_a_last_milestone_share_that_completes_a_hundred_is_no_total_row() -> None:
    result = terms(
        "Each Protocol Price shall become payable on the achievement of the following Milestones.\n\n"
        "| Milestone | Achieved when                             | % of Protocol Price |\n"
        "| M1        | Draft Protocol issued to the Client       |       30%           |\n"
        "| M2        | Protocol signed as approved by Client QA  |       20%           |\n"
        "| M3        | Protocol executed, summary report approved |       50%           |\n"
    )
    assert [m["percent"] for m in result["milestones"]] == [30, 20, 50]


def test_the_contract_price_inclusive_of_vat_is_not_the_value() -> None:
    result = terms(
        "6.1  The Client shall pay the Consultant a total fixed price of EUR 103,750.00 exclusive "
        'of VAT (the "Contract Price").\n\n'
        "6.4  At the current rate the Contract Price inclusive of VAT would be EUR 127,612.50.\n"
    )
    assert result["contract_value"] == {"amount": 103750, "currency": "EUR"}


def test_a_retainers_fees_over_the_initial_period() -> None:
    result = terms(
        "The fee for the Monthly Allocation is a fixed monthly retainer of R68 000,00 plus VAT "
        '(the "Retainer Fee"), which secures the Studio\'s team for Ilanga whether or not the full '
        "Monthly Allocation is used. Over the Initial Period the Retainer Fees amount to R816 000,00 "
        "(eight hundred and sixteen thousand rand) excluding VAT.\n"
    )
    assert result["contract_value"] == {"amount": 816000, "currency": "ZAR"}
    assert "fixed_fee" not in (result["billing_models"] or [])


# blind batch 44, development half


def test_a_space_aligned_rate_table_under_a_currency_header_with_a_unit_column() -> None:
    result = terms(
        "Part 1 - Attendance rates\n\n"
        "  Role / attendance                                Unit      £ (ex VAT)\n"
        "  Analyst - weekday shift (07:00-17:30, Mon-Fri)   day           365.00\n"
        "  Analyst overtime beyond 10.5 hours on site       hour           52.00\n"
    )
    assert result["rates"] == [
        {"role": "Analyst - weekday shift (07:00-17:30, Mon-Fri)", "amount": 365, "currency": "GBP", "unit": "day"},
        {"role": "Analyst overtime beyond 10.5 hours on site", "amount": 52, "currency": "GBP", "unit": "hour"},
    ]


def test_instalments_under_an_instalment_and_when_invoiced_column() -> None:
    result = terms(
        "The Fee is payable in two equal instalments, as follows:\n\n"
        "  +-----+----------------------------------+-------+-----------+--------+-----------+\n"
        "  | No. | Instalment and when invoiced     | Share | excl. GST |   GST  | incl. GST |\n"
        "  +-----+----------------------------------+-------+-----------+--------+-----------+\n"
        "  | 1   | Deposit - on the Acceptance Date |  50%  |  2,425.00 | 363.75 |  2,788.75 |\n"
        "  | 2   | Balance - on delivery of Report  |  50%  |  2,425.00 | 363.75 |  2,788.75 |\n"
        "  +-----+----------------------------------+-------+-----------+--------+-----------+\n\n"
        "6.4 We will send you a tax invoice for the Deposit as soon as we receive your signed "
        "Acceptance Form, and a tax invoice for the balance on the day the Report is emailed to "
        "you.\n"
    )
    assert [(m["amount"], m["percent"]) for m in result["milestones"]] == [(2425, 50), (2425, 50)]
    assert result["invoice_frequency"] == "milestone"


# blind batch 45, development half


def test_rates_per_hour_under_a_currency_per_hour_header() -> None:
    result = terms(
        "Part 2 - Hourly Rates for time beyond the Quarterly Hours Allowance (exclusive of GST)\n\n"
        "  Grade                                 Named individual(s)         S$/hour\n"
        "  ------------------------------------  --------------------------  -------\n"
        "  Managing Director                     Lim Hui Ying                 880.00\n"
        "  Analyst                               (as assigned)                240.00\n"
    )
    assert [(r["role"], r["amount"], r["currency"], r["unit"]) for r in result["rates"]] == [
        ("Managing Director", 880, "SGD", "hour"),
        ("Analyst", 240, "SGD", "hour"),
    ]


def test_an_hourly_rate_column_whose_cells_restate_per_hour_and_a_forecast_spend() -> None:
    result = terms(
        "4.5 Indicative spend. The Client's expected spend is in the region of one hundred and "
        "forty thousand dollars ($140,000) per annum. That figure is a non-binding forecast.\n\n"
        "| Personnel                                    | Hourly rate (NZ$)   |\n"
        "|----------------------------------------------|---------------------|\n"
        "| Laboratory Technician                        |   98.00 per hour    |\n"
        "| Senior / Field Technician                    |  118.00 per hour    |\n"
    )
    assert result["rates"] == [
        {"role": "Laboratory Technician", "amount": 98, "currency": "NZD", "unit": "hour"},
        {"role": "Senior / Field Technician", "amount": 118, "currency": "NZD", "unit": "hour"},
    ]


def test_a_monthly_cap_and_the_larger_cap_for_the_whole_term_in_one_sentence() -> None:
    result = terms(
        "5.4  The charges for any calendar month shall not exceed USD 75,000 unless you have "
        "approved an increase in writing, and the total charges for the Minimum Term shall not "
        "exceed USD 440,000 (US Dollars Four Hundred and Forty Thousand only).\n"
    )
    assert result["not_to_exceed"] == {"amount": 440000, "currency": "USD"}
