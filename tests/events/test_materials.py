"""An event's photos, documents and links: entered on the event's admin form,
served while the event is published, shown on its page."""

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.models import Event, EventDocument, EventLink, EventPhoto
from tests.factories import (
    make_document,
    make_draft,
    make_event,
    make_link,
    make_person,
    make_photo,
    make_source,
)
from tests.helpers import (
    animated_gif,
    event_form,
    image_bytes,
    image_file,
    inline_management,
    jpeg_with_gps,
    media_files,
    pdf_bytes,
    pdf_file,
    photo_with_comment,
    soup_of,
)

ADD_URL = reverse("admin:events_event_add")


def photo_row(index, upload, **fields):
    row = {
        "image": upload,
        "alt_text_en": "Speakers at the round table",
        "alt_text_ru": "",
        "caption_en": "",
        "caption_ru": "",
        "credit": "",
        "licence": "unknown",
        "order": str(index),
    }
    row.update(fields)
    return {f"photos-{index}-{name}": value for name, value in row.items()}


def document_row(index, upload, **fields):
    row = {
        "file": upload,
        "title_en": "Programme",
        "title_ru": "",
        "kind": "programme",
        "language": "ru",
        "order": str(index),
    }
    row.update(fields)
    return {f"documents-{index}-{name}": value for name, value in row.items()}


def link_row(index, **fields):
    row = {
        "url": "https://www.youtube-nocookie.com/embed/abc",
        "title_en": "Recording of the session",
        "title_ru": "",
        "kind": "video",
        "language": "ru",
        "order": str(index),
    }
    row.update(fields)
    return {f"links-{index}-{name}": value for name, value in row.items()}


def with_materials(photos=(), documents=(), links=(), **fields):
    """The event form with these rows of each material inline."""
    data = event_form(**fields)
    rows = {"photos": photos, "documents": documents, "links": links}
    for prefix, posted in rows.items():
        data.update(inline_management(prefix, len(posted)))
        for row in posted:
            data.update(row)
    return data


def inline_errors(response, prefix):
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    ]
    return [dict(errors) for errors in formset.errors]


# Entering them


def test_event_add_with_photo_document_and_link_stores_each(editor_client, media_root):
    response = editor_client.post(
        ADD_URL,
        with_materials(
            photos=[photo_row(0, image_file(size=(2000, 1000)))],
            documents=[document_row(0, pdf_file(pages=3))],
            links=[link_row(0)],
        ),
    )

    assert response.status_code == 302
    photo, document, link = (
        EventPhoto.objects.get(),
        EventDocument.objects.get(),
        EventLink.objects.get(),
    )
    assert (photo.width, photo.height) == (2000, 1000)
    sizes = {}
    for field in ("small_jpeg", "medium_webp", "large_jpeg"):
        with Image.open(getattr(photo, field).path) as image:
            sizes[field] = (image.format, image.size)
    assert sizes == {
        "small_jpeg": ("JPEG", (400, 200)),
        "medium_webp": ("WEBP", (800, 400)),
        "large_jpeg": ("JPEG", (1600, 800)),
    }
    assert (document.page_count, document.size) == (3, len(pdf_bytes(pages=3)))
    with Image.open(document.preview.path) as preview:
        assert (preview.format, preview.width) == ("JPEG", 480)
    assert document.file.name == f"events/documents/{document.key.hex}/document.pdf"
    assert link.host == "www.youtube-nocookie.com"


def test_twenty_photos_and_a_document_are_entered_in_one_save(
    editor_client, media_root
):
    photos = [photo_row(i, image_file(size=(64, 48))) for i in range(20)]

    response = editor_client.post(
        ADD_URL, with_materials(photos=photos, documents=[document_row(0, pdf_file())])
    )

    assert response.status_code == 302
    assert (EventPhoto.objects.count(), EventDocument.objects.count()) == (20, 1)


def test_more_files_than_a_save_takes_are_refused_saying_so(
    editor_client, media_root, settings
):
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    photos = [photo_row(i, image_file(size=(8, 8))) for i in range(limit + 1)]

    response = editor_client.post(ADD_URL, with_materials(photos=photos))

    assert response.status_code == 400
    assert soup_of(response).select_one("main p").get_text() == (
        f"The form sent more than {limit} files at once, so it was not read and "
        f"nothing was saved. Go back, keep at most {limit} new files in it, save, "
        "and add the others in a second save."
    )
    assert Event.objects.count() == 0


def test_event_photo_is_stored_without_its_metadata(editor_client, media_root):
    editor_client.post(ADD_URL, with_materials(photos=[photo_row(0, jpeg_with_gps())]))

    photo = EventPhoto.objects.get()
    for field in ("image", "small_jpeg", "large_webp"):
        with Image.open(getattr(photo, field).path) as stored:
            assert dict(stored.getexif()) == {}, field


@pytest.mark.parametrize("format", ["JPEG", "GIF"])
def test_event_photo_comment_is_in_none_of_its_files(editor_client, media_root, format):
    upload = photo_with_comment(format)

    editor_client.post(ADD_URL, with_materials(photos=[photo_row(0, upload)]))

    stored = media_files(media_root)
    assert len(stored) == 7  # the photo and its six renditions
    assert [name for name, data in stored.items() if b"home address" in data] == []
    for name in stored:
        with Image.open(media_root / name) as image:
            assert "comment" not in image.info, name


def test_event_photo_animation_is_stored_as_its_first_frame(editor_client, media_root):
    upload = animated_gif(5)

    editor_client.post(ADD_URL, with_materials(photos=[photo_row(0, upload)]))

    with Image.open(EventPhoto.objects.get().image.path) as stored:
        grey = stored.convert("L").getpixel((0, 0))
        assert (stored.format, stored.size, stored.n_frames, grey) == (
            "GIF",
            (60, 40),
            1,
            0,  # the first frame's
        )


def test_event_photo_animation_of_too_many_pixels_is_refused(editor_client, media_root):
    # 746 bytes: 20 one-pixel frames on a 5000 × 5000 canvas, which Pillow
    # composites frame by frame (1.1 GB and 20-30 s stored whole, issue 27).
    bomb = animated_gif(20, size=(1, 1), canvas=(5000, 5000))

    response = editor_client.post(ADD_URL, with_materials(photos=[photo_row(0, bomb)]))

    assert response.status_code == 200
    assert inline_errors(response, "photos") == [
        {
            "image": [
                "The animation has more than 25 megapixels, all its frames "
                "counted. Please upload a still photo or a smaller one."
            ]
        }
    ]
    assert not EventPhoto.objects.exists()
    assert not media_root.exists() or not media_files(media_root)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("photo.jpg", b"not an image"),
            "This file is not a complete image. Please upload a JPEG or PNG photo.",
        ),
        (
            SimpleUploadedFile("photo.jpg", pdf_bytes()),
            "This file is not a complete image. Please upload a JPEG or PNG photo.",
        ),
        (
            image_file(format="BMP", name="a.bmp"),
            "Upload a JPEG, PNG, WebP or GIF photo.",
        ),
    ],
)
def test_event_photo_not_a_photo_is_refused(editor_client, media_root, upload, message):
    response = editor_client.post(
        ADD_URL, with_materials(photos=[photo_row(0, upload)])
    )

    assert response.status_code == 200
    assert inline_errors(response, "photos") == [{"image": [message]}]
    assert not EventPhoto.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("minutes.pdf", image_bytes()),
            "Upload a PDF document.",
        ),
        (
            SimpleUploadedFile("minutes.pdf", pdf_bytes()[:200]),
            "This file is not a complete PDF document, or it is protected by a "
            "password. Please upload another.",
        ),
    ],
)
def test_event_document_not_a_pdf_is_refused(
    editor_client, media_root, upload, message
):
    response = editor_client.post(
        ADD_URL, with_materials(documents=[document_row(0, upload)])
    )

    assert response.status_code == 200
    assert inline_errors(response, "documents") == [{"file": [message]}]
    assert not media_root.exists() or not media_files(media_root)


@pytest.mark.parametrize(
    ("page", "preview_size"),
    [
        ((595, 842), (480, 680)),  # A4
        ((14400, 6), (480, 1)),
        ((100, 14400), (10, 1440)),  # was 480 × 69,120: over JPEG's 65,500
        ((6, 14400), (1, 1440)),  # was 480 × 1,152,000: gigabytes
    ],
)
def test_event_document_preview_is_bounded_whatever_the_page_shape(
    editor_client, media_root, page, preview_size
):
    upload = SimpleUploadedFile("scroll.pdf", pdf_bytes(size=page))

    response = editor_client.post(
        ADD_URL, with_materials(documents=[document_row(0, upload)])
    )

    assert response.status_code == 302
    with Image.open(EventDocument.objects.get().preview.path) as preview:
        assert (preview.format, preview.size) == ("JPEG", preview_size)


def test_event_document_whose_page_cannot_be_drawn_is_a_logged_form_error(
    editor_client, media_root, monkeypatch, caplog
):
    def render(page, **options):
        raise pdfium.PdfiumError("Failed to create bitmap")

    # PDFium failing as it does when it cannot allocate the bitmap.
    monkeypatch.setattr(pdfium.PdfPage, "render", render)

    response = editor_client.post(
        ADD_URL, with_materials(documents=[document_row(0, pdf_file())])
    )

    assert response.status_code == 200
    assert inline_errors(response, "documents") == [
        {
            "file": [
                "The document's first page could not be drawn. Please upload another."
            ]
        }
    ]
    assert not EventDocument.objects.exists()
    assert not media_root.exists() or not media_files(media_root)
    (logged,) = [r for r in caplog.records if r.name == "academy.documents"]
    assert (logged.levelname, logged.exc_info[0]) == ("ERROR", pdfium.PdfiumError)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/a.mp4"])
def test_event_link_other_than_web_address_is_refused(editor_client, url):
    response = editor_client.post(ADD_URL, with_materials(links=[link_row(0, url=url)]))

    assert response.status_code == 200
    assert list(inline_errors(response, "links")[0]) == ["url"]
    assert not EventLink.objects.exists()


def test_event_refused_for_another_field_says_which_files_to_choose_again(
    editor_client, media_root
):
    response = editor_client.post(
        ADD_URL,
        with_materials(
            photos=[photo_row(0, image_file()), photo_row(1, image_file())],
            documents=[document_row(0, pdf_file())],
            slug="not a slug!",
        ),
    )

    again = [
        "Choose the file again: the form has other errors, and a browser does "
        "not keep a chosen file when it is shown again."
    ]
    assert response.status_code == 200
    assert inline_errors(response, "photos") == [{"image": again}, {"image": again}]
    assert inline_errors(response, "documents") == [{"file": again}]
    # What the valid inline forms had written is gone with the refused save.
    assert not media_root.exists() or not media_files(media_root)


# Serving their files


@pytest.mark.django_db
def test_published_event_photo_files_are_served(client, media_root):
    photo = make_photo(make_event())

    served = {}
    for field in ("image", "small_jpeg", "large_webp"):
        response = client.get(getattr(photo, field).url)
        served[field] = (response["Content-Type"], content_of_bytes(response))

    assert served == {
        field: (content_type, Path(getattr(photo, field).path).read_bytes())
        for field, content_type in (
            ("image", "image/jpeg"),
            ("small_jpeg", "image/jpeg"),
            ("large_webp", "image/webp"),
        )
    }


def content_of_bytes(response):
    """A file's response read to its end, which closes the file (the test
    client's wrapper does, keeping the test's database connection open)."""
    return b"".join(response.streaming_content)


def status_of(client, url):
    """The status of a GET of `url`, its file (if any) read and closed."""
    response = client.get(url)
    if response.streaming:
        content_of_bytes(response)
    return response.status_code


@pytest.mark.django_db
def test_draft_event_files_are_not_found(client, media_root):
    draft = make_draft()
    photo, document = make_photo(draft), make_document(draft)

    statuses = [
        status_of(client, file.url)
        for file in (photo.image, photo.small_webp, document.file, document.preview)
    ]

    assert statuses == [404, 404, 404, 404]


def test_draft_event_files_are_shown_to_its_editors_and_kept_private(
    editor_client, media_root
):
    photo = make_photo(make_draft())

    response = editor_client.get(photo.small_jpeg.url)

    assert (response.status_code, response["Cache-Control"]) == (
        200,
        "private, no-cache",
    )
    assert content_of_bytes(response) == Path(photo.small_jpeg.path).read_bytes()


def test_the_form_of_a_draft_shows_its_photos_preview(editor_client, media_root):
    photo = make_photo(make_draft())

    page = soup_of(
        editor_client.get(reverse("admin:events_event_change", args=[photo.event_id]))
    )

    preview = page.select_one(".field-preview img")["src"]
    assert preview == photo.small_jpeg.url
    assert status_of(editor_client, preview) == 200


@pytest.mark.django_db
def test_event_files_are_not_found_once_the_event_is_unpublished(client, media_root):
    event = make_event()
    photo = make_photo(event)
    assert status_of(client, photo.medium_jpeg.url) == 200

    event.status = event.Status.DRAFT
    event.save()

    assert status_of(client, photo.medium_jpeg.url) == 404


@pytest.mark.django_db
def test_event_document_is_served_as_a_named_download(client, media_root):
    document = make_document(make_event(), title="Программа сессии")

    response = client.get(document.file.url)
    content_of_bytes(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%BF%D1%80%D0%BE%D0%B3%D1%80%D0%B0%D0%BC"
        "%D0%BC%D0%B0-%D1%81%D0%B5%D1%81%D1%81%D0%B8%D0%B8.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/media/events/photos/not-a-key/small.jpg",
        "/media/events/photos/00000000000000000000000000000000/small.jpg",
        "/media/events/elsewhere/x/small.jpg",
        "/media/backups/database.sqlite3",
        "/media/events/photos/../../academy/settings.py",
        "/media/people/photos/missing.jpg",
    ],
)
def test_media_addresses_of_no_public_file_are_not_found(client, media_root, path):
    assert status_of(client, path) == 404


@pytest.mark.django_db
def test_a_file_in_a_published_photos_folder_that_it_does_not_name_is_not_found(
    client, media_root
):
    photo = make_photo(make_event())
    stray = f"events/photos/{photo.key.hex}/other.jpg"
    (media_root / stray).write_bytes(image_bytes())

    assert status_of(client, f"/media/{stray}") == 404


# Showing them


@pytest.mark.django_db
def test_event_page_shows_gallery_with_renditions_and_reserved_size(client, media_root):
    event = make_event()
    make_photo(
        event,
        image_file(size=(1200, 900)),
        alt_text="Valery Semerikov opens the session",
        caption="The opening",
        credit="CSTO press service",
        licence="cc_by",
    )

    page = soup_of(client.get(event.get_absolute_url()))

    (figure,) = page.select(".gallery figure")
    image = figure.select_one("img")
    webp = figure.select_one("source[type='image/webp']")
    assert (image["alt"], image["width"], image["height"]) == (
        "Valery Semerikov opens the session",
        "800",
        "600",
    )
    assert [part.split()[1] for part in image["srcset"].split(", ")] == [
        "400w",
        "800w",
        "1200w",
    ]
    assert webp["srcset"].count(".webp") == 3
    assert figure.select_one("a")["href"].endswith("/large.jpg")
    assert " ".join(figure.figcaption.get_text().split()) == (
        "The opening Photo: CSTO press service · CC BY 4.0"
    )
    assert figure.select_one("a[rel~=license]")["href"] == (
        "https://creativecommons.org/licenses/by/4.0/"
    )
    og_image = page.select_one("meta[property='og:image']")["content"]
    assert og_image.endswith(figure.select_one("a")["href"])


@pytest.mark.django_db
def test_event_page_lists_documents_and_links_with_their_facts(client, media_root):
    event = make_event()
    make_document(
        event, pdf_file(pages=12), title="Programme", kind="programme", language="ru"
    )
    make_link(event, title="Recording", kind="video", language="en")

    page = soup_of(client.get(event.get_absolute_url()))

    facts = [" ".join(p.get_text().split()) for p in page.select(".material .meta")]
    size = len(pdf_bytes(pages=12))
    assert facts == [
        f"Programme · PDF · 12 pages · {size / 1024:.1f} KB · Russian",
        "Video recording · www.youtube.com · English",
    ]
    link = page.select_one(".material-link a")
    assert (link["href"], link["rel"]) == (
        "https://www.youtube.com/watch?v=abc",
        ["noopener", "nofollow"],
    )
    preview = page.select_one(".material img")
    assert preview["src"].endswith("/preview.jpg")


@pytest.mark.django_db
def test_event_page_names_its_source_with_an_archived_copy(client):
    source = make_source(
        title="The 4th CSTO Academy",
        publisher="CSTO",
        url="https://odkb-csto.org/news/",
        archived_url="https://web.archive.org/web/2015/https://odkb-csto.org/news/",
    )
    event = make_event(source=source)

    links = soup_of(client.get(event.get_absolute_url())).select(".source a")

    assert [(a.get_text(), a["href"], a["rel"]) for a in links] == [
        ("The 4th CSTO Academy", source.url, ["noopener", "nofollow"]),
        ("archived copy", source.archived_url, ["noopener", "nofollow"]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_event_page_query_count_is_fixed_with_photos(
    client, media_root, django_assert_num_queries, count
):
    event = make_event()
    upload = image_file(size=(64, 48))
    for _ in range(count):
        make_photo(event, upload)
        upload.seek(0)
    make_document(event)
    make_link(event)

    # The event page's 9, and one for each kind of material.
    with django_assert_num_queries(11):
        response = client.get(event.get_absolute_url())

    assert len(soup_of(response).select(".gallery img")) == count


@pytest.mark.django_db
def test_event_jsonld_and_api_carry_the_materials(client, media_root):
    event = make_event(slug="fourth")
    photo = make_photo(event, credit="CSTO", licence="cc_by_sa")
    document = make_document(event, pdf_file(pages=2))
    make_link(event, kind="slides", language="ru")

    page = soup_of(client.get(event.get_absolute_url()))
    data = json.loads(page.select_one("script[type='application/ld+json']").string)
    api = client.get("/api/events/fourth/").json()

    host = "http://testserver"
    assert data["image"] == [
        {
            "@type": "ImageObject",
            "contentUrl": host + photo.large_jpeg.url,
            "thumbnailUrl": host + photo.small_jpeg.url,
            "width": 600,
            "height": 400,
            "description": "Speakers at the round table",
            "creditText": "CSTO",
            "license": "https://creativecommons.org/licenses/by-sa/4.0/",
        }
    ]
    assert [item["@type"] for item in data["subjectOf"]] == [
        "MediaObject",
        "PresentationDigitalDocument",
    ]
    assert data["subjectOf"][0]["contentUrl"] == host + document.file.url
    assert api["photos"][0]["large_jpeg"] == host + photo.large_jpeg.url
    assert api["documents"][0]["file"] == host + document.file.url
    assert (api["documents"][0]["page_count"], api["links"][0]["kind"]) == (2, "slides")


@pytest.mark.django_db
def test_person_links_are_shown_with_text_and_given_as_same_as(client):
    person = make_person(
        slug="anna",
        website="https://example.org/anna",
        wikidata="Q42",
        orcid="0000-0002-1825-0097",
        viaf="102333412",
    )

    page = soup_of(client.get(person.get_absolute_url()))
    data = json.loads(page.select_one("script[type='application/ld+json']").string)

    links = [
        (a.get_text(strip=True), a["href"], a.img["alt"])
        for a in page.select(".profile-links a")
    ]
    assert links == [
        ("Website", "https://example.org/anna", ""),
        ("Wikidata", "https://www.wikidata.org/wiki/Q42", ""),
        ("ORCID", "https://orcid.org/0000-0002-1825-0097", ""),
        ("VIAF", "https://viaf.org/viaf/102333412", ""),
    ]
    assert data["sameAs"] == [href for _text, href, _alt in links]
