import pytest
from bs4 import BeautifulSoup

from academy.search import words
from events.models import Event
from tests.factories import make_event, make_participation, make_person

pytestmark = pytest.mark.django_db


def results(response):
    """{group heading: [result names]} in page order."""
    page = BeautifulSoup(response.content, "html.parser")
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
    assert list(found) == ["Events", "People", "Organizations", "Topics"]
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

    assert results(response) == {"Events": ["CSTO Youth School in Serbia"]}
    assert results(client.get("/search/?q=serbia"))["Countries"] == ["Serbia"]


def test_search_hides_drafts(client):
    make_participation(
        make_event(title="Zanzibar meeting", status=Event.Status.DRAFT),
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

    page = BeautifulSoup(response.content, "html.parser")
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


def test_words_keep_letters_and_digits_only():
    assert words("4th CSTO-academy, «Вирабян»; a_b ':*&") == [
        "4th",
        "CSTO",
        "academy",
        "Вирабян",
        "a",
        "b",
    ]
