"""An event's materials: photos, documents and recordings or slides elsewhere,
each list in the order staff give. Their files are public only while the
event is (academy/media.py, events/apps.py)."""

import uuid
from pathlib import Path
from urllib.parse import urlsplit

from django.core.validators import URLValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from academy import images
from academy.plain_text import PlainTextModel

from .event import Event


def material_path(instance, filename):
    """A material's files together, in a folder named by its random key, each
    under the name the archive gave what it made ("small.webp"), never the
    uploader's: a file's address says which record it belongs to."""
    folder = instance._meta.model_name.removeprefix("event")
    return f"events/{folder}s/{instance.key.hex}/{Path(filename).name}"


class MaterialLanguage(models.TextChoices):
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
    SEVERAL = "mul", _("several languages")
    OTHER = "other", _("another language")
    NONE = "zxx", _("no spoken or written language")


class Material(PlainTextModel):
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ("order", "id")


class FileMaterial(Material):
    """A material with files of its own, stored in one folder (material_path)."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta(Material.Meta):
        abstract = True


class EventPhoto(FileMaterial):
    class Licence(models.TextChoices):
        ALL_RIGHTS_RESERVED = "all_rights_reserved", _("all rights reserved")
        CC_BY = "cc_by", "CC BY 4.0"
        CC_BY_SA = "cc_by_sa", "CC BY-SA 4.0"
        PUBLIC_DOMAIN = "public_domain", _("public domain")
        UNKNOWN = "unknown", _("unknown")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"),
        upload_to=material_path,
        width_field="width",
        height_field="height",
        help_text=_(
            "JPEG, PNG, WebP or GIF, up to 5 MB; GPS position and camera "
            "details are removed."
        ),
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    small_jpeg = models.ImageField(upload_to=material_path, editable=False)
    small_webp = models.ImageField(upload_to=material_path, editable=False)
    medium_jpeg = models.ImageField(upload_to=material_path, editable=False)
    medium_webp = models.ImageField(upload_to=material_path, editable=False)
    large_jpeg = models.ImageField(upload_to=material_path, editable=False)
    large_webp = models.ImageField(upload_to=material_path, editable=False)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        help_text=_("What the photo shows, for those who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Who took the photo or holds its rights."),
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence, default=Licence.UNKNOWN
    )

    class Meta(FileMaterial.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text

    LICENCE_DEEDS = {
        Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
        Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    }

    def _srcset(self, kind):
        """ "url 400w, url 800w…" of the renditions in `kind`, each width once
        (a small photo's renditions are all its own size)."""
        widths = {}
        for size, target in images.RENDITION_WIDTHS.items():
            width, _height = images.rendition_size(self.width, self.height, target)
            widths.setdefault(width, getattr(self, f"{size}_{kind}").url)
        return ", ".join(f"{url} {width}w" for width, url in widths.items())

    @property
    def jpeg_srcset(self):
        return self._srcset("jpeg")

    @property
    def webp_srcset(self):
        return self._srcset("webp")

    @property
    def medium_size(self):
        """(width, height) of the medium rendition, what `<img>` reserves."""
        return images.rendition_size(
            self.width, self.height, images.RENDITION_WIDTHS["medium"]
        )

    @property
    def licence_url(self):
        return self.LICENCE_DEEDS.get(self.licence, "")


class EventDocument(FileMaterial):
    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("programme")
        MINUTES = "minutes", _("minutes")
        PRESS_RELEASE = "press_release", _("press release")
        REPORT = "report", _("report")
        OTHER = "other", _("document")

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(
        _("PDF file"),
        upload_to=material_path,
        help_text=_("A PDF of up to 20 MB."),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    language = models.CharField(
        _("language"), max_length=5, choices=MaterialLanguage, blank=True
    )
    preview = models.ImageField(
        upload_to=material_path,
        width_field="preview_width",
        height_field="preview_height",
        editable=False,
    )
    preview_width = models.PositiveIntegerField(editable=False, default=0)
    preview_height = models.PositiveIntegerField(editable=False, default=0)
    page_count = models.PositiveIntegerField(_("pages"), editable=False, default=0)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False, default=0)

    class Meta(FileMaterial.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    @property
    def download_name(self):
        """The name a downloaded copy is saved under: its title, as a PDF."""
        return f"{slugify(self.title, allow_unicode=True) or 'document'}.pdf"


class EventLink(Material):
    """A recording, slides or a page elsewhere, shown as a link card."""

    class Kind(models.TextChoices):
        VIDEO = "video", _("video recording")
        AUDIO = "audio", _("audio recording")
        SLIDES = "slides", _("slides")
        PAGE = "page", _("web page")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="links"
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[URLValidator(schemes=("https", "http"))],
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.VIDEO)
    language = models.CharField(
        _("language"), max_length=5, choices=MaterialLanguage, blank=True
    )

    class Meta(Material.Meta):
        verbose_name = _("recording or link")
        verbose_name_plural = _("recordings and links")

    def __str__(self):
        return self.title

    @property
    def host(self):
        """The site the link leads to: "www.youtube.com"."""
        return urlsplit(self.url).hostname or ""
