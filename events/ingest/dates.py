"""Dates written in English or Russian prose, with what they say of precision.

"25 June 2015", "June 25, 2015", "On June 25", "in November of 2012",
"25 июня 2015 года", "в ноябре 2012 года", "в октябре": a day and a month
give a day; a month alone, a month; a year alone ("в 2016 году"), a year. A
date without a year takes the year of the article's dateline. Relative dates
("30 months ago", "next week") are not read.
"""

import datetime
import re
from dataclasses import dataclass

from events.dates import DatePrecision

ENGLISH_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
RUSSIAN_MONTHS = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
]

ENGLISH_MONTH = r"(?P<month>" + "|".join(m.capitalize() for m in ENGLISH_MONTHS) + ")"
RUSSIAN_MONTH = (
    r"(?P<month>(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)[ьяе]"
    r"|март[ае]?|август[ае]?|ма[йяе])"
)
DAY = r"(?P<day>[0-3]?\d)"
YEAR = r"(?P<year>(?:19|20)\d\d)"

PATTERNS = (
    # 25 June 2015; 25 June; 25 июня 2015 года
    re.compile(rf"\b{DAY}(?:st|nd|rd|th)?\s+{ENGLISH_MONTH}(?:,?\s+{YEAR})?\b"),
    re.compile(rf"\b{DAY}\s+{RUSSIAN_MONTH}(?:\s+{YEAR}(?:\s*(?:года|г\.))?)?"),
    # June 25, 2015; June 25
    re.compile(rf"\b{ENGLISH_MONTH}\s+{DAY}(?:st|nd|rd|th)?\b(?:,?\s+{YEAR})?"),
    # November 2012; in November of 2012; in October; в ноябре 2012 года
    re.compile(rf"\b(?:in\s+)?{ENGLISH_MONTH}(?:\s+(?:of\s+)?{YEAR})?\b"),
    re.compile(
        rf"(?<![а-яё])(?:в\s+)?{RUSSIAN_MONTH}(?![а-яё])(?:\s+{YEAR}(?:\s*(?:года|г\.))?)?",
        re.IGNORECASE,
    ),
    # в 2016 году; in 2016
    re.compile(rf"\b(?:in|в)\s+{YEAR}(?:\s*(?:году|г\.))?"),
)


@dataclass(frozen=True)
class DateMention:
    start: int
    stop: int
    year: int | None
    month: int | None
    day: int | None

    @property
    def precision(self):
        if self.day:
            return DatePrecision.DAY
        return DatePrecision.MONTH if self.month else DatePrecision.YEAR

    def as_date(self, year=None):
        """The first day of what it says, the year taken from `year` if it
        names none; None when no year is known at all."""
        year = self.year or year
        if not year:
            return None
        try:
            return datetime.date(year, self.month or 1, self.day or 1)
        except ValueError:
            return None


def month_number(word):
    word = word.lower()
    for number, name in enumerate(ENGLISH_MONTHS, 1):
        if word == name:
            return number
    for number, stem in enumerate(RUSSIAN_MONTHS, 1):
        if word.startswith(stem) and (stem != "ма" or len(word) == 3):
            return number
    return None


def find_dates(text, start=0, stop=None):
    """The dates in text[start:stop], left to right, none inside another."""
    stop = len(text) if stop is None else stop
    found = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text, start, stop):
            if any(m.start <= match.start() < m.stop for m in found):
                continue
            groups = match.groupdict()
            month = month_number(groups["month"]) if groups.get("month") else None
            if (
                groups.get("month")
                and groups["month"] == "May"
                and not (groups.get("day") or groups.get("year"))
            ):
                continue  # "may" the verb, capitalised at a sentence's start
            day = int(groups["day"]) if groups.get("day") else None
            if day and not 1 <= day <= 31:
                continue
            found.append(
                DateMention(
                    match.start(),
                    match.end(),
                    int(groups["year"]) if groups.get("year") else None,
                    month,
                    day,
                )
            )
    return sorted(found, key=lambda m: m.start)
