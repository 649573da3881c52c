"""What each cached page or number depends on, and whether it still holds.

How a write makes things stale is academy/cache_invalidation.py.

Tags. Everything cached (a page, a count, an option list) keeps the tags of
what it was built from:
- `<app.model>:<pk>`, a record: added by itself for every record loaded from
  the database while the thing is built (post_init), so a page depends on
  each record it shows, whatever query or template loaded it;
- `<app.model>:<pk>:links`, the records linked to one: a page listing them
  (a country's events, a person's talks, an event's speakers) declares it
  with `depends_on(links_tag(record))`;
- `<app.model>`, a kind: a list that any record of the kind could enter
  or leave (/events/, a count) declares it with `depends_on(kind_tag(M))`;
  CachedCountPaginator declares the kind of every list it pages;
- `changes:<app.model>`, every change to any record of the kind: what shows
  every record (an option list, a sitemap, an export) or orders them by
  their last change (a feed) declares `depends_on(*every_change_tags(M))`,
  and keeps no tag per record.

Versions. Each move takes the next number of one counter (`cache.incr`,
atomic in Redis), writes it into the moved tags, and moves the counter once
more. A cached thing stores the counter as it read it before it started to
build, and is current while every tag it keeps is at or below that number and
none is missing (an evicted or expired tag reads as moved). A thing found
current at counter N holds while the counter stays at N, so its tags are
read again only after some write. Moves are made at once and again after the
transaction commits: a page built from the old rows between the two is stale
by the second.

Workers. With Redis (REDIS_URL, as in production) every worker and host
shares the counter and the tags: a change is exact everywhere at the next
request, so a cached thing lives until what it shows changes (ENTRY_SECONDS,
as long as its tags), not only ARCHIVE_CACHE_SECONDS: a list is not rebuilt
by every connection at once each minute. With the local-memory default each
worker has its own: a change made through one reaches another when that
worker's entries expire, at most ARCHIVE_CACHE_SECONDS later, and so that is
how long they live (`lifetime()`).

One deliberate exception: an event page's "related events" (sharing a topic
or a speaker) are a suggestion. Making them exact would tie every event page
to its topics' links, and one save would empty thousands of pages; they are
exact for the records they show, and what shows them declares
`expires_within(ARCHIVE_CACHE_SECONDS)`, so it may miss a newly related event
for at most that long.
"""

import time
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache

COUNTER = "archive:writes"
# Everything built before this write number is stale (archive_changed()).
FLOOR = "archive:floor"
# Suffix of the key that keeps the counter at which an entry was last found
# current.
CHECKED = ":checked"
TAG_KEY = "archive:tag:"
# A tag outlives every entry that keeps it; an expired tag reads as moved.
TAG_SECONDS = 24 * 3600
# How long a cached thing may live in a cache every worker shares.
ENTRY_SECONDS = TAG_SECONDS

_collected = ContextVar("cache_tags", default=None)
CHANGES = "changes:"
SEARCHED = "searched:"
# More record tags of one kind than this are kept as the kind's `changes`. A
# page's tags are read once after each write (current_entry()), so a page of a few
# hundred records (a country's 60 latest events, a person's 218 talks) keeps
# them and stays cached while other records change.
RECORD_TAGS_PER_KIND = 1000


def kind_tag(model):
    return model._meta.label_lower


def record_tag_of(model, pk):
    return f"{kind_tag(model)}:{pk}"


def links_tag_of(model, pk):
    return f"{record_tag_of(model, pk)}:links"


def changes_tag(model):
    return CHANGES + kind_tag(model)


def searched_tag(model):
    return SEARCHED + kind_tag(model)


# How long a part of a word a word tag names: a query word depends on its
# first WORD_TAG characters.
WORD_TAG = 3


def searched_word_tag(model, word):
    """The tag of the text searches of `model` for `word` (as they look it
    up: normalized and stemmed)."""
    return f"{searched_tag(model)}:{word[:WORD_TAG]}"


def every_change_tags(model):
    """What a thing showing every record of `model` depends on."""
    return kind_tag(model), changes_tag(model)


def is_record_tag(tag):
    return tag.count(":") == 1 and not tag.startswith((CHANGES, SEARCHED))


def record_tag(instance):
    return record_tag_of(type(instance), instance.pk)


def links_tag(instance):
    return links_tag_of(type(instance), instance.pk)


# Reading: what the thing being built depends on.


class Dependencies(set):
    """The tags a thing being built depends on, and the most seconds it may
    be kept (None: until they move)."""

    seconds = None


@contextmanager
def collect_dependencies():
    """Collect the tags of what is built inside; yields the Dependencies."""
    tags = Dependencies()
    token = _collected.set(tags)
    try:
        yield tags
    finally:
        _collected.reset(token)


def depends_on(*tags):
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def expires_within(seconds):
    """The thing being built shows what no tag follows: keep it at most
    `seconds`."""
    collected = _collected.get()
    if collected is not None:
        seconds = max(0, int(seconds))
        if collected.seconds is not None:
            seconds = min(seconds, collected.seconds)
        collected.seconds = seconds


def compute_once_on(holder, name, compute):
    """`compute()`, computed once and kept on `holder` as `name`: what two
    parts of a page share (the events list's facets and map, one FilterSet).
    Each caller depends on what it read, as if it had computed it, so that a
    part cached apart is stale when it is."""
    if name not in vars(holder):
        with collect_dependencies() as dependencies:
            value = compute()
        setattr(holder, name, (value, dependencies))
    value, dependencies = getattr(holder, name)
    depends_on(*dependencies)
    if dependencies.seconds is not None:
        expires_within(dependencies.seconds)
    return value


def lifetime(dependencies):
    """How long a thing built with `dependencies` may be cached: while its
    tags hold in a cache every worker shares, ARCHIVE_CACHE_SECONDS in one
    per worker, and never past what it declared."""
    longest = settings.ARCHIVE_CACHE_SECONDS
    if longest and not isinstance(caches["default"], LocMemCache):
        longest = ENTRY_SECONDS
    seconds = getattr(dependencies, "seconds", None)
    return longest if seconds is None else min(seconds, longest)


def tag_loaded_record(sender, instance, **kwargs):
    if instance.pk is not None and _collected.get() is not None:
        depends_on(record_tag(instance))


def write_number():
    """The counter now: what a thing about to be built stores. None when the
    cache cannot be reached (nothing is stored then)."""
    found = cache.get_many([COUNTER, FLOOR])
    number = found.get(COUNTER)
    if number is None:
        # A fresh or emptied cache: start above any number used before it.
        cache.add(COUNTER, time.time_ns(), None)
        number = cache.get(COUNTER)
    if number is not None and FLOOR not in found:
        # Evicted, or never set: what was built before now is not trusted.
        cache.add(FLOOR, number, None)
    return number


def essential_tags(tags):
    """`tags` as a cached thing keeps them. The record tags of a kind give way
    to its `changes` (which any move of such a record moves too) when the
    thing holds it, or holds more than RECORD_TAGS_PER_KIND of them: a
    sitemap keeps one tag, not 100,000, at the price of going stale with any
    change of the kind."""
    records = defaultdict(set)
    for tag in tags:
        if is_record_tag(tag):
            records[tag.partition(":")[0]].add(tag)
    whole = {tag.removeprefix(CHANGES) for tag in tags if tag.startswith(CHANGES)}
    whole |= {
        name for name, held in records.items() if len(held) > RECORD_TAGS_PER_KIND
    }
    return {
        tag
        for tag in tags
        if not (is_record_tag(tag) and tag.partition(":")[0] in whole)
    } | {CHANGES + name for name in whole}


def is_current(built, tags):
    """Whether a thing built at write number `built` from `tags` still holds."""
    keys = [FLOOR, *(TAG_KEY + tag for tag in tags)]
    found = cache.get_many(keys)
    return len(found) == len(keys) and all(n <= built for n in found.values())


def current_entry(key):
    """The entry cached under `key` (with its `built` and `tags`) if it still
    holds, else None.

    Its tags are read only when the counter has moved since it was last found
    current (`<key>:checked` keeps the counter then): while nothing is
    written, a hit reads three keys instead of one per tag.
    """
    checked = key + CHECKED
    found = cache.get_many([key, COUNTER, checked])
    entry, counter = found.get(key), found.get(COUNTER)
    if entry is None:
        return None
    if counter is not None and found.get(checked) == counter:
        return entry
    if not is_current(entry["built"], entry["tags"]):
        return None
    if counter is not None:
        cache.set(checked, counter, settings.ARCHIVE_CACHE_SECONDS)
    return entry


def keep_tags(built, tags):
    """Make sure each tag of a thing just stored exists, so that it can be
    found current; a tag moved meanwhile keeps its higher number."""
    keys = [TAG_KEY + tag for tag in tags]
    present = cache.get_many(keys)
    for key in keys:
        if key not in present:
            cache.add(key, built, TAG_SECONDS)
