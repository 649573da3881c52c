"""No lost edits in the admin: a save made from a form opened before someone
else saved the same record is refused once, with their changes merged in.

Every admin save of a versioned record (academy.admin.HistoryAdmin) keeps a
version, its inlines with it, so the latest version tells whether the record
was saved since a form was opened: the change form carries the number of the
version it was opened at (OPENED), and ConflictCheckedForm compares it with
the latest when the form comes back. On a mismatch each field is merged three
ways, from the version opened, the record as saved meanwhile and the form: a
field only they changed shows what they saved, one only its user changed
keeps what they entered, and one both changed keeps the entry, marked with
the value they saved; so are the fields of each row of its inlines that the
form holds (ConflictCheckedFormSet). The form comes back with a message
naming who saved and when, with a link to compare the two versions, and
carries the latest version's number: saving it again applies the merged
form. It is refused once even when nothing needs settling, so what is saved
is what its user has seen (a summary may speak of the city they changed).
HistoryAdmin locks the record's row for the save's transaction before the
form reads it, so two saves at once are checked one after the other.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms.boundfield import BoundField
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from reversion.models import Version

# The form parameter that holds the version a change form was opened at.
OPENED = "_opened_version"
# "0" when the record had no version then (saved before versions were kept).
NO_VERSION = "0"
SHOWN_CHARACTERS = 120
# The most digits a key of a version has (a bigint's 19, less one: any such
# number fits).
KEY_DIGITS = 18


def latest_version(record):
    """The newest version of `record`, or None."""
    versions = Version.objects.get_for_object(record).select_related("revision__user")
    return versions.first()


def opened_token(record):
    """What a change form of `record` opened now carries (OPENED)."""
    version = latest_version(record)
    return str(version.pk) if version else NO_VERSION


def comparable(value):
    """A field's value as two versions can be compared: records by key, sets
    of records as sorted keys, anything else as text."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(comparable(item) for item in value)
    return "" if value is None else str(value)


def current_value(record, field):
    if field.many_to_many:
        return list(getattr(record, field.name).values_list("pk", flat=True))
    return getattr(record, field.attname)


def shown_value(record, field):
    """A field's value on `record` as a message quotes it: a choice by its
    label, records by their names."""
    if field.many_to_many:
        value = ", ".join(map(str, getattr(record, field.name).all()))
    elif field.choices:
        value = record._get_FIELD_display(field)
    else:
        value = getattr(record, field.name)
    return Truncator("" if value is None else str(value)).chars(SHOWN_CHARACTERS)


class MergedBoundField(BoundField):
    """A field of a refused form that only the other editor changed: it shows
    what they saved, not the older value the form sent."""

    def value(self):
        if self.name in self.form.taken_from_saved:
            return self.field.prepare_value(self.initial)
        return super().value()


def conflicting_versions(record, data):
    """(version opened, latest version) when `data`, posted from a change form
    of `record`, was opened before its latest version; the first is None when
    the number the form carries names no version. None when it was not, or
    when the post carries no number (a script, a test)."""
    opened = data.get(OPENED)
    if opened is None or record._state.adding:
        return None
    latest = latest_version(record)
    if opened == (str(latest.pk) if latest else NO_VERSION):
        return None
    # A number the page gave, or anything a hand-made post holds.
    number = opened.isascii() and opened.isdigit() and len(opened) <= KEY_DIGITS
    known = Version.objects.filter(pk=int(opened)) if number else ()
    return next(iter(known), None), latest


def opened_rows(opened, model):
    """{key: fields} of the rows of `model` (an inline's) in the revision of
    the version `opened`."""
    content_type = ContentType.objects.get_for_model(model)
    versions = opened.revision.version_set.filter(content_type=content_type)
    return {version.object_id: version.field_dict for version in versions}


class MergingForm(forms.ModelForm):
    """A model form that merges, three ways, what it was opened with, what
    was saved meanwhile and what its user entered (see the module's
    docstring)."""

    bound_field_class = MergedBoundField
    # The fields a refused form shows as saved meanwhile.
    taken_from_saved = frozenset()

    def merge_saved_meanwhile(self, opened_fields):
        """Merge each field the form cleaned with `opened_fields`, the fields
        of its record in the version opened. Without them (None), what the
        form's user changed is unknown: every field the form holds otherwise
        is marked."""
        taken = set()
        for name, field in self._model_fields():
            saved = comparable(current_value(self.instance, field))
            entered = comparable(self.cleaned_data[name])
            if entered == saved:
                continue
            if opened_fields is None:
                self._mark_saved_value(name, field)
                continue
            opened = comparable(opened_fields.get(field.attname))
            if opened == entered:
                taken.add(name)
            elif opened != saved:
                self._mark_saved_value(name, field)
        self.taken_from_saved = frozenset(taken)

    def _model_fields(self):
        """(name, model field) of each field of the model the form cleaned."""
        for name in self.fields:
            try:
                field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.concrete and name in self.cleaned_data:
                yield name, field

    def _mark_saved_value(self, name, field):
        self.add_error(
            name,
            _("Saved meanwhile as: “%(value)s”.")
            % {"value": self.shown_saved_value(field)},
        )

    def shown_saved_value(self, field):
        """The saved value of `field` as the message quotes it. A form whose
        field reads a value otherwise than the model keeps it says so here."""
        return shown_value(self.instance, field)


class ConflictCheckedForm(MergingForm):
    """A model form that refuses, once, a save of a record saved by someone
    else since the form was opened, merging their changes into it (see the
    module's docstring). A post without OPENED (a script, a test) is not
    checked."""

    def clean(self):
        cleaned_data = super().clean()
        conflict = conflicting_versions(self.instance, self.data)
        if conflict:
            opened, latest = conflict
            self.merge_saved_meanwhile(opened.field_dict if opened else None)
            self.add_error(None, self._message(opened, latest))
        return cleaned_data

    def _message(self, opened, latest):
        revision = latest.revision if latest else None
        who = str(revision.user) if revision and revision.user else _("someone")
        when = date_format(revision.date_created, "DATETIME_FORMAT") if revision else ""
        if not (opened and latest):
            return _(
                "%(who)s saved this record (%(when)s) after you opened this form. "
                "The form still holds what you entered; the fields they changed "
                "are marked with what they saved. Check them, then save again to "
                "apply your version."
            ) % {"who": who, "when": when}
        text = _(
            "%(who)s saved this record (%(when)s) after you opened this form. "
            "The form now holds their changes and yours; a field you both "
            "changed keeps what you entered and is marked with what they saved. "
            "Check the form, then save it again."
        ) % {"who": who, "when": when}
        taken = [
            str(field.label)
            for name, field in self.fields.items()
            if name in self.taken_from_saved
        ]
        if taken:
            text += " " + _("Taken from their save: %(fields)s.") % {
                "fields": ", ".join(taken)
            }
        model = self.instance._meta
        compare = reverse(
            f"admin:{model.app_label}_{model.model_name}_compare",
            args=[self.instance.pk],
        )
        return format_html(
            '{} <a href="{}?version_id1={}&amp;version_id2={}">{}</a>',
            text,
            compare,
            opened.pk,
            latest.pk,
            _("Compare the version you opened with theirs."),
        )


class ConflictCheckedRowForm(MergingForm):
    """A row of a record's inline (ConflictCheckedFormSet), merged when it
    existed in the version its record's form was opened at."""

    def __init__(self, *args, opened_rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.opened_rows = opened_rows

    def clean(self):
        cleaned_data = super().clean()
        if self.opened_rows is not None and self.instance.pk is not None:
            self.merge_saved_meanwhile(self.opened_rows.get(str(self.instance.pk)))
        return cleaned_data


class ConflictCheckedFormSet(forms.BaseInlineFormSet):
    """The rows of a record's inline (its speakers, its names...) in a form
    refused for an edit conflict (ConflictCheckedForm): each row the form
    holds is merged with that row in the version opened. Its form is a
    ConflictCheckedRowForm (academy.admin.ConflictCheckedInline)."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "opened_rows": self.opened_rows}

    @cached_property
    def opened_rows(self):
        """{key: fields} of the rows in the version the record's form was
        opened at, when a save has come since (none known: {}); else None."""
        conflict = self.is_bound and conflicting_versions(self.instance, self.data)
        if not conflict:
            return None
        opened = conflict[0]
        return opened_rows(opened, self.model) if opened else {}
