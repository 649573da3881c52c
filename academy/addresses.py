"""Records' addresses by slug, without reverse()'s cost for each link.

A list page links to a few hundred records and an API page to about 1,700
(bench/RESULTS.md, long tail); reverse() takes some 80 us a call on the
benchmark's machine, so the links alone cost a list 20 ms and the API page
100 ms. The address of a view that takes one slug is the same but for the
slug: reverse() is asked once per view, language, script prefix and URLconf,
and the slug is put in its place.
"""

from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language

# Matches the slug converter, so reverse() accepts it; no slug contains it,
# as slugs are made of words joined by single hyphens.
PLACEHOLDER = "slug--placeholder--"
# What reverse() leaves unquoted in a path (django.urls.resolvers).
SAFE = RFC3986_SUBDELIMS + "/~:@"

_addresses = {}


def slug_address(view_name, slug):
    """reverse(view_name, kwargs={"slug": slug}), from a cached address."""
    if not slug:  # reverse() refuses it: let it say so
        return reverse(view_name, kwargs={"slug": slug})
    key = (
        view_name,
        get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )
    around = _addresses.get(key)
    if around is None:
        address = reverse(view_name, kwargs={"slug": PLACEHOLDER})
        around = _addresses[key] = tuple(address.split(PLACEHOLDER))
    before, after = around
    return f"{before}{quote(slug, safe=SAFE)}{after}"
