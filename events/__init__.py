"""What: events, their speakers (participations), topics, series, sources
and materials, and what is derived from them.

It may import `people` and `academy`, never the public site
(tests/test_layers.py). Where to look:

- `models/`: the records (`event.py`, `taxonomy.py` for topics and series,
  `material.py` for photos, documents and links, `tally.py`).
- `relations.py`: each relation of an event declared once (its model,
  through model, filter, facet, tally measure, whether search reads it and
  which pages list it); search, filters, facets, tallies and cache
  invalidation derive from it.
- `services.py` and `tallies.py`: the counts of published events, kept by
  every write through academy/writes.py.
- `search.py`: what finds an event (its text and its linked records' names).
- `dates.py` (partial dates), `checks.py` (warnings before publishing),
  `materials.py` (an event's files).
- Staff: `admin.py`, `forms.py`, `imports.py`, `translation.py`, and the
  `seed_archive`, `generate_archive`, `recount_events` and `export_archive`
  commands.
"""
