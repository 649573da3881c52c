"""What a browser posts from a form on an HTML page, read with BeautifulSoup.

One building block for the two clients that fill in the admin's forms: the
test suite's `posted_by(response)` (tests/helpers.py) and the load tests' staff
member (bench/admin_client.py). It lives here rather than in tests/ because
bench/ runs as plain scripts (`python bench/run.py`, sys.path is bench/) that
must not import the test package and its Django test settings; tests/ already
has the checkout on its path (pyproject's `pythonpath = ["."]`), so
`from bench.html_forms import ...` costs it nothing. It imports nothing of
ours and no Django, so either side can load it before Django is set up.
"""

from bs4 import BeautifulSoup

# Inputs a browser does not post with a plain submit (files need multipart).
UNPOSTED_INPUTS = {"file", "submit", "button", "image", "reset"}


def fields_posted(page, form_selector):
    """The fields a browser would post from the form `form_selector` (CSS)
    picks on `page` (HTML, text or bytes), as it stands: {name: value}, with
    a list for checkboxes, radios and multiple selects. Disabled fields,
    files and buttons are left out."""
    form = BeautifulSoup(page, "html.parser").select_one(form_selector)
    if form is None:
        raise ValueError(f"no form {form_selector!r} on the page")
    data = {}
    for field in form.select(
        "input[name]:enabled, select[name]:enabled, textarea[name]:enabled"
    ):
        name, kind = field["name"], field.get("type", "text").lower()
        if field.name == "textarea":
            # Browsers drop the newline that follows <textarea>.
            data[name] = field.get_text().removeprefix("\n")
        elif field.name == "select":
            options = field.select("option[selected]")
            if not (options or field.has_attr("multiple")):
                options = field.select("option")[:1]  # as a browser posts it
            chosen = [option.get("value", option.get_text()) for option in options]
            data[name] = chosen if field.has_attr("multiple") else "".join(chosen)
        elif kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif kind not in UNPOSTED_INPUTS:
            data[name] = field.get("value", "")
    return data
