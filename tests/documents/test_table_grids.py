"""Rate cards and payment milestones printed as tables, restated rates, the Australian dollar.

Each case is a layout a written SOW of blind batch 14 used and the extractor missed at first
contact; the texts here are written for the tests.
"""

from __future__ import annotations

from service.documents.extraction.resolvers.rate_grids import rate_grids
from tests.documents.billing_terms import terms


def rates(text: str) -> list[tuple[str | None, float, str, str]]:
    found = terms(text)["rates"] or []
    return [(r["role"], r["amount"], r["currency"], r["unit"]) for r in found]


def test_pipe_table_with_a_sentence_case_header_and_whole_amounts() -> None:
    text = (
        "9.4 Rate card (exclusive of VAT):\n\n"
        "| Role                       | Day rate |\n"
        "|----------------------------|----------|\n"
        "| Content Strategist         | £780     |\n"
        "| Senior Copywriter          | £620     |\n\n"
        "Additional Services are charged on a time and materials basis.\n"
    )
    assert rates(text) == [
        ("Content Strategist", 780, "GBP", "day"),
        ("Senior Copywriter", 620, "GBP", "day"),
    ]


def test_space_aligned_table_takes_its_currency_from_the_header() -> None:
    text = (
        "We charge for time at the following rates:\n\n"
        "  Role                       Hourly rate (USD)\n"
        "  -------------------------  -----------------\n"
        "  Partner                    725\n"
        "  Analyst                    210\n\n"
        "Rates are fixed for the Programme Term.\n"
    )
    assert rates(text) == [("Partner", 725, "USD", "hour"), ("Analyst", 210, "USD", "hour")]


def test_two_rate_columns_in_european_amounts_with_the_currency_named_above() -> None:
    text = (
        "Additional Services are charged on a time and material basis. Rates in euros,\n"
        "net of VAT.\n\n"
        "Role                       | per hour | per day (8 h)\n"
        "---------------------------+----------+--------------\n"
        "Support Engineer           |   118,00 |      944,00\n"
        "Senior Developer           |   142,00 |    1.136,00\n"
    )
    assert rates(text) == [
        ("Support Engineer", 118, "EUR", "hour"),
        ("Support Engineer", 944, "EUR", "day"),
        ("Senior Developer", 142, "EUR", "hour"),
        ("Senior Developer", 1136, "EUR", "day"),
    ]


def test_estimate_columns_beside_the_rate_are_not_rates() -> None:
    text = (
        "Part 1 - Hourly rates and estimated effort (all amounts in U.S. Dollars)\n\n"
        "  Role                    Hourly Rate    Est. Hours    Estimated Fees\n"
        "  --------------------    -----------    ----------    --------------\n"
        "  Engagement Partner          $365.00           180        $65,700.00\n"
        "  Program Manager             $255.00         1,480       $377,400.00\n"
        "  --------------------    -----------    ----------    --------------\n"
        "  Total (estimate only)                     1,660       $443,100.00\n"
    )
    assert rates(text) == [
        ("Engagement Partner", 365, "USD", "hour"),
        ("Program Manager", 255, "USD", "hour"),
    ]


def test_a_table_without_any_currency_is_not_read() -> None:
    text = "Role            Hourly rate\nConsultant      150\nAnalyst         90\n"
    assert rate_grids(text) == []


def test_a_rate_restated_without_its_role_is_one_rate() -> None:
    text = (
        "| Retainer Fee | GBP 6,500.00 per calendar month, exclusive of VAT |\n\n"
        "The Client shall pay a fixed monthly fee of £6,500 per month (the Retainer Fee).\n"
    )
    found = rates(text)
    assert [r[1:] for r in found] == [(6500, "GBP", "month")]


def test_bare_dollars_of_an_australian_contract_are_aud() -> None:
    result = terms(
        "Southerly Data Pty Ltd (ABN 12 345 678 901), Sydney, New South Wales. The Discovery Fee "
        "is $84,000 plus GST, payable within thirty (30) days of a valid tax invoice."
    )
    assert result["currency"] == "AUD"


def test_milestone_table_with_a_wrapped_name_a_two_line_header_and_a_total() -> None:
    text = (
        "The Discovery Fee is payable in two Payment Milestones:\n\n"
        "+------+------------------------------------+--------+------------------+\n"
        "| Ref  | Payment Milestone                  | % of   | Amount           |\n"
        "|      |                                    | Fee    | (AUD, excl. GST) |\n"
        "+------+------------------------------------+--------+------------------+\n"
        "| PM1  | Acceptance of D1 - Discovery       |   30%  |       25,200.00  |\n"
        "|      | Kick-off Workshop                  |        |                  |\n"
        "| PM2  | Acceptance of the Discovery Report |   70%  |       58,800.00  |\n"
        "+------+------------------------------------+--------+------------------+\n"
        "|      | Discovery Fee                      |  100%  |       84,000.00  |\n"
        "+------+------------------------------------+--------+------------------+\n\n"
        "Retention of 5% applies to the Build Fees.\n"
    )
    milestones = terms(text)["milestones"]
    assert milestones == [
        {"name": "Acceptance of D1 - Discovery Kick-off Workshop", "amount": 25200, "percent": 30},
        {"name": "Acceptance of the Discovery Report", "amount": 58800, "percent": 70},
    ]


def test_instalments_by_payment_event() -> None:
    text = (
        "8.1 Transition Fee. You will pay a one-off fixed fee of $46,000, payable in two "
        "instalments:\n\n"
        "| Instalment | Payment event                          | % of Transition Fee | Amount  |\n"
        "|------------|----------------------------------------|---------------------|---------|\n"
        "| 1          | Your written approval of the Plan      | 40%                 | $18,400 |\n"
        "| 2          | Steady State Acceptance (section 6)    | 60%                 | $27,600 |\n\n"
        "We will invoice each instalment when its payment event occurs.\n"
    )
    result = terms(text)
    assert [(m["amount"], m["percent"]) for m in result["milestones"]] == [(18400, 40), (27600, 60)]
    assert "milestone" in result["billing_models"]


def test_milestone_table_whose_amount_column_is_headed_by_its_currency() -> None:
    text = (
        "9.2  Milestone Payments. The Fixed Fee is payable as follows:\n\n"
        "     | Milestone                  | Achieved when               | % of Fixed Fee | NZD (excl. GST) |\n"
        "     |----------------------------|-----------------------------|----------------|-----------------|\n"
        "     | M1 - Project Initiation    | D1 accepted and D2 approved | 30%            |       44,550.00 |\n"
        "     | M2 - Fieldwork Complete    | D3 delivered to Client      | 70%            |      103,950.00 |\n"
        "     | Total                      |                             | 100%           |      148,500.00 |\n"
    )
    milestones = terms(text)["milestones"]
    assert [(m["amount"], m["percent"]) for m in milestones] == [(44550, 30), (103950, 70)]


def test_space_aligned_instalments_with_wrapped_cells_and_rand_amounts() -> None:
    text = (
        "10.3  The Professional Fee shall be paid in three instalments:\n\n"
        "      Instalment           Trigger event                          Portion      Amount (excl. VAT)\n"
        "      ------------------   ------------------------------------   ----------   ------------------\n"
        "      First Instalment     Signature of this Schedule by both     40% of the   R400 000\n"
        "                           parties                                Estimated\n"
        "                                                                  Fee\n"
        "      Second Instalment    Presentation of the Shortlist Report   30% of the   R300 000\n"
        "                                                                  Estimated\n\n"
        "10.4  The Consultant shall issue a valid tax invoice for each Instalment on or after the "
        "occurrence of its trigger event.\n"
    )
    result = terms(text)
    assert [(m["amount"], m["percent"]) for m in result["milestones"]] == [(400000, 40), (300000, 30)]
    assert result["invoice_frequency"] == "milestone"


def test_rate_table_with_a_plain_rate_column_and_a_basis_column_in_lakhs() -> None:
    text = (
        "All amounts in Indian Rupees, exclusive of GST.\n\n"
        "    | Item                                   | Rate (INR)  | Basis                    |\n"
        "    +----------------------------------------+-------------+--------------------------+\n"
        "    | Analytics Pod                          | 12,50,000   | per month (Retainer Fee) |\n"
        "    | Additional Data Scientist              | 2,60,000    | per month, min. 3 months |\n"
        "    | Blended rate for out-of-scope work     | 5,500       | per person-hour          |\n"
    )
    assert rates(text) == [
        ("Analytics Pod", 1250000, "INR", "month"),
        ("Additional Data Scientist", 260000, "INR", "month"),
        ("Blended rate for out-of-scope work", 5500, "INR", "hour"),
    ]


def test_person_month_prices_with_wrapped_rows_and_a_role_column_after_a_reference() -> None:
    text = (
        "| # | Role              | Engineer(s)      | Monthly Unit Price | Estimated amount |\n"
        "|---|-------------------|------------------|--------------------|------------------|\n"
        "| 1 | Project Lead      | D. Morimoto      |   ¥1,150,000       |    ¥6,900,000    |\n"
        "| 2 | Senior Engineer   | A. Fujisawa,     |     ¥880,000       |   ¥10,560,000    |\n"
        "|   |                   | S. Kuribayashi   |                    |                  |\n"
        "| 3 | Test Engineer     | M. Hasegawa      |     ¥610,000       |    ¥2,440,000    |\n"
    )
    assert rates(text) == [
        ("Project Lead", 1150000, "JPY", "month"),
        ("Senior Engineer", 880000, "JPY", "month"),
        ("Test Engineer", 610000, "JPY", "month"),
    ]


def test_a_bare_dollar_under_a_header_that_names_pesos() -> None:
    text = (
        "All rates are in Mexican pesos per hour of approved work, before IVA. Invoices in USD "
        "are not accepted.\n\n"
        "| Ref | Role                          | Level | Hourly rate (MXN)  |\n"
        "|-----|-------------------------------|-------|--------------------|\n"
        "| R1  | Technical Lead                | L5    |         $1,380.00  |\n"
        "| R2  | Senior Backend Developer      | L4    |         $1,120.00  |\n"
    )
    assert rates(text) == [
        ("Technical Lead", 1380, "MXN", "hour"),
        ("Senior Backend Developer", 1120, "MXN", "hour"),
    ]


def test_payment_matrix_whose_columns_are_the_instalments() -> None:
    text = (
        "     Table 9.1 - Audit Fees and Instalments (CAD, exclusive of Taxes)\n\n"
        "     | Audit | Audit Fee    | Instalment 1 - Kick-off (40%) | Instalment 2 - Report (60%) |\n"
        "     |-------|--------------|-------------------------------|-----------------------------|\n"
        "     | A-1   | $21,500.00   | $8,600.00                     | $12,900.00                  |\n"
        "     | A-2   | $26,000.00   | $10,400.00                    | $15,600.00                  |\n"
        "     | Total | $47,500.00   | $19,000.00                    | $28,500.00                  |\n"
    )
    milestones = terms(text)["milestones"]
    assert [(m["name"], m["amount"], m["percent"]) for m in milestones] == [
        ("A-1 Instalment 1 - Kick-off", 8600, 40),
        ("A-1 Instalment 2 - Report", 12900, 60),
        ("A-2 Instalment 1 - Kick-off", 10400, 40),
        ("A-2 Instalment 2 - Report", 15600, 60),
    ]


def test_rate_column_headed_rate_in_reais_per_hour() -> None:
    text = (
        "  | Profile                 | Applies to        | Rate (R$ per hour) |\n"
        "  |-------------------------|-------------------|--------------------|\n"
        "  | Junior Developer        | Enhancements      | 128,00             |\n"
        "  | Senior Developer        | Enhancements      | 235,00             |\n"
    )
    assert rates(text) == [
        ("Junior Developer", 128, "BRL", "hour"),
        ("Senior Developer", 235, "BRL", "hour"),
    ]


def test_milestone_table_numbered_by_stage_and_named_by_its_trigger() -> None:
    text = (
        "| Stage | Payment trigger                                   | % of Fees | Stage Payment |\n"
        "|-------|---------------------------------------------------|-----------|---------------|\n"
        "| 1     | Acceptance Certificate - Mobilise and Design      |    20%    |    37,280.00  |\n"
        "| 2     | Acceptance Certificate - Build and Configure      |    80%    |   149,120.00  |\n"
        "|       | TOTAL                                             |   100%    |   186,400.00  |\n"
    )
    milestones = terms(text)["milestones"]
    assert [(m["name"], m["amount"], m["percent"]) for m in milestones] == [
        ("Acceptance Certificate - Mobilise and Design", 37280, 20),
        ("Acceptance Certificate - Build and Configure", 149120, 80),
    ]


def test_milestone_table_whose_other_cells_wrap_and_whose_share_column_carries_the_sign() -> None:
    # the share cells are bare numbers under "% of Fee"; a deliverables cell wraps onto a
    # continuation row whose name cell is empty
    text = (
        "| No. | Milestone                  | Deliverables                  | % of Fee | Amount (CAD) |\n"
        "|-----|----------------------------|-------------------------------|----------|--------------|\n"
        "| M1  | Blueprint Accepted         | Blueprint; outcomes mapped to |   15.0   | $22,290.00   |\n"
        "|     |                            | every need-to-know item       |          |              |\n"
        "| M2  | Final Acceptance           | Pilot and LMS deployment      |   85.0   | $126,310.00  |\n"
        "|     | TOTAL                      |                               |  100.0   | $148,600.00  |\n"
    )
    milestones = terms(text)["milestones"]
    assert [(m["name"], m["amount"], m["percent"]) for m in milestones] == [
        ("Blueprint Accepted", 22290, 15),
        ("Final Acceptance", 126310, 85),
    ]


def test_a_rate_card_in_zloty_and_a_per_diem_allowance_that_is_no_rate() -> None:
    text = (
        "Travel is reimbursed at actual cost plus per diem allowances in the amount applicable "
        "under the Regulation of the Minister of Labour of 29 January 2013 (currently 45,00 zł "
        "per day).\n\n"
        "All rates are net of VAT, in PLN, per Man-Day (8 hours).\n\n"
        "| No. | Role                  | Seniority | Daily Rate (net)  |\n"
        "|-----|-----------------------|-----------|-------------------|\n"
        "|  1  | Tech Lead (Java)      | Senior    |       1 720,00 zł |\n"
        "|  2  | Scrum Master          | Senior    |       1 350,00 zł |\n"
    )
    rates = terms(text)["rates"]
    assert [(r["amount"], r["currency"], r["unit"]) for r in rates] == [
        (1720, "PLN", "day"),
        (1350, "PLN", "day"),
    ]


def test_space_aligned_milestones_under_a_two_line_header_numbered_by_row() -> None:
    text = (
        "  Milestone  Description                        % of Firm  Milestone     Holdback    Net\n"
        "  No.                                           Price      Amount (CAD)  (10%)       Payable\n"
        "  ---------  ---------------------------------  ---------  ------------  ----------  -----------\n"
        "  1          Acceptance of Deliverable 1 -        40%       $74,560.00   $7,456.00   $67,104.00\n"
        "             Evaluation Work Plan\n"
        "  2          Acceptance of Deliverable 2 -        60%      $111,840.00  $11,184.00  $100,656.00\n"
        "             Final Evaluation Report\n"
        "  ---------  ---------------------------------  ---------  ------------  ----------  -----------\n"
        "  TOTAL                                          100%      $186,400.00  $18,640.00  $167,760.00\n"
    )
    milestones = terms(text)["milestones"]
    assert [(m["name"], m["amount"], m["percent"]) for m in milestones] == [
        ("1 Acceptance of Deliverable 1 -", 74560, 40),
        ("2 Acceptance of Deliverable 2 -", 111840, 60),
    ]


def test_milestone_rows_whose_share_and_amount_sit_on_their_last_wrapped_line() -> None:
    text = (
        "| No. | Milestone                  | Trigger                            | %    | Amount (EUR, net) |\n"
        "|-----|----------------------------|------------------------------------|------|-------------------|\n"
        "| M0  | Mobilisation               | Countersignature of this Offer     | 15%  |       27 960,00   |\n"
        "| M1  | Solution Design Acceptance | Acceptance Certificate for the     |      |                   |\n"
        "|     |                            | Solution Design document           | 85%  |      158 440,00   |\n"
        "|-----|----------------------------|------------------------------------|------|-------------------|\n"
        "|     | Total                      |                                    | 100% |      186 400,00   |\n"
    )
    milestones = terms(text)["milestones"]
    assert [(m["name"], m["amount"], m["percent"]) for m in milestones] == [
        ("Mobilisation", 27960, 15),
        ("Solution Design Acceptance", 158440, 85),
    ]


def test_a_firm_price_and_per_diem_rates_of_a_federal_contract() -> None:
    text = (
        "Basis of Payment:       Firm price, payable on accepted milestones\n\n"
        "B.1 For the Work, the Contractor will be paid a total firm price of $186,400.00, "
        "Applicable Taxes extra.\n\n"
        "B.4 For additional work by contract amendment the price will be negotiated using these "
        "rates (all amounts in Canadian dollars):\n\n"
        "       Resource                          Firm Per Diem Rate (CAD)\n"
        "       --------------------------------  ------------------------\n"
        "       Evaluation Lead                   $1,240.00\n"
        "       Evaluation Analyst                  $745.00\n"
    )
    result = terms(text)
    assert result["contract_value"] == {"amount": 186400, "currency": "CAD"}
    assert "fixed_fee" in result["billing_models"]
    assert [(r["amount"], r["currency"], r["unit"]) for r in result["rates"]] == [
        (1240, "CAD", "day"),
        (745, "CAD", "day"),
    ]


def test_monthly_fee_tiers_and_yearly_subscription_fees_are_rates_without_the_subtotal() -> None:
    text = (
        "| Tier            | Monthly Fee | Monthly transaction volume |\n"
        "|-----------------|-------------|----------------------------|\n"
        "| Essentials      | $2,850.00   | up to 150                  |\n"
        "| Growth          | $4,600.00   | up to 400                  |\n\n"
        "  Subscription Year   Period                      Annual Subscription Fee\n"
        "  -----------------   -------------------------   -----------------------\n"
        "  Year 1              01/01/2026 - 12/31/2026     $166,500.00\n"
        "  Year 2              01/01/2027 - 12/31/2027     $176,490.00\n"
        "                                                  -----------------------\n"
        "  Subscription Subtotal (Initial Term)            $342,990.00\n"
    )
    result = terms(text)
    assert [(r["role"], r["amount"], r["unit"]) for r in result["rates"]] == [
        ("Essentials", 2850, "month"),
        ("Growth", 4600, "month"),
        ("Year 1", 166500, "year"),
        ("Year 2", 176490, "year"),
    ]
    theirs = terms(
        "We bill our work at $160 per hour. Your own software subscriptions (QuickBooks Online, "
        "Bill.com) remain in your name and are paid directly by you."
    )
    assert theirs["billing_models"] == ["time_and_materials"]


def test_an_estimate_table_restating_the_rate_card_adds_no_rates() -> None:
    text = (
        "5.1 Our fees are charged on a time and materials basis at the following day rates:\n\n"
        "    | Role                        | Name          | Day rate (ex VAT) |\n"
        "    |-----------------------------|---------------|-------------------|\n"
        "    | Performance Test Architect  | Dónal Creedon |           €950.00 |\n"
        "    | Performance Engineer        | Kevin Barry   |           €640.00 |\n\n"
        "6.1 Our estimate of the effort:\n\n"
        "    | Role                        | Est. days | Day rate | Estimated fees |\n"
        "    |-----------------------------|-----------|----------|----------------|\n"
        "    | Performance Test Architect  |        18 |  €950.00 |     €17,100.00 |\n"
        "    | Performance Engineer        |        50 |  €640.00 |     €32,000.00 |\n"
    )
    rates = terms(text)["rates"]
    assert [(r["role"], r["amount"]) for r in rates] == [
        ("Performance Test Architect", 950),
        ("Performance Engineer", 640),
    ]


def test_a_one_pipe_rate_card_in_euros_after_the_amount() -> None:
    text = (
        "All rates in EUR, net, plus statutory VAT.\n\n"
        "  Role                                   | Hourly rate (Business Hours)\n"
        "  ---------------------------------------|-----------------------------\n"
        "  Incident Responder                     |   235,00 EUR\n"
        "  Lead Incident Manager                  |   330,00 EUR\n"
    )
    rates = terms(text)["rates"]
    assert [(r["role"], r["amount"], r["currency"], r["unit"]) for r in rates] == [
        ("Incident Responder", 235, "EUR", "hour"),
        ("Lead Incident Manager", 330, "EUR", "hour"),
    ]


def test_fte_rates_per_month_in_rupees_with_a_wrapped_role() -> None:
    text = (
        "  Sr.  Role                                         FTE Rate (₹ per FTE per month)\n"
        "  ---  -------------------------------------------  ------------------------------\n"
        "  1    Customer Service Associate - Voice (English)                          52,000\n"
        "  2    Customer Service Associate - Voice (Regional:                         56,500\n"
        "       Marathi / Kannada / Tamil)\n"
        "  3    Team Leader                                                           88,000\n"
    )
    rates = terms(text)["rates"]
    assert [(r["amount"], r["currency"], r["unit"]) for r in rates] == [
        (52000, "INR", "month"),
        (56500, "INR", "month"),
        (88000, "INR", "month"),
    ]


def test_a_cad_technician_is_no_canadian_dollar() -> None:
    text = (
        "Additional services are billed at $245.00 per hour for a Principal and $112.00 per hour "
        "for a BIM / CAD Technician."
    )
    assert terms(text)["currency"] == "USD"


def test_rate_cells_that_carry_their_unit_under_a_plain_rate_header() -> None:
    text = (
        "  Service                                      | Rate (NZ$, excl GST)\n"
        "  ---------------------------------------------+----------------------\n"
        "  Support engineer - Business Hours            | 185.00 per hour\n"
        "  Senior developer / architect (any time)      | 230.00 per hour\n"
    )
    rates = terms(text)["rates"]
    assert [(r["amount"], r["currency"], r["unit"]) for r in rates] == [
        (185, "NZD", "hour"),
        (230, "NZD", "hour"),
    ]


def test_deliverable_prices_beside_a_withholding_column() -> None:
    text = (
        "| No.  | Deliverable                        | Deliverable Price | 10% Withhold  | Net Payable |\n"
        "|------|------------------------------------|-------------------|---------------|-------------|\n"
        "| D1   | Project Management Plan and        | $64,000.00        | $6,400.00     | $57,600.00  |\n"
        "|      | Integrated Schedule                |                   |               |             |\n"
        "| D2   | System Design Document             | $168,000.00       | $16,800.00    | $151,200.00 |\n"
    )
    milestones = terms(text)["milestones"]
    assert [(m["amount"], m["percent"]) for m in milestones] == [(64000, None), (168000, None)]
    # a header naming the tax basis of its amounts is still the amount column
    text = (
        "  Instalment | Payment event              | % of Fixed Fee | Amount (excl. VAT)\n"
        "  1          | Commencement of fieldwork  | 50%            | R243 000,00\n"
        "  2          | Issue of the final report  | 50%            | R243 000,00\n"
    )
    milestones = terms(text)["milestones"]
    assert [(m["amount"], m["percent"]) for m in milestones] == [(243000, 50), (243000, 50)]


def test_milestones_under_a_pipe_header_whose_second_line_opens_empty() -> None:
    text = (
        " No. | Milestone                       | Target date | % of Fixed | Amount\n"
        "     |                                 |             | Price      |\n"
        "-----+---------------------------------+-------------+------------+--------------\n"
        " M1  | Project Initiation              | 13-03-2026  |    40%     | € 27.960,00\n"
        " M2  | Go-Live                         | 07-09-2026  |    60%     | € 41.940,00\n"
    )
    milestones = terms(text)["milestones"]
    assert [(m["amount"], m["percent"]) for m in milestones] == [(27960, 40), (41940, 60)]


def test_instalments_named_by_when_they_are_invoiced() -> None:
    text = (
        "We invoice the Program Fee in two instalments:\n\n"
        "  Instalment                    When invoiced               % of     Amount\n"
        "                                                            fee      (excl. GST)\n"
        "  -----------------------------------------------------------------------------\n"
        "  Deposit (on acceptance)       On your signed acceptance   40%       $59,440.00\n"
        "                                of this letter\n"
        "  Balance (on Delivery)         On completion of Delivery   60%       $89,160.00\n"
        "  -----------------------------------------------------------------------------\n"
        "  Total                                                     100%     $148,600.00\n"
    )
    milestones = terms(text)["milestones"]
    assert [(m["amount"], m["percent"]) for m in milestones] == [(59440, 40), (89160, 60)]


def test_a_charges_table_with_a_basis_column_and_a_monthly_m_and_o_fee_column() -> None:
    text = (
        "B1. Charges (all amounts in Singapore dollars and exclusive of GST)\n\n"
        "    +----+----------------------------+------------------------------+----------------------+\n"
        "    | #  | Charge                     | Basis                        | Amount (S$)          |\n"
        "    +----+----------------------------+------------------------------+----------------------+\n"
        "    | 1  | Transition Fee             | One-time, fixed, payable in  |            24,000.00 |\n"
        "    |    |                            | two instalments (see B2)     |                      |\n"
        "    +----+----------------------------+------------------------------+----------------------+\n"
        "    | 2  | Monthly Desk Charge        | Fixed, per calendar month of |  38,500.00 per month |\n"
        "    |    |                            | the Operational Period       |                      |\n"
        "    +----+----------------------------+------------------------------+----------------------+\n\n"
        "  | Period                              | Monthly M&O Fee | Months | Period Total  |\n"
        "  |-------------------------------------|-----------------|--------|---------------|\n"
        "  | Year 1: 07/01/2026 - 06/30/2027     | $18,450.00      | 12     | $221,400.00   |\n"
    )
    rates = terms(text)["rates"]
    assert [(r["role"], r["amount"], r["currency"], r["unit"]) for r in rates] == [
        ("Monthly Desk Charge", 38500, "SGD", "month"),
        ("Year 1: 07/01/2026 - 06/30/2027", 18450, "SGD", "month"),  # bare "$" of a Singapore text
    ]


def test_the_printed_total_of_a_milestone_table_is_the_contract_value() -> None:
    text = (
        "We invoice the Program Fee in two instalments:\n\n"
        "  Instalment                    When invoiced               % of     Amount\n"
        "                                                            fee      (excl. GST)\n"
        "  -----------------------------------------------------------------------------\n"
        "  Deposit (on acceptance)       On your signed acceptance   40%       $59,440.00\n"
        "  Balance (on Delivery)         On completion of Delivery   60%       $89,160.00\n"
        "  -----------------------------------------------------------------------------\n"
        "  Total                                                     100%     $148,600.00\n"
    )
    result = terms(text)
    assert result["contract_value"] == {"amount": 148600, "currency": "USD"}
    assert "fixed_fee" in result["billing_models"]


def test_an_item_unit_amount_table_and_a_unit_named_in_the_role() -> None:
    text = (
        "  Item                                                   | Unit        | Amount (USD)\n"
        "  -------------------------------------------------------+-------------+-------------\n"
        "  Monthly Retainer Fee (includes 40 Included Hours)      | per month   |     6,400.00\n"
        "  Additional Hours - during support desk hours           | per hour    |        48.00\n\n"
        "   Service                                           | Rate\n"
        "   --------------------------------------------------|----------------\n"
        "   Additional DPO Services (per Day)                 | €1,050.00\n"
    )
    rates = terms(text)["rates"]
    assert [(r["amount"], r["currency"], r["unit"]) for r in rates] == [
        (6400, "USD", "month"),
        (48, "USD", "hour"),
        (1050, "EUR", "day"),
    ]


def test_invoicing_points_by_share_of_the_fee() -> None:
    text = (
        "B2. Invoicing points\n\n"
        "    Invoicing point                         % of fee    VR1          VR2\n"
        "    --------------------------------------  ---------   ----------   ----------\n"
        "    On commencement of the Vendor Review       50%      £8,400.00    £7,125.00\n"
        "    On issue of the Final Report               50%      £8,400.00    £7,125.00\n"
    )
    milestones = terms(text)["milestones"]
    assert [(m["name"], m["percent"]) for m in milestones] == [
        ("On commencement of the Vendor Review", 50),
        ("On issue of the Final Report", 50),
    ]


def test_rate_headers_over_two_and_three_lines_with_full_day_and_overtime_columns() -> None:
    text = (
        "| Service (per interpreter)                          | Half day  | Full day   | Overtime,  |\n"
        "|                                                    |           |            | per hour   |\n"
        "|----------------------------------------------------|-----------|------------|------------|\n"
        "| Consecutive interpretation - Spanish <> English    | $425.00   | $780.00    | $120.00    |\n\n"
        " +---------------------+--------------+----------------+------------------+\n"
        " | Subscription Tier   | Named Users  | Included       | Monthly          |\n"
        " |                     |              | Analyst Hours  | Subscription Fee |\n"
        " |                     |              | per month      | (SGD, excl. GST) |\n"
        " +---------------------+--------------+----------------+------------------+\n"
        " | Tier 1 - Essentials | 1 to 25      | 10             |     6,800.00     |\n"
        " +---------------------+--------------+----------------+------------------+\n"
    )
    rates = terms(text)["rates"]
    assert sorted((r["amount"], r["unit"]) for r in rates) == [
        (120, "hour"),
        (780, "day"),
        (6800, "month"),
    ]
