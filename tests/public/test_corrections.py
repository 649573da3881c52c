"""The form a visitor suggests a correction with: what it stores, what it
refuses, and that nothing of what was sent is ever public."""

import pytest
from django.test import Client

from events.models import Correction
from tests.factories import make_draft, make_event, make_person
from tests.helpers import API_URLS, PUBLIC_URLS, content_of, soup_of

pytestmark = pytest.mark.django_db

SENT = {
    "wrong": "The session was held in Yerevan, not in Moscow.",
    "proposed": "Yerevan",
    "source_url": "https://example.org/press-release",
    "homepage": "",
}

RECORD_PAGES = {
    "event": "/events/harden-event/",
    "series": "/series/harden-series/",
    "topic": "/topics/harden-topic/",
    "person": "/people/harden-person/",
    "country": "/countries/harden-country/",
    "organization": "/organizations/harden-organization/",
}


def form_url(record_page):
    return f"{record_page}suggest-correction/"


def page_errors(response):
    return [item.get_text() for item in soup_of(response).select(".errorlist li")]


@pytest.mark.parametrize(("kind", "record_page"), RECORD_PAGES.items())
def test_record_page_links_to_its_correction_form(
    client, one_of_each, kind, record_page
):
    link = soup_of(client.get(record_page)).select_one(".correction-link a")

    assert link["href"] == form_url(record_page)


@pytest.mark.parametrize(("kind", "record_page"), RECORD_PAGES.items())
def test_correction_sent_is_stored_for_its_record_and_thanked(
    client, one_of_each, kind, record_page
):
    response = client.post(form_url(record_page), SENT, follow=True)

    correction = Correction.objects.get()
    assert (correction.kind, correction.record.slug) == (
        kind,
        record_page.split("/")[2],
    )
    assert (correction.wrong, correction.proposed, correction.source_url) == (
        SENT["wrong"],
        SENT["proposed"],
        SENT["source_url"],
    )
    assert correction.status == Correction.Status.NEW
    assert response.redirect_chain == [(f"{form_url(record_page)}sent/", 302)]
    assert soup_of(response).h1.get_text() == "Thank you for your suggestion"


def test_correction_keeps_only_a_hash_of_the_address(client, one_of_each):
    client.post(form_url(RECORD_PAGES["event"]), SENT, REMOTE_ADDR="203.0.113.7")

    sender = Correction.objects.get().sender
    assert len(sender) == 64
    assert "203.0.113.7" not in sender


def test_correction_in_russian_is_thanked_in_russian(client, one_of_each):
    response = client.post(f"/ru{form_url(RECORD_PAGES['person'])}", SENT, follow=True)

    assert Correction.objects.get().language == "ru"
    assert soup_of(response).h1.get_text() == "Спасибо за ваше предложение"


def test_correction_form_is_in_russian(client, one_of_each):
    response = client.get(f"/ru{form_url(RECORD_PAGES['event'])}")

    labels = [
        label.get_text() for label in soup_of(response).select(".correction-form label")
    ]
    assert labels[:3] == [
        "Что неверно:",
        "Как должно быть:",
        "Источник (необязательно):",
    ]


def test_correction_form_of_a_draft_is_not_found(client):
    make_draft(slug="secret-draft")

    responses = [
        client.get("/events/secret-draft/suggest-correction/"),
        client.post("/events/secret-draft/suggest-correction/", SENT),
        client.get("/events/secret-draft/suggest-correction/sent/"),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert not Correction.objects.exists()


def test_correction_form_of_an_unknown_record_is_not_found(client, db):
    response = client.get("/people/nobody/suggest-correction/")

    assert response.status_code == 404


def test_correction_too_long_is_refused_and_says_so(client, one_of_each):
    too_long = {**SENT, "wrong": "x" * 2001, "source_url": "https://e.org/" + "a" * 500}

    response = client.post(form_url(RECORD_PAGES["event"]), too_long)

    assert response.status_code == 200
    assert page_errors(response) == [
        "Ensure this value has at most 2000 characters (it has 2001).",
        "Ensure this value has at most 500 characters (it has 514).",
    ]
    assert not Correction.objects.exists()


def test_correction_empty_is_refused_and_says_so(client, one_of_each):
    response = client.post(
        form_url(RECORD_PAGES["event"]), {**SENT, "wrong": " ", "proposed": ""}
    )

    assert page_errors(response) == ["This field is required."] * 2
    assert not Correction.objects.exists()


def test_correction_with_a_control_character_is_refused(client, one_of_each):
    response = client.post(
        form_url(RECORD_PAGES["event"]), {**SENT, "wrong": "Wrong\x0bdate"}
    )

    assert page_errors(response) == [
        "Remove the control character U+000B: feeds and downloads cannot carry it."
    ]
    assert not Correction.objects.exists()


def test_correction_with_the_trap_filled_is_refused_without_a_reason(
    client, one_of_each
):
    response = client.post(
        form_url(RECORD_PAGES["event"]), {**SENT, "homepage": "http://spam.example"}
    )

    assert page_errors(response) == ["This suggestion could not be accepted."]
    assert not Correction.objects.exists()


def test_correction_flood_is_refused_with_when_to_try_again(
    client, one_of_each, settings
):
    settings.CORRECTIONS_PER_HOUR = 3
    url = form_url(RECORD_PAGES["event"])
    for _ in range(3):
        client.post(url, SENT)

    response = client.post(url, SENT)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    [message] = page_errors(response)
    assert message.startswith(
        "You have sent as many suggestions as we take from one address in an "
        "hour. Please try again in "
    )
    assert Correction.objects.count() == 3


def test_correction_limit_is_per_address(client, one_of_each, settings):
    settings.CORRECTIONS_PER_HOUR = 1
    url = form_url(RECORD_PAGES["event"])
    client.post(url, SENT, REMOTE_ADDR="203.0.113.7")

    response = client.post(url, SENT, REMOTE_ADDR="203.0.113.8")

    assert response.status_code == 302
    assert Correction.objects.count() == 2


def test_correction_without_a_csrf_token_is_refused(one_of_each):
    client = Client(enforce_csrf_checks=True)

    response = client.post(form_url(RECORD_PAGES["event"]), SENT)

    assert response.status_code == 403
    assert not Correction.objects.exists()


def test_correction_form_is_never_cached(client, one_of_each):
    response = client.get(form_url(RECORD_PAGES["event"]))

    assert "no-store" in response["Cache-Control"]


def test_nothing_sent_shows_on_any_public_page_or_the_api(
    client, one_of_each, settings
):
    settings.CORRECTIONS_PER_HOUR = len(RECORD_PAGES)
    marker = "zqxmarker"
    for record_page in RECORD_PAGES.values():
        client.post(
            form_url(record_page),
            {
                "wrong": f"{marker} wrong",
                "proposed": f"{marker} right",
                "source_url": f"https://{marker}.example/",
            },
        )
    assert Correction.objects.count() == len(RECORD_PAGES)

    shown = {url: content_of(client.get(url)) for url in PUBLIC_URLS + API_URLS}

    assert [url for url, text in shown.items() if marker in text] == []


def test_correction_form_shows_what_was_sent_escaped(client, one_of_each):
    response = client.post(
        form_url(RECORD_PAGES["event"]),
        {**SENT, "wrong": "<script>alert(1)</script>" + "x" * 2000},
    )

    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_correction_form_queries(client, django_assert_num_queries, count):
    person = make_person(slug="someone")
    for _ in range(count):
        make_event()

    with django_assert_num_queries(1):
        response = client.get(f"/people/{person.slug}/suggest-correction/")

    assert response.status_code == 200


def test_correction_form_of_an_event_queries(client, django_assert_num_queries):
    make_event(slug="an-event")

    with django_assert_num_queries(1):
        client.get("/events/an-event/suggest-correction/")
    with django_assert_num_queries(2):  # the record, the correction kept
        client.post("/events/an-event/suggest-correction/", SENT)
