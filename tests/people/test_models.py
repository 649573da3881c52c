import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation

from people.models import Country, Person
from tests.factories import (
    make_country,
    make_event,
    make_organization,
    make_participation,
    make_person,
)

pytestmark = pytest.mark.django_db


def test_country_str_and_url():
    country = make_country(name="Serbia", slug="serbia", iso_code="RS")

    assert str(country) == "Serbia"
    assert country.get_absolute_url() == "/countries/serbia/"


@pytest.mark.parametrize("code", ["rs", "R", "RSB"])
def test_country_iso_code_not_two_capitals_refused_by_database(code):
    # PostgreSQL refuses an over-long value before the check: DataError.
    with pytest.raises((IntegrityError, DataError)):
        make_country(iso_code=code)


def test_country_iso_code_with_digit_refused_by_validation():
    country = Country(name="Nowhere", slug="nowhere", iso_code="R1")

    with pytest.raises(ValidationError) as error:
        country.full_clean()

    assert error.value.message_dict == {"iso_code": ["Enter two capital letters."]}


def test_country_iso_code_duplicate_refused():
    make_country(iso_code="QA")

    with pytest.raises(IntegrityError):
        make_country(iso_code="QA")


def test_country_slug_duplicate_refused():
    make_country(slug="serbia")

    with pytest.raises(IntegrityError):
        make_country(slug="serbia")


def test_organization_str_and_url():
    organization = make_organization(name="CSTO Institute", slug="csto-institute")

    assert str(organization) == "CSTO Institute"
    assert organization.get_absolute_url() == "/organizations/csto-institute/"


def test_organization_own_parent_refused():
    organization = make_organization()
    organization.parent = organization

    with pytest.raises(IntegrityError):
        organization.save()


def test_person_str_and_url():
    person = make_person(name="David Virabyan", slug="david-virabyan")

    assert str(person) == "David Virabyan"
    assert person.get_absolute_url() == "/people/david-virabyan/"


def test_people_ordered_by_sort_name():
    make_person(name="Victor Vasilyev", sort_name="Vasilyev, Victor")
    make_person(name="Anna Zorina", sort_name="Zorina, Anna")
    make_person(name="Valery Semerikov", sort_name="Semerikov, Valery")

    assert [p.name for p in Person.objects.all()] == [
        "Valery Semerikov",
        "Victor Vasilyev",
        "Anna Zorina",
    ]


def test_alternative_name_duplicate_for_same_person_refused():
    person = make_person()
    person.alternative_names.create(name="Виктор Васильев")

    with pytest.raises(IntegrityError):
        person.alternative_names.create(name="Виктор Васильев")


def test_country_referenced_by_person_cannot_be_deleted():
    country = make_country()
    make_person(country=country)

    with pytest.raises(ProtectedError):
        country.delete()


def test_country_hosting_an_event_cannot_be_deleted():
    country = make_country()
    make_event(host_country=country)

    with pytest.raises(ProtectedError):
        country.delete()


def test_organization_with_child_cannot_be_deleted():
    parent = make_organization()
    make_organization(parent=parent)

    with pytest.raises(ProtectedError):
        parent.delete()


def test_organization_of_a_person_cannot_be_deleted():
    organization = make_organization()
    make_person(organization=organization)

    with pytest.raises(ProtectedError):
        organization.delete()


def test_person_who_spoke_cannot_be_deleted():
    person = make_person()
    make_participation(make_event(), person)

    with pytest.raises(ProtectedError), transaction.atomic():
        person.delete()

    assert person.participations.count() == 1


def test_records_are_ordered_by_the_names_pages_show_in_russian():
    for name in ("Zambia", "Brazil"):  # no Russian name: shown in English
        make_country(name_en=name, slug=name.lower(), iso_code=name[:2].upper())
    make_country(name_en="Armenia", name_ru="Армения", slug="armenia", iso_code="AM")
    make_person(name_en="Zoe Adams", sort_name_en="Adams, Zoe")
    make_person(name_en="Ian Brown", sort_name_en="Brown, Ian")

    with translation.override("ru"):
        countries = [str(country) for country in Country.objects.all()]
        people = [str(person) for person in Person.objects.all()]

    assert countries == ["Brazil", "Zambia", "Армения"]
    assert people == ["Zoe Adams", "Ian Brown"]
