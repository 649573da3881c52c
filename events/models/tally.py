"""The counts of published events kept up to date on write (events/tallies.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tally(models.Model):
    """How many published events count towards one key: the archive, a year, a
    record in one role (a topic, a country as host...) or a topic in a year.
    Derived from the events and kept up to date on write (events/tallies.py)."""

    # Rebuilt from the records, so exports and imports leave it out.
    derived = True

    measure = models.CharField(max_length=24)
    record = models.BigIntegerField()
    year = models.SmallIntegerField(default=0)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = (
            models.UniqueConstraint(
                fields=("measure", "record", "year"), name="events_tally_unique_key"
            ),
        )
        # A facet's values with most events first, a page at a time, and how
        # many there are: 50,000 speakers read from the index, not sorted.
        indexes = (
            models.Index(
                fields=("measure", "year", "count", "record"),
                name="events_tally_ranked",
            ),
        )

    def __str__(self):
        return f"{self.measure} {self.record} {self.year}: {self.count}"


# An event's materials: photos, documents and recordings or slides elsewhere,
# each list in the order staff give. Their files are public only while the
# event is (academy/media.py, events/apps.py).
