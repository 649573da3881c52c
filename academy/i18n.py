"""Translated fields (django-modeltranslation): their per-language columns,
the value pages show, to order by, and the language a record's text is shown
in when the page's own has none."""

from django.conf import settings
from django.db.models import Expression, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.deconstruct import deconstructible
from modeltranslation.utils import (
    build_localized_fieldname,
    get_language,
    resolution_order,
)


def localized(*fields):
    """Every language's column of each translated field: name_en, name_ru, ..."""
    return tuple(
        build_localized_fieldname(field, code)
        for field in fields
        for code, _name in settings.LANGUAGES
    )


@deconstructible(path="academy.i18n.Shown")
class Shown(Expression):
    """A translated field's value as pages show it, to order by: the active
    language's, or the default language's where that is empty (the fallback
    of django-modeltranslation, which orders by the active language's column
    alone: records without a Russian name came first, in no order). Resolved
    when the query runs, in the language of that moment."""

    def __init__(self, field):
        super().__init__()
        self.name = field

    def __repr__(self):
        return f"{self.__class__.__name__}({self.name!r})"

    def resolve_expression(self, query=None, *args, **kwargs):
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        value = F(build_localized_fieldname(self.name, default))
        language = get_language()
        if language and language != default:
            own = F(build_localized_fieldname(self.name, language))
            value = Coalesce(NullIf(own, Value("")), value)
        return value.resolve_expression(query, *args, **kwargs)


def fallback_language(record, field):
    """The code of the language `record.field` is shown in when the page's
    language has no text for it and django-modeltranslation falls back; ""
    when it is the page's own, or empty in every language.

    Marked up with `lang`, a screen reader reads English text with an English
    voice on a Russian page, and a browser hyphenates it as English."""
    page_language = get_language()
    for code in resolution_order(page_language):
        if getattr(record, build_localized_fieldname(field, code), None):
            return "" if code == page_language else code
    return ""
