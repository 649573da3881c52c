"""The events list's facets: each filter's values with how many events each
matches within the other filters, and each facet's page of every value."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from academy.queries import among
from events.models import Event
from public import facets
from tests.factories import (
    make_country,
    make_draft,
    make_event,
    make_participation,
    make_person,
    make_topic,
)
from tests.helpers import card_titles, soup_of

pytestmark = pytest.mark.django_db


def shown_facets(response):
    """{legend: [(value, label, count, ticked)]} of the list's facets."""
    return {
        fieldset.legend.get_text(): [
            (
                box.input["value"],
                box.select_one(".facet-value").get_text(),
                int(box.select_one(".facet-count").contents[0]),
                box.input.has_attr("checked"),
            )
            for box in fieldset.select(".facet-values label")
        ]
        for fieldset in soup_of(response).select("fieldset.facet")
    }


def found(response):
    status = soup_of(response).select_one(".result-count").get_text()
    return int(re.match(r"\d+", status).group())


@pytest.fixture
def three_events():
    """Serbia took part in A and C, Georgia in B; A and B are on one topic."""
    serbia = make_country(name="Serbia", slug="serbia")
    georgia = make_country(name="Georgia", slug="georgia")
    security, migration = make_topic(name="Security"), make_topic(name="Migration")
    make_event(title="A", participating_countries=[serbia], topics=[security])
    make_event(title="B", participating_countries=[georgia], topics=[security])
    make_event(title="C", participating_countries=[serbia], topics=[migration])
    make_draft(participating_countries=[georgia], topics=[migration])
    return {"security": security, "migration": migration}


def test_a_facet_counts_within_the_other_filters_not_its_own(client, three_events):
    response = client.get("/events/?participating_country=serbia")

    shown = shown_facets(response)
    assert sorted(card_titles(response)) == ["A", "C"]
    # Every country's events, Serbia's ticked: ticking Georgia adds its one.
    assert shown["Country taking part"] == [
        ("serbia", "Serbia", 2, True),
        ("georgia", "Georgia", 1, False),
    ]
    # Topics among Serbia's events only; the draft counts nowhere.
    assert sorted(shown["Topic"], key=lambda value: value[1]) == [
        (three_events["migration"].slug, "Migration", 1, False),
        (three_events["security"].slug, "Security", 1, False),
    ]


def test_values_of_one_facet_widen_and_facets_narrow(client, three_events):
    security = three_events["security"].slug

    either = client.get(
        "/events/?participating_country=serbia&participating_country=georgia"
    )
    both = client.get(f"/events/?participating_country=georgia&topic={security}")

    assert sorted(card_titles(either)) == ["A", "B", "C"]
    assert [value[3] for value in shown_facets(either)["Country taking part"]] == [
        True,
        True,
    ]
    assert card_titles(both) == ["B"]


def test_a_value_without_events_is_left_out_unless_it_is_ticked(client, three_events):
    make_country(name="Atlantis", slug="atlantis")
    migration = three_events["migration"].slug

    response = client.get(f"/events/?topic={migration}&host_country=atlantis")

    shown = shown_facets(response)
    assert found(response) == 0
    assert shown["Host country"] == [("atlantis", "Atlantis", 0, True)]
    assert "Country taking part" not in shown


@pytest.fixture
def generated(archive_2015):
    call_command("generate_archive", events=80, seed=2, stdout=StringIO())


@pytest.mark.parametrize("selection", [{}, {"kind": "conference"}, {"q": "security"}])
def test_every_count_is_what_its_link_finds(client, generated, selection):
    response = client.get("/events/", selection)

    checked = 0
    for fieldset in soup_of(response).select("fieldset.facet"):
        for box in fieldset.select(".facet-values input"):
            count = int(box.find_next(class_="facet-count").contents[0])
            # The value within the other filters: its own filter's values
            # are alternatives to it.
            query = {**selection, box["name"]: box["value"]}
            listed = client.get("/events/", query)
            assert (box["name"], box["value"], found(listed)) == (
                box["name"],
                box["value"],
                count,
            )
            checked += 1
    assert checked > 20


def test_the_tallies_count_the_whole_archive_as_grouping_does(generated):
    published = Event.objects.published().values_list("pk", flat=True)

    for facet in facets.EVENT_FACETS:
        tallied, tallied_total = facets.count_from_tallies([facet])[facet.name]
        grouped, grouped_total = facets.facet_counts_within(facet, among(published))

        assert (facet.name, sorted(tallied)) == (facet.name, sorted(grouped))
        assert tallied_total == grouped_total


def test_a_long_facet_shows_its_top_values_and_links_to_all(client):
    topic = make_topic(slug="busy")
    people = [make_person(name=f"Speaker {number:02}") for number in range(12)]
    for number, person in enumerate(people):
        for _ in range(number + 1):
            make_participation(make_event(topics=[topic]), person)

    response = client.get("/events/?topic=busy")

    speakers = shown_facets(response)["Speaker"]
    assert [(label, count) for _slug, label, count, _ticked in speakers] == [
        (f"Speaker {number:02}", number + 1) for number in range(11, 3, -1)
    ]
    speaker_facet = "fieldset.facet:has(input[name=person])"
    more = soup_of(response).select_one(f"{speaker_facet} .facet-more a")
    assert more.get_text(" ", strip=True) == "Show all 12 : Speaker"
    assert more["href"] == "/events/filters/person/?topic=busy"


def test_a_long_facets_find_box_belongs_to_its_own_form(client):
    topic = make_topic(slug="busy")
    for number in range(12):
        make_participation(
            make_event(topics=[topic]), make_person(name=f"Speaker {number:02}")
        )

    page = soup_of(client.get("/events/?topic=busy"))

    box = page.select_one(".facet-find input[name=find]")
    owner = page.find(id=box["form"])
    assert owner.name == "form"
    assert owner["action"] == "/events/filters/person/"
    assert page.select_one(f"label[for='{box['id']}']") is not None
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_a_facet_page_lists_every_value_and_finds_one_by_name(client):
    topic = make_topic(slug="busy")
    for name in ("Anna Weber", "Oleg Weber", "Ivan Petrov"):
        make_participation(make_event(topics=[topic]), make_person(name=name))
    make_participation(make_event(), make_person(name="Nina Weber"))

    every = soup_of(client.get("/events/filters/person/?topic=busy"))
    webers = soup_of(client.get("/events/filters/person/?topic=busy&find=weber"))

    names = [label.get_text() for label in every.select(".facet-value")]
    assert sorted(names) == ["Anna Weber", "Ivan Petrov", "Oleg Weber"]
    assert sorted(label.get_text() for label in webers.select(".facet-value")) == [
        "Anna Weber",
        "Oleg Weber",
    ]
    assert webers.select_one(".result-count").get_text() == (
        "2 values with events match “weber”."
    )
    # The form goes back to the list with the other filters kept.
    form = webers.select_one("form.filters")
    assert form["action"] == "/events/"
    assert [(box["name"], box["value"]) for box in form.select("[type=hidden]")] == [
        ("topic", "busy")
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/events/filters/nothing/",
        "/events/filters/topic/?page=0",
        "/events/filters/topic/?page=99",
        "/events/filters/topic/?page=x",
    ],
)
def test_a_facet_page_that_does_not_exist_is_a_404(client, url):
    make_event(topics=[make_topic()])

    assert client.get(url).status_code == 404


def test_a_facet_page_says_what_is_wrong_with_a_bad_filter(client):
    response = client.get("/events/filters/topic/?year=abc")
    too_long = client.get("/events/filters/topic/", {"find": "x" * 101})

    assert response.status_code == 200
    assert soup_of(response).select_one(".notice-error li").get_text() == (
        "Not a year: abc."
    )
    assert too_long.status_code == 200
    assert soup_of(too_long).select_one(".big-search .errorlist").get_text() == (
        "Ensure this value has at most 100 characters (it has 101)."
    )


def test_the_years_are_newest_first(client):
    for year in (2011, 2015, 2013):
        make_event(start_date=datetime.date(year, 1, 1))

    response = client.get("/events/")

    assert [value[0] for value in shown_facets(response)["Year"]] == [
        "2015",
        "2013",
        "2011",
    ]


def test_a_text_search_counts_its_facets_again_only_when_its_events_change(
    client, three_events
):
    url = "/events/?q=security"
    before = shown_facets(client.get(url))["Country taking part"]
    other = Event.objects.get(title="C")

    other.summary = "A word on the weather."
    other.save()  # every text search runs again: C might match now
    with CaptureQueriesContext(connection) as unchanged_search:
        unchanged = shown_facets(client.get(url))["Country taking part"]
    # Read now: the next request empties the connection's log.
    grouped = [query["sql"] for query in unchanged_search if "GROUP BY" in query["sql"]]
    other.summary = "A word on security."
    other.save()
    changed = shown_facets(client.get(url))["Country taking part"]

    assert (
        before
        == unchanged
        == [
            ("georgia", "Georgia", 1, False),
            ("serbia", "Serbia", 1, False),
        ]
    )
    assert grouped == []
    assert changed == [("serbia", "Serbia", 2, False), ("georgia", "Georgia", 1, False)]
