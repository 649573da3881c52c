"""Proposals for a draft event read from an article's text, each with its sentences.

`extract_proposals(text, gazetteer)` is a pure function: the gazetteer is the
list `read_gazetteer()` returns, and nothing is written anywhere.
"""

import re
from dataclasses import dataclass, field

from . import words
from .dates import find_dates
from .gazetteer import (
    COUNTRY,
    ORGANIZATION,
    PERSON,
    SERIES,
    TOPIC,
    NameIndex,
)
from .sentences import CYRILLIC, parses, split_sentences, tokenize

MATCHED = "matched"  # one existing record, by one of its name forms
CHOICE = "choice"  # close but uncertain: staff pick among the candidates
NEW = "new"  # no record: offered as new with the proposed name

# A few cities the host country is known for when the archive has no event
# there yet; the archive's own events' cities come first (read_gazetteer).
CAPITALS = {
    "moscow": "RU",
    "москва": "RU",
    "saint petersburg": "RU",
    "санкт-петербург": "RU",
    "minsk": "BY",
    "минск": "BY",
    "yerevan": "AM",
    "ереван": "AM",
    "astana": "KZ",
    "астана": "KZ",
    "almaty": "KZ",
    "алматы": "KZ",
    "bishkek": "KG",
    "бишкек": "KG",
    "dushanbe": "TJ",
    "душанбе": "TJ",
    "belgrade": "RS",
    "белград": "RS",
    "tbilisi": "GE",
    "тбилиси": "GE",
}


@dataclass(frozen=True)
class Match:
    status: str  # MATCHED, CHOICE or NEW
    kind: str  # gazetteer.COUNTRY, ORGANIZATION, PERSON, TOPIC or SERIES
    name: str  # the record's name, or the name proposed for a new one
    record: object = None  # the matched record's primary key
    candidates: tuple = ()  # a choice's records' primary keys


@dataclass
class Proposal:
    field: str  # the event's field: "title", "start_date", "topics"...
    value: object  # text, a date, a number; for a named record, its Match
    quote: str  # the article's words it was read from
    start: int  # the quote's offsets in the article
    stop: int
    sentences: list  # (start, stop) of each sentence it came from
    details: dict = field(default_factory=dict)  # a speaker's role and position


def extract_proposals(text, gazetteer):
    """Every proposal the article supports, in the order of the event's fields."""
    return Reading(text, gazetteer).proposals()


class Reading:
    """One article read once: its sentences, names and dates."""

    def __init__(self, text, gazetteer):
        self.text = text
        self.russian = len(CYRILLIC.findall(text)) > len(text) / 4
        self.sentences = split_sentences(text)
        self.tokens = [tokenize(text, a, b) for a, b in self.sentences]
        self.gazetteer = gazetteer
        self.by_code = {e.code: e for e in gazetteer if e.kind == COUNTRY and e.code}
        index = NameIndex(gazetteer)
        self.known = [index.find(tokens) for tokens in self.tokens]
        self.lead = self.lead_sentence()

    # Sentences

    def sentence_of(self, offset):
        for number, (start, stop) in enumerate(self.sentences):
            if start <= offset < stop:
                return number
        raise ValueError(offset)

    def span(self, number):
        return self.sentences[number]

    def sentence_text(self, number):
        start, stop = self.sentences[number]
        return self.text[start:stop]

    def lead_sentence(self):
        """The sentence that reports the event: the first with an event's verb
        after the headline, or else the first after the headline and dateline."""
        for number in range(1, len(self.sentences)):
            if words.EVENT_VERB.search(self.sentence_text(number)):
                return number
        return min(1, len(self.sentences) - 1)

    def proposal(self, field_name, value, start, stop, *more, **details):
        numbers = dict.fromkeys([self.sentence_of(start), *more])
        return Proposal(
            field_name,
            value,
            self.text[start:stop],
            start,
            stop,
            [self.span(n) for n in numbers],
            details,
        )

    # Everything

    def proposals(self):
        series = self.series_mentions()
        people = self.people()
        city = self.city()
        found = [
            *self.title_and_kind(series),
            *self.dates(),
            *([city] if city else []),
            *self.host_country(city),
            *self.venue_and_organizations(people, series),
            *self.series_proposals(series),
            *self.speakers(people),
            *self.countries(people, city),
            *self.topics(),
            self.outcome(),
        ]
        return [p for p in found if p]

    # Title, kind, series and session number

    def series_mentions(self):
        """(start, stop, name, ordinal) of each event or series name: a
        capitalised name ending in a series head word ("CSTO Academy",
        "Академия ОДКБ"), with the ordinal before it if any ("4th", "IV")."""
        found = []
        for number, tokens in enumerate(self.tokens):
            for i, token in enumerate(tokens):
                head = next((k for k in token.keys if k in words.SERIES_HEADS), None)
                if not head:
                    continue
                start, stop = self.series_extent(tokens, i)
                if (start, stop) == (
                    token.start,
                    token.stop,
                ) and not token.is_capitalised:
                    continue  # "the school" alone names nothing
                if not self.text[start:stop][:1].isupper():
                    continue
                ordinal = re.search(
                    r"(?:\b(\d{1,2})(?:st|nd|rd|th|-?[а-я]{1,2})|\b([IVX]{1,5}))\s+$",
                    self.text[max(0, start - 8) : start],
                )
                found.append((number, start, stop, head, ordinal))
        return found

    def series_extent(self, tokens, i):
        """The name around a series head word: capitalised words and acronyms
        before it ("CSTO Academy") or after it ("Академия ОДКБ")."""
        first = last = i
        while first > 0 and self.is_name_word(tokens[first - 1]):
            first -= 1
        while (
            last + 1 < len(tokens)
            and tokens[last + 1].text.isupper()
            and len(tokens[last + 1].text) > 1
            and not re.fullmatch(r"[IVX]+", tokens[last + 1].text)
        ):
            last += 1
        return tokens[first].start, tokens[last].stop

    def is_name_word(self, token):
        text = token.text
        return (
            text[:1].isupper()
            and text.lower() not in words.SENTENCE_STARTS
            and not re.fullmatch(r"[IVX]+", text)
            and not (token.keys & words.POST_WORDS)
        ) or (self.russian and bool(token.keys & {"молодёжный", "молодежный"}))

    def title_and_kind(self, series):
        in_lead = [s for s in series if s[0] == self.lead]
        if not in_lead:
            start, stop = self.sentences[0]
            return [self.proposal("title", self.text[start:stop], start, stop)]
        number, start, stop, head, ordinal = in_lead[0]
        if ordinal:
            start = max(0, start - 8) + ordinal.start()
        title = self.nominative(start, stop)
        return [
            self.proposal("title", title, start, stop),
            self.proposal("kind", words.SERIES_HEADS[head], start, stop),
        ]

    def series_proposals(self, series):
        """The series the event belongs to: a name with an ordinal, or one
        quoted as a programme's ("the program “CSTO Academy”")."""
        found, seen = [], {}
        for number, start, stop, _head, ordinal in series:
            quoted = self.text[start - 1 : start] in '“«"' and start > 0
            if not (ordinal or quoted):
                continue
            name = self.nominative(start, stop)
            match = self.match_name(SERIES, name, start, stop)
            key = match.record or name.lower()
            if key in seen:
                seen[key].sentences.append(self.span(number))
                continue
            seen[key] = self.proposal("series", match, start, stop)
            found.append(seen[key])
            if ordinal and not any(p.field == "session_number" for p in found):
                digits, roman = ordinal.groups()
                value = int(digits) if digits else roman_number(roman)
                offset = max(0, start - 8) + ordinal.start()
                found.append(
                    self.proposal(
                        "session_number",
                        value,
                        offset,
                        offset + len(ordinal.group().strip()),
                    )
                )
        return found

    # Dates, place and outcome

    def dates(self):
        """The event's date from its lead sentence, the year from the
        dateline when the lead names none."""
        lead_start, lead_stop = self.span(self.lead)
        in_lead = find_dates(self.text, lead_start, lead_stop)
        dateline = next(
            (
                d
                for n, (a, b) in enumerate(self.sentences[:3])
                for d in find_dates(self.text, a, b)
                if d.year and n != self.lead
            ),
            None,
        )
        mention = in_lead[0] if in_lead else dateline
        if not mention:
            return []
        year_from = (
            [] if mention.year or not dateline else [self.sentence_of(dateline.start)]
        )
        value = mention.as_date(dateline.year if dateline else None)
        if not value:
            return []
        return [
            self.proposal(
                "start_date",
                value,
                mention.start,
                mention.stop,
                *year_from,
                precision=str(mention.precision),
            )
        ]

    def city(self):
        lead = self.sentence_text(self.lead)
        pattern = (
            r"(?<![а-яё])в\s+(?:г\.\s*)?(?P<city>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)*)"
            if self.russian
            else r"\bin\s+(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)"
        )
        for match in re.finditer(pattern, lead):
            start = self.span(self.lead)[0] + match.start("city")
            stop = start + len(match.group("city"))
            word = match.group("city")
            if find_dates(word) or any(
                m.start <= start < m.stop and m.entry.kind != "city"
                for m in self.known[self.lead]
            ):
                continue
            if self.russian and not any(
                "Geox" in p.tag or "Name" in p.tag for p in parses(word.lower())
            ):
                continue
            return self.proposal("city", self.nominative(start, stop), start, stop)
        return None

    def host_country(self, city):
        if not city:
            return []
        name = city.value.lower()
        entry = next(
            (
                e
                for e in self.gazetteer
                if e.kind == "city" and name in {f.lower() for f in e.forms}
            ),
            None,
        )
        if entry:
            country = next(
                (e for e in self.gazetteer if e.kind == COUNTRY and e.key == entry.key),
                None,
            )
        else:
            country = self.by_code.get(CAPITALS.get(name, ""))
        if not country:
            return []
        match = Match(MATCHED, COUNTRY, country.label, country.key)
        return [self.proposal("host_country", match, city.start, city.stop)]

    def outcome(self):
        start, stop = self.span(self.lead)
        announced = words.ANNOUNCED.search(self.text, start, stop)
        verb = announced or words.EVENT_VERB.search(self.text, start, stop)
        value = "announced" if announced else "held"
        if not verb:
            return None
        return self.proposal("outcome", value, verb.start(), verb.end())

    # Organizations

    def organization_mentions(self, people, series):
        """(sentence, start, stop, Match) of every organization named: the
        archive's, and new ones by their head word ("... Fund") or acronym."""
        found = []
        taken = [(a, b) for _n, a, b, _name, _c in people]
        taken += [(a, b) for _n, a, b, _h, _o in series]
        for number, tokens in enumerate(self.tokens):
            for mention in self.known[number]:
                if mention.entry.kind == ORGANIZATION:
                    found.append((number, mention.start, mention.stop, mention.entry))
                taken.append((mention.start, mention.stop))
            longest_first = sorted(
                self.new_organization_names(tokens), key=lambda s: s[0] - s[1]
            )
            for start, stop in longest_first:
                if not any(a < stop and start < b for a, b in taken):
                    found.append((number, start, stop, None))
                    taken.append((start, stop))
        found.sort(key=lambda f: f[1])
        return self.organizations_joined(found)

    def new_organization_names(self, tokens):
        """Spans of names ending in an organization's head word, or acronyms."""
        for i, token in enumerate(tokens):
            text = token.text
            is_head = bool(token.keys & words.ORGANIZATION_HEADS)
            if is_head and (token.is_capitalised or self.russian):
                first = i
                while first > 0 and (
                    self.is_name_word(tokens[first - 1])
                    or (
                        tokens[first - 1].text in words.NAME_CONNECTORS
                        and first > 1
                        and self.is_name_word(tokens[first - 2])
                        and not tokens[first - 2].keys & words.POST_WORDS
                    )
                ):
                    first -= 1
                while first < i and tokens[first].text in words.NAME_CONNECTORS:
                    first += 1
                last = self.russian_name_tail(tokens, i) if self.russian else i
                if first == i == last:
                    continue  # "the Fund’s", "Фонда" alone name no new organization
                if not self.text[tokens[first].start : tokens[last].stop][:1].isupper():
                    continue
                yield tokens[first].start, tokens[last].stop
            elif (
                2 <= len(text) <= 6
                and text.isupper()
                and text.isalpha()
                and not re.fullmatch(r"[IVXLC]+", text)
            ):
                yield token.start, token.stop

    def russian_name_tail(self, tokens, i):
        """The words after a Russian head word that still belong to the name:
        capitalised words and acronyms ("Фонд Горчакова", "Институт ОДКБ"),
        and a following "о ..." phrase ("Договора о коллективной безопасности")."""
        last = i
        while last + 1 < len(tokens):
            following = tokens[last + 1]
            if following.text[:1].isupper() and following.text.isalpha():
                last += 1
            elif (
                following.text in ("о", "по", "имени")
                and last > i
                and last + 2 < len(tokens)
            ):
                end = last + 2
                while (
                    end + 1 < len(tokens)
                    and tokens[end + 1].text.isalpha()
                    and not tokens[end + 1].is_capitalised
                    and end - last < 4
                    and any(
                        p.tag.POS in ("NOUN", "ADJF") and p.tag.case in ("gent", "loct")
                        for p in parses(tokens[end + 1].text)
                    )
                ):
                    end += 1
                last = end
                break
            else:
                break
        return last

    def organizations_joined(self, found):
        """One Match per organization: new names are joined to an acronym
        made of their initials ("Collective Security Treaty Organization",
        "CSTO"), and to their other mentions."""
        matches, by_key = [], {}
        for number, start, stop, entry in found:
            name = self.nominative(start, stop)
            if entry:
                key = entry.key
                match = Match(MATCHED, ORGANIZATION, entry.label, entry.key)
            else:
                key = initials(name) if " " in name else name.upper()
                key = key if len(key) > 1 else name.lower()
                existing = by_key.get(key)
                match = existing or Match(NEW, ORGANIZATION, name)
                if existing and len(name) > len(existing.name) and " " in name:
                    match = Match(NEW, ORGANIZATION, f"{name} ({existing.name})")
                    matches = [
                        (n, a, b, match if m is existing else m)
                        for n, a, b, m in matches
                    ]
                elif existing and " " in existing.name and " " not in name:
                    match = existing
                elif existing and " " not in existing.name and " " in name:
                    match = Match(NEW, ORGANIZATION, f"{name} ({existing.name})")
                    matches = [
                        (n, a, b, match if m is existing else m)
                        for n, a, b, m in matches
                    ]
            by_key[key] = match
            matches.append((number, start, stop, match))
        # A later "(CSTO)" may have renamed what earlier mentions pointed at.
        final = {m.name.split(" (")[-1].rstrip(")").upper(): m for *_, m in matches}
        return [
            (n, a, b, final.get(m.name.split(" (")[-1].rstrip(")").upper(), m))
            for n, a, b, m in matches
        ]

    def venue_and_organizations(self, people, series):
        found, venue, seen = [], None, {}
        mentions = self.organization_mentions(people, series)
        for number, start, stop, match in mentions:
            before = self.text[max(0, start - 12) : start]
            inside_post = any(
                a <= start and stop <= b
                for _n, a, b, _name, details in people
                for a, b in [details.get("position_span", (0, 0))]
            )
            if (
                venue is None
                and number in (self.lead, self.lead + 1)
                and re.search(r"(?:\bat(?: the)?|(?<![а-яё])в|на)\s+$", before)
            ):
                venue = self.proposal(
                    "venue", self.nominative(start, stop), start, stop
                )
                found.append(venue)
                continue
            role = (
                "organizers"
                if words.ORGANIZER.search(self.sentence_text(number))
                and not inside_post
                else "mentioned_organizations"
            )
            key = (role, match.record or match.name)
            other = ("organizers", match.record or match.name)
            if key in seen or (role == "mentioned_organizations" and other in seen):
                (seen.get(key) or seen[other]).sentences.append(self.span(number))
                continue
            seen[key] = self.proposal(role, match, start, stop)
            found.append(seen[key])
        return [
            p
            for p in found
            if p.field != "mentioned_organizations"
            or ("organizers", p.value.record or p.value.name) not in seen
        ]

    # People

    def people(self):
        """(sentence, start, stop, Match, details) of each person named: the
        archive's people, and new names by the cues around them (a post
        before, a country in brackets after, a Russian first name)."""
        found = []
        for number, tokens in enumerate(self.tokens):
            taken = []
            for mention in self.known[number]:
                if mention.entry.kind != PERSON:
                    continue
                taken.append((mention.start, mention.stop))
                found.append((number, mention.start, mention.stop, mention))
            for start, stop in self.new_person_names(number, tokens):
                if not any(a < stop and start < b for a, b in taken):
                    found.append((number, start, stop, None))
        return self.people_matched(found)

    def new_person_names(self, number, tokens):
        known = [(m.start, m.stop) for m in self.known[number]]
        for i in range(len(tokens) - 1):
            first, second = tokens[i], tokens[i + 1]
            if not (
                first.text.isalpha()
                and second.text.replace("-", "").isalpha()
                and first.text[:1].isupper()
                and second.text[:1].isupper()
                and not first.text.isupper()
                and not second.text.isupper()
            ):
                continue
            if any(a <= first.start < b for a, b in known):
                continue
            if first.keys & (words.ORGANIZATION_HEADS | words.POST_WORDS):
                continue
            if second.keys & (words.ORGANIZATION_HEADS | set(words.SERIES_HEADS)):
                continue
            if self.russian:
                if any("Name" in p.tag for p in parses(first.text.lower())):
                    yield first.start, second.stop
                continue
            after = self.text[second.stop : second.stop + 40]
            previous = tokens[i - 1] if i else None
            bracketed_country = re.match(r"\s*\(", after) and any(
                m.entry.kind == COUNTRY and m.start > second.stop
                for m in self.known[number]
            )
            after_organization = previous is not None and bool(
                previous.keys & words.ORGANIZATION_HEADS
            )
            if bracketed_country or after_organization:
                yield first.start, second.stop

    def people_matched(self, found):
        """Known people matched, surnames alone offered as choices unless the
        article names the same person in full; new people joined by name."""
        certain = {m.entry.key for *_, m in found if m is not None and m.certain}
        people, new_names = [], {}
        for number, start, stop, mention in found:
            if mention is None:
                name = self.nominative(start, stop)
                match = new_names.setdefault(name.lower(), Match(NEW, PERSON, name))
            elif mention.certain or mention.entry.key in certain:
                entry = mention.entry
                match = Match(MATCHED, PERSON, entry.label, entry.key)
            else:
                candidates = tuple(
                    m.entry.key
                    for n, a, b, m in found
                    if m is not None and (a, b) == (start, stop)
                )
                match = Match(CHOICE, PERSON, self.text[start:stop], None, candidates)
            people.append((number, start, stop, match))
        starts = {(n, a) for n, a, _b, _m in people}
        return [
            (n, a, b, m, self.post_of(n, a, [s for k, s in starts if k == n and s < a]))
            for n, a, b, m in people
        ]

    def post_of(self, number, start, earlier_people=()):
        """The position written before a person in their sentence: from the
        nearest post word's phrase up to the name, cut before a verb."""
        tokens = [t for t in self.tokens[number] if t.stop <= start]
        last = max(
            (i for i, t in enumerate(tokens) if t.keys & words.POST_WORDS), default=None
        )
        if last is None:
            return {}
        first = last
        while first > 0 and (
            tokens[first - 1].keys & words.POST_WORDS or tokens[first - 1].text == "-"
        ):
            first -= 1
        phrase_start = tokens[first].start
        stop = min([s for s in earlier_people if s > phrase_start] + [start])
        phrase = self.text[phrase_start:stop]
        verb = words.CLAUSE_VERB.search(phrase)
        if verb:
            phrase = phrase[: verb.start()]
        phrase = phrase.rstrip(" –—-,(:")
        if not phrase:
            return {}
        return {
            "position": phrase,
            "position_span": (phrase_start, phrase_start + len(phrase)),
        }

    def speakers(self, people):
        found, seen = [], {}
        for number, start, stop, match, post in people:
            key = match.record or match.name
            if key in seen:
                seen[key].sentences.append(self.span(number))
                if post and "position" not in seen[key].details:
                    seen[key].details.update(post)
                continue
            sentence = self.sentence_text(number)
            role = (
                "opening_speaker"
                if words.OPENING_SPEAKER.search(sentence)
                else "moderator"
                if words.MODERATOR.search(sentence)
                else "speaker"
                if words.SPEAKER.search(sentence)
                else "other"
            )
            seen[key] = self.proposal(
                "participants", match, start, stop, role=role, **post
            )
            found.append(seen[key])
        return found

    # Countries

    def countries(self, people, city):
        """Countries taking part (in a sentence that says who came, or in
        brackets after a speaker) and countries only discussed."""
        host = {p.value.record for p in self.host_country(city)} if city else set()
        person_ends = {stop for _n, _a, stop, _m, _p in people}
        roles = {}
        for number, mentions in enumerate(self.known):
            sentence = self.sentence_text(number)
            for mention in mentions:
                if mention.entry.kind != COUNTRY:
                    continue
                bracketed = any(
                    re.fullmatch(r"\s*\(\s*", self.text[end : mention.start])
                    for end in person_ends
                    if end <= mention.start
                )
                taking_part = bracketed or words.PARTICIPATION.search(sentence)
                role = (
                    "participating_countries" if taking_part else "mentioned_countries"
                )
                roles.setdefault(mention.entry.key, []).append((role, number, mention))
        found = []
        for key, seen in roles.items():
            taking_part = [s for s in seen if s[0] == "participating_countries"]
            if taking_part:
                role, number, mention = taking_part[0]
            elif key in host:
                continue
            else:
                role, number, mention = seen[0]
            entry = mention.entry
            match = Match(
                MATCHED if mention.certain else CHOICE,
                COUNTRY,
                entry.label,
                entry.key if mention.certain else None,
                () if mention.certain else (entry.key,),
            )
            more = [n for r, n, _m in seen if r == role and n != number]
            found.append(self.proposal(role, match, mention.start, mention.stop, *more))
        return found

    # Topics

    def topics(self):
        """The archive's topics named in the text, and new ones from phrases
        that say what was discussed; a new phrase close to an existing topic
        is offered as a choice."""
        found, seen = [], {}
        spans = []
        for number, mentions in enumerate(self.known):
            for mention in mentions:
                if mention.entry.kind != TOPIC:
                    continue
                entry = mention.entry
                spans.append((mention.start, mention.stop))
                if entry.key in seen:
                    seen[entry.key].sentences.append(self.span(number))
                    continue
                match = Match(MATCHED, TOPIC, entry.label, entry.key)
                seen[entry.key] = self.proposal(
                    "topics", match, mention.start, mention.stop
                )
                found.append(seen[entry.key])
        topics = [e for e in self.gazetteer if e.kind == TOPIC]
        for number, (sentence_start, sentence_stop) in enumerate(self.sentences):
            for cue in words.TOPIC_CUES:
                for phrase in cue.finditer(self.text, sentence_start, sentence_stop):
                    start, stop = phrase.span("topic")
                    if any(a < stop and start < b for a, b in spans):
                        continue
                    if re.match(r"[A-ZА-ЯЁ]{2,}", phrase.group("topic")):
                        continue  # "in the area of CSTO’s responsibility"
                    spans.append((start, stop))
                    name = self.nominative(start, stop).strip()
                    match = self.close_topic(name, topics)
                    key = match.record or match.candidates or name.lower()
                    if key in seen:
                        seen[key].sentences.append(self.span(number))
                        continue
                    seen[key] = self.proposal("topics", match, start, stop)
                    found.append(seen[key])
        return found

    def close_topic(self, phrase, topics):
        words_of_phrase = content_stems(phrase)
        scored = []
        for entry in topics:
            for form in entry.forms:
                stems = content_stems(form)
                shared = stems & words_of_phrase
                names = {w.lower()[:5] for w in re.findall(r"\b[A-ZА-ЯЁ]{2,}\b", form)}
                if (len(shared) >= 2 and len(shared) * 2 >= len(stems)) or (
                    shared & names
                ):
                    scored.append(
                        (len(shared) / len(stems | words_of_phrase), entry.key)
                    )
        if not scored:
            return Match(NEW, TOPIC, phrase[:1].upper() + phrase[1:])
        candidates = tuple(dict.fromkeys(k for _s, k in sorted(scored, reverse=True)))
        return Match(CHOICE, TOPIC, phrase, None, candidates)

    # Names

    def match_name(self, kind, name, start, stop):
        """An existing record of `kind` named at text[start:stop], or a new one."""
        number = self.sentence_of(start)
        for mention in self.known[number]:
            if mention.entry.kind == kind and mention.start <= start < mention.stop:
                return Match(MATCHED, kind, mention.entry.label, mention.entry.key)
        index = NameIndex([e for e in self.gazetteer if e.kind == kind])
        for mention in index.find(tokenize(self.text, start, stop)):
            return Match(MATCHED, kind, mention.entry.label, mention.entry.key)
        return Match(NEW, kind, name)

    def nominative(self, start, stop):
        """text[start:stop] with its Russian words up to the first noun put in
        the nominative ("Аналитической ассоциации ОДКБ" becomes "Аналитическая
        ассоциация ОДКБ"; "Валерия Семерикова", "Валерий Семериков"); English
        as written."""
        text = self.text[start:stop]
        if not CYRILLIC.search(text):
            return text
        out, head_seen = [], False
        for token in tokenize(text):
            word = token.text
            if head_seen or not word.isalpha() or word.isupper():
                out.append((token, word))
                continue
            parsed = [
                p
                for p in parses(word.lower())
                if p.tag.POS in ("NOUN", "ADJF") and p.tag.case
            ]
            if (
                parsed
                and out
                and word[:1].isupper()
                and not (
                    {"Name", "Surn"}
                    & set(str(parsed[0].tag).replace(" ", ",").split(","))
                )
            ):
                parsed = []  # a surname the dictionary does not know stays as written
            if parsed:
                inflected = parsed[0].inflect({"nomn"})
                if inflected:
                    new = inflected.word
                    word = new.capitalize() if word[:1].isupper() else new
                if parsed[0].tag.POS == "NOUN" and "Name" not in parsed[0].tag:
                    head_seen = True
            out.append((token, word))
        result, cursor = [], 0
        for token, word in out:
            result.append(text[cursor : token.start] + word)
            cursor = token.stop
        return "".join(result) + text[cursor:]


def initials(name):
    letters = [w[0] for w in re.findall(r"\w+", name) if len(w) > 2 or w[0].isupper()]
    return "".join(letters).upper()


def roman_number(text):
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, char in enumerate(text):
        value = values[char]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total


STOP_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "in",
        "to",
        "with",
        "for",
        "from",
        "other",
        "those",
        "which",
        "are",
        "not",
        "that",
        "this",
        "a",
        "an",
        "on",
        "between",
        "its",
        "their",
        "our",
        "и",
        "в",
        "с",
        "по",
        "на",
        "о",
        "для",
        "при",
        "не",
        "из",
        "других",
    ]
)


def content_stems(text):
    """The words that carry a phrase's meaning, cut to five letters so that
    "opposition" meets "opposing" and "конфликтов" meets "конфликт"."""
    return {
        w.lower()[:5]
        for w in re.findall(r"\w+", text)
        if w.lower() not in STOP_WORDS and len(w) >= 3
    }
