"""Small builders for test data: each makes a valid record, overridable by keyword.

Each writes as the archive's write paths do, keeping what is derived from it
(its tallies, search documents: academy/writes.py)."""

import datetime
import itertools

from academy import documents
from academy.writes import keeping_derived_data_for
from events import materials
from events.models import (
    Event,
    EventDocument,
    EventLink,
    EventPhoto,
    Participation,
    Series,
    Source,
    Topic,
)
from people.models import Country, Organization, Person, PersonName

_numbers = itertools.count(1)


def _unique(prefix):
    return f"{prefix}-{next(_numbers)}"


# Codes the 2015 fixture uses; builders never hand them out.
FIXTURE_CODES = {"AM", "BY", "KZ", "KG", "RU", "TJ", "RS", "GE", "UA", "IR", "CN"}
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Cycling over all 665 free codes: one test never uses that many, the suite may.
_codes = itertools.cycle(
    [a + b for a in _LETTERS for b in _LETTERS if a + b not in FIXTURE_CODES]
)


def make_country(**fields):
    slug = fields.pop("slug", None) or _unique("country")
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("iso_code", next(_codes))
    return Country.objects.create(slug=slug, **fields)


def make_organization(**fields):
    slug = fields.pop("slug", None) or _unique("organization")
    fields.setdefault("name", slug.replace("-", " ").title())
    members = fields.pop("member_countries", ())
    organization = Organization.objects.create(slug=slug, **fields)
    organization.member_countries.set(members)
    return organization


def make_person(**fields):
    slug = fields.pop("slug", None) or _unique("person")
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("sort_name", fields["name"])
    return Person.objects.create(slug=slug, **fields)


def make_topic(**fields):
    slug = fields.pop("slug", None) or _unique("topic")
    fields.setdefault("name", slug.replace("-", " ").title())
    return Topic.objects.create(slug=slug, **fields)


def make_series(**fields):
    slug = fields.pop("slug", None) or _unique("series")
    fields.setdefault("name", slug.replace("-", " ").title())
    return Series.objects.create(slug=slug, **fields)


def make_source(**fields):
    fields.setdefault("title", _unique("Source"))
    return Source.objects.create(**fields)


def make_event(**fields):
    """A published event; make_draft makes a draft."""
    slug = fields.pop("slug", None) or _unique("event")
    fields.setdefault("title", slug.replace("-", " ").title())
    fields.setdefault("status", Event.Status.PUBLISHED)
    fields.setdefault("start_date", datetime.date(2015, 6, 25))
    relations = {
        name: fields.pop(name, ())
        for name in (
            "organizers",
            "participating_countries",
            "topics",
            "mentioned_organizations",
            "mentioned_countries",
        )
    }
    event = Event(slug=slug, **fields)
    with keeping_derived_data_for([event]):
        event.save()
        for name, values in relations.items():
            getattr(event, name).set(values)
    return event


def make_draft(**fields):
    """A draft event, with make_event's defaults otherwise."""
    return make_event(status=Event.Status.DRAFT, **fields)


def make_participation(event, person, **fields):
    participation = Participation(event=event, person=person, **fields)
    with keeping_derived_data_for([participation]):
        participation.save()
    return participation


def make_person_name(person, name):
    """Another spelling of `person`'s name, which their search document holds."""
    with keeping_derived_data_for([person]):
        return PersonName.objects.create(person=person, name=name)


def _with_files(material, files):
    for field, content in files.items():
        getattr(material, field).save(content.name, content, save=False)
    material.save()
    return material


def make_photo(event, upload=None, **fields):
    """A photo of `event` with its renditions, made as the admin makes them."""
    from tests.helpers import image_file

    fields.setdefault("alt_text", "Speakers at the round table")
    photo = EventPhoto(event=event, **fields)
    return _with_files(photo, materials.photo_files(upload or image_file()))


def make_document(event, upload=None, **fields):
    """A PDF of `event` with its preview, made as the admin makes them."""
    from tests.helpers import pdf_file

    upload = upload or pdf_file()
    fields.setdefault("title", "Programme")
    document = EventDocument(
        event=event,
        page_count=documents.validate_pdf(upload),
        size=upload.size,
        **fields,
    )
    return _with_files(document, materials.document_files(upload))


def make_link(event, **fields):
    fields.setdefault("url", "https://www.youtube.com/watch?v=abc")
    fields.setdefault("title", "Recording of the session")
    return EventLink.objects.create(event=event, **fields)
