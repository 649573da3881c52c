"""The records a visitor may suggest a correction for."""

from events.models import CORRECTED_KINDS, Event

from .base import published_events


def corrected_record(*, kind, slug):
    """The record of `kind` (a key of CORRECTED_KINDS) at `slug` that a
    visitor may correct: a published event, or any record of another kind,
    as their pages show them. Raises the model's DoesNotExist."""
    model = CORRECTED_KINDS[kind]
    records = published_events() if model is Event else model.objects.all()
    return records.get(slug=slug)
