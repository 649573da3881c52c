"""Atom feeds of published events: all of them, and per topic and per country.

Each feed holds the events most recently added or changed, so a reader hears
about a record when it appears or is corrected, whatever year it is about. The
feeds sit inside the language prefix: /ru/events/feed/ is in Russian.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from academy.plain_text import without_control_characters

from .. import selectors
from ..filters import EventFilter
from .text import sentence

FEED_LENGTH = 50


class PlainTextAtomFeed(Atom1Feed):
    """Atom with the characters XML cannot carry left out: one in a record
    stored before they were refused made the feed a 500."""

    def write(self, outfile, encoding):
        self.feed = without_control_characters(self.feed)
        self.items = without_control_characters(self.items)
        super().write(outfile, encoding)


class EventFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = _("Academy Archive: events")
    subtitle = _("Events recorded in the Academy Archive, latest changes first.")

    def link(self, obj=None):
        return obj.get_absolute_url() if obj else reverse("events:event-list")

    def filters(self, obj):
        """The feed's filters, as a query string would give them."""
        return MultiValueDict()

    def events(self, obj):
        # The filters come from our own records, so they are always valid.
        return selectors.event_export_list(filters=EventFilter(self.filters(obj)))

    def items(self, obj=None):
        return self.events(obj).order_by("-updated", "-pk")[:FEED_LENGTH]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Atom requires an author (RFC 4287): the archive, at its home page.
        feed.feed["author_name"] = gettext("Academy Archive")
        feed.feed["author_link"] = request.build_absolute_uri(reverse("events:home"))
        return feed

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        heading = " · ".join(part for part in (item.dates_display, item.place) if part)
        # A Russian month is written in lower case within a sentence, not first.
        heading = capfirst(heading)
        text = f"{sentence(heading)} {item.summary}" if item.summary else heading
        # Atom's summary is type="html": readers would run markup in staff text
        # and misread "&" and "<", so the plain text is given escaped.
        return escape(text)

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class TopicEventFeed(EventFeed):
    def get_object(self, request, slug):
        return get_object_or_404(selectors.topic_list(), slug=slug)

    def title(self, obj):
        return _("Academy Archive: events on %(topic)s") % {"topic": obj}

    def filters(self, obj):
        return MultiValueDict({"topic": [obj.slug]})


class CountryEventFeed(EventFeed):
    def get_object(self, request, slug):
        return get_object_or_404(selectors.country_list(), slug=slug)

    def title(self, obj):
        return _("Academy Archive: events with %(country)s") % {"country": obj}

    def events(self, obj):
        # What the country's page lists, discussions included.
        return selectors.country_event_export_list(obj)
