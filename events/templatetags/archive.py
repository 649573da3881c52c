"""Template helpers shared by the public pages."""

from django import template

from ..links import filtered_list_url

register = template.Library()

# Parameters that shape the list rather than narrow it.
NOT_FILTERS = frozenset({"page", "sort"})


@register.simple_tag(takes_context=True)
def active_filters(context, filterset):
    """One chip per filter value in the URL, each with a link that drops just it.

    Values the form rejected get a chip too, so a visitor can remove them.
    """
    request = context["request"]
    form = filterset.form
    chips = []
    for name, field in form.fields.items():
        if name in NOT_FILTERS:
            continue
        # Option lists hold names for slugs (the selectors fill them in).
        choices = getattr(field.widget, "choices", ())
        labels = {str(value): label for value, label in choices}
        values = request.GET.getlist(name)
        for value in values:
            if not value.strip():
                continue
            remaining = request.GET.copy()
            remaining.setlist(name, [other for other in values if other != value])
            remaining.pop("page", None)
            query = remaining.urlencode()
            chips.append(
                {
                    "label": field.label,
                    "value": labels.get(value, value),
                    "url": f"{request.path}?{query}" if query else request.path,
                }
            )
    return chips


register.simple_tag(filtered_list_url)
