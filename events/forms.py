from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Event


class EventAdminForm(forms.ModelForm):
    """The database's rules for an event, explained in plain words before saving.

    EventAdmin supplies the model and, from its fieldsets, the fields.
    """

    def clean(self):
        cleaned_data = super().clean()
        start = cleaned_data.get("start_date")
        end = cleaned_data.get("end_date")
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
            self.add_error(
                "start_date",
                _(
                    "A published event needs a start date. Enter one, or keep "
                    "the event as a draft."
                ),
            )
        self._check_session_number(
            cleaned_data.get("series"), cleaned_data.get("session_number")
        )
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


class ParticipationInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
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
