import json
from pathlib import Path

import pytest
from django.utils.text import slugify

from events.management.commands._un_member_states import UN_MEMBER_STATES
from people.models import Country

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "fixtures" / "csto_academy_2015.json"


@pytest.fixture
def country_list(db):
    """The archive with its country list only: the fixture's countries, with
    their Russian names, and the other UN member states by English name."""
    records = json.loads(FIXTURE.read_text())
    # The fixture's keys, as the tests compare proposals with the fixture by
    # key; the others' after them, not from PostgreSQL's sequence, which a
    # rolled-back test does not rewind.
    for record in records:
        if record["model"] == "people.country":
            fields = record["fields"]
            Country.objects.create(
                pk=record["pk"],
                slug=fields["slug"],
                iso_code=fields["iso_code"],
                name=fields["name_en"],
                name_en=fields["name_en"],
                name_ru=fields["name_ru"],
            )
    present = set(Country.objects.values_list("iso_code", flat=True))
    others = [(code, name) for code, name in UN_MEMBER_STATES if code not in present]
    first = max(Country.objects.values_list("pk", flat=True), default=0) + 1
    for pk, (code, name) in enumerate(others, start=first):
        Country.objects.create(
            pk=pk, slug=slugify(name), iso_code=code, name=name, name_en=name
        )
