import csv
import io

import pytest
from django.core.signals import request_finished

from tests.factories import make_event, make_person
from tests.helpers import (
    ACADEMY,
    ACADEMY_SLUG,
    LAUNCH,
    SCHOOL,
    content_of,
    soup_of,
)

pytestmark = pytest.mark.django_db


def rows(response):
    """The CSV as a list of dicts, after checking it is a UTF-8 download."""
    assert response.status_code == 200, content_of(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    return list(csv.DictReader(io.StringIO(content_of(response))))


def test_event_csv_has_a_row_per_published_event(client, draft):
    response = client.get("/events.csv")

    records = rows(response)
    assert [record["title"] for record in records] == [SCHOOL, ACADEMY, LAUNCH]
    assert response["Content-Disposition"] == 'attachment; filename="events.csv"'
    assert draft.title not in str(records)


def test_event_csv_row_of_the_2015_academy(client, archive_2015):
    [record] = rows(client.get("/events.csv?country=russia"))

    assert record == {
        "slug": ACADEMY_SLUG,
        "title": ACADEMY,
        "kind": "academy_session",
        "outcome": "held",
        "start_date": "2015-06-25",
        "end_date": "",
        "date_precision": "day",
        "city": "Moscow",
        "venue": "CSTO Secretariat",
        "host_country": "Russia",
        "series": "CSTO Academy",
        "session_number": "4",
        "organizers": "CSTO Analytical Association; CSTO Institute; Gorchakov Fund",
        "participating_countries": (
            "Armenia; Belarus; Georgia; Kazakhstan; Kyrgyzstan; Russia; Serbia; "
            "Tajikistan"
        ),
        "topics": record["topics"],
        "speakers": "Valery Semerikov; Victor Vasilyev; David Virabyan",
        "summary": record["summary"],
        "source": (
            "Plenipotentiaries of countries-members of CSTO for the first time "
            "spoke at CSTO Academy"
        ),
        "url": f"http://testserver/events/{ACADEMY_SLUG}/",
    }
    assert len(record["topics"].split("; ")) == 13
    assert record["summary"].startswith("On 25 June 2015 the 4th CSTO Academy opened")


def test_event_csv_gives_dates_only_as_precisely_as_known(client, archive_2015):
    records = rows(client.get("/events.csv?sort=date"))

    assert [(r["start_date"], r["date_precision"]) for r in records] == [
        ("2012-11", "month"),
        ("2015-06-25", "day"),
        ("2015-10", "month"),
    ]


def test_event_csv_in_russian(client, archive_2015):
    records = rows(client.get("/ru/events.csv?country=russia"))

    assert [(r["title"], r["city"], r["url"]) for r in records] == [
        (
            "IV Академия ОДКБ",
            "Москва",
            f"http://testserver/ru/events/{ACADEMY_SLUG}/",
        )
    ]


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tHidden", "'\tHidden"),
        ("\rHidden", "'\rHidden"),
        ("Plain = fine", "Plain = fine"),
    ],
)
def test_event_csv_escapes_formulas(client, db, title, cell):
    make_event(title=title)

    [record] = rows(client.get("/events.csv"))

    assert record["title"] == cell


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=atlantis", "country: No such country: atlantis.\n"),
        (
            "kind=party&year=0",
            "kind: No such kind of event: party.\nyear: Not a year: 0.\n",
        ),
    ],
)
def test_event_csv_refuses_bad_filters(client, archive_2015, query, message):
    response = client.get(f"/events.csv?{query}")

    assert response.status_code == 400
    assert response.content.decode() == message


def test_event_list_links_its_filtered_csv(client, archive_2015):
    response = client.get("/events/?topic=migration&page=1")

    links = soup_of(response).select('.downloads a[href^="/events.csv"]')
    assert [link["href"] for link in links] == ["/events.csv?topic=migration"]


def test_person_csv_has_a_row_per_person(client, archive_2015):
    records = rows(client.get("/people.csv"))

    assert [record["name"] for record in records] == [
        "Valery Semerikov",
        "Victor Vasilyev",
        "David Virabyan",
    ]
    assert records[1]["alternative_names"] == (
        "Viktor Vasiliev; Viktor Vasilyev; Виктор Васильев"
    )
    assert records[1]["url"] == "http://testserver/people/victor-vasilyev/"


def test_person_csv_takes_the_people_list_filters(client, draft):
    records = rows(client.get("/people.csv?topic=migration"))

    assert [record["slug"] for record in records] == [
        "valery-semerikov",
        "victor-vasilyev",
        "david-virabyan",
    ]


def test_person_csv_escapes_formulas(client, db):
    make_person(name="Eve", position='=HYPERLINK("http://evil")')

    [record] = rows(client.get("/people.csv"))

    assert record["position"] == '\'=HYPERLINK("http://evil")'


def test_person_csv_refuses_bad_filters(client, archive_2015):
    response = client.get("/people.csv?organization=nowhere")

    assert response.status_code == 400
    assert response.content.decode() == "organization: No such organization: nowhere.\n"


def test_person_list_links_its_csv(client, archive_2015):
    response = client.get("/people/?country=russia")

    links = soup_of(response).select(".downloads a")
    assert [link["href"] for link in links] == ["/people.csv?country=russia"]


@pytest.mark.parametrize("events", [1, 6])
def test_event_csv_query_count_is_fixed(
    client, linked_events, django_assert_num_queries, events
):
    linked_events(events=events, related=3)

    # Filter check, events, then speakers, organizers, countries, topics.
    with django_assert_num_queries(6):
        records = rows(client.get("/events.csv?country=testland"))

    assert len(records) == events


@pytest.mark.parametrize("people", [1, 6])
def test_person_csv_query_count_is_fixed(
    client, linked_events, django_assert_num_queries, people
):
    linked_events(events=1, related=people)

    # Filter check, people, alternative names.
    with django_assert_num_queries(3):
        records = rows(client.get("/people.csv?country=testland"))

    assert len(records) == people


def test_head_of_a_download_ends_its_request_once(client, db):
    finished = []

    def count(**kwargs):
        finished.append(kwargs)

    request_finished.connect(count)
    try:
        response = client.head("/people.csv")
        body = b"".join(response)
    finally:
        request_finished.disconnect(count)

    assert (response.status_code, body) == (200, b"")
    # Ended early, it closed the database connection mid-request.
    assert len(finished) == 1
