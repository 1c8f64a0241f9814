"""Normalizers: money, numbers in words, durations, percentages, dates, rates, frequencies."""

from __future__ import annotations

import pytest

from service.documents.extraction import dates
from service.documents.extraction.dates import numeric_day_first, parse_date
from service.documents.extraction.durations import (
    find_discount_terms,
    find_durations,
    find_net_terms,
)
from service.documents.extraction.frequency import normalize_frequency
from service.documents.extraction.money import find_money, parse_money
from service.documents.extraction.numbers import parse_number, words_to_number
from service.documents.extraction.percentages import find_percentages
from service.documents.extraction.rates import find_rates


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("USD 1,200", 1200, "USD"),
        ("$1.2 million", 1_200_000, "USD"),
        ("one hundred thousand dollars ($100,000)", 100_000, "USD"),
        ("€500", 500, "EUR"),
        ("EUR 1.100", 1100, "EUR"),  # European thousands separator
        ("EUR 1.100,50", 1100.5, "EUR"),
        ("€2,500", 2500, "EUR"),  # three digits after a comma: thousands in either reading
        ("EUR 2,50", 2.5, "EUR"),  # two: a decimal comma
        ("There is a charge of St(pound)100 (annual fee)", 100, "GBP"),  # EDGAR's "£"
        ("a fee of (Euro)2,500 per year", 2500, "EUR"),
        ("$1,100.50", 1100.5, "USD"),
        ("£3k", 3000, "GBP"),
        ("1,000 U.S. dollars", 1000, "USD"),
        ("$ 115,250.00", 115_250, "USD"),
        ("$250,000,00", 250_000, "USD"),  # cents after a comma, a common typo
        ("fifty thousand dollars", 50_000, "USD"),
        ("EUR 250.000 (two hundred fifty thousand euros)", 250_000, "EUR"),
        ("Fee = $.305/per policy", 0.305, "USD"),  # cents without a leading zero
        ("$ .06 per draft", 0.06, "USD"),
        # thousands grouped by spaces (South Africa, France) and apostrophes (Switzerland)
        ("ZAR 1 250 000 (one million two hundred and fifty thousand rand)", 1_250_000, "ZAR"),
        ("CHF 310'000", 310_000, "CHF"),
        ("CHF 2'150.00", 2150, "CHF"),
        # dollar signs of other countries, and the rand sign before a grouped amount
        ("NZ$148,500", 148_500, "NZD"),
        ("S$1,650 per day", 1650, "SGD"),
        ("HK$12,000", 12_000, "HKD"),
        ("R36 800 per month", 36_800, "ZAR"),
        ("R 1 250 000", 1_250_000, "ZAR"),
        # Indian lakh and crore grouping, and the rupee written "Rs."
        ("Rs. 12,50,000", 1_250_000, "INR"),
        ("₹1,50,00,000 (Rupees One Crore Fifty Lakh)", 15_000_000, "INR"),
        # a code before a dollar sign names the dollar
        ("MXN $9,800,000.00", 9_800_000, "MXN"),
        ("CAD $500", 500, "CAD"),
        # reais, dirhams, Philippine pesos, and kroner written after the amount
        ("R$ 1.840.000,00", 1_840_000, "BRL"),
        ("AED 9,500", 9500, "AED"),
        ("₱25,000", 25_000, "PHP"),
        ("138 000 kr", 138_000, "SEK"),  # SEK unless the document is Danish or Norwegian
        ("1.250 kr. per hour", 1250, "SEK"),
        # space grouping with decimal cents, złoty and the euro sign after the amount
        ("PLN 2 450 000,00 (two million", 2_450_000, "PLN"),
        ("EUR 1 250,00", 1250, "EUR"),
        ("1 720,00 zł", 1720, "PLN"),
        ("1.250,00 € per day", 1250, "EUR"),
        ("Fee: 1 250 €.", 1250, "EUR"),
        # a code spaced from its amount in an aligned rate list
        ("Regulatory Specialist ...... EUR   975 per day", 975, "EUR"),
    ],
)
def test_money(text: str, amount: float, currency: str) -> None:
    money = parse_money(text)
    assert money is not None
    assert money.amount == pytest.approx(amount)
    assert money.currency == currency


def test_money_words_and_numeral_are_one_mention() -> None:
    text = "a fee of one hundred thousand dollars ($100,000) payable"
    found = find_money(text)
    assert len(found) == 1
    assert text[found[0].start : found[0].end] == "one hundred thousand dollars ($100,000)"


def test_money_ignores_plain_numbers() -> None:
    assert find_money("Section 4.2 applies to 2,000 respondents") == []


def test_a_code_opens_a_mention_in_upper_or_title_case_not_in_lowercase() -> None:
    """The first-character test is case-sensitive (a speed choice): "usd 500" is not read, as
    no document of the gold sets writes a code so; number words open in either case."""
    assert [(m.amount, m.currency) for m in find_money("USD 500, Eur 40 and CHF 7")] == [
        (500, "USD"),
        (40, "EUR"),
        (7, "CHF"),
    ]
    assert find_money("usd 500") == []
    assert [m.amount for m in find_money("One hundred dollars and fifty dollars")] == [100, 50]


def test_a_capital_r_is_the_rand_sign_only_before_a_grouped_amount() -> None:
    assert find_money("Form R 1,000 and PAR 1,000 and R2 are no money") == []
    assert [m.amount for m in find_money("a fee of R400 000 and R2,450 per hour")] == [
        400_000,
        2450,
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("one hundred thousand", 100_000),
        ("twenty-five", 25),
        ("one and one-half", 1.5),
        ("two hundred fifty thousand", 250_000),
        ("eighty-two and one-half", 82.5),
    ],
)
def test_words_to_number(text: str, value: float) -> None:
    assert words_to_number(text) == pytest.approx(value)


def test_words_to_number_rejects_non_numbers() -> None:
    assert words_to_number("hundred apples") is None
    assert words_to_number("") is None


@pytest.mark.parametrize(
    ("text", "european", "value"),
    [
        ("1,200", None, 1200),
        ("1.200", True, 1200),
        ("1,200", True, 1200),
        ("1,20", True, 1.2),
        ("1.5", None, 1.5),
        ("1.200,50", None, 1200.5),
        ("1,200.50", None, 1200.5),
        ("12,5", None, 12.5),
        ("1 1/2", None, 1.5),
        ("1.234.567", None, 1_234_567),
    ],
)
def test_parse_number_conventions(text: str, european: bool | None, value: float) -> None:
    assert parse_number(text, european=european) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "count", "unit"),
    [
        ("thirty (30) days", 30, "day"),
        ("within 45 days", 45, "day"),
        ("six (6) months", 6, "month"),
        ("Base Year (12-months)", 12, "month"),
        ("a one (1) year period", 1, "year"),
        ("the four-year anniversary", 4, "year"),
        ("ten (10) business days", 10, "day"),
    ],
)
def test_durations(text: str, count: float, unit: str) -> None:
    found = find_durations(text)
    assert found, text
    assert (found[0].count, found[0].unit) == (count, unit)


def test_duration_numeral_wins_over_words_when_they_disagree() -> None:
    assert find_durations("thirty (45) days")[0].count == 45


def test_duration_days_and_months_properties() -> None:
    assert find_durations("two (2) weeks")[0].days == 14
    assert find_durations("three (3) years")[0].months == 36
    assert find_durations("three (3) years")[0].days is None


@pytest.mark.parametrize(
    ("text", "days"), [("Net 45", 45), ("net thirty (30) days", 30), ("NET 60", 60)]
)
def test_net_terms(text: str, days: int) -> None:
    assert find_net_terms(text)[0].days == days


def test_discount_terms() -> None:
    found = find_discount_terms("Terms: 2/10 net 30.")
    assert len(found) == 1
    assert (found[0].percent, found[0].days, found[0].net_days) == (2.0, 10, 30)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.5%", 1.5),
        ("one and one half percent (1 1/2%)", 1.5),
        ("ten percent", 10),
        ("eighty-two and one-half percent (82.5%)", 82.5),
        ("2 per cent", 2),
        ("late charges of 1-1/2% per month", 1.5),  # hyphenated mixed fraction
    ],
)
def test_percentages(text: str, value: float) -> None:
    found = find_percentages(text)
    assert len(found) == 1
    assert found[0].value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("July 1, 2020", "2020-07-01"),
        ("2 June 2025", "2025-06-02"),
        ("this 31 day of July, 2000", "2000-07-31"),
        ("the 27th day of March, 2017", "2017-03-27"),
        ("made effective this 17t h day of February 2016", "2016-02-17"),  # split superscript
        ("the 1s t day of June, 2004", "2004-06-01"),
        ("March 2n d, 2019", "2019-03-02"),
        ("09/24/2018", "2018-09-24"),
        ("2025-01-31", "2025-01-31"),
        ("Sept. 3, 2024", "2024-09-03"),
    ],
)
def test_dates(text: str, iso: str) -> None:
    assert parse_date(text) == iso


def test_invalid_date_is_skipped() -> None:
    assert parse_date("February 30, 2024") is None


@pytest.mark.parametrize(
    ("text", "day_first_document", "iso"),
    [
        ("01-07-2026", False, "2026-01-07"),  # a US document reads month first
        ("01-07-2026", True, "2026-07-01"),
        ("30/06/2027", True, "2027-06-30"),
        ("01.07.2026", False, "2026-07-01"),  # dotted dates are day first everywhere
        ("13/01/2026", False, "2026-01-13"),  # reads only one way, whatever the document's order
        ("06/30/2027", True, "2027-06-30"),
        ("13/13/2026", False, None),
        ("version 1.2.2026.1", True, None),  # part of a longer number
    ],
)
def test_numeric_dates_follow_the_documents_order(
    text: str, day_first_document: bool, iso: str | None
) -> None:
    dates.DAY_FIRST[0] = day_first_document
    try:
        assert parse_date(text) == iso
    finally:
        dates.DAY_FIRST[0] = False


@pytest.mark.parametrize(
    ("text", "dollar", "day_first"),
    [
        ("Starts 01/04/2026. Fees $5,000.", "USD", False),  # US dollars read US
        ("Starts 01/04/2026. Fees $5,000 plus GST.", "AUD", True),
        ("Starts 01-04-2026. Fees € 5.000,00.", "USD", True),  # no dollar: the euro reads
        ("Starts 01-04-2026. Fees 5,000 dollars.", "USD", False),
    ],
)
def test_a_document_reads_numeric_dates_day_first(text: str, dollar: str, day_first: bool) -> None:
    assert numeric_day_first(text, dollar) is day_first


@pytest.mark.parametrize(
    ("text", "amount", "currency", "unit"),
    [
        ("$225 per hour", 225, "USD", "hour"),
        ("EUR 1.100/day", 1100, "EUR", "day"),
        ("a monthly fee of $1,000", 1000, "USD", "month"),
        ("$150/hr", 150, "USD", "hour"),
        ("an hourly rate of USD 180", 180, "USD", "hour"),
        ("$60,000 per annum", 60_000, "USD", "year"),
        ("1. $200,000 annual fee payable in 12 installments", 200_000, "USD", "year"),
        ("a $5,000 monthly retainer", 5_000, "USD", "month"),
        ("Annual Fee: $18,000", 18_000, "USD", "year"),  # fee-table labels
        ("Stock Transfer Administration (Annual Fee, payable monthly) $ 18,000.00", 18_000, "USD", "year"),
        ("Monthly Fee - $2,500", 2_500, "USD", "month"),
        ("Agent shall pay $1000/- per day for any additional days", 1_000, "USD", "day"),
        ("Cost of Training per any additional week of 5 days is US$ 40,000/-", 40_000, "USD", "week"),
        ("Fee per month: $500", 500, "USD", "month"),
        (
            "Hourly rate for intervention is $125.00 (one hundred and twenty five Dollars)",
            125,
            "USD",
            "hour",
        ),
    ],
)
def test_rates(text: str, amount: float, currency: str, unit: str) -> None:
    rates = find_rates(text)
    assert len(rates) == 1
    assert (rates[0].money.amount, rates[0].money.currency, rates[0].unit) == (
        amount,
        currency,
        unit,
    )


def test_money_without_unit_is_not_a_rate() -> None:
    assert find_rates("a total fixed fee of $240,000") == []
    assert find_rates("the $50,000 annual minimum") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("invoiced monthly in arrears", "monthly"),
        ("every two weeks", "biweekly"),
        ("bi-weekly invoices", "biweekly"),
        ("semi-monthly", "semimonthly"),
        ("on a quarterly basis", "quarterly"),
        ("once each calendar year", "annually"),
        ("on or before the first day of the month", "monthly"),
        ("upon acceptance of each milestone", "milestone"),
        ("upon Client's acceptance of each milestone", "milestone"),
        ("upon completion of the services", "completion"),
        ("payable in advance", "advance"),
        ("payable in advance at the beginning of the month", "advance"),  # first mention
        ("at the beginning of each month", "monthly"),
        ("prior to the beginning of the next annual maintenance period", "annually"),
    ],
)
def test_frequencies(text: str, value: str) -> None:
    assert normalize_frequency(text) == value


def test_number_start_lookahead_admits_every_number_word() -> None:
    """The lookahead put in front of the duration, percentage and money patterns (a speed-up)
    must admit the first letter of every number word the patterns accept, in any case."""
    import re

    from service.documents.extraction.numbers import _WORD, NUMBER_START

    words = re.sub(r"\w\?", "", _WORD).strip("(?:)").split("|")  # "fou?rty" -> "forty"
    assert len(words) >= 30
    for word in words:
        for form in (word, word.upper(), word.title()):
            assert re.match(NUMBER_START, form, re.I), form
    assert find_durations("Twenty-One (21) days")[0].count == 21
    assert find_percentages("Ten percent")[0].value == 10
    assert find_money("Fifty Thousand Dollars")[0].amount == 50_000


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$55 CAD", 55, "CAD"),  # a trailing ISO code names the currency of a "$" amount
        ("$1,200 USD", 1200, "USD"),
        ("C$40 CAD", 40, "CAD"),
    ],
)
def test_symbol_amount_with_a_trailing_code(text: str, amount: float, currency: str) -> None:
    (money,) = find_money(text)
    assert (money.amount, money.currency, money.bare_dollar) == (amount, currency, False)
    assert money.end == len(text)  # the code belongs to the mention


def test_lowercase_word_after_a_dollar_amount_is_not_a_currency_code() -> None:
    (money,) = find_money("$10 cad per unit")
    assert (money.currency, money.bare_dollar, money.end) == ("USD", True, 3)


def test_rate_after_a_trailing_code() -> None:
    (rate,) = find_rates("charged at a rate of $55 CAD per hour")
    assert (rate.money.amount, rate.money.currency, rate.unit) == (55, "CAD", "hour")


def test_ocr_capital_i_as_the_numeral_one() -> None:
    (duration,) = find_durations("shall continue in effect for one (I) year")
    assert (duration.count, duration.unit) == (1, "year")
    (percent,) = find_percentages("interest at the rate of one percent (I%) per month")
    assert percent.value == 1
    assert find_durations("for one (i) year") == []  # "(i)" is a list marker, not OCR damage


def test_plain_dollars_in_words_are_the_documents_dollars() -> None:
    (money,) = find_money("twenty-four thousand dollars ($24,000)")
    assert money.bare_dollar  # a Canadian contract reads it as CAD, like a bare "$"
    (coded,) = find_money("MXN $9,800,000.00")
    assert not coded.bare_dollar


def test_kroner_are_the_documents_kroner_and_php_is_no_currency_word() -> None:
    (money,) = find_money("850 kr.")
    assert money.bare_krona
    assert find_money("a senior PHP developer with 5 years") == []
    assert find_money("Ukraine kr and Kraft 12") == []
