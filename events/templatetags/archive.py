"""Template helpers shared by the public pages."""

from django import template
from django.utils.translation import ngettext

from ..filters import MAX_VALUES
from ..links import filtered_list_url

register = template.Library()

# Parameters that shape the list rather than narrow it.
NOT_FILTERS = frozenset({"page", "sort"})


@register.simple_tag(takes_context=True)
def active_filters(context, filterset):
    """One chip per filter value in the URL, each with a link that drops just it.

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

    chips = []
    for name, field in filterset.form.fields.items():
        if name in NOT_FILTERS:
            continue
        values = request.GET.getlist(name)
        if not values:
            continue
        if len(values) > MAX_VALUES:
            count = ngettext("%(count)d value", "%(count)d values", len(values))
            chips.append(
                {
                    "label": field.label,
                    "value": count % {"count": len(values)},
                    "url": without(name, []),
                }
            )
            continue
        # Option lists hold names for slugs (the views fill them in).
        choices = getattr(field.widget, "choices", ())
        labels = {str(value): label for value, label in choices}
        for value in values:
            if value.strip():
                chips.append(
                    {
                        "label": field.label,
                        "value": labels.get(value, value),
                        "url": without(name, [v for v in values if v != value]),
                    }
                )
    return chips


register.simple_tag(filtered_list_url)
