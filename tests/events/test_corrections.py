"""What the database keeps of a suggested correction: one record, a known
status and bounded texts, whatever writes it."""

import pytest
from django.db import DataError, IntegrityError, transaction

from events.models import Correction
from tests.factories import make_event, make_person

pytestmark = pytest.mark.django_db


def stored(**fields):
    fields = {"wrong": "w", "proposed": "p", "sender": "0" * 64, **fields}
    with transaction.atomic():
        return Correction.objects.create(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"records": 2},
        {"status": "maybe"},
        {"wrong": "x" * 2001},
        {"proposed": "x" * 2001},
        {"source_url": "https://e.org/" + "a" * 500},
    ],
    ids=[
        "no record",
        "two records",
        "unknown status",
        "long wrong",
        "long proposed",
        "long source",
    ],
)
def test_correction_outside_its_bounds_is_refused_by_the_database(fields):
    records = fields.pop("records", 1 if fields else 0)
    linked = {"event": make_event(), "person": make_person()}
    fields.update(dict(list(linked.items())[:records]))

    # PostgreSQL's varchar refuses a long text before the check constraint
    # that refuses it on SQLite.
    with pytest.raises((IntegrityError, DataError)):
        stored(**fields)


def test_correction_within_its_bounds_is_kept():
    correction = stored(person=make_person(name="Anna Orlova"), wrong="x" * 2000)

    assert (correction.kind, str(correction)) == ("person", "person: Anna Orlova")
