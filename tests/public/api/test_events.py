"""The API's events, topics and series, checked against the 2015 data."""

import pytest

from tests.factories import make_event
from tests.helpers import slugs

ACADEMY = "/api/events/4th-csto-academy-2015/"
YOUTH_SCHOOL = "csto-youth-school-serbia-2015"
ACADEMY_SLUG = "4th-csto-academy-2015"
LAUNCH = "csto-academy-programme-launch"


def test_event_detail_academy_lists_exactly_the_eight_countries(client, archive_2015):
    record = client.get(ACADEMY).json()

    countries = [country["slug"] for country in record["participating_countries"]]

    assert countries == [
        "armenia",
        "belarus",
        "georgia",
        "kazakhstan",
        "kyrgyzstan",
        "russia",
        "serbia",
        "tajikistan",
    ]


def test_event_detail_academy_lists_speakers_with_roles_in_order(client, archive_2015):
    record = client.get(ACADEMY).json()

    speakers = [
        (speaker["person"]["slug"], speaker["role"], speaker["position_en"])
        for speaker in record["speakers"]
    ]

    assert speakers == [
        (
            "valery-semerikov",
            "opening_speaker",
            "Deputy Secretary General of the Collective Security Treaty Organization",
        ),
        (
            "victor-vasilyev",
            "speaker",
            "Plenipotentiary Representative of Russia to the CSTO",
        ),
        (
            "david-virabyan",
            "speaker",
            "Plenipotentiary Representative of Armenia to the CSTO",
        ),
    ]


def test_event_detail_academy_gives_its_place_series_and_source(client, archive_2015):
    record = client.get(ACADEMY).json()

    assert (
        record["city"],
        record["venue"],
        record["host_country"]["slug"],
        record["series"]["slug"],
        record["session_number"],
        record["kind"],
        record["outcome"],
        [organizer["slug"] for organizer in record["organizers"]],
        [country["slug"] for country in record["mentioned_countries"]],
        record["source"]["published_on"],
    ) == (
        "Moscow",
        "CSTO Secretariat",
        "russia",
        "csto-academy",
        4,
        "academy_session",
        "held",
        ["csto-analytical-association", "csto-institute", "gorchakov-fund"],
        ["china", "iran", "ukraine"],
        "2015-06-25",
    )


def test_event_detail_partial_date_keeps_its_precision(client, archive_2015):
    record = client.get(f"/api/events/{LAUNCH}/").json()

    dates = {key: record[key] for key in ("start_date", "end_date", "date_precision")}

    assert dates == {
        "start_date": "2012-11-01",
        "end_date": None,
        "date_precision": "month",
    }
    assert record["dates_display"] == "November 2012"


def test_event_detail_russian_request_gives_russian_and_both_languages(
    client, archive_2015
):
    record = client.get(ACADEMY, HTTP_ACCEPT_LANGUAGE="ru").json()

    assert (record["title"], record["title_en"], record["title_ru"]) == (
        "IV Академия ОДКБ",
        "4th CSTO Academy",
        "IV Академия ОДКБ",
    )
    assert record["host_country"]["name"] == "Россия"
    assert record["html_url"] == "http://testserver/ru/events/4th-csto-academy-2015/"


def test_event_detail_links_are_absolute_and_lead_to_the_records(client, archive_2015):
    record = client.get(ACADEMY).json()

    host = client.get(record["host_country"]["url"]).json()
    speaker = client.get(record["speakers"][0]["person"]["url"]).json()

    assert record["url"] == "http://testserver" + ACADEMY
    assert record["html_url"] == "http://testserver/events/4th-csto-academy-2015/"
    assert host["slug"] == "russia"
    assert (
        client.get(speaker["events_url"]).json()["results"][0]["url"] == (record["url"])
    )


def test_event_detail_unknown_slug_is_404(client, archive_2015):
    response = client.get("/api/events/no-such-event/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_event_list_without_filters_is_newest_first(client, archive_2015):
    response = client.get("/api/events/")

    assert response["Content-Type"] == "application/json"
    assert response.json()["count"] == 3
    assert slugs(response) == [YOUTH_SCHOOL, ACADEMY_SLUG, LAUNCH]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=serbia", [YOUTH_SCHOOL, ACADEMY_SLUG]),
        ("country=armenia&country=china", [ACADEMY_SLUG]),
        ("topic=youth-and-education", [YOUTH_SCHOOL, ACADEMY_SLUG]),
        ("topic=migration&topic=youth-and-education", [YOUTH_SCHOOL, ACADEMY_SLUG]),
        ("organization=csto", [YOUTH_SCHOOL]),
        ("organization=csto&organization=gorchakov-fund", [YOUTH_SCHOOL, ACADEMY_SLUG]),
        ("person=valery-semerikov", [ACADEMY_SLUG]),
        ("kind=school&kind=programme_launch", [YOUTH_SCHOOL, LAUNCH]),
        ("year=2015", [YOUTH_SCHOOL, ACADEMY_SLUG]),
        ("year=2012&year=2015", [YOUTH_SCHOOL, ACADEMY_SLUG, LAUNCH]),
        ("q=Semerikov", [ACADEMY_SLUG]),
        ("sort=title", [ACADEMY_SLUG, YOUTH_SCHOOL, LAUNCH]),
        ("sort=date", [LAUNCH, ACADEMY_SLUG, YOUTH_SCHOOL]),
        ("country=serbia&year=2015&kind=school", [YOUTH_SCHOOL]),
    ],
)
def test_event_list_filters_as_the_html_list(client, archive_2015, query, expected):
    response = client.get(f"/api/events/?{query}")

    assert slugs(response) == expected


def test_event_list_invalid_filters_answer_400_per_field(client, archive_2015):
    response = client.get(
        "/api/events/?country=atlantis&kind=party&year=nineteen&sort=price&topic=soft-power"
    )

    errors = response.json()["errors"]
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert sorted(errors) == ["country", "kind", "sort", "year"]
    assert all(len(messages) == 1 for messages in errors.values())


def test_event_list_page_size_param_pages_with_absolute_links(client, archive_2015):
    first = client.get("/api/events/?page_size=2&year=2012&year=2015").json()

    second = client.get(first["next"]).json()

    assert first["next"] == (
        "http://testserver/api/events/?page=2&page_size=2&year=2012&year=2015"
    )
    assert [record["slug"] for record in second["results"]] == [LAUNCH]


def test_event_list_page_size_is_capped_at_100(client, db):
    for _ in range(101):
        make_event()

    response = client.get("/api/events/?page_size=1000")

    assert len(response.json()["results"]) == 100


def test_event_list_page_past_the_end_is_404(client, archive_2015):
    response = client.get("/api/events/?page=9")

    assert response.status_code == 404


def test_event_list_leaves_drafts_out(client, draft):
    response = client.get("/api/events/?country=russia")

    assert slugs(response) == [ACADEMY_SLUG]


def test_event_detail_draft_is_404(client, draft):
    response = client.get("/api/events/secret-draft/")

    assert response.status_code == 404


def test_topic_detail_lists_only_published_events(client, draft):
    record = client.get("/api/topics/migration/").json()

    assert record["events_count"] == 1
    assert slugs(client.get(record["events_url"])) == [ACADEMY_SLUG]


def test_series_detail_lists_only_published_sessions_with_its_start(client, draft):
    record = client.get("/api/series/csto-academy/").json()

    assert record["events_count"] == 2
    assert slugs(client.get(record["events_url"])) == [ACADEMY_SLUG, LAUNCH]
    assert (record["started_on"], record["started_precision"]) == (
        "2012-11-01",
        "month",
    )


def test_topic_list_gives_every_topic_by_name(client, archive_2015):
    response = client.get("/api/topics/?page_size=100")

    assert slugs(response) == [
        "collective-security",
        "cooperation-with-post-soviet-non-members",
        "cooperation-with-international-organizations",
        "isis-and-returning-fighters",
        "migration",
        "opposing-glorification-of-nazism",
        "peacekeeping-and-ukraine",
        "political-cooperation",
        "public-diplomacy",
        "security-of-journalists",
        "soft-power",
        "csto-and-nato",
        "youth-and-education",
    ]


@pytest.mark.parametrize("related", [1, 4])
def test_event_list_query_count_is_fixed(
    client, linked_records, django_assert_num_queries, related
):
    linked_records(events=3, related=related)

    # count, page, then five relation lists, the speakers with their people,
    # the three kinds of materials, and the archive's newest change (2)
    with django_assert_num_queries(13):
        response = client.get("/api/events/")

    assert response.status_code == 200


@pytest.mark.parametrize("related", [1, 4])
def test_event_detail_query_count_is_fixed(
    client, linked_records, django_assert_num_queries, related
):
    series = linked_records(events=1, related=related)
    slug = series.events.get().slug

    # and one query for each kind of material, and the newest change (2)
    with django_assert_num_queries(12):
        response = client.get(f"/api/events/{slug}/")

    assert len(response.json()["speakers"]) == related


@pytest.mark.parametrize("related", [1, 4])
@pytest.mark.parametrize(
    ("path", "queries"),
    # count, page; the topics' counts of events for all topics at once (links,
    # links of unpublished events), then cached; the series' in the page; the
    # archive's newest change (2)
    [("/api/topics/", 4), ("/api/series/", 4)],
)
def test_topic_and_series_lists_query_count_is_fixed(
    client, linked_records, django_assert_num_queries, related, path, queries
):
    linked_records(events=related, related=related)

    with django_assert_num_queries(queries):
        response = client.get(path)

    assert response.status_code == 200


@pytest.mark.parametrize("related", [1, 4])
def test_topic_and_series_details_query_count_is_fixed(
    client, linked_records, django_assert_num_queries, related
):
    series = linked_records(events=related, related=related)
    topic = series.events.first().topics.first()

    # The series with its count; the topic, and the counts of all topics (2);
    # with each, the archive's newest change (2).
    with django_assert_num_queries(6):
        series_response = client.get(f"/api/series/{series.slug}/")
        topic_response = client.get(f"/api/topics/{topic.slug}/")

    assert series_response.json()["events_count"] == related
    assert topic_response.json()["events_count"] == 1
