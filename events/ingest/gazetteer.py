"""The archive's own names as the extractor's gazetteer, and their finding in text.

Every name form of a record counts: English and Russian names, acronyms in
both languages, a person's other spellings. A form matches its words in any
Russian case (see sentences.word_keys). A person's surname alone, or a
country's adjective, is a close but uncertain match: it is offered as a
choice, never taken as the record.
"""

from collections import defaultdict
from dataclasses import dataclass

from .sentences import tokenize

COUNTRY = "country"
ORGANIZATION = "organization"
PERSON = "person"
TOPIC = "topic"
SERIES = "series"
CITY = "city"


@dataclass(frozen=True)
class Entry:
    kind: str
    key: object  # the record's primary key; for a city, its country's
    label: str
    forms: tuple  # every name form, in either language
    code: str = ""  # a country's ISO 3166 code


@dataclass(frozen=True)
class Mention:
    entry: Entry
    start: int  # offsets into the article
    stop: int
    certain: bool


def read_gazetteer():
    """Every name the archive holds, of countries, organizations (with
    acronyms), people (with other spellings), topics, series, and the cities
    of its events (keyed by their host country)."""
    from events.models import Event, Series, Topic
    from people.models import Country, Organization, Person

    def forms(*values):
        return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))

    def named(kind, record, *more_forms):
        """The record's English and Russian names, and `more_forms`."""
        names = forms(record.name_en, record.name_ru, *more_forms)
        return Entry(kind, record.pk, record.name_en or record.name, names)

    entries = [
        Entry(
            COUNTRY, c.pk, c.name_en or c.name, forms(c.name_en, c.name_ru), c.iso_code
        )
        for c in Country.objects.all()
    ]
    entries += [
        named(ORGANIZATION, o, o.acronym_en, o.acronym_ru)
        for o in Organization.objects.all()
    ]
    entries += [
        named(PERSON, p, *(n.name for n in p.alternative_names.all()))
        for p in Person.objects.prefetch_related("alternative_names")
    ]
    entries += [named(TOPIC, t) for t in Topic.objects.all()]
    entries += [named(SERIES, s) for s in Series.objects.all()]
    cities = (
        Event.objects.exclude(host_country=None)
        .values_list("city_en", "city_ru", "host_country")
        .distinct()
    )
    entries += [
        Entry(CITY, country, en or ru, forms(en, ru))
        for en, ru, country in cities
        if en or ru
    ]
    return entries


def country_adjectives(name):
    """The regular adjectives of a one-word country name: "Serbian",
    "Kazakh", "Chinese"; "сербский", "российский", "казахстанский". Irregular
    ones ("армянский", "белорусский") are not made, so not found."""
    if name[:1].isascii():
        stem = name[:-1] if name[-1] in "aeiouy" else name
        made = {name + "n", name + "an", stem + "ian", stem + "ese"}
        if name.endswith("stan"):
            made.add(name[: -len("stan")])
        return made
    lower = name.lower()
    stem = lower[:-1] if lower[-1] in "аяьйео" else lower
    stem = stem[:-1] if stem.endswith("и") else stem
    made = {stem + "ский", stem + "ийский", stem + "инский", lower + "ский"}
    if lower.endswith("стан"):
        made.add(lower[: -len("стан")] + "ский")
    return made


class NameIndex:
    """Finds the entries' names among an article's words."""

    def __init__(self, entries):
        self.by_first_key = defaultdict(list)
        for entry in entries:
            for form in entry.forms:
                words = [t for t in tokenize(form) if t.text.isalnum() or "-" in t.text]
                if words:
                    self.add(entry, words, certain=True)
                if entry.kind == PERSON and len(words) >= 2:
                    self.add(entry, words[-1:], certain=False)
                if entry.kind == COUNTRY and len(words) == 1:
                    for adjective in country_adjectives(words[0].text):
                        self.add(entry, tokenize(adjective), certain=True)

    def add(self, entry, words, certain):
        pattern = tuple(w.keys for w in words)
        for key in pattern[0]:
            self.by_first_key[key].append((entry, pattern, certain))

    def find(self, tokens):
        """Each longest name found in `tokens`, left to right, never
        overlapping; at one place, all entries sharing that longest name."""
        mentions, i = [], 0
        while i < len(tokens):
            found, length = [], 0
            for key in tokens[i].keys:
                for entry, pattern, certain in self.by_first_key.get(key, ()):
                    n = len(pattern)
                    words = tokens[i : i + n]
                    if len(words) < n or not all(
                        w.keys & p for w, p in zip(words, pattern, strict=True)
                    ):
                        continue
                    if not tokens[i].is_capitalised and entry.kind != TOPIC:
                        continue  # "georgia" lower case is not the country
                    if n > length:
                        found, length = [], n
                    if n == length:
                        found.append((entry, certain))
            if not found:
                i += 1
                continue
            start, stop = tokens[i].start, tokens[i + length - 1].stop
            for entry, certain in dict.fromkeys(found):
                mentions.append(Mention(entry, start, stop, certain))
            i += length
        return mentions
