"""Writes that keep up to date what is derived from the records they touch.

Some data is derived from records and kept on write rather than computed on
a page view: the counts of published events (events/tallies.py) and the
search documents that read other records (a person's, which holds their other
spellings). Each write keeps them itself, once, in its own transaction:

    with keeping_derived_data_for([event]):
        event.save()  # and its links, its speakers...

names the records it is about to write (as stored, or as they will be; a
record it creates, before creating it), and when it ends every keeper brings
what it derives from them up to date. The apps register their keepers in
their AppConfig.ready (`register_keeper`), as academy imports no app: the
writes academy drives (an import, a version restored, an export loaded) keep
the apps' data as theirs do. A write inside another (a version restored
through the change form, a speaker saved in its event's form) is part of the
outer one, kept when the outer one ends: each record's data moves once.

Nothing here is a signal receiver: bulk writes (bulk_create, update(), raw
SQL, `loaddata`) keep nothing, and are followed by `rebuild_derived_data`
(the seed_archive, import_archive and generate_archive commands do).

A keeper is a class: `Keeper()` for each write, `touching(records)` called
before they are written (reading what they count for then, under a lock), and
`written()` when the write ends; `Keeper.rebuild_all()` builds everything it
keeps again.
"""

import contextlib
from contextvars import ContextVar

from django.db import transaction

KEEPERS = []
# The outermost write under way in this thread, which inner ones join.
_current_write = ContextVar("current_write", default=None)


def register_keeper(keeper):
    """Keep what `keeper` (a class, see the module's docstring) derives on
    every write."""
    if keeper not in KEEPERS:
        KEEPERS.append(keeper)


class Write:
    """One write's keepers, and the records it named."""

    def __init__(self):
        self.keepers = [keeper() for keeper in KEEPERS]

    def touching(self, records):
        records = list(records)
        if records:
            for keeper in self.keepers:
                keeper.touching(records)


@contextlib.contextmanager
def keeping_derived_data_for(records=()):
    """Around one write of `records` (model instances): see the module's
    docstring. Yields the write, whose `touching(records)` names more records
    before they are written."""
    outer = _current_write.get()
    if outer is not None:
        outer.touching(records)
        yield outer
        return
    with transaction.atomic():
        write = Write()
        token = _current_write.set(write)
        try:
            write.touching(records)
            yield write
        finally:
            _current_write.reset(token)
        for keeper in write.keepers:
            keeper.written()


def rebuild_derived_data():
    """Build every keeper's data again, after records written wholesale."""
    for keeper in KEEPERS:
        keeper.rebuild_all()
