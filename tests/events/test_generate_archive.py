"""The synthetic archive generator: deterministic, within its ranges, fixture-safe."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Max, Min

from events.dates import DatePrecision
from events.management.commands._un_member_states import UN_MEMBER_STATES
from events.models import Event, Participation, Series, Topic
from people.models import Country, Organization, Person

pytestmark = pytest.mark.django_db

FIXTURE_COUNTRIES = {
    "AM": "armenia",
    "BY": "belarus",
    "KZ": "kazakhstan",
    "KG": "kyrgyzstan",
    "RU": "russia",
    "TJ": "tajikistan",
    "RS": "serbia",
    "GE": "georgia",
    "UA": "ukraine",
    "IR": "iran",
    "CN": "china",
}
FIXTURE_EVENTS = {
    "4th-csto-academy-2015",
    "csto-academy-programme-launch",
    "csto-youth-school-serbia-2015",
}


class Rollback(Exception):
    """Raised to undo one generation, so the next starts from the same database."""


def generate(events, seed):
    call_command("generate_archive", events=events, seed=seed, stdout=StringIO())


def rows(queryset, *fields):
    return list(queryset.order_by(*fields).values_list(*fields))


def archive_digest():
    """A hash of every generated row by natural keys, so primary keys don't matter."""
    through = Event.participating_countries.through
    tables = (
        rows(
            Event.objects,
            "slug",
            "title",
            "kind",
            "status",
            "outcome",
            "start_date",
            "end_date",
            "date_precision",
            "host_country__iso_code",
            "series__slug",
            "session_number",
            "summary",
        ),
        rows(through.objects, "event__slug", "country__iso_code"),
        rows(Event.topics.through.objects, "event__slug", "topic__slug"),
        rows(Event.organizers.through.objects, "event__slug", "organization__slug"),
        rows(
            Event.mentioned_organizations.through.objects,
            "event__slug",
            "organization__slug",
        ),
        rows(
            Event.mentioned_countries.through.objects,
            "event__slug",
            "country__iso_code",
        ),
        rows(Participation.objects, "event__slug", "order", "person__slug", "role"),
        rows(
            Person.objects,
            "slug",
            "name",
            "sort_name",
            "position",
            "organization__slug",
            "country__iso_code",
        ),
        rows(Organization.objects, "slug", "name", "kind", "country__iso_code"),
        rows(Topic.objects, "slug", "name"),
        rows(Series.objects, "slug", "name", "started_on", "started_precision"),
        rows(Country.objects, "iso_code", "slug", "name"),
    )
    return hashlib.sha256(repr(tables).encode()).hexdigest()


def digest_of_generation(events, seed):
    digest = None
    try:
        with transaction.atomic():
            generate(events, seed)
            digest = archive_digest()
            raise Rollback
    except Rollback:
        return digest


def per_event_counts(relation):
    return (
        Event.objects.exclude(slug__in=FIXTURE_EVENTS)
        .annotate(n=Count(relation))
        .aggregate(low=Min("n"), high=Max("n"))
    )


def test_un_member_states_are_193_distinct_codes():
    codes = [code for code, _ in UN_MEMBER_STATES]
    names = [name for _, name in UN_MEMBER_STATES]

    assert (len(codes), len(set(codes)), len(set(names))) == (193, 193, 193)
    assert all(len(code) == 2 and code.isupper() for code in codes)


def test_generate_archive_same_seed_gives_same_data(archive_2015):
    first = digest_of_generation(60, seed=7)

    second = digest_of_generation(60, seed=7)

    assert first == second


def test_generate_archive_other_seed_gives_other_data(archive_2015):
    first = digest_of_generation(60, seed=7)

    second = digest_of_generation(60, seed=8)

    assert first != second


def test_generate_archive_creates_the_requested_numbers(archive_2015):
    generate(200, seed=1)

    # The fixture's records plus the generated ones, scaled down for 200 events.
    assert Event.objects.count() == 3 + 200
    assert Person.objects.count() == 3 + 100
    assert Country.objects.count() == 193
    assert Topic.objects.count() == 13 + 30
    assert Organization.objects.count() == 8 + 40
    assert Series.objects.count() == 1 + 5


def test_generate_archive_links_stay_within_ranges(archive_2015):
    generate(200, seed=1)

    assert per_event_counts("participations") == {"low": 3, "high": 15}
    assert per_event_counts("participating_countries") == {"low": 5, "high": 40}
    assert per_event_counts("topics") == {"low": 2, "high": 8}
    assert per_event_counts("organizers") == {"low": 1, "high": 3}


def test_generate_archive_makes_some_drafts(archive_2015):
    generate(200, seed=1)

    drafts = Event.objects.filter(status=Event.Status.DRAFT).count()

    assert 1 <= drafts <= 25


def test_generate_archive_dates_span_thirty_years_in_order(archive_2015):
    generate(200, seed=1)
    generated = Event.objects.exclude(slug__in=FIXTURE_EVENTS)

    span = generated.aggregate(first=Min("start_date"), last=Max("start_date"))

    assert datetime.date(1997, 1, 1) <= span["first"] < datetime.date(1999, 1, 1)
    assert datetime.date(2025, 1, 1) <= span["last"] <= datetime.date(2026, 12, 31)
    assert not generated.filter(end_date__lte=F("start_date")).exists()
    assert generated.filter(date_precision=DatePrecision.MONTH).exists()
    assert (
        not generated.filter(date_precision=DatePrecision.MONTH)
        .exclude(start_date__day=1)
        .exists()
    )
    assert (
        not generated.filter(date_precision=DatePrecision.YEAR)
        .exclude(start_date__month=1, start_date__day=1)
        .exists()
    )


def test_generate_archive_numbers_sessions_in_date_order(archive_2015):
    generate(200, seed=1)

    for series in Series.objects.exclude(slug="csto-academy"):
        sessions = list(
            series.events.order_by("start_date", "session_number").values_list(
                "session_number", flat=True
            )
        )
        assert sessions == list(range(1, len(sessions) + 1))


def test_generate_archive_reuses_the_fixture_countries(archive_2015):
    before = dict(Country.objects.values_list("iso_code", "pk"))

    generate(50, seed=1)

    after = dict(Country.objects.values_list("iso_code", "pk"))
    assert {code: after[code] for code in FIXTURE_COUNTRIES} == before
    assert set(after) == {code for code, _ in UN_MEMBER_STATES}
    assert (
        dict(
            Country.objects.filter(iso_code__in=FIXTURE_COUNTRIES).values_list(
                "iso_code", "slug"
            )
        )
        == FIXTURE_COUNTRIES
    )


def test_generate_archive_leaves_the_fixture_events_alone(archive_2015):
    before = rows(Participation.objects.filter(event__slug__in=FIXTURE_EVENTS), "pk")

    generate(50, seed=1)

    assert (
        set(
            Event.objects.filter(slug__in=FIXTURE_EVENTS).values_list("slug", flat=True)
        )
        == FIXTURE_EVENTS
    )
    assert (
        rows(Participation.objects.filter(event__slug__in=FIXTURE_EVENTS), "pk")
        == before
    )


def test_generate_archive_runs_on_an_empty_database():
    generate(50, seed=1)

    assert (Event.objects.count(), Country.objects.count()) == (50, 193)


def test_generate_archive_refuses_a_second_run(archive_2015):
    generate(50, seed=1)

    with pytest.raises(CommandError, match="already exist"):
        generate(50, seed=1)

    assert Event.objects.count() == 3 + 50


def test_generate_archive_refuses_zero_events():
    with pytest.raises(CommandError, match="at least 1"):
        generate(0, seed=1)
