"""The public site: every page, the JSON API and the open data, read from the
archive's records through one set of selectors.

It sits above the domain (`people` <- `events` <- `public`) and nothing below
imports it: `selectors/` is the one read path (a module per kind);
`filters.py` and `facets.py` narrow and count the lists (events and people);
`views.py` (the records), `archive_views.py` (home, search, on this day) and
`urls.py` are the pages; `maps.py` and `timelines.py` draw; `api/` is the
JSON API and `opendata/` the feeds, calendars, CSV, citations, JSON-LD,
sitemaps, OAI-PMH and statistics.
"""
