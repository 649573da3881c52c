"""The one read path of the public archive.

Every page, feed, calendar, CSV, sitemap, statistic and API view reads through
these functions, which plan every query up front (select_related,
prefetch_related, count subqueries), so an output costs the same number of
queries however many related rows it shows. Only published events are ever
listed or counted.

They return data only, named by what they return:
- `<kind>_list(...)`, `<kind>_search(text)`: a QuerySet (a list's is narrowed
  by a bound FilterSet when given; `sitemap_`, `_export_` and `_full_` ones plan
  what those outputs show);
- `<kind>_detail(*, slug)`: one record with what its page shows, or raises the
  model's DoesNotExist;
- `counted_<kinds>()`: every record with its `event_count`, and
  `<kind>_counts()`: {key: count}, both read from the counts kept up to date
  on write (events/tallies.py), never counted on a page view;
- `<kind>_options()`: (value, label) pairs for a filter's option list.

Each declares what a cached page built from it depends on beyond the records
it loads (academy/cache_tags.py): a list that any record of a kind could
enter, its `kind_tag`; a record's page that lists its linked records, its
`links_tag`.

Paging and 404s belong to the views and forms that use them.

Each kind has its module: `events`, `people`, `places` (countries),
`organizations`, `topics` (topics and series), and for what several outputs
share, `counts` (tallies and last changes), `list_facets` (the facets of the
events and people lists), `maps` (maps and timelines), `sitemaps`, `oai` and
`tables` (the data package's files);
`base` holds what they all build on. This package re-exports what the
outputs call, so they read `selectors.event_list`.
"""

from .base import (
    LATEST,
    search_suggestion,
)
from .corrections import corrected_record
from .counts import (
    archive_counts,
    earliest_event_update,
    latest_event_update,
    newest_change,
    topic_year_event_counts,
    year_event_counts,
)
from .events import (
    event_detail,
    event_export_detail,
    event_export_list,
    event_full_list,
    event_list,
    event_search,
    expire_at_next_midnight,
    latest_event_list,
    on_this_day,
    on_this_day_before_today,
    record_event_rows,
    upcoming_event_list,
)
from .list_facets import (
    event_facet_values,
    event_facets,
    person_facet_values,
    person_facets,
    record_event_facets,
)
from .maps import (
    LIST_MAP_FILTER,
    country_map_counts,
    country_partners,
    event_list_country_counts,
    events_per_month,
    series_countries,
    series_sessions_for_timeline,
)
from .oai import (
    WithdrawnEvent,
    oai_event_list,
    oai_set_list,
    oai_set_specs,
    oai_withdrawn_event_list,
)
from .organizations import (
    counted_organizers,
    organization_detail,
    organization_full_list,
    organization_list,
    organization_search,
)
from .people import (
    person_detail,
    person_export_list,
    person_full_list,
    person_list,
    person_role_counts,
    person_search,
    person_talks,
)
from .places import (
    counted_countries,
    country_detail,
    country_event_export_list,
    country_list,
    country_search,
)
from .sitemaps import (
    sitemap_country_list,
    sitemap_event_list,
    sitemap_organization_list,
    sitemap_person_list,
    sitemap_series_list,
    sitemap_topic_list,
)
from .tables import (
    country_table,
    depends_on_the_package,
    event_link_relations,
    event_link_table,
    event_table,
    organization_table,
    person_table,
    series_table,
    source_table,
    speaker_table,
    topic_table,
)
from .topics import (
    counted_topics,
    series_detail,
    series_list,
    session_list,
    topic_detail,
    topic_list,
    topic_search,
)

__all__ = [
    "LATEST",
    "LIST_MAP_FILTER",
    "WithdrawnEvent",
    "archive_counts",
    "corrected_record",
    "counted_countries",
    "counted_organizers",
    "counted_topics",
    "country_detail",
    "country_event_export_list",
    "country_list",
    "country_map_counts",
    "country_partners",
    "country_search",
    "country_table",
    "depends_on_the_package",
    "earliest_event_update",
    "event_detail",
    "event_export_detail",
    "event_export_list",
    "event_facet_values",
    "event_facets",
    "event_full_list",
    "event_link_relations",
    "event_link_table",
    "event_list",
    "event_list_country_counts",
    "event_search",
    "event_table",
    "events_per_month",
    "expire_at_next_midnight",
    "latest_event_list",
    "latest_event_update",
    "newest_change",
    "oai_event_list",
    "oai_set_list",
    "oai_set_specs",
    "oai_withdrawn_event_list",
    "on_this_day",
    "on_this_day_before_today",
    "organization_detail",
    "organization_full_list",
    "organization_list",
    "organization_search",
    "organization_table",
    "person_detail",
    "person_export_list",
    "person_facet_values",
    "person_facets",
    "person_full_list",
    "person_list",
    "person_role_counts",
    "person_search",
    "person_table",
    "person_talks",
    "record_event_facets",
    "record_event_rows",
    "search_suggestion",
    "series_countries",
    "series_detail",
    "series_list",
    "series_sessions_for_timeline",
    "series_table",
    "session_list",
    "sitemap_country_list",
    "sitemap_event_list",
    "sitemap_organization_list",
    "sitemap_person_list",
    "sitemap_series_list",
    "sitemap_topic_list",
    "source_table",
    "speaker_table",
    "topic_detail",
    "topic_list",
    "topic_search",
    "topic_table",
    "topic_year_event_counts",
    "upcoming_event_list",
    "year_event_counts",
]
