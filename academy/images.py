"""Checks on uploaded photos, and the files made from each one, once: the
photo without its metadata, a thumbnail, and renditions for `srcset`. An
archive's photos are stills: an animation is kept as its first frame."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Of a still, and of an animation all its frames counted: Pillow draws each
# frame on the whole canvas, so a GIF of a few hundred bytes, 20 one-pixel
# frames on 5000 × 5000, took 1.1 GB and 20-30 s to store whole (issue 27).
MAX_PIXELS = 25_000_000
# What each format is stored as: the extension comes from the content, never
# from the uploader's file name.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
THUMBNAIL_SIZE = (256, 256)
# The widths a photo is offered at (at most its own), each as JPEG for every
# browser and WebP, a third smaller, for those that take it.
RENDITION_WIDTHS = {"small": 400, "medium": 800, "large": 1600}
RENDITION_FORMATS = {"jpeg": "JPEG", "webp": "WEBP"}
# All that is kept of what Pillow reads beside the pixels (EXIF, XMP, comments,
# a GIF's loop...): what drawing them needs.
KEPT_INFO = ("transparency", "icc_profile")


def validate_image(file):
    """Refuse anything but a complete JPEG, PNG, WebP or GIF of sane size."""
    if file.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is larger than %(limit)d MB. Please upload a smaller one."),
            code="too_large",
            params={"limit": MAX_PHOTO_BYTES // (1024 * 1024)},
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
                if image.format not in EXTENSIONS:
                    raise ValidationError(
                        _("Upload a JPEG, PNG, WebP or GIF photo."), code="format"
                    )
                # Counted from the frames' headers, before any is decoded.
                if width * height * getattr(image, "n_frames", 1) > MAX_PIXELS:
                    raise ValidationError(
                        _(
                            "The animation has more than %(limit)d megapixels, all "
                            "its frames counted. Please upload a still photo or a "
                            "smaller one."
                        ),
                        code="too_many_frames",
                        params={"limit": MAX_PIXELS // 1_000_000},
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


def without_metadata(file):
    """The photo written anew, upright, in its own format and named for it:
    its first frame, without EXIF (a camera, a GPS position), XMP, comments or
    other metadata."""
    still, kind = _upright_still(file)
    output = io.BytesIO()
    still.save(output, format=kind, **({"quality": 90} if kind == "JPEG" else {}))
    return ContentFile(output.getvalue(), name=f"photo.{EXTENSIONS[kind]}")


def make_thumbnail(file):
    """A JPEG at most THUMBNAIL_SIZE, upright, for lists and previews."""
    thumbnail = _upright_still(file)[0].convert("RGB")
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    output = io.BytesIO()
    thumbnail.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name="thumbnail.jpg")


def rendition_size(width, height, target_width):
    """(width, height) of a rendition at most `target_width` wide, in
    proportion; never larger than the photo."""
    if width <= target_width:
        return width, height
    return target_width, max(1, round(height * target_width / width))


def make_renditions(file):
    """{(size name, format name): ContentFile} for every RENDITION_WIDTHS and
    RENDITION_FORMATS, upright, without metadata, and the photo's own
    (width, height) once upright."""
    upright = _upright_still(file)[0].convert("RGB")
    renditions = {}
    for size, target in RENDITION_WIDTHS.items():
        resized = upright.resize(
            rendition_size(*upright.size, target), Image.Resampling.LANCZOS
        )
        for kind, pillow_format in RENDITION_FORMATS.items():
            output = io.BytesIO()
            resized.save(output, format=pillow_format, quality=82)
            name = f"{size}.{'jpg' if kind == 'jpeg' else kind}"
            renditions[size, kind] = ContentFile(output.getvalue(), name=name)
    return renditions, upright.size


def _upright_still(file):
    """The photo's first frame, turned as its EXIF says, with nothing of its
    metadata but KEPT_INFO (Pillow writes a comment it read back into the
    file it saves); and the photo's format."""
    file.seek(0)
    with Image.open(file) as image:
        kind = image.format
        # A copy, of the first frame only.
        still = ImageOps.exif_transpose(image)
    file.seek(0)
    still.info = {key: still.info[key] for key in KEPT_INFO if key in still.info}
    return still, kind
