"""Dates known only to the day, the month or the year.

A partial date is stored as the first day of what is known (1 October 2015 for
"October 2015") together with its precision, so it sorts and filters like any
date but is never shown more precisely than the source allows.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language
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


def parse_month(value):
    """`value` ("2015-06") as the first day of a month of the archive, or None."""
    year, dash, month = str(value).strip().partition("-")
    if not (dash and month.isascii() and month.isdigit() and len(month) == 2):
        return None
    year, month = parse_year(year), int(month)
    return datetime.date(year, month, 1) if year and 1 <= month <= 12 else None


def month_range(first_day):
    """The first day of the month of `first_day` and of the next."""
    if first_day.month == 12:
        return first_day, datetime.date(first_day.year + 1, 1, 1)
    return first_day, first_day.replace(month=first_day.month + 1)


def truncate(value, precision):
    """The first day of the month or year that `value` falls in, per `precision`."""
    if value is None or precision == DatePrecision.DAY:
        return value
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value.replace(month=1, day=1)


# Languages that write a month's name in lower case within a sentence:
# Django names Russian months as a calendar's heading does ("Июнь"), and a
# citation would read "(Июнь 2016 г., Москва)". Where a date begins a line,
# the template capitalizes it (includes/event_dates.html).
LOWER_CASE_MONTHS = frozenset({"ru"})


def in_sentence(text):
    """`text`, a date with a month's name, as written within a sentence."""
    return text.lower() if get_language() in LOWER_CASE_MONTHS else text


def format_partial(value, precision):
    """'25 June 2015', 'June 2015' or '2015' ('25 июня 2015 г.', 'июнь 2015 г.')."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return in_sentence(date_format(value, "YEAR_MONTH_FORMAT"))
    return date_format(value, "DATE_FORMAT")


def format_range(start, end, precision):
    """The dates from `start` to `end`, saying a month or year they share
    once: '27–28 October 2026', '30 September – 2 October 2026',
    '30 December 2025 – 2 January 2026'; 'June–July 2016'; '2015–2016'
    (Russian likewise: '27–28 октября 2026 г.'). The shortened first date
    puts the day first, as both languages' formats do (academy/formats/)."""
    first = format_partial(start, precision)
    last = format_partial(end, precision)
    if not last or last == first:
        return first
    if precision != DatePrecision.YEAR and start.year == end.year:
        if precision == DatePrecision.MONTH:
            first = in_sentence(date_format(start, "F"))
        elif start.month == end.month:
            first = str(start.day)
        else:
            first = date_format(start, "MONTH_DAY_FORMAT")
    # The dash is spaced between dates of several words, not between two
    # numbers or names: "27–28", "June–July", but "30 September – 2 October".
    dash = " – " if " " in first else "–"
    return f"{first}{dash}{last}"


def isoformat(value, precision):
    """ISO 8601 to the known precision only: '2015', '2015-10' or '2015-10-25'."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


# Month names staff may type: English (whole or cut to three letters, and
# "sept") and Russian (as a month is named alone and as in "25 июня").
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("january", "январь", "января"),
            ("february", "февраль", "февраля"),
            ("march", "март", "марта"),
            ("april", "апрель", "апреля"),
            ("may", "май", "мая"),
            ("june", "июнь", "июня"),
            ("july", "июль", "июля"),
            ("august", "август", "августа"),
            ("september", "sept", "сентябрь", "сентября"),
            ("october", "октябрь", "октября"),
            ("november", "ноябрь", "ноября"),
            ("december", "декабрь", "декабря"),
        ),
        start=1,
    )
    for name in (*names, names[0][:3])
}
DATE_TOKENS = re.compile(r"\d+|[^\W\d_]+")
# "год" ("year") as Russian writes it after a year: "июнь 2016 г.", the way
# the admin in Russian shows a date back (format_partial).
YEAR_WORDS = frozenset({"г", "год", "года"})
# What may stand between a date's parts: "25 June 2015", "June 25, 2015",
# "2015-06-25", "25.06.2015" ("/" is left out: 06/07 reads either way).
DATE_SEPARATORS = re.compile(r"[\s.,-]*")
DATE_FORMATS = _(
    "Enter a date as 25 June 2015, June 2015, 2015, 2015-06-25, 2015-06 or 25.06.2015."
)


def _date_token_kind(token):
    """Y for a year, n for a day or month number, M for a month's name."""
    if token.isascii() and token.isdigit():
        return {4: "Y", 1: "n", 2: "n"}.get(len(token), "?")
    return "M" if token in MONTH_NAMES else "?"


def parse_partial(text):
    """(the first day of what `text` names, its precision) for a date typed
    to the day, the month or the year (DATE_FORMATS, in English or Russian);
    ValidationError if it is none of these or not a real date."""
    tokens = [
        token for token in DATE_TOKENS.findall(text.lower()) if token not in YEAR_WORDS
    ]
    if DATE_SEPARATORS.fullmatch(DATE_TOKENS.sub("", text)) is None:
        raise ValidationError(DATE_FORMATS, code="invalid")
    shape = "".join(_date_token_kind(token) for token in tokens)
    order = {
        "Y": ("Y",),
        "Yn": ("Y", "M"),
        "nY": ("M", "Y"),
        "MY": ("M", "Y"),
        "Ynn": ("Y", "M", "D"),
        "nnY": ("D", "M", "Y"),
        "nMY": ("D", "M", "Y"),
        "MnY": ("M", "D", "Y"),
    }.get(shape)
    if order is None:
        raise ValidationError(DATE_FORMATS, code="invalid")
    numbers = [MONTH_NAMES.get(token) or int(token) for token in tokens]
    known = dict(zip(order, numbers, strict=True))
    precision = {1: DatePrecision.YEAR, 2: DatePrecision.MONTH, 3: DatePrecision.DAY}
    try:
        value = datetime.date(known["Y"], known.get("M", 1), known.get("D", 1))
    except ValueError as error:
        raise ValidationError(
            _("There is no such date: %(text)s.") % {"text": text.strip()},
            code="invalid_date",
        ) from error
    validate_in_archive(value)
    return value, precision[len(order)]


def parts(value, precision):
    """The known parts of a date as numbers: [2015], [2015, 10] or [2015, 10, 25]."""
    return [int(part) for part in isoformat(value, precision).split("-")]
