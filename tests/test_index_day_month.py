"""Index page: a reference day without a year reads in the page's language (REVIEW4 #19)."""
from wla.report.index import _day_month


def test_a_reference_day_without_a_year_is_english_on_english_pages():
    assert _day_month("1997–2020 (reference date 30.06.)", "en") == "1997–2020 (reference date 30 Jun)"
    assert _day_month("1997–2020 (Stichtag 30.06.)", "de") == "1997–2020 (Stichtag 30.06.)"
    assert _day_month("version 1.02.03", "en") == "version 1.02.03"  # not a day and month
