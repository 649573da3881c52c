"""Stored markup stays text, and oversized requests get a 400 before any view."""

import html

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Event
from people.models import Country, Organization, Person
from tests.helpers import API_URLS, PUBLIC_URLS, soup_of

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = html.escape(PAYLOAD)


@pytest.fixture
def marked_up(one_of_each):
    """Every text field visitors see, holding markup an editor might paste."""
    event = one_of_each
    event.title = f"Title {PAYLOAD}"
    event.summary = event.body = event.city = event.venue = PAYLOAD
    event.save()
    event.series.name = event.series.description = f"Series {PAYLOAD}"
    event.series.save()
    for topic in event.topics.all():
        topic.name = topic.description = f"Topic {PAYLOAD}"
        topic.save()
    Country.objects.filter(slug="harden-country").update(name=f"Country {PAYLOAD}")
    Organization.objects.filter(slug="harden-organization").update(
        name=f"Organization {PAYLOAD}", acronym="<b>", description=PAYLOAD
    )
    Person.objects.filter(slug="harden-person").update(
        name=f"Person {PAYLOAD}", position=PAYLOAD, biography=PAYLOAD
    )
    event.participations.update(position=PAYLOAD)
    return event


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_markup_in_records_is_escaped_on_public_pages(client, marked_up, url):
    response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert ("<script>alert" in page, "onerror=alert(1)>" in page) == (False, False)
    assert ESCAPED in page


@pytest.mark.parametrize(
    "url",
    (
        "/events/harden-event/",
        "/series/harden-series/",
        "/topics/harden-topic/",
        "/people/harden-person/",
        "/countries/harden-country/",
        "/organizations/harden-organization/",
    ),
)
def test_markup_in_its_own_name_is_shown_as_text_on_the_detail_page(
    client, marked_up, url
):
    response = client.get(url)

    heading = response.content.decode().split("<h1", 1)[1].split("</h1>", 1)[0]
    assert ESCAPED in heading


@pytest.mark.parametrize("url", [u for u in API_URLS if u.count("/") == 4])
def test_markup_in_records_comes_back_as_plain_json_strings(client, marked_up, url):
    response = client.get(url)

    record = response.json()
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert any(PAYLOAD in str(value) for value in record.values())


def test_event_json_gives_the_title_exactly_as_stored(client, marked_up):
    response = client.get("/api/events/harden-event/")

    assert response.json()["title"] == f"Title {PAYLOAD}"


def test_draft_with_markup_stays_hidden(client, marked_up):
    Event.objects.filter(pk=marked_up.pk).update(status=Event.Status.DRAFT)

    statuses = [
        client.get(url).status_code
        for url in ("/events/harden-event/", "/api/events/harden-event/")
    ]

    assert statuses == [404, 404]


def refusal(response):
    """The status of a refused request and what its page says."""
    return response.status_code, soup_of(response).select_one("main p").get_text()


def test_form_body_over_the_memory_limit_is_refused_with_400(client, db):
    body = "username=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = client.post(
        "/admin/login/", body, content_type="application/x-www-form-urlencoded"
    )

    assert refusal(response) == (
        400,
        "The form held more than 2.5\xa0MB of text, so it was not read and "
        "nothing was saved. Go back and shorten it.",
    )


FIELDS_REFUSED = (
    400,
    "The request held more than 1000 fields or parameters, so it was not read "
    "and nothing was saved. Go back and send fewer: a long form in two saves, "
    "or fewer filters.",
)


def test_too_many_form_fields_are_refused_with_400(client, db):
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}

    response = client.post("/admin/login/", {**fields, "username": "x"})

    assert refusal(response) == FIELDS_REFUSED


def test_too_many_query_parameters_are_refused_with_400(client, db):
    query = "&".join(["country=x"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = client.get(f"/events/?{query}")

    assert refusal(response) == FIELDS_REFUSED


QUERY_TOO_LONG = {
    "/people/": (
        "The address was longer than 16.0\xa0KB after its “?”, so it was not "
        "read. Go back and choose fewer filters."
    ),
    "/ru/events/": (
        "Адрес после «?» был длиннее 16,0\xa0КБ, поэтому он не прочитан. "
        "Вернитесь и выберите меньше фильтров."
    ),
}


@pytest.mark.parametrize("path", QUERY_TOO_LONG)
def test_a_query_string_too_long_is_refused_with_400(client, db, path):
    """Pages repeat their query in every link: a 146 KB one made a people
    list of 3.5 MB."""
    query = "&".join(["discussed_organization=" + "x" * 100] * 200)

    response = client.get(f"{path}?{query}")

    assert refusal(response) == (400, QUERY_TOO_LONG[path])


def test_a_query_string_at_the_limit_is_read(client, db):
    query = "q=" + "x" * (settings.DATA_UPLOAD_MAX_QUERY_BYTES - 2)

    assert client.get(f"/events/?{query}").status_code == 200


def test_too_many_uploaded_files_are_refused_with_400(client, db):
    files = {
        f"file{n}": SimpleUploadedFile(f"f{n}.txt", b"x")
        for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }

    response = client.post("/admin/login/", {"username": "x", **files})

    assert refusal(response)[0] == 400
    assert "more than 40 files at once" in refusal(response)[1]


def test_a_request_refused_for_another_reason_is_told_so(client, db):
    response = client.get("/events/", HTTP_HOST="bad host")

    assert refusal(response) == (
        400,
        "The request could not be read. Check the address, or go back and try again.",
    )


def test_too_many_query_parameters_are_refused_in_the_pages_language(client, db):
    query = "&".join(["country=x"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = client.get(f"/ru/events/?{query}")

    assert refusal(response) == (
        400,
        "В запросе больше 1000 полей или параметров, поэтому он не прочитан и "
        "ничего не сохранено. Вернитесь и отправьте меньше: длинную форму — в два "
        "сохранения, или выберите меньше фильтров.",
    )


def test_query_parameters_up_to_the_limit_are_answered(client, db):
    query = "&".join(["country=x"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS - 1))

    response = client.get(f"/events/?{query}")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    (
        "/events/a%00b/",
        "/people/a%00b/",
        "/api/events/a%00b/",
        "/api/people/a%00b/",
        "/api/countries/a%00b/",
        "/api/organizations/a%00b/",
        "/api/topics/a%00b/",
        "/api/series/a%00b/",
        "/api/events/%D0%96/",
    ),
)
def test_slug_with_nul_or_non_ascii_is_not_found(client, db, url):
    response = client.get(url)

    assert response.status_code == 404
