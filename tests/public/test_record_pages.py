"""The pages of a person, a country, an organization and a topic as overviews
of their events: how many, the facets of them, a page of them at a time
under their years, and the way to them on the events list first."""

import datetime
import re

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
from tests.helpers import soup_of

pytestmark = pytest.mark.django_db


def speaker_of(count, person=None, **fields):
    """A person who spoke at `count` published events (one a day back from
    1 June 2024), each made with `fields`."""
    person = person or make_person()
    for day in range(count):
        start = datetime.date(2024, 6, 1) - datetime.timedelta(days=day)
        make_participation(make_event(start_date=start, **fields), person)
    return person


def events_heading(response):
    return soup_of(response).find(id="events-heading").get_text()


def listed_titles(response):
    """The titles of the events the page lists, by year: {year: [title...]}."""
    section = soup_of(response).find(id="events-heading").parent
    return {
        int(heading["id"].removeprefix("year-")): [
            link.get_text()
            for link in heading.find_next_sibling("ul").select("li > a:first-child")
        ]
        for heading in section.select("h3.year-heading")
    }


def result_count(client, url):
    """How many events the list at `url` says it found."""
    text = soup_of(client.get(url)).select_one(".result-count").get_text()
    return int(re.match(r"\d+", text)[0])


@pytest.mark.parametrize(
    ("language", "count", "heading"),
    [
        ("en", 1, "1 event"),
        ("en", 3, "3 events"),
        ("ru", 1, "1 мероприятие"),
        ("ru", 3, "3 мероприятия"),
        ("ru", 5, "5 мероприятий"),
        ("ru", 21, "21 мероприятие"),
    ],
)
def test_person_page_counts_their_events_in_the_heading(
    client, language, count, heading
):
    person = speaker_of(count)
    make_participation(make_draft(), person)  # not counted
    prefix = "/ru" if language == "ru" else ""

    response = client.get(prefix + person.get_absolute_url())

    assert events_heading(response) == heading


def test_person_page_groups_their_events_by_year_newest_first(client):
    person = make_person()
    for title, start in [
        ("Spring 2013", datetime.date(2013, 4, 1)),
        ("Summer 2015", datetime.date(2015, 7, 1)),
        ("Winter 2015", datetime.date(2015, 1, 20)),
    ]:
        make_participation(make_event(title=title, start_date=start), person)

    response = client.get(person.get_absolute_url())

    assert listed_titles(response) == {
        2015: ["Summer 2015", "Winter 2015"],
        2013: ["Spring 2013"],
    }
    years = [
        heading.get_text(" ", strip=True)
        for heading in soup_of(response).select(".year-heading")
    ]
    assert years == ["2015 2 events", "2013 1 event"]


def test_person_page_lists_fifty_events_a_page(client):
    person = speaker_of(201)
    url = person.get_absolute_url()

    first, second, last = (client.get(f"{url}?page={n}") for n in (1, 2, 5))

    assert events_heading(first) == "201 events"
    assert sum(len(titles) for titles in listed_titles(first).values()) == 50
    assert second.status_code == 200
    assert sum(len(titles) for titles in listed_titles(second).values()) == 50
    assert sum(len(titles) for titles in listed_titles(last).values()) == 1
    next_page = soup_of(first).select_one(".pagination a[rel=next]")["href"]
    assert next_page == "?page=2#events-heading"


@pytest.mark.parametrize("page", ["99", "3", "0", "two", "-1"])
def test_record_page_past_its_events_is_404(client, page):
    person = speaker_of(51)  # two pages
    topic = make_topic()
    make_event(topics=[topic])

    assert client.get(f"{person.get_absolute_url()}?page={page}").status_code == 404
    assert client.get(f"{topic.get_absolute_url()}?page={page}").status_code == 404


def test_person_page_sums_up_their_roles_and_co_speakers(client):
    person, often, once = make_person(), make_person(name="Often Beside"), make_person()
    for number in range(3):
        event = make_event()
        role = "moderator" if number == 0 else "speaker"
        make_participation(event, person, role=role)
        make_participation(event, often)
        if number == 0:
            make_participation(event, once, role="expert")
    elsewhere = make_event()  # without the person: counts for no one here
    make_participation(elsewhere, often)
    make_participation(elsewhere, once)

    page = soup_of(client.get(person.get_absolute_url()))

    roles = page.find(id="roles-heading").parent.select("li")
    assert [role.get_text(" ", strip=True) for role in roles] == [
        "Speaker 2 events",
        "Moderator 1 event",
    ]
    companions = page.find(id="companions-heading").parent.select("li")
    assert [item.get_text(" ", strip=True) for item in companions] == [
        "Often Beside 3 events",
        f"{once.name} 1 event",
    ]
    assert companions[0].a["href"] == often.get_absolute_url()


def test_record_facets_count_its_events_and_link_to_them_on_the_list(client):
    person = make_person()
    common, rare = make_topic(name="Common"), make_topic(name="Rare")
    serbia = make_country(name="Serbia")
    for topics in ([common], [common, rare], []):
        event = make_event(topics=topics, participating_countries=[serbia])
        make_participation(event, person)
    make_event(topics=[common, rare], participating_countries=[serbia])  # not theirs

    page = soup_of(client.get(person.get_absolute_url()))

    values = page.find(id="facet-topic-heading").parent.select("li")
    assert [value.get_text(" ", strip=True) for value in values] == [
        "Common 2 events",
        "Rare 1 event",
    ]
    link = values[0].a["href"]
    assert link == f"/events/?person={person.slug}&topic={common.slug}"
    assert result_count(client, link) == 2
    countries = page.find(id="facet-participating_country-heading").parent
    country = countries.select_one("li")
    assert country.get_text(" ", strip=True) == "Serbia 3 events"
    assert result_count(client, country.a["href"]) == 3


def test_country_page_facets_count_the_events_it_took_part_in_or_hosted(client):
    country, topic = make_country(), make_topic(name="Trade")
    make_event(participating_countries=[country], topics=[topic])
    make_event(host_country=country, topics=[topic])
    make_event(mentioned_countries=[country], topics=[topic])  # discussed only

    page = soup_of(client.get(country.get_absolute_url()))

    value = page.find(id="facet-topic-heading").parent.select_one("li")
    assert value.get_text(" ", strip=True) == "Trade 2 events"
    assert result_count(client, value.a["href"]) == 2
    assert page.find(id="events-heading").get_text() == "2 events"


@pytest.mark.parametrize(
    ("record", "label"),
    [
        ("person", "Filter the events they spoke at"),
        ("country", "Filter the events with this country"),
        ("organization", "Filter the events it organized"),
        ("topic", "Filter the events on this topic"),
    ],
)
def test_record_page_offers_the_filter_of_its_events_before_listing_them(
    client, record, label
):
    made = {
        "person": lambda: speaker_of(2),
        "country": lambda: make_country(),
        "organization": lambda: make_organization(),
        "topic": lambda: make_topic(),
    }[record]()
    if record != "person":
        links = {
            "country": "participating_countries",
            "organization": "organizers",
            "topic": "topics",
        }
        for _ in range(2):
            make_event(**{links[record]: [made]})

    page = soup_of(client.get(made.get_absolute_url()))

    link = page.find("a", string=label)
    heading = page.find(id="events-heading")
    assert link["href"] == f"/events/?{record}={made.slug}"
    assert link in heading.find_all_previous("a")


def test_country_page_opens_with_its_totals(client):
    country = make_country()
    make_event(participating_countries=[country])
    make_event(participating_countries=[country], host_country=country)
    make_event(host_country=country)
    make_event(mentioned_countries=[country])
    make_draft(host_country=country)
    make_person(country=country)

    response = client.get(country.get_absolute_url())
    page = soup_of(response)

    totals = {
        total.dt.get_text(): total.dd.get_text() for total in page.select(".totals div")
    }
    assert totals == {
        "Events it took part in": "2",
        "Events it hosted": "2",
        "Events where it was discussed": "1",
        "People": "1",
    }
    assert page.select_one(".totals") in page.find(id="map-heading").find_all_previous()
    for total in page.select(".totals a"):
        if "/events/" in total["href"]:
            assert result_count(client, total["href"]) == int(total.get_text())
    assert events_heading(response) == "3 events"


def test_russian_country_page_names_its_totals(client):
    country = make_country()
    make_event(participating_countries=[country])

    page = soup_of(client.get(f"/ru{country.get_absolute_url()}"))

    labels = [total.get_text() for total in page.select(".totals dt")]
    assert labels == [
        "Мероприятия с её участием",
        "Мероприятия, которые она принимала",
        "Мероприятия, на которых она обсуждалась",
        "Люди",
    ]
    assert page.find(id="events-heading").get_text() == "1 мероприятие"
