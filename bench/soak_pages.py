"""The public pages `make soak` loads: a sample of every kind (Django side)."""

from urllib.parse import quote


def public_paths():
    """A sample of every kind of public page, in the active language."""
    from django.urls import reverse

    from events.models import Event, Series, Topic
    from people.models import Country, Organization, Person
    from public.opendata.sitemaps import SITEMAPS

    def sample(queryset, size):
        slugs = list(queryset.order_by("slug").values_list("slug", flat=True))
        return slugs[:: max(len(slugs) // size, 1)][:size]

    published = Event.objects.published()
    events = sample(published, 30)
    people = sample(Person.objects.all(), 20)
    countries = sample(Country.objects.filter(participated_events__isnull=False), 10)
    organizations = sample(Organization.objects.all(), 10)
    topics = sample(Topic.objects.all(), 10)
    series = sample(Series.objects.all(), 5)
    word = quote(Topic.objects.order_by("slug").first().name.split()[0].lower())
    year = published.order_by("start_date").first().start_date.year
    event_list = reverse("events:event-list")
    person_list = reverse("people:person-list")
    paths = [
        reverse("events:home"),
        event_list,
        f"{event_list}?page=2",
        f"{event_list}?page={published.count() // 40 or 1}",
        f"{event_list}?country={countries[0]}",
        f"{event_list}?topic={topics[0]}",
        f"{event_list}?country={countries[0]}&topic={topics[0]}",
        f"{event_list}?year={year}",
        f"{event_list}?kind=academy_session&sort=title",
        f"{event_list}?series={series[0]}",
        f"{event_list}?organization={organizations[0]}",
        f"{event_list}?person={people[0]}",
        f"{event_list}?q={word}",
        reverse("events:event-list-calendar"),
        reverse("events:event-list-csv"),
        reverse("events:feed"),
        person_list,
        f"{person_list}?page=2",
        f"{person_list}?country={countries[0]}",
        f"{person_list}?q={word}",
        reverse("people:person-list-csv"),
        reverse("people:country-list"),
        reverse("people:organization-list"),
        reverse("events:topic-list"),
        reverse("events:series-list"),
        reverse("events:statistics"),
        reverse("events:statistics-json"),
        f"{reverse('events:search')}?q={word}",
    ]
    for slug in events:
        paths.append(reverse("events:event-detail", args=[slug]))
    for slug in events[:5]:
        for name in (
            "event-calendar",
            "event-citation-bibtex",
            "event-citation-csl",
            "event-citation-ris",
        ):
            paths.append(reverse(f"events:{name}", args=[slug]))
    paths += [reverse("people:person-detail", args=[slug]) for slug in people]
    for slug in countries:
        paths += [
            reverse("people:country-detail", args=[slug]),
            reverse("events:country-feed", args=[slug]),
        ]
    paths += [reverse("people:organization-detail", args=[s]) for s in organizations]
    for slug in topics:
        paths += [
            reverse("events:topic-detail", args=[slug]),
            reverse("events:topic-feed", args=[slug]),
        ]
    paths += [reverse("events:series-detail", args=[slug]) for slug in series]
    for name, slugs in (
        ("event", events[:10]),
        ("person", people[:5]),
        ("country", countries[:3]),
        ("organization", organizations[:3]),
        ("topic", topics[:3]),
        ("series", series[:2]),
    ):
        paths.append(reverse(f"api:{name}-list"))
        paths += [reverse(f"api:{name}-detail", args=[slug]) for slug in slugs]
    paths += [
        f"{reverse('api:event-list')}?page=2",
        f"{reverse('api:event-list')}?topic={topics[0]}",
        reverse("api:schema"),
        reverse("api:docs"),
        reverse("sitemap"),
        reverse("robots-txt"),
        reverse("healthz"),
    ]
    paths += [reverse("sitemap-section", args=[section]) for section in SITEMAPS]
    return paths
