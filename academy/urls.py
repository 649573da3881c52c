"""The root URLconf: the apps' URL modules are named as strings, never imported."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from academy import media
from academy.health import healthz

handler400 = "academy.errors.bad_request"
handler500 = "academy.errors.server_error"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("public.api.urls")),
    # The sitemap index, its sections and robots.txt, outside the language prefix.
    path("", include("public.opendata.sitemap_urls")),
    # OAI-PMH for harvesters: one address, whatever the language.
    path("oai/", include("public.opendata.oai_urls")),
    # The data package (CSV and datapackage.json) and its DCAT record.
    path("data/", include("public.opendata.data_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("public.urls")),
    prefix_default_language=False,
)

# Uploaded files, each while what it belongs to is public (academy/media.py).
if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(
        path(f"{settings.MEDIA_URL[1:]}<path:name>", media.serve, name="media")
    )
