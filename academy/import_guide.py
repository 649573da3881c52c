"""What the admin's import page tells staff about each column a file may
have (the values it takes, ";" between several, how a date is typed), and
the template file they fill in: a header of the columns the import reads."""

import csv
import io

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _


def column_guide(resource):
    """(column, what it takes) for each column `resource` imports: the
    widget's `help_text`, or the allowed values of a field with choices."""
    model = resource._meta.model
    guide = []
    for field in resource.get_import_fields():
        hint = str(getattr(field.widget, "help_text", ""))
        try:
            model_field = model._meta.get_field(field.attribute)
        except FieldDoesNotExist:
            model_field = None
        if model_field is not None and model_field.choices:
            values = ", ".join(
                f"{value} ({label})" for value, label in model_field.choices
            )
            hint = _("One of: %(values)s.") % {"values": values}
        elif field.column_name == "slug":
            hint = _(
                "The record's address; a row with a slug the archive has "
                "updates that record."
            )
        guide.append((field.column_name, hint))
    return guide


def template_csv(resource):
    """A CSV file holding only the header of the columns `resource` imports."""
    text = io.StringIO()
    csv.writer(text).writerow(
        [field.column_name for field in resource.get_import_fields()]
    )
    return text.getvalue()
