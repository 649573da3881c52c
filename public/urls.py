"""The public site's addresses, inside the language prefix.

Pages are named by the record they show: `events:` for events, series, topics
and the archive-wide pages, `people:` for people, countries and organizations.
Both are served from here, the read side that joins every record.
"""

from django.urls import include, path, re_path
from django.views.decorators.http import require_safe

from . import archive_views, corrections, views
from .opendata import feeds
from .opendata import views as opendata


def correction_paths(prefix, kind):
    """The correction form of the records of `kind` at /<prefix>/<slug>/,
    and the page thanking for one: `<kind>-correction(-sent)`."""
    return [
        path(
            f"{prefix}/<slug:slug>/suggest-correction/",
            corrections.CorrectionView.as_view(kind=kind),
            name=f"{kind}-correction",
        ),
        path(
            f"{prefix}/<slug:slug>/suggest-correction/sent/",
            corrections.CorrectionSentView.as_view(kind=kind),
            name=f"{kind}-correction-sent",
        ),
    ]


event_patterns = [
    path("", archive_views.HomeView.as_view(), name="home"),
    path("search/", archive_views.SearchView.as_view(), name="search"),
    path("on-this-day/", archive_views.TodayView.as_view(), name="on-this-day-today"),
    re_path(
        r"^on-this-day/(?P<month>[0-9]{2})-(?P<day>[0-9]{2})/$",
        archive_views.OnThisDayView.as_view(),
        name="on-this-day",
    ),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("map/", views.EventMapView.as_view(), name="event-map"),
    path("events.ics", opendata.event_list_calendar, name="event-list-calendar"),
    path("events.csv", opendata.event_list_csv, name="event-list-csv"),
    path("events/feed/", require_safe(feeds.EventFeed()), name="feed"),
    path(
        "events/filters/<slug:facet_name>/",
        views.EventFacetView.as_view(),
        name="event-facet",
    ),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("events/<slug:slug>.ics", opendata.event_calendar, name="event-calendar"),
    path(
        "events/<slug:slug>/citation.bib",
        opendata.citation_bibtex,
        name="event-citation-bibtex",
    ),
    path(
        "events/<slug:slug>/citation.json",
        opendata.citation_csl_json,
        name="event-citation-csl",
    ),
    path(
        "events/<slug:slug>/citation.ris",
        opendata.citation_ris,
        name="event-citation-ris",
    ),
    path("series/", views.SeriesListView.as_view(), name="series-list"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series-detail"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path(
        "topics/<slug:slug>/feed/",
        require_safe(feeds.TopicEventFeed()),
        name="topic-feed",
    ),
    path(
        "countries/<slug:slug>/feed/",
        require_safe(feeds.CountryEventFeed()),
        name="country-feed",
    ),
    path("statistics/", opendata.StatisticsView.as_view(), name="statistics"),
    path("statistics.json", opendata.statistics_json, name="statistics-json"),
    *correction_paths("events", "event"),
    *correction_paths("series", "series"),
    *correction_paths("topics", "topic"),
]

people_patterns = [
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people.csv", opendata.person_list_csv, name="person-list-csv"),
    path(
        "people/filters/<slug:facet_name>/",
        views.PersonFacetView.as_view(),
        name="person-facet",
    ),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path(
        "countries/<slug:slug>/",
        views.CountryDetailView.as_view(),
        name="country-detail",
    ),
    path(
        "organizations/",
        views.OrganizationListView.as_view(),
        name="organization-list",
    ),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    *correction_paths("people", "person"),
    *correction_paths("countries", "country"),
    *correction_paths("organizations", "organization"),
]

urlpatterns = [
    path("", include((event_patterns, "events"))),
    path("", include((people_patterns, "people"))),
]
