"""An event's dates as pages show them (events/dates.py): a month or a year
that both ends share is said once, in English and in Russian, and a date
known only to the month or the year is never shown more precisely."""

import datetime

import pytest
from django.utils import translation

from events.dates import DatePrecision, format_range

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "precision", "english", "russian"),
    [
        (D(2026, 10, 27), None, DAY, "27 October 2026", "27 октября 2026 г."),
        (
            D(2026, 10, 27),
            D(2026, 10, 27),
            DAY,
            "27 October 2026",
            "27 октября 2026 г.",
        ),
        (
            D(2026, 10, 27),
            D(2026, 10, 28),
            DAY,
            "27–28 October 2026",
            "27–28 октября 2026 г.",
        ),
        (
            D(2026, 9, 30),
            D(2026, 10, 2),
            DAY,
            "30 September – 2 October 2026",
            "30 сентября – 2 октября 2026 г.",
        ),
        (
            D(2025, 12, 30),
            D(2026, 1, 2),
            DAY,
            "30 December 2025 – 2 January 2026",
            "30 декабря 2025 г. – 2 января 2026 г.",
        ),
        (D(2016, 6, 1), None, MONTH, "June 2016", "июнь 2016 г."),
        (D(2016, 6, 1), D(2016, 7, 1), MONTH, "June–July 2016", "июнь–июль 2016 г."),
        (
            D(2015, 12, 1),
            D(2016, 1, 1),
            MONTH,
            "December 2015 – January 2016",
            "декабрь 2015 г. – январь 2016 г.",
        ),
        (D(2015, 1, 1), D(2015, 1, 1), YEAR, "2015", "2015"),
        (D(2015, 1, 1), D(2016, 1, 1), YEAR, "2015–2016", "2015–2016"),
    ],
)
def test_format_range_says_a_shared_month_and_year_once(
    start, end, precision, english, russian
):
    with translation.override("en"):
        shown_in_english = format_range(start, end, precision)
    with translation.override("ru"):
        shown_in_russian = format_range(start, end, precision)

    assert (shown_in_english, shown_in_russian) == (english, russian)
