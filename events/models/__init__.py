"""The event domain's models, a module per kind: `event` (events, their
speakers and sources), `taxonomy` (topics and series), `material` (an
event's photos, documents and links), `tally` (counts kept on write) and
`correction` (what visitors suggest, for staff).

Every model is importable from here, and so is `material_path`, which the
migrations name as events.models.material_path."""

from .correction import CORRECTED_KINDS, Correction
from .event import NEEDS_DATE, Event, EventQuerySet, Participation, Source
from .material import (
    EventDocument,
    EventLink,
    EventPhoto,
    FileMaterial,
    Material,
    MaterialLanguage,
    material_path,
)
from .tally import Tally
from .taxonomy import Series, Topic

__all__ = [
    "CORRECTED_KINDS",
    "Correction",
    "NEEDS_DATE",
    "Event",
    "EventDocument",
    "EventLink",
    "EventPhoto",
    "EventQuerySet",
    "FileMaterial",
    "Material",
    "MaterialLanguage",
    "Participation",
    "Series",
    "Source",
    "Tally",
    "Topic",
    "material_path",
]
