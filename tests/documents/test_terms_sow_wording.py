"""Context rules for the wording of commercial SOWs (blind batch 14's development half).

Each test fails on the extractor before its rule; the texts are written for the tests.
"""

from __future__ import annotations

from tests.documents.billing_terms import terms


def test_an_insurance_limit_per_claim_is_no_usage_price() -> None:
    result = terms(
        "The Consultant charges the hourly rates of Schedule A on a time and materials basis. "
        "The Consultant shall maintain professional indemnity insurance of not less than "
        "$5,000,000 per claim and in the aggregate."
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_third_party_usage_fees_passed_through_at_cost() -> None:
    result = terms(
        "Client will pay Agency a fixed monthly retainer of $22,750. Third-party production "
        "costs (including photography, talent usage fees and stock imagery) approved by Client "
        "are billed at Agency's actual cost, without mark-up."
    )
    assert "usage" not in result["billing_models"]
    assert "cost_reimbursement" in result["billing_models"]


def test_a_charge_per_ticket_is_usage() -> None:
    result = terms(
        "For each Ticket closed in a calendar month above the Included Tickets, you will pay a "
        "per-Ticket charge based on the Ticket's priority when closed."
    )
    assert result["billing_models"] == ["usage"]


def test_a_window_to_dispute_an_invoice_is_no_payment_term() -> None:
    result = terms(
        "The Customer will pay each correctly rendered Tax Invoice within thirty (30) days after "
        "receiving it. If the Customer disputes any part of a Tax Invoice in good faith, it must "
        "notify the Supplier within ten (10) Business Days after receipt and pay the undisputed "
        "portion by the due date."
    )
    assert result["payment_terms_days"] == 30


def test_days_after_the_payer_receives_the_invoice() -> None:
    result = terms(
        "If the Bank disputes any part of an invoice, it will give a notice of dispute within "
        "fifteen (15) days after receipt. Subject to the foregoing, the Bank will pay each correct "
        "and undisputed invoice within forty-five (45) days after the Bank receives it."
    )
    assert result["payment_terms_days"] == 45


def test_amounts_not_disputed_are_still_paid_by_the_term() -> None:
    result = terms(
        "Aduro shall pay Consultant any amounts due that are not reasonably disputed by Aduro, by "
        "check or direct bank deposit, within thirty days after receiving the invoice."
    )
    assert result["payment_terms_days"] == 30


def test_a_key_terms_start_date_row_starts_the_term() -> None:
    result = terms(
        "| Order Date              | March 30, 2026                                  |\n"
        "| Start Date              | April 13, 2026                                  |\n"
        "| Programme Term          | Six (6) months from the Start Date              |\n"
    )
    assert result["period_of_performance"] == {"start": "2026-04-13", "end": None, "months": 6}


def test_the_services_start_wins_over_the_date_the_sow_was_signed() -> None:
    result = terms(
        'This Statement of Work is entered into as of March 24, 2025 (the "SOW Effective Date"). '
        "Consultant shall perform the Services from April 7, 2025 through January 30, 2026."
    )
    assert result["period_of_performance"] == {
        "start": "2025-04-07",
        "end": "2026-01-30",
        "months": None,
    }


def test_defined_commencement_and_completion_dates() -> None:
    result = terms(
        '"Commencement Date" means 3 March 2025.\n"Completion Date" means 28 November 2025, or '
        'such later date as the parties agree.\n"System Completion Date" means 14 December 1998.'
    )
    assert result["period_of_performance"] == {
        "start": "2025-03-03",
        "end": "2025-11-28",
        "months": None,
    }


def test_a_phase_start_date_is_not_the_start_of_the_term() -> None:
    result = terms(
        "| Initial Term               | 1 June 2025 to 31 May 2027 (twenty-four months) |\n"
        "| Steady State Start Date    | 1 August 2025                                   |\n"
    )
    assert result["period_of_performance"] == {
        "start": "2025-06-01",
        "end": "2027-05-31",
        "months": 24,
    }


def test_the_master_agreements_own_term_is_not_the_sows() -> None:
    result = terms(
        "This SOW is made under the Master Services Agreement (the MSA). The MSA commenced on 14 "
        "June 2022 for an initial term of three (3) years.\n"
        '"Commencement Date" means 3 March 2025.'
    )
    assert result["period_of_performance"] == {"start": "2025-03-03", "end": None, "months": None}


def test_invoices_must_quote_the_purchase_order_number() -> None:
    listed = terms(
        "Each Tax Invoice must: (a) quote the Customer's purchase order number for this SOW; and "
        "(b) itemise the days worked by role."
    )
    assert listed["po_required"] is True
    every = terms(
        "Caldera's accounts payable process requires that every invoice show the Caldera "
        "purchase order number for this Order."
    )
    assert every["po_required"] is True


def test_invoices_that_need_not_quote_a_purchase_order() -> None:
    result = terms(
        "Each monthly invoice will include the Base Monthly Charge for that month.\n\n"
        "Your procurement team may issue a purchase order for this Order for your own records. "
        "Our invoices do not need to quote a purchase order number, and the lack of one is not a "
        "reason to delay payment."
    )
    assert result["po_required"] is False


def test_an_invoice_without_the_po_number_is_not_correct() -> None:
    result = terms(
        "Each invoice must quote the Bank purchase order number issued for this SOW. An invoice "
        "that does not quote a valid purchase order number is not a correct invoice."
    )
    assert result["po_required"] is True


def test_a_cap_on_costs_and_the_fixed_fee_together_is_the_fee_cap() -> None:
    result = terms(
        "The total amount payable by the Client for the Services, being all Reimbursable Costs "
        "and the Fixed Fee together, shall not exceed $1,350,000, exclusive of HST. Travel "
        "expenses are reimbursed at cost and shall not exceed $20,000."
    )
    assert result["not_to_exceed"] == {"amount": 1350000, "currency": "USD"}


def test_interest_when_the_customer_does_not_pay_by_the_due_date() -> None:
    result = terms(
        "If the Customer does not pay an undisputed amount by its due date, the Supplier may "
        "charge interest on that amount at the rate of 8% per annum, calculated daily."
    )
    assert result["late_payment_interest"] == {"percent": 8, "period": "year"}


def test_retention_of_a_share_of_the_fees_on_each_invoice() -> None:
    result = terms(
        "The Customer will retain five per cent (5%) of the Build Fees shown on each Build Phase "
        'Tax Invoice (the "Retention").'
    )
    assert result["retainage_percent"] == 5


def test_recurring_fees_net_per_contract_year_and_for_each_calendar_month() -> None:
    yearly = terms("Annual Maintenance Fee: EUR 84.000,00 net per Contract Year, invoiced in advance.")
    assert [(r["amount"], r["currency"], r["unit"]) for r in yearly["rates"]] == [
        (84000, "EUR", "year")
    ]
    monthly = terms(
        "From the Steady State Start Date you will pay a fixed charge of $41,500 for each calendar "
        "month (the Base Monthly Charge)."
    )
    assert [(r["amount"], r["unit"]) for r in monthly["rates"]] == [(41500, "month")]


def test_a_liability_limit_is_no_rate_and_no_fee_currency() -> None:
    per_year = terms(
        "For slight negligence the Supplier is liable only for the foreseeable damage, limited in "
        "total to EUR 250.000 per Contract Year."
    )
    assert per_year["rates"] is None
    capped = terms(
        "Airspan shall be liable for physical damage to Distributor's property up to a maximum "
        "aggregate amount of one million US Dollars (US$1,000,000)."
    )
    assert capped["currency"] is None


def test_not_invoicing_expenses_means_they_are_not_reimbursable() -> None:
    result = terms(
        "The Charges include everything we need to provide the Services. We will not invoice you "
        "for travel, accommodation, telephone or other out-of-pocket expenses."
    )
    assert result["expenses_reimbursable"] is False


def test_a_fixed_price_only_offered_later_or_denied_is_no_fixed_fee() -> None:
    offered = terms(
        "Additional Services are charged on a time and material basis. Estimates are not binding "
        "unless the Supplier expressly offers a fixed price."
    )
    assert offered["billing_models"] == ["time_and_materials"]
    denied = terms(
        "The Services are provided on a time and materials basis. The estimate is a planning "
        "figure only. It is not a fixed price."
    )
    assert denied["billing_models"] == ["time_and_materials"]


def test_audit_expenses_the_supplier_may_not_charge_are_no_expense_term() -> None:
    result = terms(
        "Supplier shall not charge the Customer for time and expenses incurred by Supplier in "
        "connection with an Annual Audit."
    )
    assert result["expenses_reimbursable"] is None


def test_bare_dollars_of_a_new_zealand_contract_are_nzd() -> None:
    result = terms(
        "Kowhai Research Limited, Auckland. The Fixed Fee is $148,500 plus GST, invoiced in three "
        "milestones and payable within 30 days of receipt of a valid tax invoice."
    )
    assert result["currency"] == "NZD"


def test_start_dates_in_key_terms_laid_out_with_spaces_or_dot_leaders() -> None:
    spaced = terms(
        "Service Commencement Date    1 May 2025\n"
        "Initial Term                 twenty-four (24) months from the Service Commencement Date\n"
    )
    assert spaced["period_of_performance"]["start"] == "2025-05-01"
    dotted = terms(
        "Start Date ............... 1 April 2025\n"
        "The initial Subscription Term is twelve (12) months from the Start Date.\n"
    )
    assert dotted["period_of_performance"] == {"start": "2025-04-01", "end": None, "months": 12}


def test_services_performed_from_and_a_schedule_that_takes_effect_on() -> None:
    performed = terms(
        "Services under this Agreement will be performed from November 4, 2024 through April 30, "
        '2025 (the "Services Period").'
    )
    assert performed["period_of_performance"] == {
        "start": "2024-11-04",
        "end": "2025-04-30",
        "months": None,
    }
    schedule = terms('This Schedule takes effect on 7 December 2026 ("the Schedule Effective Date").')
    assert schedule["period_of_performance"]["start"] == "2026-12-07"


def test_the_prime_awards_period_is_not_the_sows() -> None:
    result = terms(
        "The period of performance of the Prime Award runs from July 1, 2024 through June 30, "
        "2028. The Services shall be performed over a period of twenty-four (24) months, "
        'beginning on October 1, 2025 and ending on September 30, 2027 (the "Services Period").'
    )
    assert result["period_of_performance"] == {
        "start": "2025-10-01",
        "end": "2027-09-30",
        "months": 24,
    }


def test_an_exception_to_reimbursed_travel_does_not_make_expenses_unreimbursable() -> None:
    result = terms(
        "Travel costs necessary to the Services are reimbursable at actual cost, provided that "
        "(a) lodging and meals do not exceed the per diem rates, and (b) local travel within "
        "the Washington, DC metropolitan area is not reimbursed."
    )
    assert result["expenses_reimbursable"] is True


def test_invoicing_each_milestone_payment_and_paying_after_the_date_of_receipt() -> None:
    result = terms(
        "Supplier may invoice each Milestone Payment on or after the date on which the relevant "
        "Milestone is achieved, but not before. Client will pay each correctly rendered invoice "
        "within thirty (30) days after the date on which Client receives it."
    )
    assert result["invoice_frequency"] == "milestone"
    assert result["payment_terms_days"] == 30


def test_instalments_invoiced_on_a_payment_event_are_no_milestone_cycle() -> None:
    result = terms(
        "We will send you one invoice each calendar month. We will invoice each instalment of "
        "the Transition Fee when its payment event occurs."
    )
    assert result["invoice_frequency"] == "monthly"


def test_a_correctly_rendered_invoice_is_paid_within_the_term() -> None:
    result = terms(
        "Client will pay each correctly rendered and undisputed invoice\n     within thirty (30) "
        "days after the date on which Client receives it, by\n     direct credit."
    )
    assert result["payment_terms_days"] == 30
    sending = terms("Contractor shall submit each invoice within thirty (30) days after month end.")
    assert sending["payment_terms_days"] is None


def test_the_term_of_the_agreement_itself_is_not_the_sows() -> None:
    result = terms(
        "Nothing in this SOW affects the term of the Agreement itself, which continues for an "
        "initial period of three (3) years from 14 August 2023. The Services Period starts on "
        "10 March 2025."
    )
    assert result["period_of_performance"]["months"] is None


def test_services_billed_hourly_are_time_and_materials() -> None:
    result = terms(
        "All services are billed hourly, at the rates in Attachment 1 for the people who actually "
        "do the work."
    )
    assert result["billing_models"] == ["time_and_materials"]


def test_expenses_passed_on_at_cost_plus_a_markup_are_no_cost_reimbursement_model() -> None:
    result = terms(
        "All services are billed hourly. Reimbursable expenses are billed at our direct cost plus "
        "a ten percent (10%) handling markup."
    )
    assert result["billing_models"] == ["time_and_materials"]
    assert result["expenses_reimbursable"] is True


def test_expenses_the_provider_does_not_charge() -> None:
    result = terms(
        "The Bank Rate covers everything: we do not charge travel, parking, meals or other "
        "out-of-pocket expenses."
    )
    assert result["expenses_reimbursable"] is False


def test_a_price_per_user_per_month_invoiced_annually_is_an_annual_cycle() -> None:
    result = terms(
        "Billing .................. per Named User per month, invoiced annually in advance\n"
        "We invoice the Subscription Fee annually in advance."
    )
    assert result["invoice_frequency"] == "annually"


def test_a_cap_on_the_total_of_all_fees_and_travel_is_the_fee_cap() -> None:
    result = terms(
        "The total of all Session Fees, cancellation charges and travel reimbursement payable "
        "under this SOW shall not exceed $66,000.00 without an amended Purchase Order."
    )
    assert result["not_to_exceed"] == {"amount": 66000, "currency": "USD"}


def test_no_purchase_order_required_on_invoices() -> None:
    result = terms("Noorderlicht does not require a purchase order number on invoices.")
    assert result["po_required"] is False


def test_overhead_subscriptions_and_an_estimated_fee_are_no_models() -> None:
    result = terms(
        "The Professional Fee is estimated on an assumed package of R3 000 000, which gives an "
        "estimated Professional Fee of R1 000 000. Office overheads, telephone, research "
        "database subscriptions and travel within Gauteng are included in the Professional Fee."
    )
    assert result["billing_models"] is None


def test_the_master_agreements_term_stated_in_a_sow_in_three_ways() -> None:
    for sentence in (
        "Termination of this SOW does not affect the MSA, which continues for its initial term of "
        "three (3) years.",
        "For the avoidance of doubt, the MSA has an initial term of three (3) years from 14 "
        "January 2024.",
        "The Agreement itself was concluded for an initial period of three (3) years.",
    ):
        result = terms(sentence + " The Services will be performed from 10 March 2025 to 27 June 2025.")
        assert result["period_of_performance"] == {
            "start": "2025-03-10",
            "end": "2025-06-27",
            "months": None,
        }, sentence


def test_services_performed_from_the_sow_effective_date_until_a_date() -> None:
    result = terms(
        "SOW Effective Date:       April 14, 2025\n\nThe Services will be performed from the SOW "
        'Effective Date until November 28, 2025 (the "Services Period").'
    )
    assert result["period_of_performance"]["end"] == "2025-11-28"


def test_bare_dollars_of_a_quebec_or_mexican_contract() -> None:
    quebec = terms(
        "Inclusio inc., Montréal (Québec). Our fees for any calendar month will not exceed "
        "twenty-four thousand dollars ($24,000), excluding GST and QST."
    )
    assert quebec["not_to_exceed"] == {"amount": 24000, "currency": "CAD"}
    mexico = terms("Fees are invoiced in Mexican pesos. The fee cap is $9,800,000.00 before IVA.")
    assert mexico["currency"] == "MXN"


def test_time_actually_spent_and_person_months_are_time_and_materials() -> None:
    for sentence in (
        "We bill for the time we actually spend, in 15-minute increments, at our hourly rates.",
        "The engagement is charged on the basis of the time actually spent by our consultants.",
        "Fees are charged per person-month at the Monthly Unit Prices below.",
    ):
        assert terms(sentence)["billing_models"] == ["time_and_materials"], sentence


def test_danish_kroner_and_a_start_date_whose_label_ends_its_own_line() -> None:
    result = terms(
        "Rådgivende Ingeniører A/S, Copenhagen, Denmark.\n"
        "  Service Start Date .. 1 November 2024\n"
        "  Initial Term ........ twelve (12) months from the Service Start Date\n"
        "Extra hours are charged at 850 kr. per hour."
    )
    assert result["period_of_performance"] == {"start": "2024-11-01", "end": None, "months": 12}
    assert result["rates"] == [{"role": None, "amount": 850, "currency": "DKK", "unit": "hour"}]


def test_a_phase_that_runs_from_a_date_to_a_date_and_a_sow_in_force_until() -> None:
    phase = terms("The Discovery Phase runs for seven (7) weeks, from 7 October 2024 to 22 November 2024.")
    assert phase["period_of_performance"] == {"start": "2024-10-07", "end": "2024-11-22", "months": None}
    sow = terms(
        'This SOW is entered into on 2 September 2024 (the "SOW Effective Date"). The Services '
        "begin on the SOW Effective Date. This SOW remains in force until 31 July 2025."
    )
    assert sow["period_of_performance"] == {"start": "2024-09-02", "end": "2025-07-31", "months": None}


def test_the_services_start_wins_over_the_sow_effective_date() -> None:
    result = terms(
        'THIS STATEMENT OF WORK is made on 24 February 2025 (the "SOW Effective Date").\n'
        "11.1 The Services will be performed during the period beginning on\n     10 March 2025 "
        'and ending on 31 July 2025 (the "Services Period").'
    )
    assert result["period_of_performance"]["start"] == "2025-03-10"


def test_a_submitted_invoice_paid_within_days_and_data_priced_per_gb() -> None:
    paid = terms(
        "Client shall pay each properly submitted, undisputed invoice within forty-five (45) days "
        "after the date of receipt of the invoice."
    )
    assert paid["payment_terms_days"] == 45
    usage = terms(
        "The Client pays for processing on the volume of Client Data ingested, per GB of expanded "
        "size, at the prices in Part C."
    )
    assert usage["billing_models"] == ["usage"]


def test_interest_above_the_bank_of_england_base_rate_is_a_spread() -> None:
    result = terms(
        "Late payments carry interest at 4% per annum above the Bank of England base rate."
    )
    assert result["late_payment_interest"] is None


def test_expenses_included_and_not_charged_separately() -> None:
    for sentence in (
        "Our travel and subsistence costs are included in the Retainer Fee and we will not charge "
        "them separately.",
        "The fees are inclusive of all the Consultant's expenses, including travel. No expenses "
        "shall be separately recoverable from the Charity.",
    ):
        assert terms(sentence)["expenses_reimbursable"] is False, sentence


def test_subscriptions_paid_to_a_vendor_or_cloud_subscriptions_are_no_model() -> None:
    for sentence in (
        "For the avoidance of doubt, all subscription and licence fees for the Platform are "
        "payable by the Client to the Vendor under the Vendor's own terms.",
        "Scope is sized for up to twenty (20) Azure subscriptions and ten (10) AWS accounts.",
    ):
        assert terms(sentence)["billing_models"] is None, sentence


def test_support_and_subscription_start_dates_and_effective_dates_laid_out_with_spaces() -> None:
    support = terms(
        "Support Start Date         1 November 2025\n"
        "Initial Term               12 months from the Support Start Date\n"
    )
    assert support["period_of_performance"] == {"start": "2025-11-01", "end": None, "months": 12}
    subscription = terms("Subscription Start Date:      1 July 2025\n")
    assert subscription["period_of_performance"]["start"] == "2025-07-01"
    effective = terms("SOW Effective Date          3 March 2025\nThe term shall continue until 31 October 2025.")
    assert effective["period_of_performance"]["start"] == "2025-03-03"


def test_we_will_start_work_on_a_date_and_aim_to_finish_by_another() -> None:
    result = terms(
        "We will start work on 2 June 2025 and aim to finish by 19 December 2025 (the\n"
        '"Engagement Period").'
    )
    assert result["period_of_performance"] == {"start": "2025-06-02", "end": "2025-12-19", "months": None}


def test_the_prime_contracts_base_period_in_the_recitals_is_not_the_subcontracts() -> None:
    result = terms(
        "Prime has been awarded Prime Contract No. FRMA-25-C-0019. The Prime Contract has a base "
        "period of October 1, 2025 through September 30, 2026 and four (4) option periods.\n\n"
        "The period of performance of this Subcontract is twelve (12) months, commencing March 2, "
        "2026 and ending March 1, 2027. The labor rate is $165 per hour."
    )
    assert result["period_of_performance"] == {
        "start": "2026-03-02",
        "end": "2027-03-01",
        "months": 12,
    }


def test_expenses_not_separately_reimbursed_or_included_in_a_list() -> None:
    for sentence in (
        "Travel and other out-of-pocket expenses shall not be separately reimbursed by the State.",
        "No travel or other out-of-pocket expenses will be charged to you under this Order.",
        "The Annual Service Charge is inclusive of all travel, accommodation, subsistence and "
        "other expenses incurred by the Supplier.",
        "We bear our own travel costs; no expenses are reimbursable under this Order Form.",
    ):
        result = terms("The fee is $9,000 per month. " + sentence)
        assert result["expenses_reimbursable"] is False, sentence


# blind batch 26, development half


def test_paid_within_days_after_the_date_of_its_receipt() -> None:
    result = terms(
        "The Agency will pay each Correctly Rendered Invoice within thirty (30) calendar days "
        "after the date of its receipt.\n"
    )
    assert result["payment_terms_days"] == 30


def test_services_performed_during_the_period_commencing_and_ending() -> None:
    result = terms(
        "2.1  This Agreement comes into force on the date it is signed by the last of\n"
        "     the parties to sign it. The Services shall be performed during the period\n"
        '     commencing February 2, 2026 and ending January 29, 2027 (the "Term").\n\n'
        "2.2  The Client may extend the Term once, for a further period of six (6)\n"
        "     months, by written notice to the Consultant.\n\n"
        "5.10 The Unit Prices are fixed for the Term. If the Term is extended, the Consultant may "
        "increase them by the change in the index over the preceding twelve (12) months.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-02-02",
        "end": "2027-01-29",
        "months": None,
    }


def test_a_time_to_issue_the_invoice_is_no_payment_term() -> None:
    result = terms(
        "7.1 Within five (5) Business Days after the end of each calendar month, Corbally shall "
        "issue an invoice for all Pay Runs with a Pay Date falling in that month.\n\n"
        "7.3 The Client shall pay each invoice within thirty (30) days of the date of the invoice "
        "by SEPA Direct Debit.\n"
    )
    assert result["payment_terms_days"] == 30


def test_this_sow_continues_for_twelve_months_thereafter_expiring_on_a_date() -> None:
    result = terms(
        '(b) "Commencement Date" means 1st December 2025;\n\n'
        "2.1 The Services shall commence on the Commencement Date, i.e., 01/12/2025, and this SOW "
        "shall continue for a period of twelve (12) months thereafter, expiring on 30/11/2026, "
        "unless terminated earlier.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2025-12-01",
        "end": "2026-11-30",
        "months": 12,
    }


# blind batch 27, development half


def test_performed_from_a_named_start_until_an_end_and_complete_the_services_by() -> None:
    named = terms(
        'The Services will be performed from 2 February 2026 (the "Start Date") until 30 April '
        "2026, unless this SOW is extended.\n"
    )
    assert named["period_of_performance"] == {
        "start": "2026-02-02",
        "end": "2026-04-30",
        "months": None,
    }
    complete = terms(
        "4.1 The Architect shall commence the Services on 12 January 2026 and shall complete the "
        "Services by 30 October 2026.\n"
    )
    assert complete["period_of_performance"] == {
        "start": "2026-01-12",
        "end": "2026-10-30",
        "months": None,
    }


# blind batch 28, development half


def test_the_services_commence_on_a_date_after_the_sow_effective_date() -> None:
    result = terms(
        "SOW Effective Date: October 20, 2025\n\n"
        '2.1 The Services under this SOW will commence on November 3, 2025 (the "Project Start '
        'Date") and this SOW will remain in effect until December 31, 2026.\n'
    )
    assert result["period_of_performance"] == {
        "start": "2025-11-03",
        "end": "2026-12-31",
        "months": None,
    }


def test_ends_an_extension_may_move_a_stated_period_and_a_targeted_window() -> None:
    extended = terms(
        '3.1 This SOW shall commence on 2 March 2026 (the "SOW Commencement Date") and, unless '
        "terminated earlier or extended by a Change Order, shall continue until 30 September "
        "2026.\n"
    )
    assert extended["period_of_performance"] == {
        "start": "2026-03-02",
        "end": "2026-09-30",
        "months": None,
    }
    period = terms(
        "Work will start on Monday 12 January 2026. The engagement period is 12 January 2026 to "
        "30 April 2026, unless extended by agreement in writing.\n"
    )
    assert period["period_of_performance"] == {
        "start": "2026-01-12",
        "end": "2026-04-30",
        "months": None,
    }
    targeted = terms(
        "We are targeting the on-site collections for the period September 22 through October 3, "
        "2025, with remote collections proceeding in parallel.\n"
    )
    assert targeted["period_of_performance"] is None


# blind batch 29, development half


def test_a_named_terms_range_and_dates_of_tenders_and_amendments_that_are_no_end() -> None:
    named = terms(
        '7.1 This Agreement will apply to calls logged from 1 April 2026 to 31 March 2027 (the '
        '"Term"), unless ended earlier.\n'
    )
    assert named["period_of_performance"] == {
        "start": "2026-04-01",
        "end": "2027-03-31",
        "months": None,
    }
    for sentence in (
        "(B) The Contractor submitted its tender on 14 October 2025.",
        "The Klein Agreement, as amended on June 19, 2007, grants an exclusive licence.",
    ):
        assert terms(sentence + "\n")["period_of_performance"] is None, sentence


def test_runs_for_months_until_and_performed_during_the_period_of_months() -> None:
    until = terms(
        '3.2 The term of this SOW commences on 01.01.2026 and runs for nine (9) months until '
        '30.09.2026 (the "Term").\n'
    )
    assert until["period_of_performance"] == {
        "start": "2026-01-01",
        "end": "2026-09-30",
        "months": 9,
    }
    during = terms(
        "3.1 The Services under this SOW will be performed during the period of twelve (12) "
        "months commencing on 1 April 2026 and ending on 31 March 2027.\n"
    )
    assert during["period_of_performance"] == {
        "start": "2026-04-01",
        "end": "2027-03-31",
        "months": 12,
    }


# blind batch 31, development half


def test_starts_of_a_period_of_performance_and_a_call_off_and_a_completion_with_an_aside() -> None:
    pop = terms(
        '3.1 The period of performance of this SOW begins on March 2, 2026 (the "Project Start '
        'Date").\n\nSOW Effective Date: February 17, 2026\n'
    )
    assert pop["period_of_performance"] == {"start": "2026-03-02", "end": None, "months": None}
    call_off = terms("Call-Off Start Date:                1 June 2026\n")
    assert call_off["period_of_performance"] == {
        "start": "2026-06-01",
        "end": None,
        "months": None,
    }
    aside = terms(
        "The Services will commence on March 2, 2026 and will be completed, with the issue of the "
        "Final Report, by June 26, 2026.\n\n"
        "- A ten (10) year capital plan, grouped by priority: immediate (within 1 year), "
        "short-term (1 to 3 years), and medium-term (4 to 10 years).\n"
    )
    assert aside["period_of_performance"] == {
        "start": "2026-03-02",
        "end": "2026-06-26",
        "months": None,
    }


# blind batch 32, development half


def test_an_earlier_orders_expiry_is_no_end_and_to_and_including() -> None:
    result = terms(
        "B. Service Order No. CTS-SO-2023-011 dated 3 March 2023, which covered managed services "
        "at two premises, expires on 31 January 2026.\n\n"
        "2.1 The Managed Services shall be provided from 1 February 2026 for an initial term of "
        "thirty-six (36) months, ending on 31 January 2029.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-02-01",
        "end": "2029-01-31",
        "months": 36,
    }
    including = terms(
        "2.1 The initial Schedule Term is twelve (12) months, from January 1, 2026 to and "
        'including December 31, 2026 (the "Initial Term").\n'
    )
    assert including["period_of_performance"] == {
        "start": "2026-01-01",
        "end": "2026-12-31",
        "months": 12,
    }


def test_the_architect_shall_commence_basic_services_on() -> None:
    result = terms(
        'A.3.1 The Architect shall commence Basic Services on February 2, 2026 (the '
        '"Commencement Date").\n\nThis Exhibit is dated January 14, 2026.\n'
    )
    assert result["period_of_performance"] == {"start": "2026-02-02", "end": None, "months": None}


# blind batch 33, development half


def test_this_sow_will_commence_on_a_date_it_names_its_effective_date() -> None:
    result = terms(
        'This Statement of Work No. 4 (this "SOW") is entered into as of December 15, 2025 (the '
        '"SOW Signature Date").\n\n'
        '2.1 This SOW will commence on January 5, 2026 (the "SOW Effective Date") and will '
        "continue for twelve (12) months.\n"
    )
    assert result["period_of_performance"]["start"] == "2026-01-05"


# blind batch 34, development half


def test_a_term_sentence_that_goes_on_about_rates_after_its_end() -> None:
    result = terms(
        'This Service Order takes effect on 1 May 2026 (the "Start Date") and continues for '
        'twelve (12) months until 30 April 2027 (the "Order Term"), unless terminated earlier; '
        "the parties may agree to renew it for a further period at the rates then current.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-05-01",
        "end": "2027-04-30",
        "months": 12,
    }


# blind batch 37, development half


def test_a_phase_a_lease_and_begin_performing_the_services_on() -> None:
    result = terms(
        '"Programme Start Date" means 1 February 2026; "Implementation Phase" means the period '
        "from the Programme Start Date until 31 March 2026;\n\n"
        "The programme continues for an initial term of twenty-four (24) months until 31 January "
        '2028 (the "Initial Term").\n'
    )
    assert result["period_of_performance"] == {
        "start": "2026-02-01",
        "end": "2028-01-31",
        "months": 24,
    }
    lease = terms(
        "The relocation depends on the surrender of the Loyang lease, which expires on 31 March "
        '2027.\n\n2.1 Provider will begin performing the Services on February 2, 2026 (the "Project '
        'Start Date").\n'
    )
    assert lease["period_of_performance"] == {"start": "2026-02-02", "end": None, "months": None}


# blind batch 38, development half


def test_services_scheduled_between_two_dates_and_assignments_taking_place_from() -> None:
    scheduled = terms(
        "The Services, including issue of the final report, are scheduled to be performed between "
        "April 20, 2026 and July 17,\n2026. The field drilling program is expected to take three "
        "(3) days.\n"
    )
    assert scheduled["period_of_performance"] == {
        "start": "2026-04-20",
        "end": "2026-07-17",
        "months": None,
    }
    assignments = terms(
        "We will provide services under this letter for Assignments taking place from February "
        "16, 2026 through June 30, 2026.\n"
    )
    assert assignments["period_of_performance"] == {
        "start": "2026-02-16",
        "end": "2026-06-30",
        "months": None,
    }


def test_services_completed_within_a_period_after_they_commence() -> None:
    result = terms(
        "The Services shall commence on 5 January 2026 and are to be completed within a period of "
        "seven (7) months.\n"
    )
    assert result["period_of_performance"] == {"start": "2026-01-05", "end": None, "months": 7}


def test_a_tax_invoice_upon_each_of_the_instalment_events() -> None:
    result = terms(
        "Our fee for the Services is a lump sum of S$86,000.00. The Fee is payable in three (3) "
        "instalments as follows:\n(a) 30% upon signing;\n(b) 40% upon design approval;\n"
        "(c) 30% upon handover.\nWe will issue a tax invoice upon each of the events above.\n"
    )
    assert result["invoice_frequency"] == "milestone"


def test_a_fee_authorization_of_up_to_an_amount() -> None:
    result = terms(
        "You have authorized us to incur interpreter fees (including overtime, team interpreting, "
        "travel time and cancellation fees) of up to $15,000.00 for the Matter.\n"
    )
    assert result["not_to_exceed"] == {"amount": 15000, "currency": "USD"}


def test_mileage_charged_per_kilometre_a_listed_reimbursement_and_disbursements_included() -> None:
    mileage = terms(
        "Travel to and from the Site by TRG personnel will be charged as mileage at $0.72 per "
        "kilometre.\n"
    )
    assert mileage["expenses_reimbursable"] is True
    listed = terms(
        "Our fees are hourly. For Assignments elsewhere, the Firm will reimburse the following "
        "costs at actual cost, without markup, supported by receipts:\n\n"
        "   - mileage at the IRS standard business mileage rate;\n   - parking and tolls;\n"
        "   - lodging, not to exceed $240.00 per night.\n"
    )
    assert listed["expenses_reimbursable"] is True
    assert "cost_reimbursement" not in (listed["billing_models"] or [])
    included = terms(
        "5.3  The Fixed Fee is inclusive of all of the Consultant's disbursements, including travel\n"
        "     within the Edmonton Metropolitan Region, mileage, parking and courier charges. No\n"
        "     disbursement shall be invoiced separately to the Client.\n"
    )
    assert included["expenses_reimbursable"] is False


# blind batch 39, development half


def test_the_sow_commences_on_its_defined_effective_date_after_a_review_period() -> None:
    result = terms(
        '2.2  "Investigation Period" means the period from January 1, 2022 through March 31, '
        "2026, being the period of transactions under review.\n\n"
        "4.1  This SOW commences on the SOW Effective Date, April 6, 2026, and, unless terminated "
        "earlier or extended by Change Order, expires on September 30, 2026.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-04-06",
        "end": "2026-09-30",
        "months": None,
    }


def test_expenses_included_none_of_which_will_be_charged_separately() -> None:
    result = terms(
        "The Fixed Price includes all professional fees and all travel, accommodation, meal and "
        "other expenses of the site visit and of the engagement, none of which will be charged "
        "separately.\n"
    )
    assert result["expenses_reimbursable"] is False


def test_one_tax_invoice_on_the_date_the_report_is_delivered() -> None:
    result = terms(
        "5.2  The Fee is payable in full on delivery of the signed final Report. We will render our "
        "tax invoice on the date on which the Report is delivered, and payment is due within "
        "thirty (30) days of the date of the invoice.\n\n"
        "6.2  Unless a separate fixed fee is agreed, Additional Work will be charged on a time "
        "basis at the hourly rates in Schedule 2 and invoiced monthly in arrears.\n"
    )
    assert result["invoice_frequency"] == "completion"


# blind batch 40, development half


def test_prompt_payment_deductions_not_called_discounts() -> None:
    texts = [
        "Each invoice is payable within thirty (30) days of its invoice date. As a courtesy, you "
        "may deduct two percent (2%) from the Delivery Installment if you pay that invoice in full "
        "within ten (10) days after its invoice date.\n",
        "Invoices are payable within twenty-one (21) days. If PRI pays an invoice in full, in "
        "cleared funds, within seven (7) days after receiving it, PRI may deduct two per cent (2%) "
        "of the fee component of that invoice.\n",
        "Each invoice is payable in full within fourteen (14) days of the invoice date. Where the "
        "Annual Fee is received in cleared funds within seven (7) days of the invoice date, you may "
        "deduct a prompt payment rebate of two per cent (2%) of the Annual Fee.\n",
    ]
    assert [terms(t)["early_payment_discount"] for t in texts] == [
        {"percent": 2, "days": 10},
        {"percent": 2, "days": 7},
        {"percent": 2, "days": 7},
    ]


def test_an_invoice_that_falls_due_days_after_its_date_of_issue() -> None:
    result = terms(
        "Each invoice falls due fourteen (14) days after its date of issue and will be paid by "
        "SEPA Direct Debit.\n"
    )
    assert result["payment_terms_days"] == 14


def test_charges_that_include_the_providers_own_travel_costs() -> None:
    result = terms(
        "The Charges include all stationery, printing, postage, secure courier costs and the "
        "Bureau's own travel and out-of-pocket costs. None of these will be recharged to the "
        "Client.\n"
    )
    assert result["expenses_reimbursable"] is False


def test_a_term_that_expires_at_midnight_and_the_schedule_it_replaces() -> None:
    result = terms(
        "1.2  This Schedule replaces, with effect from the Commencement Date, Schedule 2 "
        "(Quarterly Reserving Support) dated 2 May 2024, which shall terminate at midnight on 31 "
        'January 2026.\n\n"Commencement Date" means 1 March 2026;\n\n'
        "2.1 This Agreement comes into force on the Commencement Date and continues for an initial "
        'period of twelve (12) months (the "Initial Term"), which expires at midnight on 28 '
        "February 2027.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-03-01",
        "end": "2027-02-28",
        "months": 12,
    }


def test_an_annual_fee_billed_annually_in_advance() -> None:
    result = terms(
        "5.1  Our fee is S$2,880.00 per Engagement Year (the \"Annual Fee\").\n\n"
        "5.2  The Annual Fee is billed annually in advance. Our first invoice will be issued on "
        "the Commencement Date and each subsequent invoice on its anniversary.\n"
    )
    assert result["invoice_frequency"] == "annually"


def test_time_charges_that_shall_not_in_aggregate_exceed_and_a_cap_on_what_we_charge() -> None:
    aggregate = terms(
        "5.5  Time Charges incurred in any one Engagement Year shall not, in aggregate, exceed "
        "S$3,500.00 (Singapore Dollars Three Thousand Five Hundred only) unless you have first "
        "approved a higher budget in writing.\n"
    )
    assert aggregate["not_to_exceed"] == {"amount": 3500, "currency": "SGD"}
    charge = terms(
        "6.1  We will not charge more than NZ$600.00 + GST for Additional Support in any calendar "
        "month without your prior written approval.\n"
    )
    assert charge["not_to_exceed"] == {"amount": 600, "currency": "NZD"}


def test_invoices_for_each_defined_billing_period_of_fourteen_days() -> None:
    result = terms(
        '"Billing Period" means each successive period of fourteen (14) calendar days, the first '
        "beginning on the Start Date.\n\n"
        "8.1 Consultant will issue one invoice for each Billing Period, covering the hours "
        "recorded during that Billing Period. Each invoice is payable within thirty (30) days.\n"
    )
    assert result["invoice_frequency"] == "biweekly"


# blind batch 41, development half


def test_services_performed_in_the_period_from_and_a_space_aligned_term_field() -> None:
    period = terms(
        "The Contractor shall perform the Services in the period from 1 December 2025 until 20 "
        'March 2026 (the "Performance Period").\n'
    )
    assert period["period_of_performance"] == {
        "start": "2025-12-01",
        "end": "2026-03-20",
        "months": None,
    }
    field = terms(
        "  Engagement Letter No.        CRC-IR-26-031\n"
        "  Retainer Term                March 1, 2026 to February 28, 2027\n"
    )
    assert field["period_of_performance"] == {
        "start": "2026-03-01",
        "end": "2027-02-28",
        "months": None,
    }


def test_a_term_that_shall_commence_and_expires_at_a_time_of_day() -> None:
    result = terms(
        "Effective Date:       September 22, 2025\n\n"
        '3.2  The initial subscription term (the "Initial Term") shall commence on November 1, '
        '2025 (the "Service Commencement Date") and shall run for a period of three (3) years, '
        "expiring at 11:59 p.m. Mountain Time on October 31, 2028.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2025-11-01",
        "end": "2028-10-31",
        "months": 36,
    }


def test_fees_for_each_contract_year_invoiced_in_advance() -> None:
    result = terms(
        "5.1  The Subscription Fees for each Contract Year shall be invoiced in a single "
        "instalment, in advance, on the Service Commencement Date and on each anniversary of it.\n"
    )
    assert result["invoice_frequency"] == "annually"


def test_you_do_not_need_to_raise_a_purchase_order() -> None:
    result = terms(
        "2.8  Purchase orders. You do not need to raise a purchase order. Our invoices will quote "
        "this Order Form number, and a purchase order number only if you ask us to include one.\n"
    )
    assert result["po_required"] is False


# blind batch 42, development half


def test_a_quarterly_true_up_is_not_the_monthly_invoicing_cycle() -> None:
    result = terms(
        "3.5  Each calendar quarter the FTE Fees actually invoiced are reconciled against the FTE "
        'Fees earned (the "True-Up").\n\n'
        "4.1  We will invoice the FTE Fees for each calendar month in advance.\n"
    )
    assert result["invoice_frequency"] == "monthly"


def test_invoices_on_the_first_day_of_each_defined_contract_quarter() -> None:
    result = terms(
        '"Contract Quarter" means each successive period of three (3) months, the first of which '
        "begins on the Commencement Date;\n\n"
        "6.2 The Subscription Fee shall be paid by four equal instalments of £3,450.00 plus VAT, "
        "each falling due for payment in advance of the Contract Quarter to which it relates. "
        "Kirkgate will raise the invoice for each instalment on the first day of the relevant "
        "Contract Quarter.\n\n"
        "6.4 A monthly time statement will be emailed to the Client contact within five (5) "
        "Business Days after the end of each month, showing the time used.\n"
    )
    assert result["invoice_frequency"] == "quarterly"


def test_late_interest_a_year_above_the_bank_of_englands_base_rate_is_a_spread() -> None:
    result = terms(
        "7.4 Kirkgate may charge interest on any amount not paid by its due date at the rate of "
        "four per cent (4%) a year above the Bank of England's base rate from time to time.\n"
    )
    assert result["late_payment_interest"] is None


def test_expenses_the_provider_shall_not_recharge() -> None:
    result = terms(
        "6.8 The Subscription Fee and the Rate Card charges are all-inclusive. Kirkgate shall not "
        "recharge any travel, mileage, accommodation, subsistence, printing, courier or other "
        "out-of-pocket expenses incurred in providing the services.\n"
    )
    assert result["expenses_reimbursable"] is False


def test_a_tax_invoice_on_the_occurrence_of_each_invoicing_event() -> None:
    result = terms(
        "7.1  We will issue a valid tax invoice, complying with section 20 of the Value-Added Tax "
        "Act, 1991, on the occurrence of each invoicing event in the table in clause 5.3.\n"
    )
    assert result["invoice_frequency"] == "milestone"


def test_people_available_during_a_period_do_not_end_the_term() -> None:
    result = terms(
        '"Commencement Date" means Monday, 7 April 2025; We will start work on the Commencement '
        "Date.\n\n"
        "8.2  You will ensure that interviewees are available during the period from 14 April 2025 "
        "to 23 May 2025.\n"
    )
    assert result["period_of_performance"] is not None
    assert result["period_of_performance"]["end"] is None


def test_reimbursing_the_consultant_for_a_list_that_follows() -> None:
    result = terms(
        "6.1  The Client shall reimburse the Consultant for the following, without mark-up, when "
        "supported by receipts:\n\n"
        "     (a) vehicle use for site visits at the per-kilometre allowance in Schedule B;\n"
        "     (b) travel, accommodation and meals for site visits outside Halifax.\n"
    )
    assert result["expenses_reimbursable"] is True


def test_we_will_start_the_audit_on_a_date() -> None:
    result = terms(
        "We will start the Audit on Monday, January 12, 2026 and the engagement will run until "
        "April 30, 2026.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-01-12",
        "end": "2026-04-30",
        "months": None,
    }


# blind batch 43, development half


def test_interest_on_an_amount_not_paid_on_its_due_date() -> None:
    result = terms(
        "7.5  Any amount not paid on its due date will bear interest at the rate of two per cent "
        "(2%) per month, calculated daily and compounded monthly.\n"
    )
    assert result["late_payment_interest"] == {"percent": 2, "period": "month"}


def test_a_ceiling_on_total_compensation_including_reimbursables_and_a_task_cap() -> None:
    result = terms(
        "4.3 Ceiling. The total compensation payable to Contractor under this Agreement, including "
        "all Unit Rate charges, Reimbursable Expenses and approved Change Orders, shall not exceed "
        'One Hundred Eighty-Six Thousand Five Hundred Dollars ($186,500.00) (the "Authorized '
        'Amount"). Within the Authorized Amount, charges for Task 1 shall not exceed Forty-Eight '
        "Thousand Dollars ($48,000.00).\n"
    )
    assert result["not_to_exceed"] == {"amount": 186500, "currency": "USD"}


def test_a_program_that_runs_for_a_period_beginning_and_ending() -> None:
    result = terms(
        "The monitoring program runs for a period of twenty-four (24) months, beginning January 1, "
        "2026 and ending December 31, 2027, and covers eight (8) Sampling Events in total.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2026-01-01",
        "end": "2027-12-31",
        "months": 24,
    }


def test_no_purchase_order_is_needed_to_invoice() -> None:
    result = terms(
        "Pinecrest has confirmed that no purchase order is needed for us to invoice under this "
        "Letter Agreement.\n"
    )
    assert result["po_required"] is False


def test_expenses_included_not_chargeable_not_recovered_and_recharged_at_cost() -> None:
    texts = [
        "The Protocol Prices are inclusive of all travel, mileage, subsistence and accommodation "
        "costs of the Consultant's personnel, and no such costs shall be recharged to the Client.\n",
        "Travel, transport, parking, meals and any other out-of-pocket costs of Supplier personnel "
        "are not chargeable to or reimbursable by the Customer.\n",
        "We will not recover travel, site-visit, courier or any other out-of-pocket expenses from "
        "Ilanga.\n",
        "If camp accommodation is not made available by the Client, we will recharge accommodation "
        "and meals at cost, supported by receipts.\n",
    ]
    assert [terms(t)["expenses_reimbursable"] for t in texts] == [False, False, False, True]


# blind batch 44, development half


def test_accounts_every_second_friday() -> None:
    result = terms(
        "We will send you an account every second Friday, the first on Friday, October 31, 2025, "
        "covering the time recorded in the fourteen days ending on that Friday.\n"
    )
    assert result["invoice_frequency"] == "biweekly"


def test_the_engagement_begins_after_a_clean_up_period_of_past_months() -> None:
    result = terms(
        "1.  Reconcile every bank account of the company for each month from May 1, 2023 to April "
        '30, 2025 (the "Clean-up Period").\n\n'
        "The engagement begins on Monday, October 20, 2025 and ends on March 31, 2026.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2025-10-20",
        "end": "2026-03-31",
        "months": None,
    }


def test_work_starts_on_a_date() -> None:
    result = terms(
        "2.  How long\n\nWork starts on 1 November 2025. This Service Order is concluded for a "
        "fixed term of twelve (12) months and ends on 31 October 2026.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2025-11-01",
        "end": "2026-10-31",
        "months": 12,
    }


def test_the_client_does_not_issue_separate_purchase_orders() -> None:
    result = terms(
        "The Client does not issue separate purchase orders for call-offs under this Service "
        "Order; invoices need not quote any purchase order number.\n"
    )
    assert result["po_required"] is False


def test_the_fee_covers_all_travel_and_a_cap_that_shall_in_no_circumstances_be_exceeded() -> None:
    covered = terms(
        "The Fee covers all travel within the Auckland region, mileage, parking, printing, and the "
        "use of our testing equipment. We will not charge you separately for any of these.\n"
    )
    assert covered["expenses_reimbursable"] is False
    cap = terms(
        "The total fees for the Services shall in no circumstances exceed one hundred and "
        "ninety-five thousand Singapore dollars (S$195,000), exclusive of GST.\n"
    )
    assert cap["not_to_exceed"] == {"amount": 195000, "currency": "SGD"}


def test_a_payment_schedule_in_answer_to_a_claim_and_a_bonus_invoiced_once() -> None:
    claim = terms(
        "Each invoice is due on the 20th of the month following. If you dispute any amount "
        "claimed, you must give us a payment schedule within ten (10) Working Days after the "
        "invoice is received.\n"
    )
    assert claim["payment_terms_days"] is None
    bonus = terms(
        '"Contract Year" means each successive period of twelve (12) months;\n\n'
        "We will invoice the Monthly Retainer on the first Business Day of each month, in advance. "
        "The Performance Bonus will be invoiced once, after the Annual Savings Statement for the "
        "relevant Contract Year has been agreed.\n"
    )
    assert bonus["invoice_frequency"] == "monthly"


# blind batch 45, development half


def test_interest_when_the_buyer_fails_to_pay_by_the_due_date() -> None:
    result = terms(
        "6. Late payment. If the Buyer fails to pay an undisputed sum by its due date, the Supplier "
        "may charge simple interest on that sum at a fixed rate of eight per cent (8%) per annum "
        "from the due date until payment.\n"
    )
    assert result["late_payment_interest"] == {"percent": 8, "period": "year"}


def test_an_order_forms_boxes_and_the_frameworks_own_term() -> None:
    result = terms(
        "This Order Form is issued under the framework agreement EMPH/FW/0922. The Framework runs "
        "from 1 April 2024 to 31 March 2028.\n\n"
        "BOX 5   CALL-OFF START DATE\n        1 September 2025\n\n"
        "BOX 6   CALL-OFF EXPIRY DATE AND INITIAL TERM\n        31 August 2026. The Initial Term is "
        "twelve (12) months from the Call-Off Start Date.\n"
    )
    assert result["period_of_performance"] == {
        "start": "2025-09-01",
        "end": "2026-08-31",
        "months": 12,
    }


def test_a_deduction_of_one_and_one_half_per_cent_for_paying_within_ten_days() -> None:
    result = terms(
        "The Client may deduct one and one-half per cent (1.5%) from the amount of any invoice that "
        "it pays in full within ten (10) days of the invoice date.\n"
    )
    assert result["early_payment_discount"] == {"percent": 1.5, "days": 10}


def test_no_purchase_order_will_be_issued_and_none_need_be_cited() -> None:
    issued = terms(
        "You have confirmed that no purchase order will be issued for this Order and that none is "
        "required for our invoices to be processed.\n"
    )
    assert issued["po_required"] is False
    cited = terms(
        "Your procurement procedures do not require us to cite a purchase order number on our "
        "invoices.\n"
    )
    assert cited["po_required"] is False


def test_travel_not_charged_to_you_separately_and_retention_withheld_from_each_invoice() -> None:
    travel = terms(
        "The Lump Sum also includes all of our travel, vehicle running costs, mileage and meals; "
        "those items will not be charged to you separately.\n"
    )
    assert travel["expenses_reimbursable"] is False
    retention = terms(
        "You may withhold, as retention, five per cent (5%) of the amount of each stage invoice "
        "until the final report is accepted.\n"
    )
    assert retention["retainage_percent"] == 5
