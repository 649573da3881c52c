"""Folding a duplicate person record into the one to keep."""

from django.utils.translation import gettext_lazy as _

from academy.i18n import localized
from academy.writes import keeping_derived_data_for

from .models import PersonName


def merge_choices(people):
    """`people` (annotated with `event_count`) as the merge form offers them:
    the one with more events first, the record to keep by default, each with
    what tells them apart when their names are the same, as (label, value)
    pairs, "" where a record has none."""
    offered = sorted(people, key=lambda person: (-person.event_count, person.pk))
    for person in offered:
        talks = list(
            person.participations.select_related("event").order_by(
                "event__start_date", "event__pk"
            )
        )
        person.merge_details = [
            (_("slug"), person.slug),
            (_("country"), person.country or ""),
            (_("organization"), person.organization or ""),
            (_("position"), person.position),
            (_("other names"), "; ".join(person.spellings_besides_name())),
            (_("first event"), event_shown(talks[0].event) if talks else ""),
            (_("last event"), event_shown(talks[-1].event) if len(talks) > 1 else ""),
        ]
    return offered


def event_shown(event):
    dates = event.dates_display
    return f"{event} ({dates})" if dates else str(event)


def merge_people(keep, other):
    """Move `other`'s participations and names to `keep`, then delete `other`.

    Where both spoke at the same event, `keep`'s row stays and `other`'s goes.
    One write, which keeps what is derived from both people and the moved
    rows (the events' tallies, `keep`'s search document: academy/writes.py).
    Returns the events whose speakers changed.
    """
    with keeping_derived_data_for([keep, other]) as write:
        participations = list(other.participations.select_related("event"))
        write.touching(participations)
        shared = set(keep.participations.values_list("event", flat=True))
        for participation in participations:
            if participation.event_id in shared:
                participation.delete()
            else:
                participation.person = keep
                participation.save(update_fields=["person"])

        known = {getattr(keep, field) for field in localized("name")}
        known.update(keep.alternative_names.values_list("name", flat=True))
        spellings = [getattr(other, field) for field in localized("name")]
        spellings += other.alternative_names.values_list("name", flat=True)
        for name in dict.fromkeys(spellings):
            if name and name not in known:
                PersonName.objects.create(person=keep, name=name)

        other.delete()
    return [participation.event for participation in participations]
