"""Which of people's stored photo files may be fetched (academy/media.py
asks): those a person names now, by anyone. A replaced or deleted person's
photo kept for their history (academy/kept_files.py) is served only to staff
who may view people, privately, so that the form of an earlier version shows
it before it is restored."""

from academy.kept_files import in_history
from academy.media import Served

from .models import Person

# "people/<folder>/<random name>": which field names a file of each folder.
FIELDS_BY_FOLDER = {"photos": "photo", "thumbnails": "thumbnail"}


def photo_file_serving(name, user):
    parts = name.split("/")
    field = FIELDS_BY_FOLDER.get(parts[1]) if len(parts) == 3 else None
    if field is None:
        return None
    if Person.objects.filter(**{field: name}).exists():
        return Served()
    if user.has_perm("people.view_person") and in_history(Person, name):
        return Served(private=True)
    return None
