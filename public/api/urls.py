"""The read-only JSON API at /api/, its OpenAPI schema and its browsable docs."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .schema import SchemaView
from .views import (
    CountryViewSet,
    EventViewSet,
    OrganizationViewSet,
    PersonViewSet,
    SeriesViewSet,
    TopicViewSet,
)

app_name = "api"
SWAGGER_UI_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"

router = DefaultRouter()
router.register("events", EventViewSet, basename="event")
router.register("people", PersonViewSet, basename="person")
router.register("countries", CountryViewSet, basename="country")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("topics", TopicViewSet, basename="topic")
router.register("series", SeriesViewSet, basename="series")

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves its script as a file, so no inline script is needed.
    path(
        "docs/",
        # No OPTIONS: its metadata has no template to render in, which was a 500.
        # Swagger UI's page has one small <style> block; only its hash is allowed.
        csp_update({"style-src": [SWAGGER_UI_STYLE]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", metadata_class=None
            )
        ),
        name="docs",
    ),
]
