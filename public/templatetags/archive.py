"""Template helpers shared by the public pages."""

import datetime

from django import forms, template
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import ngettext, pgettext

from events import dates

from ..filters import MAX_VALUES
from ..links import filtered_list_url, narrowed_list_url

register = template.Library()

# Parameters that shape the list rather than narrow it.
NOT_FILTERS = frozenset({"page", "sort"})


def value_labels(filterset, name, field):
    """{value in the URL: what to call it} for one filter: the names of the
    records its form found, or its choices' labels; no query of its own."""
    cleaned = getattr(filterset.form, "cleaned_data", {}).get(name)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {record.slug: str(record) for record in cleaned or ()}
    if isinstance(cleaned, datetime.date):  # a month
        return {
            f"{cleaned:%Y-%m}": dates.format_partial(cleaned, dates.DatePrecision.MONTH)
        }
    return {
        str(value): capfirst(label) for value, label in getattr(field, "choices", ())
    }


@register.simple_tag(takes_context=True)
def active_filters(context, filterset):
    """The filters in the URL, one group per filter, with one chip per value
    and a link on it that drops just that value: {"groups": [{"label",
    "chips": [{"value", "url"}]}], "count": how many chips}.

    Values the form rejected get a chip too, so a visitor can remove them; past
    MAX_VALUES of one filter (which the form refuses), one chip drops them all.
    """
    request = context["request"]

    def without(name, kept):
        remaining = request.GET.copy()
        remaining.setlist(name, kept)
        remaining.pop("page", None)
        query = remaining.urlencode()
        return f"{request.path}?{query}" if query else request.path

    groups = []
    for name, field in filterset.form.fields.items():
        values = [value for value in request.GET.getlist(name) if value.strip()]
        if name in NOT_FILTERS or not values:
            continue
        if len(values) > MAX_VALUES:
            count = ngettext("%(count)d value", "%(count)d values", len(values))
            value = count % {"count": len(values)}
            chips = [{"value": value, "url": without(name, [])}]
        else:
            labels = value_labels(filterset, name, field)
            chips = [
                {
                    "value": labels.get(value, value),
                    "url": without(name, [v for v in values if v != value]),
                }
                for value in values
            ]
        groups.append({"label": field.label, "chips": chips})
    return {"groups": groups, "count": sum(len(group["chips"]) for group in groups)}


register.simple_tag(filtered_list_url)
register.simple_tag(narrowed_list_url)


@register.filter
def day_of_year(value):
    """A day of the year as a reader says it: "June 25", "25 июня"."""
    return date_format(value, pgettext("date format", "F j"))
