"""Checks an event gets before it is published: things that are allowed but
are more often a slip than the truth, each told to staff in plain words.

Every way of publishing applies them: the event's form (EventAdminForm shows
its place's warnings above it and its speakers' above their inline, and
publishes once staff confirm them), and, as `publishing_problems` of the
event as stored, the list's action, the import and a restored version, which
refuse to publish an event they find anything in: only its form can confirm.

They read what the archive already holds, never a list of their own: where a
city lies is what its other events say, and a country is named in a position
when the stems of its name (academy.search.word_stems, so "Армении" names
"Армения") are all among the position's.
"""

from collections import Counter

from django.db.models import Q
from django.utils.translation import gettext as _

from academy.i18n import localized
from academy.search import word_stems
from people.models import Country

from .models import NEEDS_DATE, Event


def publishing(event, status):
    """Whether saving `event` with `status` publishes it: a new event saved as
    published, or a draft published now."""
    if status != Event.Status.PUBLISHED:
        return False
    return event._state.adding or not (
        Event.objects.filter(pk=event.pk, status=Event.Status.PUBLISHED).exists()
    )


def publishing_problems(event, *, participating=None, speakers=None):
    """What stops `event` from being published as it is: the checks its form
    gives, in plain words; [] if none. Its countries taking part and its
    speakers (participations) are the stored ones unless given."""
    problems = [] if event.start_date else [str(NEEDS_DATE)]
    if participating is None:
        participating = list(event.participating_countries.all())
    problems += place_warnings(
        city=event.city_en or event.city_ru,
        host=event.host_country,
        participating=participating,
        leaving_out=event.pk,
    )
    if speakers is None:
        speakers = event.participations.select_related("person")
    return problems + speaker_warnings(
        (speaker.person, [getattr(speaker, field) for field in localized("position")])
        for speaker in speakers
    )


def host_of_city(city, *, leaving_out=None):
    """The country most other events in `city` (in either language) were
    hosted by, or None if none name it."""
    named = Q()
    for field in localized("city"):
        named |= Q(**{f"{field}__iexact": city})
    hosts = Counter(
        Event.objects.filter(named, host_country__isnull=False)
        .exclude(pk=leaving_out)
        .values_list("host_country", flat=True)
    )
    if not hosts:
        return None
    return Country.objects.get(pk=hosts.most_common(1)[0][0])


def place_warnings(*, city, host, participating, leaving_out=None):
    """What looks wrong in an event in `city` hosted by `host` with the
    countries `participating` (as the form would save them); `leaving_out`
    is the event itself."""
    warnings = []
    if city and host:
        usual = host_of_city(city, leaving_out=leaving_out)
        if usual and usual != host:
            warnings.append(
                _(
                    "Other events in %(city)s were hosted by %(usual)s, not "
                    "%(host)s: check the host country."
                )
                % {"city": city, "usual": usual, "host": host}
            )
    if host and participating and host not in participating:
        warnings.append(
            _("The host country, %(host)s, is not among the countries taking part.")
            % {"host": host}
        )
    return warnings


def countries_named(text, countries):
    """The countries of `countries` whose names (in either language) `text`
    names."""
    stems = set(word_stems(text).values())
    named = []
    for country in countries:
        for name in localized("name"):
            wanted = set(word_stems(getattr(country, name) or "").values())
            if wanted and wanted <= stems:
                named.append(country)
                break
    return named


def speaker_warnings(speakers):
    """What looks wrong in (person, their position at the event in every
    language) `speakers`: a position (theirs at the event, or else their
    usual one) that names countries but not the speaker's own."""
    countries = list(Country.objects.all())
    warnings = []
    for person, positions in speakers:
        own = person.country
        text = " ".join(filter(None, positions)) or " ".join(
            filter(None, (getattr(person, field) for field in localized("position")))
        )
        named = countries_named(text, countries)
        if own and named and own not in named:
            warnings.append(
                _(
                    "%(person)s is from %(own)s, but their position names "
                    "%(named)s: check the position or their country."
                )
                % {
                    "person": person,
                    "own": own,
                    "named": ", ".join(map(str, named)),
                }
            )
    return warnings
