"""Open data: calendars, CSV, citations and statistics, read through the selectors."""

import datetime
import functools

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from .. import maps, selectors
from ..filters import EventFilter, PersonFilter
from . import calendars, citations, exports, statistics


def exported_event(slug):
    try:
        return selectors.event_export_detail(slug=slug)
    except ObjectDoesNotExist as error:
        raise Http404(error) from error


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
    event = exported_event(slug)
    return calendar_response(
        [event], name=event.title, request=request, filename=f"{event.slug}.ics"
    )


def filtered_by(filterset_class):
    """Call the view with a valid FilterSet of the request's parameters; a bad
    parameter is answered with 400 naming it, never an unfiltered download."""

    def decorator(view):
        @functools.wraps(view)
        def with_filters(request, *args, **kwargs):
            filters = filterset_class(request.GET)
            if not filters.is_valid():
                return exports.invalid_filters(filters)
            return view(request, filters, *args, **kwargs)

        return with_filters

    return decorator


@require_safe
@filtered_by(EventFilter)
def event_list_calendar(request, filters):
    """The events /events/ would list with the same parameters, as a calendar."""
    return calendar_response(
        selectors.event_export_list(filters=filters)[: calendars.MAX_EVENTS],
        name=_("Academy Archive: events"),
        request=request,
    )


@require_safe
@filtered_by(EventFilter)
def event_list_csv(request, filters):
    """The events /events/ would list with the same parameters, every one, as CSV."""
    events = selectors.event_export_list(filters=filters)
    rows = exports.event_rows(events, request.build_absolute_uri)
    return exports.validated(
        request,
        events,
        selectors.newest_change(),
        lambda: exports.csv_response(exports.EVENT_HEADER, rows, "events.csv"),
    )


@require_safe
@filtered_by(PersonFilter)
def person_list_csv(request, filters):
    """The people /people/ would list with the same parameters, every one, as CSV."""
    people = selectors.person_export_list(filters=filters)
    rows = exports.person_rows(people, request.build_absolute_uri)
    return exports.validated(
        request,
        people,
        selectors.newest_change(),
        lambda: exports.csv_response(exports.PERSON_HEADER, rows, "people.csv"),
    )


@require_safe
def citation_bibtex(request, slug):
    event = exported_event(slug)
    url = request.build_absolute_uri(event.get_absolute_url())
    return HttpResponse(
        citations.bibtex(event, url),
        content_type="application/x-bibtex; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}.bib"'},
    )


@require_safe
def citation_csl_json(request, slug):
    event = exported_event(slug)
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
        role = maps.role_of(self.request.GET.get("map"))
        countries = numbers["countries_by_role"][role]
        return super().get_context_data(
            numbers=numbers,
            charts=statistics.charts(numbers),
            world_map={**maps.counted(countries), "role": role},
            months=[date_format(datetime.date(2000, m, 1), "M") for m in range(1, 13)],
            **kwargs,
        )


@require_safe
def statistics_json(request):
    numbers = statistics.archive_statistics()
    return JsonResponse(
        statistics.as_json(numbers, request.build_absolute_uri),
        json_dumps_params={"ensure_ascii": False},
    )
