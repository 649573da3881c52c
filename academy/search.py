"""Free-text search: one normalized document per record, one index per database.

A model is made searchable by one call, `register(Model, Index(...), ...)`,
which says what each of its text fields holds. That declaration drives
everything else: it adds the fields to the model (so makemigrations writes
them), they are filled on every save (a pre_save receiver, which loaddata's
raw saves run too), `rebuild_search` refills them after bulk writes, and after
every `migrate` the SQLite index and its triggers are put back if a table
rebuild dropped them (academy/search_index.py); a test checks that the
migrations add an index for every registered field.

Each searchable record keeps `search_document`: the words of every language
version of its searched fields (English and Russian), normalized by `normalize`
so that "Семериков", "СЕМЕРИКОВ" and "Sémérikov" are stored and looked up alike,
each followed by its stem (`stem`: Snowball's Russian stemmer for a Cyrillic
word, its English one for any other). A query's words are normalized and
stemmed the same way, so "академии", "Сербия" and "conferences" find
"академия", "Сербии" and "conference"; and every word must match:

- PostgreSQL: full-text search, each word a prefix ("semer" finds "semerikov"),
  over a GIN index on exactly the expression `document_vector()` builds;
- SQLite: an FTS5 table with the trigram tokenizer, kept in step with the
  column by triggers (see academy/search_index.py); a word anywhere inside a
  word matches. Trigrams need three characters, so shorter words fall back to
  LIKE on the normalized column, which reads every row;
- any other database: LIKE on the normalized column.

Each word is matched by an uncorrelated subquery of primary keys that the index
answers once, not by a test on every row.
"""

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db import connections
from django.db.models import BooleanField, F, Func, Subquery, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

from .cache_tags import depends_on, expires_within, searched_tag, searched_word_tag
from .i18n import localized

WORD = re.compile(r"[^\W_]+")
CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
# PostgreSQL's configuration neither stems nor drops stop words: documents
# hold their own stems (stem()), alike on every database and in both languages.
CONFIG = "simple"
# FTS5's trigram tokenizer cannot match anything shorter.
TRIGRAM = 3
BATCH_SIZE = 1000
# The field every searchable model has; Person also has search_names.
DOCUMENT = "search_document"
# An alias that marks a queryset matching() narrowed, with the words it
# looked up; it adds nothing to the SQL.
TEXT_SEARCH = "text_search"
# Each word costs a subquery: a long paste must not become a huge statement.
MAX_WORDS = 10
# How long what a text search built (a page, its count) may stay cached.
SEARCH_SECONDS = 3600
# A search that finds nothing suggests another spelling of its first few words,
# each looked up by itself and by its beginnings down to a few letters less.
SUGGESTED_WORDS = 3
PREFIXES_TRIED = 4
SHORTEST_PREFIX = 4
# How alike (difflib's ratio) a word must be to a name's to be suggested.
ALIKE = 0.75


# The marks of "й" and "ё": Russian endings, and so stems, depend on them.
STEMMED_MARKS = frozenset("\u0306\u0308")


def fold(text, keep=frozenset()):
    """Case-folded, compatibility-decomposed text without the combining marks
    not in `keep`.

    Decomposing before and after folding catches letters that only fold once
    decomposed (ℌ) and folds that add a mark (İ).
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(
        char for char in text if char in keep or not unicodedata.combining(char)
    )


def normalize(text):
    """Case-folded text without accents or diacritics: "й" loses its breve and
    "ё" its diaeresis, as Russian readers often do when typing."""
    return fold(text)


@functools.lru_cache(maxsize=100_000)
def stem(word):
    """The normalized Snowball stem of a folded `word` that keeps "й" and "ё":
    "академ" for "академии" and "академия". A stem too short for the index
    ("иг" of "игил") would match far too much: the word is kept then."""
    # A stemmer object keeps state while it works: one per call, for threads.
    language = "russian" if CYRILLIC_LETTER.search(word) else "english"
    stemmed = snowballstemmer.stemmer(language).stemWord(word)
    return normalize(stemmed if len(stemmed) >= TRIGRAM else word)


def word_stems(text):
    """{normalized word: its stem} for each distinct word of `text`: letters
    and digits only. Nothing else reaches a full-text query, so no input can
    break one."""
    folded = unicodedata.normalize("NFC", fold(text, keep=STEMMED_MARKS))
    return {normalize(word): stem(word) for word in WORD.findall(folded)}


def same_words(text, other):
    """Whether two texts are the same words, whatever their case, accents and
    punctuation: an exact match of a name."""
    return list(word_stems(text)) == list(word_stems(other))


def prefixes(word):
    """`word` and its beginnings, longest first, to look up the spellings a
    misspelt word may stand for: a typo is most often near the end
    ("Semerikof"), and a beginning is what the index finds fast."""
    shortest = max(SHORTEST_PREFIX, len(word) - PREFIXES_TRIED + 1)
    return [word[:length] for length in range(len(word), shortest - 1, -1)]


def closest_word(word, names):
    """The word of `names` (texts) most like the normalized `word`, as it is
    written there, if alike enough (difflib's ratio at least ALIKE); None
    when none is, or when `word` itself is there."""
    best, best_ratio = None, ALIKE
    for name in names:
        for written in WORD.findall(name):
            normalized = normalize(written)
            if normalized == word:
                return None
            ratio = difflib.SequenceMatcher(None, word, normalized).ratio()
            if ratio > best_ratio:
                best, best_ratio = written, ratio
    return best


def suggested_spelling(text, querysets, field="name", candidates=20):
    """`text` with each of its first SUGGESTED_WORDS words that no `field` (in
    any language) of the records of `querysets` holds replaced by the closest
    word of those that begin as it does, for a search that found nothing;
    None when no word is replaced. Each beginning is one lookup in the index
    per queryset."""
    words = WORD.findall(text)
    replaced = {}
    for word in words[:SUGGESTED_WORDS]:
        folded = normalize(word)
        for prefix in prefixes(folded):
            names = [
                getattr(record, column) or ""
                for queryset in querysets
                for record in matching(queryset, prefix)[:candidates]
                for column in localized(field)
            ]
            if names:
                closest = closest_word(folded, names)
                if closest:
                    replaced[word] = closest
                break
    if not replaced:
        return None
    return " ".join(replaced.get(word, word) for word in words)


def query_words(text):
    """What a query searches for: the stems of its first MAX_WORDS distinct
    words."""
    return list(dict.fromkeys(word_stems(text).values()))[:MAX_WORDS]


def document(instance, fields, extra=()):
    """The words of `fields` of `instance` in every language, and of `extra`,
    each followed by its stem."""
    texts = [getattr(instance, column) or "" for column in localized(*fields)]
    found = word_stems(" ".join([*texts, *extra]))
    return " ".join(dict.fromkeys(chain.from_iterable(found.items())))


@dataclass(frozen=True)
class Index:
    """A searched text field: the words of `fields` (each in every language)
    and of `extra(record)`, more texts such as other spellings of a name."""

    fields: tuple
    field: str = DOCUMENT
    extra: Callable | None = None
    verbose_name: str = _("search document")

    def model_field(self):
        return TextField(self.verbose_name, blank=True, default="", editable=False)

    def text(self, record):
        return document(record, self.fields, self.extra(record) if self.extra else ())


@dataclass(frozen=True)
class Searchable:
    indexes: tuple
    # What `extra` reads, fetched up front when many records are rebuilt.
    prefetch: tuple = ()


REGISTRY = {}


def register(model, *indexes, prefetch=()):
    """Make `model` searchable through `indexes`: see the module's docstring."""
    REGISTRY[model] = Searchable(indexes, prefetch)
    for index in indexes:
        model.add_to_class(index.field, index.model_field())
    pre_save.connect(fill_document, sender=model)


def document_sources(model):
    """The models whose records' text the search documents of `model` hold:
    its own, and those its indexes' `extra` reads (its `prefetch`)."""
    prefetched = REGISTRY[model].prefetch
    return {model, *(model._meta.get_field(name).related_model for name in prefetched)}


def documents(record):
    """{field: text} of every searched field of `record`."""
    return {index.field: index.text(record) for index in REGISTRY[type(record)].indexes}


def fill_document(sender, instance, **kwargs):
    """pre_save receiver: also runs for loaddata's raw saves, unlike save()."""
    for field, text in documents(instance).items():
        setattr(instance, field, text)


def refresh_documents(queryset):
    """Write again the documents of `queryset`'s records (of a registered
    model), with what their indexes read prefetched."""
    prefetched = REGISTRY[queryset.model].prefetch
    fill_documents(queryset.prefetch_related(*prefetched), documents)


def fill_documents(queryset, build):
    """Recompute the documents of every record of `queryset`, in batches.

    `build(record)` gives {field: text}. For rows written without save():
    bulk_create, data migrations.
    """
    manager = queryset.model._base_manager.db_manager(queryset.db)
    changed = []
    for record in queryset.order_by("pk").iterator(chunk_size=BATCH_SIZE):
        texts = build(record)
        if any(getattr(record, field) != text for field, text in texts.items()):
            for field, text in texts.items():
                setattr(record, field, text)
            changed.append(record)
        if len(changed) == BATCH_SIZE:
            manager.bulk_update(changed, list(texts))
            changed = []
    if changed:
        manager.bulk_update(changed, list(texts))


def document_vector(field=DOCUMENT):
    """The tsvector the GIN indexes hold; queries must build the very same one.

    The migrations index a frozen copy of it
    (people/migrations/_frozen_search_index.py): another needs a migration
    that indexes it."""
    return SearchVector(field, config=CONFIG)


def fts_table(model, field=DOCUMENT):
    return f"{model._meta.db_table}_{field}_fts"


class AnyOf(Func):
    """`column = ANY(ARRAY(subquery))`, for PostgreSQL.

    Unlike IN, the subquery runs once, first, and the rows are then fetched by
    key. With IN the planner may join instead and read the whole table, as it
    guesses at least 0.5% of the rows match any prefix, however rare.
    """

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, subquery = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        sql = f"{column_sql} = ANY(ARRAY{subquery_sql})"
        return sql, (*column_params, *subquery_params)


def _hits(model, word, vendor, field=DOCUMENT):
    """A subquery of the primary keys of the `model` rows whose `field` has `word`."""
    rows = model._base_manager.order_by()
    if vendor == "postgresql":
        query = SearchQuery(f"{word}:*", search_type="raw", config=CONFIG)
        rows = rows.filter(SearchVectorExact(document_vector(field), query))
    elif vendor == "sqlite" and len(word) >= TRIGRAM:
        table = fts_table(model, field)
        # A quoted FTS5 string: a word holds no quote, so it is taken literally.
        found = RawSQL(
            f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s', (f'"{word}"',)
        )
        rows = rows.filter(pk__in=found)
    else:
        rows = rows.filter(**{f"{field}__contains": word})
    return rows.values("pk")


def depends_on_search(model, words):
    """Declare what a thing built from a text search of `model` for `words`
    depends on: the text of every record of the kind that it reads, as
    cache_invalidation says how a save moves it. Free text makes a page of its own
    per query: it is kept at most SEARCH_SECONDS, not the day a shared cache
    keeps a page that changes only with what it shows."""
    depends_on(searched_tag(model), *(searched_word_tag(model, word) for word in words))
    expires_within(SEARCH_SECONDS)


def depends_on_text_search(queryset):
    """depends_on_search of the words that matching() narrowed `queryset` by,
    if it did."""
    marked = queryset.query.annotations.get(TEXT_SEARCH)
    if marked is not None:
        depends_on_search(queryset.model, marked.value.split())


def marked_as_searched(queryset, text):
    """`queryset` marked with the words of `text`, as matching() marks what it
    narrows: what a cache keeps of it expires as a text search's does."""
    found = query_words(text)
    if not found:
        return queryset
    return queryset.alias(**{TEXT_SEARCH: Value(" ".join(found))})


def matching(queryset, text, related=()):
    """Rows of `queryset` where each word of `text` is in the search document.

    `related` holds (model, field, link) triples: a word may also be in `field`
    of a `model` record, and `link(pks)` turns a subquery of such records'
    primary keys into one of the outer rows' keys (an event's speakers, say).
    A text without any word matches nothing; words past MAX_WORDS are ignored.
    """
    found = query_words(text)
    if not found:
        return queryset.none()
    # What it matches changes with the words of the records' texts, and
    # with the records `related` reaches (cache_invalidation.searched_through).
    depends_on_search(queryset.model, found)
    queryset = marked_as_searched(queryset, text)
    vendor = connections[queryset.db].vendor
    per_word = []
    for word in found:
        # One set of keys, a UNION, rather than an OR of conditions: the
        # database starts from the few matching keys, not from every row.
        keys = _hits(queryset.model, word, vendor)
        for model, field, link in related:
            keys = keys.union(link(_hits(model, word, vendor, field)))
        per_word.append(keys)
    if vendor == "postgresql":
        # The words' keys are intersected before the rows are fetched: one
        # ANY(ARRAY) per word would compare every key of one array with every
        # key of the next (two common names: 16,000 x 17,000, 6 s).
        keys = (
            per_word[0].intersection(*per_word[1:])
            if len(per_word) > 1
            else per_word[0]
        )
        return queryset.filter(AnyOf(F("pk"), Subquery(keys)))
    for keys in per_word:
        queryset = queryset.filter(pk__in=keys)
    return queryset
