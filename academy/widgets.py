"""Form widgets of the public pages."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def rendered_options(choices):
    """`<option>`s for (value, label) pairs, none selected."""
    return format_html_join("", '<option value="{}">{}</option>', choices)


class PrerenderedSelectMultiple(forms.SelectMultiple):
    """A multiple select whose options arrive as HTML rendered once per change
    of the list (`options_html`, from rendered_options), not through Django's
    option template for each of about 1,100 options on every request.
    `choices` still hold the pairs, for what names a chosen value."""

    options_html = ""

    def render(self, name, value, attrs=None, renderer=None):
        options = str(self.options_html)
        for chosen in self.format_value(value):
            unselected = format_html('<option value="{}">', chosen)
            selected = format_html('<option value="{}" selected>', chosen)
            options = options.replace(unselected, selected, 1)
        return format_html(
            '<select name="{}"{} multiple>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # built by format_html from escaped values
        )
