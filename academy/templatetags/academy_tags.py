"""Template helpers for every page: absolute addresses, captured blocks, Open
Graph locales and the language a translated text is shown in."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from academy import identifiers
from academy.i18n import fallback_language

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
    not the page's (academy.i18n.fallback_language); "" otherwise:
    `{% shown_language event "summary" as other %}`.
    """
    return fallback_language(record, field)


@register.simple_tag
def lang_attribute(record, field):
    """` lang="en"` for an element showing `record.field` in another language
    than the page's, nothing otherwise: `<img alt="…"{% lang_attribute photo
    "alt_text" %}>`, where the text is an attribute and cannot be wrapped."""
    language = fallback_language(record, field)
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def with_lang(record, field):
    """`record.field`, escaped, in a `<span lang>` when it is shown in another
    language than the page's: `{{ topic|with_lang:"name" }}` in a list of
    names on the Russian site marks the names that have only English."""
    return lang_marked(getattr(record, field), fallback_language(record, field))


@register.simple_tag
def lang_marked(text, language):
    """`text`, escaped, in a `<span lang="language">` if `language` is given:
    for names the selectors read with their language (a facet's values)."""
    if language:
        return format_html('<span lang="{}">{}</span>', language, text)
    return conditional_escape(text)


@register.simple_tag
def profile_links(record):
    """The record's website and its pages in other catalogues."""
    return identifiers.external_profile_links(record)
