from django.contrib import admin, messages
from django.db import transaction
from django.db.models import OuterRef
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, override
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
)

from academy.admin import (
    HTTPS_URLS,
    ConflictCheckedInline,
    HistoryAdmin,
    ImportAdmin,
    PartOfParentInline,
    StartsFirstSearch,
    change_link,
    changelist_link,
)
from academy.i18n import localized
from academy.queries import count_of
from academy.uploads import FileUploadsAdmin
from academy.writes import keeping_derived_data_for

from . import checks, dates
from .forms import (
    EventAdminForm,
    EventDocumentForm,
    EventPhotoForm,
    ParticipationInlineFormSet,
)
from .imports import EventResource
from .models import (
    CORRECTED_KINDS,
    Correction,
    Event,
    EventDocument,
    EventLink,
    EventPhoto,
    Participation,
    Series,
    Source,
    Topic,
)


def event_count_link(lookup, obj):
    return changelist_link(Event, lookup, obj.pk, obj.event_count)


@admin.register(Topic)
class TopicAdmin(StartsFirstSearch, HistoryAdmin, TranslationAdmin):
    list_display = ("name", "linked_events")
    search_fields = localized("name")
    prefix_fields = localized("name")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        events = Event.topics.through.objects.filter(topic=OuterRef("pk"))
        return super().get_queryset(request).annotate(event_count=count_of(events))

    @admin.display(description=_("events"), ordering="event_count")
    def linked_events(self, obj):
        return event_count_link("topics__id__exact", obj)


@admin.register(Series)
class SeriesAdmin(StartsFirstSearch, HistoryAdmin, TranslationAdmin):
    list_display = ("name", "started_display", "linked_events")
    search_fields = localized("name")
    prefix_fields = localized("name")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        events = Event.objects.filter(series=OuterRef("pk"))
        return super().get_queryset(request).annotate(event_count=count_of(events))

    @admin.display(description=_("started"), ordering="started_on")
    def started_display(self, obj):
        return obj.started_display

    @admin.display(description=_("events"), ordering="event_count")
    def linked_events(self, obj):
        return event_count_link("series__id__exact", obj)


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ("title", "publisher", "published_on", "linked_events")
    search_fields = ("title", "publisher", "url")

    def get_queryset(self, request):
        events = Event.objects.filter(source=OuterRef("pk"))
        return super().get_queryset(request).annotate(event_count=count_of(events))

    @admin.display(description=_("events"), ordering="event_count")
    def linked_events(self, obj):
        return event_count_link("source__id__exact", obj)


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Event.objects.dates("start_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        # Any other value (a typo, an edited URL) lists every event.
        if year := dates.parse_year(self.value() or ""):
            first_day, next_first_day = dates.year_range(year)
            return queryset.filter(
                start_date__gte=first_day, start_date__lt=next_first_day
            )
        return queryset


class ParticipationInline(
    PartOfParentInline, ConflictCheckedInline, TranslationStackedInline
):
    """Each speaker on two lines with a label on every field: as a table, the
    two positions' columns pushed the page to 1,517 px at 1280."""

    model = Participation
    formset = ParticipationInlineFormSet
    fields = (("person", "role", "order"), ("position",))
    autocomplete_fields = ("person",)
    extra = 3
    verbose_name = _("speaker")
    verbose_name_plural = _("speakers, in order")


class PhotoInline(PartOfParentInline, ConflictCheckedInline, TranslationStackedInline):
    model = EventPhoto
    form = EventPhotoForm
    fields = (
        ("image", "preview"),
        "alt_text",
        "caption",
        ("credit", "licence", "order"),
    )
    readonly_fields = ("preview",)
    extra = 1
    verbose_name_plural = _("photos, in order")

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.small_jpeg:
            return "–"
        return format_html('<img src="{}" alt="" width="160">', obj.small_jpeg.url)


class DocumentInline(
    PartOfParentInline, ConflictCheckedInline, TranslationStackedInline
):
    model = EventDocument
    form = EventDocumentForm
    fields = (("file", "facts"), "title", ("kind", "language", "order"))
    readonly_fields = ("facts",)
    extra = 1
    verbose_name_plural = _("documents (PDF), in order")

    @admin.display(description=_("pages"))
    def facts(self, obj):
        return (
            f"{obj.page_count}, {filesizeformat(obj.size)}" if obj.page_count else "–"
        )


class LinkInline(PartOfParentInline, ConflictCheckedInline, TranslationStackedInline):
    model = EventLink
    formfield_overrides = HTTPS_URLS
    fields = ("url", "title", ("kind", "language", "order"))
    extra = 1
    verbose_name_plural = _("recordings and links elsewhere, in order")


@admin.register(Event)
class EventAdmin(FileUploadsAdmin, ImportAdmin, HistoryAdmin, TranslationAdmin):
    form = EventAdminForm
    resource_classes = (EventResource,)

    inlines = (ParticipationInline, PhotoInline, DocumentInline, LinkInline)
    fieldsets = (
        (
            _("Basics"),
            {
                "fields": (
                    "title",
                    "slug",
                    "kind",
                    ("series", "session_number"),
                    "summary",
                    "body",
                )
            },
        ),
        (
            _("Dates and place"),
            {
                "fields": (
                    ("start_date", "end_date"),
                    "city",
                    "venue",
                    "host_country",
                )
            },
        ),
        (
            _("People and organizations"),
            {
                "fields": (
                    "organizers",
                    "participating_countries",
                    "mentioned_organizations",
                    "mentioned_countries",
                )
            },
        ),
        (_("Topics"), {"fields": ("topics",)}),
        (_("Source"), {"fields": ("source",)}),
        (_("Publication"), {"fields": ("status", "outcome", "checked_warnings")}),
    )
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = (
        "host_country",
        "series",
        "source",
        "organizers",
        "participating_countries",
        "topics",
        "mentioned_organizations",
        "mentioned_countries",
    )
    list_display = (
        "title",
        "dates",
        "city",
        "host_country",
        "status",
        "speaker_count",
    )
    list_select_related = ("host_country",)
    list_filter = (
        "status",
        "kind",
        YearListFilter,
        ("host_country", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = localized("title", "city") + (
        *localized("participations__person__name"),
        "participations__person__alternative_names__name",
    )
    date_hierarchy = "start_date"
    actions = ("publish", "unpublish")

    def get_queryset(self, request):
        speakers = Participation.objects.filter(event=OuterRef("pk"))
        return super().get_queryset(request).annotate(speaker_count=count_of(speakers))

    def view_on_site(self, obj):
        # A draft's public address is a 404 by design; offer no link to it.
        return obj.get_absolute_url() if obj.is_published else None

    def restore_refusal(self, event, stored):
        # A version that publishes the event gets the checks of publishing.
        if not event.is_published or (stored and stored.is_published):
            return None
        problems = checks.publishing_problems(event)
        if not problems:
            return None
        return _(
            "“%(event)s” was not restored as published: %(problems)s Restore it "
            "as a draft, then publish it from its form, where its warnings can "
            "be confirmed."
        ) % {"event": event, "problems": " ".join(problems)}

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj):
        return obj.dates_display

    @admin.display(description=_("speakers"), ordering="speaker_count")
    def speaker_count(self, obj):
        return obj.speaker_count

    @admin.action(description=_("Publish selected events"), permissions=("change",))
    def publish(self, request, queryset):
        drafts = queryset.exclude(status=Event.Status.PUBLISHED)
        refused = {
            event: problems
            for event in drafts.select_related("host_country")
            if (problems := checks.publishing_problems(event))
        }
        if refused:
            # All or none, as an import: staff correct the events named, or
            # publish each from its form, where its warnings can be confirmed.
            self.message_user(
                request,
                ngettext(
                    "Nothing was published: %(count)d event fails the checks "
                    "an event gets before it is published. Correct it, or publish "
                    "it from its own form, where its warnings can be confirmed.",
                    "Nothing was published: %(count)d events fail the checks "
                    "an event gets before it is published. Correct them, or "
                    "publish each from its own form, where its warnings can be "
                    "confirmed.",
                    len(refused),
                )
                % {"count": len(refused)},
                messages.ERROR,
            )
            for event, problems in refused.items():
                self.message_user(
                    request,
                    _("“%(event)s”: %(problems)s")
                    % {"event": event, "problems": " ".join(problems)},
                    messages.ERROR,
                )
            return
        self._set_status(request, queryset, Event.Status.PUBLISHED)

    @admin.action(
        description=_("Unpublish selected events (back to draft)"),
        permissions=("change",),
    )
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Event.Status.DRAFT)

    @transaction.atomic
    def _set_status(self, request, queryset, status):
        # One save and one history entry per event: queryset.update() would
        # leave no trace in the admin's history. The rows are locked before
        # their status is read, in one order: staff changing one event at once
        # change it (its history, its tallies) once, the second finding it done.
        changed = list(
            Event.objects.select_for_update()
            .filter(pk__in=queryset.values("pk"))
            .exclude(status=status)
            .order_by("pk")
        )
        # Stored untranslated, as Django's own history entries are.
        with override(None):
            status_label = str(capfirst(Event._meta.get_field("status").verbose_name))
        # One write of them all: their tallies move once (events/services.py).
        with keeping_derived_data_for(changed):
            for event in changed:
                event.status = status
                event.save(update_fields=("status", "updated"))
                self.log_change(
                    request, event, [{"changed": {"fields": [status_label]}}]
                )
        count = len(changed)
        self.message_user(
            request,
            ngettext(
                "%(count)d event is now %(status)s.",
                "%(count)d events are now %(status)s.",
                count,
            )
            % {"count": count, "status": Event.Status(status).label},
            messages.SUCCESS,
        )


class CorrectedKindFilter(admin.SimpleListFilter):
    """Suggested corrections by the kind of record they are about."""

    title = _("kind of record")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [
            (kind, capfirst(model._meta.verbose_name))
            for kind, model in CORRECTED_KINDS.items()
        ]

    def queryset(self, request, queryset):
        if self.value() in CORRECTED_KINDS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """What visitors suggest, for staff to review: never added or edited
    here, only accepted (then the record is edited as any edit, kept in its
    history) or dismissed. What a visitor wrote is shown as escaped text
    only, never as a link or markup."""

    list_display = ("created", "record_link", "kind_label", "wrong_excerpt", "status")
    list_display_links = ("created",)
    list_filter = ("status", CorrectedKindFilter)
    search_fields = ("wrong", "proposed")
    list_select_related = tuple(CORRECTED_KINDS)
    fields = (
        "record_link",
        "wrong_text",
        "proposed_text",
        "source_text",
        "created",
        "language",
        "status",
    )
    # Staff change the status alone.
    readonly_fields = tuple(field for field in fields if field != "status")
    radio_fields = {"status": admin.HORIZONTAL}
    actions = ("accept", "dismiss")

    def has_add_permission(self, request):
        return False  # visitors send them, through the public form

    @admin.display(description=_("record"))
    def record_link(self, correction):
        return change_link(correction.record)

    @admin.display(description=_("kind of record"))
    def kind_label(self, correction):
        return capfirst(CORRECTED_KINDS[correction.kind]._meta.verbose_name)

    @admin.display(description=_("what is wrong"))
    def wrong_excerpt(self, correction):
        return Truncator(correction.wrong).chars(80)

    @admin.display(description=_("what is wrong"))
    def wrong_text(self, correction):
        return linebreaksbr(correction.wrong, autoescape=True)

    @admin.display(description=_("what it should be"))
    def proposed_text(self, correction):
        return linebreaksbr(correction.proposed, autoescape=True)

    @admin.display(description=_("source address"))
    def source_text(self, correction):
        # Text to copy, not a link: a visitor's address is not followed blindly.
        return correction.source_url or "-"

    def response_change(self, request, correction):
        """Accepted: on to the record's own form, where the change is made
        and kept in the record's history."""
        if correction.status == Correction.Status.ACCEPTED and not request.POST.get(
            "_continue"
        ):
            return self._edit_record(request, correction)
        return super().response_change(request, correction)

    def _edit_record(self, request, correction):
        self.message_user(
            request,
            _(
                "The suggestion is accepted. Make the change in the record "
                "below: it is kept in the record’s history."
            ),
            messages.SUCCESS,
        )
        opts = correction.record._meta
        return redirect(
            f"admin:{opts.app_label}_{opts.model_name}_change", correction.record.pk
        )

    @admin.action(
        description=_("Accept the selected suggestions"), permissions=("change",)
    )
    def accept(self, request, queryset):
        chosen = list(queryset)
        queryset.update(status=Correction.Status.ACCEPTED, updated=timezone.now())
        if len(chosen) == 1:
            return self._edit_record(request, chosen[0])
        self._report(request, len(chosen), Correction.Status.ACCEPTED)
        return None

    @admin.action(
        description=_("Dismiss the selected suggestions"), permissions=("change",)
    )
    def dismiss(self, request, queryset):
        count = queryset.update(
            status=Correction.Status.DISMISSED, updated=timezone.now()
        )
        self._report(request, count, Correction.Status.DISMISSED)

    def _report(self, request, count, status):
        self.message_user(
            request,
            ngettext(
                "%(count)d suggestion is now %(status)s.",
                "%(count)d suggestions are now %(status)s.",
                count,
            )
            % {"count": count, "status": Correction.Status(status).label},
            messages.SUCCESS,
        )
