"""What events are grouped by: topics and series (recurring programmes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from academy import search
from academy.addresses import slug_address
from academy.i18n import Shown
from academy.plain_text import PlainTextModel

from .. import dates
from ..dates import DatePrecision


class Topic(PlainTextModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = (Shown("name"),)
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_address("events:topic-detail", self.slug)


class Series(PlainTextModel):
    """A recurring programme, such as the CSTO Academy; its events are sessions."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    started_on = models.DateField(
        _("started on"),
        null=True,
        blank=True,
        validators=[dates.validate_in_archive],
    )
    started_precision = models.CharField(
        _("start known to the"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )

    class Meta:
        ordering = (Shown("name"),)
        verbose_name = _("series")
        # English uses one word for both; Russian needs two.
        verbose_name_plural = pgettext_lazy("plural", "series")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.started_on = dates.truncate(self.started_on, self.started_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_address("events:series-detail", self.slug)

    @property
    def started_display(self):
        return dates.format_partial(self.started_on, self.started_precision)


search.register(
    Topic,
    search.Index(("name", "description")),
    # What an event on the topic is found by.
    search.Index(("name",), field="search_names", verbose_name=_("names to search")),
)
