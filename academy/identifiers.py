"""Identifiers of a record in other catalogues (Wikidata, ORCID, VIAF): stored
as the bare identifier, checked for its format, and turned into the address
of the record there in one place. Staff may paste the address itself."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Scheme:
    name: str
    label: str
    pattern: str
    address: str
    example: str

    def url(self, identifier):
        return self.address.format(identifier)


SCHEMES = {
    scheme.name: scheme
    for scheme in (
        Scheme(
            "wikidata",
            "Wikidata",
            r"Q[1-9][0-9]{0,11}",
            "https://www.wikidata.org/wiki/{}",
            "Q42",
        ),
        Scheme(
            "orcid",
            "ORCID",
            r"[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]",
            "https://orcid.org/{}",
            "0000-0002-1825-0097",
        ),
        Scheme(
            "viaf", "VIAF", r"[1-9][0-9]{0,21}", "https://viaf.org/viaf/{}", "102333412"
        ),
    )
}


def orcid_checksum_holds(identifier):
    """ORCID's last character is an ISO 7064 MOD 11-2 check of the others."""
    total = 0
    for digit in identifier[:-1].replace("-", ""):
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return identifier[-1] == ("X" if check == 10 else str(check))


class IdentifierField(models.CharField):
    """An identifier in `scheme`; a pasted address of the record there is
    kept as its identifier ("https://www.wikidata.org/wiki/Q42" → "Q42")."""

    def __init__(self, *args, scheme, **kwargs):
        self.scheme = SCHEMES[scheme]
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text",
            _("The identifier, e.g. %(example)s, or the address of its page.")
            % {"example": self.scheme.example},
        )
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["scheme"] = self.scheme.name
        return name, path, args, kwargs

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return value
        found = re.search(rf"(?:^|/)({self.scheme.pattern})/?$", value.upper())
        if found is None:
            raise ValidationError(
                _("Enter a valid %(scheme)s identifier, e.g. %(example)s."),
                code="invalid",
                params={"scheme": self.scheme.label, "example": self.scheme.example},
            )
        identifier = found.group(1)
        if self.scheme.name == "orcid" and not orcid_checksum_holds(identifier):
            raise ValidationError(
                _("This ORCID iD's last character does not match: check it."),
                code="checksum",
            )
        return identifier

    def formfield(self, **kwargs):
        # Room for the pasted address, stored as its identifier.
        return super().formfield(**{"max_length": 200, **kwargs})


@dataclass(frozen=True)
class ProfileLink:
    kind: str
    label: str
    url: str


def external_profile_links(record):
    """The record's own website, then its page in each catalogue it has an
    identifier in: what its page links to and JSON-LD's `sameAs` lists."""
    links = []
    if getattr(record, "website", ""):
        links.append(ProfileLink("website", _("Website"), record.website))
    for field in record._meta.concrete_fields:
        identifier = getattr(record, field.attname)
        if isinstance(field, IdentifierField) and identifier:
            scheme = field.scheme
            links.append(ProfileLink(scheme.name, scheme.label, scheme.url(identifier)))
    return links
