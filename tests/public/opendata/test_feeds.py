import html
import xml.etree.ElementTree as ET

import feedparser
import pytest

from tests.factories import make_country, make_event
from tests.helpers import (
    ACADEMY,
    ACADEMY_SLUG,
    LAUNCH,
    SCHOOL,
    soup_of,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    """(title, link, categories) of each Atom entry, in order."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return [
        (
            entry.findtext(f"{ATOM}title"),
            entry.find(f"{ATOM}link").get("href"),
            sorted(category.get("term") for category in entry.iter(f"{ATOM}category")),
        )
        for entry in feed.iter(f"{ATOM}entry")
    ]


def titles(response):
    return sorted(title for title, _link, _categories in entries(response))


def test_event_feed_lists_the_published_events(client, draft):
    response = client.get("/events/feed/")

    assert titles(response) == sorted([ACADEMY, LAUNCH, SCHOOL])
    assert draft.title not in response.text


def test_event_feed_entry_links_and_categories(client, archive_2015):
    response = client.get("/events/feed/")

    school = [entry for entry in entries(response) if entry[0] == SCHOOL]
    assert school == [
        (
            SCHOOL,
            "http://testserver/events/csto-youth-school-serbia-2015/",
            ["Youth and education"],
        )
    ]


def test_event_feed_entry_has_dates_and_summary(client, archive_2015):
    response = client.get("/events/feed/")

    feed = ET.fromstring(response.content)
    launch = next(
        entry
        for entry in feed.iter(f"{ATOM}entry")
        if entry.findtext(f"{ATOM}title") == LAUNCH
    )
    assert launch.findtext(f"{ATOM}summary") == (
        "November 2012. The CSTO Academy programme was launched in November 2012."
    )
    assert launch.findtext(f"{ATOM}updated") == "2015-06-25T00:00:00+00:00"
    assert launch.findtext(f"{ATOM}published") == "2015-06-25T00:00:00+00:00"


def test_event_feed_in_russian(client, archive_2015):
    response = client.get("/ru/events/feed/")

    assert titles(response) == sorted(
        [
            "IV Академия ОДКБ",
            "Запуск программы «Академия ОДКБ»",
            "Молодёжная школа ОДКБ в Сербии",
        ]
    )
    assert (
        ET.fromstring(response.content).get(
            "{http://www.w3.org/XML/1998/namespace}lang"
        )
        == "ru"
    )


def test_topic_feed_lists_its_published_events(client, draft):
    response = client.get("/topics/youth-and-education/feed/")

    assert titles(response) == sorted([ACADEMY, SCHOOL])


def test_topic_feed_leaves_out_drafts(client, draft):
    response = client.get("/topics/migration/feed/")

    assert titles(response) == [ACADEMY]


@pytest.mark.parametrize(
    ("slug", "expected"),
    [("serbia", [ACADEMY, SCHOOL]), ("russia", [ACADEMY]), ("china", [ACADEMY])],
)
def test_country_feed_lists_events_it_took_part_in_hosted_or_discussed(
    client, draft, slug, expected
):
    response = client.get(f"/countries/{slug}/feed/")

    assert titles(response) == sorted(expected)


@pytest.mark.parametrize("url", ["/topics/no-such/feed/", "/countries/no-such/feed/"])
def test_feed_of_unknown_record_is_404(client, archive_2015, url):
    response = client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("url", "feeds"),
    [
        ("/", ["/events/feed/"]),
        (f"/events/{ACADEMY_SLUG}/", ["/events/feed/"]),
        ("/topics/migration/", ["/events/feed/", "/topics/migration/feed/"]),
        ("/countries/serbia/", ["/events/feed/", "/countries/serbia/feed/"]),
    ],
)
def test_pages_link_their_feeds(client, archive_2015, url, feeds):
    response = client.get(url)

    links = soup_of(response).select(
        'head link[rel="alternate"][type="application/atom+xml"]'
    )
    assert [link["href"] for link in links] == feeds


@pytest.mark.parametrize("events", [1, 6])
def test_country_feed_query_count_is_fixed(
    client, linked_events, django_assert_num_queries, events
):
    linked_events(events=events, related=3)

    # Country, events, then speakers, organizers, countries, topics.
    with django_assert_num_queries(6):
        response = client.get("/countries/testland/feed/")

    assert len(entries(response)) == events


def test_feed_summary_is_the_staff_text_escaped_as_html(client, db):
    text = 'Cats & dogs <img src=x onerror="alert(1)"><script>alert(2)</script>'
    make_event(title="Escaped", summary=text)

    response = client.get("/events/feed/")

    summary = ET.fromstring(response.content).find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    # A reader turns type="html" text into markup: it must show the text as typed.
    assert html.unescape(summary.text).endswith(text)
    assert "<" not in summary.text


@pytest.mark.parametrize(
    "path",
    ["/events/feed/", "/ru/events/feed/", "/countries/kazakhstan/feed/"],
)
def test_a_control_character_stored_in_an_event_breaks_no_feed(client, db, path):
    """Stored before such characters were refused: XML cannot carry them, so
    each feed the event is in answered 500."""
    country = make_country(name="Kazakhstan", slug="kazakhstan")
    make_event(
        title="Opening\x0bsession",
        summary="Remarks\x0b on\x1f security\ufffe.",
        host_country=country,
    )

    response = client.get(path)

    assert response.status_code == 200
    feed = ET.fromstring(response.content)  # well-formed XML
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Openingsession"
    assert entry.findtext(f"{ATOM}summary").endswith("Remarks on security.")


SCHOOL_SLUG = "csto-youth-school-serbia-2015"
ALL = sorted([ACADEMY_SLUG, SCHOOL_SLUG, "csto-academy-programme-launch"])
FEEDS = [
    ("/events/feed/", "Academy Archive", "http://testserver/", ALL),
    ("/ru/events/feed/", "Архив Академии", "http://testserver/ru/", ALL),
]
FEEDS += [
    (f"{language}/{kind}/{slug}/feed/", author, f"http://testserver{language}/", shown)
    for language, author in (("", "Academy Archive"), ("/ru", "Архив Академии"))
    for kind, slug, shown in (
        ("topics", "youth-and-education", [ACADEMY_SLUG, SCHOOL_SLUG]),
        ("countries", "serbia", [ACADEMY_SLUG, SCHOOL_SLUG]),
    )
]


@pytest.mark.parametrize(("url", "author", "site", "shown"), FEEDS)
def test_feed_is_valid_atom_with_the_archive_as_author(
    client, archive_2015, url, author, site, shown
):
    parsed = feedparser.parse(client.get(url).content)

    assert not parsed.bozo, parsed.get("bozo_exception")
    assert (parsed.feed.author_detail.name, parsed.feed.author_detail.href) == (
        author,
        site,
    )
    assert sorted(entry.link.rsplit("/", 2)[1] for entry in parsed.entries) == shown


def test_russian_feed_dates_end_with_one_full_stop(client, archive_2015):
    parsed = feedparser.parse(client.get("/ru/events/feed/").content)

    [launch] = [e for e in parsed.entries if e.title.startswith("Запуск")]
    assert launch.summary == (
        "Ноябрь 2012 г. The CSTO Academy programme was launched in November 2012."
    )


def test_country_feed_lists_what_its_page_lists(client, db):
    country = make_country(name="Discussia", slug="discussia")
    make_event(title="Hosted", host_country=country)
    make_event(title="Took part", participating_countries=[country])
    make_event(title="Discussed", mentioned_countries=[country])
    make_event(title="Both", host_country=country, mentioned_countries=[country])
    make_event(title="Elsewhere")

    parsed = feedparser.parse(client.get("/countries/discussia/feed/").content)
    page = soup_of(client.get("/countries/discussia/"))

    titles = sorted(entry.title for entry in parsed.entries)
    assert titles == ["Both", "Discussed", "Hosted", "Took part"]
    listed = {link.get_text(strip=True) for link in page.select("main li a")}
    assert set(titles) <= listed
    assert "Elsewhere" not in listed
