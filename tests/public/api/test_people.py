"""The API's people, countries and organizations, checked against the 2015 data."""

import pytest
from django.core.files.base import ContentFile

from tests.factories import make_person
from tests.helpers import slugs

ACADEMY = "4th-csto-academy-2015"
PEOPLE = ["valery-semerikov", "victor-vasilyev", "david-virabyan"]


def test_person_detail_gives_other_spellings_and_events_link(client, archive_2015):
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
    assert (record["events_count"], record["events_url"]) == (
        1,
        "http://testserver/api/events/?person=victor-vasilyev",
    )
    assert slugs(client.get(record["events_url"])) == [ACADEMY]
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
    assert sorted(response.json()["errors"]) == ["country", "topic"]


def test_person_detail_leaves_draft_talks_out(client, draft):
    record = client.get("/api/people/valery-semerikov/").json()

    assert record["events_count"] == 1
    assert slugs(client.get(record["events_url"])) == [ACADEMY]


def test_person_list_topic_of_a_draft_only_finds_nobody(client, draft):
    draft.topics.set([])
    draft.topics.create(slug="secret-topic", name="Secret topic")

    response = client.get("/api/people/?topic=secret-topic")

    assert slugs(response) == []


def test_country_detail_leaves_drafts_out_of_taking_part_and_hosting(client, draft):
    armenia = client.get("/api/countries/armenia/").json()
    russia = client.get("/api/countries/russia/").json()

    assert (armenia["events_count"], russia["events_count"]) == (1, 1)
    assert slugs(client.get(armenia["events_url"])) == [ACADEMY]
    assert slugs(client.get(russia["events_url"])) == [ACADEMY]


def test_country_detail_serbia_took_part_and_hosted(client, archive_2015):
    record = client.get("/api/countries/serbia/").json()

    assert (record["iso_code"], record["name_ru"]) == ("RS", "Сербия")
    assert (record["events_count"], record["events_url"]) == (
        2,
        "http://testserver/api/events/?country=serbia",
    )
    assert slugs(client.get(record["events_url"])) == [
        "csto-youth-school-serbia-2015",
        ACADEMY,
    ]


def test_organization_detail_leaves_draft_events_out(client, draft):
    record = client.get("/api/organizations/csto/").json()

    assert record["events_count"] == 1
    assert slugs(client.get(record["events_url"])) == ["csto-youth-school-serbia-2015"]


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
        # count, page (with organization, country, events count), other names;
        # then in each, the archive's newest change (2)
        ("/api/people/", 5),
        # count, page, and the counts of events of every country at once
        # (links, links of unpublished events, hosted only), then cached
        ("/api/countries/", 4),
        # count, page (with country, parent, events count), members
        ("/api/organizations/", 5),
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

    # Person, names; country and its three counts; organization, members;
    # and with each, the archive's newest change (2).
    with django_assert_num_queries(11):
        person_response = client.get(f"/api/people/{person.slug}/")
        country_response = client.get(f"/api/countries/{country.slug}/")
        organization_response = client.get(f"/api/organizations/{organization.slug}/")

    assert person_response.json()["events_count"] == 1
    assert country_response.json()["events_count"] == 1
    assert len(organization_response.json()["member_countries"]) == related
