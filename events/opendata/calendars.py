"""iCalendar (RFC 5545) files of published events, built with `icalendar`.

Only an event known to the day can be put on a calendar without inventing a
day: it becomes an all-day VEVENT (DTSTART;VALUE=DATE, DTEND the day after its
last day, as RFC 5545 counts all-day ends). An event known only to the month or
year becomes a VJOURNAL with no date at all, its DESCRIPTION saying what is
known ("Dates known only to the month: October 2015"): RFC 5545 lets a journal
entry carry no DTSTART, clients keep it as a note, and no day is made up.
"""

import datetime

import icalendar
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from academy.plain_text import without_control_characters

from ..dates import DatePrecision
from ..models import Event

PRODID = "-//Academy Archive//Open data//EN"
# A filtered calendar holds at most this many events, newest first (or as the
# `sort` parameter says): calendar clients choke on more, and building one
# holds it whole in memory. The CSV download streams every event instead.
MAX_EVENTS = 1000
ONE_DAY = datetime.timedelta(days=1)


PRECISION_NOTES = {
    DatePrecision.MONTH: gettext_lazy("Dates known only to the month: %(dates)s."),
    DatePrecision.YEAR: gettext_lazy("Dates known only to the year: %(dates)s."),
}


def description(event, url):
    lines = []
    if note := PRECISION_NOTES.get(event.date_precision):
        lines.append(note % {"dates": event.dates_display})
    if event.outcome == Event.Outcome.ANNOUNCED:
        lines.append(event.get_outcome_display().capitalize() + ".")
    if event.summary:
        lines.append(event.summary)
    if event.source:
        lines.append(_("Source: %(source)s") % {"source": event.source.title})
    lines.append(url)
    return "\n\n".join(lines)


def component(event, *, absolute, host):
    url = absolute(event.get_absolute_url())
    if event.date_precision == DatePrecision.DAY:
        entry = icalendar.Event()
        entry.add("dtstart", event.start_date)
        entry.add("dtend", (event.end_date or event.start_date) + ONE_DAY)
        # Announced and not known to have happened: tentative, not confirmed.
        held = event.outcome == Event.Outcome.HELD
        entry.add("status", "CONFIRMED" if held else "TENTATIVE")
        if location := event.place:
            entry.add("location", location)
    else:
        entry = icalendar.Journal()
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
