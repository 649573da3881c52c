"""An event whose material's file is gone from storage (a database restored
without its media, a lost file): staff can still save it and are told which
file is missing, and the public pages show the event without it, and a
person without their photo."""

import json
import logging

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests.factories import make_document, make_event, make_person, make_photo
from tests.helpers import event_form, image_file, inline_management, soup_of

pytestmark = pytest.mark.django_db


def saved_photo_row(photo):
    """The photo inline's row for a stored photo, left as it is."""
    row = {
        "id": str(photo.pk),
        "event": str(photo.event_id),
        "alt_text_en": photo.alt_text,
        "alt_text_ru": "",
        "caption_en": "",
        "caption_ru": "",
        "credit": "",
        "licence": photo.licence,
        "order": "0",
    }
    return {f"photos-0-{name}": value for name, value in row.items()}


def saved_event_form(event, photo, **fields):
    """The event's admin form as posted for the published `event` with its
    one `photo`, changed by `fields`."""
    data = event_form(status="published", start_date="25 June 2015", **fields)
    data.update(inline_management("photos", 1, initial=1))
    data.update(saved_photo_row(photo))
    return data


def test_event_with_a_photo_missing_on_disk_is_saved_saying_so(
    editor_client, media_root, caplog
):
    event = make_event(slug="5th-csto-academy")
    photo = make_photo(event)
    photo.image.storage.delete(photo.image.name)
    data = saved_event_form(event, photo, title_en="5th CSTO Academy, renamed")

    with caplog.at_level(logging.WARNING, logger="academy.media_check"):
        response = editor_client.post(
            reverse("admin:events_event_change", args=[event.pk]), data
        )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "5th CSTO Academy, renamed"
    warning = (
        f"The file “{photo.image.name}” of photo “Speakers at the round table” "
        "is missing from the media storage: upload it again."
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        warning,
        f'The event “<a href="/admin/events/event/{event.pk}/change/">5th CSTO '
        "Academy, renamed</a>” was changed successfully.",
    ]
    assert [record.getMessage() for record in caplog.records] == [
        f"Missing file {photo.image.name} of events.eventphoto {photo.pk}"
    ]


def test_event_pages_show_the_event_without_materials_whose_files_are_missing(
    client, media_root
):
    event = make_event(slug="fourth")
    make_photo(event, alt_text="Complete")
    broken = make_photo(event, alt_text="Lost its rendition")
    lost = make_document(event, title="Lost")
    make_document(event, title="Complete")
    for file in (broken.medium_webp, lost.file):
        file.storage.delete(file.name)

    page = soup_of(client.get(event.get_absolute_url()))
    data = json.loads(page.select_one("script[type='application/ld+json']").string)
    api = client.get("/api/events/fourth/").json()

    assert [img["alt"] for img in page.select(".gallery img")] == ["Complete"]
    assert [item["description"] for item in data["image"]] == ["Complete"]
    assert [photo["alt_text"] for photo in api["photos"]] == ["Complete"]
    assert [document["title"] for document in api["documents"]] == ["Complete"]
    assert [item["name"] for item in data["subjectOf"]] == ["Complete"]


@pytest.mark.parametrize(
    ("lost", "shown"), [(("thumbnail",), "photo"), (("thumbnail", "photo"), None)]
)
def test_person_whose_photo_files_are_missing_is_shown_without_them(
    media_root, lost, shown
):
    person = make_person(slug="anna")
    person.photo.save("photo.jpg", image_file(), save=False)
    person.thumbnail.save("thumbnail.jpg", image_file(size=(64, 64)), save=True)
    for field in lost:
        getattr(person, field).storage.delete(getattr(person, field).name)
    visitor = Client()

    page = soup_of(visitor.get(person.get_absolute_url()))
    api = visitor.get("/api/people/anna/").json()

    url = getattr(person, shown).url if shown else None
    portrait = page.select_one("img.portrait")["src"]
    assert portrait == (url or "/static/img/person-placeholder.svg")
    assert (api["photo"], api["thumbnail"]) == (
        "http://testserver" + url if url else None,
        None,
    )


def test_event_form_opened_or_saved_to_go_on_editing_says_once_what_is_missing(
    editor_client, media_root
):
    event = make_event(slug="5th-csto-academy")
    photo = make_photo(event)
    photo.small_jpeg.storage.delete(photo.small_jpeg.name)
    change_url = reverse("admin:events_event_change", args=[event.pk])
    warning = (
        f"The file “{photo.small_jpeg.name}” of photo “Speakers at the round "
        "table” is missing from the media storage: upload it again."
    )

    opened = editor_client.get(change_url)
    saved = editor_client.post(
        change_url, {**saved_event_form(event, photo), "_continue": "1"}, follow=True
    )

    assert [str(message) for message in opened.context["messages"]] == [warning]
    assert [str(message) for message in saved.context["messages"]] == [
        f'The event “<a href="{change_url}">5th CSTO Academy</a>” was changed '
        "successfully. You may edit it again below.",
        warning,
    ]
