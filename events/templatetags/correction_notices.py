"""The notice on a record's admin page of the corrections visitors suggested
for it and staff have not reviewed yet (templates/admin/change_form.html
asks it of every record; a kind no visitor corrects shows none)."""

from django import template
from django.urls import reverse

from events.corrections import KIND_OF_MODEL, open_corrections_of
from events.models import Correction

register = template.Library()


@register.inclusion_tag("admin/includes/open_corrections.html")
def open_corrections_notice(record):
    corrections = open_corrections_of(record) if record is not None else None
    count = corrections.count() if corrections is not None else 0
    if not count:
        return {"count": 0}
    kind = KIND_OF_MODEL[type(record)]
    url = reverse("admin:events_correction_changelist")
    return {
        "count": count,
        "url": f"{url}?{kind}={record.pk}&status__exact={Correction.Status.NEW}",
    }
