"""The page being shown, in each of the site's languages."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info, override


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str  # in the language itself: "English", "Русский"
    path: str  # for links on the page
    url: str  # absolute, for hreflang
    is_current: bool


@dataclass(frozen=True)
class PageLanguages:
    versions: list
    # False where the address has no version in the other languages: a URL no
    # pattern matches, or a page outside i18n_patterns (e.g. the admin).
    same_page: bool

    @property
    def default(self):
        """The version for x-default: the site's default language."""
        return next(v for v in self.versions if v.code == settings.LANGUAGE_CODE)


def page_languages(request):
    """`page_languages` for the language switcher and the hreflang links.

    Each version is the same page and query string in that language, through
    translate_url; without one, the switcher leads to that language's home page.
    Computed only when a template asks for it.
    """
    return {"page_languages": SimpleLazyObject(lambda: _page_languages(request))}


def _page_languages(request):
    path = request.get_full_path()
    current = get_language()
    urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    same_page = all(url != path for code, url in urls.items() if code != current)
    versions = []
    for code, _name in settings.LANGUAGES:
        url = urls[code]
        if not same_page and code != current:
            with override(code):
                url = reverse("events:home")
        versions.append(
            LanguageVersion(
                code=code,
                name=get_language_info(code)["name_local"],
                path=url,
                url=request.build_absolute_uri(url),
                is_current=code == current,
            )
        )
    return PageLanguages(versions=versions, same_page=same_page)
