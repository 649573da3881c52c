"""A record page's counts and the lists they link to: "N of M shown. See
them all", a total, the count of its events: the list holds as many."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    make_country,
    make_event,
    make_organization,
    make_person,
    make_topic,
)

pytestmark = pytest.mark.django_db

MORE = 21  # one more than a record's page lists


def see_them_all(client, url, heading_id):
    """(M of "N of M shown", the link's list's count) in a section of `url`."""
    page = BeautifulSoup(client.get(url).content, "html.parser")
    more = page.find(id=heading_id).parent.select_one(".more")
    total = int(re.search(r"of (\d+) shown", more.get_text()).group(1))
    listed = BeautifulSoup(client.get(more.a["href"]).content, "html.parser")
    found = int(re.match(r"\d+", listed.select_one(".result-count").get_text())[0])
    return total, found


def total_and_list(client, url, label):
    """(a total of the page at `url`, the count of the list it links to)."""
    page = BeautifulSoup(client.get(url).content, "html.parser")
    total = next(
        total for total in page.select(".totals div") if total.dt.get_text() == label
    )
    listed = BeautifulSoup(client.get(total.a["href"]).content, "html.parser")
    found = int(re.match(r"\d+", listed.select_one(".result-count").get_text())[0])
    return int(total.dd.get_text()), found


def events_and_list(client, url):
    """(the count of the events the page at `url` lists, the count of the
    list that its "Filter the events" link opens)."""
    page = BeautifulSoup(client.get(url).content, "html.parser")
    count = int(re.match(r"\d+", page.find(id="events-heading").get_text())[0])
    link = page.select_one(".record-actions a")
    listed = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    found = int(re.match(r"\d+", listed.select_one(".result-count").get_text())[0])
    return count, found


def test_country_sections_link_to_lists_of_what_they_count(client):
    country, elsewhere = make_country(), make_country()
    for _ in range(MORE):
        make_event(participating_countries=[country], host_country=elsewhere)
        make_event(host_country=country)
        make_event(mentioned_countries=[country])
    for _ in range(MORE):
        make_person(country=country)
    url = country.get_absolute_url()

    assert total_and_list(client, url, "Events it took part in") == (MORE, MORE)
    assert total_and_list(client, url, "Events it hosted") == (MORE, MORE)
    assert total_and_list(client, url, "Events where it was discussed") == (
        MORE,
        MORE,
    )
    assert events_and_list(client, url) == (2 * MORE, 2 * MORE)
    assert see_them_all(client, url, "discussed-heading") == (MORE, MORE)
    assert see_them_all(client, url, "people-heading") == (MORE, MORE)


def test_organization_sections_link_to_lists_of_what_they_count(client):
    organization = make_organization()
    for _ in range(MORE):
        make_event(organizers=[organization])
        make_event(mentioned_organizations=[organization])
        make_person(organization=organization)
    url = organization.get_absolute_url()

    assert total_and_list(client, url, "Events it organized") == (MORE, MORE)
    assert events_and_list(client, url) == (MORE, MORE)
    assert see_them_all(client, url, "discussed-heading") == (MORE, MORE)
    assert see_them_all(client, url, "people-heading") == (MORE, MORE)


def test_topic_events_link_to_the_list_of_its_events(client):
    topic = make_topic()
    for _ in range(MORE):
        make_event(topics=[topic])

    assert events_and_list(client, topic.get_absolute_url()) == (MORE, MORE)
