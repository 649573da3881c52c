"""Events, the speakers' list of each (Participation), and the sources they are
drawn from."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy import search
from academy.addresses import slug_address
from academy.i18n import Shown, fallback_language
from academy.plain_text import PlainTextModel
from people.models import Country, Organization, Person

from .. import dates
from ..dates import DatePrecision
from .taxonomy import Series, Topic


class Source(PlainTextModel):
    """Where the archive's knowledge of an event comes from (provenance)."""

    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    archived_url = models.URLField(
        _("archived copy"),
        max_length=500,
        blank=True,
        help_text=_("A copy kept by a web archive, e.g. web.archive.org."),
    )
    published_on = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        validators=[dates.validate_in_archive],
    )

    class Meta:
        ordering = ("-published_on", "title")
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title


# What staff are told of a published event without a date, wherever it is refused.
NEEDS_DATE = _(
    "A published event needs a start date. Enter one, or keep the event as a draft."
)


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def past(self):
        return self.filter(start_date__lte=timezone.localdate())

    def upcoming(self):
        return self.filter(start_date__gt=timezone.localdate())


class Event(PlainTextModel):
    class Kind(models.TextChoices):
        ACADEMY_SESSION = "academy_session", _("academy session")
        SCHOOL = "school", _("school")
        CONFERENCE = "conference", _("conference")
        MEETING = "meeting", _("meeting")
        PROGRAMME_LAUNCH = "programme_launch", _("programme launch")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Outcome(models.TextChoices):
        HELD = "held", _("held")
        ANNOUNCED = "announced", _("announced; not known to have taken place")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text=_("Drafts are never shown on the public site."),
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome, default=Outcome.HELD
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=[dates.validate_in_archive]
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[dates.validate_in_archive]
    )
    date_precision = models.CharField(
        _("dates known to the"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("For “October 2015” enter any day of that month and choose month."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    host_country = models.ForeignKey(
        Country,
        verbose_name=_("host country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    session_number = models.PositiveSmallIntegerField(
        _("session number"), null=True, blank=True
    )
    organizers = models.ManyToManyField(
        Organization,
        verbose_name=_("organizers"),
        blank=True,
        related_name="organized_events",
    )
    participating_countries = models.ManyToManyField(
        Country,
        verbose_name=_("participating countries"),
        blank=True,
        related_name="participated_events",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="events"
    )
    mentioned_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("organizations discussed"),
        blank=True,
        related_name="mentioned_in_events",
    )
    mentioned_countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries discussed"),
        blank=True,
        related_name="mentioned_in_events",
    )
    speakers = models.ManyToManyField(
        Person,
        verbose_name=_("speakers"),
        through="Participation",
        related_name="events",
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ("-start_date", Shown("title"))
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # A whole file of events at once: given to whom staff trust with that.
        permissions = (("import_event", _("Can import events from a file")),)
        constraints = (
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__gte=F("start_date")),
                name="events_event_end_after_start",
                violation_error_message=_(
                    "The event cannot end before it starts: check both dates."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(start_date__isnull=False),
                name="events_event_published_has_date",
                violation_error_message=NEEDS_DATE,
            ),
            models.CheckConstraint(
                condition=Q(session_number__isnull=True) | Q(series__isnull=False),
                name="events_event_session_number_needs_series",
                violation_error_message=_(
                    "A session number needs a series: choose the series, or "
                    "leave the number empty."
                ),
            ),
            models.UniqueConstraint(
                fields=("series", "session_number"),
                condition=Q(session_number__isnull=False),
                name="events_event_unique_session_number",
            ),
        )
        indexes = (
            # The public list's order, read from the index page by page.
            models.Index(
                fields=("status", "-start_date", "title"), name="events_event_list_idx"
            ),
            models.Index(fields=("status", "title"), name="events_event_title_idx"),
            # The feeds: latest changes first.
            models.Index(
                fields=("status", "-updated"), name="events_event_updated_idx"
            ),
        )

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.start_date = dates.truncate(self.start_date, self.date_precision)
        self.end_date = dates.truncate(self.end_date, self.date_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_address("events:event-detail", self.slug)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def dates_display(self):
        return dates.format_range(self.start_date, self.end_date, self.date_precision)

    @property
    def start_iso(self):
        """The start date in ISO 8601 to its known precision: "2015-10"."""
        return dates.isoformat(self.start_date, self.date_precision)

    @property
    def end_iso(self):
        return dates.isoformat(self.end_date, self.date_precision)

    def _place_parts(self, *, venue):
        """(text, page address or None, the language it is shown in if not the
        page's: academy.i18n.fallback_language) for each known part of the
        place, the most precise first: venue, city, host country."""
        parts = []
        if venue and self.venue:
            parts.append((self.venue, None, fallback_language(self, "venue")))
        if self.city:
            parts.append((self.city, None, fallback_language(self, "city")))
        if self.host_country:
            country = self.host_country
            language = fallback_language(country, "name")
            parts.append((str(country), country.get_absolute_url(), language))
        return parts

    @property
    def place_parts(self):
        return self._place_parts(venue=True)

    @property
    def locality_parts(self):
        """The city and country without the venue, as cards and citations name it."""
        return self._place_parts(venue=False)

    @property
    def place(self):
        """'CSTO Secretariat, Moscow, Russia': the place as text, as far as known."""
        return ", ".join(text for text, *_more in self.place_parts)

    @property
    def locality(self):
        return ", ".join(text for text, *_more in self.locality_parts)


class Participation(PlainTextModel):
    """A person's part in an event: the speakers' list, in order."""

    class Role(models.TextChoices):
        OPENING_SPEAKER = "opening_speaker", _("opening speaker")
        SPEAKER = "speaker", _("speaker")
        MODERATOR = "moderator", _("moderator")
        EXPERT = "expert", _("expert")
        OTHER = "other", _("other")

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role, default=Role.SPEAKER
    )
    position = models.CharField(
        _("position at the time"),
        max_length=300,
        blank=True,
        help_text=_("The position the person held at this event."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("order", "id")
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = (
            models.UniqueConstraint(
                fields=("event", "person"), name="events_participation_unique_person"
            ),
        )
        indexes = (
            # A search by speakers' names reads a person's events from the index.
            models.Index(fields=("person", "event"), name="events_speaker_event_idx"),
        )

    def __str__(self):
        return f"{self.person} – {self.event} ({self.get_role_display()})"


search.register(Event, search.Index(("title", "summary", "body", "city", "venue")))
