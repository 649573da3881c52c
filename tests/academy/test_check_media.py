"""manage.py check_media: the records whose files are missing from storage,
for monitoring."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_document, make_event, make_person, make_photo
from tests.helpers import image_file

pytestmark = pytest.mark.django_db


def test_check_media_lists_every_record_whose_file_is_missing(media_root):
    event = make_event()
    photo, document = make_photo(event), make_document(event)
    make_photo(event)  # complete
    person = make_person()
    person.photo.save("photo.jpg", image_file(), save=True)
    for file in (photo.small_webp, document.file, person.photo):
        file.storage.delete(file.name)
    out = StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("check_media", stdout=out)

    assert out.getvalue().splitlines() == [
        f"people.person {person.pk} photo: {person.photo.name}",
        f"events.eventphoto {photo.pk} small_webp: {photo.small_webp.name}",
        f"events.eventdocument {document.pk} file: {document.file.name}",
    ]
    assert (str(refused.value), refused.value.returncode) == (
        "3 files are missing.",
        1,
    )


def test_check_media_with_every_file_present_says_so(media_root):
    make_photo(make_event())
    out = StringIO()

    call_command("check_media", stdout=out)

    assert out.getvalue() == "No file is missing.\n"
