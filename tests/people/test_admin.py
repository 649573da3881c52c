import io

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.models import Event, Participation
from people.models import Person, PersonName
from tests.factories import (
    make_country,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_person_name,
)
from tests.helpers import (
    animated_gif,
    image_bytes,
    image_file,
    jpeg_with_gps,
    media_files,
    photo_with_comment,
    png_claiming,
    posted_by,
    soup_of,
)

ADD_URL = reverse("admin:people_person_add")
CHANGELIST_URL = reverse("admin:people_person_changelist")


def person_form(alternative_names=(), **fields):
    """What the admin's person form posts, with the alternative names' inline."""
    data = {
        "name_en": "Anna Orlova",
        "name_ru": "",
        "sort_name_en": "Orlova, Anna",
        "sort_name_ru": "",
        "slug": "anna-orlova",
        "position_en": "",
        "position_ru": "",
        "biography_en": "",
        "biography_ru": "",
        "alternative_names-TOTAL_FORMS": str(len(alternative_names)),
        "alternative_names-INITIAL_FORMS": "0",
        "alternative_names-MIN_NUM_FORMS": "0",
        "alternative_names-MAX_NUM_FORMS": "1000",
    }
    for index, name in enumerate(alternative_names):
        data[f"alternative_names-{index}-name"] = name
    data.update(fields)
    return data


def change_url(person):
    return reverse("admin:people_person_change", args=[person.pk])


def form_errors(response):
    form = response.context["adminform"].form
    return [str(e) for errors in form.errors.values() for e in errors]


def test_person_add_with_photo_stores_thumbnail(editor_client, media_root):
    response = editor_client.post(
        ADD_URL,
        person_form(
            photo=image_file(size=(1024, 768)), alternative_names=["Анна Орлова"]
        ),
    )

    assert response.status_code == 302
    person = Person.objects.get(slug="anna-orlova")
    with Image.open(person.thumbnail.path) as thumbnail:
        assert (thumbnail.format, thumbnail.size) == ("JPEG", (256, 192))
    assert person.photo.name.startswith("people/photos/")
    assert person.photo.name != "people/photos/photo.jpg"
    assert list(person.alternative_names.values_list("name", flat=True)) == [
        "Анна Орлова"
    ]


def test_person_change_without_new_photo_keeps_thumbnail(editor_client, media_root):
    editor_client.post(ADD_URL, person_form(photo=image_file()))
    person = Person.objects.get()
    thumbnail = person.thumbnail.name

    editor_client.post(change_url(person), person_form(position_en="Professor"))

    person.refresh_from_db()
    assert (person.position, person.thumbnail.name) == ("Professor", thumbnail)


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (
            SimpleUploadedFile("photo.jpg", b"plain text, not a photo"),
            "This file is not a complete image. Please upload a JPEG or PNG photo.",
        ),
        (
            png_claiming(30000, 30000),
            "The photo has more than 25 megapixels. Please upload a smaller one.",
        ),
        (
            animated_gif(20, size=(1, 1), canvas=(5000, 5000)),
            "The animation has more than 25 megapixels, all its frames counted. "
            "Please upload a still photo or a smaller one.",
        ),
    ],
)
def test_person_add_bad_photo_refused(editor_client, media_root, photo, message):
    response = editor_client.post(
        ADD_URL, person_form(photo=photo, alternative_names=["Анна Орлова"])
    )

    assert response.status_code == 200
    assert form_errors(response) == [message]
    assert (Person.objects.count(), PersonName.objects.count()) == (0, 0)
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_person_add_without_sort_names_gets_them_from_the_names(editor_client):
    response = editor_client.post(
        ADD_URL, person_form(sort_name_en="", name_ru="Анна Орлова")
    )

    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.sort_name_en, person.sort_name_ru) == (
        "Orlova, Anna",
        "Орлова, Анна",
    )


def test_person_add_keeps_a_sort_name_typed(editor_client):
    editor_client.post(
        ADD_URL, person_form(name_en="Ludwig van Beethoven", sort_name_en="Beethoven")
    )

    assert Person.objects.get().sort_name_en == "Beethoven"


def test_person_add_refused_for_another_field_says_to_choose_the_photo_again(
    editor_client, media_root
):
    response = editor_client.post(
        ADD_URL, person_form(photo=image_file(), slug="not a slug!")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["photo"] == [
        "Choose the file again: the form has other errors, and a browser does "
        "not keep a chosen file when it is shown again."
    ]
    assert not Person.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_person_saved_again_after_a_refusal_keeps_the_other_editors_changes(
    editor_client,
):
    csto = make_organization(name="CSTO")
    editor_client.post(ADD_URL, person_form(position_en="Lecturer"))
    url = change_url(Person.objects.get())
    opened_by_b = posted_by(editor_client.get(url))
    opened_by_a = posted_by(editor_client.get(url))
    editor_client.post(  # A names the organization and the new position
        url, {**opened_by_a, "organization": csto.pk, "position_en": "Professor"}
    )

    refused = editor_client.post(  # B, on the form opened before
        url, {**opened_by_b, "position_en": "Dean", "biography_en": "Mine."}
    )
    shown = posted_by(refused)
    again = editor_client.post(url, shown)  # B keeps their position

    assert (refused.status_code, again.status_code) == (200, 302)
    marks = [
        errors.get_text() for errors in soup_of(refused).select("fieldset .errorlist")
    ]
    assert marks == ["Saved meanwhile as: “Professor”."]
    assert (shown["organization"], shown["position_en"]) == (str(csto.pk), "Dean")
    person = Person.objects.get()
    assert (person.organization, person.position_en, person.biography_en) == (
        csto,
        "Dean",
        "Mine.",
    )


def test_person_saved_again_after_a_refusal_keeps_a_name_the_other_editor_fixed(
    editor_client,
):
    editor_client.post(ADD_URL, person_form(alternative_names=["A. Orlowa"]))
    url = change_url(Person.objects.get())
    opened_by_b = posted_by(editor_client.get(url))
    opened_by_a = posted_by(editor_client.get(url))
    editor_client.post(url, {**opened_by_a, "alternative_names-0-name": "A. Orlova"})

    refused = editor_client.post(url, {**opened_by_b, "biography_en": "Mine."})
    again = editor_client.post(url, posted_by(refused))

    assert (refused.status_code, again.status_code) == (200, 302)
    person = Person.objects.get()
    assert list(person.alternative_names.values_list("name", flat=True)) == [
        "A. Orlova"
    ]
    assert person.biography_en == "Mine."


def test_people_and_organizations_linked_to_nothing_can_be_listed(admin_client):
    speaker, alone = make_person(name="A Speaker"), make_person(name="Left Alone")
    make_participation(make_event(), speaker)
    organizer, unused = make_organization(), make_organization()
    make_event(organizers=[organizer])

    people = admin_client.get(
        reverse("admin:people_person_changelist"), {"linked": "no"}
    )
    organizations = admin_client.get(
        reverse("admin:people_organization_changelist"), {"linked": "no"}
    )

    assert list(people.context["cl"].result_list) == [alone]
    assert list(organizations.context["cl"].result_list) == [unused]
    assert "Not linked to anything" in people.text


@pytest.mark.parametrize(
    "name", ["Viktor Vasiliev", "Виктор Васильев", "VICTOR VASILYEV"]
)
def test_person_add_resembling_name_warns_with_link(editor_client, archive_2015, name):
    existing = Person.objects.get(slug="victor-vasilyev")

    response = editor_client.post(ADD_URL, person_form(name_en=name, slug="new"))

    assert response.status_code == 200
    assert form_errors(response) == [
        "This person may already be in the archive: "
        f'<a href="{change_url(existing)}">Victor Vasilyev</a>. Open the record to '
        "add this spelling as an alternative name, or tick “This is a different "
        "person” and save again."
    ]
    assert Person.objects.count() == 3


def test_person_add_resembling_name_confirmed_saves(editor_client, archive_2015):
    response = editor_client.post(
        ADD_URL,
        person_form(name_en="Viktor Vasiliev", slug="new", not_duplicate="on"),
    )

    assert response.status_code == 302
    assert Person.objects.filter(slug="new").exists()


def test_person_add_distinct_name_saves_without_warning(editor_client, archive_2015):
    response = editor_client.post(ADD_URL, person_form())

    assert response.status_code == 302


def test_person_rename_to_resembling_name_warns(editor_client, archive_2015):
    person = make_person(name="Anna Orlova")

    response = editor_client.post(
        change_url(person), person_form(name_en="Давид Вирабян")
    )

    assert response.status_code == 200
    assert "David Virabyan" in form_errors(response)[0]
    person.refresh_from_db()
    assert person.name == "Anna Orlova"


def test_person_change_form_lists_linked_events(editor_client):
    person = make_person()
    event = make_event(title="4th CSTO Academy")
    make_participation(event, person, role="moderator")

    response = editor_client.get(change_url(person))

    event_url = reverse("admin:events_event_change", args=[event.pk])
    assert (
        f'<li><a href="{event_url}">4th CSTO Academy</a> '
        f"({event.dates_display}, moderator)</li>" in response.content.decode()
    )


def test_person_search_matches_alternative_name(editor_client, archive_2015):
    response = editor_client.get(CHANGELIST_URL, {"q": "Viktor Vasiliev"})

    assert [p.name for p in response.context["cl"].result_list] == ["Victor Vasilyev"]


def test_person_filter_by_organization(editor_client):
    organization = make_organization()
    make_person(name="Member", organization=organization)
    make_person(name="Outsider")

    response = editor_client.get(
        CHANGELIST_URL, {"organization__id__exact": organization.pk}
    )

    assert [p.name for p in response.context["cl"].result_list] == ["Member"]


@pytest.mark.parametrize("people", [1, 6])
def test_person_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_num_queries, people
):
    country, organization = make_country(), make_organization()
    event = make_event()
    for _ in range(people):
        person = make_person(country=country, organization=organization)
        make_participation(event, person)

    # With the savepoint and release of the request's revision (history).
    with django_assert_num_queries(9):
        response = admin_client.get(CHANGELIST_URL)

    assert [p.event_count for p in response.context["cl"].result_list] == [1] * people


@pytest.mark.parametrize("admin_name", ["country", "organization"])
def test_country_and_organization_changelists_queries_do_not_grow(
    admin_client, django_assert_num_queries, admin_name
):
    for _ in range(5):
        country = make_country()
        organization = make_organization(country=country)
        make_person(country=country, organization=organization)
        make_event(host_country=country, organizers=[organization])

    # With the savepoint and release of the request's revision (history).
    with django_assert_num_queries(7 if admin_name == "country" else 8):
        response = admin_client.get(reverse(f"admin:people_{admin_name}_changelist"))

    assert len(response.context["cl"].result_list) == 5


def test_country_changelist_links_counts(admin_client):
    country = make_country()
    make_event(host_country=country, participating_countries=[country])
    make_event(participating_countries=[country])
    make_person(country=country)

    response = admin_client.get(reverse("admin:people_country_changelist"))

    content = response.content.decode()
    events_url = reverse("admin:events_event_changelist")
    assert (
        f'<a href="{events_url}?host_country__id__exact={country.pk}">1</a>' in content
    )
    assert (
        f'<a href="{events_url}?participating_countries__id__exact={country.pk}">2</a>'
        in content
    )
    assert (
        f'<a href="{CHANGELIST_URL}?country__id__exact={country.pk}">1</a>' in content
    )


def merge(client, keep, other, confirm=True):
    data = {"action": "merge", "_selected_action": [keep.pk, other.pk]}
    if confirm:
        data.update(post="yes", keep=str(keep.pk))
    return client.post(CHANGELIST_URL, data, follow=True)


def test_merge_moves_participations_and_keeps_names(admin_client, admin_user):
    keep = make_person(name="Victor Vasilyev", slug="victor-vasilyev")
    keep.alternative_names.create(name="Viktor Vasiliev")
    other = make_person(name="Viktor Vasiliev", name_ru="Виктор Васильев")
    other.alternative_names.create(name="V. Vasilyev")
    both, only_other = make_event(title="Both"), make_event(title="Only other")
    make_participation(both, keep, role="speaker")
    make_participation(both, other, role="moderator")
    make_participation(only_other, other)

    response = merge(admin_client, keep, other)

    assert [str(m) for m in response.context["messages"]] == [
        f"“Viktor Vasiliev” ({other.slug}) was merged into “Victor Vasilyev” "
        "(victor-vasilyev)."
    ]
    assert list(Person.objects.values_list("slug", flat=True)) == ["victor-vasilyev"]
    assert sorted(
        Participation.objects.values_list("event__title", "person__slug", "role")
    ) == [
        ("Both", "victor-vasilyev", "speaker"),
        ("Only other", "victor-vasilyev", "speaker"),
    ]
    assert sorted(keep.alternative_names.values_list("name", flat=True)) == [
        "V. Vasilyev",
        "Viktor Vasiliev",
        "Виктор Васильев",
    ]
    assert sorted(
        LogEntry.objects.values_list(
            "content_type__model", "object_repr", "action_flag"
        )
    ) == [
        ("event", "Both", CHANGE),
        ("event", "Only other", CHANGE),
        ("person", "Victor Vasilyev", CHANGE),
        ("person", "Viktor Vasiliev", DELETION),
    ]


def test_merge_without_confirmation_shows_choice(admin_client):
    first, second = make_person(name="Anna Orlova"), make_person(name="Anna Orlowa")

    response = merge(admin_client, first, second, confirm=False)

    assert response.templates[0].name == "admin/people/person/merge.html"
    assert [p.name for p in response.context["people"]] == [
        "Anna Orlova",
        "Anna Orlowa",
    ]
    assert Person.objects.count() == 2


def test_merge_tells_same_named_people_apart_and_keeps_the_one_with_events(
    admin_client,
):
    empty = make_person(name="Anna Orlova", slug="anna-orlova-2")
    known = make_person(
        name="Anna Orlova",
        slug="anna-orlova",
        position="Researcher",
        country=make_country(name="Russia"),
        organization=make_organization(name="MGIMO"),
    )
    make_person_name(known, "Анна Орлова")
    make_participation(make_event(title="5th CSTO Academy"), known)

    response = merge(admin_client, empty, known, confirm=False)

    page = soup_of(response)
    choices = [
        (
            choice.select_one("input[type=radio]").has_attr("checked"),
            " ".join(choice.label.get_text().split()),
            [dd.get_text(strip=True) for dd in choice.select("dd")],
        )
        for choice in page.select("fieldset .form-row")
    ]
    assert choices == [
        (
            True,
            "Anna Orlova (1 event)",
            ["anna-orlova", "Russia", "MGIMO", "Researcher", "Анна Орлова"]
            + ["5th CSTO Academy (25 June 2015)", "—"],
        ),
        (False, "Anna Orlova (0 events)", ["anna-orlova-2"] + ["—"] * 6),
    ]


def test_merge_of_three_people_refused(admin_client):
    people = [make_person(), make_person(), make_person()]

    response = admin_client.post(
        CHANGELIST_URL,
        {"action": "merge", "_selected_action": [p.pk for p in people]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Select exactly two people to merge."
    ]
    assert Person.objects.count() == 3


def test_merge_not_offered_to_editors(editor_client):
    make_person()

    response = editor_client.get(CHANGELIST_URL)

    assert response.context["action_form"] is None


def test_person_delete_by_editor_forbidden(editor_client):
    person = make_person()

    response = editor_client.post(
        reverse("admin:people_person_delete", args=[person.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Event.objects.count() == 0
    assert Person.objects.filter(pk=person.pk).exists()


def test_editor_removes_an_alternative_name(editor_client):
    person = make_person(name="Anna Orlova", slug="anna-orlova")
    kept = PersonName.objects.create(person=person, name="Анна Орлова")
    removed = PersonName.objects.create(person=person, name="Ana Orlova")
    data = person_form(not_duplicate="on")
    data |= {
        "alternative_names-TOTAL_FORMS": "2",
        "alternative_names-INITIAL_FORMS": "2",
    }
    for index, name in enumerate((kept, removed)):
        data |= {
            f"alternative_names-{index}-id": str(name.pk),
            f"alternative_names-{index}-person": str(person.pk),
            f"alternative_names-{index}-name": name.name,
        }
    data["alternative_names-1-DELETE"] = "on"

    response = editor_client.post(change_url(person), data)

    assert response.status_code == 302
    assert list(person.alternative_names.values_list("name", flat=True)) == [
        "Анна Орлова"
    ]


def test_photo_is_stored_under_the_extension_of_what_it_is(editor_client, media_root):
    gif = SimpleUploadedFile("minutes.pdf", image_bytes(format="GIF"))

    editor_client.post(ADD_URL, person_form(photo=gif))

    person = Person.objects.get()
    assert person.photo.name.endswith(".gif")
    with Image.open(person.photo.path) as stored:
        assert stored.format == "GIF"


def test_photo_is_stored_without_its_metadata(editor_client, media_root):
    upload = jpeg_with_gps()
    with Image.open(io.BytesIO(upload.read())) as original:
        assert original.getexif().get(0x0110) == "Spy Camera 3000"
    upload.seek(0)

    editor_client.post(ADD_URL, person_form(photo=upload))

    with Image.open(Person.objects.get().photo.path) as stored:
        assert (stored.format, stored.size) == ("JPEG", (600, 400))
        assert dict(stored.getexif()) == {}


def test_photo_animation_is_stored_as_its_first_frame(editor_client, media_root):
    editor_client.post(ADD_URL, person_form(photo=animated_gif(5)))

    with Image.open(Person.objects.get().photo.path) as stored:
        grey = stored.convert("L").getpixel((0, 0))
        assert (stored.format, stored.n_frames, grey) == ("GIF", 1, 0)


@pytest.mark.parametrize("format", ["JPEG", "GIF"])
def test_photo_comment_is_in_neither_photo_nor_thumbnail(
    editor_client, media_root, format
):
    editor_client.post(ADD_URL, person_form(photo=photo_with_comment(format)))

    stored = media_files(media_root)
    assert len(stored) == 2
    assert [name for name, data in stored.items() if b"home address" in data] == []
    for name in stored:
        with Image.open(media_root / name) as image:
            assert "comment" not in image.info, name


@pytest.mark.django_db
def test_replaced_cleared_and_deleted_photos_no_version_names_leave_no_files(
    media_root, django_capture_on_commit_callbacks
):
    # Saved outside the admin, so no version keeps them (the admin's are
    # kept for the person's history: tests/people/test_photo_history.py).
    person = make_person()

    def save(photo):
        with django_capture_on_commit_callbacks(execute=True):
            if photo:
                person.photo.save("photo.jpg", photo, save=True)
            else:
                person.photo = ""
                person.save()

    save(image_file())
    first = person.photo.name
    save(image_file())
    assert list(media_files(media_root)) == [person.photo.name] != [first]

    save(None)
    assert media_files(media_root) == {}

    save(image_file())
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    assert media_files(media_root) == {}


def test_a_photo_that_cannot_be_stored_is_a_form_error_and_nothing_is_saved(
    editor_client, media_root
):
    media_root.parent.mkdir(parents=True, exist_ok=True)
    media_root.write_text("a file where the media folder should be")

    response = editor_client.post(ADD_URL, person_form(photo=image_file()))

    assert response.status_code == 200
    assert (
        "The file could not be stored, so nothing was saved" in form_errors(response)[0]
    )
    assert not Person.objects.exists()


def test_a_photo_stored_for_a_form_shown_again_is_removed(editor_client, media_root):
    data = person_form(photo=image_file(), alternative_names=["x" * 300])

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Person.objects.exists()
    assert media_files(media_root) == {}


def test_person_added_from_a_pop_up_with_only_a_russian_name(editor_client):
    """The "+" beside a speaker in the event form opens this pop-up: a speaker
    named only in a Russian press release is added, with a slug and an English
    name in Latin letters."""
    response = editor_client.post(
        f"{ADD_URL}?_popup=1",
        person_form(
            name_en="",
            name_ru="Валерий Семериков",
            sort_name_en="",
            slug="",
            _popup="1",
            _to_field="id",
        ),
    )

    assert response.status_code == 200
    assert "popup_response" in response.templates[0].name
    person = Person.objects.get()
    assert (person.slug, person.name_en, person.name_ru) == (
        "valeriy-semerikov",
        "Valeriy Semerikov",
        "Валерий Семериков",
    )


def test_person_added_with_a_slug_another_person_has_gets_a_free_one(editor_client):
    make_person(slug="anna-orlova", name="Anna Orlova")

    response = editor_client.post(
        ADD_URL,
        person_form(name_en="", name_ru="Анна Орлова", slug="", not_duplicate="on"),
    )

    assert response.status_code == 302
    assert Person.objects.get(name_ru="Анна Орлова").slug == "anna-orlova-2"


def test_person_add_without_any_name_refused(editor_client):
    response = editor_client.post(ADD_URL, person_form(name_en="", slug=""))

    assert response.status_code == 200
    assert form_errors(response) == ["Give the person’s name in English or in Russian."]
    assert not Person.objects.exists()
