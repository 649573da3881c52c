"""The form a visitor suggests a correction of a record with, and the page
that thanks them: no account, no JavaScript, and nothing they send is ever
shown on the public site (staff read it in the admin).

Bounded against abuse: each field's size (events/models/correction.py), a
field only robots fill (`homepage`, hidden from people), CORRECTIONS_PER_HOUR
per address (academy/rate_limits.py), and the CSRF check of every POST. No
e-mail is sent.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from academy.caching import never_stored
from academy.rate_limits import address_hash, wait_for_attempt
from events.corrections import record_correction
from events.models.correction import SOURCE_MAX_LENGTH, TEXT_MAX_LENGTH

from . import selectors

RATE_PERIOD = 3600  # seconds: CORRECTIONS_PER_HOUR counts within an hour
REFUSED = _("This suggestion could not be accepted.")


class CorrectionForm(forms.Form):
    wrong = forms.CharField(
        label=_("What is wrong"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 2,000 characters."),
    )
    proposed = forms.CharField(
        label=_("What it should be"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 2,000 characters."),
    )
    source_url = forms.URLField(
        label=_("Source (optional)"),
        required=False,
        max_length=SOURCE_MAX_LENGTH,
        assume_scheme="https",
        help_text=_("The address of a page that shows it, if you have one."),
    )
    # A trap for robots: hidden from people (site.css), left empty by them.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get("homepage") or self.data.get("homepage"):
            # Said no more plainly: a robot is not told what gave it away.
            raise ValidationError(REFUSED, code="refused")
        return cleaned


def wait_message(seconds):
    minutes = -(-seconds // 60)
    return ngettext(
        "You have sent as many suggestions as we take from one address in an "
        "hour. Please try again in %(minutes)d minute.",
        "You have sent as many suggestions as we take from one address in an "
        "hour. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class CorrectedRecordMixin:
    """A page about the record of `kind` at the URL's slug: 404 for a draft
    or a record that does not exist. Never kept by the page cache."""

    kind = None

    def dispatch(self, request, *args, **kwargs):
        try:
            self.record = selectors.corrected_record(
                kind=self.kind, slug=kwargs["slug"]
            )
        except ObjectDoesNotExist as error:
            raise Http404(error) from error
        return never_stored(super().dispatch(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.record, kind=self.kind, **kwargs)


class CorrectionView(CorrectedRecordMixin, FormView):
    template_name = "events/correction_form.html"
    form_class = CorrectionForm

    def form_valid(self, form):
        wait = wait_for_attempt(
            "correction",
            address_hash(self.request),
            limit=settings.CORRECTIONS_PER_HOUR,
            period=RATE_PERIOD,
        )
        if wait:
            form.add_error(None, ValidationError(wait_message(wait), code="flood"))
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        data = form.cleaned_data
        try:
            record_correction(
                record=self.record,
                wrong=data["wrong"],
                proposed=data["proposed"],
                source_url=data["source_url"],
                language=get_language(),
                sender=address_hash(self.request),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        # Sent, then shown the thanks: reloading it sends nothing again.
        namespace = self.request.resolver_match.namespace
        return redirect(
            f"{namespace}:{self.kind}-correction-sent", slug=self.record.slug
        )


class CorrectionSentView(CorrectedRecordMixin, TemplateView):
    template_name = "events/correction_sent.html"
