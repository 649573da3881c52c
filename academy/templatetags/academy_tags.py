"""Template helpers for every page: absolute addresses, captured blocks, Open
Graph locales and the language a translated text is shown in."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname, resolution_order

from academy import identifiers

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


# Open Graph names a locale as language_TERRITORY; each language is given the
# territory its readers most often are in.
OG_LOCALES = {"en": "en_US", "ru": "ru_RU"}


@register.filter
def og_locale(language_code):
    """The Open Graph locale of a language of the site: "ru" -> "ru_RU"."""
    return OG_LOCALES[language_code]


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


@register.simple_tag
def shown_language(record, field):
    """The code of the language in which `record.field` is shown when it is
    not the page's (the page's language has no text for it, and
    django-modeltranslation falls back); "" otherwise.

    Marked up with `lang`, a screen reader reads English text with an English
    voice on a Russian page: `{% shown_language event "summary" as other %}`.
    """
    page_language = get_language()
    for code in resolution_order(page_language):
        if getattr(record, build_localized_fieldname(field, code), None):
            return "" if code == page_language else code
    return ""


@register.simple_tag
def profile_links(record):
    """The record's website and its pages in other catalogues."""
    return identifiers.external_profile_links(record)
