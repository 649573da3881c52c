from django.urls import path

from academy.views import HomeView

from . import feeds, views

app_name = "events"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events.ics", views.event_list_calendar, name="event-list-calendar"),
    path("events.csv", views.event_list_csv, name="event-list-csv"),
    path("events/feed/", feeds.EventFeed(), name="feed"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("events/<slug:slug>.ics", views.event_calendar, name="event-calendar"),
    path(
        "events/<slug:slug>/citation.bib",
        views.citation_bibtex,
        name="event-citation-bibtex",
    ),
    path(
        "events/<slug:slug>/citation.json",
        views.citation_csl_json,
        name="event-citation-csl",
    ),
    path("series/", views.SeriesListView.as_view(), name="series-list"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series-detail"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("topics/<slug:slug>/feed/", feeds.TopicEventFeed(), name="topic-feed"),
    # Events with a country: the feed is of events, so it is routed here.
    path("countries/<slug:slug>/feed/", feeds.CountryEventFeed(), name="country-feed"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("statistics.json", views.statistics_json, name="statistics-json"),
]
