import uuid
from pathlib import Path

from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length, Lower, Upper
from django.db.models.lookups import Exact
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from academy import search
from academy.addresses import slug_address
from academy.i18n import Shown, localized
from academy.identifiers import IdentifierField
from academy.kept_files import delete_unless_in_history
from academy.plain_text import PlainTextModel


def photo_path(instance, filename):
    """Store uploads under a random name: never trust or reveal the uploader's."""
    return f"people/photos/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def thumbnail_path(instance, filename):
    return f"people/thumbnails/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Country(PlainTextModel):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    iso_code = models.CharField(
        _("ISO 3166-1 alpha-2 code"),
        max_length=2,
        unique=True,
        help_text=_("Two capital letters, e.g. RU for Russia."),
        validators=[RegexValidator(r"^[A-Z]{2}\Z", _("Enter two capital letters."))],
    )
    wikidata = IdentifierField(_("Wikidata item"), scheme="wikidata")

    class Meta:
        ordering = (Shown("name"),)
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(
                    Exact(Length("iso_code"), 2), iso_code=Upper("iso_code")
                ),
                name="people_country_iso_code_two_capitals",
            ),
        )

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_address("people:country-detail", self.slug)


class Organization(PlainTextModel):
    class Kind(models.TextChoices):
        INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental organization")
        SECRETARIAT = "secretariat", _("secretariat")
        FOUNDATION = "foundation", _("foundation")
        RESEARCH_INSTITUTE = "research_institute", _("research institute")
        EXPERT_NETWORK = "expert_network", _("expert network")
        UNIVERSITY_NETWORK = "university_network", _("university network")
        TERRORIST = "terrorist", _("designated terrorist organization")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, default=Kind.OTHER)
    country = models.ForeignKey(
        Country,
        verbose_name=_("headquarters country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="based_organizations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    member_countries = models.ManyToManyField(
        Country,
        verbose_name=_("member countries"),
        blank=True,
        related_name="memberships",
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    wikidata = IdentifierField(_("Wikidata item"), scheme="wikidata")

    class Meta:
        ordering = (Shown("name"),)
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="people_organization_not_own_parent",
            ),
        )

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_address("people:organization-detail", self.slug)

    def acronym_beside_name(self):
        """The acronym to show after the name: none when it is the name
        ("ISIS", not "ISIS (ISIS)")."""
        return "" if self.acronym == self.name else self.acronym


class Person(PlainTextModel):
    # A person's name is a different word from a thing's in Russian (имя, название).
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    sort_name = models.CharField(
        _("sort name"),
        max_length=200,
        help_text=_("How the name sorts in lists, e.g. “Semerikov, Valery”."),
    )
    position = models.CharField(
        _("position"),
        max_length=300,
        blank=True,
        help_text=_("Current or best-known position."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    biography = models.TextField(_("short biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=thumbnail_path, blank=True, editable=False
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    wikidata = IdentifierField(_("Wikidata item"), scheme="wikidata")
    orcid = IdentifierField(_("ORCID iD"), scheme="orcid")
    viaf = IdentifierField(_("VIAF identifier"), scheme="viaf")

    class Meta:
        ordering = (Shown("sort_name"), Shown("name"))
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # A whole file of people at once: given to whom staff trust with that.
        permissions = (("import_person", _("Can import people from a file")),)
        indexes = (
            models.Index(Lower("sort_name"), name="people_person_sort_name_idx"),
            # The people list's order.
            models.Index(fields=("sort_name", "name"), name="people_person_order_idx"),
            # Which person names a photo file the media view is asked for.
            models.Index(fields=("photo",), name="people_person_photo_idx"),
            models.Index(fields=("thumbnail",), name="people_person_thumbnail_idx"),
        )

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_address("people:person-detail", self.slug)

    def other_names(self):
        """The other spellings of the name (none before the person is saved)."""
        return [other.name for other in self.alternative_names.all()] if self.pk else []

    def spellings_besides_name(self):
        """Every spelling but the one shown as the name: the name in the
        other languages, then the other spellings, each once."""
        spellings = [getattr(self, column) for column in localized("name")]
        spellings += self.other_names()
        return [
            spelling
            for spelling in dict.fromkeys(spellings)
            if spelling and spelling != self.name
        ]


class PersonName(PlainTextModel):
    """Another spelling of a person's name: a transliteration or the native script."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="alternative_names",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)

    class Meta:
        ordering = ("name",)
        verbose_name = _("alternative name")
        verbose_name_plural = _("alternative names")
        constraints = (
            models.UniqueConstraint(
                fields=("person", "name"), name="people_personname_unique_per_person"
            ),
        )

    def __str__(self):
        return self.name


search.register(Country, search.Index(("name",)))
search.register(
    Organization,
    search.Index(("name", "acronym", "description")),
    # What an event that names the organization is found by.
    search.Index(
        ("name", "acronym"), field="search_names", verbose_name=_("names to search")
    ),
)
# Names in every language and spelling; the document adds the position. Events
# are found by their speakers' names only: a position shared by thousands
# ("security") would otherwise match most of the archive.
search.register(
    Person,
    search.Index(("name", "position"), extra=Person.other_names),
    search.Index(
        ("name",),
        field="search_names",
        extra=Person.other_names,
        verbose_name=_("names to search"),
    ),
    prefetch=("alternative_names",),
)


PHOTO_FIELDS = ("photo", "thumbnail")

# Signals, the one hook that sees every write of a photo: a version restored
# saves the row raw, without save(), and a queryset's or a cascade's delete
# calls no delete().


@receiver(pre_save, sender=Person)
def remember_photo_files(sender, instance, raw, **kwargs):
    """Before a change, note the photo files the stored record names."""
    if instance.pk and not raw:
        instance.stored_photo_files = set(
            Person._base_manager.filter(pk=instance.pk)
            .values_list(*PHOTO_FIELDS)
            .first()
            or ()
        )


@receiver(post_save, sender=Person)
def delete_replaced_photo_files(sender, instance, **kwargs):
    """A replaced or cleared photo leaves no file behind (it went into every
    backup) unless the person's history names it: restoring that version
    brings the photo back (academy/kept_files.py)."""
    kept = {getattr(instance, field).name for field in PHOTO_FIELDS}
    gone = getattr(instance, "stored_photo_files", set()) - kept - {""}
    delete_unless_in_history(Person, instance.photo.storage, gone)


@receiver(post_delete, sender=Person)
def delete_photo_files(sender, instance, **kwargs):
    names = {getattr(instance, field).name for field in PHOTO_FIELDS} - {""}
    delete_unless_in_history(Person, instance.photo.storage, names)
