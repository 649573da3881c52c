"""Text without the characters XML cannot carry: C0 control characters other
than tab, line feed and carriage return, and U+FFFE and U+FFFF. One pasted
into a summary made every Atom feed holding the event a 500, and would make
an XLSX export fail, so they are refused wherever staff or an import enter
text (PlainTextModel, the import's rows), and left out where text is written
out (feeds, calendars, exports), for a record stored before they were refused.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

# The complement of XML 1.0's Char production; a lone surrogate never reaches
# a Python string from a form, a file or the database.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def refuse_control_characters(text):
    """ValidationError naming the first control character in `text`."""
    if found := CONTROL_CHARACTERS.search(text):
        raise ValidationError(
            _(
                "Remove the control character U+%(code)s: feeds and downloads "
                "cannot carry it."
            )
            % {"code": f"{ord(found.group()):04X}"},
            code="control_character",
        )


def without_control_characters(value):
    """`value` with the control characters left out of its text, through
    lists, tuples and dictionaries (a feed's items); other values as they are."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, dict):
        return {key: without_control_characters(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(without_control_characters(item) for item in value)
    return value


class PlainTextModel(models.Model):
    """A model whose text fields refuse control characters when it is
    validated: by an admin form (inlines too) or an import."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and field.name not in (exclude or ())
                and field.name not in errors
            ):
                value = field.value_from_object(self)
                try:
                    refuse_control_characters(value if isinstance(value, str) else "")
                except ValidationError as error:
                    errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)
