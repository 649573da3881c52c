"""Building blocks of the read-only JSON API: paging, the base viewset, link
fields and the short "reference" serializers that full records nest."""

import re

from django.utils import translation
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from academy.addresses import slug_address
from academy.cache_tags import depends_on, kind_tag, links_tag
from academy.caching import CachedCountPaginator
from academy.i18n import localized
from events.models import Event, Series, Topic
from people.models import Country, Organization, Person

from .. import selectors
from ..links import filtered_list_url


class Pagination(PageNumberPagination):
    django_paginator_class = CachedCountPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response_schema(self, schema):
        """DRF's, with the links that may be null typed as JSON Schema types
        them: OpenAPI 3.1 has no `nullable`, so null failed a strict reader."""
        paginated = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            field = paginated["properties"][link]
            del field["nullable"]
            field["type"] = ["string", "null"]
        return paginated


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail by slug; any other method is answered with 405.

    A record comes with its linked records or their counts: its cached answer
    depends on its links, and a list's on every event (academy/cache_tags.py).
    """

    lookup_field = "slug"
    # Any segment reaches the view, so that a malformed slug gets the API's
    # 404, not the site's HTML page; one off the site's slug pattern (a NUL
    # byte was a 500 on PostgreSQL) is a 404 before any query.
    lookup_value_regex = "[^/]+"
    slug_pattern = re.compile(r"[-a-zA-Z0-9_]+")
    pagination_class = Pagination

    def dispatch(self, request, *args, **kwargs):
        # The site's URLs carry their language; the API's do not, and there
        # LocaleMiddleware keeps English, so the API reads Accept-Language.
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
            response.render()
        response.headers["Content-Language"] = language
        if response.status_code == 200 and (newest := selectors.newest_change()):
            # What the page cache keeps, rather than when it made its copy: a
            # client holding the data since then gets 304.
            response.headers["Last-Modified"] = http_date(newest.timestamp())
        return response

    def list(self, request, *args, **kwargs):
        depends_on(kind_tag(Event))
        return super().list(request, *args, **kwargs)

    def get_object(self):
        if not self.slug_pattern.fullmatch(self.kwargs[self.lookup_field]):
            raise NotFound
        record = super().get_object()
        depends_on(links_tag(record))
        return record


def translated(*names):
    """Each field in the active language, then in every language by its suffix."""
    return tuple(field for name in names for field in (name, *localized(name)))


class SlugHyperlinkField(serializers.HyperlinkedIdentityField):
    """The record's API address, from academy.addresses: an API page links
    to some 1,700 records."""

    def get_url(self, obj, view_name, request, format):
        if format:  # a format suffix: DRF's reverse() adds it
            return super().get_url(obj, view_name, request, format)
        return request.build_absolute_uri(slug_address(view_name, obj.slug))


def api_url(basename):
    return SlugHyperlinkField(view_name=f"api:{basename}-detail", lookup_field="slug")


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The absolute address of the record's public HTML page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class EventsURLField(serializers.Field):
    """The record's published events: the event list filtered by its slug.

    Lists of events are never nested in a record: a country takes part in
    thousands. `events_count` beside it says how many the link gives.
    """

    def __init__(self, filter_name, **kwargs):
        self.filter_name = filter_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        url = filtered_list_url("api:event-list", **{self.filter_name: value})
        return self.context["request"].build_absolute_uri(url)


class RefSerializer(serializers.ModelSerializer):
    """A short reference to a record: its API and page addresses (`url` and
    `html_url`, declared first), then its slug and names as they are. An API
    page of events nests some 850: built here rather than field by field by
    DRF, an API page of 20 events takes a fifth less time (median 258 to 206
    ms, 25 pages, SQLite, 100,000 events). The fields are declared as usual,
    for the schema."""

    def to_representation(self, record):
        request = self.context["request"]
        url = slug_address(self.fields["url"].view_name, record.slug)
        representation = {
            "url": request.build_absolute_uri(url),
            "html_url": request.build_absolute_uri(record.get_absolute_url()),
        }
        for name in self.Meta.fields[2:]:
            value = getattr(record, name)
            representation[name] = None if value is None else str(value)
        return representation


class CountryRefSerializer(RefSerializer):
    url = api_url("country")
    html_url = PageURLField()

    class Meta:
        model = Country
        fields = ("url", "html_url", "slug", *translated("name"), "iso_code")


class OrganizationRefSerializer(RefSerializer):
    url = api_url("organization")
    html_url = PageURLField()

    class Meta:
        model = Organization
        fields = ("url", "html_url", "slug", *translated("name", "acronym"))


class PersonRefSerializer(RefSerializer):
    url = api_url("person")
    html_url = PageURLField()

    class Meta:
        model = Person
        fields = ("url", "html_url", "slug", *translated("name"))


class TopicRefSerializer(RefSerializer):
    url = api_url("topic")
    html_url = PageURLField()

    class Meta:
        model = Topic
        fields = ("url", "html_url", "slug", *translated("name"))


class SeriesRefSerializer(RefSerializer):
    url = api_url("series")
    html_url = PageURLField()

    class Meta:
        model = Series
        fields = ("url", "html_url", "slug", *translated("name"))
