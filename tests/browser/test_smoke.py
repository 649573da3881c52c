from playwright.sync_api import expect


def test_home_lists_the_2015_academy(page, live_server, archive_2015):
    page.goto(live_server.url + "/")

    expect(page.get_by_role("link", name="4th CSTO Academy")).to_be_visible()
