"""A write makes stale exactly the cached pages that show what it changed: the
others keep their entries and are served without a query."""

import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from academy import cache_tags
from academy.cache_invalidation import SEARCHED_THROUGH, archive_changed, move_tags
from academy.cache_tags import FLOOR, TAG_KEY, links_tag
from academy.caching import page_key
from academy.search import REGISTRY, document_sources
from events.models import Event
from events.search import search_events
from tests.factories import (
    make_country,
    make_event,
    make_participation,
    make_person,
    make_series,
    make_topic,
)
from tests.helpers import models_read_by, posted_by

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("any_cache")]


@pytest.fixture
def two_worlds():
    """Two events that share nothing: each with its own topic, country, series
    and speaker."""
    worlds = {}
    for name in ("a", "b"):
        topic, country = make_topic(name=f"Topic {name}"), make_country()
        event = make_event(
            title=f"Event {name}",
            series=make_series(),
            host_country=country,
            participating_countries=[country],
            topics=[topic],
        )
        person = make_person(name=f"Speaker {name}", country=country)
        make_participation(event, person)
        worlds[name] = {
            "event": event,
            "topic": topic,
            "country": country,
            "series": event.series,
            "person": person,
        }
    return worlds


def pages_of(world):
    return {name: record.get_absolute_url() for name, record in world.items()}


def rebuilt_after(client, write, pages):
    """Which of `pages` (name: path), all cached first, `write()` made stale."""
    for path in pages.values():
        client.get(path)
        client.get(path)
    write()
    rebuilt = set()
    for name, path in pages.items():
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        if queries:
            rebuilt.add(name)
    return rebuilt


def pages_of_world(world, prefix):
    return {f"{prefix} {name}": path for name, path in pages_of(world).items()}


def every_page_of(prefix):
    """The names `named` gives the pages of a world."""
    return {
        f"{prefix} {name}" for name in ("event", "topic", "country", "series", "person")
    }


def test_an_event_saved_makes_stale_its_page_the_lists_and_its_records_pages(
    client, two_worlds
):
    pages = pages_of_world(two_worlds["a"], "a") | pages_of_world(two_worlds["b"], "b")
    pages |= {"events": "/events/", "home": "/", "people": "/people/"}
    event = two_worlds["a"]["event"]

    def write():
        event.title = "Event a, renamed"
        event.save()

    # The people list's topic facet counts the speakers of published events,
    # which any save that an event list reads may change.
    assert rebuilt_after(client, write, pages) == every_page_of("a") | {
        "events",
        "home",
        "people",
    }


def test_an_event_saved_unchanged_makes_stale_only_what_shows_it(client, two_worlds):
    """Only `updated` moves: no list can gain or lose the event, so the lists
    that do not show it keep their entries; the feeds, ordered by change, do not."""
    pages = pages_of_world(two_worlds["a"], "a") | pages_of_world(two_worlds["b"], "b")
    shown = make_event(title="Shown on the list", start_date=datetime.date(2030, 1, 1))
    pages |= {
        "events": "/events/",
        "events in 2030": "/events/?year=2030",
        "events of a": f"/events/?country={two_worlds['a']['country'].slug}",
        "feed": "/events/feed/",
        "shown": shown.get_absolute_url(),
    }

    def write():
        Event.objects.get(pk=shown.pk).save()

    assert rebuilt_after(client, write, pages) == {
        "shown",
        "events",
        "events in 2030",
        "feed",
    }


def test_a_new_summary_makes_stale_what_shows_the_event_and_text_searches(
    client, two_worlds
):
    """Of all lists only text searches read summaries: the others keep their
    entries unless they show the event."""
    pages = pages_of_world(two_worlds["a"], "a") | pages_of_world(two_worlds["b"], "b")
    pages |= {
        "events": "/events/",
        "events of a": f"/events/?country={two_worlds['a']['country'].slug}",
        "search for zebra": "/events/?q=zebra",
        "site search": "/search/?q=zebra",
        "feed": "/events/feed/",
    }
    event = two_worlds["b"]["event"]

    def write():
        event.summary = "A zebra crossed the hall"
        event.save()

    assert rebuilt_after(client, write, pages) == {
        "b event",
        "b topic",
        "b country",
        "b series",
        "b person",
        "events",
        "search for zebra",
        "site search",
        "feed",
    }


def test_a_text_search_counts_a_match_a_new_summary_makes(client, two_worlds):
    event = two_worlds["b"]["event"]
    assert "0 events found." in client.get("/events/?q=zebra").text

    event.summary = "A zebra crossed the hall"
    event.save()

    assert "1 event found." in client.get("/events/?q=zebra").text


def test_a_new_summary_makes_stale_only_the_searches_for_words_it_changes(
    client, two_worlds
):
    """A search that finds neither the old text nor the new keeps its entry;
    a word is found inside a word (SQLite) or at its start (PostgreSQL), and
    by its stem."""
    other = two_worlds["a"]["event"]
    other.summary = "A crocodile"
    other.save()
    event = two_worlds["b"]["event"]
    event.summary = "A zebra crossed the hall"
    event.save()
    pages = {
        "crocodile": "/events/?q=crocodile",
        "lion": "/events/?q=lion",
        "site search for lion": "/search/?q=lion",
        "zebra": "/events/?q=zebra",
        "giraffes": "/events/?q=giraffes",
        "gi": "/events/?q=gi",
        "сербия": "/events/?q=сербия",
    }

    def write():
        event.summary = "A giraffe crossed the hall in Сербии"
        event.save()

    assert rebuilt_after(client, write, pages) == {"zebra", "giraffes", "gi", "сербия"}
    assert "1 event found." in client.get("/events/?q=giraffes").text
    assert "1 event found." in client.get("/events/?q=сербия").text
    assert "0 events found." in client.get("/events/?q=zebra").text


def test_a_text_of_many_new_words_makes_stale_every_text_search(client, two_worlds):
    event = two_worlds["b"]["event"]
    pages = {"lion": "/events/?q=lion", "events": "/events/"}
    words = " ".join(f"word{number:04d}" for number in range(400))

    def write():
        event.body = words
        event.save()

    assert rebuilt_after(client, write, pages) == {"lion", "events"}


def test_a_new_body_makes_stale_what_shows_the_event_and_text_searches(
    client, two_worlds
):
    pages = pages_of_world(two_worlds["a"], "a") | {
        "b event": two_worlds["b"]["event"].get_absolute_url(),
        "events of a": f"/events/?country={two_worlds['a']['country'].slug}",
        "search for zebra": "/events/?q=zebra",
    }
    event = two_worlds["b"]["event"]

    def write():
        event.body = "A zebra crossed the hall."
        event.save()

    # The body is searched: the search for zebra now finds the event.
    assert rebuilt_after(client, write, pages) == {"b event", "search for zebra"}


def test_a_person_renamed_makes_stale_the_pages_that_name_them(client, two_worlds):
    pages = pages_of_world(two_worlds["a"], "a") | pages_of_world(two_worlds["b"], "b")
    pages |= {"events": "/events/", "people": "/people/"}
    person = two_worlds["b"]["person"]

    def write():
        person.name = "Speaker b, renamed"
        person.save()

    # The events list names its top speakers beside their counts.
    assert rebuilt_after(client, write, pages) == {
        "b person",
        "b event",
        "b topic",
        "b country",
        "people",
        "events",
    }


def test_a_speaker_added_makes_stale_the_event_the_person_and_the_topic(
    client, two_worlds
):
    pages = pages_of_world(two_worlds["a"], "a") | pages_of_world(two_worlds["b"], "b")
    pages |= {"events": "/events/"}
    newcomer = make_person(name="Newcomer")
    pages["newcomer"] = newcomer.get_absolute_url()

    def write():
        make_participation(two_worlds["a"]["event"], newcomer, order=2)

    # The events list counts each speaker's events; the pages of the event's
    # speaker and country count the speakers of their events (co-speakers).
    assert rebuilt_after(client, write, pages) == {
        "a event",
        "a topic",
        "a person",
        "a country",
        "newcomer",
        "events",
    }


def test_a_speaker_added_in_the_event_form_is_found_by_the_cached_searches(
    client, admin_user
):
    """Issue 28: searches that found no event by a person's name, cached,
    find the event once the person is added as its speaker in the admin."""
    event = make_event(title="Event a")
    newcomer = make_person(name="Zorvath Quellen")
    searches = ("/events/?q=Zorvath", "/search/?q=Zorvath")
    for path in searches:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            cached = client.get(path)
        assert (len(queries), event.get_absolute_url() in cached.text) == (0, False)
    editor = Client()
    editor.force_login(admin_user)
    change_url = reverse("admin:events_event_change", args=[event.pk])
    data = posted_by(editor.get(change_url))
    data |= {"participations-0-person": str(newcomer.pk), "participations-0-order": "1"}

    saved = editor.post(change_url, data)

    assert saved.status_code == 302
    assert [event.get_absolute_url() in client.get(path).text for path in searches] == [
        True,
        True,
    ]


def test_a_topic_linked_to_an_event_makes_stale_the_topic_and_what_shows_the_event(
    client, two_worlds
):
    pages = pages_of_world(two_worlds["a"], "a") | {
        "b topic": two_worlds["b"]["topic"].get_absolute_url(),
        "b country": two_worlds["b"]["country"].get_absolute_url(),
        "events": "/events/",
    }

    def write():
        two_worlds["a"]["event"].topics.add(two_worlds["b"]["topic"])

    # Every page of world a lists event a, whose topics changed; country b's
    # names topic b among the topics of its events, and a link moves the
    # tags of both its records.
    assert rebuilt_after(client, write, pages) == every_page_of("a") | {
        "b topic",
        "b country",
        "events",
    }


def test_an_event_deleted_makes_stale_only_what_listed_it(client, two_worlds):
    pages = pages_of_world(two_worlds["a"], "a") | pages_of_world(two_worlds["b"], "b")
    pages |= {"events": "/events/"}

    assert rebuilt_after(
        client, two_worlds["b"]["event"].delete, pages
    ) == every_page_of("b") | {"events"}


def test_a_bulk_write_makes_everything_stale(client, two_worlds):
    pages = pages_of_world(two_worlds["a"], "a") | {"events": "/events/"}

    assert rebuilt_after(client, archive_changed, pages) == set(pages)


def test_an_evicted_tag_reads_as_moved_after_any_write(client, two_worlds):
    event = two_worlds["a"]["event"]
    pages = {"a event": event.get_absolute_url(), "events": "/events/"}

    def evict_then_write():
        cache.delete(TAG_KEY + links_tag(event))
        move_tags(["tag-no-page-keeps"])

    assert rebuilt_after(client, evict_then_write, pages) == {"a event"}


def test_a_page_found_current_is_not_checked_again_until_a_write(client, two_worlds):
    """While nothing is written nothing can have moved: a hit does not read
    the page's tags, so even one evicted meanwhile goes unnoticed."""
    event = two_worlds["a"]["event"]
    pages = {"a event": event.get_absolute_url()}

    def evict():
        cache.delete(TAG_KEY + links_tag(event))

    assert rebuilt_after(client, evict, pages) == set()


def test_an_emptied_cache_rebuilds_every_page_once(client, two_worlds):
    pages = pages_of_world(two_worlds["a"], "a")

    assert rebuilt_after(client, cache.clear, pages) == set(pages)
    assert rebuilt_after(client, lambda: None, pages) == set()


def test_a_page_listing_every_record_keeps_their_kind_not_each_record(client):
    for number in range(30):
        make_event(title=f"Event {number}")

    client.get("/sitemap-events.xml")

    with translation.override("en"):
        key = page_key(RequestFactory().get("/sitemap-events.xml"))
    assert sorted(cache.get(key)["tags"]) == ["changes:events.event", "events.event"]


def test_generated_events_show_on_the_cached_list(client):
    make_event()
    assert "1 event found." in client.get("/events/").text

    call_command("generate_archive", events=4, seed=1, stdout=StringIO())

    published = Event.objects.published().count()
    assert published > 1
    assert f"{published} events found." in client.get("/events/").text


def test_records_written_without_save_show_after_rebuild_search(client, two_worlds):
    event = two_worlds["a"]["event"]
    client.get(event.get_absolute_url())
    Event.objects.filter(pk=event.pk).update(title_en="Written by update()")

    call_command("rebuild_search", stdout=StringIO())

    assert "Written by update()" in client.get(event.get_absolute_url()).text


def test_a_bulk_write_holds_when_its_floor_is_evicted(client, two_worlds):
    pages = pages_of_world(two_worlds["a"], "a")

    def bulk_write_then_eviction():
        archive_changed()
        cache.delete(FLOOR)

    assert rebuilt_after(client, bulk_write_then_eviction, pages) == set(pages)
    assert rebuilt_after(client, lambda: None, pages) == set()


def test_a_page_of_many_records_of_a_kind_keeps_one_tag_for_them(client, monkeypatch):
    # The limit is 1,000; a smaller one spares the test 1,000 events.
    monkeypatch.setattr(cache_tags, "RECORD_TAGS_PER_KIND", 40)
    person = make_person(name="Frequent speaker")
    for number in range(45):
        make_participation(make_event(title=f"Event {number}"), person)

    client.get(person.get_absolute_url())

    with translation.override("en"):
        key = page_key(RequestFactory().get(person.get_absolute_url()))
    tags = cache.get(key)["tags"]
    assert "changes:events.event" in tags
    assert [tag for tag in tags if tag.startswith("events.event:")] == []


def test_every_table_an_event_search_reads_is_declared_searched_through():
    """A write to anything a text search of events reads (a linked record,
    the row linking it, what its searched names are made of) must move the
    searches: the tables are read from the search's SQL itself."""
    read = models_read_by(str(search_events(Event.objects.all(), "zorvath").query))
    read |= set().union(*(document_sources(model) for model in read & set(REGISTRY)))

    declared = {model for model, kinds in SEARCHED_THROUGH.items() if Event in kinds}
    assert {model._meta.label for model in read - {Event}} == {
        model._meta.label for model in declared
    }
