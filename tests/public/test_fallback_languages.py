"""The Russian site marks every text it shows in English because a record has
no Russian one (django-modeltranslation's fallback) with lang="en", wherever
it appears, and says so beside an English summary; Russian texts carry no
mark. Each page holds one record named only in English and one named in both
languages."""

import pytest

from tests.factories import (
    make_country,
    make_document,
    make_event,
    make_link,
    make_organization,
    make_participation,
    make_person,
    make_photo,
    make_series,
    make_topic,
)
from tests.helpers import soup_of

pytestmark = pytest.mark.django_db

NOTE = "Только на английском."


@pytest.fixture
def records():
    """An event and its linked records named only in English, and their
    counterparts named in both languages."""
    english = {
        "country": make_country(name="Freedonia", iso_code="FR"),
        "topic": make_topic(name="Cyber policy", description="Only in English."),
        "series": make_series(name="Summer School", description="In English."),
    }
    english["organization"] = make_organization(
        name="Policy Institute", country=english["country"]
    )
    russian = {
        "country": make_country(name="Ruritania", name_ru="Руритания", iso_code="DE"),
        "topic": make_topic(name="Energy", name_ru="Энергетика"),
        "series": make_series(
            name="Winter School",
            name_ru="Зимняя школа",
            description="In English.",
            description_ru="По-русски.",
        ),
    }
    russian["organization"] = make_organization(
        name="Energy Institute",
        name_ru="Институт энергетики",
        country=russian["country"],
    )
    for names, title, city, summary in (
        (english, {"title": "Round table"}, {"city": "Springfield"}, {}),
        (
            russian,
            {"title": "Seminar", "title_ru": "Семинар"},
            {"city": "Moscow", "city_ru": "Москва"},
            {"summary_ru": "По-русски."},
        ),
    ):
        names["event"] = make_event(
            **title,
            **city,
            summary="In English.",
            **summary,
            host_country=names["country"],
            series=names["series"],
            topics=[names["topic"]],
            participating_countries=[names["country"]],
            organizers=[names["organization"]],
        )
    english["person"] = make_person(
        name="Sara Kim",
        organization=english["organization"],
        country=english["country"],
    )
    russian["person"] = make_person(
        name="Ivan Petrov",
        name_ru="Иван Петров",
        organization=russian["organization"],
        country=russian["country"],
    )
    for names in (english, russian):
        make_participation(names["event"], english["person"], order=1)
        make_participation(names["event"], russian["person"], order=2)
    return english, russian


def marks(elements):
    """(text, the language it is marked with, if any) of each element: its
    own `lang` or that of an element within it."""
    found = []
    for element in elements:
        inner = element.select_one("[lang]")
        language = element.get("lang") or (inner.get("lang") if inner else None)
        found.append((element.get_text(" ", strip=True), language))
    return found


def card_of(page, title):
    return next(
        card
        for card in page.select(".card")
        if card.select_one(".card-title").get_text(strip=True) == title
    )


def test_russian_event_cards_mark_each_english_name(client, records):
    page = soup_of(client.get("/ru/events/"))

    english, russian = card_of(page, "Round table"), card_of(page, "Семинар")
    assert marks(english.select(".card-title a, .meta a, .card-topics a")) == [
        ("Round table", "en"),
        ("Freedonia", "en"),
        ("Summer School", "en"),
        ("Cyber policy", "en"),
    ]
    assert marks(english.select(".fallback-note, .fallback-note + p")) == [
        (NOTE, None),
        ("In English.", "en"),
    ]
    assert "Springfield" in {span.get_text() for span in english.select("[lang=en]")}
    assert russian.select("[lang], .fallback-note") == []


def test_russian_facets_and_filter_chips_mark_english_names(client, records):
    english, russian = records

    page = soup_of(client.get("/ru/events/"))
    filtered = soup_of(
        client.get(
            "/ru/events/",
            {
                "participating_country": english["country"].slug,
                "topic": russian["topic"].slug,
            },
        )
    )

    countries = page.select("input[name=participating_country] + .facet-value")
    assert sorted(marks(countries)) == [("Freedonia", "en"), ("Руритания", None)]
    topics = page.select("input[name=topic] + .facet-value")
    assert sorted(marks(topics)) == [("Cyber policy", "en"), ("Энергетика", None)]
    chips = filtered.select("a.chip")
    assert sorted(marks(chips)) == [("Freedonia ×", "en"), ("Энергетика ×", None)]


def test_russian_event_page_marks_english_names_materials_and_rows(
    client, records, media_root
):
    english, russian = records
    photo = make_photo(
        english["event"], alt_text="Speakers at the table", caption="The opening"
    )
    make_document(english["event"], title="Programme")
    make_link(english["event"], title="Recording of the session")
    english["event"].series = russian["series"]
    russian["event"].series = russian["series"]
    for event in (english["event"], russian["event"]):
        event.save()

    page = soup_of(client.get(f"/ru{english['event'].get_absolute_url()}"))

    assert marks(page.select(".speakers li > a")) == [
        ("Sara Kim", "en"),
        ("Иван Петров", None),
    ]
    assert marks(page.select(".facts dd a")) == [
        ("Другое", None),
        ("Freedonia", "en"),
        ("Зимняя школа", None),
        ("Policy Institute", "en"),
    ]
    image = page.select_one(f".gallery img[src='{photo.medium_jpeg.url}']")
    assert (image["alt"], image.get("lang")) == ("Speakers at the table", "en")
    assert marks(page.select(".gallery figcaption > span:first-child")) == [
        ("The opening", "en")
    ]
    assert marks(page.select(".material-title")) == [
        ("Programme", "en"),
        ("Recording of the session", "en"),
    ]
    assert marks(page.select("#series-heading ~ .event-rows li > a")) == [
        ("Семинар", None)
    ]
    assert marks(page.select(".map-data th a")) == [("Freedonia", "en")]


def test_russian_event_page_leaves_russian_materials_unmarked(
    client, records, media_root
):
    _english, russian = records
    make_photo(
        russian["event"],
        alt_text="Speakers",
        alt_text_ru="Выступающие",
        caption="The opening",
        caption_ru="Открытие",
    )
    make_document(russian["event"], title="Programme", title_ru="Программа")
    make_link(russian["event"], title="Recording", title_ru="Запись")

    page = soup_of(client.get(f"/ru{russian['event'].get_absolute_url()}"))

    assert page.select_one(".gallery img")["alt"] == "Выступающие"
    assert page.select(".gallery [lang], .materials [lang]") == []


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/ru/topics/", ".tally a"),
        ("/ru/countries/", ".tally a"),
        ("/ru/organizations/", ".card-title a"),
        ("/ru/series/", ".card-title a"),
        ("/ru/", ".tally a"),
        ("/ru/statistics/", "tbody th a"),
    ],
)
def test_russian_lists_mark_english_names(client, records, path, selector):
    page = soup_of(client.get(path))

    shown = dict(marks(page.select(selector)))
    assert {shown[name] for name in shown if name.isascii()} == {"en"}
    assert {shown[name] for name in shown if not name.isascii()} == {None}


def test_russian_people_cards_mark_english_organizations_and_countries(client, records):
    page = soup_of(client.get("/ru/people/"))

    assert marks(card_of(page, "Sara Kim").select(".meta a")) == [
        ("Policy Institute", "en"),
        ("Freedonia", "en"),
    ]
    assert card_of(page, "Иван Петров").select("[lang]") == []


def test_russian_programme_cards_note_an_english_description(client, records):
    page = soup_of(client.get("/ru/series/"))

    english, russian = card_of(page, "Summer School"), card_of(page, "Зимняя школа")
    assert marks(english.select(".fallback-note, .fallback-note + p")) == [
        (NOTE, None),
        ("In English.", "en"),
    ]
    assert russian.select("[lang], .fallback-note") == []


def test_russian_search_results_mark_english_names(client, records):
    page = soup_of(client.get("/ru/search/", {"q": "Freedonia"}))

    assert ("Freedonia", "en") in marks(page.select("#results-country ~ ul h3 a"))


def test_russian_programme_page_marks_an_english_name(client, records):
    paths = [f"/ru{names['series'].get_absolute_url()}" for names in records]

    page, translated = (soup_of(client.get(path)) for path in paths)

    assert marks(page.select("h1, .breadcrumbs [aria-current]")) == [
        ("Summer School", "en"),
        ("Summer School", "en"),
    ]
    assert marks(translated.select("h1")) == [("Зимняя школа", None)]


@pytest.mark.parametrize("kind", ["person", "country", "organization", "topic"])
def test_russian_record_pages_mark_english_names_in_heading_facts_and_overview(
    client, records, kind
):
    english, russian = records

    page = soup_of(client.get(f"/ru{english[kind].get_absolute_url()}"))
    translated = soup_of(client.get(f"/ru{russian[kind].get_absolute_url()}"))

    name = str(english[kind])
    assert marks(page.select("h1, .breadcrumbs [aria-current]")) == [
        (name, "en"),
        (name, "en"),
    ]
    # The overview names the other records of its events: those named in
    # English only are marked, those named in Russian are not.
    overview = marks(page.select(".record-overview li a"))
    english_only = {str(record) for record in english.values()}
    assert ("en" in dict(overview).values()) is True
    assert overview == [
        (text, "en" if text in english_only else None) for text, _language in overview
    ]
    assert ("Round table", "en") in marks(page.select(".event-rows a"))
    assert translated.select_one("h1").get("lang") is None
    assert translated.select_one("h1 [lang]") is None
