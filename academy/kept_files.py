"""Files a record stops naming (a photo replaced, a record deleted or merged
away) are deleted once the change commits, unless a kept version of the
record (django-reversion) names them: restoring that version then finds its
files. The media view serves none of them while no current record names them
(academy/media.py)."""

from django.db import transaction
from reversion.models import Version


def delete_unless_in_history(model, storage, names):
    """Once the change is committed (a rolled-back one still needs its
    files), delete each of `names` that no version of a `model` names."""
    for name in names:
        transaction.on_commit(
            lambda name=name: None if in_history(model, name) else storage.delete(name)
        )


def in_history(model, name):
    """Whether a kept version of a `model` names the file `name`: one scan of
    that model's versions, made when a file is let go or asked for by staff,
    never for a visitor."""
    return (
        Version.objects.get_for_model(model)
        .filter(serialized_data__contains=name)
        .exists()
    )
