"""JSON shapes of people, countries and organizations for the API."""

from rest_framework import serializers

from academy.api import (
    CountryRefSerializer,
    EventsURLField,
    OrganizationRefSerializer,
    PageURLField,
    api_url,
    translated,
)

from .models import Country, Organization, Person
from .selectors import country_event_counts


class PersonSerializer(serializers.ModelSerializer):
    url = api_url("person")
    html_url = PageURLField()
    organization = OrganizationRefSerializer(allow_null=True)
    country = CountryRefSerializer(allow_null=True)
    alternative_names = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )
    # Each event's speakers give the role and the position at the time.
    events_count = serializers.IntegerField(read_only=True)
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
            "events_count",
            "events_url",
        )


class CountrySerializer(serializers.ModelSerializer):
    url = api_url("country")
    html_url = PageURLField()
    # Taking part or hosting, as the events' country filter means.
    events_count = serializers.SerializerMethodField()
    events_url = EventsURLField("country")

    class Meta:
        model = Country
        fields = (
            "url",
            "html_url",
            "slug",
            *translated("name"),
            "iso_code",
            "events_count",
            "events_url",
        )

    def get_events_count(self, country) -> int:
        # Counted for every country at once and cached: see the selector.
        return country_event_counts().get(country.pk, 0)


class OrganizationSerializer(serializers.ModelSerializer):
    url = api_url("organization")
    html_url = PageURLField()
    country = CountryRefSerializer(allow_null=True)
    parent = OrganizationRefSerializer(allow_null=True)
    member_countries = CountryRefSerializer(many=True)
    # Organized, as the events' organization filter means.
    events_count = serializers.IntegerField(read_only=True)
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
            "events_count",
            "events_url",
        )
