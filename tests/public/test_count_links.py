"""Every count on a record's page that links to a list links to a list of
exactly as many: "N of M shown", a total, the count of its events, a value
of a facet of them; for each kind of record and each role it plays (a
country taking part, hosting or discussed, an organization organizing or
discussed, a topic's events and speakers, a person's talks, the people of a
country or an organization)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from events.models import Topic
from people.models import Country, Organization, Person
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


def count_of_list(client, url):
    status = soup_of(client.get(url)).select_one(".result-count").get_text()
    return int(re.match(r"\d+", status).group())


def shown_and_linked(client, url, *, every_count):
    """[(a count, the number its link's list finds)] of each "N of M shown"
    there; with `every_count`, of each other count with a link too: a total,
    the count of its events and the filter of them, the first value of each
    facet of its events."""
    page = soup_of(client.get(url))
    counts = [
        (int(re.search(r"of (\d+) shown", more.get_text()).group(1)), more.a["href"])
        for more in page.select("p.more")
    ]
    if every_count:
        counts += [
            (int(total.get_text()), total["href"]) for total in page.select(".totals a")
        ]
        heading = page.find(id="events-heading").get_text()
        link = page.select_one(".record-actions a[href^='/events/']")
        if link:
            counts.append((int(re.match(r"\d+", heading).group()), link["href"]))
        for facet in page.select(".record-facets section[aria-labelledby^=facet-]"):
            value = facet.select_one("li")
            count = value.select_one(".facet-count").contents[0]
            counts.append((int(count), value.a["href"]))
    return [(count, count_of_list(client, href)) for count, href in counts]


@pytest.mark.parametrize("model", [Country, Organization, Topic, Person])
def test_every_count_shown_on_a_record_page_is_what_its_link_lists(
    client, generated, model
):
    pages = [record.get_absolute_url() for record in model.objects.all()[:12]]
    if model is Organization:
        pages.append(
            Organization.objects.get(name="A Busy Organization").get_absolute_url()
        )

    # Every count of a few pages (each asks for a list per count).
    pairs = [
        pair
        for number, url in enumerate(pages)
        for pair in shown_and_linked(client, url, every_count=number < 3)
    ]

    assert pairs, "no record has more than it shows"
    assert [total for total, _listed in pairs] == [listed for _total, listed in pairs]
