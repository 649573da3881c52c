import datetime

import icalendar
import pytest

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


def test_month_precision_event_becomes_an_undated_journal_entry(client, archive_2015):
    calendar = parse(client.get(f"/events/{SCHOOL_SLUG}.ics"))

    assert calendar.walk("VEVENT") == []
    [entry] = calendar.walk("VJOURNAL")
    assert entry["SUMMARY"] == SCHOOL
    assert "DTSTART" not in entry
    assert str(entry["DESCRIPTION"]).startswith(
        "Dates known only to the month: October 2015.\n\n"
        "Announced; not known to have taken place."
    )


def test_draft_has_no_calendar(client, draft):
    response = client.get("/events/secret-draft.ics")

    assert response.status_code == 404


def test_list_calendar_holds_the_published_events(client, draft):
    calendar = parse(client.get("/events.ics"))

    assert summaries(calendar, "VEVENT") == [ACADEMY]
    assert summaries(calendar, "VJOURNAL") == sorted([LAUNCH, SCHOOL])
    assert draft.title not in calendar.to_ical().decode()


@pytest.mark.parametrize(
    ("query", "events", "journals"),
    [
        ("country=serbia", [ACADEMY], [SCHOOL]),
        ("topic=youth-and-education&kind=school", [], [SCHOOL]),
        ("year=2012", [], [LAUNCH]),
        ("q=plenipotentiary", [ACADEMY], []),
    ],
)
def test_list_calendar_takes_the_event_list_filters(
    client, draft, query, events, journals
):
    calendar = parse(client.get(f"/events.ics?{query}"))

    assert summaries(calendar, "VEVENT") == events
    assert summaries(calendar, "VJOURNAL") == journals


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


def test_event_page_without_a_known_day_offers_no_calendar(client, archive_2015):
    response = client.get(f"/events/{LAUNCH_SLUG}/")

    assert soup_of(response).select(f'a[href="/events/{LAUNCH_SLUG}.ics"]') == []


def test_event_list_links_its_filtered_calendar(client, archive_2015):
    response = client.get("/events/?country=serbia&page=1")

    links = soup_of(response).select('.downloads a[href^="/events.ics"]')
    assert [link["href"] for link in links] == ["/events.ics?country=serbia"]


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
