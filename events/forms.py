from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from academy.edit_conflicts import (
    ConflictCheckedForm,
    ConflictCheckedFormSet,
    ConflictCheckedRowForm,
)
from academy.i18n import localized
from academy.uploads import DocumentField, PhotoField, StoresFilesForm

from . import checks, dates, materials
from .models import NEEDS_DATE, Event


class PartialDateField(forms.CharField):
    """A date typed to the day, the month or the year ("25 June 2015", "June
    2015", "2015", "2015-06-25", "25.06.2015", "июнь 2015"...), cleaned to
    (its first day, its precision), or None if left empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        return dates.parse_partial(text) if text else None

    def prepare_value(self, value):
        # A date reopens as it was typed, in the admin's language ("June
        # 2016", "2016", "июнь 2016 г."), never as ISO ("2016-06").
        if isinstance(value, tuple):
            return dates.format_partial(*value)
        return value

    def has_changed(self, initial, data):
        # The initial value is shown as typed: compare what both mean.
        try:
            return self.to_python(self.prepare_value(initial)) != self.to_python(data)
        except ValidationError:
            return True


class EventAdminForm(ConflictCheckedForm):
    """The database's rules for an event, explained in plain words before saving.

    EventAdmin supplies the model and, from its fieldsets, the fields. The
    start date is typed once, as precisely as the source gives it: it sets
    the date's precision too.
    """

    start_date = PartialDateField(
        label=_("Date"),
        required=False,
        help_text=_(
            "As precisely as the source gives it: 25 June 2015, June 2015 or "
            "2015 (also 2015-06-25, 2015-06, 25.06.2015, июнь 2015)."
        ),
    )
    # Typed as the start date is (no calendar: a partial date would not fit
    # one), and known to the day whenever it is given.
    end_date = PartialDateField(
        label=_("End date"),
        required=False,
        help_text=_("Only for an event of several days, to the day: 26 June 2015."),
    )

    checked_warnings = forms.BooleanField(
        label=_("Publish despite the warnings"),
        required=False,
        help_text=_(
            "Tick only after checking what the warnings above say; they are "
            "given when an event is published."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        # clean_start_date sets the typed precision on the event: a refused
        # save still quotes the saved dates to the saved one.
        self.saved_date_precision = event.date_precision
        for name, precision in (
            ("start_date", event.date_precision),
            ("end_date", dates.DatePrecision.DAY),
        ):
            saved = getattr(event, name)
            if saved and name in self.fields:
                self.initial[name] = (saved, precision)

    def shown_saved_value(self, field):
        if field.name in ("start_date", "end_date"):
            saved = getattr(self.instance, field.name)
            return dates.format_partial(saved, self.saved_date_precision)
        return super().shown_saved_value(field)

    def clean_start_date(self):
        # The date the field read, as the model keeps it: its first day here,
        # its precision on the event.
        typed = self.cleaned_data["start_date"]
        if typed is None:
            return None
        self.instance.date_precision = typed[1]
        return typed[0]

    def clean_end_date(self):
        typed = self.cleaned_data["end_date"]
        if typed is None:
            return None
        if typed[1] != dates.DatePrecision.DAY:
            raise ValidationError(
                _("Give the day the event ended, e.g. 26 June 2015."),
                code="end_not_to_the_day",
            )
        return typed[0]

    def clean(self):
        cleaned_data = super().clean()
        start = cleaned_data.get("start_date")
        end = cleaned_data.get("end_date")
        if (
            start
            and end
            and self.instance.date_precision != dates.DatePrecision.DAY
            and "end_date" not in self.errors
        ):
            self.add_error(
                "end_date",
                _(
                    "An end date needs a start date known to the day: give the "
                    "day it started, or leave the end date empty."
                ),
            )
        if end and not start and "start_date" not in self.errors:
            self.add_error(
                "start_date", _("Enter the start date as well as the end date.")
            )
        elif start and end and end < start:
            self.add_error(
                "end_date",
                _("The event cannot end before it starts: check both dates."),
            )
        if (
            cleaned_data.get("status") == Event.Status.PUBLISHED
            and not start
            and "start_date" not in self.errors
        ):
            self.add_error("start_date", NEEDS_DATE)
        self._check_session_number(
            cleaned_data.get("series"), cleaned_data.get("session_number")
        )
        if checks.publishing(self.instance, cleaned_data.get("status")) and not (
            cleaned_data.get("checked_warnings")
        ):
            warnings = checks.place_warnings(
                city=cleaned_data.get("city_en") or cleaned_data.get("city_ru"),
                host=cleaned_data.get("host_country"),
                participating=list(cleaned_data.get("participating_countries") or ()),
                leaving_out=self.instance.pk,
            )
            for warning in warnings:
                self.add_error(None, warning)
        return cleaned_data

    def _check_session_number(self, series, number):
        if number is None:
            return
        if series is None:
            if "series" not in self.errors:
                self.add_error(
                    "session_number",
                    _(
                        "A session number needs a series: choose the series, or "
                        "leave the number empty."
                    ),
                )
            return
        taken = (
            Event.objects.filter(series=series, session_number=number)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if taken:
            self.add_error(
                "session_number",
                _("Session %(number)d of %(series)s is already “%(event)s”.")
                % {"number": number, "series": series, "event": taken},
            )


class ParticipationInlineFormSet(ConflictCheckedFormSet):
    def clean(self):
        self._check_speakers()
        # Before Django's own uniqueness check, so the message names the person.
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            person = form.cleaned_data.get("person")
            if person is None:
                continue
            if person.pk in seen:
                form.add_error(
                    "person",
                    _("%(person)s is already listed as a speaker of this event.")
                    % {"person": person},
                )
            seen.add(person.pk)
        super().clean()

    def _check_speakers(self):
        """The speakers' checks of an event being published (checks.py),
        unless the event's form says they were checked."""
        event = self.instance
        if not checks.publishing(event, event.status) or self.data.get(
            "checked_warnings"
        ):
            return
        speakers = [
            (
                form.cleaned_data["person"],
                [form.cleaned_data.get(field) for field in localized("position")],
            )
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("person")
            and not self._should_delete_form(form)
        ]
        warnings = checks.speaker_warnings(speakers)
        if warnings:
            raise forms.ValidationError(warnings)


class EventPhotoForm(StoresFilesForm, ConflictCheckedRowForm):
    """A photo written, once checked, without its metadata and with its
    renditions (events/materials.py)."""

    class Meta:
        field_classes = {"image": PhotoField}

    def store_uploads(self):
        upload = self.cleaned_data.get("image")
        if "image" in self.changed_data and upload:
            self.store_files("image", materials.photo_files(upload))


class EventDocumentForm(StoresFilesForm, ConflictCheckedRowForm):
    """A PDF written, once checked, with the preview of its first page."""

    class Meta:
        field_classes = {"file": DocumentField}

    def store_uploads(self):
        upload = self.cleaned_data.get("file")
        if "file" in self.changed_data and upload:
            try:
                files = materials.document_files(upload)
            except ValidationError as error:  # a first page PDFium cannot draw
                self.add_error("file", error)
                return
            self.instance.page_count = upload.page_count
            self.instance.size = upload.size
            self.store_files("file", files)
