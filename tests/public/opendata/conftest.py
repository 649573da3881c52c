import json
import subprocess
from pathlib import Path

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


# The JavaScript clients (`make` installs them from tests/js's lock).
READER = Path(__file__).resolve().parents[2] / "js" / "read.mjs"


@pytest.fixture
def read_in_javascript(tmp_path):
    """read(kind, content): what tests/js/read.mjs prints of `content` read
    as `kind` ("ics" with ical.js, "csl" with citation-js), parsed."""

    def read(kind, content):
        path = tmp_path / f"file.{kind}"
        path.write_bytes(content)
        done = subprocess.run(
            ["node", str(READER), kind, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return read
