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


def test_an_engagement_letters_evergreen_retainer_is_a_deposit_not_a_model() -> None:
    result = terms(
        "Our fees will be based on the time devoted to the Matters, at the hourly rates in effect "
        "at the time the services are rendered.\n\n6. ADVANCE DEPOSIT (EVERGREEN RETAINER)\n\n"
        "The Company agrees to provide the Firm with an advance deposit of $60,000. If you ask us "
        "to use an electronic billing platform, any subscription or submission charges imposed "
        "by the platform vendor will be borne by the Company.\n\n"
        "The following hourly rates are in effect for services rendered through December 31, "
        "2025: Partner $1,150 per hour."
    )
    assert result["billing_models"] == ["time_and_materials"]
    assert result["period_of_performance"] is None


def test_a_fixed_fee_transaction_with_disbursements_at_cost() -> None:
    result = terms(
        "4.1 Client shall pay the Firm a total fixed fee of $1,850,000 (the \"Fixed Fee\").\n\n"
        "4.3 No hourly billing. The Firm will not render invoices on an hourly basis for the "
        "Services.\n\n"
        "5.1 In addition to the Fixed Fee, Client shall reimburse the Firm for reasonable "
        "out-of-pocket disbursements incurred by the Firm in performing the Services, including "
        "public record, lien, judgment, litigation and title searches, courier charges, and "
        "reasonable travel expenses. Disbursements are charged at actual cost without mark-up."
    )
    assert result["billing_models"] == ["fixed_fee"]
    assert result["expenses_reimbursable"] is True


def test_an_order_forms_total_contract_value_and_billing_frequency_field() -> None:
    result = terms(
        "Billing Frequency:          Subscription Fees and Premium Support Fees - annually in "
        "advance\n\n"
        "3.1 The Implementation Services will be performed for a fixed fee of $72,000.00.\n\n"
        "3.4 Travel is reimbursed at cost. Expenses are invoiced monthly in arrears with "
        "receipts.\n\n"
        "  Component                                   Amount (USD)\n"
        "  Subscription Services (Years 1-3)           $530,069.40\n"
        "  Implementation Services                      $72,000.00\n"
        "  TOTAL CONTRACT VALUE (Initial Term)         $602,069.40\n"
    )
    assert result["contract_value"] == {"amount": 602069.4, "currency": "USD"}
    assert result["invoice_frequency"] == "annually"


def test_a_threshold_on_an_estimated_contract_value_is_no_value() -> None:
    result = terms(
        "The Offeror does not anticipate submitting an offer with an estimated contract value of "
        "greater than $50 million."
    )
    assert result["contract_value"] is None
    assert result["currency"] is None


def test_a_period_whose_dates_carry_their_weekdays() -> None:
    result = terms(
        "3.1 The Engagement Period runs from Monday 6 October 2025 to Friday 19 December 2025. "
        "Fees are EUR 900 per day."
    )
    assert result["period_of_performance"] == {
        "start": "2025-10-06",
        "end": "2025-12-19",
        "months": None,
    }


def test_starts_from_a_wrapped_label_a_long_run_and_taking_effect() -> None:
    wrapped = terms(
        "SERVICE SUMMARY\n"
        "  Service plan:           Assure - Professional Tier\n"
        "  Services Commencement\n"
        "  Date:                   February 1, 2026\n"
        "  Initial Term:           Thirty-six (36) months from the Services\n"
        "                          Commencement Date\n"
        "  Billing:                Monthly, in advance; CAD $14,950 per month\n"
    )
    assert wrapped["period_of_performance"] == {"start": "2026-02-01", "end": None, "months": 36}
    long_run = terms(
        "2.1 The retainer will run for an initial term of twelve (12) months from 1 January 2026 "
        'to 31 December 2026 (the "Initial Term"). The fee is EUR 4,500 per month.'
    )
    assert long_run["period_of_performance"] == {
        "start": "2026-01-01",
        "end": "2026-12-31",
        "months": 12,
    }
    effect = terms(
        "This Agreement takes effect from 6 October 2025, being the date on which you first "
        "instructed us in the Matter. Our professional fees are $450 per hour."
    )
    assert effect["period_of_performance"] == {"start": "2025-10-06", "end": None, "months": None}


def test_a_term_up_to_and_including_its_end() -> None:
    result = terms(
        "2.1 This SOW shall remain in force for a period of twenty-four (24) months, i.e. up to "
        'and including 31 January 2028 (the "Term"). The fee is ₹52,000 per FTE per month.'
    )
    assert result["period_of_performance"]["end"] == "2028-01-31"


def test_a_costs_agreement_of_a_law_firm() -> None:
    result = terms(
        "4.1 Our professional fees will be charged on a time basis at the hourly rates of the fee "
        "earners: Partner $790 per hour.\n\n"
        "5.4 Printing and copying of court books will be charged at $0.25 per page.\n\n"
        "5.5 We expect junior counsel's fees to fall in the range of $4,200 to $6,000 per day.\n\n"
        "6.2 The estimate is an estimate only. It is not a quote, a fixed fee or a cap on our "
        "fees.\n\n"
        "8.1 Our invoices will be lump sum bills describing the work done in the period.\n\n"
        "8.3 Payment. Each invoice is payable within thirty (30) days after the date on which it "
        "is given to you."
    )
    assert result["billing_models"] == ["time_and_materials"]
    assert [(r["amount"], r["unit"]) for r in result["rates"]] == [(790, "hour")]
    assert result["payment_terms_days"] == 30


def test_a_support_agreement_paid_on_the_20th_with_a_prompt_payment_discount() -> None:
    result = terms(
        "Payment is due on the 20th of the month following the date of our invoice. If you pay an "
        "invoice in full within seven (7) days of the invoice date, you may deduct a prompt "
        "payment discount of two per cent (2%) of that invoice. We do not need a purchase order "
        "number on our invoices. We may charge interest on any amount not paid by its due date "
        "at one and a half per cent (1.5%) per month. The retainer is NZ$5,850.00 per month."
    )
    assert result["payment_terms_days"] is None
    assert result["early_payment_discount"] == {"percent": 2, "days": 7}
    assert result["po_required"] is False
    assert result["late_payment_interest"] == {"percent": 1.5, "period": "month"}


def test_a_training_sow_that_runs_until_and_invoices_nothing_in_advance() -> None:
    result = terms(
        'This SOW commences on 2 February 2026 (the "SOW Start Date") and, unless terminated '
        "earlier in accordance with clause 15 or the MSA, continues until 31 January 2027, being "
        "a period of twelve (12) months.\n\n"
        '"Per-Participant Day Fee" means the fee for a Course, payable for each Billable '
        "Participant for each Course Day of a Run.\n\n"
        "No fees are invoiced in advance of a Run. Amounts not paid when due will bear interest "
        "at 1,5% (one and a half per cent) per month."
    )
    assert result["period_of_performance"] == {
        "start": "2026-02-02",
        "end": "2027-01-31",
        "months": 12,
    }
    assert result["billing_models"] == ["usage"]
    assert result["invoice_frequency"] is None
    assert result["late_payment_interest"] == {"percent": 1.5, "period": "month"}


def test_periods_that_run_from_their_stated_duration() -> None:
    cases = {
        "The Work must be performed during a period of ten (10) months, from 5 January 2026 to "
        "30 October 2026 inclusive.": {"start": "2026-01-05", "end": "2026-10-30", "months": 10},
        "Term of Contract: Twenty-four (24) months: July 1, 2026 through June 30, 2028.": {
            "start": "2026-07-01",
            "end": "2028-06-30",
            "months": 24,
        },
        "The Services shall continue for a period of twelve (12) months, that is, until 31 March "
        '2026 (the "Services Period").': {"start": None, "end": "2026-03-31", "months": 12},
        'The Programme Period is twelve (12) months, commencing on 1 March 2025 (the '
        '"Commencement Date") and ending on 28 February 2026.': {
            "start": "2025-03-01",
            "end": "2026-02-28",
            "months": 12,
        },
    }
    for text, period in cases.items():
        assert terms(text + " The fee is $9,000 per month.")["period_of_performance"] == period, text


def test_a_period_between_two_dates() -> None:
    result = terms(
        "This Agreement covers the Events scheduled between March 28, 2026 and November 1, 2026 "
        '(the "Engagement Period"). Each Event Price is $14,850.00.'
    )
    assert result["period_of_performance"] == {
        "start": "2026-03-28",
        "end": "2026-11-01",
        "months": None,
    }


def test_purchase_orders_stated_as_not_needed_without_naming_invoices() -> None:
    for sentence in (
        "No purchase order is required for invoicing under this Offer.",
        "Customer is not required to issue a purchase order for any fees under this Order.",
        "Purchase order required:      No",
    ):
        assert terms("Fees are $900 per month.\n" + sentence)["po_required"] is False, sentence


def test_an_earlier_sows_completion_and_a_total_of_the_fees() -> None:
    result = terms(
        "1.2 Statement of Work No. 1 (Grant Readiness Review), which was completed on 30 September "
        "2025, is not affected by this SOW.\n\n"
        '3.1 This SOW commences on 2 February 2026 (the "Commencement Date") and ends on 31 '
        "October 2026.\n\n"
        '4.1 The total of the Application Fees under this SOW is $27,500.00 (the "Total '
        'Application Fees").'
    )
    assert result["period_of_performance"] == {
        "start": "2026-02-02",
        "end": "2026-10-31",
        "months": None,
    }
    assert result["contract_value"] == {"amount": 27500, "currency": "USD"}


def test_a_start_with_effect_from_a_date() -> None:
    result = terms(
        'With effect from 1 January 2026 (the "Commencement Date") the Consultant acts as the '
        "Client's Data Protection Officer. The fee is EUR 2,200 per month."
    )
    assert result["period_of_performance"]["start"] == "2026-01-01"


# blind batch 26, development half


def test_numbered_commencement_and_completion_date_fields() -> None:
    result = terms(
        "ITEM 1   WORK ORDER TERM\n\n"
        "1.1  Commencement Date:  2 February 2026\n\n"
        "1.2  Completion Date:    30 November 2026, unless extended under Item 1.3 or\n"
        "                         terminated earlier in accordance with the Deed.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-02-02",
        "end": "2026-11-30",
        "months": None,
    }


def test_a_purchase_order_number_in_a_lettered_list_of_what_an_invoice_carries() -> None:
    for text in (
        "8.2  To be a Correctly Rendered Invoice, an invoice must:\n"
        "     (a) be a valid tax invoice for the purposes of the GST Act;\n"
        "     (b) quote the Work Order number and the Agency's Purchase Order number\n"
        "         shown at the top of this Work Order;\n",
        "8.2 An invoice is a Correctly Rendered Invoice if:\n"
        "    (a) it is a valid tax invoice under the GST Act;\n"
        "    (b) it quotes the Contract Reference and the Customer's purchase order\n"
        "        number notified to the Supplier in writing;\n",
    ):
        assert terms(text)["po_required"] is True, text


def test_a_milestone_payment_column_holds_the_amounts() -> None:
    result = terms(
        "SCHEDULE 2 - DELIVERABLES AND PAYMENT SCHEDULE\n\n"
        "| No. | Deliverable                | Indicative date  | % of Price | Milestone Payment |\n"
        "|-----|----------------------------|------------------|------------|-------------------|\n"
        "| D1  | Inception Report           | 3 April 2026     | 40%        | $40,000.00        |\n"
        "| D2  | Current State Assessment   | 29 May 2026      | 60%        | $60,000.00        |\n"
    )
    assert result["milestones"] == [
        {"name": "Inception Report", "amount": 40000, "percent": 40},
        {"name": "Current State Assessment", "amount": 60000, "percent": 60},
    ]


def test_a_hong_kong_dollar_header_names_the_milestone_totals_currency() -> None:
    result = terms(
        "5.1 Our professional fee is payable in stages.\n\n"
        "  | Stage                 | Payment event              | %   | Amount (HK$) |\n"
        "  |-----------------------|----------------------------|-----|--------------|\n"
        "  | 1. Gap analysis       | On signing                 | 40% |   352,000.00 |\n"
        "  | 2. Filing             | On submission to the SFC   | 60% |   528,000.00 |\n"
        "  | Total                 |                            | 100%|   880,000.00 |\n"
    )
    assert result["contract_value"] == {"amount": 880000, "currency": "HKD"}


def test_a_services_end_date_field() -> None:
    result = terms(
        "Services Start Date            : 6 April 2026\n"
        "Services End Date              : 31 December 2026\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-04-06",
        "end": "2026-12-31",
        "months": None,
    }


def test_invoices_that_need_no_purchase_order_but_not_a_po_issued_later() -> None:
    for sentence in (
        "Invoices shall not require a purchase order number and shall not be rejected for want "
        "of one.",
        "The Client has confirmed that it does not issue purchase orders for the Services.",
    ):
        assert terms(sentence + "\n")["po_required"] is False, sentence
    later = terms(
        "PNC will not issue any Purchase Orders to Supplier until PNC and Supplier have agreed "
        "on the Ingredient Specifications.\n"
    )
    assert later["po_required"] is None


# blind batch 27, development half


def test_item_numbered_commencement_and_expiry_date_rows() -> None:
    result = terms(
        "Item 1   Commencement Date       19 January 2026\n\n"
        "Item 2   Expiry Date             18 December 2026, unless terminated\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-01-19",
        "end": "2026-12-18",
        "months": None,
    }


def test_no_duty_to_pay_an_invoice_without_a_po_number_is_a_po_requirement() -> None:
    result = terms(
        "6.3 Each invoice must quote the Client's purchase order number for the relevant Course. "
        "The Client is not required to pay an invoice that does not quote a valid purchase order "
        "number until a corrected invoice is issued.\n"
    )
    assert result["po_required"] is True


def test_instalments_and_sprints_invoiced_on_events_are_milestones() -> None:
    instalments = terms(
        "4.2 Payment Schedule. The Fixed Fee is payable in two equal instalments:\n\n"
        "     Instalment                       Share of Fixed Fee    Amount (CAD)    Invoiced\n"
        "     -------------------------------  ------------------    ------------    ----------\n"
        "     1. Signing Instalment            50%                   $31,250.00      on signing\n"
        "     2. Delivery Instalment           50%                   $31,250.00      on delivery\n\n"
        "4.3 Out-of-Scope Services will be billed on a time basis at the rates in Schedule A, and "
        "invoiced monthly in arrears.\n"
    )
    assert instalments["milestones"] == [
        {"name": "Signing Instalment", "amount": 31250, "percent": 50},
        {"name": "Delivery Instalment", "amount": 31250, "percent": 50},
    ]
    assert instalments["invoice_frequency"] == "milestone"
    sprints = terms(
        "Fee schedule (all amounts excluding VAT):\n\n"
        "| No. | Sprint                     | Sprint Week     | Invoiced            | Sprint Fee  |\n"
        "|-----|----------------------------|-----------------|---------------------|-------------|\n"
        "| 1   | Sprint 1 - First notice    | 09-02-2026      | at Sprint Review    | € 18.500,00 |\n"
        "| 2   | Sprint 2 - Photo upload    | 02-03-2026      | at Sprint Review    | € 18.500,00 |\n\n"
        "7.1 Kielzog will invoice the Sprint Fee for each Sprint at the end of that Sprint.\n"
    )
    assert sprints["milestones"] == [
        {"name": "Sprint 1 - First notice", "amount": 18500, "percent": None},
        {"name": "Sprint 2 - Photo upload", "amount": 18500, "percent": None},
    ]
    assert sprints["invoice_frequency"] == "milestone"


# blind batch 28, development half


def test_a_phase_fee_table_invoiced_on_sign_off_and_no_monthly_invoices() -> None:
    result = terms(
        "6.2 Invoicing on Phase Sign-Off. Consultant will invoice each Phase Fee upon Client's "
        "Phase Sign-Off of that Phase. Consultant will not issue interim or monthly invoices for "
        "the Phase Fees.\n\n"
        "+-----+------------------------+----------------+-----------+\n"
        "| No. | Phase                  | Phase Fee      | % of      |\n"
        "|     |                        |                | Total     |\n"
        "+-----+------------------------+----------------+-----------+\n"
        "| 1   | Plan and Design        |   $222,000.00  |   15%     |\n"
        "| 2   | Build and Configure    | $1,258,000.00  |   85%     |\n"
        "+-----+------------------------+----------------+-----------+\n"
    )
    assert result["milestones"] == [
        {"name": "Plan and Design", "amount": 222000, "percent": 15},
        {"name": "Build and Configure", "amount": 1258000, "percent": 85},
    ]
    assert result["invoice_frequency"] == "milestone"


def test_an_order_forms_wrapped_term_cell_total_order_value_and_no_po() -> None:
    result = terms(
        "| Subscription Start Date   | 01/02/2026                                    |\n"
        "+---------------------------+-----------------------------------------------+\n"
        "| Initial Subscription Term | Thirty-six (36) months commencing on the      |\n"
        "|                           | Subscription Start Date and ending on         |\n"
        "|                           | 31/01/2029.                                   |\n\n"
        "| Fee Component                                             | Amount (EUR)  |\n"
        "|-----------------------------------------------------------|---------------|\n"
        "| Implementation Fee (one-off, fixed fee)                   | €46,500.00    |\n"
        "| TOTAL ORDER VALUE FOR THE INITIAL SUBSCRIPTION TERM       | €336,300.00   |\n\n"
        "6.4 The Customer has confirmed that it does not require a purchase order for this Order "
        "Form.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-02-01",
        "end": "2029-01-31",
        "months": 36,
    }
    assert result["contract_value"] == {"amount": 336300, "currency": "EUR"}
    assert result["po_required"] is False


def test_a_single_invoice_on_delivery_is_invoicing_on_completion() -> None:
    result = terms(
        "We will issue a single invoice for all Fixed Fees and travel expenses upon delivery of "
        "the Collection Report.\n"
    )
    assert result["invoice_frequency"] == "completion"


# blind batch 29, development half


def test_a_bare_stage_column_numbers_the_rows_another_names_them() -> None:
    result = terms(
        "   | Stage | Payment Stage    | Completed when           | % of Bid Fee | Amount (ex VAT) |\n"
        "   |-------|------------------|--------------------------|--------------|-----------------|\n"
        "   | 1     | Mobilisation     | Kick-off workshop held   | 30%          | £2,955.00       |\n"
        "   | 2     | Draft Responses  | First full draft issued  | 70%          | £6,895.00       |\n"
    )
    assert result["milestones"] == [
        {"name": "Mobilisation", "amount": 2955, "percent": 30},
        {"name": "Draft Responses", "amount": 6895, "percent": 70},
    ]


# blind batch 30, development half


def test_a_milestone_table_without_outer_pipes_wrapped_rows_and_totals_below() -> None:
    result = terms(
        " No. | Milestone                                  | % of Lump | Amount\n"
        "     |                                            | Sum Fee   | (A$)\n"
        " ----+--------------------------------------------+-----------+--------------\n"
        " M1  | LOM Schedule, Mining Cost Estimate and     |   40%     |   474,600.00\n"
        "     | Draft Ore Reserve                          |           |\n"
        " M2  | Final DFS Mining Report (accepted)         |   60%     |   711,900.00\n"
        " ----+--------------------------------------------+-----------+--------------\n"
        "     | TOTAL                                      |  100%     | 1,186,500.00\n"
        "     | GST at 10%                                 |           |   118,650.00\n"
    )
    assert result["milestones"] == [
        {
            "name": "LOM Schedule, Mining Cost Estimate and Draft Ore Reserve",
            "amount": 474600,
            "percent": 40,
        },
        {"name": "Final DFS Mining Report (accepted)", "amount": 711900, "percent": 60},
    ]


def test_a_letters_run_expenses_purchase_order_and_milestone_invoicing() -> None:
    result = terms(
        "Our fees are stated in euros (EUR 68 400,00 HT).\n\n"
        "The Engagement will run from 08/06/2026 to 30/09/2026.\n\n"
        "6.2 Expenses. The Fixed Price includes all travel expenses. No expenses will be "
        "re-invoiced to the Client.\n\n"
        "6.3 The Fixed Price will be invoiced in two instalments, each upon achievement of the "
        "corresponding milestone.\n\n"
        "7.2 No separate purchase order is required for the Consultant's invoices to be paid.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-06-08",
        "end": "2026-09-30",
        "months": None,
    }
    assert result["expenses_reimbursable"] is False
    assert result["invoice_frequency"] == "milestone"
    assert result["po_required"] is False


def test_a_date_named_the_target_completion_date_is_the_end() -> None:
    result = terms(
        "We will commence the Services on 4 May 2026 (Commencement Date) and deliver the Final "
        "Report by 14 December 2026 (Target Completion Date).\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-05-04",
        "end": "2026-12-14",
        "months": None,
    }


# blind batch 31, development half


def test_a_pipe_header_on_two_lines_names_the_milestone_payment_column() -> None:
    result = terms(
        "| No. | Milestone                                | % of Fixed   | Milestone    |\n"
        "|     |                                          | Price        | Payment      |\n"
        "+-----+------------------------------------------+--------------+--------------+\n"
        "| 1   | Milestone 1 - Design Approval            | 30%          | $44,580.00   |\n"
        "| 2   | Milestone 2 - Beta Materials Acceptance  | 70%          | $104,020.00  |\n"
    )
    assert result["milestones"] == [
        {"name": "Milestone 1 - Design Approval", "amount": 44580, "percent": 30},
        {"name": "Milestone 2 - Beta Materials Acceptance", "amount": 104020, "percent": 70},
    ]


def test_a_fixed_fee_split_by_task_and_invoiced_per_task_but_not_a_task_estimate() -> None:
    result = terms(
        "We propose to complete Tasks 1 to 2 for a fixed fee (lump sum) of $26,730.00, plus GST. "
        "The fixed fee is allocated to the tasks as follows:\n\n"
        "    | Task                                         | Fee (CAD)   | % of Fee |\n"
        "    |----------------------------------------------|-------------|----------|\n"
        "    | Task 1 - Document Review                     |   $7,290.00 |    27%   |\n"
        "    | Task 2 - Field Investigation and Testing     |  $19,440.00 |    73%   |\n\n"
        "We will invoice the fee for each Task upon completion of that Task. A purchase order is "
        "not required for this assignment.\n"
    )
    assert result["milestones"] == [
        {"name": "Task 1 - Document Review", "amount": 7290, "percent": 27},
        {"name": "Task 2 - Field Investigation and Testing", "amount": 19440, "percent": 73},
    ]
    assert result["invoice_frequency"] == "milestone"
    assert result["po_required"] is False
    estimate = terms(
        "Services are billed hourly. Our estimate by task:\n\n"
        "    | Task                                  | Estimated Fee |\n"
        "    |---------------------------------------|---------------|\n"
        "    | A - Restaurant Tenant Improvement     |   $21,930.00  |\n"
        "    | B - Storefront Revisions              |    $9,380.00  |\n"
    )
    assert estimate["milestones"] is None


# blind batch 34, development half


def test_an_invoice_that_quotes_a_po_number_and_one_that_does_not_is_returned() -> None:
    for text in (
        "B3.2 A Correctly Rendered Invoice is an invoice that:\n"
        "      (a) is a valid tax invoice;\n"
        "      (b) quotes the Work Order number (WO-112) and the Purchase Order number;\n",
        "B3.3 Invoices that do not quote the Work Order number and the Purchase Order number "
        "will be returned unpaid.\n",
    ):
        assert terms(text)["po_required"] is True, text



# blind batch 35, development half


def test_instalments_named_after_their_events_but_not_after_dates() -> None:
    table = (
        "   +---------------------------------------------+----------+-------------+\n"
        "   | Installment                                 | Percent  | Amount      |\n"
        "   +---------------------------------------------+----------+-------------+\n"
        "   | 1. {first:<41}|   50%    | $19,250.00  |\n"
        "   | 2. {second:<41}|   50%    | $19,250.00  |\n"
        "   +---------------------------------------------+----------+-------------+\n"
    )
    events = terms(table.format(first="On signing of this Letter", second="On delivery of the Report"))
    assert events["milestones"] == [
        {"name": "On signing of this Letter", "amount": 19250, "percent": 50},
        {"name": "On delivery of the Report", "amount": 19250, "percent": 50},
    ]
    dates = terms(table.format(first="1 March 2026", second="1 September 2026"))
    assert dates["milestones"] is None


def test_a_lettered_item_commencement_date_row() -> None:
    result = terms(" A6    Commencement Date          9 February 2026\n")
    assert result["period_of_performance"] == {"start": "2026-02-09", "end": None, "months": None}
