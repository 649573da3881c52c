"""What a write of events keeps up to date: their tallies (events/tallies.py).

Every write that touches events, their links or their speakers names them to
`keeping_derived_data_for` (academy/writes.py), which runs a TallyKeeper
through it: registered in EventsConfig.ready, so the writes of the layers
below (people merged, a file imported, a version restored) keep the tallies
too.
"""

from collections import defaultdict

from . import tallies
from .models import Event, Participation


def lock_events(event_ids):
    """Lock the rows of `event_ids` until the transaction ends, in one order:
    a second write of one of them waits, then reads what the first committed.
    SQLite has one writer at a time and ignores the lock."""
    locked = Event._base_manager.select_for_update().filter(pk__in=event_ids)
    list(locked.order_by("pk").values_list("pk", flat=True))


class TallyKeeper:
    """Keeps the tallies through one write (academy/writes.py): the keys of
    the events it touches are read before it, their rows locked, and again
    after it; the difference is tallied, and a record it deleted takes its
    tallies with it."""

    rebuild_all = staticmethod(tallies.recount)

    def __init__(self):
        self.read = set()  # the events whose keys were read before the write
        self.before = {}  # their keys, of the published ones
        self.created = []  # the events it creates, read after it
        self.records = defaultdict(set)  # {label: ids} of RECORD_MEASURES

    def touching(self, records):
        events, moved_speakers = set(), set()
        for record in records:
            label = record._meta.label_lower
            if isinstance(record, Event):
                if record.pk is None:
                    self.created.append(record)
                else:
                    events.add(record.pk)
            elif isinstance(record, Participation):
                # The event it joins and, read below, the one it leaves.
                events.add(record.event_id)
                moved_speakers.add(record.pk)
            elif label in tallies.RECORD_MEASURES and record.pk is not None:
                self.records[label].add(record.pk)
        events |= set(
            Participation._base_manager.filter(pk__in=moved_speakers).values_list(
                "event", flat=True
            )
        )
        events -= self.read | {None}
        if events:
            lock_events(events)
            self.before |= tallies.published_keys(events)
            self.read |= events

    def written(self):
        events = self.read | {event.pk for event in self.created if event.pk}
        tallies.apply_moved_keys(self.before, tallies.published_keys(events))
        for label, records in self.records.items():
            model = Event._meta.apps.get_model(label)
            left = model._base_manager.filter(pk__in=records)
            gone = records - set(left.values_list("pk", flat=True))
            tallies.remove_tallies_of(label, gone)
