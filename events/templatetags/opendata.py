"""Template tags for what the pages tell machines: JSON-LD and citations."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from people.models import Country, Organization, Person

from ..models import Event
from ..opendata import citations
from ..opendata.jsonld import (
    country_jsonld,
    event_jsonld,
    organization_jsonld,
    person_jsonld,
)

register = template.Library()

DESCRIBERS = {
    Event: event_jsonld,
    Person: person_jsonld,
    Organization: organization_jsonld,
    Country: country_jsonld,
}

# As json_script escapes: no "</script>" or comment can end the data block early.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data(context, record):
    """A JSON-LD data block describing `record`: a data block, not a script."""
    absolute = context["request"].build_absolute_uri
    data = DESCRIBERS[type(record)](record, absolute)
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(SCRIPT_ESCAPES)),  # noqa: S308 escaped above
    )


@register.simple_tag(takes_context=True)
def event_citation(context, event):
    url = context["request"].build_absolute_uri(event.get_absolute_url())
    return citations.plain_text(event, url)
