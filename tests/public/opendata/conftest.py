import json

import pytest

from tests.factories import (
    make_country,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_source,
    make_topic,
)
from tests.helpers import run_javascript


@pytest.fixture
def linked_events(db):
    """Build published events in one country, each linked to `related` records."""

    def build(events, related):
        country = make_country(slug="testland")
        organizations = [make_organization() for _ in range(related)]
        topics = [make_topic() for _ in range(related)]
        people = [make_person(country=country) for _ in range(related)]
        for number in range(events):
            event = make_event(
                host_country=country,
                source=make_source(),
                organizers=organizations,
                participating_countries=[country],
                topics=topics,
            )
            for order, person in enumerate(people):
                make_participation(event, person, order=order)
                if number == 0:
                    person.alternative_names.create(name=f"{person.name} (other)")
        return country

    return build


@pytest.fixture
def read_in_javascript(tmp_path):
    """read(kind, content): what tests/js/read.mjs prints of `content` read
    as `kind` ("ics" with ical.js, "csl" with citation-js), parsed."""

    def read(kind, content):
        path = tmp_path / f"file.{kind}"
        path.write_bytes(content)
        return json.loads(run_javascript("node", "read.mjs", kind, str(path)))

    return read
