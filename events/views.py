from django.views.generic import DetailView, ListView, TemplateView

from .models import Event, Series, Topic


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = Event.objects.published()
        return context


class EventListView(ListView):
    queryset = Event.objects.published()
    paginate_by = 20


class EventDetailView(DetailView):
    queryset = Event.objects.published()


class TopicListView(ListView):
    model = Topic


class TopicDetailView(DetailView):
    model = Topic


class SeriesDetailView(DetailView):
    model = Series
