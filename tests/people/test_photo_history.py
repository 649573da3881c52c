"""A person's photo and their history: a version restored from the admin's
history (before a photo change, before a merge) brings back a working photo,
and a photo no person names any more is served to no one."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from people.models import Person
from tests.factories import make_person
from tests.helpers import image_bytes, image_file, soup_of

ADD_URL = reverse("admin:people_person_add")
CHANGELIST_URL = reverse("admin:people_person_changelist")


def posted(client, url, data, capture):
    """POST `data` to `url`, running what waits for the commit."""
    with capture(execute=True):
        return client.post(url, data)


def form_values(response):
    """What the admin form in `response` posts when saved as shown: every
    field's value, no file chosen."""
    form = soup_of(response).select_one("form#person_form")
    values = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        kind = field.get("type", "")
        if kind in ("file", "submit") or (
            kind == "checkbox" and not field.has_attr("checked")
        ):
            continue
        if field.name == "textarea":
            values[field["name"]] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            values[field["name"]] = chosen["value"] if chosen else ""
        else:
            values[field["name"]] = field.get("value", "")
    return values


def photo_urls(person):
    return [person.photo.url, person.thumbnail.url]


def statuses(client, urls):
    """The status of a GET of each of `urls` by `client`, its file read."""
    result = []
    for url in urls:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        result.append(response.status_code)
    return result


def add_with_photo(client, capture):
    posted(
        client,
        ADD_URL,
        {
            **form_values(client.get(ADD_URL)),
            "name_en": "Anna Orlova",
            "sort_name_en": "Orlova, Anna",
            "slug": "anna-orlova",
            "photo": image_file(),
        },
        capture,
    )
    return Person.objects.get(slug="anna-orlova")


def test_person_restored_from_before_a_photo_change_has_a_working_photo(
    editor_client, media_root, django_capture_on_commit_callbacks
):
    person = add_with_photo(editor_client, django_capture_on_commit_callbacks)
    first_urls = photo_urls(person)
    change_url = reverse("admin:people_person_change", args=[person.pk])
    data = {**form_values(editor_client.get(change_url)), "photo": image_file()}
    posted(editor_client, change_url, data, django_capture_on_commit_callbacks)
    first = Version.objects.get_for_object(person).order_by("pk").first()
    revision_url = reverse("admin:people_person_revision", args=[person.pk, first.pk])

    response = posted(
        editor_client,
        revision_url,
        form_values(editor_client.get(revision_url)),
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert photo_urls(person) == first_urls
    assert statuses(Client(), first_urls) == [200, 200]


def test_replaced_photo_is_kept_for_its_history_but_not_served(
    editor_client, media_root, django_capture_on_commit_callbacks
):
    person = add_with_photo(editor_client, django_capture_on_commit_callbacks)
    replaced = [Path(person.photo.path), Path(person.thumbnail.path)]
    replaced_urls = photo_urls(person)
    change_url = reverse("admin:people_person_change", args=[person.pk])
    data = {**form_values(editor_client.get(change_url)), "photo": image_file()}

    posted(editor_client, change_url, data, django_capture_on_commit_callbacks)

    person.refresh_from_db()
    visitor = Client()
    assert statuses(visitor, replaced_urls) == [404, 404]
    assert statuses(visitor, photo_urls(person)) == [200, 200]
    assert [path.read_bytes()[:2] for path in replaced] == [b"\xff\xd8"] * 2
    # Its editors still see it, as the form of the earlier version shows it.
    for_staff = editor_client.get(replaced_urls[1])
    b"".join(for_staff.streaming_content)
    assert (for_staff.status_code, for_staff["Cache-Control"]) == (
        200,
        "private, no-cache",
    )


def test_merged_away_person_restored_from_history_has_a_working_photo(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    keep = make_person(name="Victor Vasilyev", slug="victor-vasilyev")
    other = make_person(name="V. Vasilyev", slug="v-vasilyev")
    other.photo.save("photo.jpg", image_file(), save=False)
    other.thumbnail.save("thumbnail.jpg", image_file(size=(64, 64)), save=True)
    urls = photo_urls(other)
    merge = {
        "action": "merge",
        "_selected_action": [keep.pk, other.pk],
        "post": "yes",
        "keep": str(keep.pk),
    }
    posted(admin_client, CHANGELIST_URL, merge, django_capture_on_commit_callbacks)
    assert statuses(Client(), urls) == [404, 404]
    before = Version.objects.get_for_object(keep).get(
        revision__comment="Before “V. Vasilyev” was merged into this record."
    )
    revision_url = reverse("admin:people_person_revision", args=[keep.pk, before.pk])

    posted(
        admin_client,
        revision_url,
        form_values(admin_client.get(revision_url)),
        django_capture_on_commit_callbacks,
    )

    assert photo_urls(Person.objects.get(pk=other.pk)) == urls
    assert statuses(Client(), urls) == [200, 200]


@pytest.mark.django_db
def test_a_file_among_peoples_photos_that_no_person_names_is_not_found(media_root):
    stray = media_root / "people" / "photos" / "0123456789abcdef.jpg"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(image_bytes())

    assert statuses(Client(), ["/media/people/photos/0123456789abcdef.jpg"]) == [404]
