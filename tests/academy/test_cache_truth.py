"""No read after a staff write shows the state before it.

Each kind of write staff make (through the admin's own forms, inlines and
actions) is made on an archive whose every page kind, in both languages, is
cached in Redis first. Every page is then read again through the cache and
compared with the same page rendered with nothing cached: any difference is a
page the write did not reach.
"""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from tests.factories import make_event, make_person, make_topic
from tests.helpers import (
    API_URLS,
    PUBLIC_URLS,
    ROOT,
    content_of,
    posted_by,
    soup_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("redis_cache")]

# What one_of_each's records show beyond PUBLIC_URLS, and the searches and
# filters that find them.
MORE_URLS = (
    "/events/?q=harden",
    "/events/?topic=harden-topic",
    "/events/?participating_country=harden-country",
    "/events/?year=2015",
    "/events/feed/",
    "/events.ics",
    "/events.csv",
    "/events/harden-event.ics",
    "/events/harden-event/citation.json",
    "/topics/harden-topic/feed/",
    "/countries/harden-country/feed/",
    "/people.csv",
    "/people/?country=harden-country",
    "/on-this-day/06-25/",
    "/statistics/",
    "/statistics.json",
    "/sitemap.xml",
)
# The words the writes below bring in, searched for before they exist.
SEARCHES = ("/events/?q=Zorvath", "/search/?q=Zorvath", "/events/?q=lighthouse")
LOCALISED = PUBLIC_URLS + MORE_URLS + SEARCHES
PAGES = tuple(
    sorted(
        {*LOCALISED, *(f"/ru{url}" for url in LOCALISED if not url.startswith("/ru"))}
        | {url for url in API_URLS if url not in ("/api/schema/", "/api/docs/")}
    )
)
# Differs between two renderings of a page: the nonce of each response's CSP.
NONCE = re.compile(rb'nonce="[^"]*"')


# Differs between two renderings of an empty feed: Django dates a feed without
# entries by the moment it is rendered.
EMPTY_FEED_UPDATED = re.compile(rb"<updated>[^<]*</updated>(?!.*<entry>)", re.DOTALL)


def read(client, url):
    response = client.get(url)
    body = content_of(response).encode() if response.streaming else response.content
    return response.status_code, EMPTY_FEED_UPDATED.sub(b"", NONCE.sub(b"", body))


def stale_after(client, write):
    """The pages that, read through the cache after `write()`, differ from
    their rendering with nothing cached."""
    for url in PAGES:
        read(client, url)
    write()
    through_cache = {url: read(client, url) for url in PAGES}
    cache.clear()
    return sorted(url for url in PAGES if read(client, url) != through_cache[url])


def assert_fresh_after(client, write):
    stale = stale_after(client, write)
    assert stale == [], "stale after the write: " + ", ".join(stale)


def refusals(response):
    """The errors an admin page shows, for a failed assertion to name."""
    return [
        error.get_text(" ", strip=True)
        for error in soup_of(response).select(
            ".errornote, .errorlist, .messagelist .error"
        )
    ]


def save_in_admin(admin_client, record, **changes):
    url = reverse(
        f"admin:{record._meta.app_label}_{record._meta.model_name}_change",
        args=[record.pk],
    )
    response = admin_client.post(url, posted_by(admin_client.get(url)) | changes)
    assert response.status_code == 302, refusals(response)


def run_action(admin_client, model, action, records, **extra):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = admin_client.post(
        url, {"action": action, "_selected_action": [r.pk for r in records], **extra}
    )
    assert response.status_code == 302, refusals(response)


@pytest.fixture
def event(one_of_each):
    return one_of_each


def test_an_event_changed_in_its_form(client, admin_client, event):
    def write():
        save_in_admin(
            admin_client,
            event,
            title_en="Harden event, renamed",
            summary_en="A lighthouse of a meeting.",
        )

    assert_fresh_after(client, write)


def test_a_speaker_added_through_the_event_forms_inline(client, admin_client, event):
    speaker = make_person(name="Quentin Zorvath", slug="quentin-zorvath")

    def write():
        form = posted_by(
            admin_client.get(reverse("admin:events_event_change", args=[event.pk]))
        )
        # The first of the empty rows the inline offers.
        row = form["participations-INITIAL_FORMS"]
        save_in_admin(
            admin_client, event, **{f"participations-{row}-person": str(speaker.pk)}
        )

    assert_fresh_after(client, write)


def test_a_topic_linked_in_the_event_form(client, admin_client, event):
    topic = make_topic(name="Lighthouse keeping", slug="lighthouse-keeping")

    def write():
        topics = [str(t.pk) for t in event.topics.all()] + [str(topic.pk)]
        save_in_admin(admin_client, event, topics=topics)

    assert_fresh_after(client, write)


@pytest.mark.parametrize("name", ["host_country", "organizers__first", "topics__first"])
def test_a_linked_record_renamed_in_its_form(client, admin_client, event, name):
    field, _, first = name.partition("__")
    record = getattr(event, field)
    record = record.first() if first else record

    def write():
        save_in_admin(admin_client, record, name_en="Lighthouse", name_ru="Маяк")

    assert_fresh_after(client, write)


def test_a_speaker_renamed_in_their_form(client, admin_client, event):
    person = event.participations.get().person

    def write():
        save_in_admin(admin_client, person, name_en="Quentin Zorvath")

    assert_fresh_after(client, write)


@pytest.mark.parametrize("action", ["unpublish", "publish"])
def test_events_published_or_unpublished_by_the_bulk_action(
    client, admin_client, event, action
):
    if action == "publish":
        event.status = event.Status.DRAFT
        event.save()

    def write():
        run_action(admin_client, type(event), action, [event])

    assert_fresh_after(client, write)


def test_an_event_deleted_in_the_admin(client, admin_client, event):
    make_event(title="Another event", slug="another-event")

    def write():
        url = reverse("admin:events_event_delete", args=[event.pk])
        assert admin_client.post(url, {"post": "yes"}).status_code == 302

    assert_fresh_after(client, write)


def test_two_people_merged(client, admin_client, event):
    speaker = event.participations.get().person
    twin = make_person(name="Quentin Zorvath", slug="quentin-zorvath")

    def write():
        run_action(
            admin_client,
            type(speaker),
            "merge",
            [speaker, twin],
            post="yes",
            keep=str(twin.pk),
        )

    assert_fresh_after(client, write)


def test_a_topic_unlinked_in_the_event_form(client, admin_client, event):
    def write():
        save_in_admin(admin_client, event, topics=[])

    assert_fresh_after(client, write)


def test_an_earlier_version_restored_from_history(client, admin_client, event):
    save_in_admin(admin_client, event, title_en="Lighthouse event")
    save_in_admin(admin_client, event, title_en="Harden event, renamed")
    earlier = Version.objects.get_for_object(event).order_by("pk").first()

    def write():
        url = reverse("admin:events_event_revision", args=[event.pk, earlier.pk])
        response = admin_client.post(url, posted_by(admin_client.get(url)))
        assert response.status_code == 302, refusals(response)

    assert_fresh_after(client, write)
    assert client.get("/events/harden-event/").text.count("Lighthouse event") > 0


def test_events_imported_from_a_spreadsheet(client, admin_client, event):
    header = (ROOT / "fixtures/import/events-template.csv").read_text()
    row = (
        "lighthouse-summit,Lighthouse Summit,,conference,published,held,May 2016,"
        "Minsk,,Harden Country,harden-series,,Zorvath's lighthouse,,Harden Country,"
        "Harden Organization,Harden Topic,Harden Person\n"
    )
    upload = SimpleUploadedFile("events.csv", (header + row).encode())

    def write():
        url = reverse("admin:events_event_import")
        preview = admin_client.post(url, {"import_file": upload, "format": "0"})
        assert preview.status_code == 200, refusals(preview)
        confirmed = admin_client.post(
            reverse("admin:events_event_process_import"), posted_by(preview)
        )
        assert confirmed.status_code == 302, refusals(confirmed)

    assert_fresh_after(client, write)
    assert client.get("/events/lighthouse-summit/").status_code == 200
