import pytest
from django.core.exceptions import ValidationError

from people.models import Person


def cleaned(field, value):
    return Person._meta.get_field(field).clean(value, None)


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("wikidata", "Q42", "Q42"),
        ("wikidata", "q42", "Q42"),
        ("wikidata", "https://www.wikidata.org/wiki/Q42", "Q42"),
        ("wikidata", " https://m.wikidata.org/wiki/Q1065/ ", "Q1065"),
        ("orcid", "0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("orcid", "https://orcid.org/0000-0002-1694-233x", "0000-0002-1694-233X"),
        ("viaf", "https://viaf.org/viaf/102333412", "102333412"),
        ("viaf", "", ""),
    ],
)
def test_identifier_typed_or_pasted_as_address_is_kept_bare(field, typed, stored):
    assert cleaned(field, typed) == stored


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("wikidata", "P31", "Enter a valid Wikidata identifier, e.g. Q42."),
        ("wikidata", "Q0", "Enter a valid Wikidata identifier, e.g. Q42."),
        (
            "orcid",
            "0000-0002-1825-009",
            "Enter a valid ORCID identifier, e.g. 0000-0002-1825-0097.",
        ),
        (
            "orcid",
            "0000-0002-1825-0098",
            "This ORCID iD's last character does not match: check it.",
        ),
        ("viaf", "viaf 12", "Enter a valid VIAF identifier, e.g. 102333412."),
        ("viaf", "1" * 23, "Enter a valid VIAF identifier, e.g. 102333412."),
    ],
)
def test_identifier_in_another_format_is_refused(field, typed, message):
    with pytest.raises(ValidationError) as refused:
        cleaned(field, typed)

    assert refused.value.messages == [message]
