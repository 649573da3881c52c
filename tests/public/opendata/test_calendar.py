import datetime

import icalendar
import pytest
import recurring_ical_events
import vobject

from events.models import Event
from tests.factories import make_event
from tests.helpers import (
    ACADEMY,
    ACADEMY_SLUG,
    LAUNCH,
    LAUNCH_SLUG,
    SCHOOL,
    SCHOOL_SLUG,
    soup_of,
)

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    # What RFC 5545 requires of every calendar and every entry in it.
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    for entry in calendar.subcomponents:
        assert entry["UID"]
        assert entry["DTSTAMP"]
    return calendar


def summaries(calendar, name):
    return sorted(str(entry["SUMMARY"]) for entry in calendar.walk(name))


def test_event_calendar_is_one_all_day_event(client, archive_2015):
    response = client.get(f"/events/{ACADEMY_SLUG}.ics")

    calendar = parse(response)
    [event] = calendar.walk("VEVENT")
    assert event["SUMMARY"] == ACADEMY
    assert event.decoded("DTSTART") == datetime.date(2015, 6, 25)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event.decoded("DTEND") == datetime.date(2015, 6, 26)
    assert event["LOCATION"] == "CSTO Secretariat, Moscow, Russia"
    assert event["STATUS"] == "CONFIRMED"
    assert event["URL"] == f"http://testserver/events/{ACADEMY_SLUG}/"
    assert event["UID"] == "event-1@testserver"
    assert len(event["CATEGORIES"].cats) == 13
    assert (
        "Source: Plenipotentiaries of countries-members of CSTO" in event["DESCRIPTION"]
    )
    assert (
        response["Content-Disposition"] == f'attachment; filename="{ACADEMY_SLUG}.ics"'
    )


def test_event_calendar_spans_every_day_of_a_longer_event(client, db):
    make_event(
        slug="three-days",
        start_date=datetime.date(2016, 3, 30),
        end_date=datetime.date(2016, 4, 1),
    )

    [event] = parse(client.get("/events/three-days.ics")).walk("VEVENT")

    assert event.decoded("DTSTART") == datetime.date(2016, 3, 30)
    assert event.decoded("DTEND") == datetime.date(2016, 4, 2)


def test_month_precision_event_spans_its_month(client, archive_2015):
    calendar = parse(client.get(f"/events/{SCHOOL_SLUG}.ics"))

    assert calendar.walk("VJOURNAL") == []
    [event] = calendar.walk("VEVENT")
    assert event["SUMMARY"] == SCHOOL
    assert event.decoded("DTSTART") == datetime.date(2015, 10, 1)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event.decoded("DTEND") == datetime.date(2015, 11, 1)
    assert event["STATUS"] == "TENTATIVE"
    assert str(event["DESCRIPTION"]).startswith(
        "Dates known only to the month: October 2015.\n\n"
        "Announced; not known to have taken place."
    )


def test_russian_calendar_says_the_month_in_one_sentence(client, archive_2015):
    calendar = parse(client.get(f"/ru/events/{SCHOOL_SLUG}.ics"))

    [event] = calendar.walk("VEVENT")
    assert str(event["DESCRIPTION"]).startswith(
        "Даты известны только с точностью до месяца: октябрь 2015 г.\n\n"
    )


@pytest.mark.parametrize(
    ("precision", "start", "end", "first_day", "day_after"),
    [
        ("month", (2015, 12, 1), None, (2015, 12, 1), (2016, 1, 1)),
        ("month", (2015, 11, 1), (2016, 2, 1), (2015, 11, 1), (2016, 3, 1)),
        ("year", (2015, 1, 1), None, (2015, 1, 1), (2016, 1, 1)),
        ("year", (2015, 1, 1), (2017, 1, 1), (2015, 1, 1), (2018, 1, 1)),
    ],
)
def test_partly_known_event_spans_its_months_or_years(
    client, db, precision, start, end, first_day, day_after
):
    make_event(
        slug="rough",
        date_precision=precision,
        start_date=datetime.date(*start),
        end_date=end and datetime.date(*end),
    )

    [event] = parse(client.get("/events/rough.ics")).walk("VEVENT")

    assert event.decoded("DTSTART") == datetime.date(*first_day)
    assert event.decoded("DTEND") == datetime.date(*day_after)


def test_calendar_client_shows_every_event_of_2015(client, archive_2015):
    """What a subscriber's calendar app lists for 2015, as recurring-ical-events
    (the library calendar servers and widgets expand calendars with) reads it."""
    calendar = icalendar.Calendar.from_ical(client.get("/events.ics").content)

    shown = recurring_ical_events.of(calendar).between((2015, 1, 1), (2016, 1, 1))

    assert sorted((str(e["SUMMARY"]), e.decoded("DTSTART")) for e in shown) == [
        (ACADEMY, datetime.date(2015, 6, 25)),
        (SCHOOL, datetime.date(2015, 10, 1)),
    ]


def test_draft_has_no_calendar(client, draft):
    response = client.get("/events/secret-draft.ics")

    assert response.status_code == 404


def test_list_calendar_holds_the_published_events(client, draft):
    calendar = parse(client.get("/events.ics"))

    assert summaries(calendar, "VEVENT") == sorted([ACADEMY, LAUNCH, SCHOOL])
    assert calendar.walk("VJOURNAL") == []
    assert draft.title not in calendar.to_ical().decode()


@pytest.mark.parametrize(
    ("query", "events"),
    [
        ("country=serbia", [ACADEMY, SCHOOL]),
        ("topic=youth-and-education&kind=school", [SCHOOL]),
        ("year=2012", [LAUNCH]),
        ("q=plenipotentiary", [ACADEMY]),
    ],
)
def test_list_calendar_takes_the_event_list_filters(client, draft, query, events):
    calendar = parse(client.get(f"/events.ics?{query}"))

    assert summaries(calendar, "VEVENT") == events


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=atlantis", "country: No such country: atlantis.\n"),
        ("year=15x", "year: Not a year: 15x.\n"),
    ],
)
def test_list_calendar_refuses_bad_filters(client, archive_2015, query, message):
    response = client.get(f"/events.ics?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == message


def test_event_page_offers_add_to_calendar(client, archive_2015):
    response = client.get(f"/events/{ACADEMY_SLUG}/")

    links = soup_of(response).select(f'a[href="/events/{ACADEMY_SLUG}.ics"]')
    assert [link.get_text() for link in links] == ["Add to calendar (.ics)"]


def test_event_page_without_a_known_day_offers_its_calendar(client, archive_2015):
    response = client.get(f"/events/{LAUNCH_SLUG}/")

    links = soup_of(response).select(f'a[href="/events/{LAUNCH_SLUG}.ics"]')
    assert [link.get_text() for link in links] == ["Add to calendar (.ics)"]


def test_event_list_links_its_filtered_calendar(client, archive_2015):
    response = client.get("/events/?country=serbia&page=1")

    links = soup_of(response).select('.downloads a[href^="/events.ics"]')
    assert [link["href"] for link in links] == ["/events.ics?country=serbia"]


# With the page cache on, the validators come through the copy it keeps.
PAGE_CACHE = pytest.mark.parametrize("page_cache", [True, False], ids=["cached", ""])


@PAGE_CACHE
def test_list_calendar_is_last_modified_when_its_newest_event_was(
    client, archive_2015, settings, page_cache
):
    settings.ARCHIVE_PAGE_CACHE = page_cache
    Event.objects.filter(slug=SCHOOL_SLUG).update(
        updated=datetime.datetime(2016, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    )

    response = client.get("/events.ics")

    assert response["Last-Modified"] == "Sat, 02 Jan 2016 03:04:05 GMT"
    assert response["ETag"]


@PAGE_CACHE
def test_event_calendar_is_last_modified_when_the_event_was(
    client, archive_2015, settings, page_cache
):
    settings.ARCHIVE_PAGE_CACHE = page_cache

    response = client.get(f"/events/{ACADEMY_SLUG}.ics")

    assert response["Last-Modified"] == "Thu, 25 Jun 2015 00:00:00 GMT"
    assert response["ETag"]


@PAGE_CACHE
@pytest.mark.parametrize(
    ("condition", "validator"),
    [("HTTP_IF_NONE_MATCH", "ETag"), ("HTTP_IF_MODIFIED_SINCE", "Last-Modified")],
)
@pytest.mark.parametrize("path", [f"/events/{ACADEMY_SLUG}.ics", "/events.ics"])
def test_calendar_the_client_holds_is_not_sent_again(
    client, archive_2015, settings, page_cache, condition, validator, path
):
    settings.ARCHIVE_PAGE_CACHE = page_cache
    held = client.get(path)[validator]

    response = client.get(path, **{condition: held})

    assert response.status_code == 304
    assert response.content == b""


@PAGE_CACHE
@pytest.mark.parametrize(
    ("condition", "validator"),
    [("HTTP_IF_NONE_MATCH", "ETag"), ("HTTP_IF_MODIFIED_SINCE", "Last-Modified")],
)
def test_calendar_of_a_changed_event_is_sent_again(
    client, archive_2015, settings, page_cache, condition, validator
):
    settings.ARCHIVE_PAGE_CACHE = page_cache
    path = f"/events/{ACADEMY_SLUG}.ics"
    held = client.get(path)[validator]
    event = Event.objects.get(slug=ACADEMY_SLUG)
    event.summary = "Changed."
    event.save()

    response = client.get(path, **{condition: held})

    assert response.status_code == 200
    assert "Changed." in parse(response).walk("VEVENT")[0]["DESCRIPTION"]


@pytest.mark.parametrize("events", [1, 6])
def test_list_calendar_query_count_is_fixed(
    client, linked_events, django_assert_num_queries, events
):
    linked_events(events=events, related=3)

    # Filter check, events, then speakers, organizers, countries, topics.
    with django_assert_num_queries(6):
        response = client.get("/events.ics?country=testland")

    assert len(parse(response).walk("VEVENT")) == events


def test_a_control_character_stored_in_an_event_is_left_out_of_its_calendar(client):
    make_event(slug="opening", title="Opening\x0bsession", summary="Remarks\x0b.")

    response = client.get("/events/opening.ics")

    calendar = parse(response)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Openingsession"
    assert b"\x0b" not in response.content


def test_vobject_reads_every_event_of_the_list_calendar(client, archive_2015):
    """vobject, the parser of Radicale and other CalDAV servers, reads the
    list's calendar as one calendar of three all-day events."""
    text = client.get("/events.ics").content.decode()

    [calendar] = vobject.readComponents(text)

    starts = sorted(
        (event.summary.value, event.dtstart.value) for event in calendar.vevent_list
    )
    assert starts == sorted(
        [
            (ACADEMY, datetime.date(2015, 6, 25)),
            (LAUNCH, datetime.date(2012, 11, 1)),
            (SCHOOL, datetime.date(2015, 10, 1)),
        ]
    )


def test_ical_js_reads_a_month_known_event_as_an_all_day_month(
    client, archive_2015, read_in_javascript
):
    """ical.js (Thunderbird's and web calendars' parser) sees the school known
    only to its month as an all-day event over October 2015."""
    content = client.get(f"/events/{SCHOOL_SLUG}.ics").content

    events = read_in_javascript("ics", content)

    assert events == [
        {"summary": SCHOOL, "start": "2015-10-01", "end": "2015-11-01", "allDay": True}
    ]
