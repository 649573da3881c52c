import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Participation
from public import selectors
from tests.factories import (
    make_country,
    make_draft,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_series,
    make_source,
    make_topic,
)
from tests.helpers import card_titles, hrefs, section_links, soup_of

pytestmark = pytest.mark.django_db

ACADEMY = "4th CSTO Academy"
LAUNCH = "Launch of the CSTO Academy programme"
SCHOOL = "CSTO Youth School in Serbia"
ACADEMY_URL = "/events/4th-csto-academy-2015/"


def errors(response):
    return [item.get_text() for item in soup_of(response).select(".notice-error li")]


# The event list on the 2015 data


def test_event_list_shows_published_events_newest_first(client, archive_2015):
    response = client.get("/events/")

    assert response.status_code == 200
    assert card_titles(response) == [SCHOOL, ACADEMY, LAUNCH]
    assert "3 events found." in response.text


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Brazil forum", "Zambia forum", "Форум"]),
        ("-title", ["Форум", "Zambia forum", "Brazil forum"]),
    ],
)
def test_russian_list_sorts_titles_as_it_shows_them(client, sort, expected):
    for title in ("Zambia forum", "Brazil forum"):  # shown in English
        make_event(title_en=title, slug=title.split()[0].lower())
    make_event(title_en="Forum", title_ru="Форум", slug="forum")

    response = client.get(f"/ru/events/?sort={sort}")

    assert card_titles(response) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=serbia", [SCHOOL, ACADEMY]),
        ("country=russia", [ACADEMY]),
        ("country=china", []),
        ("country=serbia&country=georgia", [SCHOOL, ACADEMY]),
        ("topic=youth-and-education", [SCHOOL, ACADEMY]),
        ("topic=migration", [ACADEMY]),
        ("organization=gorchakov-fund", [ACADEMY]),
        ("organization=csto", [SCHOOL]),
        ("organization=csto&organization=csto-institute", [SCHOOL, ACADEMY]),
        ("person=david-virabyan", [ACADEMY]),
        ("kind=school", [SCHOOL]),
        ("kind=school&kind=programme_launch", [SCHOOL, LAUNCH]),
        ("year=2012", [LAUNCH]),
        ("year=2015", [SCHOOL, ACADEMY]),
        ("year=2012&year=2015", [SCHOOL, ACADEMY, LAUNCH]),
        # The academy's topic is youth and education.
        ("q=youth", [SCHOOL, ACADEMY]),
        ("q=VIRABYAN", [ACADEMY]),
        ("q=Вирабян", [ACADEMY]),
        ("q=moscow", [ACADEMY]),
        ("sort=title", [ACADEMY, SCHOOL, LAUNCH]),
        ("sort=date", [LAUNCH, ACADEMY, SCHOOL]),
    ],
)
def test_event_list_filter_alone(client, archive_2015, query, expected):
    response = client.get(f"/events/?{query}")

    assert response.status_code == 200
    assert card_titles(response) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=serbia&kind=academy_session", [ACADEMY]),
        ("country=serbia&topic=youth-and-education&year=2015", [SCHOOL, ACADEMY]),
        ("country=armenia&person=david-virabyan&q=academy", [ACADEMY]),
        ("topic=migration&kind=school", []),
        ("organization=csto&year=2012", []),
        ("year=2015&sort=title", [ACADEMY, SCHOOL]),
    ],
)
def test_event_list_filters_combined(client, archive_2015, query, expected):
    response = client.get(f"/events/?{query}")

    assert card_titles(response) == expected


def test_event_list_filters_built_data_combine(client):
    georgia = make_country(slug="georgia")
    serbia = make_country(slug="serbia")
    topic = make_topic()
    person = make_person()
    both = make_event(
        title="Both",
        participating_countries=[georgia],
        topics=[topic],
        start_date=datetime.date(2020, 3, 1),
    )
    make_participation(both, person)
    make_event(title="Hosted only", host_country=serbia)
    make_event(title="Topic only", topics=[topic])
    make_event(title="Elsewhere")

    response = client.get(
        f"/events/?country=georgia&country=serbia&topic={topic.slug}"
        f"&person={person.slug}&year=2020"
    )

    assert card_titles(response) == ["Both"]


def test_event_list_marks_announced_events(client, archive_2015):
    response = client.get("/events/?kind=school")

    outcome = soup_of(response).select_one(".card .outcome").get_text()
    assert outcome == "Announced; not known to have taken place"
    assert "October 2015" in response.text


def test_event_list_chips_each_remove_one_value(client, archive_2015):
    response = client.get("/events/?country=serbia&country=georgia&year=2015&page=1")

    groups = soup_of(response).select(".chip-groups > li")
    assert [group.get_text(" ", strip=True) for group in groups] == [
        "Country: Serbia × or Georgia ×",
        "and Year: 2015 ×",
    ]
    chips = {
        chip["aria-label"]: chip["href"] for chip in soup_of(response).select("a.chip")
    }
    assert chips == {
        "Remove filter Country: Serbia": "/events/?country=georgia&year=2015",
        "Remove filter Country: Georgia": "/events/?country=serbia&year=2015",
        "Remove filter Year: 2015": "/events/?country=serbia&country=georgia",
    }


def test_event_list_form_keeps_chosen_values(client, archive_2015):
    response = client.get("/events/?country=serbia&kind=school&sort=title")

    form = soup_of(response).select_one("form.filters")
    ticked = [(box["name"], box["value"]) for box in form.select("[checked]")]
    kept = [(box["name"], box["value"]) for box in form.select("[type=hidden]")]
    assert ticked == [("kind", "school")]
    # Taking part or hosting is no facet: the form carries it, and the order.
    assert kept == [("country", "serbia"), ("sort", "title")]


def test_event_list_facet_values_are_escaped_labelled_and_ticked(client):
    trinidad = make_country(name="Trinidad & <Tobago>", slug="trinidad")
    serbia = make_country(name="Serbia", slug="serbia")
    make_event(start_date=datetime.date(2014, 5, 1), host_country=trinidad)
    make_event(start_date=datetime.date(2015, 5, 1), host_country=serbia)

    response = client.get("/events/?host_country=trinidad&year=2014")

    form = soup_of(response).select_one("form.filters")
    facets = {
        fieldset.legend.get_text(): [
            (
                box.input["value"],
                box.select_one(".facet-value").get_text(),
                box.select_one(".facet-count").get_text(" ", strip=True),
                box.input.has_attr("checked"),
            )
            for box in fieldset.select("label")
        ]
        for fieldset in form.select("fieldset.facet")
    }
    # Each counted within the other filter: Serbia hosted no event in 2014,
    # and Trinidad none in 2015.
    trinidad_2014 = ("trinidad", "Trinidad & <Tobago>", "1 event", True)
    assert facets["Host country"] == [trinidad_2014]
    assert facets["Year"] == [("2014", "2014", "1 event", True)]


def test_event_list_calls_a_series_a_programme_as_its_pages_do(client, archive_2015):
    page = soup_of(client.get("/events/?series=nothing"))

    label = page.select_one("form.filters .field .label")
    assert label.get_text(strip=True) == "Programme"
    assert page.select_one(".notice-error li").get_text() == (
        "No such programme: nothing."
    )
    header_link = page.select_one("header a[href='/series/']")
    assert header_link.get_text() == "Programmes"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=atlantis", "No such country: atlantis."),
        ("topic=nothing", "No such topic: nothing."),
        ("organization=acme", "No such organization: acme."),
        ("person=nobody", "No such person: nobody."),
        ("kind=bogus", "No such kind of event: bogus."),
        ("year=abc", "Not a year: abc."),
        ("year=0", "Not a year: 0."),
        ("sort=price", "No such order: price."),
        ("q=%00", "Null characters are not allowed."),
        ("country=serbia%00", "Null characters are not allowed."),
    ],
)
def test_event_list_bad_parameter_shows_message_and_nothing(
    client, archive_2015, query, message
):
    response = client.get(f"/events/?{query}")

    assert response.status_code == 200
    assert errors(response) == [message]
    assert card_titles(response) == []
    assert "0 events found." in response.text


def test_event_list_one_bad_value_among_good_still_shows_nothing(client, archive_2015):
    response = client.get("/events/?country=serbia&country=atlantis")

    assert errors(response) == ["No such country: atlantis."]
    assert card_titles(response) == []


@pytest.mark.parametrize("page", ["abc", "0", "99", "-1"])
def test_event_list_bad_page_is_404(client, archive_2015, page):
    response = client.get(f"/events/?page={page}")

    assert response.status_code == 404


def test_event_list_paginates_keeping_filters(client):
    topic = make_topic()
    for number in range(25):
        make_event(title=f"Event {number:02}", topics=[topic])

    first = client.get(f"/events/?topic={topic.slug}&sort=title")
    second = client.get(f"/events/?topic={topic.slug}&sort=title&page=2")

    next_link = soup_of(first).select_one("a[rel=next]")["href"]
    assert next_link == f"?topic={topic.slug}&sort=title&page=2"
    assert len(card_titles(first)) == 20
    assert card_titles(second) == [f"Event {number}" for number in range(20, 25)]
    assert "Page 2 of 2" in second.text


def test_event_list_hides_drafts(client, archive_2015):
    make_draft(title="Zanzibar draft")

    response = client.get("/events/?q=zanzibar")

    assert card_titles(response) == []


# The event detail page


def test_event_detail_shows_the_2015_academy(client, archive_2015):
    response = client.get(ACADEMY_URL)
    page = soup_of(response)

    assert response.status_code == 200
    assert page.h1.get_text() == ACADEMY
    assert page.title.get_text() == "4th CSTO Academy · Academy Archive"
    speakers = [item.get_text(" ", strip=True) for item in page.select(".speakers li")]
    assert speakers == [
        "Valery Semerikov Opening speaker Deputy Secretary General of the "
        "Collective Security Treaty Organization",
        "Victor Vasilyev Speaker Plenipotentiary Representative of Russia to the CSTO",
        "David Virabyan Speaker Plenipotentiary Representative of Armenia to the CSTO",
    ]
    assert page.select_one("dd time").get_text() == "25 June 2015"
    assert "Plenipotentiaries of countries-members of CSTO for the first time" in (
        page.select_one(".source").get_text()
    )


def test_event_detail_puts_who_and_what_before_the_full_text(client, archive_2015):
    page = soup_of(client.get(ACADEMY_URL))

    headings = [heading.get_text() for heading in page.select("article h2")]
    assert headings[:6] == [
        "Speakers",
        "Participating countries",
        "On the map",
        "Topics",
        "Discussed",
        "Full text",
    ]


def test_russian_event_page_marks_the_english_it_falls_back_to(client, archive_2015):
    page = soup_of(client.get(f"/ru{ACADEMY_URL}"))

    # The title is translated; the summary and the body are not.
    assert page.h1.get_text() == "IV Академия ОДКБ"
    assert not page.h1.has_attr("lang")
    lead = page.select_one(".lead")
    assert lead["lang"] == "en"
    assert lead.get_text().startswith("On 25 June 2015 the 4th CSTO Academy opened")
    assert page.select_one(".body")["lang"] == "en"
    notes = [note.get_text() for note in page.select(".fallback-note")]
    assert notes == ["Только на английском.", "Только на английском."]


def test_russian_pages_mark_names_and_positions_shown_in_english(client):
    event = make_event()
    english = make_person(name="Sara Kim", position="Professor")
    both = make_person(
        name="Ivan Petrov", name_ru="Иван Петров", position="Dean", position_ru="Декан"
    )
    make_participation(event, english, order=1, position="Rector")
    make_participation(event, both, order=2, position="Rector", position_ru="Ректор")

    people = soup_of(client.get("/ru/people/"))
    speakers = soup_of(client.get(f"/ru/events/{event.slug}/"))

    cards = [
        (title.get_text(), title.get("lang"), card.p.get_text(), card.p.get("lang"))
        for card in people.select(".card")
        for title in [card.select_one(".card-title a")]
    ]
    assert sorted(cards) == [
        ("Sara Kim", "en", "Professor", "en"),
        ("Иван Петров", None, "Декан", None),
    ]
    positions = speakers.select(".speakers .meta")
    assert [(span.get_text(), span.get("lang")) for span in positions] == [
        ("Rector", "en"),
        ("Ректор", None),
    ]


def test_english_event_page_has_no_language_marks(client, archive_2015):
    page = soup_of(client.get(ACADEMY_URL))

    assert page.select("main [lang]") == []
    assert page.select(".fallback-note") == []


def test_a_translated_summary_is_shown_unmarked(client):
    event = make_event(summary="In English.", summary_ru="По-русски.")

    page = soup_of(client.get(f"/ru{event.get_absolute_url()}"))

    assert page.select_one(".lead").get_text() == "По-русски."
    assert not page.select_one(".lead").has_attr("lang")
    assert page.select(".fallback-note") == []


@pytest.mark.parametrize("maker", [make_topic, make_series, make_organization])
def test_russian_record_pages_mark_an_english_description(client, maker):
    english = maker(description="Only written in English.")
    russian = maker(
        name_ru="Названо по-русски",
        description_en="In English.",
        description_ru="По-русски.",
    )

    paths = [f"/ru{record.get_absolute_url()}" for record in (english, russian)]

    page, translated = (soup_of(client.get(path)) for path in paths)

    assert page.select_one(".lead[lang=en]").get_text() == "Only written in English."
    assert page.select_one(".fallback-note").get_text() == "Только на английском."
    assert translated.select_one(".lead").get_text() == "По-русски."
    assert translated.select("main [lang=en], .fallback-note") == []


def test_russian_event_cards_mark_english_titles_and_summaries(client):
    make_event(title="Round table", title_ru="Круглый стол", summary="In English.")

    card = soup_of(client.get("/ru/events/")).select_one(".card")

    assert not card.select_one(".card-title a").has_attr("lang")
    assert card.select_one("p[lang=en]").get_text() == "In English."


def test_event_detail_links_every_entity(client, archive_2015):
    response = client.get(ACADEMY_URL)

    assert {
        "/people/valery-semerikov/",
        "/people/victor-vasilyev/",
        "/people/david-virabyan/",
        "/organizations/gorchakov-fund/",
        "/organizations/csto-analytical-association/",
        "/organizations/csto-institute/",
        "/countries/russia/",
        "/countries/serbia/",
        "/countries/georgia/",
        "/topics/migration/",
        "/topics/soft-power/",
        "/organizations/nato/",
        "/organizations/isis/",
        "/countries/ukraine/",
        "/countries/iran/",
        "/countries/china/",
        "/series/csto-academy/",
        "/events/csto-academy-programme-launch/",
        "/events/csto-youth-school-serbia-2015/",
    } <= hrefs(response)


def test_event_detail_siblings_and_related(client):
    series = make_series()
    topic = make_topic()
    speaker = make_person()
    event = make_event(title="Main", series=series, session_number=2, topics=[topic])
    make_participation(event, speaker)
    make_event(title="Sibling", series=series, session_number=1)
    make_event(title="Same topic", topics=[topic])
    same_speaker = make_event(title="Same speaker")
    make_participation(same_speaker, speaker)
    make_event(title="Unrelated")
    make_draft(title="Draft sibling", series=series)
    make_draft(title="Draft same topic", topics=[topic])

    page = soup_of(client.get(event.get_absolute_url()))

    siblings = [a.get_text() for a in page.select("#series-heading ~ ul a")]
    related = [a.get_text() for a in page.select("#related-heading ~ ul a")]
    assert siblings == ["Sibling"]
    assert sorted(related) == ["Same speaker", "Same topic"]


def test_event_detail_lists_the_sessions_nearest_it_not_the_whole_series(client):
    series = make_series()
    sessions = [
        make_event(
            title=f"Session {number:02}",
            series=series,
            session_number=number,
            start_date=datetime.date(2000 + number, 6, 1),
        )
        for number in range(1, 15)
    ]

    page = soup_of(client.get(sessions[7].get_absolute_url()))

    siblings = [a.get_text() for a in page.select("#series-heading ~ ul a")]
    nearest = (3, 4, 5, 6, 7, 9, 10, 11, 12, 13)
    assert siblings == [f"Session {number:02}" for number in nearest]
    assert page.select_one(f"#series-heading ~ p a[href='{series.get_absolute_url()}']")


def test_event_detail_announced_outcome_and_month_precision(client, archive_2015):
    response = client.get("/events/csto-youth-school-serbia-2015/")
    page = soup_of(response)

    assert page.select_one("dd.outcome").get_text() == (
        "Announced; not known to have taken place"
    )
    assert page.select_one("dd time").get_text() == "October 2015"
    assert page.select_one("dd time")["datetime"] == "2015-10"


def test_event_detail_source_with_url_links_it(client):
    source = make_source(
        title="Report", publisher="Gorchakov Fund", url="https://example.org/report"
    )
    event = make_event(source=source)

    page = soup_of(client.get(event.get_absolute_url()))

    link = page.select_one(".source a")
    assert (link.get_text(), link["href"]) == ("Report", "https://example.org/report")
    assert "Gorchakov Fund" in page.select_one(".source").get_text()


def test_event_detail_draft_is_404(client):
    draft = make_draft()

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404


def test_event_detail_unknown_slug_is_404_page(client):
    response = client.get("/events/no-such-event/")

    assert response.status_code == 404
    assert soup_of(response).h1.get_text() == "Page not found"


def _event_with_relations(size):
    """A published event with `size` rows in every relation its page shows."""
    series = make_series()
    event = make_event(
        series=series,
        session_number=1,
        host_country=make_country(),
        source=make_source(),
        organizers=[make_organization() for _ in range(size)],
        participating_countries=[make_country() for _ in range(size)],
        topics=[make_topic() for _ in range(size)],
        mentioned_organizations=[make_organization() for _ in range(size)],
        mentioned_countries=[make_country() for _ in range(size)],
    )
    for number in range(size):
        person = make_person()
        make_participation(event, person, order=number)
        other = make_event(series=series, session_number=number + 2)
        make_participation(other, person)
    return event


@pytest.mark.parametrize("size", [1, 8])
def test_event_detail_query_count_is_fixed(client, django_assert_num_queries, size):
    event = _event_with_relations(size)

    # 9, and one for each kind of material (tests/events/test_materials.py).
    with django_assert_num_queries(12):
        response = client.get(event.get_absolute_url())

    assert len(soup_of(response).select(".speakers li")) == size


@pytest.mark.parametrize("size", [1, 25])
def test_event_list_query_count_is_fixed(client, django_assert_num_queries, size):
    topics = [make_topic() for _ in range(3)]
    country = make_country()
    for _ in range(size):
        event = make_event(host_country=country, series=make_series(), topics=topics)
        make_participation(event, make_person())

    # The count, the page and its topics; the facets' counts from the tallies
    # (the speakers' in order, and how many), and the names of the countries,
    # topics, organizations, series and speakers they show.
    with django_assert_num_queries(11):
        response = client.get("/events/")

    assert len(card_titles(response)) == min(size, 20)
    speakers = soup_of(response).select("fieldset.facet input[name=person]")
    assert len(speakers) == min(size, 8)


def test_event_list_reads_each_name_list_once_with_nothing_cached(
    client, settings, django_assert_num_queries
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    make_event()

    # The count, the page and its topics; the facets' counts from the tallies
    # (the speakers' in order, and how many) and one list each of the
    # countries', topics', organizations' and series' names.
    with django_assert_num_queries(10):
        response = client.get("/events/")

    assert len(card_titles(response)) == 1


@pytest.mark.parametrize("size", [1, 5])
def test_event_list_filtered_query_count_is_fixed(
    client, django_assert_num_queries, size
):
    country, topic = make_country(), make_topic()
    for _ in range(size):
        event = make_event(participating_countries=[country], topics=[topic])
        make_participation(event, make_person())

    # The slugs of each filter are checked to exist (2); the count, the page
    # and its topics (3). Facets: the keys of the events that match both
    # filters, and of those that match the country alone (the topic facet
    # counts those: its own choice does not narrow it) (2); a GROUP BY of
    # each of the 6 links but the speakers, in one query, the speakers' in
    # order, and one GROUP BY of the 5 columns of the event (3); the names of
    # the countries, topics, organizations, series and speakers shown (5).
    with django_assert_num_queries(15):
        response = client.get(f"/events/?country={country.slug}&topic={topic.slug}")

    assert len(card_titles(response)) == size


def searches_run(queries):
    """The captured queries that match words (FTS5 or PostgreSQL's @@)."""
    sql = [query["sql"] for query in queries.captured_queries]
    return len([text for text in sql if " MATCH " in text or " @@ " in text])


@pytest.mark.parametrize(
    ("keyed_at_most", "order", "searches"),
    [(5000, "-date", 2), (1, "-date", 4), (5000, "relevance", 3)],
)
def test_a_text_search_list_matches_its_words_once_per_selection(
    client, monkeypatch, keyed_at_most, order, searches
):
    monkeypatch.setattr(selectors.events, "KEYED_AT_MOST", keyed_at_most)
    for year in (2014, 2015, 2015):
        make_event(title="Open day", start_date=datetime.date(year, 5, 1))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/events/?q=open&year=2015&sort={order}")

    # The events found, and those the year facet counts (the year left out);
    # the count and the page read the keys of the first, unless there are
    # too many, and then match the words again. Ordered by relevance, the
    # page also looks the words up in the events' own texts.
    assert searches_run(queries) == searches
    assert card_titles(response) == ["Open day", "Open day"]
    assert "2 events found." in response.text


# Series


def test_series_list_counts_published_sessions(client, archive_2015):
    make_draft(series_id=1, session_number=9, title="Draft")

    response = client.get("/series/")
    page = soup_of(response)

    assert card_titles(response) == ["CSTO Academy"]
    assert "Since November 2012 · 2 events" in page.select_one(".card .meta").text


def test_series_detail_lists_sessions_in_order(client, archive_2015):
    make_draft(series_id=1, session_number=9)

    response = client.get("/series/csto-academy/")

    assert card_titles(response) == [LAUNCH, ACADEMY]
    assert ACADEMY_URL in hrefs(response)


def test_series_detail_unknown_is_404(client):
    assert client.get("/series/nothing/").status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_series_detail_query_count_is_fixed(client, django_assert_num_queries, size):
    series, topic = make_series(), make_topic()
    for number in range(size):
        make_event(series=series, session_number=number + 1, topics=[topic])

    # The series, its sessions (a page, and all for the timeline), the
    # countries that took part with their counts from the tallies.
    with django_assert_num_queries(5):
        response = client.get(series.get_absolute_url())

    assert len(card_titles(response)) == size


# Topics


def test_topic_list_counts_published_events(client, archive_2015):
    make_draft(topics=[2])

    page = soup_of(client.get("/topics/"))

    rows = {
        item.a.get_text(): item.select_one(".meta").get_text()
        for item in page.select(".tally li")
    }
    assert rows["Youth and education"] == "2 events"
    assert rows["Political cooperation"] == "1 event"
    assert len(rows) == 13


def test_topic_detail_lists_events_and_speakers(client, archive_2015):
    response = client.get("/topics/migration/")
    page = soup_of(response)

    assert section_links(response, "events-heading") == [ACADEMY]
    speakers = [a.get_text() for a in page.select("#people-heading ~ ul .card-title a")]
    assert speakers == ["Valery Semerikov", "Victor Vasilyev", "David Virabyan"]


def test_topic_detail_hides_draft_events_and_their_speakers(client):
    topic = make_topic()
    draft = make_draft(title="Draft", topics=[topic])
    make_participation(draft, make_person(name="Hidden Speaker"))

    response = client.get(topic.get_absolute_url())

    assert section_links(response, "events-heading") == []
    assert "Hidden Speaker" not in response.text


def test_topic_detail_unknown_is_404(client):
    assert client.get("/topics/nothing/").status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_topic_pages_query_count_is_fixed(client, django_assert_num_queries, size):
    topic = make_topic()
    host, home = make_country(), make_country()
    for _ in range(size):
        event = make_event(
            topics=[topic, make_topic()],
            host_country=host,
            participating_countries=[make_country()],
            organizers=[make_organization()],
        )
        make_participation(event, make_person(country=home))

    # The topic with its counts, its latest events' keys and their speakers,
    # then the filter's topic, the keys of its events, their speakers,
    # years, and countries and organizers (one query), the names of
    # countries, organizations and speakers, the topics beside it and their
    # names, and a page of its events.
    with django_assert_num_queries(14):
        client.get(topic.get_absolute_url())
    # The topics, and every topic's count from its links (all, unpublished).
    with django_assert_num_queries(1):
        client.get("/topics/")


# Cross-links both ways


def test_topic_links_to_event_and_back(client, archive_2015):
    assert ACADEMY_URL in hrefs(client.get("/topics/soft-power/"))
    assert "/topics/soft-power/" in hrefs(client.get(ACADEMY_URL))


def test_series_links_to_event_and_back(client, archive_2015):
    assert ACADEMY_URL in hrefs(client.get("/series/csto-academy/"))
    assert "/series/csto-academy/" in hrefs(client.get(ACADEMY_URL))


def test_participation_position_at_the_time_shown(client):
    person = make_person(position="Now retired")
    event = make_event()
    make_participation(
        event, person, role=Participation.Role.MODERATOR, position="Then ambassador"
    )

    item = soup_of(client.get(event.get_absolute_url())).select_one(".speakers li")

    assert item.get_text(" ", strip=True) == f"{person.name} Moderator Then ambassador"


@pytest.mark.parametrize(
    ("path", "summary"),
    [
        ("/events/", "Filters"),
        ("/events/?country=serbia&topic=migration", "Filters (2 selected)"),
        ("/ru/events/?country=serbia", "Фильтры (выбрано: 1)"),
        ("/people/?country=armenia", "Filters (1 selected)"),
    ],
)
def test_list_folds_its_filters_into_a_closed_disclosure_before_the_results(
    client, archive_2015, path, summary
):
    page = soup_of(client.get(path))

    layout = page.select_one(".list-layout")
    panel, results = layout.find_all(recursive=False)
    assert (panel.name, panel["id"], panel.has_attr("open")) == (
        "details",
        "filters",
        False,
    )
    assert panel.summary.get_text() == summary
    assert panel.select_one("form.filters") is not None
    assert results["class"] == ["results"]


def test_list_opens_its_filters_when_a_value_is_wrong(client, archive_2015):
    page = soup_of(client.get("/events/?country=atlantis"))

    panel = page.select_one("#filters")
    assert panel.has_attr("open")
    assert "No such country: atlantis." in panel.get_text()
