"""Checks on uploaded photos and the thumbnail made from each one, once."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
THUMBNAIL_SIZE = (256, 256)


def validate_image(file):
    """Refuse anything but a complete JPEG, PNG, WebP or GIF of sane size."""
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than %(limit)d MB. Please upload a smaller one."),
            code="too_large",
            params={"limit": MAX_BYTES // (1024 * 1024)},
        )
    too_many_pixels = ValidationError(
        _("The photo has more than %(limit)d megapixels. Please upload a smaller one."),
        code="too_many_pixels",
        params={"limit": MAX_PIXELS // 1_000_000},
    )
    file.seek(0)
    try:
        # A decompression bomb must be refused, not merely warned about.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise too_many_pixels
                if image.format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        _("Upload a JPEG, PNG, WebP or GIF photo."), code="format"
                    )
                # Decoding every pixel is what reveals a truncated file.
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except Exception as error:
        # Pillow reports broken or hostile files through many exception types
        # (OSError, SyntaxError, ValueError, struct.error...).
        raise ValidationError(
            _("This file is not a complete image. Please upload a JPEG or PNG photo."),
            code="invalid_image",
        ) from error
    finally:
        file.seek(0)


def make_thumbnail(file):
    """A JPEG at most THUMBNAIL_SIZE, upright, for lists and previews."""
    file.seek(0)
    with Image.open(file) as image:
        thumbnail = ImageOps.exif_transpose(image).convert("RGB")
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    output = io.BytesIO()
    thumbnail.save(output, format="JPEG", quality=85, optimize=True)
    file.seek(0)
    return ContentFile(output.getvalue(), name="thumbnail.jpg")
