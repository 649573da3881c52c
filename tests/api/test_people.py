"""The API's people, countries and organizations, checked against the 2015 data."""

import pytest
from django.core.files.base import ContentFile

from tests.api.conftest import slugs
from tests.factories import make_person

ACADEMY = "4th-csto-academy-2015"
PEOPLE = ["valery-semerikov", "victor-vasilyev", "david-virabyan"]


def test_person_detail_gives_other_spellings_and_talks(client, archive_2015):
    record = client.get("/api/people/victor-vasilyev/").json()

    assert record["alternative_names"] == [
        "Viktor Vasiliev",
        "Viktor Vasilyev",
        "Виктор Васильев",
    ]
    assert (record["name_ru"], record["sort_name"]) == (
        "Виктор Васильев",
        "Vasilyev, Victor",
    )
    assert [(talk["event"]["slug"], talk["role"]) for talk in record["events"]] == [
        (ACADEMY, "speaker")
    ]
    assert (record["organization"]["slug"], record["country"]["slug"]) == (
        "csto",
        "russia",
    )


def test_person_detail_photo_is_an_absolute_url(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = make_person(slug="pictured")
    person.photo.save("face.png", ContentFile(b"png"))

    record = client.get("/api/people/pictured/").json()

    assert record["photo"] == f"http://testserver/media/{person.photo.name}"
    assert record["thumbnail"] is None


def test_person_list_without_filters_is_by_sort_name(client, archive_2015):
    response = client.get("/api/people/")

    assert slugs(response) == PEOPLE


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=russia", ["victor-vasilyev"]),
        ("country=russia&country=armenia", ["victor-vasilyev", "david-virabyan"]),
        ("organization=csto", PEOPLE),
        ("organization=nato&organization=gorchakov-fund", []),
        ("topic=migration", PEOPLE),
        ("q=Viktor", ["victor-vasilyev"]),
        ("q=Armenia&country=armenia", ["david-virabyan"]),
    ],
)
def test_person_list_filters_as_the_html_list(client, archive_2015, query, expected):
    response = client.get(f"/api/people/?{query}")

    assert slugs(response) == expected


def test_person_list_invalid_filters_answer_400_per_field(client, archive_2015):
    response = client.get("/api/people/?country=atlantis&topic=alchemy")

    assert response.status_code == 400
    assert sorted(response.json()) == ["country", "topic"]


def test_person_detail_leaves_draft_talks_out(client, draft):
    record = client.get("/api/people/valery-semerikov/").json()

    assert [talk["event"]["slug"] for talk in record["events"]] == [ACADEMY]


def test_person_list_topic_of_a_draft_only_finds_nobody(client, draft):
    draft.topics.set([])
    draft.topics.create(slug="secret-topic", name="Secret topic")

    response = client.get("/api/people/?topic=secret-topic")

    assert slugs(response) == []


def test_country_detail_leaves_drafts_out_of_both_lists(client, draft):
    armenia = client.get("/api/countries/armenia/").json()
    russia = client.get("/api/countries/russia/").json()

    assert [event["slug"] for event in armenia["participated_events"]] == [ACADEMY]
    assert [event["slug"] for event in russia["hosted_events"]] == [ACADEMY]


def test_country_detail_serbia_took_part_and_hosted(client, archive_2015):
    record = client.get("/api/countries/serbia/").json()

    assert (record["iso_code"], record["name_ru"]) == ("RS", "Сербия")
    assert [event["slug"] for event in record["participated_events"]] == [ACADEMY]
    assert [event["slug"] for event in record["hosted_events"]] == [
        "csto-youth-school-serbia-2015"
    ]


def test_organization_detail_leaves_draft_events_out(client, draft):
    record = client.get("/api/organizations/csto/").json()

    assert [event["slug"] for event in record["organized_events"]] == [
        "csto-youth-school-serbia-2015"
    ]


def test_organization_detail_csto_gives_members_and_acronyms(client, archive_2015):
    record = client.get("/api/organizations/csto/", HTTP_ACCEPT_LANGUAGE="ru").json()

    assert (record["acronym"], record["acronym_en"], record["kind"]) == (
        "ОДКБ",
        "CSTO",
        "intergovernmental",
    )
    assert [country["slug"] for country in record["member_countries"]] == [
        "armenia",
        "belarus",
        "kazakhstan",
        "kyrgyzstan",
        "russia",
        "tajikistan",
    ]


def test_organization_detail_child_links_to_its_parent(client, archive_2015):
    record = client.get("/api/organizations/csto-secretariat/").json()

    assert record["parent"]["url"] == "http://testserver/api/organizations/csto/"
    assert record["parent"]["html_url"] == "http://testserver/organizations/csto/"


@pytest.mark.parametrize("related", [1, 4])
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # count, page (with organization and country), other names, talks
        ("/api/people/", 4),
        # count, page, events taken part in, events hosted
        ("/api/countries/", 4),
        # count, page (with country and parent), members, events organized
        ("/api/organizations/", 4),
    ],
)
def test_people_lists_query_count_is_fixed(
    client, linked_records, django_assert_num_queries, related, path, queries
):
    linked_records(events=related, related=related)

    with django_assert_num_queries(queries):
        response = client.get(path)

    assert response.json()["count"] > 0


@pytest.mark.parametrize("related", [1, 4])
def test_people_details_query_count_is_fixed(
    client, linked_records, django_assert_num_queries, related
):
    event = linked_records(events=1, related=related).events.get()
    person = event.speakers.first()
    organization = event.organizers.first()
    country = person.country

    with django_assert_num_queries(9):
        person_response = client.get(f"/api/people/{person.slug}/")
        country_response = client.get(f"/api/countries/{country.slug}/")
        organization_response = client.get(f"/api/organizations/{organization.slug}/")

    assert len(person_response.json()["events"]) == 1
    assert len(country_response.json()["hosted_events"]) == 1
    assert len(organization_response.json()["member_countries"]) == related
