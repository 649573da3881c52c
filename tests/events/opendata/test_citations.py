import json

import pytest

from tests.factories import make_event, make_source
from tests.helpers import ACADEMY_SLUG, LAUNCH_SLUG, soup_of

pytestmark = pytest.mark.django_db

URL = f"http://testserver/events/{ACADEMY_SLUG}/"
SOURCE = (
    "“Plenipotentiaries of countries-members of CSTO for the first time spoke at "
    "CSTO Academy”, June 25, 2015"
)


def test_event_page_cites_the_event_and_its_source(client, archive_2015):
    response = client.get(f"/events/{ACADEMY_SLUG}/")

    block = soup_of(response).select_one(".cite")
    assert block.select_one(".citation").get_text() == (
        f"“4th CSTO Academy” (June 25, 2015, Moscow, Russia). Academy Archive. "
        f"Source: {SOURCE}. {URL}"
    )
    assert [link["href"] for link in block.select("a")] == [
        f"/events/{ACADEMY_SLUG}/citation.bib",
        f"/events/{ACADEMY_SLUG}/citation.json",
    ]


def test_russian_citation_has_russian_quotes_and_one_full_stop(client, archive_2015):
    response = client.get(f"/ru/events/{ACADEMY_SLUG}/")

    citation = soup_of(response).select_one(".cite .citation").get_text()
    assert citation == (
        "«IV Академия ОДКБ» (25 июня 2015 г., Москва, Россия). Архив Академии. "
        "Источник: «Plenipotentiaries of countries-members of CSTO for the first "
        "time spoke at CSTO Academy», 25 июня 2015 г. "
        f"http://testserver/ru/events/{ACADEMY_SLUG}/"
    )


def test_bibtex_of_the_2015_academy(client, archive_2015):
    response = client.get(f"/events/{ACADEMY_SLUG}/citation.bib")

    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response.content.decode() == (
        "@misc{4th-csto-academy-2015,\n"
        "  title = {{4th CSTO Academy}},\n"
        "  howpublished = {Academy Archive},\n"
        "  year = {2015},\n"
        "  month = jun,\n"
        "  date = {2015-06-25},\n"
        "  address = {Moscow, Russia},\n"
        f"  note = {{Source: {SOURCE}.}},\n"
        f"  url = {{{URL}}}\n"
        "}\n"
    )


def test_bibtex_keeps_month_precision(client, archive_2015):
    text = client.get(f"/events/{LAUNCH_SLUG}/citation.bib").content.decode()

    assert "  year = {2012},\n  month = nov,\n  date = {2012-11},\n" in text


def test_bibtex_escapes_special_characters(client, db):
    make_event(slug="odd", title="R&D {50%} #1 a_b ~ ^ \\")

    text = client.get("/events/odd/citation.bib").content.decode()

    assert (
        r"  title = {{R\&D \{50\%\} \#1 a\_b \textasciitilde{} "
        r"\textasciicircum{} \textbackslash{}}},"
    ) in text.splitlines()


def test_csl_json_of_the_2015_academy(client, archive_2015):
    response = client.get(f"/events/{ACADEMY_SLUG}/citation.json")

    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
    assert json.loads(response.content) == [
        {
            "id": ACADEMY_SLUG,
            "type": "event",
            "title": "4th CSTO Academy",
            "event-date": {"date-parts": [[2015, 6, 25]]},
            "issued": {"date-parts": [[2015, 6, 25]]},
            "publisher": "Academy Archive",
            "URL": URL,
            "event-place": "Moscow, Russia",
            "note": f"Source: {SOURCE}.",
        }
    ]


def test_csl_json_keeps_year_precision(client, db):
    make_event(
        slug="some-year",
        date_precision="year",
        source=make_source(title="A yearbook", publisher="A press"),
    )

    [item] = client.get("/events/some-year/citation.json").json()

    assert item["issued"] == {"date-parts": [[2015]]}
    assert item["note"] == "Source: “A yearbook”, A press."


@pytest.mark.parametrize("suffix", ["citation.bib", "citation.json"])
def test_draft_has_no_citation(client, draft, suffix):
    response = client.get(f"/events/secret-draft/{suffix}")

    assert response.status_code == 404
