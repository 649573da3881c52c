from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from academy.caching import CachedCountPaginator

from . import calendars, citations, exports, selectors, statistics


class SelectorMixin:
    """Pages read through selectors.py: `read()` for a list, `read(slug=)` for one."""

    paginate_by = 20
    paginator_class = CachedCountPaginator
    read = None

    def get_queryset(self):
        return self.read()

    def get_object(self, queryset=None):
        return self.read(slug=self.kwargs["slug"])


class EventListView(SelectorMixin, ListView):
    def get_queryset(self):
        self.filterset, events = selectors.event_list(filters=self.request.GET)
        return events

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, **kwargs)


class EventDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.event_detail)


class SeriesListView(SelectorMixin, ListView):
    read = staticmethod(selectors.series_list)


class SeriesDetailView(SelectorMixin, DetailView):
    def get_object(self, queryset=None):
        return selectors.series_detail(
            slug=self.kwargs["slug"], page=self.request.GET.get("page") or 1
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_obj=self.object.page_obj, **kwargs)


class TopicListView(SelectorMixin, ListView):
    read = staticmethod(selectors.topic_list)
    # The list is cached, not a queryset that would name these.
    template_name = "events/topic_list.html"
    context_object_name = "topic_list"


class TopicDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.topic_detail)


# Open data: calendars, CSV, citations and statistics.


def calendar_response(events, *, name, request, filename=None):
    headers = {}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    body = calendars.calendar(events, name=name, request=request)
    return HttpResponse(
        body, content_type="text/calendar; charset=utf-8", headers=headers
    )


@require_safe
def event_calendar(request, slug):
    """One event as an .ics file, for "Add to calendar"."""
    event = selectors.exported_event(slug=slug)
    return calendar_response(
        [event], name=event.title, request=request, filename=f"{event.slug}.ics"
    )


@require_safe
def event_list_calendar(request):
    """The events /events/ would list with the same parameters, as a calendar."""
    filterset = selectors.events_for_export(filters=request.GET)
    if not filterset.is_valid():
        return exports.invalid_filters(filterset)
    return calendar_response(
        filterset.qs[: calendars.MAX_EVENTS],
        name=_("Academy Archive: events"),
        request=request,
    )


@require_safe
def event_list_csv(request):
    """The events /events/ would list with the same parameters, every one, as CSV."""
    filterset = selectors.events_for_export(filters=request.GET)
    if not filterset.is_valid():
        return exports.invalid_filters(filterset)
    rows = exports.event_rows(filterset.qs, request.build_absolute_uri)
    return exports.csv_response(exports.EVENT_HEADER, rows, "events.csv")


@require_safe
def citation_bibtex(request, slug):
    event = selectors.exported_event(slug=slug)
    url = request.build_absolute_uri(event.get_absolute_url())
    return HttpResponse(
        citations.bibtex(event, url),
        content_type="application/x-bibtex; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}.bib"'},
    )


@require_safe
def citation_csl_json(request, slug):
    event = selectors.exported_event(slug=slug)
    url = request.build_absolute_uri(event.get_absolute_url())
    return JsonResponse(
        citations.csl_json(event, url),
        safe=False,
        content_type="application/vnd.citationstyles.csl+json",
        json_dumps_params={"ensure_ascii": False},
        headers={"Content-Disposition": f'attachment; filename="{event.slug}.json"'},
    )


class StatisticsView(TemplateView):
    template_name = "events/statistics.html"

    def get_context_data(self, **kwargs):
        numbers = statistics.archive_statistics()
        return super().get_context_data(
            numbers=numbers, charts=statistics.charts(numbers), **kwargs
        )


@require_safe
def statistics_json(request):
    numbers = statistics.archive_statistics()
    return JsonResponse(
        statistics.as_json(numbers, request.build_absolute_uri),
        json_dumps_params={"ensure_ascii": False},
    )
