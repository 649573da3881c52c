"""Open data: calendars, CSV, citations, statistics and the data package, read
through the selectors."""

import datetime
import functools

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.formats import date_format
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from .. import maps, selectors
from ..filters import EventFilter, PersonFilter
from . import calendars, citations, datapackage, exports, statistics


def exported_event(slug):
    try:
        return selectors.event_export_detail(slug=slug)
    except ObjectDoesNotExist as error:
        raise Http404(error) from error


def calendar_response(events, *, name, request, filename=None):
    """The calendar of `events`, or 304 Not Modified when the client holds it:
    calendar apps poll subscriptions. The ETag is the content's; Last-Modified
    the newest change to the events (what the page cache then keeps)."""
    events = list(events)
    headers = {}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    body = calendars.calendar(events, name=name, request=request)
    response = HttpResponse(
        body, content_type="text/calendar; charset=utf-8", headers=headers
    )
    set_response_etag(response)
    newest = max((event.updated for event in events), default=None)
    last_modified = newest and int(newest.timestamp())
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
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
    return exports.download_with_validators(
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
    return exports.download_with_validators(
        request,
        people,
        selectors.newest_change(),
        lambda: exports.csv_response(exports.PERSON_HEADER, rows, "people.csv"),
    )


def with_cited_event(view):
    """Call the view with the published event, its page's address and the day
    it is accessed; the copy the page cache keeps goes stale at midnight."""

    @functools.wraps(view)
    def with_citation(request, slug):
        event = exported_event(slug)
        url = request.build_absolute_uri(event.get_absolute_url())
        selectors.expire_at_next_midnight()
        return view(request, event, url, timezone.localdate())

    return require_safe(with_citation)


def attachment(event, suffix):
    return {"Content-Disposition": f'attachment; filename="{event.slug}.{suffix}"'}


@with_cited_event
def citation_bibtex(request, event, url, accessed):
    return HttpResponse(
        citations.bibtex(event, url, accessed),
        content_type="application/x-bibtex; charset=utf-8",
        headers=attachment(event, "bib"),
    )


@with_cited_event
def citation_csl_json(request, event, url, accessed):
    return JsonResponse(
        citations.csl_json(event, url, accessed),
        safe=False,
        content_type="application/vnd.citationstyles.csl+json",
        json_dumps_params={"ensure_ascii": False},
        headers=attachment(event, "json"),
    )


@with_cited_event
def citation_ris(request, event, url, accessed):
    return HttpResponse(
        citations.ris(event, url, accessed),
        content_type="application/x-research-info-systems; charset=utf-8",
        headers=attachment(event, "ris"),
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
            world_map={**maps.country_count_map(countries), "role": role},
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


def with_data_validators(request, respond, newest=None):
    """`respond()` with the ETag and Last-Modified of the data package: the
    archive's `newest` change (read if not given) and how many events it
    publishes."""
    newest = newest or selectors.newest_change()
    return exports.download_with_validators(
        request, selectors.event_table(), newest, respond
    )


@require_safe
def data_package(request):
    """datapackage.json: the package's files, their schemas, licence, sources."""
    selectors.depends_on_the_package()
    return with_data_validators(
        request,
        lambda: JsonResponse(
            datapackage.descriptor(), json_dumps_params={"ensure_ascii": False}
        ),
    )


@require_safe
def data_table(request, name):
    """One CSV file of the data package."""
    table = datapackage.table_named(name)
    if table is None:
        raise Http404("No such table.")
    return with_data_validators(request, lambda: datapackage.table_response(table))


@require_safe
def data_catalog(request):
    """The data package as a DCAT dataset, in JSON-LD."""
    selectors.depends_on_the_package()
    newest = selectors.newest_change()
    record = datapackage.dcat_record(request.build_absolute_uri, newest)
    return with_data_validators(
        request,
        lambda: JsonResponse(
            record,
            content_type="application/ld+json",
            json_dumps_params={"ensure_ascii": False},
        ),
        newest,
    )
