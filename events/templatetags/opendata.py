"""Template tags for what the pages tell machines: JSON-LD and sharing meta."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from events import citations
from events.jsonld import event_jsonld
from events.models import Event
from people.jsonld import country_jsonld, organization_jsonld, person_jsonld
from people.models import Country, Organization, Person

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
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Already escaped by the template it came from, so safe to reuse as is.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}`: render once, use as {{ name }}.

    base.html captures the title and description blocks this way so the Open
    Graph and Twitter tags repeat what each page already says about itself.
    Blocks inside stay overridable: Django finds them in `nodelist`.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def event_citation(context, event):
    url = context["request"].build_absolute_uri(event.get_absolute_url())
    return citations.plain_text(event, url)
