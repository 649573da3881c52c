"""JSON shapes of every kind of published record for the API."""

from rest_framework import serializers

from events.models import (
    Event,
    EventDocument,
    EventLink,
    EventPhoto,
    Participation,
    Series,
    Source,
    Topic,
)
from people.models import Country, Organization, Person

from .fields import (
    CountryRefSerializer,
    EventsURLField,
    OrganizationRefSerializer,
    PageURLField,
    PersonRefSerializer,
    SeriesRefSerializer,
    TopicRefSerializer,
    api_url,
    translated,
)


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ("title", "publisher", "url", "archived_url", "published_on")


class PhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventPhoto
        fields = (
            "image",
            "width",
            "height",
            "small_jpeg",
            "small_webp",
            "medium_jpeg",
            "medium_webp",
            "large_jpeg",
            "large_webp",
            *translated("alt_text", "caption"),
            "credit",
            "licence",
        )


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventDocument
        fields = (
            "file",
            *translated("title"),
            "kind",
            "language",
            "page_count",
            "size",
            "preview",
        )


class LinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventLink
        fields = ("url", *translated("title"), "kind", "language")


class SpeakerSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer()

    class Meta:
        model = Participation
        fields = ("person", "role", *translated("position"), "order")


class EventSerializer(serializers.ModelSerializer):
    url = api_url("event")
    html_url = PageURLField()
    dates_display = serializers.CharField(read_only=True)
    host_country = CountryRefSerializer(allow_null=True)
    series = SeriesRefSerializer(allow_null=True)
    organizers = OrganizationRefSerializer(many=True)
    participating_countries = CountryRefSerializer(many=True)
    topics = TopicRefSerializer(many=True)
    mentioned_organizations = OrganizationRefSerializer(many=True)
    mentioned_countries = CountryRefSerializer(many=True)
    speakers = SpeakerSerializer(source="speaker_list", many=True)
    source = SourceSerializer(allow_null=True)
    photos = PhotoSerializer(many=True)
    documents = DocumentSerializer(many=True)
    links = LinkSerializer(many=True)

    class Meta:
        model = Event
        fields = (
            "url",
            "html_url",
            "slug",
            *translated("title"),
            "kind",
            "outcome",
            "start_date",
            "end_date",
            "date_precision",
            "dates_display",
            *translated("city", "venue"),
            "host_country",
            "series",
            "session_number",
            *translated("summary", "body"),
            "organizers",
            "participating_countries",
            "topics",
            "mentioned_organizations",
            "mentioned_countries",
            "speakers",
            "photos",
            "documents",
            "links",
            "source",
            "updated",
        )


class TopicSerializer(serializers.ModelSerializer):
    url = api_url("topic")
    html_url = PageURLField()
    events_count = serializers.IntegerField(source="event_count", read_only=True)
    events_url = EventsURLField("topic")

    class Meta:
        model = Topic
        fields = (
            "url",
            "html_url",
            "slug",
            *translated("name", "description"),
            "events_count",
            "events_url",
        )


class SeriesSerializer(serializers.ModelSerializer):
    url = api_url("series")
    html_url = PageURLField()
    started_display = serializers.CharField(read_only=True)
    events_count = serializers.IntegerField(source="session_count", read_only=True)
    events_url = EventsURLField("series")

    class Meta:
        model = Series
        fields = (
            "url",
            "html_url",
            "slug",
            *translated("name", "description"),
            "started_on",
            "started_precision",
            "started_display",
            "events_count",
            "events_url",
        )


class PersonSerializer(serializers.ModelSerializer):
    url = api_url("person")
    html_url = PageURLField()
    organization = OrganizationRefSerializer(allow_null=True)
    country = CountryRefSerializer(allow_null=True)
    alternative_names = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )
    # Each event's speakers give the role and the position at the time.
    events_count = serializers.IntegerField(source="event_count", read_only=True)
    events_url = EventsURLField("person")

    class Meta:
        model = Person
        fields = (
            "url",
            "html_url",
            "slug",
            *translated("name", "sort_name"),
            "alternative_names",
            *translated("position"),
            "organization",
            "country",
            *translated("biography"),
            "photo",
            "thumbnail",
            "website",
            "wikidata",
            "orcid",
            "viaf",
            "events_count",
            "events_url",
        )


class CountrySerializer(serializers.ModelSerializer):
    url = api_url("country")
    html_url = PageURLField()
    # Taking part or hosting, as the events' country filter means.
    events_count = serializers.IntegerField(source="event_count", read_only=True)
    events_url = EventsURLField("country")

    class Meta:
        model = Country
        fields = (
            "url",
            "html_url",
            "slug",
            *translated("name"),
            "iso_code",
            "wikidata",
            "events_count",
            "events_url",
        )


class OrganizationSerializer(serializers.ModelSerializer):
    url = api_url("organization")
    html_url = PageURLField()
    country = CountryRefSerializer(allow_null=True)
    parent = OrganizationRefSerializer(allow_null=True)
    member_countries = CountryRefSerializer(many=True)
    # Organized, as the events' organization filter means.
    events_count = serializers.IntegerField(source="event_count", read_only=True)
    events_url = EventsURLField("organization")

    class Meta:
        model = Organization
        fields = (
            "url",
            "html_url",
            "slug",
            *translated("name", "acronym"),
            "kind",
            "country",
            "parent",
            "member_countries",
            *translated("description"),
            "website",
            "wikidata",
            "events_count",
            "events_url",
        )
