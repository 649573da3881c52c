"""Template tags for what the pages tell machines: JSON-LD and citations."""

import html
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from events.models import Event, Series, Topic
from people.models import Country, Organization, Person

from ..opendata import citations
from ..opendata.jsonld import (
    collection_jsonld,
    country_jsonld,
    dataset_jsonld,
    event_jsonld,
    organization_jsonld,
    person_jsonld,
    search_page_jsonld,
    series_jsonld,
    topic_jsonld,
    website_jsonld,
)

register = template.Library()

DESCRIBERS = {
    Event: event_jsonld,
    Person: person_jsonld,
    Organization: organization_jsonld,
    Country: country_jsonld,
    Topic: topic_jsonld,
    Series: series_jsonld,
}

# As json_script escapes: no "</script>" or comment can end the data block early.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def data_block(data):
    """`data` as a JSON-LD data block: a data block, not a script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(SCRIPT_ESCAPES)),  # noqa: S308 escaped above
    )


@register.simple_tag(takes_context=True)
def structured_data(context, record):
    """A JSON-LD data block describing `record`."""
    absolute = context["request"].build_absolute_uri
    return data_block(DESCRIBERS[type(record)](record, absolute))


@register.simple_tag(takes_context=True)
def structured_list(context, records):
    """A JSON-LD data block describing a list page showing `records`: the
    page's title as its name, its positions counted from the page's first."""
    request = context["request"]
    page = context.get("page_obj")
    return data_block(
        collection_jsonld(
            records,
            # base.html's captured title is HTML; JSON wants the text.
            name=html.unescape(context["page_title"]),
            url=request.build_absolute_uri(request.path),
            first=page.start_index() if page else 1,
            absolute=request.build_absolute_uri,
        )
    )


@register.simple_tag(takes_context=True)
def structured_page(context, kind, description=""):
    """A JSON-LD data block describing an archive-wide page: the home page
    ("website"), the search page ("search") or the statistics ("dataset")."""
    request = context["request"]
    absolute = request.build_absolute_uri
    site = gettext("Academy Archive")
    if kind == "website":
        return data_block(website_jsonld(absolute, name=site))
    page = {
        "name": html.unescape(context["page_title"]),
        "url": absolute(request.path),
        "site": site,
    }
    if kind == "search":
        return data_block(search_page_jsonld(absolute, **page))
    return data_block(dataset_jsonld(absolute, description=description, **page))


@register.simple_tag(takes_context=True)
def event_citation(context, event):
    url = context["request"].build_absolute_uri(event.get_absolute_url())
    return citations.plain_text(event, url)
