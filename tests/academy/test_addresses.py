import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from academy.addresses import slug_address

VIEWS = (
    "events:event-detail",
    "events:topic-detail",
    "people:person-detail",
    "api:country-detail",
)


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("view_name", VIEWS)
def test_slug_address_is_what_reverse_gives(view_name, language):
    with translation.override(language):
        expected = [
            reverse(view_name, kwargs={"slug": slug})
            for slug in ("csto-academy-2015", "a", "x_1")
        ]

        addresses = [
            slug_address(view_name, slug) for slug in ("csto-academy-2015", "a", "x_1")
        ]

    assert addresses == expected


def test_slug_address_follows_the_script_prefix():
    slug_address("events:event-detail", "first")
    set_script_prefix("/archive/")
    try:
        address = slug_address("events:event-detail", "csto-academy-2015")
    finally:
        set_script_prefix("/")

    assert address == "/archive/events/csto-academy-2015/"


def test_slug_address_of_an_empty_slug_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        slug_address("events:event-detail", "")
