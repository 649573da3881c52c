"""Checks on uploaded documents (PDF only) and the preview of the first page
made from each one, once, by PDFium (pypdfium2: a local library, no network)."""

import contextlib
import io
import logging

import pypdfium2 as pdfium
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_PAGES = 2000
# The box the first page is drawn in, in proportion, whatever its shape: wide
# enough for a card and a retina screen, and tall enough for a page three
# times as tall as wide. Fitting the width alone, a 6 × 14,400 pt page asked
# for a bitmap of 480 × 1,152,000 pixels (gigabytes; issue 27).
PREVIEW_WIDTH = 480
PREVIEW_MAX_HEIGHT = 1440
# The largest page PDF allows (200 inches); anything larger is a broken file.
MAX_PAGE_POINTS = 14_400


def validate_pdf(file):
    """Refuse anything but a PDF of sane size that PDFium opens, with its
    first page drawable; return the number of pages."""
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The document is larger than %(limit)d MB. Please upload a smaller one."),
            code="too_large",
            params={"limit": MAX_DOCUMENT_BYTES // (1024 * 1024)},
        )
    file.seek(0)
    data = file.read()
    file.seek(0)
    # The type is what the content is, never what the name says.
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("Upload a PDF document."), code="format")
    try:
        with _opened(data) as document:
            pages = len(document)
            width, height = document[0].get_size() if pages else (0, 0)
    except pdfium.PdfiumError as error:
        raise ValidationError(
            _(
                "This file is not a complete PDF document, or it is protected by a "
                "password. Please upload another."
            ),
            code="invalid_pdf",
        ) from error
    if not pages or pages > MAX_PAGES:
        raise ValidationError(
            _("A document needs between 1 and %(limit)d pages."),
            code="pages",
            params={"limit": MAX_PAGES},
        )
    if not (0 < width <= MAX_PAGE_POINTS and 0 < height <= MAX_PAGE_POINTS):
        raise ValidationError(
            _("The document's first page has an impossible size."), code="page_size"
        )
    return pages


def make_preview(file):
    """The first page as a JPEG at most PREVIEW_WIDTH × PREVIEW_MAX_HEIGHT, and
    its (width, height); a ValidationError, logged, when it cannot be drawn."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        with _opened(data) as document:
            page = document[0]
            scale = preview_scale(*page.get_size())
            image = page.render(scale=scale).to_pil().convert("RGB")
        output = io.BytesIO()
        image.save(output, format="JPEG", quality=82)
    except (pdfium.PdfiumError, OSError, ValueError) as error:
        log.exception("The first page of an uploaded PDF could not be drawn")
        raise ValidationError(
            _("The document's first page could not be drawn. Please upload another."),
            code="preview",
        ) from error
    return ContentFile(output.getvalue(), name="preview.jpg"), image.size


def preview_scale(width, height):
    """Pixels a point for a page of `width` × `height` points to fit the
    preview's box."""
    # PDFium rounds each side up, and width × (480 / width) can come out a
    # hair above 480: a millionth less keeps that side at 480.
    return min(PREVIEW_WIDTH / width, PREVIEW_MAX_HEIGHT / height) * (1 - 1e-6)


@contextlib.contextmanager
def _opened(data):
    """A PdfDocument, closed on leaving."""
    document = pdfium.PdfDocument(data)
    try:
        yield document
    finally:
        document.close()
