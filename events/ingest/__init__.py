"""Proposals for a draft event read from a press release, with their sentences.

`extract_proposals(text, read_gazetteer())` reads an English or Russian
article and returns `Proposal`s: the title, kind, start date with its
precision, city, venue, host country, series and session number, speakers
with their role and position, participating and discussed countries,
organizers and discussed organizations, topics and the outcome. Each holds
the words it was read from and the sentences around them (offsets into the
text). Named records are looked up among the archive's own names (the
gazetteer), in either language and any Russian case: found by a name form,
they are MATCHED; found only by a surname or a paraphrase of a topic, they
are a CHOICE among candidates; not found, they are NEW with the name as
written (Russian names put in the nominative).

What it recognizes, by rule and without any model or remote service:
- sentences and words (razdel), Russian dictionary forms (pymorphy3);
- dates written out ("25 June 2015", "On June 25", "в ноябре 2012 года"),
  the year taken from the dateline when the lead sentence names none;
- the event in the first sentence with an event verb ("was opened",
  "открылась"): its title is the ordinal and series name there ("4th CSTO
  Academy", "IV Академия ОДКБ"), its city the place after "in"/"в";
- new organizations by a head word ("... Fund", "Институт ...") or an
  acronym, joined with the long name whose initials make the acronym;
- new people by a post before their name, a country in brackets after it,
  or (in Russian) a dictionary first name;
- topics the archive has by name, and new ones from phrases that say what
  was discussed ("in the field of ...", "the issue of ...", "в сфере ...",
  a quoted term such as "soft power").

What it does not: relative dates ("30 months ago"), end dates and ranges,
more than one event per article (an announced second event is not split
out), people named without a post, a bracketed country or a first name the
dictionary knows, organizations without a head word or acronym,
irregular country adjectives ("Armenian" is found, "армянский" is not),
topics the article implies without one of the phrases above, and host
countries of cities that are neither in the archive nor among a few
capitals.
"""

from .extract import CHOICE, MATCHED, NEW, Match, Proposal, extract_proposals
from .gazetteer import read_gazetteer

__all__ = [
    "CHOICE",
    "MATCHED",
    "NEW",
    "Match",
    "Proposal",
    "extract_proposals",
    "read_gazetteer",
]
