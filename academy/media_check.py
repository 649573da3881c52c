"""Which files that records name are missing from the media storage (a
database restored without its media, a file lost): for one record, as the
admin tells staff after a save and public pages leave them out, or for every
model's FileFields, as `manage.py check_media` lists them. Knows no model of
ours: it reads each installed model's FileFields."""

import logging
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models.query import ModelIterable

log = logging.getLogger(__name__)

# Records read at once by the walk of the whole archive.
RECORDS_PER_READ = 2000


@dataclass(frozen=True)
class MissingFile:
    """A file `name`, named by the `field` of the record `pk` of `model`."""

    model: type
    pk: object
    field: str
    name: str

    def __str__(self):
        return f"{self.model._meta.label_lower} {self.pk} {self.field}: {self.name}"


def file_fields(model):
    """The names of `model`'s stored file fields (FileField, ImageField)."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def missing_files_of(record):
    """The files `record` names that the storage does not hold, each logged
    (fields the record was read without are not looked at)."""
    model = type(record)
    deferred = record.get_deferred_fields()
    names = {
        field: getattr(record, field).name
        for field in file_fields(model)
        if field not in deferred
    }
    return _missing(model, record.pk, names)


class _WithoutMissing(ModelIterable):
    def __iter__(self):
        for record in super().__iter__():
            if not missing_files_of(record):
                yield record


class _MissingEmptied(ModelIterable):
    def __iter__(self):
        for record in super().__iter__():
            for missing in missing_files_of(record):
                setattr(record, missing.field, "")
            yield record


def without_missing_files(queryset):
    """`queryset`, leaving out the records with a file missing from storage:
    a page shows an event without that photo rather than a broken one. Each
    record read costs a look at each of its files (a stat on disk)."""
    return _iterating(queryset, _WithoutMissing)


def missing_files_emptied(queryset):
    """`queryset`, with each file missing from storage emptied on the
    records read: a page shows a person without that photo."""
    return _iterating(queryset, _MissingEmptied)


def _iterating(queryset, iterable_class):
    # QuerySet clones (filter, annotate, prefetch...) keep their iterable.
    clone = queryset.all()
    clone._iterable_class = iterable_class
    return clone


def missing_files():
    """Every missing file named by a record of any installed model, model by
    model, reading only the records' keys and file names (no instances)."""
    for model in apps.get_models():
        fields = file_fields(model)
        if not fields:
            continue
        rows = model._base_manager.order_by("pk").values_list("pk", *fields)
        for pk, *names in rows.iterator(chunk_size=RECORDS_PER_READ):
            yield from _missing(model, pk, dict(zip(fields, names, strict=True)))


def _missing(model, pk, names):
    missing = []
    for field, name in names.items():
        storage = model._meta.get_field(field).storage
        if name and not storage.exists(name):
            log.warning("Missing file %s of %s %s", name, model._meta.label_lower, pk)
            missing.append(MissingFile(model, pk, field, name))
    return missing
