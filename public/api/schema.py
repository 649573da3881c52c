"""The API's OpenAPI schema view."""

from django.conf import settings
from django.utils.translation import get_language
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

# {language: schema}: it describes the code, not the records, so it is the same
# until the process restarts. Generating it takes about a second.
SCHEMAS = {}


class SchemaView(SpectacularAPIView):
    """drf-spectacular's schema view, generating the schema once per language
    in each process (only for the site's languages and the default version,
    so no parameter can make the dictionary grow)."""

    def _get_schema_response(self, request):
        version = (
            self.api_version or request.version or self._get_version_parameter(request)
        )
        language = get_language()
        if version is not None or language not in dict(settings.LANGUAGES):
            return super()._get_schema_response(request)
        if language not in SCHEMAS:
            SCHEMAS[language] = super()._get_schema_response(request).data
        filename = self._get_filename(request, version)
        return Response(
            data=SCHEMAS[language],
            headers={"Content-Disposition": f'inline; filename="{filename}"'},
        )
