"""OAI-PMH 2.0 at /oai/: published events as Dublin Core records, for the
harvesters of libraries and aggregators.

Records are the published events, oldest change first, then the events
withdrawn (made drafts again or deleted after they were published), as
deleted records. A list is paged by the last (change, id) a page ended at,
carried in a signed resumption token: an event changed during a harvest
moves to the end of the published ones and is harvested again, never
skipped. Sets are an event's series, countries (hosting or taking part) and
topics.
"""

import datetime
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from lxml import etree

from events.models import Event

from .. import selectors

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
METADATA_PREFIX = "oai_dc"

# Records per ListRecords or ListIdentifiers response.
PAGE_SIZE = 100
# The longest argument value read: tokens are about 200 characters.
MAX_ARGUMENT_LENGTH = 1000
# The module's first address: tokens already handed to harvesters stay valid.
TOKEN_SALT = "events.opendata.oai"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
SECONDS_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# Characters XML 1.0 cannot hold: lxml refuses them, so they are dropped
# from what records show and refused in arguments.
NOT_IN_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SET_SPEC = re.compile(r"(series|country|topic):[-a-zA-Z0-9_]+")
LIST_ARGUMENTS = {"metadataPrefix", "from", "until", "set"}
# Each verb's required and optional arguments; resumptionToken is exclusive.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "ListIdentifiers": ({"metadataPrefix"}, LIST_ARGUMENTS - {"metadataPrefix"}),
    "ListRecords": ({"metadataPrefix"}, LIST_ARGUMENTS - {"metadataPrefix"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
RESUMABLE = {"ListSets", "ListIdentifiers", "ListRecords"}


class OAIError(Exception):
    """An OAI-PMH error condition: answered with its code, HTTP 200."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def repository_host():
    return urlsplit(settings.SITE_URL).hostname


def event_identifier(event):
    return f"oai:{repository_host()}:event/{event.slug}"


def slug_from_oai_identifier(identifier):
    prefix = f"oai:{repository_host()}:event/"
    if not identifier.startswith(prefix):
        raise OAIError("idDoesNotExist", "No record has this identifier.")
    return identifier.removeprefix(prefix)


def datestamp(moment):
    return moment.astimezone(datetime.UTC).strftime(SECONDS_FORMAT)


def parsed_datestamp(text, *, until):
    """The moment a `from` (the first included) or `until` (the first
    excluded) argument names, and its granularity ("day" or "seconds")."""
    granularity = "day" if len(text) == len("YYYY-MM-DD") else "seconds"
    text_format, step = {
        "day": ("%Y-%m-%d", datetime.timedelta(days=1)),
        "seconds": (SECONDS_FORMAT, datetime.timedelta(seconds=1)),
    }[granularity]
    try:
        moment = datetime.datetime.strptime(text, text_format)
        moment = moment.replace(tzinfo=datetime.UTC) + step * until
    except (ValueError, OverflowError) as error:
        raise OAIError(
            "badArgument", f"{text!r} is not a date as {GRANULARITY} gives it."
        ) from error
    return moment, granularity


def list_selection(arguments):
    """The (from, until, set) of a list request's arguments, checked."""
    changed_from = changed_before = None
    granularities = set()
    if "from" in arguments:
        changed_from, granularity = parsed_datestamp(arguments["from"], until=False)
        granularities.add(granularity)
    if "until" in arguments:
        changed_before, granularity = parsed_datestamp(arguments["until"], until=True)
        granularities.add(granularity)
    if len(granularities) > 1:
        raise OAIError("badArgument", "from and until differ in granularity.")
    if changed_from and changed_before and changed_from >= changed_before:
        raise OAIError("badArgument", "from is later than until.")
    set_spec = arguments.get("set")
    if set_spec is not None and not SET_SPEC.fullmatch(set_spec):
        raise OAIError("badArgument", "A set is series:, country: or topic:<slug>.")
    return {
        "changed_from": changed_from,
        "changed_before": changed_before,
        "set_spec": set_spec,
    }


def position_of(event):
    """Where a list stands after `event`: (phase, change, key)."""
    if isinstance(event, selectors.WithdrawnEvent):
        return "withdrawn", event.updated, event.slug
    return "published", event.updated, event.pk


def token_for(selection, last_event, cursor):
    """A resumption token: the selection and where its next page starts."""
    phase, moment, key = position_of(last_event)
    moments = {
        name: selection[name].isoformat() if selection[name] else None
        for name in ("changed_from", "changed_before")
    }
    return signing.dumps(
        {
            **moments,
            "set_spec": selection["set_spec"],
            "after": [phase, moment.isoformat(), key],
            "cursor": cursor,
        },
        salt=TOKEN_SALT,
        compress=True,
    )


def resumed(token):
    """(selection, position to resume after, cursor) of a token."""
    try:
        state = signing.loads(token, salt=TOKEN_SALT)
        selection = {
            name: datetime.datetime.fromisoformat(state[name]) if state[name] else None
            for name in ("changed_from", "changed_before")
        }
        selection["set_spec"] = state["set_spec"]
        phase, moment, key = state["after"]
        key = {"published": int, "withdrawn": str}[phase](key)
        after = (phase, datetime.datetime.fromisoformat(moment), key)
        return selection, after, int(state["cursor"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise OAIError(
            "badResumptionToken", "The resumption token is not one we gave."
        ) from error


class Response:
    """An OAI-PMH response document being built."""

    def __init__(self, request, arguments):
        self.root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
        self.root.set(
            f"{{{XSI}}}schemaLocation",
            f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
        )
        self.add(self.root, "responseDate", datestamp(timezone.now()))
        self.request_element = self.add(self.root, "request", base_url(request))
        self.arguments = arguments
        self.cacheable = True

    @staticmethod
    def add(parent, name, text=None, namespace=OAI, **attributes):
        element = etree.SubElement(parent, f"{{{namespace}}}{name}", **attributes)
        if text is not None:
            element.text = xml_text(text)
        return element

    def body(self, verb):
        for name, value in sorted(self.arguments.items()):
            self.request_element.set(name, value)
        return self.add(self.root, verb)

    def error(self, error):
        self.add(self.root, "error", error.message, code=error.code)
        self.cacheable = False

    def http_response(self):
        content = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8")
        response = HttpResponse(content, content_type="text/xml; charset=utf-8")
        if not self.cacheable:
            # Made-up verbs, identifiers or tokens would fill the page cache.
            add_never_cache_headers(response)
        return response


def xml_text(value):
    """`value` as text XML can hold: a control character pasted into a
    title must not stop a whole harvest."""
    return NOT_IN_XML.sub("", str(value))


def base_url(request):
    return settings.SITE_URL + request.path


def checked_arguments(request):
    """The request's arguments, each given once and not too long."""
    arguments = {}
    for name, values in request.GET.lists():
        if len(values) > 1:
            raise OAIError("badArgument", f"{name} is given more than once.")
        if len(values[0]) > MAX_ARGUMENT_LENGTH:
            raise OAIError("badArgument", f"{name} is too long.")
        if NOT_IN_XML.search(name + values[0]):
            raise OAIError("badArgument", f"{name!r} holds a control character.")
        arguments[name] = values[0]
    verb = arguments.pop("verb", None)
    if verb not in VERBS:
        raise OAIError("badVerb", "The verb is missing or not an OAI-PMH verb.")
    required, optional = VERBS[verb]
    if verb in RESUMABLE and "resumptionToken" in arguments:
        required, optional = {"resumptionToken"}, set()
    if missing := required - set(arguments):
        raise OAIError("badArgument", f"Missing: {', '.join(sorted(missing))}.")
    if unknown := set(arguments) - required - optional:
        raise OAIError("badArgument", f"Not allowed: {', '.join(sorted(unknown))}.")
    if arguments.get("metadataPrefix", METADATA_PREFIX) != METADATA_PREFIX:
        raise OAIError("cannotDisseminateFormat", "Records are given as oai_dc.")
    return verb, arguments


@require_safe
def oai_pmh(request):
    """Answer an OAI-PMH request; an error is an <error> with its code, as
    the protocol asks, with HTTP 200."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            verb, arguments = checked_arguments(request)
        except OAIError as error:
            response = Response(request, {})
            response.error(error)
            return response.http_response()
        response = Response(request, {"verb": verb, **arguments})
        try:
            VERB_HANDLERS[verb](response, response.body(verb), arguments)
        except OAIError as error:
            response.root.remove(response.root[-1])
            if error.code == "badArgument":
                # Arguments found bad are not echoed back, as the protocol says.
                response.request_element.attrib.clear()
            response.error(error)
        return response.http_response()


def identify(response, body, arguments):
    add = response.add
    add(body, "repositoryName", "Academy Archive")
    add(body, "baseURL", response.request_element.text)
    add(body, "protocolVersion", "2.0")
    add(body, "adminEmail", settings.OAI_ADMIN_EMAIL)
    withdrawn = selectors.oai_withdrawn_event_list()
    changes = [selectors.earliest_event_update(), *(e.updated for e in withdrawn[:1])]
    earliest = min((moment for moment in changes if moment), default=timezone.now())
    add(body, "earliestDatestamp", datestamp(earliest))
    # Withdrawals are known from the versions and the admin's log, which a
    # purge of old versions may forget.
    add(body, "deletedRecord", "transient")
    add(body, "granularity", GRANULARITY)


def list_metadata_formats(response, body, arguments):
    if "identifier" in arguments:
        event_of(arguments["identifier"])
    metadata_format = response.add(body, "metadataFormat")
    response.add(metadata_format, "metadataPrefix", METADATA_PREFIX)
    response.add(
        metadata_format, "schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
    )
    response.add(metadata_format, "metadataNamespace", OAI_DC)


def list_sets(response, body, arguments):
    """Every set at once: a few hundred series, countries and topics."""
    if "resumptionToken" in arguments:
        raise OAIError("badResumptionToken", "Sets are listed in one response.")
    for set_kind, records in selectors.oai_set_list():
        for record in records:
            oai_set = response.add(body, "set")
            response.add(oai_set, "setSpec", f"{set_kind}:{record.slug}")
            response.add(oai_set, "setName", str(record))
    if not len(body):
        # The protocol's answer when there are no sets: a ListSets must hold one.
        raise OAIError("noSetHierarchy", "The archive holds no sets yet.")


def event_of(identifier):
    """The published or withdrawn event an identifier names."""
    slug = slug_from_oai_identifier(identifier)
    try:
        return selectors.oai_event_list().get(slug=slug)
    except Event.DoesNotExist:
        pass
    for event in selectors.oai_withdrawn_event_list():
        if event.slug == slug:
            return event
    raise OAIError("idDoesNotExist", "No record has this identifier.")


def get_record(response, body, arguments):
    add_record(response, body, event_of(arguments["identifier"]))


def list_records(response, body, arguments):
    list_events(response, body, arguments, add_record)


def list_identifiers(response, body, arguments):
    list_events(response, body, arguments, add_header)


def list_events(response, body, arguments, add_event):
    """A page of the events a list request selects, each added by
    `add_event`, and the token of the next page."""
    if "resumptionToken" in arguments:
        selection, after, cursor = resumed(arguments["resumptionToken"])
    else:
        selection, after, cursor = list_selection(arguments), None, 0
    published = selectors.oai_event_list(**selection)
    withdrawn = selectors.oai_withdrawn_event_list(**selection)
    page = page_after(published, withdrawn, after)
    if not page:
        raise OAIError("noRecordsMatch", "No record matches these arguments.")
    for event in page[:PAGE_SIZE]:
        add_event(response, body, event)
    if after is None and len(page) <= PAGE_SIZE:
        return
    more = len(page) > PAGE_SIZE
    token = (
        token_for(selection, page[PAGE_SIZE - 1], cursor + PAGE_SIZE) if more else None
    )
    response.add(
        body,
        "resumptionToken",
        token,
        completeListSize=str(published.count() + len(withdrawn)),
        cursor=str(cursor),
    )


def page_after(published, withdrawn, after):
    """Up to PAGE_SIZE + 1 events from the position `after` on (None: the
    start): the published events, then the withdrawn ones."""
    phase, moment, key = after or ("published", None, None)
    if phase == "withdrawn":
        return [e for e in withdrawn if (e.updated, e.slug) > (moment, key)][
            : PAGE_SIZE + 1
        ]
    if moment is not None:
        published = published.filter(
            Q(updated__gt=moment) | Q(updated=moment, pk__gt=key)
        )
    return [*published[: PAGE_SIZE + 1], *withdrawn][: PAGE_SIZE + 1]


def add_header(response, parent, event):
    if isinstance(event, selectors.WithdrawnEvent):
        header = response.add(parent, "header", status="deleted")
        set_specs = event.set_specs
    else:
        header = response.add(parent, "header")
        set_specs = selectors.oai_set_specs(
            series=event.series,
            countries=[event.host_country, *event.participating_countries.all()],
            topics=event.topics.all(),
        )
    response.add(header, "identifier", event_identifier(event))
    response.add(header, "datestamp", datestamp(event.updated))
    for set_spec in set_specs:
        response.add(header, "setSpec", set_spec)


def add_record(response, parent, event):
    record = response.add(parent, "record")
    add_header(response, record, event)
    if isinstance(event, selectors.WithdrawnEvent):
        return
    metadata = response.add(record, "metadata")
    dublin_core(metadata, event)


def dublin_core(parent, event):
    """The event as an oai_dc:dc element inside `parent`."""
    dc = etree.SubElement(
        parent,
        f"{{{OAI_DC}}}dc",
        nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI},
    )
    dc.set(
        f"{{{XSI}}}schemaLocation",
        f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    )

    def add(name, text, language=None):
        if text:
            element = etree.SubElement(dc, f"{{{DC}}}{name}")
            element.text = xml_text(text)
            if language:
                element.set(XML_LANG, language)

    for field in ("title", "description"):
        source = "summary" if field == "description" else field
        for code, _name in settings.LANGUAGES:
            add(field, getattr(event, f"{source}_{code}"), code)
    for organization in event.organizers.all():
        add("creator", organization)
    for participation in event.speaker_list:
        add("contributor", participation.person)
    for topic in event.topics.all():
        add("subject", topic)
    add("publisher", "Academy Archive")
    start, end = event.start_iso, event.end_iso
    add("date", f"{start}/{end}" if end and end != start else start)
    add("type", "Event")
    add("identifier", settings.SITE_URL + event.get_absolute_url())
    add("coverage", event.locality)
    if event.source:
        add("source", event.source)


VERB_HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
    "GetRecord": get_record,
}
