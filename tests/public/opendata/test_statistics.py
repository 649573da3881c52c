import datetime

import pytest

from tests.factories import make_draft, make_event, make_topic
from tests.helpers import soup_of

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def ref(kind, slug, name):
    return {"slug": slug, "name": name, "url": f"{SITE}/{kind}/{slug}/"}


def test_statistics_json_of_the_2015_data(client, draft):
    response = client.get("/statistics.json")

    assert response["Content-Type"] == "application/json"
    data = response.json()
    # The school of 2015 was announced; the source does not say it was held.
    assert data["events_per_year"] == [
        {"year": 2012, "events": 1, "held": 1, "announced": 0},
        {"year": 2013, "events": 0, "held": 0, "announced": 0},
        {"year": 2014, "events": 0, "held": 0, "announced": 0},
        {"year": 2015, "events": 2, "held": 1, "announced": 1},
    ]
    assert data["countries"] == [
        {**ref("countries", "serbia", "Serbia"), "events": 2},
        *(
            {**ref("countries", slug, slug.title()), "events": 1}
            for slug in (
                "armenia",
                "belarus",
                "georgia",
                "kazakhstan",
                "kyrgyzstan",
                "russia",
                "tajikistan",
            )
        ),
    ]
    assert data["organizations"] == [
        {
            **ref("organizations", "csto", "Collective Security Treaty Organization"),
            "events": 1,
        },
        {
            **ref(
                "organizations",
                "csto-analytical-association",
                "CSTO Analytical Association",
            ),
            "events": 1,
        },
        {**ref("organizations", "csto-institute", "CSTO Institute"), "events": 1},
        {**ref("organizations", "gorchakov-fund", "Gorchakov Fund"), "events": 1},
    ]
    topics = data["topics_over_time"]
    assert len(topics) == 10
    assert topics[0] == {
        **ref("topics", "youth-and-education", "Youth and education"),
        "events_per_year": [
            {"year": 2012, "events": 0},
            {"year": 2013, "events": 0},
            {"year": 2014, "events": 0},
            {"year": 2015, "events": 2},
        ],
    }
    # The draft is about migration and would make it the second topic.
    assert [topic["slug"] for topic in topics[1:4]] == [
        "collective-security",
        "cooperation-with-international-organizations",
        "cooperation-with-post-soviet-non-members",
    ]


def test_statistics_json_of_an_empty_archive(client, db):
    make_draft()

    data = client.get("/statistics.json").json()

    assert data == {
        "events_per_year": [],
        "events_per_month": [],
        "countries": [],
        "countries_taking_part": [],
        "countries_hosting": [],
        "organizations": [],
        "topics_over_time": [],
    }


def test_statistics_page_draws_each_chart_with_a_table(client, archive_2015):
    response = client.get("/statistics/")

    assert response.status_code == 200
    soup = soup_of(response)
    charts = soup.select("svg.chart[role=img]")
    assert [svg["aria-labelledby"] for svg in charts] == [
        f"chart-{name}-title chart-{name}-desc"
        for name in ("years", "countries", "organizations", "topics")
    ]
    for svg in charts:
        assert svg["role"] == "img"
        assert svg.title.get_text()
        assert svg.desc.get_text()
        assert svg.find_parent(class_="chart-pair").table.caption.get_text()


def test_statistics_page_tables_give_the_numbers(client, archive_2015):
    soup = soup_of(client.get("/statistics/"))

    years = soup.select("#years-heading ~ .chart-pair table tbody tr")
    assert [[cell.get_text() for cell in row.select("th, td")] for row in years] == [
        ["2012", "1", "0"],
        ["2013", "0", "0"],
        ["2014", "0", "0"],
        ["2015", "1", "1"],
    ]
    # The bars count the events held: the announced school is not one.
    bars = soup.select("#chart-years-title ~ g rect.chart-bar")
    widths = [float(bar["width"]) for bar in bars]
    assert widths == [248.0, 0.0, 0.0, 248.0]
    organizers = soup.select_one("#organizations-heading").get_text()
    assert organizers == "Organizations that organized most"


def test_statistics_bars_are_labelled_with_whole_names(client, archive_2015):
    soup = soup_of(client.get("/statistics/"))

    labels = soup.select("#chart-organizations-title ~ g text.chart-label")
    names = soup.select("#organizations-heading ~ .chart-pair tbody th")
    assert [label.get_text() for label in labels] == [name.get_text() for name in names]
    assert max(len(label.get_text()) for label in labels) > 20


def test_statistics_page_has_no_inline_style_or_script(client, archive_2015):
    soup = soup_of(client.get("/statistics/"))

    assert soup.select("[style], style") == []
    # A JSON-LD data block is data, which no browser runs.
    assert soup.select('script:not([type="application/ld+json"])') == []


def test_statistics_heatmap_shades_cells_by_count(client, db):
    topic_events = [
        datetime.date(2016, 1, 1),
        datetime.date(2017, 1, 1),
        datetime.date(2017, 2, 1),
        datetime.date(2017, 3, 1),
        datetime.date(2017, 4, 1),
    ]

    topic = make_topic(slug="trade")
    for day in topic_events:
        make_event(start_date=day, topics=[topic])

    soup = soup_of(client.get("/statistics/"))

    cells = soup.select("#chart-topics-title ~ g rect")
    assert [cell["class"] for cell in cells] == [["heat-1"], ["heat-4"]]


@pytest.mark.parametrize("events", [1, 6])
def test_statistics_query_count_is_fixed(
    client, linked_events, django_assert_num_queries, events
):
    linked_events(events=events, related=3)

    # Years, events per month, the countries by events taken part in and
    # hosted (the maps), countries (with their counts: 3), organizations
    # (with their counts: 2), topics (with their counts: 2), topics per year.
    with django_assert_num_queries(8):
        response = client.get("/statistics.json")

    assert response.json()["events_per_year"] == [
        {"year": 2015, "events": events, "held": events, "announced": 0}
    ]
