"""Corrections that visitors suggest for a public record, kept for staff
alone: nothing a visitor sends is ever shown on the public site.

A correction names its record by one of several foreign keys, one per kind
of record with a public page (CORRECTED_KINDS), not by a generic relation:
the database then refuses a correction of a record that does not exist, and
deleting a record deletes what was suggested about it.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from academy.plain_text import PlainTextModel
from people.models import Country, Organization, Person

from .event import Event
from .taxonomy import Series, Topic

# {kind: the model of its records}: the records a visitor may suggest a
# correction for, each a foreign key of Correction named by its kind.
CORRECTED_KINDS = {
    "event": Event,
    "series": Series,
    "topic": Topic,
    "person": Person,
    "country": Country,
    "organization": Organization,
}
# Bounds of what a visitor may send (the form says them, the database keeps them).
TEXT_MAX_LENGTH = 2000
SOURCE_MAX_LENGTH = 500


def _record_key(kind, model):
    return models.ForeignKey(
        model,
        verbose_name=model._meta.verbose_name,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
    )


def _one_record():
    """Exactly one of the record keys is set."""
    either = Q()
    for kind in CORRECTED_KINDS:
        others = {
            f"{other}__isnull": True for other in CORRECTED_KINDS if other != kind
        }
        either |= Q(**{f"{kind}__isnull": False}, **others)
    return either


class CorrectionStatus(models.TextChoices):
    NEW = "new", _("new")
    ACCEPTED = "accepted", _("accepted")
    DISMISSED = "dismissed", _("dismissed")


class Correction(PlainTextModel):
    Status = CorrectionStatus

    event = _record_key("event", Event)
    series = _record_key("series", Series)
    topic = _record_key("topic", Topic)
    person = _record_key("person", Person)
    country = _record_key("country", Country)
    organization = _record_key("organization", Organization)
    wrong = models.CharField(_("what is wrong"), max_length=TEXT_MAX_LENGTH)
    proposed = models.CharField(_("what it should be"), max_length=TEXT_MAX_LENGTH)
    source_url = models.URLField(
        _("source address"), max_length=SOURCE_MAX_LENGTH, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.NEW
    )
    language = models.CharField(
        _("sent from the site in"), max_length=5, editable=False
    )
    # A keyed hash of the sender's address (academy/rate_limits.py), never the
    # address: enough to tell that several came from one place.
    sender = models.CharField(
        _("sender (hashed address)"), max_length=64, editable=False
    )
    created = models.DateTimeField(_("sent"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")
        constraints = (
            models.CheckConstraint(
                condition=_one_record(), name="events_correction_one_record"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CorrectionStatus.values),
                name="events_correction_status_known",
            ),
            # SQLite does not keep a varchar's length: these do.
            models.CheckConstraint(
                condition=Q(
                    LessThanOrEqual(Length("wrong"), TEXT_MAX_LENGTH),
                    LessThanOrEqual(Length("proposed"), TEXT_MAX_LENGTH),
                    LessThanOrEqual(Length("source_url"), SOURCE_MAX_LENGTH),
                ),
                name="events_correction_bounded",
            ),
        )
        indexes = (
            # The admin's list: the open ones first, newest first.
            models.Index(fields=("status", "-created"), name="events_corr_status_idx"),
        )

    def __str__(self):
        return f"{self.kind}: {self.record}"

    @property
    def kind(self):
        """The kind of record it is about: a key of CORRECTED_KINDS."""
        return next(
            kind for kind in CORRECTED_KINDS if getattr(self, f"{kind}_id") is not None
        )

    @property
    def record(self):
        return getattr(self, self.kind)
