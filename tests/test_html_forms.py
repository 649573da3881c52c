"""bench/html_forms.py: what a browser posts from a form, for the test suite's
posted_by and the load tests' staff member alike."""

import pytest

from bench.html_forms import fields_posted

FORM = """
<form id="other"><input name="elsewhere" value="no"></form>
<form id="edit" method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="t0ken">
  <input name="title" value="Academy">
  <input type="TEXT" name="city">
  <input name="locked" value="x" disabled>
  <fieldset disabled><input name="inside" value="y"></fieldset>
  <input type="checkbox" name="published" checked>
  <input type="checkbox" name="tags" value="a" checked>
  <input type="checkbox" name="tags" value="b">
  <input type="checkbox" name="tags" value="c" checked>
  <input type="radio" name="kind" value="talk">
  <input type="radio" name="kind" value="session" checked>
  <select name="country">
    <option value="">---</option><option value="am">AM</option>
  </select>
  <select name="status">
    <option value="d">D</option><option selected>live</option>
  </select>
  <select name="speakers" multiple><option value="1">1</option></select>
  <textarea name="summary">
First line</textarea>
  <input type="file" name="photo">
  <input type="submit" name="_save" value="Save">
</form>
"""


def test_fields_posted_are_what_a_browser_posts():
    assert fields_posted(FORM, "form#edit") == {
        "csrfmiddlewaretoken": "t0ken",
        "title": "Academy",
        "city": "",
        "published": ["on"],
        "tags": ["a", "c"],
        "kind": ["session"],
        "country": "",
        "status": "live",
        "speakers": [],
        "summary": "First line",
    }


def test_fields_posted_without_the_form_says_so():
    with pytest.raises(ValueError, match="no form 'form#missing' on the page"):
        fields_posted(FORM, "form#missing")
