import csv
import io

import pandas
import pytest
import reversion
from django.core.signals import request_finished
from django.utils.http import http_date

from events.models import Event, Topic
from people.models import Organization
from tests.factories import make_country, make_event, make_organization, make_person
from tests.helpers import (
    ACADEMY,
    ACADEMY_SLUG,
    LAUNCH,
    SCHOOL,
    content_of,
    soup_of,
)

pytestmark = pytest.mark.django_db

# What Excel needs to open the file as UTF-8 rather than its ANSI code page.
BOM = "\ufeff".encode()


def rows(response):
    """The CSV as a list of dicts, after checking it is a UTF-8 download with
    one byte order mark, at its start, as Python reads it with "utf-8-sig"."""
    assert response.status_code == 200, content_of(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    body = b"".join(response.streaming_content)
    assert body.startswith(BOM)
    assert body.count(BOM) == 1
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


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
        "host_country_slug": "russia",
        "series": "CSTO Academy",
        "series_slug": "csto-academy",
        "session_number": "4",
        "organizers": "CSTO Analytical Association; CSTO Institute; Gorchakov Fund",
        "organizer_slugs": record["organizer_slugs"],
        "participating_countries": (
            "Armenia; Belarus; Georgia; Kazakhstan; Kyrgyzstan; Russia; Serbia; "
            "Tajikistan"
        ),
        "participating_country_slugs": (
            "armenia; belarus; georgia; kazakhstan; kyrgyzstan; russia; serbia; "
            "tajikistan"
        ),
        "topics": record["topics"],
        "topic_slugs": record["topic_slugs"],
        "speakers": "Valery Semerikov; Victor Vasilyev; David Virabyan",
        "speaker_slugs": "valery-semerikov; victor-vasilyev; david-virabyan",
        "summary": record["summary"],
        "source": (
            "Plenipotentiaries of countries-members of CSTO for the first time "
            "spoke at CSTO Academy"
        ),
        "url": f"http://testserver/events/{ACADEMY_SLUG}/",
    }
    assert len(record["topics"].split("; ")) == 13
    assert len(record["organizer_slugs"].split("; ")) == 3
    assert record["summary"].startswith("On 25 June 2015 the 4th CSTO Academy opened")


def test_event_csv_header_names_each_slug_beside_its_names(client, db):
    response = client.get("/events.csv")

    assert content_of(response).splitlines()[0] == (
        "\ufeffslug,title,kind,outcome,start_date,end_date,date_precision,city,"
        "venue,host_country,host_country_slug,series,series_slug,session_number,"
        "organizers,organizer_slugs,participating_countries,"
        "participating_country_slugs,topics,topic_slugs,speakers,speaker_slugs,"
        "summary,source,url"
    )


def test_event_csv_slugs_are_in_the_order_of_the_names(client, archive_2015):
    [record] = rows(client.get("/events.csv?country=russia"))

    def pairs(names, slugs):
        return list(zip(names.split("; "), slugs.split("; "), strict=True))

    topic_names = dict(Topic.objects.values_list("name", "slug"))
    organization_names = dict(Organization.objects.values_list("name", "slug"))
    topics = pairs(record["topics"], record["topic_slugs"])
    organizers = pairs(record["organizers"], record["organizer_slugs"])
    assert topics == [(name, topic_names[name]) for name, _slug in topics]
    assert organizers == [
        (name, organization_names[name]) for name, _slug in organizers
    ]


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


def test_person_csv_row_has_the_slugs_of_its_links(client, db):
    country = make_country(name="Serbia", slug="serbia")
    organization = make_organization(name="CSTO Institute", slug="csto-institute")
    make_person(name="Eve", slug="eve", organization=organization, country=country)

    response = client.get("/people.csv")

    assert content_of(response).splitlines()[0] == (
        "\ufeffslug,name,sort_name,alternative_names,position,organization,"
        "organization_slug,country,country_slug,url"
    )
    [record] = rows(client.get("/people.csv"))
    assert {
        key: record[key]
        for key in ("organization", "organization_slug", "country", "country_slug")
    } == {
        "organization": "CSTO Institute",
        "organization_slug": "csto-institute",
        "country": "Serbia",
        "country_slug": "serbia",
    }


def test_event_csv_in_russian_opens_as_utf8_with_a_bom(client, archive_2015):
    response = client.get("/ru/events.csv?topic=youth-and-education")

    body = b"".join(response.streaming_content)
    assert body.startswith(BOM + b"slug,")
    assert "Молодёжная школа ОДКБ в Сербии".encode() in body


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

    # Filter check, newest change (events, admin), count, events, then
    # speakers, organizers, countries, topics.
    with django_assert_num_queries(9):
        records = rows(client.get("/events.csv?country=testland"))

    assert len(records) == events


@pytest.mark.parametrize("people", [1, 6])
def test_person_csv_query_count_is_fixed(
    client, linked_events, django_assert_num_queries, people
):
    linked_events(events=1, related=people)

    # Filter check, newest change (events, admin), count, people, alternative
    # names.
    with django_assert_num_queries(6):
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


@pytest.mark.parametrize("url", ["/events.csv", "/ru/events.csv", "/people.csv"])
def test_csv_is_validated_by_the_newest_change_of_the_data(client, archive_2015, url):
    newest = Event.objects.order_by("-updated").first().updated

    response = client.get(url)
    rows(response)

    assert response["Last-Modified"] == http_date(newest.timestamp())
    assert response["ETag"].startswith('"')
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    since = client.get(url, headers={"If-Modified-Since": response["Last-Modified"]})
    assert (again.status_code, again.content) == (304, b"")
    assert (since.status_code, since.content) == (304, b"")
    assert again["ETag"] == response["ETag"]


def test_csv_etag_moves_with_an_edit_and_differs_by_filters(client, archive_2015):
    first = client.get("/events.csv")["ETag"]
    filtered = client.get("/events.csv?country=russia")["ETag"]
    russian = client.get("/ru/events.csv")["ETag"]
    event = Event.objects.get(slug=ACADEMY_SLUG)
    event.title_en = "Renamed"
    event.save()

    response = client.get("/events.csv", headers={"If-None-Match": first})

    assert len({first, filtered, russian}) == 3
    assert response.status_code == 200
    assert "Renamed" in content_of(response)


def test_csv_etag_moves_when_an_event_leaves_it(client, archive_2015):
    first = client.get("/events.csv")["ETag"]
    Event.objects.get(slug=ACADEMY_SLUG).delete()

    response = client.get("/events.csv", headers={"If-None-Match": first})

    assert response.status_code == 200
    assert len(rows(response)) == 2


def test_csv_etag_moves_with_a_linked_record_edited_in_the_admin(client, archive_2015):
    first = client.get("/events.csv")
    topic = Topic.objects.get(slug="migration")
    with reversion.create_revision():
        topic.name_en = "Moving"
        topic.save()

    response = client.get("/events.csv", headers={"If-None-Match": first["ETag"]})

    assert response.status_code == 200
    assert response["Last-Modified"] != first["Last-Modified"]
    assert "Moving" in content_of(response)


def read_with_pandas(response):
    """The CSV as pandas reads it the way README says: text, not guessed."""
    body = b"".join(response.streaming_content)
    return pandas.read_csv(
        io.BytesIO(body), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )


def test_pandas_keeps_partial_dates_and_joins_speakers_by_slug(client, archive_2015):
    events = read_with_pandas(client.get("/events.csv?sort=date"))
    people = read_with_pandas(client.get("/people.csv"))

    assert list(events["start_date"]) == ["2012-11", "2015-06-25", "2015-10"]
    talks = events.assign(speaker=events["speaker_slugs"].str.split("; "))
    talks = talks.explode("speaker")
    talks = talks[talks["speaker"] != ""]
    joined = talks.merge(people, left_on="speaker", right_on="slug")
    assert len(joined) == len(talks) > 0
    assert "Valery Semerikov" in set(joined["name"])
