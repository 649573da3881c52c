"""Dates known only to the day, the month or the year.

A partial date is stored as the first day of what is known (1 October 2015 for
"October 2015") together with its precision, so it sorts and filters like any
date but is never shown more precisely than the source allows.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# The years the archive holds: every date staff enter and every year a filter
# takes lies within them (README, "The data model").
FIRST_YEAR = 1900
LAST_YEAR = 2100


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def validate_in_archive(value):
    """A date within the archive's years; a typo such as 9999 is refused."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date from %(first)d to %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="outside_archive",
        )


def parse_year(value):
    """`value` as a year of the archive, or None: ASCII digits only ("²" is a
    digit to str.isdigit() but not to int())."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def year_range(year):
    """The first day of `year` and of the next, for a filter on an index."""
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


def truncate(value, precision):
    """The first day of the month or year that `value` falls in, per `precision`."""
    if value is None or precision == DatePrecision.DAY:
        return value
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value.replace(month=1, day=1)


def format_partial(value, precision):
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


def format_range(start, end, precision):
    """'25 June 2015', or '25 June 2015 – 27 June 2015' when the event spans days."""
    first = format_partial(start, precision)
    last = format_partial(end, precision)
    if not last or last == first:
        return first
    return f"{first} – {last}"


def isoformat(value, precision):
    """ISO 8601 to the known precision only: '2015', '2015-10' or '2015-10-25'."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def parts(value, precision):
    """The known parts of a date as numbers: [2015], [2015, 10] or [2015, 10, 25]."""
    return [int(part) for part in isoformat(value, precision).split("-")]
