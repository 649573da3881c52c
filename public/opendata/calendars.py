"""iCalendar (RFC 5545) files of published events, built with `icalendar`.

Every event is an all-day VEVENT (DTSTART;VALUE=DATE, DTEND the day after its
last day, as RFC 5545 counts all-day ends), so every calendar app shows it. An
event known only to the month or the year spans that whole month or year (to
the end of its end month or year), and its DESCRIPTION says the day is not
known ("Dates known only to the month: October 2015."): no day is made up. A
journal entry without a date, as such events were once written, is dropped by
most clients and by the libraries calendar servers expand calendars with.
"""

import datetime

import icalendar
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from academy.plain_text import without_control_characters
from events import dates
from events.dates import DatePrecision
from events.models import Event

from .text import sentence

PRODID = "-//Academy Archive//Open data//EN"
# A filtered calendar holds at most this many events, newest first (or as the
# `sort` parameter says): calendar clients choke on more, and building one
# holds it whole in memory. The CSV download streams every event instead.
MAX_EVENTS = 1000
ONE_DAY = datetime.timedelta(days=1)


PRECISION_NOTES = {
    DatePrecision.MONTH: gettext_lazy("Dates known only to the month: %(dates)s"),
    DatePrecision.YEAR: gettext_lazy("Dates known only to the year: %(dates)s"),
}


def description(event, url):
    lines = []
    if note := PRECISION_NOTES.get(event.date_precision):
        lines.append(sentence(note % {"dates": event.dates_display}))
    if event.outcome == Event.Outcome.ANNOUNCED:
        lines.append(event.get_outcome_display().capitalize() + ".")
    if event.summary:
        lines.append(event.summary)
    if event.source:
        lines.append(_("Source: %(source)s") % {"source": event.source.title})
    lines.append(url)
    return "\n\n".join(lines)


def day_after(event):
    """The day after the last day of the event, or of its last month or year
    when only those are known: the end of an all-day VEVENT."""
    last = event.end_date or event.start_date
    if event.date_precision == DatePrecision.MONTH:
        return dates.month_range(last)[1]
    if event.date_precision == DatePrecision.YEAR:
        return dates.year_range(last.year)[1]
    return last + ONE_DAY


def component(event, *, absolute, host):
    url = absolute(event.get_absolute_url())
    entry = icalendar.Event()
    entry.add("dtstart", event.start_date)
    entry.add("dtend", day_after(event))
    # Announced and not known to have happened: tentative, not confirmed.
    held = event.outcome == Event.Outcome.HELD
    entry.add("status", "CONFIRMED" if held else "TENTATIVE")
    if location := event.place:
        entry.add("location", location)
    entry.add("uid", f"event-{event.pk}@{host}")
    entry.add("dtstamp", event.updated)
    entry.add("created", event.created)
    entry.add("last-modified", event.updated)
    entry.add("summary", event.title)
    entry.add("description", description(event, url))
    entry.add("url", url)
    if topics := [topic.name for topic in event.topics.all()]:
        entry.add("categories", topics)
    return entry


def calendar(events, *, name, request):
    """A VCALENDAR of `events` (as events_for_export reads them) as bytes."""
    result = icalendar.Calendar()
    result.add("prodid", PRODID)
    result.add("version", "2.0")
    result.add("calscale", "GREGORIAN")
    result.add("name", name)  # RFC 7986
    result.add("x-wr-calname", name)  # what most clients read instead
    host = request.get_host().split(":")[0]
    for event in events:
        result.add_component(
            component(event, absolute=request.build_absolute_uri, host=host)
        )
    # Calendar text may hold no control character (RFC 5545's TEXT); one in a
    # record stored before they were refused is left out.
    return without_control_characters(result.to_ical().decode()).encode()
