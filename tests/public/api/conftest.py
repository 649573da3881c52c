import pytest

from tests.factories import (
    make_country,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_series,
    make_source,
    make_topic,
)


@pytest.fixture
def linked_records(db):
    """Build published events each linked to `related` records of every kind."""

    def build(events, related):
        series = make_series()
        # Codes of our own: the builders' supply of codes is shared by the suite.
        countries = [make_country(iso_code=f"J{code}") for code in "ABCDEF"[:related]]
        organizations = [
            make_organization(country=countries[0], member_countries=countries)
            for _ in range(related)
        ]
        for number in range(1, events + 1):
            event = make_event(
                host_country=countries[0],
                series=series,
                session_number=number,
                source=make_source(),
                organizers=organizations,
                participating_countries=countries,
                topics=[make_topic() for _ in range(related)],
                mentioned_organizations=organizations,
                mentioned_countries=countries,
            )
            for order in range(related):
                person = make_person(
                    organization=organizations[0], country=countries[0]
                )
                person.alternative_names.create(name=f"{person.name} (other)")
                make_participation(event, person, order=order)
        return series

    return build
