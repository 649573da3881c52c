"""The files of an event's materials: what is made of an upload, and which
stored file a visitor may fetch (academy/media.py asks)."""

import uuid

from django.core.files.base import ContentFile

from academy import documents, images
from academy.media import Served
from academy.media_check import file_fields

from .models import Event, EventDocument, EventPhoto

# Which model a file's folder belongs to: "events/photos/<key>/small.webp".
FOLDERS = {"photos": EventPhoto, "documents": EventDocument}


def photo_files(upload):
    """{field: file} of a photo: the upload without its metadata, and its
    renditions."""
    renditions, _size = images.make_renditions(upload)
    files = {"image": images.without_metadata(upload)}
    files.update(
        {f"{size}_{kind}": content for (size, kind), content in renditions.items()}
    )
    return files


def document_files(upload):
    """{field: file} of a checked PDF: the file as uploaded and the preview of
    its first page."""
    upload.seek(0)
    document = ContentFile(upload.read(), name="document.pdf")
    upload.seek(0)
    preview, _size = documents.make_preview(upload)
    return {"file": document, "preview": preview}


def material_file_serving(name, user):
    """How to serve the stored file `name` to `user` (Served), or None when
    it belongs to no material, or to a draft's and `user` may not see
    drafts: a draft's files are not public, but its editors see them."""
    # "events/<folder>/<key>/<file>": the key names the material.
    parts = name.split("/")
    model = FOLDERS.get(parts[1]) if len(parts) == 4 else None
    if model is None:
        return None
    try:
        key = uuid.UUID(hex=parts[2])
    except ValueError:
        return None
    material = model.objects.filter(key=key).select_related("event").first()
    if material is None or name not in stored_names(material):
        return None
    published = material.event.status == Event.Status.PUBLISHED
    if not published and not user.has_perm("events.view_event"):
        return None
    document = model is EventDocument and name == material.file.name
    return Served(
        download_name=material.download_name if document else "",
        private=not published,
    )


def stored_names(material):
    return {getattr(material, field).name for field in file_fields(type(material))}
