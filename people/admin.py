import reversion
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import OuterRef
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from reversion.admin import VersionAdmin

from academy.admin import (
    ConflictCheckedInline,
    HistoryAdmin,
    ImportAdmin,
    PartOfParentInline,
    StartsFirstSearch,
    UnlinkedListFilter,
    change_link,
    changelist_link,
)
from academy.i18n import localized
from academy.queries import count_of
from academy.uploads import FileUploadsAdmin

from .forms import PersonAdminForm
from .imports import PersonResource
from .merge import merge_choices, merge_people
from .models import Country, Organization, Person, PersonName

# The events app's models, reached through reverse relations: people never
# imports events.
Event = Country.hosted_events.field.model
Participation = Person.participations.field.model


class PersonLinksFilter(UnlinkedListFilter):
    links = ("participations",)


class OrganizationLinksFilter(UnlinkedListFilter):
    links = ("people", "organized_events", "mentioned_in_events", "children")


@admin.register(Country)
class CountryAdmin(StartsFirstSearch, HistoryAdmin, TranslationAdmin):
    list_display = ("name", "iso_code", "hosted", "participated", "linked_people")
    search_fields = (*localized("name"), "iso_code")
    prefix_fields = localized("name")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        country = OuterRef("pk")
        taking_part = Country.participated_events.through.objects.filter(
            country=country
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                hosted_count=count_of(Event.objects.filter(host_country=country)),
                participated_count=count_of(taking_part),
                people_count=count_of(Person.objects.filter(country=country)),
            )
        )

    @admin.display(description=_("events hosted"), ordering="hosted_count")
    def hosted(self, obj):
        return changelist_link(
            Event, "host_country__id__exact", obj.pk, obj.hosted_count
        )

    @admin.display(description=_("events taken part in"), ordering="participated_count")
    def participated(self, obj):
        return changelist_link(
            Event, "participating_countries__id__exact", obj.pk, obj.participated_count
        )

    @admin.display(description=_("people"), ordering="people_count")
    def linked_people(self, obj):
        return changelist_link(Person, "country__id__exact", obj.pk, obj.people_count)


@admin.register(Organization)
class OrganizationAdmin(StartsFirstSearch, HistoryAdmin, TranslationAdmin):
    list_display = ("name", "acronym", "kind", "country", "organized", "linked_people")
    list_select_related = ("country",)
    list_filter = (
        "kind",
        ("country", admin.RelatedOnlyFieldListFilter),
        OrganizationLinksFilter,
    )
    search_fields = localized("name", "acronym")
    prefix_fields = localized("name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country", "parent", "member_countries")

    def get_queryset(self, request):
        organization = OuterRef("pk")
        organized = Organization.organized_events.through.objects.filter(
            organization=organization
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                organized_count=count_of(organized),
                people_count=count_of(Person.objects.filter(organization=organization)),
            )
        )

    @admin.display(description=_("events organized"), ordering="organized_count")
    def organized(self, obj):
        return changelist_link(
            Event, "organizers__id__exact", obj.pk, obj.organized_count
        )

    @admin.display(description=_("people"), ordering="people_count")
    def linked_people(self, obj):
        return changelist_link(
            Person, "organization__id__exact", obj.pk, obj.people_count
        )


class PersonNameInline(PartOfParentInline, ConflictCheckedInline, admin.TabularInline):
    model = PersonName
    extra = 1


@admin.register(Person)
class PersonAdmin(
    StartsFirstSearch, FileUploadsAdmin, ImportAdmin, HistoryAdmin, TranslationAdmin
):
    form = PersonAdminForm
    resource_classes = (PersonResource,)
    inlines = (PersonNameInline,)
    fieldsets = (
        (None, {"fields": ("name", "sort_name", "slug", "not_duplicate")}),
        (_("Position"), {"fields": ("position", "organization", "country")}),
        (_("Photo"), {"fields": ("photo", "photo_preview")}),
        (_("Links"), {"fields": ("website", "wikidata", "orcid", "viaf")}),
        (_("Biography"), {"fields": ("biography",)}),
        (_("Events"), {"fields": ("event_links",)}),
    )
    readonly_fields = ("photo_preview", "event_links")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organization", "country")
    list_display = (
        "list_thumbnail",
        "name",
        "position",
        "organization",
        "country",
        "linked_events",
    )
    list_display_links = ("list_thumbnail", "name")
    list_select_related = ("organization", "country")
    list_filter = (
        ("country", admin.RelatedOnlyFieldListFilter),
        ("organization", admin.RelatedOnlyFieldListFilter),
        PersonLinksFilter,
    )
    search_fields = (*localized("name", "position"), "alternative_names__name")
    prefix_fields = localized("name")
    actions = ("merge",)

    def get_queryset(self, request):
        participations = Participation.objects.filter(person=OuterRef("pk"))
        return (
            super().get_queryset(request).annotate(event_count=count_of(participations))
        )

    @admin.display(description=_("photo"))
    def list_thumbnail(self, obj):
        if not obj.thumbnail:
            return ""
        return format_html('<img src="{}" alt="" width="48">', obj.thumbnail.url)

    @admin.display(description=_("preview"))
    def photo_preview(self, obj):
        if not obj.thumbnail:
            return _("No photo yet.")
        return format_html('<img src="{}" alt="">', obj.thumbnail.url)

    @admin.display(description=_("events"), ordering="event_count")
    def linked_events(self, obj):
        return changelist_link(
            Event, "participations__person__id__exact", obj.pk, obj.event_count
        )

    @admin.display(description=_("took part in"))
    def event_links(self, obj):
        participations = obj.participations.select_related("event").order_by(
            "-event__start_date"
        )
        if not participations:
            return _("No events yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} ({}, {})</li>",
                (
                    (change_link(p.event), p.event.dates_display, p.get_role_display())
                    for p in participations
                ),
            ),
        )

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action") == "merge":
            # Not in VersionAdmin's revision of the whole request: it would be
            # saved after the merge, without the person merged away, whom a
            # revision keeps only while the record exists. _merge saves its
            # own, first.
            context = {"has_change_permission": self.has_change_permission(request)}
            return super(VersionAdmin, self).changelist_view(
                request, {**context, **(extra_context or {})}
            )
        return super().changelist_view(request, extra_context)

    def has_merge_permission(self, request):
        # Merging deletes a record, so it takes both rights (actions OR theirs).
        return self.has_change_permission(request) and self.has_delete_permission(
            request
        )

    @admin.action(
        description=_("Merge two selected people into one"),
        permissions=("merge",),
    )
    def merge(self, request, queryset):
        people = list(queryset)
        if len(people) != 2:
            self.message_user(
                request,
                _("Select exactly two people to merge."),
                messages.ERROR,
            )
            return None
        keep_pk = request.POST.get("keep")
        if request.POST.get("post") and keep_pk in {str(p.pk) for p in people}:
            keep, other = sorted(people, key=lambda p: str(p.pk) != keep_pk)
            self._merge(request, keep, other)
            return None
        return TemplateResponse(
            request,
            "admin/people/person/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge two people"),
                "opts": self.opts,
                "people": merge_choices(people),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @transaction.atomic
    def _merge(self, request, keep, other):
        other_name = str(other)
        other_slug = other.slug
        # Logged before deleting, while the record still exists.
        self.log_deletions(request, Person.objects.filter(pk=other.pk))
        # A version of both people, their names and the other's talks as they
        # were: restoring it from the kept person's history undoes the merge.
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(
                _("Before “%(other)s” was merged into this record.")
                % {"other": other_name}
            )
            for record in (keep, other, *other.participations.all()):
                reversion.add_to_revision(record)
        events = merge_people(keep, other)
        message = _("Merged “%(other)s” into this record.") % {"other": other_name}
        self.log_change(request, keep, message)
        event_admin = self.admin_site.get_model_admin(Event)
        for event in events:
            event_admin.log_change(
                request,
                event,
                _("Speaker “%(other)s” merged into “%(keep)s”.")
                % {"other": other_name, "keep": keep},
            )
        # Named with their slugs: two records merged often share a name.
        self.message_user(
            request,
            _(
                "“%(other)s” (%(other_slug)s) was merged into “%(keep)s” "
                "(%(keep_slug)s)."
            )
            % {
                "other": other_name,
                "other_slug": other_slug,
                "keep": keep,
                "keep_slug": keep.slug,
            },
            messages.SUCCESS,
        )
