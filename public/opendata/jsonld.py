"""schema.org descriptions of the record and list pages, as JSON-LD.

Each function takes `absolute`, a callable turning a path into an absolute URL
(the request's build_absolute_uri), since linked data needs full addresses.
Empty values are left out rather than given as "" or null. Dates keep their
precision: ISO 8601 allows "2015-10" and "2015", and schema.org's Date accepts
them, so nothing more precise than the source is said.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, override

from academy.identifiers import external_profile_links
from events import dates

CONTEXT = "https://schema.org"


def compact(data):
    return {key: value for key, value in data.items() if value not in ("", None, [])}


def node_id(record, absolute):
    """The record's one @id in every language: its address in the default
    language (no /ru/) with a fragment, so the English and Russian pages
    describe the same thing and the thing is not mistaken for its page."""
    with override(settings.LANGUAGE_CODE):
        path = record.get_absolute_url()
    return f"{absolute(path)}#{record._meta.model_name}"


# The schema.org type of each kind of record, by its model's name. A topic is
# a DefinedTerm: a term of the archive's vocabulary, with a page of its own.
SCHEMA_TYPES = {
    "event": "Event",
    "person": "Person",
    "country": "Country",
    "organization": "Organization",
    "topic": "DefinedTerm",
    "series": "EventSeries",
}


def reference(record, absolute):
    """A short node naming a record: its @id, and its page in this language."""
    return {
        "@type": SCHEMA_TYPES[record._meta.model_name],
        "@id": node_id(record, absolute),
        "name": str(record),
        "url": absolute(record.get_absolute_url()),
    }


def country_ref(country, absolute):
    return {**reference(country, absolute), "identifier": country.iso_code}


def same_as(record):
    """The record's pages elsewhere: its website, Wikidata, ORCID, VIAF."""
    return [link.url for link in external_profile_links(record)]


def organization_ref(organization, absolute):
    return compact(
        {
            **reference(organization, absolute),
            "alternateName": organization.acronym,
        }
    )


def person_jsonld(person, absolute):
    photo = person.thumbnail or person.photo
    return compact(
        {
            "@context": CONTEXT,
            **reference(person, absolute),
            "alternateName": [other.name for other in person.alternative_names.all()],
            "jobTitle": person.position,
            "affiliation": person.organization
            and organization_ref(person.organization, absolute),
            "nationality": person.country and country_ref(person.country, absolute),
            "image": absolute(photo.url) if photo else None,
            "description": person.biography,
            "sameAs": same_as(person),
        }
    )


def organization_jsonld(organization, absolute):
    return compact(
        {
            "@context": CONTEXT,
            **organization_ref(organization, absolute),
            "description": organization.description,
            "sameAs": same_as(organization),
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
    return compact(
        {
            "@context": CONTEXT,
            **country_ref(country, absolute),
            "sameAs": same_as(country),
        }
    )


def topic_jsonld(topic, absolute):
    return compact(
        {
            "@context": CONTEXT,
            **reference(topic, absolute),
            "description": topic.description,
        }
    )


def series_jsonld(series, absolute):
    return compact(
        {
            "@context": CONTEXT,
            **reference(series, absolute),
            "description": series.description,
            "startDate": dates.isoformat(series.started_on, series.started_precision),
        }
    )


def collection_jsonld(records, *, name, url, first, absolute):
    """A list page: a CollectionPage whose main entity is the ItemList of the
    `records` it shows, numbered from `first` (the page's first position)."""
    return {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": name,
        "url": url,
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "item": reference(record, absolute),
                }
                for position, record in enumerate(records, start=first)
            ],
        },
    }


def website_reference(absolute, name):
    """The archive as a WebSite: one @id, its home page's in the default
    language, as records' are."""
    with override(settings.LANGUAGE_CODE):
        home = absolute(reverse("events:home"))
    return {"@type": "WebSite", "@id": f"{home}#website", "name": name}


def website_jsonld(absolute, *, name):
    """The home page: the archive as a WebSite, with the search that finds
    in it (what search engines offer as a search box)."""
    search = absolute(reverse("events:search"))
    return {
        "@context": CONTEXT,
        **website_reference(absolute, name),
        "url": absolute(reverse("events:home")),
        "inLanguage": get_language(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{search}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


def search_page_jsonld(absolute, *, name, url, site):
    """The search page: a SearchResultsPage of the WebSite named `site`."""
    return {
        "@context": CONTEXT,
        "@type": "SearchResultsPage",
        "name": name,
        "url": url,
        "isPartOf": website_reference(absolute, site),
    }


def dataset_jsonld(absolute, *, name, description, url, site):
    """The statistics page as a Dataset, as dataset search engines read one:
    the archive's numbers (statistics.json) and its data package."""
    return {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": url,
        "license": settings.DATA_LICENSE_URL,
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": site},
        "isPartOf": website_reference(absolute, site),
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": absolute(reverse(address)),
            }
            for address in ("events:statistics-json", "data-package")
        ],
    }


# schema.org has no status for "took place": EventScheduled is what it uses for
# past events that happened as planned, and an announced event not known to
# have taken place is, as far as the archive knows, scheduled too. Neither is
# known to be cancelled, postponed or moved online, so no other status fits.
EVENT_STATUS = "https://schema.org/EventScheduled"


def place(event, absolute):
    """Where `event` took place, as far as the archive knows: its venue, city
    and host country. None when neither city nor country is known: schema.org
    and Google expect an Event to have a location, but a Place with no address
    would say nothing, so the event is given without one (README, Open data)."""
    address = compact(
        {
            "@type": "PostalAddress",
            "addressLocality": event.city,
            "addressCountry": event.host_country and event.host_country.iso_code,
        }
    )
    if len(address) == 1:
        return None
    return compact(
        {
            "@type": "Place",
            "name": event.venue or event.city or str(event.host_country),
            "address": address,
            "containedInPlace": event.host_country
            and country_ref(event.host_country, absolute),
        }
    )


def performer(participation, absolute):
    return compact(
        {
            **reference(participation.person, absolute),
            "jobTitle": participation.position,
        }
    )


def event_jsonld(event, absolute):
    """`event` as event_detail or events_for_export read it."""
    return compact(
        {
            "@context": CONTEXT,
            **reference(event, absolute),
            "description": event.summary,
            "startDate": event.start_iso,
            "endDate": event.end_iso,
            "eventStatus": EVENT_STATUS,
            "location": place(event, absolute),
            "organizer": [
                organization_ref(organizer, absolute)
                for organizer in event.organizers.all()
            ],
            "performer": [
                performer(participation, absolute)
                for participation in event.speaker_list
            ],
            "about": [reference(topic, absolute) for topic in event.topics.all()],
            "superEvent": event.series and reference(event.series, absolute),
            "image": [photo_jsonld(photo, absolute) for photo in event.photos.all()],
            "subjectOf": [
                document_jsonld(document, absolute)
                for document in event.documents.all()
            ]
            + [link_jsonld(link) for link in event.links.all()],
        }
    )


def photo_jsonld(photo, absolute):
    return compact(
        {
            "@type": "ImageObject",
            "contentUrl": absolute(photo.large_jpeg.url),
            "thumbnailUrl": absolute(photo.small_jpeg.url),
            "width": photo.width,
            "height": photo.height,
            "description": photo.alt_text,
            "caption": photo.caption,
            "creditText": photo.credit,
            "license": photo.licence_url,
        }
    )


def document_jsonld(document, absolute):
    """A PDF as a MediaObject: DigitalDocument has no contentSize, and
    schema.org gives numberOfPages to Book only, so the page count is left out."""
    return compact(
        {
            "@type": "MediaObject",
            "name": document.title,
            "contentUrl": absolute(document.file.url),
            "encodingFormat": "application/pdf",
            "contentSize": f"{document.size} B",
            "inLanguage": document.language if len(document.language) == 2 else "",
            "thumbnailUrl": absolute(document.preview.url),
        }
    )


# What a recording or link elsewhere is, in schema.org's words.
LINK_TYPES = {
    "video": "VideoObject",
    "audio": "AudioObject",
    "slides": "PresentationDigitalDocument",
    "page": "WebPage",
}


def link_jsonld(link):
    return compact(
        {
            "@type": LINK_TYPES[link.kind],
            "name": link.title,
            "url": link.url,
            "inLanguage": link.language if len(link.language) == 2 else "",
        }
    )
