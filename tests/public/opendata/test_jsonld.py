import json
from datetime import date

import extruct
import pytest
import rdflib
from django.core.files.base import ContentFile
from pyld import jsonld
from rdflib.namespace import RDF

from people.models import Person
from tests.factories import (
    make_document,
    make_event,
    make_link,
    make_photo,
    make_series,
    make_topic,
)
from tests.helpers import ACADEMY, ACADEMY_SLUG, SCHOOL_SLUG, soup_of

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
SCHEMA = rdflib.Namespace("https://schema.org/")


def structured_data(response):
    """Every JSON-LD block of the page, parsed."""
    assert response.status_code == 200
    blocks = soup_of(response).select('script[type="application/ld+json"]')
    return [json.loads(block.string) for block in blocks]


# The fragment of a record's @id, by the first part of its page's path.
FRAGMENTS = {
    "events": "event",
    "people": "person",
    "countries": "country",
    "organizations": "organization",
    "topics": "topic",
    "series": "series",
}


def ref(kind, path, name, **extra):
    """A reference to the record at `path` (its English address), from an
    English page."""
    return {
        "@type": kind,
        "@id": f"{SITE}{path}#{FRAGMENTS[path.split('/')[1]]}",
        "name": name,
        "url": SITE + path,
        **extra,
    }


def test_event_jsonld_describes_the_2015_academy(client, archive_2015):
    [data] = structured_data(client.get(f"/events/{ACADEMY_SLUG}/"))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == ACADEMY
    assert data["url"] == f"{SITE}/events/{ACADEMY_SLUG}/"
    assert data["startDate"] == "2015-06-25"
    assert "endDate" not in data
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "CSTO Secretariat",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Moscow",
            "addressCountry": "RU",
        },
        "containedInPlace": ref(
            "Country", "/countries/russia/", "Russia", identifier="RU"
        ),
    }
    assert data["performer"] == [
        ref(
            "Person",
            "/people/valery-semerikov/",
            "Valery Semerikov",
            jobTitle="Deputy Secretary General of the Collective Security Treaty "
            "Organization",
        ),
        ref(
            "Person",
            "/people/victor-vasilyev/",
            "Victor Vasilyev",
            jobTitle="Plenipotentiary Representative of Russia to the CSTO",
        ),
        ref(
            "Person",
            "/people/david-virabyan/",
            "David Virabyan",
            jobTitle="Plenipotentiary Representative of Armenia to the CSTO",
        ),
    ]
    assert [organizer["name"] for organizer in data["organizer"]] == [
        "CSTO Analytical Association",
        "CSTO Institute",
        "Gorchakov Fund",
    ]
    assert len(data["about"]) == 13
    assert ref("DefinedTerm", "/topics/migration/", "Migration") in data["about"]
    assert data["superEvent"] == ref(
        "EventSeries", "/series/csto-academy/", "CSTO Academy"
    )


@pytest.mark.parametrize(
    "path",
    [
        f"/events/{ACADEMY_SLUG}/",
        "/people/valery-semerikov/",
        "/countries/serbia/",
        "/organizations/csto/",
        "/topics/migration/",
        "/series/csto-academy/",
    ],
)
def test_jsonld_id_is_the_same_in_both_languages(client, archive_2015, path):
    [english] = structured_data(client.get(path))
    [russian] = structured_data(client.get(f"/ru{path}"))

    assert english["@id"] == russian["@id"] == ref("Thing", path, "")["@id"]
    assert english["url"] == f"{SITE}{path}"
    assert russian["url"] == f"{SITE}/ru{path}"


def test_event_jsonld_keeps_month_precision(client, archive_2015):
    [data] = structured_data(client.get(f"/events/{SCHOOL_SLUG}/"))

    assert data["startDate"] == "2015-10"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "Serbia",
        "address": {"@type": "PostalAddress", "addressCountry": "RS"},
        "containedInPlace": ref(
            "Country", "/countries/serbia/", "Serbia", identifier="RS"
        ),
    }


def test_event_jsonld_knowing_only_the_city_gives_it_as_location(client, db):
    make_event(slug="minsk", city="Minsk")

    [data] = structured_data(client.get("/events/minsk/"))

    assert data["location"] == {
        "@type": "Place",
        "name": "Minsk",
        "address": {"@type": "PostalAddress", "addressLocality": "Minsk"},
    }


def test_event_jsonld_without_a_place_has_no_location(client, db):
    make_event(slug="nowhere")

    [data] = structured_data(client.get("/events/nowhere/"))

    assert "location" not in data


def test_event_jsonld_cannot_be_closed_by_its_text(client, db):
    title = "</script><script>alert(1)</script> & more"
    make_event(slug="tricky", title=title)

    response = client.get("/events/tricky/")

    [data] = structured_data(response)
    assert data["name"] == title
    assert "<script>alert(1)" not in response.content.decode()


def test_person_jsonld(client, archive_2015):
    [data] = structured_data(client.get("/people/victor-vasilyev/"))

    assert data["@type"] == "Person"
    assert data["url"] == f"{SITE}/people/victor-vasilyev/"
    assert data["jobTitle"] == "Plenipotentiary Representative of Russia to the CSTO"
    assert sorted(data["alternateName"]) == [
        "Viktor Vasiliev",
        "Viktor Vasilyev",
        "Виктор Васильев",
    ]
    assert data["nationality"] == ref(
        "Country", "/countries/russia/", "Russia", identifier="RU"
    )
    assert data["affiliation"]["@type"] == "Organization"
    assert data["affiliation"]["url"].startswith(f"{SITE}/organizations/")


def test_organization_jsonld(client, archive_2015):
    [data] = structured_data(client.get("/organizations/csto-institute/"))

    assert data["@type"] == "Organization"
    assert data["name"] == "CSTO Institute"
    assert data["parentOrganization"] == ref(
        "Organization",
        "/organizations/csto/",
        "Collective Security Treaty Organization",
        alternateName="CSTO",
    )


def test_country_jsonld(client, archive_2015):
    [data] = structured_data(client.get("/countries/serbia/"))

    assert data == {
        "@context": "https://schema.org",
        **ref("Country", "/countries/serbia/", "Serbia", identifier="RS"),
    }


def test_topic_jsonld(client, archive_2015):
    [data] = structured_data(client.get("/topics/migration/"))

    assert data == {
        "@context": "https://schema.org",
        **ref("DefinedTerm", "/topics/migration/", "Migration"),
    }


def test_series_jsonld(client, db):
    make_series(
        slug="academy",
        name="Academy",
        description="Yearly sessions.",
        started_on=date(2012, 10, 1),
        started_precision="month",
    )

    [data] = structured_data(client.get("/ru/series/academy/"))

    assert data == {
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "@id": f"{SITE}/series/academy/#series",
        "name": "Academy",
        "url": f"{SITE}/ru/series/academy/",
        "description": "Yearly sessions.",
        "startDate": "2012-10",
    }


# Each list page, and how its record links are found on it.
LIST_PAGES = [
    ("/events/", ".card-title a"),
    ("/people/", ".card-title a"),
    ("/countries/", ".tally li > a"),
    ("/organizations/", ".card-title a"),
    ("/topics/", ".tally li > a"),
    ("/series/", ".card-title a"),
]


@pytest.mark.parametrize("language", ["", "/ru"])
@pytest.mark.parametrize(("path", "links"), LIST_PAGES)
def test_list_page_jsonld_lists_its_records(
    client, archive_2015, language, path, links
):
    response = client.get(f"{language}{path}")

    [data] = structured_data(response)
    shown = [
        SITE + link["href"].split("?")[0] for link in soup_of(response).select(links)
    ]
    items = data["mainEntity"]["itemListElement"]
    assert (data["@type"], data["mainEntity"]["@type"]) == (
        "CollectionPage",
        "ItemList",
    )
    assert data["name"] == sharing_meta(response)["og:title"]
    assert data["url"] == f"{SITE}{language}{path}"
    assert shown
    assert [item["item"]["url"] for item in items] == shown
    assert [item["position"] for item in items] == list(range(1, len(shown) + 1))
    assert {item["@type"] for item in items} == {"ListItem"}


def test_list_page_jsonld_counts_positions_across_pages(client, db):
    for number in range(25):
        make_topic(slug=f"topic-{number:02}", name=f"Topic {number:02}")

    [data] = structured_data(client.get("/topics/?page=2"))

    items = data["mainEntity"]["itemListElement"]
    assert [(item["position"], item["item"]["name"]) for item in items] == [
        (position, f"Topic {position - 1:02}") for position in range(21, 26)
    ]
    assert items[0]["item"]["@id"] == f"{SITE}/topics/topic-20/#topic"


def sharing_meta(response):
    head = soup_of(response).head
    tags = head.select('meta[property^="og:"], meta[name^="twitter:"]')
    return {tag.get("property") or tag["name"]: tag["content"] for tag in tags}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/events/",
        f"/events/{ACADEMY_SLUG}/",
        "/people/",
        "/people/valery-semerikov/",
        "/countries/",
        "/countries/serbia/",
        "/organizations/",
        "/organizations/csto/",
        "/topics/",
        "/topics/migration/",
        "/series/",
        "/series/csto-academy/",
        "/statistics/",
        "/search/?q=csto",
        "/ru/events/",
        "/no-such-page/",
    ],
)
def test_every_page_has_sharing_meta(client, archive_2015, url):
    response = client.get(url)

    meta = sharing_meta(response)
    head = soup_of(response).head
    # A page that exists in the other language names its locale too.
    alternate = set() if url == "/no-such-page/" else {"og:locale:alternate"}
    assert (
        set(meta)
        == {
            "og:site_name",
            "og:type",
            "og:title",
            "og:description",
            "og:url",
            "og:locale",
            "og:image",
            "og:image:alt",
            "twitter:card",
            "twitter:title",
            "twitter:description",
            "twitter:image",
            "twitter:image:alt",
        }
        | alternate
    )
    # The <title> is the page's title, then " · " and the site's name.
    assert meta["og:title"] == head.title.get_text().rsplit(" · ", 1)[0]
    assert (
        meta["og:description"] == head.select_one('meta[name="description"]')["content"]
    )
    assert meta["og:description"]
    assert meta["og:url"] == f"{SITE}{url.split('?')[0]}"
    assert meta["og:image"] == meta["twitter:image"]
    assert meta["og:image"].startswith(f"{SITE}/")


@pytest.mark.parametrize(
    ("language", "locale", "alternate"),
    [("", "en_US", "ru_RU"), ("/ru", "ru_RU", "en_US")],
)
def test_sharing_meta_names_the_locale_and_the_other(
    client, archive_2015, language, locale, alternate
):
    meta = sharing_meta(client.get(f"{language}/people/valery-semerikov/"))

    assert (meta["og:locale"], meta["og:locale:alternate"]) == (locale, alternate)


@pytest.mark.parametrize(
    ("language", "alt"),
    [
        ("", "Academy Archive: open records of academic and diplomatic sessions"),
        (
            "/ru",
            "Архив Академии: открытые записи научных и дипломатических мероприятий",
        ),
    ],
)
def test_default_sharing_image_has_its_alt_text(client, archive_2015, language, alt):
    meta = sharing_meta(client.get(f"{language}/topics/"))

    assert meta["og:image"] == f"{SITE}/static/img/og-default.png"
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == alt


def test_event_sharing_image_alt_is_its_cover_photo_alt_text(client, media_root):
    event = make_event(slug="fourth", title="Fourth")
    cover = make_photo(event, alt_text="Speakers at the round table")

    meta = sharing_meta(client.get("/ru/events/fourth/"))

    assert meta["og:image"] == f"{SITE}{cover.large_jpeg.url}"
    assert meta["og:image:alt"] == "Speakers at the round table"


def test_event_sharing_meta(client, archive_2015):
    meta = sharing_meta(client.get(f"/events/{ACADEMY_SLUG}/"))

    assert meta["og:title"] == ACADEMY
    assert meta["og:description"].startswith(
        "On 25 June 2015 the 4th CSTO Academy opened"
    )
    assert meta["og:image"] == f"{SITE}/static/img/og-default.png"
    assert meta["twitter:card"] == "summary_large_image"


def test_person_sharing_meta_shows_the_photo(client, archive_2015, media_root):
    person = Person.objects.get(slug="david-virabyan")
    person.photo.save("portrait.png", ContentFile(b"not read here"), save=False)
    Person.objects.filter(pk=person.pk).update(photo=person.photo.name)

    meta = sharing_meta(client.get("/people/david-virabyan/"))

    assert meta["og:image"] == f"{SITE}/media/{person.photo.name}"
    assert meta["og:image:alt"] == "David Virabyan"
    assert meta["twitter:card"] == "summary"


# The properties schema.org defines for each type we emit, its inherited ones
# included (from the type pages on schema.org; a subset: the whole list of
# each type is longer, but nothing here is missing from schema.org).
THING = {
    "name",
    "url",
    "description",
    "alternateName",
    "identifier",
    "image",
    "sameAs",
    "subjectOf",
    "mainEntityOfPage",
}
CREATIVE_WORK = THING | {
    "about",
    "creditText",
    "license",
    "inLanguage",
    "thumbnailUrl",
    "encodingFormat",
    "mainEntity",
    "isPartOf",
}
MEDIA_OBJECT = CREATIVE_WORK | {"contentUrl", "contentSize", "width", "height"}
EVENT = THING | {
    "about",
    "startDate",
    "endDate",
    "eventStatus",
    "location",
    "organizer",
    "performer",
    "superEvent",
    "subEvent",
    "inLanguage",
}
PLACE = THING | {"address", "containedInPlace", "containsPlace", "geo"}
SCHEMA_PROPERTIES = {
    "Event": EVENT,
    "EventSeries": EVENT,  # Event and Series; Series adds none
    "Person": THING | {"affiliation", "jobTitle", "nationality", "worksFor"},
    "Organization": THING
    | {"location", "parentOrganization", "subOrganization", "address"},
    "Place": PLACE,
    "Country": PLACE,
    "PostalAddress": THING | {"addressCountry", "addressLocality", "addressRegion"},
    "DefinedTerm": THING | {"inDefinedTermSet", "termCode"},
    "Thing": THING,
    "ImageObject": MEDIA_OBJECT | {"caption"},
    "MediaObject": MEDIA_OBJECT,
    "VideoObject": MEDIA_OBJECT | {"caption"},
    "AudioObject": MEDIA_OBJECT | {"caption"},
    "PresentationDigitalDocument": CREATIVE_WORK,
    "WebPage": CREATIVE_WORK,
    "CollectionPage": CREATIVE_WORK,
    "ItemList": THING | {"itemListElement", "itemListOrder", "numberOfItems"},
    "ListItem": THING | {"item", "position"},
    "WebSite": CREATIVE_WORK | {"potentialAction"},
    "SearchAction": THING | {"target", "query-input"},
    "SearchResultsPage": CREATIVE_WORK,
    "Dataset": CREATIVE_WORK
    | {"distribution", "creator", "isAccessibleForFree", "keywords"},
    "DataDownload": MEDIA_OBJECT,
}


def nodes_of(data):
    """Every JSON-LD node (an object with an @type) within `data`."""
    if isinstance(data, list):
        for item in data:
            yield from nodes_of(item)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        for value in data.values():
            yield from nodes_of(value)


def properties_outside_schema(data):
    """{(type, property)} of what `data` says that schema.org does not define."""
    return {
        (node["@type"], key)
        for node in nodes_of(data)
        for key in node
        if not key.startswith("@")
        and key not in SCHEMA_PROPERTIES.get(node["@type"], set())
    }


@pytest.mark.parametrize("language", ["", "/ru"])
def test_event_jsonld_uses_only_schema_org_properties(client, media_root, language):
    event = make_event(slug="fourth", city="Moscow")
    make_photo(event, credit="CSTO", licence="cc_by_sa", caption="A caption")
    make_document(event)
    for kind in ("video", "audio", "slides", "page"):
        make_link(event, kind=kind, language="ru")

    [data] = structured_data(client.get(f"{language}/events/fourth/"))

    assert {node["@type"] for node in nodes_of(data["subjectOf"])} == {
        "MediaObject",
        "VideoObject",
        "AudioObject",
        "PresentationDigitalDocument",
        "WebPage",
    }
    assert properties_outside_schema(data) == set()


@pytest.mark.parametrize("language", ["", "/ru"])
@pytest.mark.parametrize(
    "path",
    [
        f"/events/{ACADEMY_SLUG}/",
        "/people/victor-vasilyev/",
        "/countries/serbia/",
        "/organizations/csto-institute/",
        "/topics/migration/",
        "/series/csto-academy/",
        *(path for path, _links in LIST_PAGES),
        "/",
        "/search/?q=serbia",
        "/statistics/",
    ],
)
def test_record_jsonld_uses_only_schema_org_properties(
    client, archive_2015, language, path
):
    [data] = structured_data(client.get(f"{language}{path}"))

    assert properties_outside_schema(data) == set()


WEBSITE = {"@type": "WebSite", "@id": f"{SITE}/#website"}


@pytest.mark.parametrize(
    ("language", "name"), [("", "Academy Archive"), ("/ru", "Архив Академии")]
)
def test_home_page_describes_the_archive_and_its_search(client, db, language, name):
    [data] = structured_data(client.get(f"{language}/"))

    assert data == {
        "@context": "https://schema.org",
        **WEBSITE,
        "name": name,
        "url": f"{SITE}{language}/",
        "inLanguage": language.strip("/") or "en",
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{SITE}{language}/search/?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


def test_search_page_is_part_of_the_archive(client, db):
    [data] = structured_data(client.get("/ru/search/?q=serbia"))

    assert data == {
        "@context": "https://schema.org",
        "@type": "SearchResultsPage",
        "name": "Поиск: serbia",
        "url": f"{SITE}/ru/search/",
        "isPartOf": {**WEBSITE, "name": "Архив Академии"},
    }


def test_statistics_page_is_a_dataset_with_its_downloads(client, db):
    [data] = structured_data(client.get("/statistics/"))

    assert data["@type"] == "Dataset"
    assert data["description"].startswith("The Academy Archive in numbers")
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [item["contentUrl"] for item in data["distribution"]] == [
        f"{SITE}/statistics.json",
        f"{SITE}/data/datapackage.json",
    ]


def as_graph(blocks, graph):
    """The JSON-LD `blocks` added to the rdflib `graph`, read with the terms
    of schema.org (its context, which is not fetched here, maps every term to
    https://schema.org/)."""
    for block in blocks:
        block["@context"] = {"@vocab": "https://schema.org/"}
        graph.parse(data=json.dumps(block), format="json-ld")
    return graph


def named_things(graph):
    """The things `graph` gives a type and an address (not blank nodes)."""
    return {
        (subject, kind)
        for subject, kind in graph.subject_objects(RDF.type)
        if isinstance(subject, rdflib.URIRef)
    }


@pytest.mark.parametrize(
    "path",
    [
        f"/events/{ACADEMY_SLUG}/",
        "/countries/russia/",
        "/people/valery-semerikov/",
        "/topics/migration/",
        "/events/",
        "/",
    ],
)
def test_the_russian_page_describes_no_thing_the_english_does_not(
    client, archive_2015, path
):
    english = as_graph(structured_data(client.get(path)), rdflib.Graph())
    both = as_graph(structured_data(client.get(f"/ru{path}")), rdflib.Graph())
    both += english

    assert named_things(english)
    assert named_things(both) == named_things(english)


def test_russia_is_one_node_of_the_event_in_both_languages(client, archive_2015):
    graph = rdflib.Graph()
    for language in ("", "/ru"):
        page = client.get(f"{language}/events/{ACADEMY_SLUG}/")
        as_graph(structured_data(page), graph)

    russia = [
        subject
        for subject in graph.subjects(RDF.type, SCHEMA.Country)
        if "/russia/" in str(subject)
    ]
    assert russia == [rdflib.URIRef(f"{SITE}/countries/russia/#country")]


def schema_org_loader(url, options=None):
    """PyLD's document loader, offline: schema.org's context maps every term
    to https://schema.org/ (its @vocab), which is all these tests read."""
    assert url.rstrip("/") == "https://schema.org", url
    document = {"@context": {"@vocab": "https://schema.org/"}}
    return {"contextUrl": None, "documentUrl": url, "document": document}


@pytest.mark.parametrize(("language", "locale"), [("", "en_US"), ("/ru", "ru_RU")])
def test_crawlers_extractors_read_the_event_page(
    client, archive_2015, language, locale
):
    """extruct, the extractor of Scrapy-based crawlers, finds the page's
    JSON-LD and Open Graph; PyLD expands the JSON-LD to schema.org terms."""
    url = f"{SITE}{language}/events/{ACADEMY_SLUG}/"
    html = client.get(url.removeprefix(SITE)).content.decode()

    found = extruct.extract(
        html, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True
    )
    [event] = found["json-ld"]
    [graph] = found["opengraph"]
    [expanded] = jsonld.expand(event, {"documentLoader": schema_org_loader})

    assert graph["og:locale"] == locale
    assert expanded["@id"] == f"{SITE}/events/{ACADEMY_SLUG}/#event"
    assert expanded["@type"] == ["https://schema.org/Event"]
    [place] = expanded["https://schema.org/location"]
    assert place["@type"] == ["https://schema.org/Place"]
