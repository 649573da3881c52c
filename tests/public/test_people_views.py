import pytest

from tests.factories import (
    make_country,
    make_draft,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_topic,
)
from tests.helpers import card_titles, hrefs, section_links, soup_of

pytestmark = pytest.mark.django_db

SEMERIKOV, VASILYEV, VIRABYAN = "Valery Semerikov", "Victor Vasilyev", "David Virabyan"
ACADEMY_URL = "/events/4th-csto-academy-2015/"
SCHOOL_URL = "/events/csto-youth-school-serbia-2015/"


# People


def test_person_list_sorted_by_surname(client, archive_2015):
    response = client.get("/people/")

    assert response.status_code == 200
    assert card_titles(response) == [SEMERIKOV, VASILYEV, VIRABYAN]
    assert "3 people found." in response.text


def test_each_card_of_the_person_list_is_an_anchor_named_by_its_person(
    client, archive_2015
):
    page = soup_of(client.get("/people/"))

    assert [card.get("id") for card in page.select(".cards .card")] == [
        "person-valery-semerikov",
        "person-victor-vasilyev",
        "person-david-virabyan",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=armenia", [VIRABYAN]),
        ("country=armenia&country=russia", [VASILYEV, VIRABYAN]),
        ("organization=csto", [SEMERIKOV, VASILYEV, VIRABYAN]),
        ("organization=nato", []),
        ("topic=migration", [SEMERIKOV, VASILYEV, VIRABYAN]),
        ("topic=youth-and-education&country=russia", [VASILYEV]),
        ("q=viktor", [VASILYEV]),
        ("q=Вирабян", [VIRABYAN]),
        ("q=deputy", [SEMERIKOV]),
        ("q=plenipotentiary&country=armenia", [VIRABYAN]),
    ],
)
def test_person_list_filters(client, archive_2015, query, expected):
    response = client.get(f"/people/?{query}")

    assert card_titles(response) == expected


def test_person_list_topic_filter_ignores_draft_events(client):
    topic = make_topic()
    draft = make_draft(topics=[topic])
    make_participation(draft, make_person(name="Draft Speaker"))
    published = make_event(topics=[topic])
    make_participation(published, make_person(name="Real Speaker"))

    response = client.get(f"/people/?topic={topic.slug}")

    assert card_titles(response) == ["Real Speaker"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=atlantis", "No such country: atlantis."),
        ("organization=acme", "No such organization: acme."),
        ("topic=nothing", "No such topic: nothing."),
    ],
)
def test_person_list_bad_filter_shows_message_and_nothing(
    client, archive_2015, query, message
):
    response = client.get(f"/people/?{query}")

    notices = [item.get_text() for item in soup_of(response).select(".notice li")]
    assert response.status_code == 200
    assert notices == [message]
    assert card_titles(response) == []


def test_person_list_bad_page_is_404(client, archive_2015):
    assert client.get("/people/?page=two").status_code == 404


@pytest.mark.parametrize("size", [1, 40])
def test_person_list_query_count_is_fixed(client, django_assert_num_queries, size):
    country, organization = make_country(), make_organization()
    for _ in range(size):
        make_person(country=country, organization=organization)

    # The page, its count, the three facets and their three lists of names.
    with django_assert_num_queries(8):
        response = client.get("/people/")

    assert len(card_titles(response)) == min(size, 30)


def test_person_detail_shows_roles_and_links(client, archive_2015):
    response = client.get("/people/david-virabyan/")
    page = soup_of(response)

    assert page.h1.get_text() == VIRABYAN
    assert "Давид Вирабян" in page.select_one(".person-head .meta").get_text()
    assert page.select_one(".portrait")["alt"] == "No photo"
    row = page.select_one(".event-rows li").get_text(" ", strip=True)
    assert row == (
        "4th CSTO Academy 25 June 2015 · Russia Speaker , Plenipotentiary "
        "Representative of Armenia to the CSTO"
    )
    assert {
        ACADEMY_URL,
        "/countries/armenia/",
        "/organizations/csto/",
        "/countries/russia/",
    } <= hrefs(response)


@pytest.mark.parametrize(
    ("path", "name", "others"),
    [
        (
            "/people/victor-vasilyev/",
            VASILYEV,
            "Виктор Васильев, Viktor Vasiliev, Viktor Vasilyev",
        ),
        (
            "/ru/people/victor-vasilyev/",
            "Виктор Васильев",
            "Victor Vasilyev, Viktor Vasiliev, Viktor Vasilyev",
        ),
        ("/ru/people/valery-semerikov/", "Валерий Семериков", "Valery Semerikov"),
    ],
)
def test_person_detail_gives_the_spellings_besides_the_heading(
    client, archive_2015, path, name, others
):
    page = soup_of(client.get(path))

    assert page.h1.get_text() == name
    meta = page.select_one(".person-head .meta").get_text()
    assert meta.split(": ", 1)[1] == others


def test_russian_person_page_marks_english_position_and_biography(client):
    person = make_person(
        name="Anna Petrova",
        name_ru="Анна Петрова",
        position="Envoy",
        biography="Born in Kazan.",
    )

    page = soup_of(client.get(f"/ru{person.get_absolute_url()}"))

    assert page.select_one(".facts dd[lang=en]").get_text() == "Envoy"
    biography = page.select_one("section[aria-labelledby=bio-heading]")
    assert biography.select_one("[lang=en]").get_text(strip=True) == "Born in Kazan."
    assert biography.select_one(".fallback-note").get_text() == (
        "Только на английском."
    )


def test_person_detail_hides_draft_events(client):
    person = make_person()
    make_participation(make_event(title="Public"), person)
    make_participation(
        make_draft(title="Draft", slug="draft-event"),
        person,
    )

    response = client.get(person.get_absolute_url())

    assert section_links(response, "events-heading") == ["Public"]
    assert "/events/draft-event/" not in response.text


def test_person_detail_unknown_is_404(client):
    assert client.get("/people/nobody/").status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_person_detail_query_count_is_fixed(client, django_assert_num_queries, size):
    home, host = make_country(), make_country()
    person = make_person(country=home, organization=make_organization())
    for _ in range(size):
        event = make_event(
            host_country=host,
            participating_countries=[make_country()],
            topics=[make_topic()],
            organizers=[make_organization()],
        )
        make_participation(event, person)
        make_participation(event, make_person())

    # The person, their other names, their roles, the
    # filter's person, the keys of their events, their years, the facets of
    # links (one query), the names of countries, topics and organizations,
    # their co-speakers and those people, and a page of their talks.
    with django_assert_num_queries(13):
        response = client.get(person.get_absolute_url())

    assert len(soup_of(response).select(".event-rows > li")) == size


# Countries


def test_country_list_counts_published_events_taken_part_or_hosted(
    client, archive_2015
):
    make_draft(host_country_id=7)

    page = soup_of(client.get("/countries/"))

    rows = {
        item.a.get_text(): item.select_one(".meta").get_text()
        for item in page.select(".tally li")
    }
    assert rows["Serbia"] == "2 events"
    assert rows["Russia"] == "1 event"
    # Discussed at the academy, never a participant: not "0 events".
    assert rows["China"] == "discussed at 1 event"


def test_russian_country_list_says_where_a_country_was_discussed(client, archive_2015):
    page = soup_of(client.get("/ru/countries/"))

    # Impersonal, so that it agrees with Китай and Украина alike.
    row = page.select_one(".tally li:has(a[href='/ru/countries/china/'])")
    assert row.select_one(".meta").get_text() == "обсуждали на 1 мероприятии"


def test_country_page_offers_the_events_filter_only_if_it_finds_some(
    client, archive_2015
):
    china = soup_of(client.get("/countries/china/"))
    russia = soup_of(client.get("/countries/russia/"))

    label = "Filter the events with this country"
    assert label not in china.select_one("main").get_text()
    assert label in russia.select_one("main").get_text()


def test_country_detail_serbia(client, archive_2015):
    response = client.get("/countries/serbia/")

    # Taking part or hosting, newest first.
    assert section_links(response, "events-heading") == [
        "CSTO Youth School in Serbia",
        "4th CSTO Academy",
    ]


def test_country_detail_armenia(client, archive_2015):
    response = client.get("/countries/armenia/")

    assert card_titles(response) == [VIRABYAN]
    members = section_links(response, "organizations-heading")
    assert members == ["Collective Security Treaty Organization"]


def test_country_detail_hides_drafts(client):
    country = make_country()
    make_event(title="Shown", participating_countries=[country])
    make_draft(
        title="Hidden",
        participating_countries=[country],
        host_country=country,
        mentioned_countries=[country],
    )

    response = client.get(country.get_absolute_url())

    assert section_links(response, "events-heading") == ["Shown"]
    assert "Hidden" not in response.text


def test_country_detail_unknown_is_404(client):
    assert client.get("/countries/atlantis/").status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_country_pages_query_count_is_fixed(client, django_assert_num_queries, size):
    country = make_country()
    for _ in range(size):
        event = make_event(
            participating_countries=[country],
            host_country=country,
            mentioned_countries=[country],
            topics=[make_topic()],
            organizers=[make_organization()],
        )
        make_participation(event, make_person())
        make_person(country=country, organization=make_organization())
        make_organization(country=country, member_countries=[country])

    # The country with its counts, its organizations and memberships, the
    # latest events where it was discussed, its people, the countries that
    # took part with it (from the tallies), the filter's country, the keys of
    # its events, their speakers, years and topics and organizers (one
    # query), the names of topics and organizations and of the speakers,
    # and a page of its events.
    with django_assert_num_queries(15):
        client.get(country.get_absolute_url())
    # The countries, and every country's count of events: links, links of
    # unpublished events, hosted only.
    with django_assert_num_queries(1):
        client.get("/countries/")


# Organizations


def test_organization_list(client, archive_2015):
    response = client.get("/organizations/")

    assert card_titles(response) == [
        "CSTO Analytical Association",
        "CSTO Institute",
        "CSTO Secretariat",
        "CSTO University League",
        "Collective Security Treaty Organization",
        "Gorchakov Fund",
        "ISIS",
        "North Atlantic Treaty Organization",
    ]


def test_organization_detail_csto(client, archive_2015):
    response = client.get("/organizations/csto/")

    assert section_links(response, "children-heading") == [
        "CSTO Institute",
        "CSTO Secretariat",
    ]
    assert section_links(response, "members-heading") == [
        "Armenia",
        "Belarus",
        "Kazakhstan",
        "Kyrgyzstan",
        "Russia",
        "Tajikistan",
    ]
    assert section_links(response, "events-heading")[0] == (
        "CSTO Youth School in Serbia"
    )
    assert section_links(response, "discussed-heading") == ["4th CSTO Academy"]
    assert card_titles(response) == [SEMERIKOV, VASILYEV, VIRABYAN]


def test_organization_detail_child_links_to_parent(client, archive_2015):
    response = client.get("/organizations/csto-institute/")

    assert "/organizations/csto/" in hrefs(response)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/organizations/isis/", "ISIS"),
        ("/organizations/nato/", "North Atlantic Treaty Organization (NATO)"),
        ("/ru/organizations/nato/", "Организация Североатлантического договора (НАТО)"),
    ],
)
def test_organization_acronym_only_when_it_differs_from_the_name(
    client, archive_2015, path, heading
):
    page = soup_of(client.get(path))

    assert page.h1.get_text() == heading


def test_organization_list_names_the_parent_in_a_grammatical_russian_phrase(
    client, archive_2015
):
    page = soup_of(client.get("/ru/organizations/"))

    card = next(
        card for card in page.select(".card") if card.h2.get_text() == "Институт ОДКБ"
    )
    assert card.select_one(".meta").get_text() == (
        "Научно-исследовательский институт · головная организация: "
        "Организация Договора о коллективной безопасности"
    )


def test_organization_detail_hides_drafts(client):
    organization = make_organization()
    make_draft(
        title="Hidden",
        organizers=[organization],
        mentioned_organizations=[organization],
    )

    response = client.get(organization.get_absolute_url())

    assert section_links(response, "events-heading") == []
    assert "Hidden" not in response.text


def test_organization_detail_unknown_is_404(client):
    assert client.get("/organizations/acme/").status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_organization_pages_query_count_is_fixed(
    client, django_assert_num_queries, size
):
    organization = make_organization(
        member_countries=[make_country() for _ in range(size)]
    )
    elsewhere = make_country()
    for _ in range(size):
        make_organization(parent=organization, country=elsewhere)
        make_person(organization=organization, country=elsewhere)
        event = make_event(
            organizers=[organization, make_organization()],
            mentioned_organizations=[organization],
            participating_countries=[elsewhere],
            topics=[make_topic()],
        )
        make_participation(event, make_person())

    # The organization with its counts, parent and country, its bodies and
    # members, the latest events where it was discussed, its people, then
    # the filter's organization, the keys of its events, their speakers,
    # years, and countries and topics (one query), the names of countries,
    # topics and speakers, the organizations beside it and their names, and
    # a page of its events.
    with django_assert_num_queries(16):
        client.get(organization.get_absolute_url())
    with django_assert_num_queries(2):
        client.get("/organizations/")


# Cross-links both ways


def test_event_person_event_round_trip(client, archive_2015):
    assert "/people/david-virabyan/" in hrefs(client.get(ACADEMY_URL))
    assert ACADEMY_URL in hrefs(client.get("/people/david-virabyan/"))


def test_event_country_event_round_trip(client, archive_2015):
    assert "/countries/serbia/" in hrefs(client.get(SCHOOL_URL))
    assert SCHOOL_URL in hrefs(client.get("/countries/serbia/"))


def test_event_organization_event_round_trip(client, archive_2015):
    assert "/organizations/gorchakov-fund/" in hrefs(client.get(ACADEMY_URL))
    assert ACADEMY_URL in hrefs(client.get("/organizations/gorchakov-fund/"))


def test_person_organization_person_round_trip(client, archive_2015):
    assert "/organizations/csto/" in hrefs(client.get("/people/victor-vasilyev/"))
    assert "/people/victor-vasilyev/" in hrefs(client.get("/organizations/csto/"))
