"""What each cached page or number depends on, and how a write makes it stale.

Tags. Everything cached (a page, a count, an option list) keeps the tags of
what it was built from:
- `<app.model>:<pk>`, a record: added by itself for every record loaded from
  the database while the thing is built (post_init), so a page depends on
  each record it shows, whatever query or template loaded it;
- `<app.model>:<pk>:links`, the records linked to one: a page listing them
  (a country's events, a person's talks, an event's speakers) declares it
  with `depends_on(links(record))`;
- `<app.model>`, a kind: a list that any record of the kind could enter
  or leave (/events/, a count) declares it with `depends_on(kind(M))`;
  CachedCountPaginator declares the kind of every list it pages;
- `changes:<app.model>`, every change to any record of the kind: what shows
  every record (an option list, a sitemap, an export) or orders them by
  their last change (a feed) declares `depends_on(*every(M))`, and keeps no
  tag per record.

Writes move tags. A save or delete moves the record's tag, its kind's, and
the `links` tag of every record whose page lists it, as each app declares
with `listed_on(Model, *paths)`, by the links before the write and after it.
An m2m change moves the record and links tags of both sides and both kinds.
So an event's save reaches its own page, the lists of events, and the pages
of its countries, topics, series, organizations and speakers, and no other
event's page, person or country. A save that changes only fields no list
filters, orders or searches by (`shown_only(Model, *fields)`: an event's
body) cannot move the record into or out of any list, so it moves the
record's tag alone: the pages and lists that show it. One that changes only
fields that of all lists just text searches read (`searched_only`: an
event's summary) can change only the searches for a word it adds or takes
away: it also moves the tags of those words (`searched_word`), on which the
text searches for them depend (academy.search.matching declares them); a
search matches a part of a word, so a changed word moves the tag of each of
its parts up to WORD_TAG characters long, and a query word depends on its
first WORD_TAG characters. Every text search also depends on
`searched:<app.model>`, moved when a save changes more words than
MAX_WORD_TAGS tags can tell. Text searches that also read the names of other
records (an event's topics) declare those, and the rows linking them, with
`searched_through`: any write of such a record or link moves the `searched`
tag.
Every move of a record moves its kind's `changes` too. Writes that send no
signals (bulk_create, update(): generate_archive, imports, rebuild_search)
call `archive_changed()`, which makes everything cached before them stale.

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

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)

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
# {model: ((path, model at its end, attname if the path is a foreign key of
# its own), ...)}: the records whose pages list it.
LISTED_ON = {}
# {model: attnames no list filters, orders or searches by}
SHOWN_ONLY = {}
# {model: attnames that only text search reads, of the lists}
SEARCHED_ONLY = {}
# {model: the models whose text searches read its records' names}
SEARCHED_THROUGH = defaultdict(set)
CHANGES = "changes:"
SEARCHED = "searched:"
# More record tags of one kind than this are kept as the kind's `changes`. A
# page's tags are read once after each write (current()), so a page of a few
# hundred records (a country's 60 latest events, a person's 218 talks) keeps
# them and stays cached while other records change.
RECORD_TAGS_PER_KIND = 1000


def kind(model):
    return model._meta.label_lower


def record_of(model, pk):
    return f"{kind(model)}:{pk}"


def links_of(model, pk):
    return f"{record_of(model, pk)}:links"


def changes(model):
    return CHANGES + kind(model)


def searched(model):
    return SEARCHED + kind(model)


# How long a part of a word a word tag names, and how many tags one save
# moves before it moves every text search of the kind instead: each is a
# cache key, and a local-memory cache culls entries past its size. A new word
# in a summary moves about 25.
WORD_TAG = 3
MAX_WORD_TAGS = 200


def searched_word(model, word):
    """The tag of the text searches of `model` for `word` (as they look it
    up: normalized and stemmed)."""
    return f"{searched(model)}:{word[:WORD_TAG]}"


def word_parts(word):
    """The parts of `word` that the tag of a query word it matches may name:
    a query word is found inside a word, and tagged by its first WORD_TAG
    characters (or all of it, if shorter)."""
    return {
        word[start : start + size]
        for size in range(1, WORD_TAG + 1)
        for start in range(len(word) - size + 1)
    }


def every(model):
    """What a thing showing every record of `model` depends on."""
    return kind(model), changes(model)


def _is_record(tag):
    return tag.count(":") == 1 and not tag.startswith((CHANGES, SEARCHED))


def record(instance):
    return record_of(type(instance), instance.pk)


def links(instance):
    return links_of(type(instance), instance.pk)


# Reading: what the thing being built depends on.


class Dependencies(set):
    """The tags a thing being built depends on, and the most seconds it may
    be kept (None: until they move)."""

    seconds = None


@contextmanager
def collecting():
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


def kept_on(holder, name, compute):
    """`compute()`, computed once and kept on `holder` as `name`: what two
    parts of a page share (the events list's facets and map, one FilterSet).
    Each caller depends on what it read, as if it had computed it, so that a
    part cached apart is stale when it is."""
    if name not in vars(holder):
        with collecting() as dependencies:
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
        depends_on(record(instance))


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


def essential(tags):
    """`tags` as a cached thing keeps them. The record tags of a kind give way
    to its `changes` (which any move of such a record moves too) when the
    thing holds it, or holds more than RECORD_TAGS_PER_KIND of them: a
    sitemap keeps one tag, not 100,000, at the price of going stale with any
    change of the kind."""
    records = defaultdict(set)
    for tag in tags:
        if _is_record(tag):
            records[tag.partition(":")[0]].add(tag)
    whole = {tag.removeprefix(CHANGES) for tag in tags if tag.startswith(CHANGES)}
    whole |= {
        name for name, held in records.items() if len(held) > RECORD_TAGS_PER_KIND
    }
    return {
        tag for tag in tags if not (_is_record(tag) and tag.partition(":")[0] in whole)
    } | {CHANGES + name for name in whole}


def is_current(built, tags):
    """Whether a thing built at write number `built` from `tags` still holds."""
    keys = [FLOOR, *(TAG_KEY + tag for tag in tags)]
    found = cache.get_many(keys)
    return len(found) == len(keys) and all(n <= built for n in found.values())


def current(key):
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


# Writing: moving tags past everything built so far.


def _next_number():
    for _attempt in range(2):
        try:
            return cache.incr(COUNTER)
        except ValueError:  # the counter was evicted, or never set
            write_number()
    return None  # a cache that keeps nothing (DummyCache)


def move(tags):
    """Make everything built from any of `tags` stale: now, for the rest of
    this request, and again when the transaction commits."""
    tags = set(tags)
    tags |= {CHANGES + tag.partition(":")[0] for tag in tags if _is_record(tag)}
    keys = [TAG_KEY + tag for tag in tags]

    def now():
        number = _next_number()
        if number is not None:
            cache.set_many(dict.fromkeys(keys, number), TAG_SECONDS)
            # Past the number a reader may have found things current at while
            # the tags were being written (current()).
            _next_number()

    now()
    transaction.on_commit(now)


def archive_changed():
    """Everything cached is stale: for writes that send no signals."""

    def now():
        number = _next_number()
        if number is not None:
            cache.set(FLOOR, number, None)

    now()
    transaction.on_commit(now)


def listed_on(model, *paths):
    """Declare that records of `model` are listed on the pages of the records
    each lookup path leads to (e.g. "topics", "participations__person")."""
    LISTED_ON[model] = tuple(_listing_path(model, path) for path in paths)


def shown_only(model, *fields):
    """Declare fields of `model` that no list filters, orders or searches by."""
    SHOWN_ONLY[model] = {model._meta.get_field(name).attname for name in fields}


def searched_only(model, *fields):
    """Declare fields of `model` that of all lists only text searches read."""
    SEARCHED_ONLY[model] = {model._meta.get_field(name).attname for name in fields}


def searched_through(model, *others):
    """Declare that text searches of `model` also read records of `others`
    (an event is found by its topics' names): any write of one of those moves
    `searched:<model>`."""
    for other in others:
        SEARCHED_THROUGH[other].add(model)


def _listing_path(model, path):
    """(path, the model at its end, the attname when it is a foreign key of
    `model` itself, else None)."""
    names = path.split("__")
    field = model._meta.get_field(names[0])
    own_key = field.attname if len(names) == 1 and field.many_to_one else None
    for name in names[1:]:
        field = field.related_model._meta.get_field(name)
    return path, field.related_model, own_key


def _listing_pages(instance, *, as_saved=False):
    """The links tags of the records whose pages list `instance`: by its links
    in the database, or, once saved, by its own foreign keys as they are."""
    tags = []
    manager = type(instance)._base_manager
    for path, target, own_key in LISTED_ON.get(type(instance), ()):
        if as_saved and own_key:
            pks = [getattr(instance, own_key)]
        else:
            pks = manager.filter(pk=instance.pk).values_list(path, flat=True)
        tags += [links_of(target, pk) for pk in pks if pk is not None]
    return tags


def _record_and_kind(instance):
    return [record(instance), kind(type(instance))]


def _stored(instance):
    """{attname: value in its row} of the fields of `instance` loaded; None
    if its row is gone."""
    model = type(instance)
    loaded = [
        field.attname
        for field in model._meta.concrete_fields
        if field.attname in instance.__dict__ and not field.primary_key
    ]
    return model._base_manager.filter(pk=instance.pk).values(*loaded).first()


def _reach(instance, stored):
    """How far saving `instance` over its row's `stored` values reaches:
    "shown" (only the pages that show it), "searched" (those and the text
    searches of words it changes) or "listed" (every list it could enter or
    leave)."""
    model = type(instance)
    shown = SHOWN_ONLY.get(model, set())
    text = SEARCHED_ONLY.get(model, set())
    if not (shown or text) or stored is None:
        return "listed"
    changed = {
        name for name, value in stored.items() if value != getattr(instance, name)
    }
    if not changed <= shown | text:
        return "listed"
    return "shown" if changed <= shown else "searched"


def before_write(sender, instance, raw=False, **kwargs):
    instance._cache_tags_reach = "listed"
    if raw or instance.pk is None or instance._state.adding:
        return
    if kwargs.get("signal") is pre_save and (
        SHOWN_ONLY.get(sender) or SEARCHED_ONLY.get(sender)
    ):
        stored = _stored(instance)
        instance._cache_tags_reach = _reach(instance, stored)
        if instance._cache_tags_reach == "searched":
            # The searched texts as they were; saved() compares their words.
            instance._cache_tags_texts = {
                name: stored[name] for name in SEARCHED_ONLY[sender] if name in stored
            }
    if instance._cache_tags_reach == "listed":
        # The pages that listed it by its old links: an update or a delete.
        move(_listing_pages(instance))


def _words_moved(instance):
    """The tags of the text searches that a save of searched texts alone may
    change: of the words it adds to or takes from them, by their parts; or
    every text search of the kind, if there are more than MAX_WORD_TAGS."""
    model = type(instance)
    words = set()
    for name, before in instance.__dict__.pop("_cache_tags_texts", {}).items():
        words |= set(str(before or "").split()) ^ set(
            str(getattr(instance, name) or "").split()
        )
    parts = set().union(*map(word_parts, words)) if words else set()
    if len(parts) > MAX_WORD_TAGS:
        return [searched(model)]
    return [searched_word(model, part) for part in parts]


def _searches_through(instance):
    return [searched(model) for model in SEARCHED_THROUGH.get(type(instance), ())]


def saved(sender, instance, raw=False, **kwargs):
    reach = instance.__dict__.pop("_cache_tags_reach", "listed")
    if raw:  # loaddata: the links may not be loaded yet
        archive_changed()
    elif reach == "shown":
        move([record(instance), *_searches_through(instance)])
    elif reach == "searched":
        move([record(instance), *_words_moved(instance), *_searches_through(instance)])
    else:
        move(
            _record_and_kind(instance)
            + _listing_pages(instance, as_saved=True)
            + _searches_through(instance)
        )


def deleted(sender, instance, **kwargs):
    move(_record_and_kind(instance) + _searches_through(instance))


def links_changed(sender, instance, action, model, pk_set, **kwargs):
    if instance._meta.app_label not in settings.ARCHIVE_APPS:
        return
    if action == "pre_clear":
        # Which records lose a link is not told; clear() is rare (admin forms
        # add and remove).
        archive_changed()
    elif action in ("post_add", "post_remove"):
        move(
            [*_record_and_kind(instance), links(instance), kind(model)]
            + [record_of(model, pk) for pk in pk_set]
            + [links_of(model, pk) for pk in pk_set]
            + [searched(other) for other in SEARCHED_THROUGH.get(sender, ())]
        )


def connect_signals():
    for label in settings.ARCHIVE_APPS:
        for model in apps.get_app_config(label).get_models():
            if getattr(model, "derived", False):
                continue  # counts and the like: the writes that move them do
            post_init.connect(tag_loaded_record, sender=model)
            for signal in (pre_save, pre_delete):
                signal.connect(before_write, sender=model)
            post_save.connect(saved, sender=model)
            post_delete.connect(deleted, sender=model)
    m2m_changed.connect(links_changed)
