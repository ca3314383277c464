from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accord.models import Organization
from publication.models import GroupPublication


class VerifyForm(forms.Form):
    """A PDF (read into memory, never stored) or a SHA-256."""

    file = forms.FileField(label=_("PDF file"), required=False)
    sha256 = forms.CharField(label=_("or its SHA-256"), required=False, max_length=80)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if (
            getattr(upload, "too_large", False)
            or upload.size > settings.ACCORD_PUBLIC_VERIFY_MAX_BYTES
        ):
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB: no document Accord makes is that large.")
                % {"mb": settings.ACCORD_PUBLIC_VERIFY_MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def clean_sha256(self):
        value = "".join(self.cleaned_data.get("sha256", "").split()).lower()
        if value and (len(value) != 64 or any(c not in "0123456789abcdef" for c in value)):
            raise forms.ValidationError(_("A SHA-256 is 64 hexadecimal digits."))
        return value

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not data.get("sha256"):
            raise forms.ValidationError(_("Choose a PDF file or enter a SHA-256."))
        return data


class GroupProfileForm(forms.ModelForm):
    class Meta:
        model = GroupPublication
        fields = ["slug", "about", "listed_organizations", "allow_indexing"]
        widgets = {
            "listed_organizations": forms.CheckboxSelectMultiple,
            "about": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listed_organizations"].queryset = Organization.objects.filter(
            working_groups=group
        ).order_by("name")
        self.fields["listed_organizations"].help_text = _(
            "Only the organizations that agreed to be named on the public pages."
        )

    def validate_unique(self):
        pass  # the service says so, per field


class AnswerFlagsForm(forms.Form):
    formal_reply = forms.BooleanField(
        label=_("Formal reply (only acknowledges receipt)"), required=False
    )
    document_public = forms.BooleanField(
        label=_("Show the answer's document on the public page"), required=False
    )


class AnswerConfirmForm(forms.Form):
    outgoing_number = forms.CharField(
        label=_("Answer's outgoing number"), max_length=100, required=False
    )
    outgoing_date = forms.DateField(
        label=_("Answer's date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    signatory = forms.CharField(label=_("Signed by"), max_length=300, required=False)
