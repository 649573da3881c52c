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

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

import snowballstemmer
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.signals import pre_save
from django.utils import translation
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
# A phrase a query asks for as it is: in straight, typographic or Russian
# quotes.
PHRASE = re.compile('["“„«]([^"“”„«»]+)["”“»]')
# Words a query holds for its grammar, not its subject ("в Сербии" is about
# Serbia), left out of it: prepositions, conjunctions and articles of both
# languages.
STOP_WORDS = frozenset(
    WORD.findall(
        "a an and at by for from in of on or the to with "
        "а в во для до за и или из к ко на о об обо от по под при про с со у"
    )
)
# How well a record's name matches a query (name_match).
NAMED, NAMED_IN = 2, 1
# Each word costs a subquery: a long paste must not become a huge statement.
MAX_WORDS = 10
# How long what a text search built (a page, its count) may stay cached.
SEARCH_SECONDS = 3600

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


def folded_words(text):
    """The words of `text` in order, case-folded, keeping "й" and "ё"."""
    return WORD.findall(unicodedata.normalize("NFC", fold(text, keep=STEMMED_MARKS)))


def word_stems(text):
    """{normalized word: its stem} for each distinct word of `text`: letters
    and digits only. Nothing else reaches a full-text query, so no input can
    break one."""
    return {normalize(word): stem(word) for word in folded_words(text)}


def query_terms(text):
    """What a query searches for, each term a tuple of stems: each quoted
    phrase of several words (their stems in order), then each other word,
    leaving out STOP_WORDS unless they are all it has; MAX_WORDS stems at
    most."""
    phrases = []

    def set_apart(quoted):
        words = folded_words(quoted[1])
        if len(words) < 2:
            return quoted[1]
        phrases.append(tuple(map(stem, words)))
        return " "

    found = word_stems(PHRASE.sub(set_apart, text))
    subject = {word: stem for word, stem in found.items() if word not in STOP_WORDS}
    if not (subject or phrases):
        subject = found
    in_phrases = {word for phrase in phrases for word in phrase}
    words = [
        (stem,) for stem in dict.fromkeys(subject.values()) if stem not in in_phrases
    ]
    terms, room = [], MAX_WORDS
    for term in [*phrases, *words]:
        if room:
            terms.append(term[:room])
            room -= len(terms[-1])
    return terms


def query_words(text):
    """The distinct stems of the terms of a query (query_terms)."""
    return list(dict.fromkeys(word for term in query_terms(text) for word in term))


def name_match(text, names):
    """How well one of `names` (texts, any language) names what `text` asks
    for, as the index matches words (a query's stem begins a word of the
    name, whatever its case form): NAMED when each word of the query matches
    a word of the name and each of the name's a word of the query, NAMED_IN
    when each of the query's does, 0 otherwise."""
    asked = query_words(text)
    found = 0
    for name in names:
        words = {
            word: stem_
            for word, stem_ in word_stems(name or "").items()
            if word not in STOP_WORDS
        }
        matches = [
            {
                word
                for word, stem_ in words.items()
                if s in (word[: len(s)], stem_[: len(s)])
            }
            for s in asked
        ]
        if asked and all(matches):
            if set().union(*matches) == set(words):
                return NAMED
            found = NAMED_IN
    return found


def values_labelled(choices, word):
    """The values of `choices` ((value, label) pairs) whose label, in any
    language, has a word that begins as the query's stem `word` does: as
    the index finds words by their beginnings."""
    found = []
    for value, label in choices:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                words = word_stems(str(label))
            if any(part.startswith(word) for part in chain(*words.items())):
                found.append(value)
                break
    return found


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


def phrase_pattern(stems):
    """A regular expression that finds the words of a phrase, by `stems` in
    order, next to each other in a search document, where each word may be
    followed by its own stem. A word is found by its beginning, or by a
    stem that begins as the query's does after a word that begins as it
    nearly does ("academy academi"); its stem then begins as the query's
    does or is shorter and begins it ("семериков семерик")."""
    parts = []
    for stem_ in stems:
        word = f"{stem_}[^ ]*"
        shorter = [stem_[:length] for length in range(len(stem_) - 1, TRIGRAM - 1, -1)]
        if not shorter:
            parts.append(f"{word}(?: {word})?")
            continue
        nearly = f"(?:{'|'.join(shorter)})"
        parts.append(f"(?:{word}(?: (?:{word}|{nearly}))?|{nearly}[^ ]* {word})")
    return "(?:^| )" + " ".join(parts)


def _term_hits(model, term, vendor, field=DOCUMENT):
    """_hits of a query term (query_terms): of its word, or of a phrase's
    longest word among the rows where its words stand together."""
    if len(term) == 1:
        return _hits(model, term[0], vendor, field)
    found = _hits(model, max(term, key=len), vendor, field)
    return found.filter(**{f"{field}__regex": phrase_pattern(term)})


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


def _term_keys(model, term, vendor, related=(), labels=()):
    """A subquery of the keys of the `model` rows that have `term`, in their
    document or through `related` or `labels` (matching() says how)."""
    # One set of keys, a UNION, rather than an OR of conditions: the
    # database starts from the few matching keys, not from every row. A
    # phrase is found within one text: the record's or one linked record's
    # name.
    keys = _term_hits(model, term, vendor)
    for other, field, link in related:
        keys = keys.union(link(_term_hits(other, term, vendor, field)))
    for field, choices in labels if len(term) == 1 else ():
        values = values_labelled(choices, term[0])
        if values:
            labelled = model._base_manager.order_by()
            keys = keys.union(labelled.filter(**{f"{field}__in": values}).values("pk"))
    return keys


def by_relevance(queryset, text, related=()):
    """`queryset` (of rows matching `text`) most relevant first, then in its
    own order: the rows with the query's words together, as a phrase, in
    their text or a `related` record's name first, then by how many of its
    terms their own text has rather than only a linked record's name."""
    terms = query_terms(text)
    if not terms:
        return queryset
    model, vendor = queryset.model, connections[queryset.db].vendor

    def score(keys, points):
        return Case(When(pk__in=keys, then=points), default=0)

    relevance = sum(
        (score(_term_hits(model, term, vendor), len(term)) for term in terms),
        Value(0),
    )
    words = tuple(word for term in terms for word in term)
    if len(words) > 1:
        together = _term_keys(model, words, vendor, related)
        relevance += score(together, MAX_WORDS + 1)
    order = queryset.query.order_by or model._meta.ordering
    return queryset.alias(relevance=relevance).order_by("-relevance", *order)


def matching(queryset, text, related=(), labels=()):
    """Rows of `queryset` where each term of `text` (query_terms: a word, or
    a quoted phrase of words next to each other) is in the search document.

    `related` holds (model, field, link) triples: a word may also be in `field`
    of a `model` record, and `link(pks)` turns a subquery of such records'
    primary keys into one of the outer rows' keys (an event's speakers, say).
    `labels` holds (field, choices) pairs: a word may also be in the label, in
    any language, of the row's value of `field` (an event's kind).
    A text without any word matches nothing; words past MAX_WORDS are ignored.
    """
    terms = query_terms(text)
    if not terms:
        return queryset.none()
    # What it matches changes with the words of the records' texts, and
    # with the records `related` reaches (cache_invalidation.searched_through).
    depends_on_search(queryset.model, query_words(text))
    queryset = marked_as_searched(queryset, text)
    vendor = connections[queryset.db].vendor
    per_word = [
        _term_keys(queryset.model, term, vendor, related, labels) for term in terms
    ]
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
