import datetime
import json
import re

import bibtexparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from django.utils import timezone
from pybtex.backends.plaintext import Backend
from pybtex.database import parse_string
from pybtex.style.formatting.unsrt import Style

from events.dates import DatePrecision
from tests.factories import make_event, make_source
from tests.helpers import ACADEMY_SLUG, LAUNCH_SLUG, soup_of

pytestmark = pytest.mark.django_db

URL = f"http://testserver/events/{ACADEMY_SLUG}/"
SOURCE = (
    "“Plenipotentiaries of countries-members of CSTO for the first time spoke at "
    "CSTO Academy”, 25 June 2015"
)


def test_event_page_cites_the_event_and_its_source(client, archive_2015):
    response = client.get(f"/events/{ACADEMY_SLUG}/")

    block = soup_of(response).select_one(".cite")
    assert block.select_one(".citation").get_text() == (
        f"“4th CSTO Academy” (25 June 2015, Moscow, Russia). Academy Archive. "
        f"Source: {SOURCE}. {URL}"
    )
    assert [link["href"] for link in block.select("a")] == [
        f"/events/{ACADEMY_SLUG}/citation.bib",
        f"/events/{ACADEMY_SLUG}/citation.json",
        f"/events/{ACADEMY_SLUG}/citation.ris",
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


def test_russian_citation_writes_a_month_in_lower_case(client):
    event = make_event(
        title="Summer school",
        title_ru="Летняя школа",
        start_date=datetime.date(2016, 6, 1),
        date_precision=DatePrecision.MONTH,
    )

    response = client.get(f"/ru/events/{event.slug}/")

    citation = soup_of(response).select_one(".cite .citation").get_text()
    assert citation == (
        "«Летняя школа» (июнь 2016 г.). Архив Академии. "
        f"http://testserver/ru/events/{event.slug}/"
    )


def today():
    """The day a citation says it was accessed: the day it is downloaded."""
    return timezone.localdate()


def balanced(text):
    """Whether every brace of `text` is closed, none before it opens (an
    escaped brace does not count), as BibTeX requires of an entry."""
    depth = 0
    for brace in re.findall(r"(?<!\\)[{}]", text):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_of_the_2015_academy(client, archive_2015):
    response = client.get(f"/events/{ACADEMY_SLUG}/citation.bib")

    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    text = response.content.decode()
    assert text == (
        "@misc{4th-csto-academy-2015,\n"
        "  author = {{Academy Archive}},\n"
        "  title = {{4th CSTO Academy}},\n"
        "  howpublished = {Academy Archive},\n"
        "  publisher = {Academy Archive},\n"
        "  year = {2015},\n"
        "  month = jun,\n"
        "  date = {2015-06-25},\n"
        "  address = {Moscow, Russia},\n"
        f"  note = {{Source: {SOURCE}.}},\n"
        f"  url = {{{URL}}},\n"
        f"  urldate = {{{today().isoformat()}}}\n"
        "}\n"
    )
    assert balanced(text)


def test_russian_bibtex_names_the_month_in_russian(client, archive_2015):
    text = client.get(f"/ru/events/{ACADEMY_SLUG}/citation.bib").content.decode()

    assert text.splitlines()[1:7] == [
        "  author = {{Архив Академии}},",
        "  title = {{IV Академия ОДКБ}},",
        "  howpublished = {Архив Академии},",
        "  publisher = {Архив Академии},",
        "  year = {2015},",
        "  month = {июнь},",
    ]
    assert balanced(text)


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
            # A name a style can put first: without one, Harvard and APA put
            # the title in its place and print it twice.
            "author": [{"literal": "Academy Archive"}],
            "title": "4th CSTO Academy",
            "event-date": {"date-parts": [[2015, 6, 25]]},
            "issued": {"date-parts": [[2015, 6, 25]]},
            "accessed": {"date-parts": [[today().year, today().month, today().day]]},
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


# A line of an RIS record: a tag of a capital and a capital or digit, two
# spaces, a hyphen and a space (RIS format specification).
RIS_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])  - (?P<value>.*)$")


def ris_tags(text):
    """The (tag, value) pairs of an RIS file; fails on a line that is not one."""
    lines = text.split("\r\n")
    assert lines.pop() == ""  # every line ends with CR LF, the last one too
    return [RIS_LINE.match(line).group("tag", "value") for line in lines]


def test_ris_of_the_2015_academy(client, archive_2015):
    response = client.get(f"/events/{ACADEMY_SLUG}/citation.ris")

    assert response["Content-Type"] == (
        "application/x-research-info-systems; charset=utf-8"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="{ACADEMY_SLUG}.ris"'
    )
    assert ris_tags(response.content.decode()) == [
        ("TY", "ELEC"),
        ("AU", "Academy Archive,"),
        ("TI", "4th CSTO Academy"),
        ("PY", "2015"),
        ("DA", "2015/06/25/"),
        ("PB", "Academy Archive"),
        ("CY", "Moscow, Russia"),
        ("UR", URL),
        ("Y2", today().strftime("%Y/%m/%d")),
        ("N1", f"Source: {SOURCE}."),
        ("ER", ""),
    ]


@pytest.mark.parametrize(
    ("precision", "date"), [("month", "2015/06//"), ("year", "2015///")]
)
def test_ris_keeps_the_date_precision(client, db, precision, date):
    make_event(slug="rough", date_precision=precision)

    tags = dict(ris_tags(client.get("/events/rough/citation.ris").content.decode()))

    assert (tags["PY"], tags["DA"]) == ("2015", date)


@pytest.mark.parametrize("suffix", ["citation.bib", "citation.json", "citation.ris"])
def test_draft_has_no_citation(client, draft, suffix):
    response = client.get(f"/events/secret-draft/{suffix}")

    assert response.status_code == 404


# What reference managers do with the files: read the BibTeX with a BibTeX
# parser, and format the CSL-JSON with a CSL style.


def bibtex_entries(text):
    """The entries of `text` as bibtexparser reads them (month macros such as
    `jun` expanded), each checked to keep every field."""
    return bibtexparser.loads(text, BibTexParser(common_strings=True)).entries


@pytest.mark.parametrize(
    ("language", "author", "month"),
    [("", "{Academy Archive}", "June"), ("/ru", "{Архив Академии}", "июнь")],
)
def test_bibtex_reads_as_one_entry_in_a_bibtex_parser(
    client, archive_2015, language, author, month
):
    text = client.get(f"{language}/events/{ACADEMY_SLUG}/citation.bib").content

    [entry] = bibtex_entries(text.decode())

    assert (entry["ENTRYTYPE"], entry["ID"]) == ("misc", ACADEMY_SLUG)
    assert (entry["author"], entry["year"], entry["month"]) == (author, "2015", month)
    assert entry["urldate"] == today().isoformat()


def test_bibtex_escapes_read_back_as_the_title(client, db):
    make_event(slug="odd", title="R&D {50%} #1 a_b")

    [entry] = bibtex_entries(client.get("/events/odd/citation.bib").content.decode())

    assert entry["title"] == r"{R\&D \{50\%\} \#1 a\_b}"


def test_harvard_style_names_the_archive_first_and_the_title_once(client, archive_2015):
    data = json.loads(client.get(f"/events/{ACADEMY_SLUG}/citation.json").content)
    style = CitationStylesStyle("harvard1", validate=False)
    bibliography = CitationStylesBibliography(
        style, CiteProcJSON(data), formatter.plain
    )
    bibliography.register(Citation([CitationItem(ACADEMY_SLUG)]))

    [entry] = [str(item) for item in bibliography.bibliography()]

    accessed = f"{today():%B} {today().day}, {today().year}"
    assert entry == (
        f"Academy Archive, 2015. 4th CSTO Academy. Available at: {URL} "
        f"[Accessed {accessed}]."
    )


def test_citation_js_formats_the_archive_as_author_in_harvard_and_apa(
    client, archive_2015, read_in_javascript
):
    """citation-js (web reference tools' formatter) names the archive first
    and the title once in both common styles."""
    content = client.get(f"/events/{ACADEMY_SLUG}/citation.json").content

    references = read_in_javascript("csl", content)

    accessed = f"{today():%B} {today().day}, {today().year}"
    assert references == {
        "harvard": (
            "Academy Archive (2015) “4th CSTO Academy.” Academy Archive. "
            f"Available at: {URL} (Accessed: {accessed})."
        ),
        "apa": (
            "Academy Archive. (2015, June 25). 4th CSTO Academy. "
            f"Academy Archive. {URL}"
        ),
    }


def test_pybtex_formats_the_bibtex_with_the_archive_as_one_author(client, archive_2015):
    """pybtex, BibTeX's engine in Python (Sphinx's bibliographies), reads the
    archive as one institutional author and formats the reference with it."""
    text = client.get(f"/events/{ACADEMY_SLUG}/citation.bib").content.decode()

    entries = parse_string(text, "bibtex").entries
    [reference] = Style().format_entries(entries.values())

    [author] = entries[ACADEMY_SLUG].persons["author"]
    assert str(author) == "{Academy Archive}"
    assert reference.text.render(Backend()) == (
        f"Academy Archive. 4th CSTO Academy. Academy Archive, June 2015. Source: "
        f"{SOURCE}. URL: {URL} (visited on {today().isoformat()})."
    )


def test_rispy_reads_the_ris_as_one_electronic_record(client, archive_2015):
    """rispy, the RIS reader of Python reference tools, reads the file as one
    record with the archive as its (institutional, comma-ended) author."""
    text = client.get(f"/events/{ACADEMY_SLUG}/citation.ris").content.decode()

    [record] = rispy.loads(text)

    assert record == {
        "type_of_reference": "ELEC",
        "authors": ["Academy Archive,"],
        "title": "4th CSTO Academy",
        "year": "2015",
        "date": "2015/06/25/",
        "publisher": "Academy Archive",
        "place_published": "Moscow, Russia",
        "urls": [URL],
        "access_date": today().strftime("%Y/%m/%d"),
        "notes": [f"Source: {SOURCE}."],
    }
