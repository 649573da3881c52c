"""schema.org descriptions of people, organizations and countries, as JSON-LD.

Each function takes `absolute`, a callable turning a path into an absolute URL
(the request's build_absolute_uri), since linked data needs full addresses.
Empty values are left out rather than given as "" or null.
"""

CONTEXT = "https://schema.org"


def compact(data):
    return {key: value for key, value in data.items() if value not in ("", None, [])}


def reference(record, schema_type, absolute):
    """A short node naming a record and its page, used @id for linking."""
    url = absolute(record.get_absolute_url())
    return {"@type": schema_type, "@id": url, "name": str(record), "url": url}


def country_ref(country, absolute):
    return {**reference(country, "Country", absolute), "identifier": country.iso_code}


def organization_ref(organization, absolute):
    return compact(
        {
            **reference(organization, "Organization", absolute),
            "alternateName": organization.acronym,
        }
    )


def person_ref(person, absolute):
    return reference(person, "Person", absolute)


def person_jsonld(person, absolute):
    photo = person.thumbnail or person.photo
    return compact(
        {
            "@context": CONTEXT,
            **person_ref(person, absolute),
            "alternateName": [other.name for other in person.alternative_names.all()],
            "jobTitle": person.position,
            "affiliation": person.organization
            and organization_ref(person.organization, absolute),
            "nationality": person.country and country_ref(person.country, absolute),
            "image": absolute(photo.url) if photo else None,
            "description": person.biography,
        }
    )


def organization_jsonld(organization, absolute):
    return compact(
        {
            "@context": CONTEXT,
            **organization_ref(organization, absolute),
            "description": organization.description,
            "sameAs": organization.website,
            "location": organization.country
            and country_ref(organization.country, absolute),
            "parentOrganization": organization.parent
            and organization_ref(organization.parent, absolute),
            "subOrganization": [
                organization_ref(child, absolute)
                for child in organization.children.all()
            ],
        }
    )


def country_jsonld(country, absolute):
    return {"@context": CONTEXT, **country_ref(country, absolute)}
