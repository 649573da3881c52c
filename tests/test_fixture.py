"""The 2015 data set: every entity the source article names, linked as it says."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import translation

from events.dates import DatePrecision
from events.models import Event, Participation, Series, Source, Topic
from people.models import Country, Organization, Person, PersonName

pytestmark = pytest.mark.django_db

ACADEMY = "4th-csto-academy-2015"
CSTO_MEMBERS_2015 = {"AM", "BY", "KZ", "KG", "RU", "TJ"}


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


def test_academy_2015_when_where_and_who_held_it(archive_2015):
    event = Event.objects.get(slug=ACADEMY)

    assert event.title == "4th CSTO Academy"
    assert event.kind == Event.Kind.ACADEMY_SESSION
    assert event.status == Event.Status.PUBLISHED
    assert event.outcome == Event.Outcome.HELD
    assert (event.start_date, event.date_precision) == (
        datetime.date(2015, 6, 25),
        DatePrecision.DAY,
    )
    assert event.end_date is None
    assert (event.city, event.venue, event.host_country.slug) == (
        "Moscow",
        "CSTO Secretariat",
        "russia",
    )
    assert slugs(event.organizers) == {
        "gorchakov-fund",
        "csto-analytical-association",
        "csto-institute",
    }


def test_academy_2015_participating_countries_are_exactly_the_eight(archive_2015):
    event = Event.objects.get(slug=ACADEMY)

    assert set(event.participating_countries.values_list("iso_code", flat=True)) == {
        "AM",
        "BY",
        "KZ",
        "KG",
        "RU",
        "TJ",
        "RS",
        "GE",
    }


def test_academy_2015_speakers_roles_and_positions(archive_2015):
    rows = Participation.objects.filter(event__slug=ACADEMY).select_related("person")

    assert [(p.person.slug, p.role, p.position) for p in rows] == [
        (
            "valery-semerikov",
            "opening_speaker",
            "Deputy Secretary General of the Collective Security Treaty Organization",
        ),
        (
            "victor-vasilyev",
            "speaker",
            "Plenipotentiary Representative of Russia to the CSTO",
        ),
        (
            "david-virabyan",
            "speaker",
            "Plenipotentiary Representative of Armenia to the CSTO",
        ),
    ]


def test_speakers_countries_as_the_article_gives_them(archive_2015):
    countries = dict(Person.objects.values_list("slug", "country__slug"))

    assert countries == {
        "valery-semerikov": None,
        "victor-vasilyev": "russia",
        "david-virabyan": "armenia",
    }


def test_academy_2015_is_fourth_session_of_the_programme_since_november_2012(
    archive_2015,
):
    series = Series.objects.get(slug="csto-academy")
    event = Event.objects.get(slug=ACADEMY)

    assert (event.series, event.session_number) == (series, 4)
    assert series.started_display == "November 2012"
    assert slugs(series.events) == {ACADEMY, "csto-academy-programme-launch"}


def test_academy_2015_topics_cover_the_article(archive_2015):
    event = Event.objects.get(slug=ACADEMY)

    assert slugs(event.topics) == slugs(Topic.objects.all())
    assert {
        "public-diplomacy",
        "political-cooperation",
        "isis-and-returning-fighters",
        "migration",
        "csto-and-nato",
        "opposing-glorification-of-nazism",
        "security-of-journalists",
        "cooperation-with-international-organizations",
        "peacekeeping-and-ukraine",
        "youth-and-education",
        "soft-power",
    } <= slugs(event.topics)


def test_academy_2015_discussed_organizations_and_countries(archive_2015):
    event = Event.objects.get(slug=ACADEMY)

    assert slugs(event.mentioned_organizations) == {
        "csto",
        "nato",
        "isis",
        "csto-university-league",
    }
    assert slugs(event.mentioned_countries) == {"ukraine", "iran", "china"}


def test_youth_school_announced_for_october_2015_in_serbia(archive_2015):
    school = Event.objects.get(slug="csto-youth-school-serbia-2015")

    assert school.kind == Event.Kind.SCHOOL
    assert school.outcome == Event.Outcome.ANNOUNCED
    assert school.dates_display == "October 2015"
    assert school.host_country.slug == "serbia"


def test_programme_launch_known_to_the_month(archive_2015):
    launch = Event.objects.get(slug="csto-academy-programme-launch")

    assert launch.dates_display == "November 2012"
    assert launch.kind == Event.Kind.PROGRAMME_LAUNCH


def test_csto_members_in_2015_and_its_bodies(archive_2015):
    csto = Organization.objects.get(slug="csto")

    assert set(csto.member_countries.values_list("iso_code", flat=True)) == (
        CSTO_MEMBERS_2015
    )
    assert slugs(csto.children) == {"csto-secretariat", "csto-institute"}
    assert Organization.objects.get(slug="isis").kind == Organization.Kind.TERRORIST


def test_every_event_carries_the_article_as_source(archive_2015):
    source = Source.objects.get()

    assert source.title == (
        "Plenipotentiaries of countries-members of CSTO for the first time spoke "
        "at CSTO Academy"
    )
    assert source.published_on == datetime.date(2015, 6, 25)
    assert Event.objects.exclude(source=source).count() == 0


def test_text_extraction_artifacts_corrected(archive_2015):
    event = Event.objects.get(slug=ACADEMY)

    assert "fr om" not in event.body and "wh ere" not in event.body
    assert "experts from Armenia" in event.body
    assert "the issues where no disagreements exist" in event.body


def test_nothing_invented_where_the_article_is_silent(archive_2015):
    assert set(Person.objects.values_list("biography", flat=True)) == {""}
    assert set(Person.objects.values_list("photo", flat=True)) == {""}
    assert Event.objects.exclude(end_date=None).count() == 0


def test_russian_names_with_english_fallback(archive_2015):
    event = Event.objects.get(slug=ACADEMY)

    with translation.override("ru"):
        assert Person.objects.get(slug="valery-semerikov").name == "Валерий Семериков"
        assert Country.objects.get(slug="serbia").name == "Сербия"
        assert Organization.objects.get(slug="csto").acronym == "ОДКБ"
        # No Russian summary was invented: the English one is shown.
        assert event.summary.startswith("On 25 June 2015 the 4th CSTO Academy")


def test_loading_twice_duplicates_nothing(archive_2015):
    models = (Event, Participation, Person, PersonName, Country, Organization, Topic)
    before = {model: model.objects.count() for model in models}

    call_command("loaddata", "csto_academy_2015", verbosity=0)

    assert {model: model.objects.count() for model in models} == before
    assert before[Event] == 3


def test_seed_command_leaves_an_archive_with_events_alone(archive_2015):
    Event.objects.filter(slug=ACADEMY).update(title="Edited by staff")

    call_command("seed_archive", verbosity=0)

    assert Event.objects.get(slug=ACADEMY).title == "Edited by staff"


def test_seed_command_fills_an_empty_archive(db):
    call_command("seed_archive", verbosity=0)

    assert Event.objects.count() == 3
