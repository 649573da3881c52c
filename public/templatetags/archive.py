"""Template helpers shared by the public pages."""

import datetime

from django import forms, template
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import ngettext

from academy.i18n import fallback_language
from events import dates

from ..filters import MAX_VALUES
from ..links import card_anchor, filtered_list_url, narrowed_list_url

register = template.Library()

# Parameters that shape the list rather than narrow it.
NOT_FILTERS = frozenset({"page", "sort"})


def value_labels(filterset, name, field):
    """{value in the URL: (what to call it, the language it is in if not the
    page's)} for one filter: the names of the records its form found, or its
    choices' labels; no query of its own."""
    cleaned = getattr(filterset.form, "cleaned_data", {}).get(name)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {
            record.slug: (str(record), fallback_language(record, "name"))
            for record in cleaned or ()
        }
    if isinstance(cleaned, datetime.date):  # a month
        month = dates.format_partial(cleaned, dates.DatePrecision.MONTH)
        return {f"{cleaned:%Y-%m}": (month, "")}
    return {
        str(value): (capfirst(label), "")
        for value, label in getattr(field, "choices", ())
    }


@register.simple_tag(takes_context=True)
def active_filters(context, filterset):
    """The filters in the URL, one group per filter, with one chip per value
    and a link on it that drops just that value: {"groups": [{"label",
    "chips": [{"value", "language", "url"}]}], "count": how many chips}; a
    chip's `language` is its value's, if not the page's.

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
            chips = [{"value": value, "language": "", "url": without(name, [])}]
        else:
            labels = value_labels(filterset, name, field)
            chips = [
                {
                    "value": label,
                    "language": language,
                    "url": without(name, [v for v in values if v != value]),
                }
                for value in values
                for label, language in [labels.get(value, (value, ""))]
            ]
        groups.append({"label": field.label, "chips": chips})
    return {"groups": groups, "count": sum(len(group["chips"]) for group in groups)}


register.simple_tag(filtered_list_url)
register.filter(card_anchor)
register.simple_tag(narrowed_list_url)


@register.filter
def day_of_year(value):
    """A day of the year as a reader says it: "25 June", "25 июня"."""
    return date_format(value, "MONTH_DAY_FORMAT")
