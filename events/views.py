from django.views.generic import DetailView, ListView

from . import selectors


class SelectorMixin:
    """Pages read through selectors.py: `read()` for a list, `read(slug=)` for one."""

    paginate_by = 20
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
    read = staticmethod(selectors.series_detail)


class TopicListView(SelectorMixin, ListView):
    read = staticmethod(selectors.topic_list)


class TopicDetailView(SelectorMixin, DetailView):
    read = staticmethod(selectors.topic_detail)
