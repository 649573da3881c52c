"""The people list's facets: each filter's values with how many people each
matches within the other filters, and each facet's page of every value."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import (
    make_country,
    make_draft,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_topic,
)
from tests.helpers import card_titles, soup_of
from tests.public.test_facets import shown_facets

pytestmark = pytest.mark.django_db


def found(response):
    status = soup_of(response).select_one(".result-count").get_text()
    return int(re.match(r"\d+", status).group())


@pytest.fixture
def three_people():
    """Ana and Boris are Serbian, Vera Georgian; Ana and Vera spoke on
    security, Boris on migration twice; a draft's speaker counts nowhere."""
    serbia = make_country(name="Serbia", slug="serbia")
    georgia = make_country(name="Georgia", slug="georgia")
    institute = make_organization(name="Institute", slug="institute")
    security = make_topic(name="Security", slug="security")
    migration = make_topic(name="Migration", slug="migration")
    ana = make_person(name="Ana", country=serbia, organization=institute)
    boris = make_person(name="Boris", country=serbia)
    vera = make_person(name="Vera", country=georgia, organization=institute)
    on_security = make_event(topics=[security])
    make_participation(on_security, ana)
    make_participation(on_security, vera)
    for _ in range(2):
        make_participation(make_event(topics=[migration]), boris)
    make_participation(make_draft(topics=[security]), boris)


def test_a_people_facet_counts_within_the_other_filters_not_its_own(
    client, three_people
):
    response = client.get("/people/?country=serbia")

    shown = shown_facets(response)
    assert card_titles(response) == ["Ana", "Boris"]
    assert shown["Country"] == [
        ("serbia", "Serbia", 2, True),
        ("georgia", "Georgia", 1, False),
    ]
    assert shown["Organization"] == [("institute", "Institute", 1, False)]
    # Each person once, however often they spoke on it; not on a draft.
    # Equal counts: the newer record first.
    assert shown["Topic"] == [
        ("migration", "Migration", 1, False),
        ("security", "Security", 1, False),
    ]


def test_two_values_of_a_people_facet_widen_the_list(client, three_people):
    response = client.get("/people/?country=serbia&country=georgia&topic=security")

    shown = shown_facets(response)
    assert card_titles(response) == ["Ana", "Vera"]
    assert [value[3] for value in shown["Country"]] == [True, True]
    assert shown["Topic"] == [
        ("security", "Security", 2, True),
        ("migration", "Migration", 1, False),
    ]


def test_every_people_count_is_what_its_link_finds(client, archive_2015):
    call_command("generate_archive", events=80, seed=2, stdout=StringIO())
    selection = {"topic": "migration"}

    checked = 0
    response = client.get("/people/", selection)
    for box in soup_of(response).select("fieldset.facet .facet-values input"):
        count = int(box.find_next(class_="facet-count").contents[0])
        listed = client.get("/people/", {**selection, box["name"]: box["value"]})
        assert (box["name"], box["value"], found(listed)) == (
            box["name"],
            box["value"],
            count,
        )
        checked += 1
    assert checked > 10


def test_a_people_facet_page_lists_every_value_and_finds_one(client, three_people):
    serbia = make_country(name="Serbia", slug="serbia-2")
    for number in range(10):
        make_person(country=make_country(name=f"Land {number:02d}"))
    make_person(country=serbia)

    listed = soup_of(client.get("/people/"))
    more = listed.select_one(".facet-more a")
    every = soup_of(client.get(more["href"]))
    find = soup_of(client.get("/people/filters/country/?find=serb"))

    assert more["href"] == "/people/filters/country/"
    assert more.get_text() == "Show all 13: Country"
    assert every.h1.get_text() == "Filter people: Country"
    assert len(every.select(".facet-values input")) == 13
    assert every.select_one(".result-count").get_text() == "13 values have people."
    assert [label.get_text() for label in find.select(".facet-value")] == [
        "Serbia",
        "Serbia",
    ]
    assert find.select_one("form.filters")["action"] == "/people/"


@pytest.mark.parametrize("url", ["/people/filters/kind/", "/people/filters/q/"])
def test_a_people_facet_page_that_does_not_exist_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_russian_people_facets_say_people(client, three_people):
    page = soup_of(client.get("/ru/people/?country=serbia"))

    count = page.select_one(".facet-count").get_text(" ", strip=True)
    assert page.select_one("#filters-heading").get_text() == "Фильтр людей"
    assert count == "2 человека"
