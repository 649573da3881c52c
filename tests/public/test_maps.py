"""World maps, the programme timeline and the calendar of months: drawn on the
server from the selectors, linked, and honest about partial dates."""

import datetime
import re

import pytest
from django.conf import settings

from academy.worldmap import (
    Shaded,
    geometry,
    level,
    level_ranges,
    view_box_around,
    world_map,
)
from events.dates import DatePrecision
from tests.factories import make_country, make_event, make_series
from tests.helpers import ACADEMY_SLUG, LAUNCH_SLUG, soup_of


def map_links(page, map_id):
    """(aria-label, href, shade) of each country drawn on the map `map_id`."""
    svg = page.select_one(f"#{map_id}-title").find_parent("figure").svg
    return [(a["aria-label"], a["href"], a.use["class"][0]) for a in svg.select("a")]


# academy/worldmap


@pytest.mark.parametrize(("lowest", "largest"), [(1, 12), (1, 2), (9054, 11317)])
def test_level_ranges_cover_every_count_once_lowest_lightest(lowest, largest):
    ranges = level_ranges(lowest, largest)

    covered = [n for _level, low, high in ranges for n in range(low, high + 1)]
    assert covered == list(range(lowest, largest + 1))
    assert (ranges[0][0], ranges[-1][0]) == (1, 5)
    assert all(
        level(count, lowest, largest) == step
        for step, low, high in ranges
        for count in (low, high)
    )


def test_equal_counts_are_all_shaded_darkest():
    assert level_ranges(3, 3) == [(5, 3, 3)]
    assert level(3, 3, 3) == 5


def test_a_map_is_framed_on_what_it_shades_inside_the_world():
    world = geometry()
    armenia = world["countries"]["AM"]

    left, top, width, height = view_box_around(
        [armenia], world["width"], world["height"]
    )

    assert left <= armenia[0] and left + width >= armenia[2]
    assert top <= armenia[1] and top + height >= armenia[3]
    assert left >= 0 and left + width <= world["width"]
    assert width < world["width"] / 4
    assert view_box_around([], 1000, 435) == (0, 0, 1000, 435)


def test_every_country_framed_has_its_outline_in_the_base_file():
    base = (settings.BASE_DIR / "static" / "maps" / "world.svg").read_text()

    ids = set(re.findall(r'<path id="([A-Z]{2})"', base))

    assert ids == set(geometry()["countries"])
    assert {"RU", "RS", "AM", "XK", "FJ"} <= ids


def test_a_code_without_an_outline_is_left_off_the_map():
    drawn = world_map(
        [Shaded("RS", "/serbia/", "Serbia: 2", 2), Shaded("ZZ", "/nowhere/", "?", 1)]
    )

    assert [country["url"] for country in drawn["countries"]] == ["/serbia/"]
    assert drawn["countries"][0]["shade"] == "level-5"


# The pages


@pytest.mark.django_db
def test_home_map_shades_countries_by_events_taken_part_in_or_hosted(client):
    serbia, russia = (
        make_country(name="Serbia", slug="serbia", iso_code="RS"),
        (make_country(name="Russia", slug="russia", iso_code="RU")),
    )
    make_event(participating_countries=[serbia, russia], host_country=russia)
    make_event(participating_countries=[serbia])

    took_part = map_links(soup_of(client.get("/")), "home-map")
    hosted = map_links(soup_of(client.get("/?map=hosted")), "home-map")

    assert took_part == [
        ("Serbia: 2 events", "/countries/serbia/", "map-level-5"),
        ("Russia: 1 event", "/countries/russia/", "map-level-1"),
    ]
    assert hosted == [("Russia: 1 event", "/countries/russia/", "map-level-5")]


@pytest.mark.django_db
def test_event_map_shows_host_participants_and_discussed_in_their_styles(
    client, archive_2015
):
    page = soup_of(client.get(f"/events/{ACADEMY_SLUG}/"))

    links = map_links(page, "event-map")
    shades = [shade for _label, _href, shade in links]
    assert (shades.count("map-host"), shades.count("map-took-part")) == (1, 7)
    assert shades.count("map-discussed") == 3
    assert (
        "Russia: host country, took part",
        "/countries/russia/",
        "map-host",
    ) in links
    legend = [item.get_text(strip=True) for item in page.select(".map-legend li")]
    assert legend == ["Host country", "Took part", "Discussed"]


@pytest.mark.django_db
def test_events_list_map_adds_the_country_to_the_filters(client):
    serbia = make_country(name="Serbia", slug="serbia", iso_code="RS")
    armenia = make_country(name="Armenia", slug="armenia", iso_code="AM")
    make_event(participating_countries=[serbia, armenia], kind="school")
    make_event(participating_countries=[serbia], kind="school")
    make_event(participating_countries=[armenia], kind="conference")

    page = soup_of(client.get("/map/?kind=school&page=1"))

    assert map_links(page, "list-map") == [
        (
            "Serbia: 2 events",
            "/events/?kind=school&participating_country=serbia",
            "map-level-5",
        ),
        (
            "Armenia: 1 event",
            "/events/?kind=school&participating_country=armenia",
            "map-level-1",
        ),
    ]


@pytest.mark.django_db
def test_events_list_map_counts_the_events_found_with_a_country_chosen(client):
    serbia = make_country(name="Serbia", slug="serbia", iso_code="RS")
    armenia = make_country(name="Armenia", slug="armenia", iso_code="AM")
    make_event(participating_countries=[serbia, armenia])
    make_event(participating_countries=[serbia])
    make_event(participating_countries=[armenia])
    make_event(participating_countries=[armenia])

    page = soup_of(client.get("/map/?participating_country=serbia"))

    # Armenia took part in 1 of the 2 events found, not in its 3 events.
    assert [name for name, _url, _level in map_links(page, "list-map")] == [
        "Serbia: 2 events",
        "Armenia: 1 event",
    ]


@pytest.mark.django_db
def test_events_list_links_its_map_with_its_filters_and_draws_none(client):
    serbia = make_country(name="Serbia", slug="serbia", iso_code="RS")
    make_event(participating_countries=[serbia], kind="school")

    page = soup_of(client.get("/events/?kind=school&page=1"))

    assert page.select(".world-map") == []
    assert [a["href"] for a in page.select(".downloads a[href^='/map/']")] == [
        "/map/?kind=school"
    ]


@pytest.mark.django_db
def test_events_map_with_a_wrong_filter_says_why_and_draws_nothing(client):
    make_event(participating_countries=[make_country(iso_code="RS")])

    response = client.get("/map/?year=abc")

    page = soup_of(response)
    assert page.select_one(".notice-error li").get_text() == "Not a year: abc."
    assert page.select(".world-map") == []
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_events_map_of_events_without_countries_says_so(client):
    make_event(kind="school")

    page = soup_of(client.get("/ru/map/?kind=school"))

    assert page.select(".world-map") == []
    paragraphs = [p.get_text() for p in page.select("main p")]
    assert "Ни одна страна не участвовала в найденных мероприятиях." in paragraphs


@pytest.mark.django_db
def test_country_page_highlights_it_with_the_countries_it_took_part_with(client):
    serbia = make_country(name="Serbia", slug="serbia", iso_code="RS")
    armenia = make_country(name="Armenia", slug="armenia", iso_code="AM")
    belarus = make_country(name="Belarus", slug="belarus", iso_code="BY")
    make_event(participating_countries=[serbia, armenia, belarus])
    make_event(participating_countries=[serbia, armenia])
    make_event(participating_countries=[armenia, belarus])

    page = soup_of(client.get("/countries/serbia/"))

    assert map_links(page, "country-map") == [
        ("Serbia", "/countries/serbia/", "map-self"),
        ("Armenia: 2 events", "/countries/armenia/", "map-level-5"),
        ("Belarus: 1 event", "/countries/belarus/", "map-level-1"),
    ]
    partners = [" ".join(li.get_text().split()) for li in page.select("ol.tally li")]
    assert partners == ["Armenia 2 events together", "Belarus 1 event together"]
    own = page.select_one("#country-map-title ~ .map-legend li")
    assert (own.span["class"], own.get_text(strip=True)) == (
        ["map-key", "map-self"],
        "Serbia",
    )


@pytest.mark.django_db
def test_series_timeline_places_a_month_as_a_band_and_a_day_as_a_point(
    client, archive_2015
):
    page = soup_of(client.get("/series/csto-academy/"))

    marks = {
        a["href"]: a.select_one("rect, circle") for a in page.select("svg.timeline a")
    }
    launch, academy = (
        marks[f"/events/{LAUNCH_SLUG}/"],
        marks[f"/events/{ACADEMY_SLUG}/"],
    )
    years = {
        int(text.get_text()): float(text["x"])
        for text in page.select("svg.timeline text.chart-label")
    }
    year_width = years[2013] - years[2012]
    assert launch.name == "rect"
    # November 2012: from 305 to 335 days into the year (a leap year).
    start = float(launch["x"]) - (years[2012] - year_width / 2)
    assert start == pytest.approx(305 / 366 * year_width, abs=0.2)
    assert float(launch["width"]) == pytest.approx(30 / 366 * year_width, abs=0.2)
    assert academy.name == "circle"
    assert years[2015] - year_width / 2 < float(academy["cx"]) < years[2015]
    number = page.select_one(f"svg.timeline a[href='/events/{ACADEMY_SLUG}/'] text")
    assert number.get_text() == "4"
    assert "timeline-held" in academy["class"]


@pytest.mark.django_db
def test_an_announced_session_known_to_its_year_is_an_outlined_band(client):
    series = make_series(slug="programme")
    make_event(
        series=series,
        session_number=2,
        outcome="announced",
        start_date=datetime.date(2020, 1, 1),
        date_precision=DatePrecision.YEAR,
    )

    mark = soup_of(client.get("/series/programme/")).select_one("svg.timeline a rect")

    assert mark["class"] == ["timeline-band", "timeline-announced"]
    assert float(mark["width"]) == pytest.approx(160, abs=0.2)


@pytest.mark.django_db
def test_statistics_calendar_counts_months_and_keeps_year_only_events_apart(client):
    for day, precision in (
        (datetime.date(2015, 6, 25), DatePrecision.DAY),
        (datetime.date(2015, 6, 1), DatePrecision.MONTH),
        (datetime.date(2015, 1, 1), DatePrecision.YEAR),
    ):
        make_event(start_date=day, date_precision=precision)

    page = soup_of(client.get("/statistics/"))
    data = client.get("/statistics.json").json()

    cells = [(a["href"], a["aria-label"]) for a in page.select("svg.month-chart a")]
    assert cells == [
        ("/events/?month=2015-06", "Jun 2015: 2 events"),
        ("/events/?year=2015", "2015, month unknown: 1 event"),
    ]
    assert data["events_per_month"] == [
        {"year": 2015, "month": None, "events": 1},
        {"year": 2015, "month": 6, "events": 2},
    ]


@pytest.mark.django_db
def test_statistics_json_gives_the_maps_numbers(client, archive_2015):
    data = client.get("/statistics.json").json()
    page = soup_of(client.get("/statistics/?map=hosted"))

    hosting = [(c["iso_code"], c["events"]) for c in data["countries_hosting"]]
    assert sorted(hosting) == [("RS", 1), ("RU", 1)]
    assert len(data["countries_taking_part"]) == 8
    drawn = [label for label, _href, _shade in map_links(page, "statistics-map")]
    assert sorted(drawn) == ["Russia: 1 event", "Serbia: 1 event"]


@pytest.mark.django_db
def test_russian_charts_write_their_numbers_for_svg_not_for_readers(
    client, archive_2015
):
    page = client.get("/ru/statistics/").content.decode()

    attributes = re.findall(r' (?:x|y|width|height|viewBox|cx|cy)="([^"]*)"', page)
    assert attributes
    assert [value for value in attributes if "," in value] == []


@pytest.mark.django_db
def test_month_filter_lists_events_known_to_that_month(client):
    make_event(slug="day", start_date=datetime.date(2015, 6, 25))
    make_event(
        slug="month", start_date=datetime.date(2015, 6, 1), date_precision="month"
    )
    make_event(slug="year", start_date=datetime.date(2015, 1, 1), date_precision="year")
    make_event(slug="july", start_date=datetime.date(2015, 7, 1))

    page = soup_of(client.get("/events/?month=2015-06"))
    api = client.get("/api/events/?month=2015-06").json()

    assert sorted(a["href"] for a in page.select(".cards h2 a")) == [
        "/events/day/?results=month%3D2015-06",
        "/events/month/?results=month%3D2015-06",
    ]
    assert sorted(event["slug"] for event in api["results"]) == ["day", "month"]
    assert [chip.get_text(" ", strip=True) for chip in page.select(".chip")] == [
        "June 2015 ×"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2015-13", "15-06", "2015-6", "1899-01", "x" * 500])
def test_month_filter_refuses_what_is_not_a_month_of_the_archive(client, value):
    page = client.get("/events/", {"month": value})
    api = client.get("/api/events/", {"month": value})

    assert page.status_code == 200
    assert "Not a month" in page.content.decode()
    assert api.status_code == 400
