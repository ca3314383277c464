"""Forms of the submissions app. They validate input; services do the writing."""

from django import forms
from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from submissions.models import Recipient, SubmissionChannel
from submissions.services.letters import MAX_TEMPLATE_CHARS
from submissions.services.recipients import CSV_FIELDS


def _form_field(field: models.Field, **kwargs):
    if isinstance(field, models.URLField):
        # Officials' portals are all HTTPS; Django 6 makes this the default.
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class RecipientForm(forms.ModelForm):
    """A recipient's names and positions in both cases, body, addresses and salutation."""

    class Meta:
        model = Recipient
        fields = CSV_FIELDS
        formfield_callback = _form_field
        widgets = {
            "position": forms.Textarea(attrs={"rows": 2}),
            "position_dative": forms.Textarea(attrs={"rows": 2}),
            "postal_address": forms.TextInput(
                attrs={"placeholder": "ул. Охотный Ряд, д. 1, Москва, 103265"}
            ),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class RecipientImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma or semicolon separated, the first row names the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ACCORD_MAX_RECIPIENTS_CSV_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        return upload


# Tracking: what was sent to whom, until the answer.


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SubmissionRecordForm(forms.Form):
    channel = forms.ChoiceField(label=_("Sent by"), choices=SubmissionChannel.choices)
    sent_on = forms.DateField(label=_("Sent on"), widget=_DateInput())
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the e-reception confirmation number or the postal tracking number."),
    )


class SubmissionRegisterForm(forms.Form):
    registration_number = forms.CharField(label=_("Incoming registration number"), max_length=100)
    registered_on = forms.DateField(label=_("Registered on"), widget=_DateInput())


class SubmissionExtendForm(forms.Form):
    notice_on = forms.DateField(label=_("Date of the extension notice"), widget=_DateInput())


class SubmissionForwardForm(forms.Form):
    forwarded_to = forms.CharField(label=_("Forwarded to"), max_length=500)
    forwarded_on = forms.DateField(label=_("Forwarded on"), widget=_DateInput())


ANSWER_ACCEPT = ".pdf,.doc,.docx,.odt,.rtf,.txt,.jpg,.jpeg,.png"


class SubmissionAnswerForm(forms.Form):
    answered_on = forms.DateField(label=_("Date of the answer"), widget=_DateInput())
    summary = forms.CharField(
        label=_("Summary of the answer"), widget=forms.Textarea(attrs={"rows": 4})
    )
    file = forms.FileField(
        label=_("The answer (scan or file)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ANSWER_ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, DOC, DOCX, ODT, RTF, TXT, JPG or PNG, up to %(limit)s."
        ) % {"limit": filesizeformat(settings.ACCORD_MAX_ANSWER_UPLOAD_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit = settings.ACCORD_MAX_ANSWER_UPLOAD_BYTES
        if upload is not None and upload.size > limit:
            # Refused before the bytes are read; the service checks the bytes again.
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        return upload


class LetterTemplatesForm(forms.Form):
    """The group's default letter texts, two per kind of recipient (a bill, other proposals)."""

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = templates
        for row in templates:
            for name, label, text in (
                ("bill", _("For a draft law"), row.bill_text),
                ("proposals", _("For other proposals"), row.proposals_text),
            ):
                self.fields[f"{name}_{row.kind}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=MAX_TEMPLATE_CHARS,
                    initial=text,
                    widget=forms.Textarea(attrs={"rows": 6}),
                )

    def rows(self):
        return [
            (row, self[f"bill_{row.kind}"], self[f"proposals_{row.kind}"]) for row in self.templates
        ]
