"""The cache of public pages: validators, 304s, and a change shown at once."""

import datetime
import secrets
import threading
import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from academy import search
from academy.cache_tags import Dependencies, write_number
from academy.caching import first_builder, store
from events.models import Event
from tests.factories import (
    make_country,
    make_draft,
    make_event,
    make_person,
    make_topic,
)
from tests.helpers import event_form, soup_of

pytestmark = pytest.mark.django_db


def change_form(event, **fields):
    """What the admin's event form posts to change `event`, without speakers."""
    current = {
        "title_en": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "start_date": event.start_date.isoformat(),
        "status": event.status,
        "outcome": event.outcome,
    }
    return event_form(**{**current, **fields})


def test_public_page_carries_validators_and_public_cache_control(client):
    make_event(title="Open day")

    response = client.get("/events/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"')
    assert response.has_header("Last-Modified")


def test_public_page_repeated_with_its_etag_is_304(client):
    make_event(title="Open day")
    first = client.get("/events/")

    again = client.get("/events/", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_public_page_with_a_stale_etag_is_served_whole(client):
    make_event(title="Open day")

    response = client.get("/events/", headers={"if-none-match": '"stale"'})

    assert response.status_code == 200
    assert "Open day" in response.text


def test_cached_page_is_served_without_a_query(client, django_assert_num_queries):
    event = make_event(title="Open day")
    client.get(event.get_absolute_url())

    with django_assert_num_queries(0):
        response = client.get(event.get_absolute_url())

    assert "Open day" in response.text


def test_event_saved_in_the_admin_shows_on_cached_pages(
    client, admin_client, any_cache
):
    event = make_event(
        title="Old title", slug="open-day", start_date=datetime.date(2015, 6, 25)
    )
    pages = (event.get_absolute_url(), "/events/", "/")
    for path in pages:
        assert "Old title" in client.get(path).text

    saved = admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        change_form(event, title_en="New title"),
    )

    assert saved.status_code == 302
    assert [
        ("Old title" in text, "New title" in text)
        for text in (client.get(path).text for path in pages)
    ] == [(False, True)] * 3


def test_a_speaker_added_in_the_admin_is_found_by_cached_searches(
    client, admin_client, any_cache
):
    event = make_event(title="Open day", start_date=datetime.date(2015, 6, 25))
    person = make_person(name="Quentin Zorvath")
    searches = ("/events/?q=Zorvath", "/search/?q=Zorvath")
    for path in searches:
        assert "Open day" not in client.get(path).text

    speaker = {"person": str(person.pk), "role": "speaker", "order": "1"}
    saved = admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        change_form(event, speakers=[speaker]),
    )

    assert saved.status_code == 302
    assert "1 event found." in client.get(searches[0]).text
    assert "Open day" in client.get(searches[1]).text


def list_map_rows(response):
    """(country, count) of each row of the events list's map table."""
    rows = soup_of(response).select("#list-map-title ~ .map-data tbody tr")
    return [(row.th.get_text(), row.td.get_text()) for row in rows]


def test_a_word_added_in_the_admin_is_counted_on_the_cached_list_map(
    client, admin_client, any_cache
):
    serbia = make_country(name="Serbia", iso_code="RS")
    event = make_event(title="Open day", participating_countries=[serbia])
    assert list_map_rows(client.get("/map/?q=zebra")) == []

    saved = admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        change_form(
            event,
            summary_en="A zebra crossed the hall",
            participating_countries=[str(serbia.pk)],
        ),
    )

    assert saved.status_code == 302
    assert "1 event found." in client.get("/events/?q=zebra").text
    assert list_map_rows(client.get("/map/?q=zebra")) == [("Serbia", "1")]


def test_draft_is_never_cached_and_shows_once_published(client):
    draft = make_draft(title="Secret")
    hidden = client.get(draft.get_absolute_url())

    draft.status = Event.Status.PUBLISHED
    draft.save()
    shown = client.get(draft.get_absolute_url())

    assert (hidden.status_code, hidden.has_header("ETag")) == (404, False)
    assert "public" not in hidden.get("Cache-Control", "")
    assert shown.status_code == 200


def test_deleted_event_leaves_the_cached_list(client):
    event = make_event(title="Gone soon")
    before = client.get("/events/")

    event.delete()
    after = client.get("/events/")

    assert ("Gone soon" in before.text, "Gone soon" in after.text) == (True, False)


def test_topic_added_to_an_event_shows_on_the_cached_topic_page(client):
    topic = make_topic(name="Water")
    event = make_event(title="River talks")
    before = client.get(topic.get_absolute_url())

    event.topics.add(topic)
    after = client.get(topic.get_absolute_url())

    assert ("River talks" in before.text, "River talks" in after.text) == (
        False,
        True,
    )


def test_logged_in_staff_are_neither_served_nor_stored(client, admin_client):
    event = make_event(title="Open day")
    client.get("/events/")  # cached for everyone else
    Event.objects.filter(pk=event.pk).update(title_en="Renamed quietly")

    staff = admin_client.get("/events/")
    anonymous = client.get("/events/")

    assert "Renamed quietly" in staff.text
    assert "private" in staff["Cache-Control"]
    assert not staff.has_header("ETag")
    # update() sends no signal: the anonymous copy stays until it expires.
    assert "Open day" in anonymous.text


def test_admin_pages_are_private(admin_client):
    response = admin_client.get(reverse("admin:events_event_changelist"))

    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_api_is_cached_per_language(client):
    event = make_event(title_en="Open day", title_ru="День открытых дверей")
    path = f"/api/events/{event.slug}/"

    english = client.get(path, headers={"accept-language": "en"})
    russian = client.get(path, headers={"accept-language": "ru"})

    assert (english.json()["title"], russian.json()["title"]) == (
        "Open day",
        "День открытых дверей",
    )


def test_schema_is_cached_per_accepted_format(client):
    json_type, yaml_type = (
        "application/vnd.oai.openapi+json",
        "application/vnd.oai.openapi",
    )

    answers = [
        client.get("/api/schema/", headers={"accept": accepted})
        for accepted in (json_type, yaml_type, json_type, yaml_type)
    ]

    assert [answer["Content-Type"].split(";")[0] for answer in answers] == [
        json_type,
        yaml_type,
        json_type,
        yaml_type,
    ]
    assert answers[2].content.startswith(b"{")
    assert answers[3].content.startswith(b"openapi:")
    assert answers[3]["Vary"] == "Accept, Accept-Language, origin"


@pytest.mark.parametrize("path", ["/api/events/", "/api/events/{slug}/"])
def test_api_last_modified_is_when_its_data_changed(client, path):
    event = make_event()
    changed = datetime.datetime(2015, 6, 25, 12, tzinfo=datetime.UTC)
    Event.objects.filter(pk=event.pk).update(updated=changed)
    path = path.format(slug=event.slug)

    first = client.get(path)
    since_2022 = client.get(
        path, headers={"if-modified-since": "Sat, 01 Jan 2022 00:00:00 GMT"}
    )

    assert first["Last-Modified"] == "Thu, 25 Jun 2015 12:00:00 GMT"
    assert since_2022.status_code == 304


def test_list_count_is_counted_once_for_every_page_of_a_filter(
    client, django_assert_num_queries
):
    topic = make_topic()
    for number in range(25):
        make_event(title=f"Event {number:02}", topics=[topic])
    client.get(f"/events/?topic={topic.slug}")

    # The topic checked to exist, the page, its topics: no count, no options.
    with django_assert_num_queries(3):
        response = client.get(f"/events/?topic={topic.slug}&page=2")

    assert "25 events found." in response.text


def test_new_client_gets_the_cached_copy_with_the_same_etag(client):
    make_event(title="Open day")
    first = client.get("/events/")

    second = Client().get("/events/")

    assert second["ETag"] == first["ETag"]
    assert second.content == first.content


def test_made_up_parameters_are_served_but_not_cached(
    client, db, django_assert_max_num_queries, django_assert_num_queries
):
    country = make_country()
    make_event(participating_countries=[country])
    client.get(f"/events/?country={country.slug}&page=1")
    client.get("/events/?junk=1")

    with django_assert_num_queries(0):
        client.get(f"/events/?country={country.slug}&page=1")
    # Rendered again, not stored: 150 such URLs once took 100 MB of cache.
    with django_assert_max_num_queries(20) as queries:
        response = client.get("/events/?junk=1")
    assert response.status_code == 200
    assert len(queries) > 0


def test_a_shared_cache_keeps_a_page_until_what_it_shows_changes(
    client, redis_cache, settings, django_assert_num_queries
):
    settings.ARCHIVE_CACHE_SECONDS = 1
    make_event(title="Open day")
    client.get("/events/")
    time.sleep(1.5)

    with django_assert_num_queries(0):
        response = client.get("/events/")

    assert response["Cache-Control"] == "public, max-age=1"


def test_local_memory_keeps_a_page_as_long_as_browsers_may(client, settings):
    settings.ARCHIVE_CACHE_SECONDS = 1
    make_event(title="Open day")
    client.get("/events/")
    time.sleep(1.5)

    with CaptureQueriesContext(connection) as queries:
        client.get("/events/")

    # Another worker's save may be unseen here: only for this long.
    assert len(queries) > 0


def test_an_event_page_with_related_events_expires_in_a_shared_cache(
    client, redis_cache, settings
):
    settings.ARCHIVE_CACHE_SECONDS = 1
    topic = make_topic()
    event = make_event(title="Open day", topics=[topic])
    make_event(title="Second day", topics=[topic])
    client.get(event.get_absolute_url())
    time.sleep(1.5)

    with CaptureQueriesContext(connection) as queries:
        client.get(event.get_absolute_url())

    assert len(queries) > 0


def test_page_cache_off_renders_every_request_and_keeps_counts(
    client, settings, django_assert_num_queries
):
    for number in range(25):
        make_event(title=f"Event {number:02}")
    settings.ARCHIVE_PAGE_CACHE = False
    client.get("/events/?page=2")

    # The page and its topics: the count and the option lists stay cached.
    with django_assert_num_queries(2):
        response = client.get("/events/?page=2")

    assert "25 events found." in response.text
    assert not response.has_header("ETag")


def test_a_request_waits_for_the_copy_another_is_building(any_cache):
    waited = {}

    def other_request():
        started = time.monotonic()
        with first_builder("archive:test") as entry:
            waited.update(entry=entry, seconds=time.monotonic() - started)

    with first_builder("archive:test") as entry:
        other = threading.Thread(target=other_request)
        other.start()
        time.sleep(0.2)
        built = store("archive:test", {"value": 1}, write_number(), Dependencies())
    other.join()

    assert entry is None
    assert waited["entry"] == built
    assert waited["seconds"] >= 0.2


def test_a_request_waits_for_a_slow_builder_rather_than_build_it_too(any_cache):
    # A broad selection's facets take seconds the first time: every waiter
    # building them too would share two CPUs and all time out.
    waited = {}

    def other_request():
        with first_builder("archive:test") as entry:
            waited["entry"] = entry

    with first_builder("archive:test"):
        other = threading.Thread(target=other_request)
        other.start()
        time.sleep(2.5)
        built = store("archive:test", {"value": 1}, write_number(), Dependencies())
    other.join()

    assert waited == {"entry": built}


def test_a_request_builds_itself_when_the_other_keeps_nothing(any_cache):
    waited = {}

    def other_request():
        with first_builder("archive:test") as entry:
            waited["entry"] = entry

    with first_builder("archive:test"):
        other = threading.Thread(target=other_request)
        other.start()
        time.sleep(0.1)
    other.join(timeout=1)

    assert not other.is_alive()
    assert waited == {"entry": None}


def cache_size():
    """How many keys the cache holds."""
    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        return len(backend._cache)
    return backend._cache.get_client().dbsize()


def random_values(count=50):
    return [secrets.token_hex(8) for _ in range(count)]


@pytest.mark.parametrize(
    ("page", "parameter"),
    [
        ("/statistics/", "map"),
        ("/", "map"),
        ("/events/", "country"),
        ("/events/", "year"),
        ("/people/", "topic"),
        ("/events/filters/topic/", "country"),
    ],
)
def test_junk_values_of_a_parameter_add_no_cache_entry(
    client, any_cache, page, parameter
):
    make_event(participating_countries=[make_country(iso_code="RS")])
    for _time in range(2):  # built, then found current once
        client.get(page)
        client.get(page, {parameter: "nothing"})
    before = cache_size()

    statuses = {
        client.get(page, {parameter: value}).status_code for value in random_values()
    }

    assert (statuses, cache_size()) == ({200}, before)


def test_a_junk_map_value_is_served_the_page_it_stands_for(
    client, django_assert_num_queries
):
    make_event(participating_countries=[make_country(iso_code="RS")])
    shown = client.get("/statistics/")

    with django_assert_num_queries(0):
        junk = client.get("/statistics/?map=nowhere")

    assert junk.content == shown.content


def test_junk_results_of_an_event_page_add_no_cache_entry(client, any_cache):
    event = make_event(title="Open day")
    path = event.get_absolute_url()
    junk = ("{}", "topic={}", "q=open&{}=1")
    for _time in range(2):  # built, then found current once
        for results in ("", "q=open", *(form.format("x") for form in junk)):
            client.get(path, {"results": results})
    before = cache_size()

    for value in random_values():
        for results in junk:
            response = client.get(path, {"results": results.format(value)})
            assert response.status_code == 200

    assert cache_size() == before


def test_the_local_memory_cache_holds_at_most_its_max_entries(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 40},
        }
    }
    make_event(title="Open day")

    for value in random_values(30):
        client.get("/events/", {"q": value})
    found = client.get("/events/?q=open")

    assert cache_size() <= 40
    assert "1 event found." in found.text


def test_a_text_search_expires_in_a_shared_cache_as_the_list_does_not(
    client, redis_cache, monkeypatch
):
    # An hour; two seconds tell it from a day.
    monkeypatch.setattr(search, "SEARCH_SECONDS", 2)
    make_event(title="Open day")
    client.get("/events/?q=open")
    client.get("/events/")
    redis = caches["default"]._cache.get_client()
    kept = {
        key.decode(): redis.ttl(key)
        for key in redis.keys("*archive:page:*") + redis.keys("*archive:value:count:*")
        if not key.endswith((b":checked", b":building"))
    }

    # The search's page and count, then the list's.
    assert sorted(seconds > 2 for seconds in kept.values()) == [
        False,
        False,
        True,
        True,
    ]
