"""Every page costs the same number of queries on the 2015 data alone and with
300 generated events on top: nothing grows with the archive.

Each page is asked for with an empty cache, so the count is that of a page
built from scratch, its option lists and counts included.
"""

import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from academy.writes import rebuild_derived_data
from tests.factories import make_event

# Records of the 2015 fixture: the generator adds events to its countries,
# organizations and topics, so their pages grow.
PAGES = [
    ("/", 11),
    # Lists count every facet (public/facets.py): from the tallies when no
    # filter is given, else one query of a GROUP BY of each link, and one of
    # the columns.
    ("/events/", 11),
    ("/events/?country=serbia", 13),
    ("/events/?country=serbia&topic=migration", 15),
    ("/events/?year=2015", 13),
    ("/events/?q=academy", 12),
    ("/events/?person=david-virabyan", 14),
    ("/map/", 4),
    ("/map/?country=serbia&topic=migration", 8),
    ("/events/4th-csto-academy-2015/", 12),
    ("/series/csto-academy/", 5),
    ("/topics/", 1),
    ("/topics/migration/", 14),
    ("/statistics/", 8),
    ("/people/", 8),
    ("/people/?topic=migration", 9),
    # A record's page counts the facets of its events as the list does.
    ("/people/david-virabyan/", 13),
    ("/countries/", 1),
    ("/countries/serbia/", 15),
    ("/ru/countries/serbia/", 15),
    ("/organizations/", 2),
    ("/organizations/csto/", 13),
    ("/events/feed/", 5),
    ("/api/events/", 13),
    ("/api/countries/", 4),
    ("/api/topics/", 4),
    ("/api/people/", 5),
]


@pytest.fixture(scope="module", params=[0, 300], ids=["2015-only", "300-generated"])
def archive(request, django_db_setup, django_db_blocker):
    """The 2015 data, alone or with generated events: built once for the
    module's tests (each test's own writes roll back to it), as Django's
    setUpTestData does, and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "csto_academy_2015", verbosity=0)
        rebuild_derived_data()  # loaddata keeps nothing derived (academy/writes.py)
        # Something upcoming for the home page, which the 2015 data lacks.
        make_event(start_date=timezone.localdate() + datetime.timedelta(days=30))
        if request.param:
            call_command(
                "generate_archive", events=request.param, seed=1, stdout=StringIO()
            )
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "queries"), PAGES)
def test_page_query_count_does_not_grow_with_the_archive(
    archive, client, django_assert_num_queries, path, queries
):
    cache.clear()

    with django_assert_num_queries(queries):
        response = client.get(path)

    assert response.status_code == 200
