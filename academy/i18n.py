"""The per-language columns of translated fields (django-modeltranslation)."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def localized(*fields):
    """Every language's column of each translated field: name_en, name_ru, ..."""
    return tuple(
        build_localized_fieldname(field, code)
        for field in fields
        for code, _name in settings.LANGUAGES
    )
