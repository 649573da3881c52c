"""Site-wide pages: the home page and the search across every kind of record."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from events import selectors as event_selectors
from people import selectors as people_selectors


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        upcoming, latest = event_selectors.upcoming_and_latest()
        return super().get_context_data(
            counts=event_selectors.archive_counts(),
            upcoming=upcoming,
            latest=latest,
            countries=people_selectors.country_list(),
            topics=event_selectors.topic_list(),
            **kwargs,
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the archive"), max_length=200, required=False)


class SearchView(TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        text = form.cleaned_data["q"] if form.is_valid() else ""
        groups = []
        if text:
            groups = [
                (_("Events"), "event", event_selectors.event_search(text)),
                (_("People"), "person", people_selectors.person_search(text)),
                (_("Countries"), "country", people_selectors.country_search(text)),
                (
                    _("Organizations"),
                    "organization",
                    people_selectors.organization_search(text),
                ),
                (_("Topics"), "topic", event_selectors.topic_search(text)),
            ]
        return super().get_context_data(
            form=form,
            query=text,
            groups=groups,
            total=sum(len(results) for _label, _kind, results in groups),
            limit=event_selectors.SEARCH_LIMIT,
            **kwargs,
        )
