"""JSON shapes of published events, topics and series for the API."""

from rest_framework import serializers

from academy.api import (
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

from .models import Event, Participation, Series, Source, Topic
from .selectors import topic_event_counts


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ("title", "publisher", "url", "published_on")


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
    speakers = SpeakerSerializer(source="participations", many=True)
    source = SourceSerializer(allow_null=True)

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
            "source",
            "updated",
        )


class TopicSerializer(serializers.ModelSerializer):
    url = api_url("topic")
    html_url = PageURLField()
    events_count = serializers.SerializerMethodField()
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

    def get_events_count(self, topic) -> int:
        # Counted for every topic at once and cached: see the selector.
        return topic_event_counts().get(topic.pk, 0)


class SeriesSerializer(serializers.ModelSerializer):
    url = api_url("series")
    html_url = PageURLField()
    started_display = serializers.CharField(read_only=True)
    events_count = serializers.IntegerField(read_only=True)
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
