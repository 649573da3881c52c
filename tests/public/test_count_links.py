"""Every "N of M shown" on a record's page links to a list of exactly M: for
each kind of record and each role it plays (a country taking part, hosting or
discussed, an organization organizing or discussed, a topic's events and
speakers, the people of a country or an organization)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from events.models import Topic
from people.models import Country, Organization
from public.selectors import LATEST
from tests.factories import make_event, make_organization, make_person
from tests.helpers import soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(archive_2015):
    call_command("generate_archive", events=300, seed=1, stdout=StringIO())
    # Organizations of a generated archive this size organize fewer events
    # than a page shows: one organizes, is discussed at and employs more.
    busy = make_organization(name="A Busy Organization")
    for _ in range(LATEST + 2):
        make_event(organizers=[busy], mentioned_organizations=[busy])
        make_person(organization=busy)


def shown_and_linked(client, url):
    """[(M, the number its link's list finds)] of each "N of M shown" there."""
    found = []
    for more in soup_of(client.get(url)).select("p.more"):
        total = int(re.search(r"of (\d+) shown", more.get_text()).group(1))
        listed = soup_of(client.get(more.a["href"]))
        status = listed.select_one(".result-count").get_text()
        found.append((total, int(re.match(r"\d+", status).group())))
    return found


@pytest.mark.parametrize("model", [Country, Organization, Topic])
def test_every_count_shown_on_a_record_page_is_what_its_link_lists(
    client, generated, model
):
    pages = [record.get_absolute_url() for record in model.objects.all()[:12]]
    if model is Organization:
        pages.append(
            Organization.objects.get(name="A Busy Organization").get_absolute_url()
        )

    pairs = [pair for url in pages for pair in shown_and_linked(client, url)]

    assert pairs, "no record has more than it shows"
    assert [total for total, _listed in pairs] == [listed for _total, listed in pairs]
