"""What a write of people keeps up to date: their search documents.

A person's search document holds their other spellings (PersonName rows),
written after the person is saved (the form's inline, an import's column, a
merge), so the save's own document (academy.search fills it) does not hold
them yet. Every such write names the people to `keeping_derived_data_for`
(academy/writes.py), which runs a SearchDocumentKeeper through it
(registered in PeopleConfig.ready).
"""

from academy import search

from .models import Person, PersonName


def refresh_search_for(people):
    """Write again the search documents of `people` (ids, or a queryset of
    them) from their names and other spellings, where they changed."""
    search.refresh_documents(Person._base_manager.filter(pk__in=people))


class SearchDocumentKeeper:
    """Refreshes, when a write ends, the documents of the people it touched
    or whose other spellings it touched (academy/writes.py)."""

    def __init__(self):
        self.people = set()
        self.created = []  # the people it creates, known by id after it

    @staticmethod
    def rebuild_all():
        refresh_search_for(Person._base_manager.values("pk"))

    def touching(self, records):
        for record in records:
            if isinstance(record, Person):
                if record.pk is None:
                    self.created.append(record)
                else:
                    self.people.add(record.pk)
            elif isinstance(record, PersonName):
                self.people.add(record.person_id)

    def written(self):
        refresh_search_for(self.people | {p.pk for p in self.created if p.pk})
