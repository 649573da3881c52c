import datetime

import pytest

from academy.search import MAX_WORDS, normalize, word_stems
from academy.writes import keeping_derived_data_for
from events.search import search_people
from people.models import Person
from tests.factories import (
    make_country,
    make_draft,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_person_name,
    make_topic,
)
from tests.helpers import card_titles, soup_of

pytestmark = pytest.mark.django_db


def results(response):
    """{group heading: [result names]} in page order."""
    page = soup_of(response)
    return {
        section.h2.contents[0].strip(): [
            link.get_text() for link in section.select(".card-title a")
        ]
        for section in page.select("main section")
    }


def test_search_groups_results_by_kind(client, archive_2015):
    response = client.get("/search/?q=csto")

    assert response.status_code == 200
    found = results(response)
    # Kinds whose names hold the word first; people are found by their posts.
    assert list(found) == ["Events", "Organizations", "Topics", "People"]
    assert found["Events"] == [
        "CSTO Youth School in Serbia",
        "4th CSTO Academy",
        "Launch of the CSTO Academy programme",
    ]
    assert found["People"] == ["Victor Vasilyev", "David Virabyan"]
    assert found["Organizations"] == [
        "CSTO Analytical Association",
        "CSTO Institute",
        "CSTO Secretariat",
        "CSTO University League",
        "Collective Security Treaty Organization",
    ]
    assert found["Topics"] == ["The CSTO compared with NATO"]


def test_search_is_case_insensitive(client, archive_2015):
    response = client.get("/search/?q=VIRABYAN")

    assert results(response) == {
        "Events": ["4th CSTO Academy"],
        "People": ["David Virabyan"],
    }


def test_search_matches_the_start_of_words(client, archive_2015):
    response = client.get("/search/?q=Vira")

    assert results(response)["People"] == ["David Virabyan"]


def test_search_matches_alternative_names(client, archive_2015):
    response = client.get("/search/?q=Viktor")

    assert results(response) == {
        "Events": ["4th CSTO Academy"],
        "People": ["Victor Vasilyev"],
    }


def test_search_matches_cyrillic_names(client, archive_2015):
    response = client.get("/search/?q=Вирабян")

    assert results(response)["People"] == ["David Virabyan"]


def test_search_finds_countries_and_every_word_must_match(client, archive_2015):
    response = client.get("/search/?q=serbia+school")

    # The academy's text announces the school in Serbia.
    assert results(response) == {
        "Events": ["CSTO Youth School in Serbia", "4th CSTO Academy"]
    }
    assert results(client.get("/search/?q=serbia+zebra")) == {}
    assert results(client.get("/search/?q=serbia"))["Countries"] == ["Serbia"]


def test_search_hides_drafts(client):
    make_participation(
        make_draft(title="Zanzibar meeting"),
        make_person(name="Someone Else"),
    )

    response = client.get("/search/?q=zanzibar")

    assert results(response) == {}
    assert "0 results for “zanzibar”." in response.text


def test_search_without_query_shows_only_the_form(client, archive_2015):
    response = client.get("/search/")

    assert response.status_code == 200
    assert results(response) == {}
    assert "results for" not in response.text


@pytest.mark.parametrize("query", ["!!!", "%27%3A*%26%7C", "(", "a%27b"])
def test_search_punctuation_never_breaks(client, archive_2015, query):
    response = client.get(f"/search/?q={query}")

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a%00b", "Null characters are not allowed."),
        ("x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_search_bad_query_shows_form_error(client, archive_2015, query, message):
    response = client.get(f"/search/?q={query}")

    page = soup_of(response)
    assert response.status_code == 200
    assert [item.get_text() for item in page.select(".errorlist li")] == [message]
    assert results(response) == {}


@pytest.mark.parametrize("size", [1, 25])
def test_search_query_count_is_fixed(client, django_assert_num_queries, size):
    for number in range(size):
        event = make_event(title=f"Zanzibar {number}")
        make_participation(event, make_person(name=f"Zanzibar Person {number}"))

    with django_assert_num_queries(6):
        response = client.get("/search/?q=zanzibar")

    assert len(results(response)["Events"]) == min(size, 20)


def test_search_gives_true_totals_and_links_to_the_rest(client):
    for number in range(25):
        make_event(title=f"Zanzibar {number}")
    make_person(name="Zanzibar Envoy")

    page = soup_of(client.get("/search/?q=zanzibar"))

    assert page.select_one(".result-count").get_text() == ("26 results for “zanzibar”.")
    events = page.select_one("section[aria-labelledby=results-event]")
    assert events.h2.get_text(" ", strip=True) == "Events (25)"
    assert len(events.select(".card")) == 20
    more = events.select_one("p:not(.meta) a[href^='/events/']")
    assert more.get_text() == "All 25 matching events"
    assert more["href"] == "/events/?q=zanzibar"
    assert "20 of 25 shown." in events.get_text()
    people = page.select_one("section[aria-labelledby=results-person]")
    assert people.h2.get_text(" ", strip=True) == "People (1)"
    assert "shown." not in people.get_text()


def test_search_lists_an_exact_name_first(client, archive_2015):
    found = results(client.get("/search/?q=Valery+Semerikov"))
    partial = results(client.get("/search/?q=Semerikov"))

    assert list(found) == ["People", "Events"]
    # A person's name holds the word; the event's title does not.
    assert list(partial) == ["People", "Events"]


def test_words_are_normalized_letters_and_digits_only():
    text = "4th CSTO-academy, «Вирабян»; a_b ':*& Sémérikov СЕМЁРИКОВ"

    assert list(word_stems(text)) == [
        "4th",
        "csto",
        "academy",
        "вирабян",
        "a",
        "b",
        "semerikov",
        "семериков",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Семериков", "семериков"),
        ("СЕМЁРИКОВ", "семериков"),
        ("Sémérikov", "semerikov"),
        ("İSTANBUL", "istanbul"),
        ("Straße", "strasse"),
        ("ﬁnal ℌ", "final h"),
    ],
)
def test_normalize_folds_case_and_drops_accents(text, expected):
    assert normalize(text) == expected


def found_slugs(response):
    """{kind: [slugs of the results]}, the same whatever the page's language."""
    page = soup_of(response)
    return {
        section["aria-labelledby"].removeprefix("results-"): [
            link["href"].rstrip("/").rsplit("/", 1)[-1]
            for link in section.select(".card-title a")
        ]
        for section in page.select("main section")
    }


SEMERIKOV_FOUND = {"event": ["4th-csto-academy-2015"], "person": ["valery-semerikov"]}


@pytest.mark.parametrize(
    "query", ["Семериков", "семериков", "СЕМЕРИКОВ", "Semerikov", "semer", "Sémérikov"]
)
@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_search_finds_semerikov_in_either_script_and_language(
    client, archive_2015, query, prefix
):
    response = client.get(f"{prefix}/search/", {"q": query})

    assert response.status_code == 200
    assert found_slugs(response) == SEMERIKOV_FOUND


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/events/", "СЕМЕРИКОВ", ["IV Академия ОДКБ"]),
        # The academy took part in by Serbia, and its text names the school.
        (
            "/events/",
            "одкб сербии",
            ["Молодёжная школа ОДКБ в Сербии", "IV Академия ОДКБ"],
        ),
        ("/people/", "семериков", ["Валерий Семериков"]),
        ("/people/", "ПОЛНОМОЧНЫЙ армении", ["Давид Вирабян"]),
    ],
)
def test_lists_filter_by_cyrillic_text_on_the_russian_site(
    client, archive_2015, path, query, expected
):
    response = client.get(f"/ru{path}", {"q": query})

    assert card_titles(response) == expected


@pytest.mark.parametrize("query", ["Семериков", "СЕМЁРИКОВ", "semerikov"])
def test_api_filters_events_by_text_in_either_script(client, archive_2015, query):
    response = client.get("/api/events/", {"q": query})

    assert [event["slug"] for event in response.json()["results"]] == [
        "4th-csto-academy-2015"
    ]


def test_search_finds_records_by_their_russian_names(client, archive_2015):
    response = client.get("/search/", {"q": "Сербия"})

    # The school is "…в Сербии", held there; Serbia took part in the academy.
    assert found_slugs(response) == {
        "event": ["csto-youth-school-serbia-2015", "4th-csto-academy-2015"],
        "country": ["serbia"],
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Another case of the name: "the speech of Семериков".
        ("Семерикова", SEMERIKOV_FOUND),
        (
            "академии",
            {"event": ["4th-csto-academy-2015", "csto-academy-programme-launch"]},
        ),
        ("школы", {"event": ["csto-youth-school-serbia-2015"]}),
        ("молодёжной школе", {"event": ["csto-youth-school-serbia-2015"]}),
    ],
)
def test_search_finds_russian_word_forms(client, archive_2015, query, expected):
    assert found_slugs(client.get("/ru/search/", {"q": query})) == expected


def test_search_finds_english_word_forms(client):
    event = make_event(title="Conference on studies of security")

    for query in ("conferences", "study", "securities"):
        assert found_slugs(client.get("/search/", {"q": query})) == {
            "event": [event.slug]
        }


def test_search_finds_an_event_by_what_its_body_says(client):
    event = make_event(title="Round table", body="The participants toured Kazan.")

    assert found_slugs(client.get("/search/?q=kazan")) == {"event": [event.slug]}


@pytest.mark.parametrize(
    ("query", "events"),
    [
        # Discussed at the academy; and the name of its topic.
        ("NATO", ["4th-csto-academy-2015"]),
        ("НАТО", ["4th-csto-academy-2015"]),
        # The school's organizer, and discussed at the academy.
        (
            "Collective Security Treaty",
            # Best match first: the academy's own text has the words together.
            ["4th-csto-academy-2015", "csto-youth-school-serbia-2015"],
        ),
        # Discussed at the academy, not a participant.
        ("China", ["4th-csto-academy-2015"]),
        ("Мягкая сила", ["4th-csto-academy-2015"]),
    ],
)
def test_search_finds_events_by_the_names_of_linked_records(
    client, archive_2015, query, events
):
    assert found_slugs(client.get("/search/", {"q": query}))["event"] == events


def test_search_does_not_find_events_by_a_linked_records_description(client):
    topic = make_topic(name="Energy", description="Atomic power plants")
    make_event(title="Round table", topics=[topic])

    assert found_slugs(client.get("/search/?q=atomic")) == {"topic": [topic.slug]}


def test_a_text_search_follows_a_renamed_topic(client):
    topic = make_topic(name="Energy")
    event = make_event(title="Round table", topics=[topic])
    assert card_titles(client.get("/events/?q=zebra")) == []

    topic.name = "Zebra crossings"
    topic.save()

    assert card_titles(client.get("/events/?q=zebra")) == [event.title]


def test_search_matches_words_shorter_than_a_trigram(client):
    organization = make_organization(name="Long Name", acronym="XY")
    country = make_country(name="Chad")

    assert found_slugs(client.get("/search/?q=xy")) == {
        "organization": [organization.slug]
    }
    assert found_slugs(client.get("/search/?q=cha")) == {"country": [country.slug]}


def test_search_finds_topics_by_description(client):
    topic = make_topic(name="Energy", description_ru="Атомная энергетика")

    response = client.get("/search/", {"q": "атомная"})

    assert found_slugs(response) == {"topic": [topic.slug]}


def test_search_finds_events_by_speakers_other_spelling(client):
    event = make_event(title="Round table")
    person = make_person(name="Valery Semerikov")
    make_participation(event, person)
    # With a stress mark, as Russian dictionaries print it.
    make_person_name(person, "Семери\u0301ков Валерий")

    response = client.get("/search/", {"q": "семериков"})

    assert found_slugs(response) == {"event": [event.slug], "person": [person.slug]}


def test_search_finds_events_by_speakers_names_not_positions(client):
    event = make_event(title="Round table")
    person = make_person(name="Valery Semerikov", position="Zanzibar envoy")
    make_participation(event, person)

    assert found_slugs(client.get("/search/?q=semerikov")) == {
        "event": [event.slug],
        "person": [person.slug],
    }
    assert found_slugs(client.get("/search/?q=zanzibar")) == {"person": [person.slug]}


def test_search_document_follows_a_rename(db):
    person = make_person(name="Valery Semerikov")

    person.name_ru = "Валерий Семериков"
    person.save()
    person.name = "Valery Semyorikov"
    person.save()

    people = Person.objects.all()
    assert list(search_people(people, "Semyorikov")) == [person]
    assert list(search_people(people, "Семериков")) == [person]
    assert list(search_people(people, "Semerikov")) == []


def test_search_document_follows_other_spellings(db):
    person = make_person(name="Viktor Vasilyev")
    people = Person.objects.all()

    other = make_person_name(person, "Vasiliev")
    assert list(search_people(people, "vasiliev")) == [person]
    other.name = "Wassiljew"
    with keeping_derived_data_for([person]):
        other.save()
    assert list(search_people(people, "vasiliev")) == []
    assert list(search_people(people, "wassiljew")) == [person]
    with keeping_derived_data_for([person]):
        other.delete()
    assert list(search_people(people, "wassiljew")) == []


def test_search_hides_drafts_found_by_speaker(client):
    make_participation(
        make_draft(title="Closed meeting"),
        make_person(name="Zanzibar Speaker"),
    )

    response = client.get("/search/?q=zanzibar")

    assert found_slugs(response) == {"person": [Person.objects.get().slug]}


@pytest.mark.parametrize(
    "path", ["/search/", "/events/", "/people/", "/api/events/", "/api/people/"]
)
def test_search_huge_input_never_breaks(client, archive_2015, path):
    # As long as a query string may be (16 KB, academy/middleware.py).
    query = " ".join(f"w{number}ord" for number in range(1000)) + " " + "я" * 1000

    response = client.get(path, {"q": query})

    assert response.status_code == 200


def test_search_ignores_words_past_the_limit(client, archive_2015):
    known = (
        "valery валерий semerikov deputy secretary general of the collective "
        "security organization"
    )
    # "of the" are stop words: left out, they do not count.
    assert len(known.split()) - 2 == MAX_WORDS - 1

    found = client.get("/search/", {"q": f"{known} treaty nosuchword"})
    not_found = client.get("/search/", {"q": f"nosuchword {known} treaty"})

    # The academy's speaker, whose text names the treaty and the post.
    assert found_slugs(found) == {
        "event": ["4th-csto-academy-2015"],
        "person": ["valery-semerikov"],
    }
    assert found_slugs(not_found) == {}


@pytest.mark.parametrize("size", [1, 25])
@pytest.mark.parametrize(
    ("path", "queries", "page_size"),
    [("/events/?q=zanzibar", 12, 20), ("/people/?q=zanzibar", 8, 30)],
)
def test_list_search_query_count_is_fixed(
    client, django_assert_num_queries, size, path, queries, page_size
):
    for number in range(size):
        person = make_person(name=f"Zanzibar Person {number}")
        make_person_name(person, f"Занзибар {number}")
        make_participation(make_event(title=f"Meeting {number}"), person)

    with django_assert_num_queries(queries):
        response = client.get(path)

    assert len(card_titles(response)) == min(size, page_size)


def test_a_text_search_follows_a_new_spelling_of_a_speakers_name(client):
    event = make_event(title="Round table")
    person = make_person(name="Valery Semerikov")
    make_participation(event, person)
    assert card_titles(client.get("/events/?q=zebrikov")) == []
    assert card_titles(client.get("/people/?q=zebrikov")) == []

    make_person_name(person, "Zebrikov")

    assert card_titles(client.get("/events/?q=zebrikov")) == [event.title]
    assert card_titles(client.get("/people/?q=zebrikov")) == [person.name]


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("Semerikof", "Semerikov"),
        ("valery semerikof", "valery Semerikov"),
        ("Семерикоф", "Семериков"),
        ("Gorchakof fund", "Gorchakov fund"),
        ("Serbai", "Serbia"),
    ],
)
def test_a_search_that_finds_nothing_suggests_a_name(
    client, archive_2015, query, suggestion
):
    page = soup_of(client.get("/search/", {"q": query}))

    link = page.select_one(".suggestion a")
    assert page.select_one(".suggestion").get_text() == f"Did you mean {suggestion}?"
    assert client.get("/search/" + link["href"]).context["total"] > 0


def test_no_suggestion_when_a_search_finds_something_or_nothing_is_alike(
    client, archive_2015
):
    found = soup_of(client.get("/search/?q=semerikov"))
    unlike = soup_of(client.get("/search/?q=zyxwvut"))

    assert found.select_one(".suggestion") is None
    assert unlike.select_one(".suggestion") is None


def test_the_events_list_suggests_a_spelling_and_keeps_its_filters(
    client, archive_2015
):
    page = soup_of(client.get("/events/?q=semerikof&kind=academy_session"))

    link = page.select_one(".suggestion a")
    assert link["href"] == "?q=Semerikov&kind=academy_session"
    assert card_titles(client.get("/events/" + link["href"])) == ["4th CSTO Academy"]


def test_a_suggestion_costs_a_bounded_number_of_queries(
    client, archive_2015, django_assert_num_queries
):
    # Five searches; then for each of the first three words, itself and three
    # shorter beginnings, and then the halves of it and of its stem, looked
    # up among people, countries, organizations and topics (3 x 5 x 4). The
    # fourth word is not looked up.
    with django_assert_num_queries(5 + 60):
        response = client.get("/search/?q=qwertyu+asdfghj+zxcvbnm+poiuytr")

    assert soup_of(response).select_one(".suggestion") is None


# Findability: typos with case endings, phrasing, phrases, one order of kinds.


@pytest.mark.parametrize(
    "query", ["Семерекова", "Семирикова", "Семерекову", "Семириков", "Сумериков"]
)
@pytest.mark.parametrize("path", ["/search/", "/ru/search/", "/people/", "/ru/people/"])
def test_a_russian_name_with_a_typo_anywhere_and_a_case_ending_is_suggested(
    client, archive_2015, path, query
):
    page = soup_of(client.get(path, {"q": query}))

    link = page.select_one(".suggestion a")
    assert link.get_text() == "Семериков"
    assert "valery-semerikov" in client.get(path + link["href"]).text


def test_the_people_list_suggests_a_spelling(client, archive_2015):
    page = soup_of(client.get("/people/?q=Semerikof"))

    assert page.select_one(".suggestion").get_text() == "Did you mean Semerikov?"


@pytest.fixture
def serbian_conference():
    serbia = make_country(name_en="Serbia", name_ru="Сербия", iso_code="RS")
    return make_event(
        title_en="Youth forum",
        title_ru="Молодёжный форум",
        kind="conference",
        host_country=serbia,
    )


@pytest.mark.parametrize(
    "query",
    [
        "Сербии",
        "в Сербии",
        "конференция в Сербии",
        "конференции Сербия",
        "conferences in Serbia",
        "the conference of Serbia",
    ],
)
def test_prepositions_are_ignored_and_kinds_are_searched_in_both_languages(
    client, serbian_conference, query
):
    assert card_titles(client.get("/events/", {"q": query})) == ["Youth forum"]


def test_a_kind_the_event_is_not_is_no_match(client, serbian_conference):
    assert card_titles(client.get("/events/", {"q": "школа в Сербии"})) == []


@pytest.fixture
def security_events():
    digital = make_topic(name_en="Digital diplomacy", name_ru="Цифровая дипломатия")
    cyber = make_topic(name_en="Cyber security", name_ru="Кибербезопасность")
    phrase = make_topic(name_en="Digital security", name_ru="Цифровая безопасность")
    make_event(
        title="Newer forum",
        start_date=datetime.date(2020, 1, 1),
        topics=[digital, cyber],
    )
    make_event(
        title="Older forum", start_date=datetime.date(2010, 1, 1), topics=[phrase]
    )


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("digital security", ["Older forum", "Newer forum"]),
        ('"digital security"', ["Older forum"]),
        ("“digital security”", ["Older forum"]),
        ("«цифровой безопасности»", ["Older forum"]),
        ('"security digital"', []),
        ('"digital" security', ["Older forum", "Newer forum"]),
    ],
)
def test_a_quoted_phrase_is_matched_as_a_phrase_and_best_matches_come_first(
    client, security_events, query, found
):
    assert card_titles(client.get("/events/", {"q": query})) == found


def test_the_newest_first_order_stays_one_click_away_from_a_text_search(
    client, security_events
):
    page = soup_of(client.get("/events/?q=digital+security"))
    newest = client.get("/events/?q=digital+security&sort=-date")

    sort_links = page.select(".sort-links li")
    assert [item.get_text(strip=True) for item in sort_links[:2]] == [
        "Best match",
        "Newest first",
    ]
    assert sort_links[0].select_one("[aria-current]") is not None
    assert card_titles(newest) == ["Newer forum", "Older forum"]


def test_best_match_is_offered_only_with_a_text_search(client, security_events):
    page = soup_of(client.get("/events/"))

    labels = [item.get_text(strip=True) for item in page.select(".sort-links li")]
    assert "Best match" not in labels
    assert labels[0] == "Newest first"


def group_kinds(response):
    """The kinds of the search's result groups in page order."""
    return [
        section["aria-labelledby"].removeprefix("results-")
        for section in soup_of(response).select("main section")
    ]


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("Serbia", ["country", "event"]),
        ("Сербия", ["country", "event"]),
        ("Семерикова", ["person", "event"]),
        ("Semerikov", ["person", "event"]),
    ],
)
def test_result_kinds_come_in_one_order_in_both_languages(
    client, archive_2015, query, kinds
):
    english = client.get("/search/", {"q": query})
    russian = client.get("/ru/search/", {"q": query})

    assert group_kinds(english) == kinds
    assert group_kinds(russian) == kinds
