"""Records from spreadsheets (CSV, XLSX) through the admin's import
(django-import-export), named as staff know them: by slug, or by name in
either language (or another spelling), with the closest names the archive
holds when a value names nothing. The apps' resources (events/imports.py,
people/imports.py) build on these."""

import difflib
import math
import re
from collections import Counter

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from .i18n import localized
from .import_files import MAX_ROWS, too_many_rows
from .plain_text import refuse_control_characters, without_control_characters
from .spreadsheets import read_cell, safe_cell
from .transliteration import spelling_key
from .writes import keeping_derived_data_for

IMPORT_SEPARATOR = ";"
SUGGESTIONS = 3
# How many first letters of a word make two names worth suggesting.
PREFIX = 4
# How alike two words must be to count at all (difflib's ratio), how alike a
# name must be to be suggested, and how near the likeliest name's score the
# others must come: a close name outranks names sharing a common word only.
WORD_ALIKE = 0.8
# Words that say what kind of thing a name names (a republic, a university),
# not which one, in English and Russian: a name sharing only these with what
# was typed is not suggested, and they count for little in the ranking (an
# archive's few dozen names are too few to learn them from).
GENERIC_WORDS = frozenset(
    word
    for name in (
        "the of and for in on at de la",
        "republic democratic people's federal federation united states kingdom",
        "islamic arab socialist union islands state plurinational",
        "organization organisation university institute academy centre center",
        "international national council committee association society",
        "и в по для при имени",
        "республика республики демократическая народная федеративная",
        "федерация соединённые штаты королевство исламская союз острова",
        "организация университет институт академия центр международная",
        "национальный совет комитет ассоциация общество",
    )
    for word in re.findall(r"[a-z0-9]+", spelling_key(name))
)
GENERIC_WEIGHT = 0.25
LIKELY_ENOUGH = 0.3
NEAR_THE_BEST = 0.75


def record_named(model, text, *, name_fields=None, spellings=None):
    """The record of `model` whose slug, or name in either language (or
    another spelling, through the lookup `spellings`), is `text`; ValueError
    saying so, with the closest names, if none is."""
    name_fields = name_fields or localized("name")
    wanted = Q(slug__iexact=text)
    for field in name_fields:
        wanted |= Q(**{f"{field}__iexact": text})
    if spellings:
        wanted |= Q(**{f"{spellings}__iexact": text})
    found = model.objects.filter(wanted).distinct()[:2]
    if len(found) == 1:
        return found[0]
    if found:
        raise ValueError(
            _("“%(text)s” names more than one %(kind)s: give its slug instead.")
            % {"text": text, "kind": model._meta.verbose_name}
        )
    rows = list(model.objects.values_list("pk", *name_fields))
    shown = {pk: next((name for name in names if name), "") for pk, *names in rows}
    forms = [(pk, name) for pk, *names in rows for name in names if name]
    if spellings:
        forms += model.objects.values_list("pk", spellings).exclude(
            **{f"{spellings}__isnull": True}
        )
    close = [shown[pk] for pk in closest_records(text, forms)]
    message = _("No %(kind)s named “%(text)s”.") % {
        "kind": model._meta.verbose_name,
        "text": text,
    }
    if close:
        message += " " + _("Did you mean: %(names)s?") % {"names": ", ".join(close)}
    raise ValueError(message)


def words_of(name):
    """The words of `name` as spelling_key writes them: "Kyrgyz", "Кыргыз"
    and "Киргиз" are one word."""
    return re.findall(r"[a-z0-9]+", spelling_key(name))


def word_likeness(typed, held):
    """How alike two words are, 0 to 1: one the start of the other counts
    almost as the same word ("Kyrgyz", "Kyrgyzstan"; "Киргизская", "Киргизия"
    share their first PREFIX letters)."""
    if typed == held:
        return 1.0
    if min(len(typed), len(held)) >= PREFIX and typed[:PREFIX] == held[:PREFIX]:
        return 0.9
    ratio = difflib.SequenceMatcher(None, typed, held).ratio()
    return ratio if ratio >= WORD_ALIKE else 0.0


def closest_records(text, forms):
    """The keys of up to SUGGESTIONS records `text` may have meant, the likeliest
    first, from `forms`, (key, name) for every name form and other spelling of
    each record. A word is weighed by how few names hold it, so the distinctive
    word decides: "Kyrgyz Republic" is Kyrgyzstan, not one of the many
    republics."""
    typed = words_of(text)
    if not typed:
        return []
    named = [(key, words_of(name)) for key, name in forms]
    holding = Counter(word for _key, words in named for word in set(words))
    weight = {
        word: math.log((len(named) + 1) / (holding[word] + 1)) + 1 for word in typed
    }
    # A name is suggested only if it holds one of the distinctive words typed:
    # "Republic of Korea" names a Korea, whatever else is a republic.
    distinctive = {word for word in typed if word not in GENERIC_WORDS} or set(typed)
    for word in set(typed) - distinctive:
        weight[word] = weight[word] * GENERIC_WEIGHT
    total = sum(weight.values())
    scores = {}
    for key, words in named:
        likeness = {
            word: max((word_likeness(word, held) for held in words), default=0)
            for word in typed
        }
        if not any(likeness[word] for word in distinctive):
            continue
        score = sum(weight[word] * likeness[word] for word in typed) / total
        scores[key] = max(score, scores.get(key, 0))
    if not scores:
        # No distinctive word shared: names alike as a whole, if any ("United
        # Kingdom of Great Britain": United Kingdom).
        alike = difflib.get_close_matches(
            text, [name for _key, name in forms], n=SUGGESTIONS, cutoff=0.6
        )
        keys = [key for name in alike for key, held in forms if held == name]
        return list(dict.fromkeys(keys))[:SUGGESTIONS]
    best = max(scores.values(), default=0)
    likely = [
        key
        for key, score in sorted(scores.items(), key=lambda item: -item[1])
        if score >= max(LIKELY_ENOUGH, best * NEAR_THE_BEST)
    ]
    return likely[:SUGGESTIONS]


class NamesWidget(widgets.Widget):
    """Texts (names, spellings) IMPORT_SEPARATOR between them, as a list."""

    help_text = gettext_lazy(
        "Names in English or Russian, several separated by “;”: "
        "Valery Semerikov; Anna Orlova."
    )

    def clean(self, value, row=None, **kwargs):
        return [
            text.strip()
            for text in str(value or "").split(IMPORT_SEPARATOR)
            if text.strip()
        ]

    def render(self, value, obj=None, **kwargs):
        # As a cell is typed, "Valery Semerikov; Anna Orlova", never a
        # Python list ("[<Person: Valery Semerikov>]") in the preview.
        return f"{IMPORT_SEPARATOR} ".join(str(item) for item in value or ())


class AddedColumn(fields.Field):
    """A column of what a row adds to a record once it is saved (an event's
    speakers, a person's other spellings), kept on it as `attribute`. A
    record read from the database holds `held(record)`, so a row naming all
    of those is unchanged."""

    def __init__(self, *, held, **options):
        super().__init__(**options)
        self.held = held

    def get_value(self, instance):
        if hasattr(instance, self.attribute):
            return getattr(instance, self.attribute)
        return self.held(instance) if instance.pk else []


class NamedWidget(widgets.ForeignKeyWidget):
    """A record named by its slug or name (`named`); exported by its slug."""

    help_text = gettext_lazy("A slug, or a name in English or Russian.")

    def __init__(self, model, **options):
        super().__init__(model, field="slug")
        self.options = options

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        return record_named(self.model, text, **self.options) if text else None


class NamedListWidget(widgets.ManyToManyWidget):
    """Records named as NamedWidget does, IMPORT_SEPARATOR between them."""

    help_text = gettext_lazy(
        "Slugs or names in English or Russian, several separated by “;”: "
        "Russia; Armenia."
    )

    def __init__(self, model, **options):
        super().__init__(model, separator=IMPORT_SEPARATOR, field="slug")
        self.options = options

    def clean(self, value, row=None, **kwargs):
        texts = NamesWidget().clean(value)
        return [record_named(self.model, text, **self.options) for text in texts]

    def render(self, value, obj=None, **kwargs):
        if value is None:  # an event not saved yet
            return ""
        records = value.all() if hasattr(value, "all") else value  # ListColumn's
        return f"{IMPORT_SEPARATOR} ".join(record.slug for record in records)


class ListColumn(fields.Field):
    """A column of a record's many-to-many relation (NamedListWidget). A
    preview writes nothing, so the records a row would set are kept on the
    record (ArchiveResource.save_m2m) and shown instead of the stored ones."""

    def get_value(self, instance):
        previewed = getattr(instance, "previewed_lists", {})
        if self.attribute in previewed:
            return previewed[self.attribute]
        return super().get_value(instance)


class ArchiveResource(resources.ModelResource):
    """What every import of the archive does: all rows or none, at most
    MAX_ROWS of them, and an empty cell leaves a record's value as it is (a
    row updates what it gives); a cell holding a control character is a row
    error (academy/plain_text.py), and so is a second row of one record. An
    import is one write that keeps what is derived from the records its rows
    save (academy/writes.py). Its preview writes nothing. Its exports write
    text a spreadsheet never runs as a formula (academy/spreadsheets.py), read
    back unchanged."""

    def import_data(self, dataset, **kwargs):
        if len(dataset) > MAX_ROWS:  # the admin's form refuses such a file first
            result = self.get_result_class()()
            error = ValueError(too_many_rows().message)
            result.append_base_error(self.get_error_result_class()(error))
            return result
        if kwargs.get("dry_run"):
            return self.preview(dataset, **kwargs)
        with keeping_derived_data_for():
            return super().import_data(
                dataset, **{**kwargs, "rollback_on_validation_errors": True}
            )

    def preview(
        self, dataset, *, raise_errors=False, collect_failed_rows=False, **kwargs
    ):
        """What importing `dataset` would do, found without writing anything:
        written in a transaction rolled back at the end (django-import-export's
        dry run), the preview held SQLite's write lock while it read every row,
        and staff saving or logging in meanwhile waited, then got a 500."""
        for option in ("dry_run", "use_transactions", "rollback_on_validation_errors"):
            kwargs.pop(option, None)
        return self.import_data_inner(
            dataset,
            dry_run=True,
            raise_errors=raise_errors,
            using_transactions=False,
            collect_failed_rows=collect_failed_rows,
            **kwargs,
        )

    def save_m2m(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            instance.previewed_lists = {
                field.attribute: field.clean(row, **kwargs)
                for field in self.get_import_fields()
                if isinstance(field, ListColumn)
                and str(row.get(field.column_name) or "").strip()
            }
        super().save_m2m(instance, row, **kwargs)

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            super().save_instance(instance, is_create, row, **kwargs)
            return
        # Named to the import's write before it is saved, with what its row adds.
        with keeping_derived_data_for([instance]):
            super().save_instance(instance, is_create, row, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        if not kwargs.get("dry_run"):
            self.save_added(instance)

    def save_added(self, instance):
        """Write what the row adds to `instance` once it is saved (AddedColumn)."""

    def before_import(self, dataset, **kwargs):
        self.imported_slugs = set()

    def get_or_init_instance(self, instance_loader, row):
        """A record's one row: a second would update what the first added,
        which the preview (writing nothing) could not show."""
        slug = row.get("slug")
        if slug in self.imported_slugs:
            raise ValueError(
                _("An earlier row of this file has the slug “%(slug)s”.")
                % {"slug": slug}
            )
        self.imported_slugs.add(slug)
        return super().get_or_init_instance(instance_loader, row)

    def before_import_row(self, row, **kwargs):
        errors = {}
        for column, value in row.items():
            if isinstance(value, str):
                row[column] = read_cell(value)
                try:
                    refuse_control_characters(value)
                except ValidationError as error:
                    errors[column] = error.error_list
        if errors:
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            # Named by the file's column ("speakers"), not the attribute the
            # column sets ("imported_speakers").
            columns = {
                field.attribute: field.column_name for field in self.get_import_fields()
            }
            raise ValidationError(
                {
                    columns.get(key, key): value
                    for key, value in error.error_dict.items()
                }
            ) from error

    def export_resource(self, instance, selected_fields=None, **kwargs):
        values = super().export_resource(instance, selected_fields, **kwargs)
        return [
            safe_cell(without_control_characters(value))
            if isinstance(value, str)
            else value
            for value in values
        ]

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if instance.pk and not str(row.get(field.column_name) or "").strip():
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)
