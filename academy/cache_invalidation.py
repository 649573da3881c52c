"""How a write makes stale what was cached from what it changed.

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
"""

from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)

from .cache_tags import (
    CHANGES,
    COUNTER,
    FLOOR,
    TAG_KEY,
    TAG_SECONDS,
    WORD_TAG,
    is_record_tag,
    kind_tag,
    links_tag,
    links_tag_of,
    record_tag,
    record_tag_of,
    searched_tag,
    searched_word_tag,
    tag_loaded_record,
    write_number,
)

# {model: ((path, model at its end, attname if the path is a foreign key of
# its own), ...)}: the records whose pages list it.
LISTED_ON = {}
# {model: attnames no list filters, orders or searches by}
SHOWN_ONLY = {}
# {model: attnames that only text search reads, of the lists}
SEARCHED_ONLY = {}
# {model: the models whose text searches read its records' names}
SEARCHED_THROUGH = defaultdict(set)
# How many word tags one save moves before it moves every text search of
# the kind instead: each is a cache key, and a local-memory cache culls
# entries past its size. A new word in a summary moves about 25.
MAX_WORD_TAGS = 200


def word_parts(word):
    """The parts of `word` that the tag of a query word it matches may name:
    a query word is found inside a word, and tagged by its first WORD_TAG
    characters (or all of it, if shorter)."""
    return {
        word[start : start + size]
        for size in range(1, WORD_TAG + 1)
        for start in range(len(word) - size + 1)
    }


# Writing: moving tags past everything built so far.


def _next_number():
    for _attempt in range(2):
        try:
            return cache.incr(COUNTER)
        except ValueError:  # the counter was evicted, or never set
            write_number()
    return None  # a cache that keeps nothing (DummyCache)


def move_tags(tags):
    """Make everything built from any of `tags` stale: now, for the rest of
    this request, and again when the transaction commits."""
    tags = set(tags)
    tags |= {CHANGES + tag.partition(":")[0] for tag in tags if is_record_tag(tag)}
    keys = [TAG_KEY + tag for tag in tags]

    def now():
        number = _next_number()
        if number is not None:
            cache.set_many(dict.fromkeys(keys, number), TAG_SECONDS)
            # Past the number a reader may have found things current at while
            # the tags were being written (current_entry()).
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
        tags += [links_tag_of(target, pk) for pk in pks if pk is not None]
    return tags


def _record_and_kind(instance):
    return [record_tag(instance), kind_tag(type(instance))]


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


def move_tags_before_write(sender, instance, raw=False, **kwargs):
    instance._cache_tags_reach = "listed"
    if raw or instance.pk is None or instance._state.adding:
        return
    if kwargs.get("signal") is pre_save and (
        SHOWN_ONLY.get(sender) or SEARCHED_ONLY.get(sender)
    ):
        stored = _stored(instance)
        instance._cache_tags_reach = _reach(instance, stored)
        if instance._cache_tags_reach == "searched":
            # The searched texts as they were; move_tags_after_save()
            # compares their words.
            instance._cache_tags_texts = {
                name: stored[name] for name in SEARCHED_ONLY[sender] if name in stored
            }
    if instance._cache_tags_reach == "listed":
        # The pages that listed it by its old links: an update or a delete.
        move_tags(_listing_pages(instance))


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
        return [searched_tag(model)]
    return [searched_word_tag(model, part) for part in parts]


def _searches_through(instance):
    return [searched_tag(model) for model in SEARCHED_THROUGH.get(type(instance), ())]


def move_tags_after_save(sender, instance, raw=False, **kwargs):
    reach = instance.__dict__.pop("_cache_tags_reach", "listed")
    if raw:  # loaddata: the links may not be loaded yet
        archive_changed()
    elif reach == "shown":
        move_tags([record_tag(instance), *_searches_through(instance)])
    elif reach == "searched":
        move_tags(
            [
                record_tag(instance),
                *_words_moved(instance),
                *_searches_through(instance),
            ]
        )
    else:
        move_tags(
            _record_and_kind(instance)
            + _listing_pages(instance, as_saved=True)
            + _searches_through(instance)
        )


def move_tags_after_delete(sender, instance, **kwargs):
    move_tags(_record_and_kind(instance) + _searches_through(instance))


def move_tags_on_m2m_change(sender, instance, action, model, pk_set, **kwargs):
    if instance._meta.app_label not in settings.ARCHIVE_APPS:
        return
    if action == "pre_clear":
        # Which records lose a link is not told; clear() is rare (admin forms
        # add and remove).
        archive_changed()
    elif action in ("post_add", "post_remove"):
        move_tags(
            [*_record_and_kind(instance), links_tag(instance), kind_tag(model)]
            + [record_tag_of(model, pk) for pk in pk_set]
            + [links_tag_of(model, pk) for pk in pk_set]
            + [searched_tag(other) for other in SEARCHED_THROUGH.get(sender, ())]
        )


def connect_signals():
    """Move tags on every write of the archive's records, through signals:
    the page cache must see each write, including those no service of ours
    makes (a version django-reversion restores raw, a cascade's delete, an m2m
    change from either side), and a record loaded anywhere (post_init) must
    tag whatever is being cached. Derived data is kept by the writes
    themselves (academy/writes.py), not here."""
    for label in settings.ARCHIVE_APPS:
        for model in apps.get_app_config(label).get_models():
            if getattr(model, "derived", False):
                continue  # counts and the like: the writes that move them do
            post_init.connect(tag_loaded_record, sender=model)
            for signal in (pre_save, pre_delete):
                signal.connect(move_tags_before_write, sender=model)
            post_save.connect(move_tags_after_save, sender=model)
            post_delete.connect(move_tags_after_delete, sender=model)
    m2m_changed.connect(move_tags_on_m2m_change)
