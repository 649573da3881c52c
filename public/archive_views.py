"""The archive-wide pages: home, search and on this day."""

import datetime

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, RedirectView, TemplateView

from academy.i18n import localized
from academy.search import name_match

from . import maps, selectors
from .views import RejectingMixin, SelectorMixin

# How many countries and topics the home page lists, those with most events.
HOME_LIST = 12


def most_events(records):
    """The HOME_LIST of `records` (with event_count) with most events, most
    first, then by name."""
    ranked = sorted(records, key=lambda record: (-record.event_count, str(record)))
    return [record for record in ranked[:HOME_LIST] if record.event_count]


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        role = maps.role_of(self.request.GET.get("map"))
        countries = selectors.counted_countries()
        topics = selectors.counted_topics()
        return super().get_context_data(
            world_map=maps.archive_map(role),
            counts=selectors.archive_counts(),
            upcoming=selectors.upcoming_event_list(),
            latest=selectors.latest_event_list(),
            today=timezone.localdate(),
            on_this_day=selectors.on_this_day_before_today(),
            countries=countries,
            topics=topics,
            most_countries=most_events(countries),
            most_topics=most_events(topics),
            **kwargs,
        )


# A leap year: every day of the year, 29 February included, is a day of it.
ANY_YEAR = 2000


class OnThisDayView(SelectorMixin, ListView):
    """The events held on one day of the year, in every year the archive
    knows it to the day, newest first, a page at a time."""

    template_name = "events/on_this_day.html"
    context_object_name = "events"

    def get_queryset(self):
        try:
            self.day = datetime.date(
                ANY_YEAR, int(self.kwargs["month"]), int(self.kwargs["day"])
            )
        except ValueError as error:
            raise Http404("No such day.") from error
        return selectors.on_this_day(self.day.month, self.day.day)

    def get_context_data(self, **kwargs):
        one_day = datetime.timedelta(days=1)
        return super().get_context_data(
            day=self.day,
            previous=(self.day - one_day).replace(year=ANY_YEAR),
            next=(self.day + one_day).replace(year=ANY_YEAR),
            **kwargs,
        )


class TodayView(RedirectView):
    """/on-this-day/: today's day of the year."""

    def get_redirect_url(self, *args, **kwargs):
        today = timezone.localdate()
        return reverse(
            "events:on-this-day", kwargs={"month": f"{today:%m}", "day": f"{today:%d}"}
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the archive"), max_length=200, required=False)


def search_group(label, kind, found, text, named_by):
    """One kind of search results, best named first: those whose name
    (`named_by`, in any language) is the query, then those whose name holds
    it (academy.search.name_match)."""
    results = list(found)
    fields = localized(named_by)

    def match(record):
        return name_match(text, [getattr(record, field) for field in fields])

    ranks = {record.pk: match(record) for record in results}
    return {
        "label": label,
        "kind": kind,
        "results": sorted(results, key=lambda record: -ranks[record.pk]),
        "total": results[0].search_total if results else 0,
        "named": max(ranks.values(), default=0),
    }


class SearchView(RejectingMixin, TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        self.rejected = not form.is_valid()
        text = "" if self.rejected else form.cleaned_data["q"]
        groups = []
        if text:
            groups = [
                search_group(label, kind, search(text), text, named_by)
                for label, kind, search, named_by in (
                    (_("Events"), "event", selectors.event_search, "title"),
                    (_("People"), "person", selectors.person_search, "name"),
                    (_("Countries"), "country", selectors.country_search, "name"),
                    (
                        _("Organizations"),
                        "organization",
                        selectors.organization_search,
                        "name",
                    ),
                    (_("Topics"), "topic", selectors.topic_search, "name"),
                )
            ]
            # The kind that best names the query first, in every language;
            # then in this order.
            groups.sort(key=lambda group: -group["named"])
        total = sum(group["total"] for group in groups)
        found_nothing = text and not total
        return super().get_context_data(
            form=form,
            query=text,
            groups=groups,
            total=total,
            suggestion=selectors.search_suggestion(text) if found_nothing else None,
            **kwargs,
        )
