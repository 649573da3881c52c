"""Playwright driving Debian's chromium against pytest-django's live server."""

import os
from contextlib import contextmanager

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make to arrange data are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@contextmanager
def page_in_new_context(browser, **options):
    """A page in a browser context of its own, made with `options`, closed after."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def page(browser):
    with page_in_new_context(browser, viewport={"width": 1280, "height": 900}) as page:
        yield page


@pytest.fixture
def phone_page(browser):
    """A 360 px wide phone screen."""
    with page_in_new_context(
        browser, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    ) as page:
        yield page


@pytest.fixture
def page_without_javascript(browser):
    with page_in_new_context(browser, java_script_enabled=False) as page:
        yield page


def follow(locator):
    """Click a link or button that loads a page, and wait until it has loaded:
    the click waits only for the new page to begin, and reads that do not
    wait (all_inner_texts, count, evaluate) would see part of it."""
    locator.click()
    locator.page.wait_for_load_state()


def show_folded(page, disclosure):
    """Open the <details> `disclosure` (a selector) where a phone folds it,
    as a visitor taps its summary; leave it open if it is."""
    summary = page.locator(f"{disclosure} > summary")
    # The list may still be loading after the click that led to it, and
    # is_visible() does not wait: wait for the page and its stylesheet.
    page.wait_for_load_state()
    opened = page.locator(disclosure).get_attribute("open") is not None
    if summary.is_visible() and not opened:
        summary.click()


def show_filters(page):
    """Open a list's filters where they are folded into a disclosure (on a
    phone), as a visitor taps "Filters" before choosing; after a value was
    applied as it was ticked (static/js/filters-apply.js) they are open."""
    show_folded(page, "#filters")


def show_list_tools(page):
    """Open a list's order and downloads where a phone folds them into
    "Sort and download"."""
    show_folded(page, ".list-tools")


def tick_and_apply(checkbox, apply="Apply filters"):
    """Tick a list's filter value and apply it, as the visitor does: where
    JavaScript runs the list applies it at once (its note says so);
    otherwise they press the button `apply`."""
    page = checkbox.page
    if page.locator("#filters-apply-note").is_visible():
        follow(checkbox)
    else:
        checkbox.check()
        follow(page.get_by_role("button", name=apply))
