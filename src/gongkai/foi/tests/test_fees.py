"""国办函〔2020〕109号, both methods, with the worked examples of the spec."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.foi.fees import (
    MAX_ALREADY_THIS_MONTH,
    MAX_LISTED_BANDS,
    MAX_QUANTITY,
    FeeError,
    fee_by_page,
    fee_by_piece,
    fee_quote,
    page_rate,
    piece_rate,
)


def test_worked_example_35_pieces_in_a_month():
    assert fee_by_piece(35).amount == 3000  # 20×100 + 5×200


def test_worked_example_250_pages():
    assert fee_by_page(250).amount == 4700  # 70×10 + 100×20 + 50×40


@pytest.mark.parametrize(
    ("pieces", "amount"),
    [(0, 0), (10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (50, 7000), (51, 7400)],
)
def test_by_piece_bands(pieces, amount):
    assert fee_by_piece(pieces).amount == amount


@pytest.mark.parametrize(("pages", "amount"), [(30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)])
def test_by_page_bands(pages, amount):
    assert fee_by_page(pages).amount == amount


def test_by_piece_counts_the_whole_calendar_month():
    # 8 pieces earlier this month, 27 now: pieces 9..35 → 2 free, 20×100, 5×200
    quote = fee_by_piece(27, already_this_month=8)
    assert quote.amount == 3000
    assert fee_by_piece(8).amount + quote.amount == fee_by_piece(35).amount
    assert "累计第9至35件" in "".join(quote.explanation)


def test_rates_rise_by_100_per_band_of_ten():
    assert [piece_rate(n) for n in (10, 11, 30, 31, 40, 41, 50, 51, 61)] == [0, 100, 100, 200, 200, 300, 300, 400, 500]


def test_one_method_only_and_no_negative_quantities():
    with pytest.raises(FeeError):
        fee_quote("both", 10)
    with pytest.raises(FeeError):
        fee_by_page(-1)
    assert fee_quote("by_page", 250).amount == 4700


@given(
    pieces=st.integers(min_value=0, max_value=400),
    already=st.integers(min_value=0, max_value=400),
)
def test_closed_form_equals_the_unit_by_unit_sum(pieces, already):
    """The O(1) amount agrees with charging every piece at its own rate, and the bands add up."""
    quote = fee_by_piece(pieces, already_this_month=already)
    assert quote.amount == sum(piece_rate(n) for n in range(already + 1, already + pieces + 1))
    assert sum(b.subtotal for b in quote.bands) == quote.amount
    assert sum(b.units for b in quote.bands) == pieces


@given(pages=st.integers(min_value=0, max_value=1000))
def test_pages_closed_form_equals_the_unit_by_unit_sum(pages):
    assert fee_by_page(pages).amount == sum(page_rate(n) for n in range(1, pages + 1))


def test_the_largest_quantity_is_quick_and_the_explanation_stays_short():
    quote = fee_by_piece(MAX_QUANTITY, already_this_month=MAX_ALREADY_THIS_MONTH)
    assert quote.amount > 0
    assert len(quote.explanation) <= MAX_LISTED_BANDS + 6
    assert any("每10件一档" in line for line in quote.explanation)
    # Additivity over the month: what came before plus this application = the month as a whole.
    first = fee_by_piece(MAX_ALREADY_THIS_MONTH).amount
    whole = sum(piece_rate(n) for n in range(1, MAX_QUANTITY + MAX_ALREADY_THIS_MONTH + 1))
    assert first + quote.amount == whole


@pytest.mark.parametrize("quantity", [MAX_QUANTITY + 1, 10**20, 2**63])
def test_quantities_past_the_documented_range_are_refused_in_chinese(quantity):
    with pytest.raises(FeeError, match="超出范围"):
        fee_quote("by_piece", quantity)
    with pytest.raises(FeeError, match="超出范围"):
        fee_quote("by_page", quantity)
    with pytest.raises(FeeError, match="超出范围"):
        fee_quote("by_piece", 1, already_this_month=quantity)


def test_the_quote_api_answers_an_absurd_quantity_at_once(client):
    response = client.get("/api/v1/foi/fees/quote", {"method": "by_piece", "quantity": str(10**20)})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
