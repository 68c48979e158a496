"""国办函〔2020〕109号, both methods, with the worked examples of the spec."""

import pytest

from gongkai.foi.fees import FeeError, fee_by_page, fee_by_piece, fee_quote, piece_rate


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
