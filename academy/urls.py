"""The root URLconf: the apps' URL modules are named as strings, never imported."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from academy.health import healthz

handler500 = "academy.errors.server_error"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("events.api.urls")),
    # The sitemap index, its sections and robots.txt, outside the language prefix.
    path("", include("events.opendata.sitemap_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("events.public.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
