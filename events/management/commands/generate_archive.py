"""A large synthetic archive for load tests, built on top of the 2015 fixture.

Everything generated is marked as synthetic (serial numbers in titles and names,
"Synthetic test data" in summaries) so it can never pass for a real record.
"""

import datetime
import itertools
import random
import sys
import time
from dataclasses import dataclass

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from tqdm import tqdm

from events.dates import DatePrecision, truncate
from events.models import Event, Participation, Series, Topic
from people.models import Country, Organization, Person

from ._un_member_states import UN_MEMBER_STATES

# Fixed, not relative to today, so one seed always gives the same archive.
FIRST_DAY = datetime.date(1997, 1, 1)
LAST_DAY = datetime.date(2026, 12, 31)
EVENTS_PER_TRANSACTION = 1000
DRAFT_SHARE = 0.05
SERIES_SHARE = 0.2
# A few prolific people speak far more often than the rest, as in a real archive.
PROLIFIC_SHARE = 0.01
PROLIFIC_SLOT_SHARE = 0.1

QUALIFIERS = (
    "regional", "maritime", "energy", "cyber", "water", "food", "border",
    "transport", "information", "nuclear", "climate", "health", "financial",
    "digital", "arctic", "space", "urban", "rural", "industrial", "humanitarian",
)  # fmt: skip
SUBJECTS = (
    "security", "cooperation", "governance", "policy", "diplomacy", "resilience",
    "integration", "infrastructure", "law", "research", "education", "trade",
    "statistics", "innovation", "partnership", "dialogue", "planning",
    "monitoring", "standards", "networks",
)  # fmt: skip
FIRST_NAMES = (
    "Anna", "Boris", "Carmen", "David", "Elena", "Farid", "Gulnara", "Hiroshi",
    "Irina", "Jamal", "Karin", "Leila", "Marco", "Nadia", "Oleg", "Priya",
    "Rustam", "Sofia", "Timur", "Ursula", "Viktor", "Wei", "Yasmin", "Zarina",
    "Ahmed", "Beatriz", "Chen", "Dmitri", "Emeka", "Fatima", "Giorgi", "Hana",
    "Ivan", "Jonas", "Kamila", "Luis", "Mariam", "Nikolai", "Olga", "Pedro",
    "Ravi", "Sara", "Tomas", "Aigerim", "Bakhyt", "Nurlan", "Ana", "Milan",
    "Jovana", "Armen",
)  # fmt: skip
LAST_NAMES = (
    "Abdullaev", "Bauer", "Costa", "Dimitrov", "Esposito", "Fischer", "Garcia",
    "Hansen", "Ibrahim", "Jovanovic", "Kim", "Larsen", "Mendes", "Novak",
    "Okafor", "Popescu", "Quispe", "Rahman", "Silva", "Tanaka", "Usmanov",
    "Varga", "Wang", "Yilmaz", "Zhang", "Akhmetov", "Berg", "Castillo", "Demir",
    "Eriksen", "Ferreira", "Grigoryan", "Horvath", "Ivanov", "Jensen",
    "Kowalski", "Lopez", "Mahmoud", "Nakamura", "Osei", "Park", "Rossi", "Sato",
    "Toure", "Umarov", "Volkov", "Weber", "Xu", "Yusupov", "Zeller",
)  # fmt: skip
RANKS = (
    "Senior Fellow", "Director", "Professor", "Researcher", "Deputy Director",
    "Programme Officer", "Analyst", "Head of Department", "Adviser", "Lecturer",
)  # fmt: skip

ORGANIZATION_NAMES = {
    Organization.Kind.INTERGOVERNMENTAL: "Intergovernmental Commission on {}",
    Organization.Kind.SECRETARIAT: "Secretariat of the Council on {}",
    Organization.Kind.FOUNDATION: "Foundation for {}",
    Organization.Kind.RESEARCH_INSTITUTE: "Institute for {} Studies",
    Organization.Kind.EXPERT_NETWORK: "Expert Network on {}",
    Organization.Kind.UNIVERSITY_NETWORK: "University Network for {}",
    Organization.Kind.OTHER: "Association for {}",
}
SERIES_NAMES = ("Forum on {}", "Dialogue on {}", "Summer School on {}")
EVENT_TITLES = {
    Event.Kind.ACADEMY_SESSION: "Academy Session on {}",
    Event.Kind.SCHOOL: "School on {}",
    Event.Kind.CONFERENCE: "Conference on {}",
    Event.Kind.MEETING: "Meeting on {}",
    Event.Kind.PROGRAMME_LAUNCH: "Launch of the Programme on {}",
    Event.Kind.OTHER: "Round Table on {}",
}
KIND_WEIGHTS = {
    Event.Kind.CONFERENCE: 35,
    Event.Kind.MEETING: 25,
    Event.Kind.SCHOOL: 15,
    Event.Kind.ACADEMY_SESSION: 10,
    Event.Kind.OTHER: 10,
    Event.Kind.PROGRAMME_LAUNCH: 5,
}
PRECISION_WEIGHTS = {
    DatePrecision.DAY: 90,
    DatePrecision.MONTH: 8,
    DatePrecision.YEAR: 2,
}
# Days an event lasts beyond its first day.
EXTRA_DAYS_WEIGHTS = {0: 40, 1: 25, 2: 20, 3: 10, 4: 5}
ROLE_WEIGHTS = {
    Participation.Role.SPEAKER: 80,
    Participation.Role.EXPERT: 15,
    Participation.Role.MODERATOR: 5,
}


@dataclass
class EventPlan:
    """What the first pass decides: enough to know every slug before writing."""

    title: str
    slug: str
    kind: str
    start_date: datetime.date
    end_date: datetime.date | None
    precision: str
    topics: list[int]
    series: int | None
    session_number: int | None


def scaled(events, per, low, high):
    return max(low, min(high, events // per))


def chunks(items, size):
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def pick(rng, weights):
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def title_case(phrase):
    return " ".join(word.capitalize() for word in phrase.split())


class Command(BaseCommand):
    help = (
        "Generate a large, deterministic, obviously synthetic archive on top of "
        "the 2015 fixture, for load tests: N events over 30 years, N/2 people, all "
        "193 UN member states (reusing countries already present by ISO code), "
        "hundreds of organizations and topics. The same --seed on the same "
        "starting database gives the same data. Refuses to run, changing nothing, "
        "if any slug it would create already exists (e.g. a second run): generate "
        "into a fresh database or one holding only the fixture."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--events", type=int, default=200, help="Number of events (default 200)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (default 1)."
        )

    def handle(self, *args, events, seed, **options):
        if events < 1:
            raise CommandError("--events must be at least 1.")
        started = time.monotonic()
        self.rng = random.Random(seed)
        self.seed = seed
        self.plan_references(events)
        plans = self.plan_events(events)
        self.refuse_existing_slugs(plans)

        self.create_references()
        with tqdm(
            total=events, unit="event", disable=None, file=sys.stderr
        ) as progress:
            for batch in chunks(plans, EVENTS_PER_TRANSACTION):
                self.create_events(batch)
                progress.update(len(batch))
        # bulk_create sends no signals.
        call_command("recount_events", stdout=self.stdout)
        call_command("rebuild_search", stdout=self.stdout)

        self.stdout.write(
            f"Generated {events} events, {len(self.people)} people, "
            f"{len(self.organizations)} organizations, {len(self.topics)} topics, "
            f"{len(self.series)} series and {len(self.new_countries)} countries "
            f"in {time.monotonic() - started:.1f} s."
        )

    # First pass: decide names, slugs and dates, touching nothing.

    def plan_references(self, events):
        rng = self.rng
        phrases = [
            f"{qualifier} {subject}" for qualifier in QUALIFIERS for subject in SUBJECTS
        ]
        topic_count = scaled(events, 300, 30, 300)
        self.topics = [
            Topic(name=name, name_en=name, slug=slugify(name))
            for name in (p.capitalize() for p in rng.sample(phrases, topic_count))
        ]

        present = set(Country.objects.values_list("iso_code", flat=True))
        self.new_countries = [
            Country(name=name, name_en=name, slug=slugify(name), iso_code=code)
            for code, name in UN_MEMBER_STATES
            if code not in present
        ]

        kinds = tuple(ORGANIZATION_NAMES)
        self.organizations = []
        for number in range(1, scaled(events, 250, 40, 400) + 1):
            kind = rng.choice(kinds)
            field = title_case(rng.choice(phrases))
            name = f"{ORGANIZATION_NAMES[kind].format(field)} {number:03d}"
            self.organizations.append(
                Organization(name=name, name_en=name, slug=slugify(name), kind=kind)
            )

        self.series = []
        for number in range(1, scaled(events, 500, 5, 200) + 1):
            field = title_case(rng.choice(phrases))
            name = f"{rng.choice(SERIES_NAMES).format(field)} {number:02d}"
            self.series.append(Series(name=name, name_en=name, slug=slugify(name)))

        self.people = []
        for number in range(1, max(events // 2, 30) + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {last} {number:05d}"
            sort_name = f"{last}, {first} {number:05d}"
            self.people.append(
                Person(
                    name=name,
                    name_en=name,
                    sort_name=sort_name,
                    sort_name_en=sort_name,
                    slug=slugify(name),
                )
            )

    def plan_events(self, events):
        rng = self.rng
        span = (LAST_DAY - FIRST_DAY).days + 1
        days = sorted(rng.randrange(span) for _ in range(events))
        serials = dict.fromkeys(range(FIRST_DAY.year, LAST_DAY.year + 1), 0)
        sessions = [0] * len(self.series)
        plans = []
        for day in days:
            precision = pick(rng, PRECISION_WEIGHTS)
            first_day = FIRST_DAY + datetime.timedelta(days=day)
            last_day = first_day + datetime.timedelta(
                days=pick(rng, EXTRA_DAYS_WEIGHTS)
            )
            start_date = truncate(first_day, precision)
            end_date = truncate(last_day, precision)
            kind = pick(rng, KIND_WEIGHTS)
            topics = rng.sample(range(len(self.topics)), rng.randint(2, 8))
            series = session_number = None
            if rng.random() < SERIES_SHARE:
                series = rng.randrange(len(self.series))
                sessions[series] += 1
                session_number = sessions[series]
                if session_number == 1:
                    self.series[series].started_on = start_date
                    self.series[series].started_precision = precision
            serials[first_day.year] += 1
            theme = title_case(self.topics[topics[0]].name)
            title = (
                f"{EVENT_TITLES[kind].format(theme)} "
                f"{first_day.year}-{serials[first_day.year]:04d}"
            )
            plans.append(
                EventPlan(
                    title=title,
                    slug=slugify(title),
                    kind=kind,
                    start_date=start_date,
                    end_date=end_date if end_date != start_date else None,
                    precision=precision,
                    topics=topics,
                    series=series,
                    session_number=session_number,
                )
            )
        return plans

    def refuse_existing_slugs(self, plans):
        planned = (
            (Country, self.new_countries),
            (Topic, self.topics),
            (Organization, self.organizations),
            (Series, self.series),
            (Person, self.people),
            (Event, plans),
        )
        for model, records in planned:
            for chunk in chunks((record.slug for record in records), 500):
                taken = list(
                    model.objects.filter(slug__in=chunk).values_list("slug", flat=True)
                )
                if taken:
                    raise CommandError(
                        f"{model._meta.verbose_name_plural.capitalize()} with these "
                        f"slugs already exist: {', '.join(sorted(taken)[:5])}. This "
                        "database already holds generated data; generate into a "
                        "fresh one (or one holding only the fixture). Nothing "
                        "was changed."
                    )

    # Second pass: write, one transaction per batch.

    def create_references(self):
        rng = self.rng
        with transaction.atomic():
            Country.objects.bulk_create(self.new_countries)
        # Only UN members take part in generated events, in a stable order.
        un_codes = [code for code, _ in UN_MEMBER_STATES]
        by_code = Country.objects.in_bulk(un_codes, field_name="iso_code")
        self.countries = [by_code[code] for code in sorted(un_codes)]

        for organization in self.organizations:
            organization.country = rng.choice(self.countries)
        for person in self.people:
            organization = rng.choice(self.organizations)
            person.organization = organization
            person.country = rng.choice(self.countries)
            person.position = person.position_en = (
                f"{rng.choice(RANKS)}, {organization.name}"
            )
            person.biography = person.biography_en = (
                "Synthetic test data: a generated speaker, not a real person."
            )
        with transaction.atomic():
            Topic.objects.bulk_create(self.topics)
            Organization.objects.bulk_create(self.organizations)
            Series.objects.bulk_create(self.series)
        for batch in chunks(self.people, 5000):
            with transaction.atomic():
                Person.objects.bulk_create(batch)
        # Plain lists: reading translated attributes costs a lookup each time.
        self.person_ids = [person.pk for person in self.people]
        self.positions = [person.position_en for person in self.people]
        prolific = max(int(len(self.people) * PROLIFIC_SHARE), 5)
        self.prolific_people = range(prolific)

    def pick_speakers(self, count):
        rng = self.rng
        chosen = {}
        while len(chosen) < count:
            if rng.random() < PROLIFIC_SLOT_SHARE:
                index = rng.choice(self.prolific_people)
            else:
                index = rng.randrange(len(self.people))
            chosen.setdefault(index, None)
        return list(chosen)

    def create_events(self, plans):
        rng = self.rng
        events, links = [], []
        for plan in plans:
            countries = rng.sample(self.countries, rng.randint(5, 40))
            speakers = self.pick_speakers(rng.randint(3, 15))
            topic = self.topics[plan.topics[0]]
            host = countries[0]
            kind_label = str(Event.Kind(plan.kind).label)
            summary = (
                f"Synthetic test data: a {kind_label} on {topic.name.lower()} with "
                f"{len(speakers)} speakers from {len(countries)} countries, hosted "
                f"by {host.name}."
            )
            body = (
                f"Generated by generate_archive (seed {self.seed}) for load tests; "
                "not a record of a real event."
            )
            event = Event(
                title=plan.title,
                title_en=plan.title,
                slug=plan.slug,
                kind=plan.kind,
                status=(
                    Event.Status.DRAFT
                    if rng.random() < DRAFT_SHARE
                    else Event.Status.PUBLISHED
                ),
                outcome=(
                    Event.Outcome.ANNOUNCED
                    if rng.random() < 0.02
                    else Event.Outcome.HELD
                ),
                start_date=plan.start_date,
                end_date=plan.end_date,
                date_precision=plan.precision,
                host_country=host,
                summary=summary,
                summary_en=summary,
                body=body,
                body_en=body,
                series=None if plan.series is None else self.series[plan.series],
                session_number=plan.session_number,
            )
            events.append(event)
            links.append(
                (
                    countries,
                    speakers,
                    [self.topics[index] for index in plan.topics],
                    rng.sample(self.organizations, rng.randint(1, 3)),
                    rng.sample(self.organizations, rng.randint(0, 2)),
                    rng.sample(self.countries, rng.randint(0, 3)),
                )
            )

        with transaction.atomic():
            Event.objects.bulk_create(events)
            self.create_links(events, links)

    def create_links(self, events, links):
        rng = self.rng
        participating, participations, topics = [], [], []
        organizers, mentioned_organizations, mentioned_countries = [], [], []
        ParticipatingCountry = Event.participating_countries.through
        EventTopic = Event.topics.through
        Organizer = Event.organizers.through
        MentionedOrganization = Event.mentioned_organizations.through
        MentionedCountry = Event.mentioned_countries.through
        for event, (countries, speakers, event_topics, orgs, mentioned, named) in zip(
            events, links, strict=True
        ):
            participating += [
                ParticipatingCountry(event_id=event.pk, country_id=country.pk)
                for country in countries
            ]
            topics += [
                EventTopic(event_id=event.pk, topic_id=topic.pk)
                for topic in event_topics
            ]
            organizers += [
                Organizer(event_id=event.pk, organization_id=org.pk) for org in orgs
            ]
            mentioned_organizations += [
                MentionedOrganization(event_id=event.pk, organization_id=org.pk)
                for org in mentioned
            ]
            mentioned_countries += [
                MentionedCountry(event_id=event.pk, country_id=country.pk)
                for country in named
            ]
            for order, index in enumerate(speakers):
                participations.append(
                    Participation(
                        event_id=event.pk,
                        person_id=self.person_ids[index],
                        role=(
                            Participation.Role.OPENING_SPEAKER
                            if order == 0
                            else pick(rng, ROLE_WEIGHTS)
                        ),
                        position=self.positions[index],
                        position_en=self.positions[index],
                        # Explicit, because modeltranslation's defaults are slow.
                        position_ru=None,
                        order=order,
                    )
                )
        ParticipatingCountry.objects.bulk_create(participating)
        EventTopic.objects.bulk_create(topics)
        Organizer.objects.bulk_create(organizers)
        MentionedOrganization.objects.bulk_create(mentioned_organizations)
        MentionedCountry.objects.bulk_create(mentioned_countries)
        Participation.objects.bulk_create(participations)
