"""JSON shapes of people, countries and organizations for the API."""

from rest_framework import serializers

from academy.api import (
    CountryRefSerializer,
    EventRefSerializer,
    OrganizationRefSerializer,
    PageURLField,
    api_url,
    translated,
)
from events.models import Participation

from .models import Country, Organization, Person


class TalkSerializer(serializers.ModelSerializer):
    """A person's part in one published event."""

    event = EventRefSerializer()

    class Meta:
        model = Participation
        fields = ("event", "role", *translated("position"))


class PersonSerializer(serializers.ModelSerializer):
    url = api_url("person")
    html_url = PageURLField()
    organization = OrganizationRefSerializer(allow_null=True)
    country = CountryRefSerializer(allow_null=True)
    alternative_names = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )
    events = TalkSerializer(source="public_participations", many=True)

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
            "events",
        )


class CountrySerializer(serializers.ModelSerializer):
    url = api_url("country")
    html_url = PageURLField()
    participated_events = EventRefSerializer(
        source="public_participated_events", many=True
    )
    hosted_events = EventRefSerializer(source="public_hosted_events", many=True)

    class Meta:
        model = Country
        fields = (
            "url",
            "html_url",
            "slug",
            *translated("name"),
            "iso_code",
            "participated_events",
            "hosted_events",
        )


class OrganizationSerializer(serializers.ModelSerializer):
    url = api_url("organization")
    html_url = PageURLField()
    country = CountryRefSerializer(allow_null=True)
    parent = OrganizationRefSerializer(allow_null=True)
    member_countries = CountryRefSerializer(many=True)
    organized_events = EventRefSerializer(source="public_organized_events", many=True)

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
            "organized_events",
        )
