"""Events from a spreadsheet (CSV or XLSX), through the admin's import
(django-import-export), and out again through its export.

One row is one event, matched to an existing one by its slug (created when
none has it). Records are named as staff know them: a country, organization,
topic or programme by its slug or its name in either language, a speaker by
a name or any other spelling of it; several in one cell are separated by
";". The date is typed as in the admin's form ("June 2016", "2015-06-25"...)
and sets its precision. A value that names nothing is a row error in plain
words, with the closest names the archive holds. A row that publishes an
event gets the checks of publishing (events/checks.py): what the event's form
would warn of is a row error too, the event to be published from its form. A
file with any error imports nothing (IMPORT_EXPORT_USE_TRANSACTIONS), and its
preview says which rows would be created, changed or skipped.
"""

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from academy.i18n import localized
from academy.imports import (
    IMPORT_SEPARATOR,
    AddedColumn,
    ArchiveResource,
    ListColumn,
    NamedListWidget,
    NamedWidget,
    NamesWidget,
    record_named,
)
from people.models import Country, Organization, Person

from . import checks, dates
from .models import Event, Participation, Series, Topic


class PartialDateWidget(widgets.Widget):
    """A date as staff type it in the admin (dates.parse_partial): cleaned to
    (its first day, its precision)."""

    help_text = dates.DATE_FORMATS

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return dates.parse_partial(text)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from error


class DateColumn(fields.Field):
    """The date column: sets the event's day and its precision."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        typed = self.clean(row, **kwargs)
        instance.start_date, instance.date_precision = typed or (
            None,
            dates.DatePrecision.DAY,
        )

    def export(self, instance, **kwargs):
        # What the preview shows: the date to its precision, as staff typed
        # it ("June 2016"), not its first day ("2016-06-01").
        return dates.format_partial(instance.start_date, instance.date_precision)


class SpeakersWidget(NamesWidget):
    """People named by a name or another spelling, in their order at the
    event."""

    def clean(self, value, row=None, **kwargs):
        return [
            record_named(Person, text, spellings="alternative_names__name")
            for text in super().clean(value, row=row, **kwargs)
        ]


class EventResource(ArchiveResource):
    date = DateColumn(
        attribute="start_date", column_name="date", widget=PartialDateWidget()
    )
    host_country = fields.Field(
        attribute="host_country",
        column_name="host_country",
        widget=NamedWidget(Country),
    )
    series = fields.Field(
        attribute="series", column_name="series", widget=NamedWidget(Series)
    )
    participating_countries = ListColumn(
        attribute="participating_countries",
        column_name="participating_countries",
        widget=NamedListWidget(Country),
    )
    organizers = ListColumn(
        attribute="organizers",
        column_name="organizers",
        widget=NamedListWidget(Organization),
    )
    topics = ListColumn(
        attribute="topics", column_name="topics", widget=NamedListWidget(Topic)
    )
    speakers = AddedColumn(
        attribute="imported_speakers",
        column_name="speakers",
        widget=SpeakersWidget(),
        held=lambda event: list(event.speakers.all()),
    )

    class Meta:
        model = Event
        import_id_fields = ("slug",)
        fields = (
            "slug",
            *localized("title"),
            "kind",
            "status",
            "outcome",
            "date",
            *localized("city"),
            "host_country",
            "series",
            "session_number",
            *localized("summary"),
            "participating_countries",
            "organizers",
            "topics",
            "speakers",
        )
        skip_unchanged = True
        report_skipped = True
        # The model's rules (a published event has a date...) as row errors.
        clean_model_instances = True

    def dehydrate_date(self, event):
        return dates.isoformat(event.start_date, event.date_precision)

    def dehydrate_speakers(self, event):
        return f"{IMPORT_SEPARATOR} ".join(
            str(person) for person in event.speakers.all()
        )

    def before_save_instance(self, instance, row, **kwargs):
        # Read before the save changes what is stored.
        instance.published_by_row = checks.publishing(instance, instance.status)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        # A row error, which rolls the whole import back.
        if instance.published_by_row:
            links = self.previewed_links(instance) if kwargs.get("dry_run") else {}
            if problems := checks.publishing_problems(instance, **links):
                raise ValidationError(problems)

    def previewed_links(self, instance):
        """The countries taking part and the speakers `instance` would have
        after its row, which the preview (writing nothing) did not store."""
        stored = instance.pk is not None
        participating = instance.previewed_lists.get("participating_countries")
        if participating is None:
            participating = (
                list(instance.participating_countries.all()) if stored else []
            )
        held = list(instance.participations.select_related("person")) if stored else []
        known = {speaker.person for speaker in held}
        added = [
            Participation(person=person)
            for person in getattr(instance, "imported_speakers", None) or []
            if person not in known
        ]
        return {"participating": participating, "speakers": held + added}

    def save_added(self, instance):
        """The speakers a row names, in its order, after those the event
        already has; the others are left as they were."""
        speakers = getattr(instance, "imported_speakers", None) or []
        known = set(instance.participations.values_list("person", flat=True))
        last = len(known)
        for person in speakers:
            if person.pk not in known:
                last += 1
                Participation.objects.create(event=instance, person=person, order=last)
                known.add(person.pk)
