"""Uploaded files served by the archive itself, each only while a public
record names it: a draft's photo is a 404 like the draft, and so is a
replaced photo kept for its record's history, except to the staff who may
see them. Each app registers the top folder of the storage it writes and how
to tell (its AppConfig.ready); a file in no registered folder is never
served. Every file reaches this view, behind the reverse proxy too
(academy/Caddyfile), which cannot tell."""

from dataclasses import dataclass

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

# The only types served, by the extension the archive gave the file (from its
# content, never from the uploader's name).
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "pdf": "application/pdf",
}
# A file's name never changes while it is public, but the record it belongs
# to may be withdrawn: browsers keep it an hour.
MAX_AGE = 3600


@dataclass(frozen=True)
class Served:
    """How a file is served: with a download_name, as an attachment; when
    `private` (a draft's file, to staff), kept by no shared cache."""

    download_name: str = ""
    private: bool = False


_folders = {}


def register_media_folder(folder, serving):
    """Files under `folder`/ are served when `serving(name, user)` says how
    (Served), and are a 404 when it returns None."""
    _folders[folder] = serving


@require_safe
def serve(request, name):
    folder, _slash, _rest = name.partition("/")
    extension = name.rpartition(".")[2]
    served_as = _folders.get(folder)
    if served_as is None or extension not in CONTENT_TYPES or ".." in name:
        raise Http404
    served = served_as(name, request.user)
    if served is None:
        raise Http404
    try:
        file = default_storage.open(name)
    except (FileNotFoundError, SuspiciousFileOperation) as error:
        raise Http404 from error
    response = FileResponse(
        file,
        content_type=CONTENT_TYPES[extension],
        as_attachment=bool(served.download_name),
        filename=served.download_name,
    )
    response["Cache-Control"] = (
        "private, no-cache" if served.private else f"public, max-age={MAX_AGE}"
    )
    return response
