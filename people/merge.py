"""Folding a duplicate person record into the one to keep."""

from academy.i18n import localized
from academy.writes import keeping_derived_data_for

from .models import PersonName


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
