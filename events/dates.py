"""Dates known only to the day, the month or the year.

A partial date is stored as the first day of what is known (1 October 2015 for
"October 2015") together with its precision, so it sorts and filters like any
date but is never shown more precisely than the source allows.
"""

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


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
